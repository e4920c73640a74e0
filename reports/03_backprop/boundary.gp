# canvas: 5.5 4.4
# The trained network's predicted class over the plane (background), with
# the data: filled dots are training points, open circles validation points,
# crosses test points.
set size ratio -1
set xrange [-1.3:1.3]
set yrange [-1.3:1.3]
set xlabel 'x_1'
set ylabel 'x_2'
set palette defined (0 '#f6cfc4', 1 '#c9dcef', 2 '#d3ebc8')
set cbrange [0:2]
unset colorbox
set linetype 11 lc rgb '#b8321a'
set linetype 12 lc rgb '#1f5fa8'
set linetype 13 lc rgb '#2f7d32'
set key outside right top
plot 'grid.tsv' using 1:2:3 with image notitle, \
     'data.tsv' using 1:($4 == 0 ? $2 : NaN):($3 + 11) with points pt 7 ps 0.5 lc variable notitle, \
     ''         using 1:($4 == 1 ? $2 : NaN):($3 + 11) with points pt 6 ps 0.7 lc variable notitle, \
     ''         using 1:($4 == 2 ? $2 : NaN):($3 + 11) with points pt 2 ps 0.6 lc variable notitle, \
     NaN with points pt 7 ps 0.7 lc rgb '#b8321a' title 'class 0', \
     NaN with points pt 7 ps 0.7 lc rgb '#1f5fa8' title 'class 1', \
     NaN with points pt 7 ps 0.7 lc rgb '#2f7d32' title 'class 2', \
     NaN with points pt 7 ps 0.7 lc rgb 'black' title 'training', \
     NaN with points pt 6 ps 0.9 lc rgb 'black' title 'validation', \
     NaN with points pt 2 ps 0.8 lc rgb 'black' title 'test'
