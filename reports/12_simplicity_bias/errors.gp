# Training and test MSE against the width: the median over the data sets
# (lines) and every run (open circles). The dotted line is the noise
# variance; the vertical line marks m = n.
set logscale xy
set xlabel 'hidden units m'
set ylabel 'mean squared error'
set xrange [3.5:1400]
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left box opaque
set arrow from 20, graph 0 to 20, graph 1 nohead dt 4 lc rgb '#555555'
set label 'm = n' at 21, graph 0.93 left textcolor rgb '#555555'
plot 'runs.tsv'   using ($1 * 0.93):4 with points pt 6 ps 0.6 lc rgb '#1f5fa8' notitle, \
     ''           using ($1 * 1.07):5 with points pt 6 ps 0.6 lc rgb '#d0541c' notitle, \
     'errors.tsv' using 1:3 with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'training (median)', \
     ''           using 1:4 with linespoints lw 2 pt 7 dt 2 lc rgb '#d0541c' title 'test (median)', \
     ''           using 1:5 with lines dt 3 lw 1.5 lc rgb 'black' title 'noise variance'
