# canvas: 5.5 4.2
# Second differences f(x - h) - 2 f(x) + f(x + h) on the grid of 10001 points
# of [0, 1], for the two networks drawn thick in the previous figure.
set multiplot layout 2,1 margins 0.14,0.97,0.11,0.97 spacing 0,0.08
set xrange [0:1]
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'f(x)'
set format x ''
set key bottom left
plot 'c6_fits.tsv' using 1:3 with lines lw 2 lc rgb '#2f7d32' title 'ReLU network', \
     ''            using 1:4 every 4 with lines lw 2 lc rgb '#b8321a' title 'sigmoid network'
set format x '%g'
set xlabel 'x'
set ylabel '|second difference|'
set logscale y
set format y '10^{%L}'
set yrange [1e-18:1e-2]
unset key
set ytics 1e-16, 1e4
set arrow 1 from 0,1e-9 to 1,1e-9 nohead dt 2 lc rgb 'black'
set label 1 'tolerance' at 0.005,1e-10 front
# (every 8th point of the smooth sigmoid curve and of the rounding noise: enough to see them)
plot 'kinks.tsv' using 1:3 every 8 with lines lw 1 lc rgb '#b8321a' notitle, \
     ''          using 1:2 every 8 with points pt 7 ps 0.15 lc rgb '#2f7d32' notitle, \
     ''          using 1:($2 > 1e-9 ? $2 : NaN) with points pt 7 ps 0.7 lc rgb '#2f7d32' notitle
unset multiplot
