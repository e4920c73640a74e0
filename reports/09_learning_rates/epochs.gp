# canvas: 6.5 3.3
# Left: epochs to reach the target loss against the learning rate (median
# over the repetitions); when most runs never reach it within the budget the
# rate is drawn as an open marker on the dotted "never" line. Right: the
# final loss (mean over the last epochs, median over the repetitions); below
# the dashed target line a rate "works". Missing points diverged.
stats 'sweep.tsv' using 10 nooutput
budget = STATS_max
set multiplot layout 1,2 margins 0.1,0.98,0.15,0.97 spacing 0.1,0
set logscale x
set logscale y
set format x '10^{%L}'
set format y '10^{%L}'
set xrange [5e-5:2]
set xlabel 'learning rate'
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'epochs to reach the target'
set format y '%g'
set yrange [5:2 * budget]
set key bottom left samplen 1.5 opaque
set label 1 'never' at 6e-5, 1.3 * budget left font ',10' tc rgb '#555555'
set arrow 1 from 5e-5, budget to 2, budget nohead dt 3 lc rgb '#888888'
plot 'sweep.tsv' using 1:2 with linespoints lw 2 pt 7 ps 1.1 lc rgb '#1f5fa8' title 'SGD', \
     ''          using 1:3 with points pt 6 ps 1.4 lw 1.5 lc rgb '#1f5fa8' notitle, \
     ''          using 1:4 with linespoints lw 2 pt 5 ps 1.0 lc rgb '#d0541c' title 'Adam', \
     ''          using 1:5 with points pt 4 ps 1.3 lw 1.5 lc rgb '#d0541c' notitle
unset label 1
unset arrow 1
set ylabel 'final training loss'
set format y '10^{%L}'
set yrange [1e-4:3]
unset key
plot 'sweep.tsv' using 1:6 with linespoints lw 2 pt 7 ps 1.1 lc rgb '#1f5fa8' title 'SGD', \
     ''          using 1:7 with linespoints lw 2 pt 5 ps 1.0 lc rgb '#d0541c' title 'Adam', \
     0.1 with lines dt 2 lw 1.2 lc rgb 'black' title 'target'
unset multiplot
