# canvas: 6.3 2.9
# The activations (left) and their derivatives (right), as mlp.h computes
# them: mlp_act_forward, and mlp_act_backward with dA = 1.
set multiplot layout 1,2 margins 0.09,0.99,0.16,0.88 spacing 0.09,0
set xrange [-6:6]
set xtics 2
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'z'
set title 'f(z)'
set yrange [-1.2:2.2]
set key top left
plot 'activations.tsv' using 1:2 every 4 with lines lw 2 lc rgb '#b8321a' title 'sigmoid', \
     ''                using 1:4 every 4 with lines lw 2 lc rgb '#1f5fa8' title 'tanh', \
     ''                using 1:6 every 4 with lines lw 2 lc rgb '#2f7d32' title 'ReLU'
set title "f'(z)"
set yrange [-0.1:1.15]
set ytics 0.25
unset key
set arrow 1 from -6,0.25 to 6,0.25 nohead dt 2 lc rgb '#b8321a'
set label 1 '1/4' at 3.6,0.31 tc rgb '#b8321a'
plot 'activations.tsv' using 1:3 every 4 with lines lw 2 lc rgb '#b8321a', \
     ''                using 1:5 every 4 with lines lw 2 lc rgb '#1f5fa8', \
     ''                using 1:($1 < 0 ? $7 : NaN) every 4 with lines lw 2 lc rgb '#2f7d32', \
     ''                using 1:($1 > 0 ? $7 : NaN) every 4 with lines lw 2 lc rgb '#2f7d32'
unset multiplot
