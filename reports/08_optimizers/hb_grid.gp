# canvas: 5.5 3.8
# Heavy ball over a grid of step sizes and momenta: steps until J stays
# below 1e-8 J0 (colour, log scale; white: never within the budget). The
# cross marks the optimal (alpha, eta) of the theory, the circle the grid's
# fewest steps (hb_marks.tsv); the bottom row (eta = 0) is gradient descent.
set xlabel 'step size α'
set ylabel 'momentum η'
set cblabel 'steps' offset 1,0
set logscale cb
set cbrange [20:5000]
set palette defined (0 '#08306b', 0.35 '#2171b5', 0.6 '#6baed6', 0.8 '#c6dbef', 1 '#f7fbff')
set xrange [0:0.3]
set yrange [-0.006:0.956]
unset key
set grid front lt 1 lc rgb '#dddddd' lw 0.5
set label 1 'never' at 0.25, 0.8 center front
plot 'hb_grid.tsv' using 1:2:($3 > 0 ? $3 : NaN) with image, \
     'hb_marks.tsv' every ::0::0 using 1:2 with points pt 2 ps 2 lw 3 lc rgb '#b8321a', \
     ''             every ::0::0 using ($1 + 0.05):($2 - 0.06):(sprintf('optimum of the theory (%d steps)', $3)) with labels left tc rgb '#b8321a', \
     ''             every ::1::1 using 1:2 with points pt 6 ps 2 lw 2 lc rgb '#e08a1e', \
     ''             every ::1::1 using ($1 + 0.05):($2 + 0.06):(sprintf('fewest on the grid (%d)', $3)) with labels left tc rgb '#e08a1e'
