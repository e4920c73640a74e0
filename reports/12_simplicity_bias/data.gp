# The target g (a piecewise-linear function), the training points the
# networks see, and some of the test points they are judged on.
set xrange [-1:1]
set yrange [-0.3:1.3]
set xlabel 'x'
set ylabel 'y'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top left box opaque
plot 'test.tsv'  every 4 using 1:2 with points pt 7 ps 0.25 lc rgb '#bbbbbb' title 'test points (1 in 4)', \
     'fits.tsv'  using 1:2 with lines lw 2 lc rgb 'black' title 'target g(x)', \
     'train.tsv' using 1:2 with points pt 7 ps 0.8 lc rgb '#d0541c' title 'training points'
