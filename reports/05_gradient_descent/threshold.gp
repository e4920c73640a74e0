# Full-batch gradient descent (mlp_train_epoch with B = N) just below and
# just above the threshold 2 / lambda_max.
set logscale y
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'step'
set ylabel 'L(w, b) - L_{min}'
set key top left
plot 'threshold.tsv' using 1:2 with lines lw 2 lc rgb '#1f5fa8' title 'lr = 0.99 · 2/λ_{max}', \
     ''              using 1:3 with lines lw 2 lc rgb '#b8321a' title 'lr = 1.01 · 2/λ_{max}'
