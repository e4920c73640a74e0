# Training and test error along training on the first data set, for four
# widths.
set logscale xy
set xlabel 'epoch (one full-batch Adam step)'
set ylabel 'mean squared error'
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left maxrows 4 width -2 box opaque
set xrange [50:*]
set yrange [0.005:*]
set autoscale xfixmax
plot 'history.tsv' using 1:6  with lines lw 2 lc rgb '#2f7d32' title 'width 2, training', \
     ''            using 1:10 with lines lw 2 lc rgb '#1f5fa8' title 'width 10, training', \
     ''            using 1:14 with lines lw 2 lc rgb '#b8321a' title 'width 100, training', \
     ''            using 1:18 with lines lw 2 lc rgb '#7b3294' title 'width 1000, training', \
     ''            using 1:7  with lines lw 2 dt 2 lc rgb '#2f7d32' title 'width 2, test', \
     ''            using 1:11 with lines lw 2 dt 2 lc rgb '#1f5fa8' title 'width 10, test', \
     ''            using 1:15 with lines lw 2 dt 2 lc rgb '#b8321a' title 'width 100, test', \
     ''            using 1:19 with lines lw 2 dt 2 lc rgb '#7b3294' title 'width 1000, test'
