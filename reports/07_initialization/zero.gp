# Training loss of a 1 -> 8 -> 1 network on noisy sine samples, from mlp.h's
# default random initialization (solid) and from all-zero weights (dashed).
set logscale x
set xlabel 'gradient step'
set ylabel 'training MSE'
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left box opaque maxrows 4
set xrange [1:*]
set autoscale xfixmax
set yrange [0:0.8]
plot 'zero_init.tsv' using ($1+1):2 with lines lw 2 lc rgb '#2f7d32' title 'sigmoid, random', \
     ''              using ($1+1):4 with lines lw 2 lc rgb '#1f5fa8' title 'tanh, random', \
     ''              using ($1+1):6 with lines lw 2 lc rgb '#b8321a' title 'ReLU, random', \
     ''              using ($1+1):8 with lines lw 1 dt 3 lc rgb 'black' title 'Var(y): a constant', \
     ''              using ($1+1):3 with lines lw 2 dt 2 lc rgb '#2f7d32' title 'sigmoid, zero', \
     ''              using ($1+1):5 with lines lw 3 dt 2 lc rgb '#1f5fa8' title 'tanh, zero', \
     ''              using ($1+1):7 with lines lw 2 dt 4 lc rgb '#b8321a' title 'ReLU, zero'
