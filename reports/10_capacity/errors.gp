# Training and test error against the width of the hidden layer: the median
# over the data sets (lines) and every data set's run (open circles).
set logscale y
set xlabel 'hidden units (width)'
set ylabel 'mean squared error'
set xtics ('0' 0, '1' 1, '2' 2, '3' 3, '10' 4, '50' 5, '100' 6, '300' 7, '1000' 8)
set xrange [-0.5:8.5]
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left box opaque
plot 'runs.tsv'   using ($1 - 0.1):4 with points pt 6 ps 0.7 lc rgb '#1f5fa8' notitle, \
     ''           using ($1 + 0.1):5 with points pt 6 ps 0.7 lc rgb '#d0541c' notitle, \
     'errors.tsv' using 1:4 with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'training (median of data sets)', \
     ''           using 1:5 with linespoints lw 2 pt 7 dt 2 lc rgb '#d0541c' title 'test (median of data sets)', \
     ''           using 1:6 with lines dt 3 lw 1.5 lc rgb 'black' title 'noise variance'
