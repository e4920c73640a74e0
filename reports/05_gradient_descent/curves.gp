# canvas: 6.3 3.0
# The excess loss L - L_min of the three methods against the number of
# updates (left) and against epochs, i.e. samples seen / N (right).
set multiplot layout 1,2 margins 0.10,0.99,0.16,0.97 spacing 0.08,0
set logscale xy
set format y '10^{%L}'
set format x '10^{%L}'
set yrange [1e-9:10]
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'L(w, b) - L_{min}'
set xlabel 'updates (steps)'
unset key
plot 'curves.tsv' index 2 using 1:4 with lines lw 0.8 lc rgb '#b8321a', \
     ''           index 1 using 1:4 with lines lw 1.2 lc rgb '#2f7d32', \
     ''           index 0 using 1:4 with lines lw 2 lc rgb '#1f5fa8'
unset ylabel
set format y ''
set xlabel 'epochs (samples seen / N)'
set key bottom left
plot 'curves.tsv' index 2 using 3:4 with lines lw 0.8 lc rgb '#b8321a' title 'online (B = 1)', \
     ''           index 1 using 3:4 with lines lw 1.2 lc rgb '#2f7d32' title 'mini-batch (B = 10)', \
     ''           index 0 using 3:4 with lines lw 2 lc rgb '#1f5fa8' title 'GD (B = N)'
unset multiplot
