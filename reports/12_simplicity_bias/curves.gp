# Training (solid) and test (dashed) MSE along training, on the first data
# set, for three widths. Epoch 0 is drawn at 0.5 on the log axis.
set logscale xy
set xlabel 'epoch (one pass over the 20 points, one SGD step per point)'
set ylabel 'mean squared error'
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left maxrows 3 width -2 box opaque
set xrange [0.5:*]
set yrange [0.002:*]
set format x '10^{%L}'
plot 'curves.tsv' using ($1 == 0 ? 0.5 : $1):2  with lines lw 2 lc rgb '#2f7d32' title 'm = 5, training', \
     ''           using ($1 == 0 ? 0.5 : $1):8  with lines lw 2 lc rgb '#1f5fa8' title 'm = 50, training', \
     ''           using ($1 == 0 ? 0.5 : $1):16 with lines lw 2 lc rgb '#b8321a' title 'm = 1000, training', \
     ''           using ($1 == 0 ? 0.5 : $1):3  with lines lw 2 dt 2 lc rgb '#2f7d32' title 'm = 5, test', \
     ''           using ($1 == 0 ? 0.5 : $1):9  with lines lw 2 dt 2 lc rgb '#1f5fa8' title 'm = 50, test', \
     ''           using ($1 == 0 ? 0.5 : $1):17 with lines lw 2 dt 2 lc rgb '#b8321a' title 'm = 1000, test'
