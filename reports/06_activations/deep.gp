# Training MSE of the deep networks (10 hidden layers of 32 units, plain
# SGD) after each epoch: median over the restarts (thick) and each restart
# (thin); the dotted lines are Var y and the noise variance.
set logscale y
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'epoch'
set ylabel 'training MSE'
set yrange [0.01:2]
set xrange [0:*]
set autoscale xfixmax
set key top right
stats 'deep.tsv' using 1 nooutput
restarts = (STATS_columns - 4) / 3
plot for [k = 0:restarts - 1] 'deep.tsv' using 1:(column(5 + k)) every 3 with lines lw 0.6 lc rgb '#e8a898' notitle, \
     for [k = 0:restarts - 1] 'deep.tsv' using 1:(column(5 + restarts + k)) every 3 with lines lw 0.6 lc rgb '#9cb8dc' notitle, \
     for [k = 0:restarts - 1] 'deep.tsv' using 1:(column(5 + 2 * restarts + k)) every 3 with lines lw 0.6 lc rgb '#a6cfa8' notitle, \
     'deep.tsv' using 1:2 every 3 with lines lw 2.5 lc rgb '#b8321a' title 'sigmoid', \
     ''         using 1:3 every 3 with lines lw 2.5 lc rgb '#1f5fa8' title 'tanh', \
     ''         using 1:4 every 3 with lines lw 2.5 lc rgb '#2f7d32' title 'ReLU', \
     'vars.tsv' using 1:2 with lines dt 3 lw 1.5 lc rgb 'black' title 'Var y', \
     ''         using 1:3 with lines dt 2 lw 1.5 lc rgb '#666666' title 'noise variance'
