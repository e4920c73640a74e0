# canvas: 3.4 3.7
# The training set of repetition 0: the two spiral arms.
set size ratio -1
set xrange [-1.1:1.1]
set yrange [-1.1:1.1]
set xtics 1
set ytics 1
set xlabel 'x_1'
set ylabel 'x_2'
set key outside top center horizontal samplen 1
plot 'data.tsv' using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 0.45 lc rgb '#b8321a' title 'class 0', \
     ''         using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.45 lc rgb '#1f5fa8' title 'class 1'
