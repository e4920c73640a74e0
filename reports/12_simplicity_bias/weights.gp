# How far the weights moved during training, relative to where they started
# (median over data sets): ||w_h(end) - w_h(0)|| / ||w_h(0)||, and the same
# for theta.
set logscale xy
set xlabel 'hidden units m'
set ylabel 'relative change during training'
set xrange [3.5:1400]
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left box opaque
plot 'errors.tsv' using 1:7 with linespoints lw 2 pt 7 lc rgb '#2f7d32' title 'output weights θ', \
     ''           using 1:6 with linespoints lw 2 pt 5 lc rgb '#7b3294' title 'hidden weights w_h'
