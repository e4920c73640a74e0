# Training and test MSE of every 3-5-4 restart; open circles are ReLU
# networks with a whole hidden layer dead (their output is a constant).
set logscale y
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'mean squared error'
set xrange [-0.6:3.6]
jit(r) = (r - 10) * 0.015
set xtics ('ReLU, training' 0, 'ReLU, test' 1, 'sigmoid, training' 2, 'sigmoid, test' 3)
set key top right
plot 'c6_runs.tsv' using ($1 * 2 + 0 + jit($2)):($1 == 0 && $7 == 0 ? $3 : NaN) with points pt 7 ps 0.6 lc rgb '#2f7d32' notitle, \
     ''            using ($1 * 2 + 1 + jit($2)):($1 == 0 && $7 == 0 ? $4 : NaN) with points pt 7 ps 0.6 lc rgb '#2f7d32' notitle, \
     ''            using ($1 * 2 + 0 + jit($2)):($1 == 0 && $7 == 1 ? $3 : NaN) with points pt 6 ps 0.9 lc rgb '#2f7d32' title 'ReLU, a whole layer dead', \
     ''            using ($1 * 2 + 1 + jit($2)):($1 == 0 && $7 == 1 ? $4 : NaN) with points pt 6 ps 0.9 lc rgb '#2f7d32' notitle, \
     ''            using ($1 * 2 + 0 + jit($2)):($1 == 1 ? $3 : NaN) with points pt 7 ps 0.6 lc rgb '#b8321a' notitle, \
     ''            using ($1 * 2 + 1 + jit($2)):($1 == 1 ? $4 : NaN) with points pt 7 ps 0.6 lc rgb '#b8321a' notitle, \
     'c6_medians.tsv' using 1:2:(0.3) with xerrorbars pt 0 lw 2 lc rgb 'black' title 'median'
