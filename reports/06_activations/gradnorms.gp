# canvas: 6.3 3.3
# Ten hidden layers of 32 units at initialization. Left: the root mean square
# of the entries of dW per layer, the median over the draws (lines) and every
# draw (dots). Right: how much each hidden layer's outputs vary over the
# training inputs (per unit, the standard deviation over the samples; the
# mean over the units; median over the draws).
set multiplot layout 1,2 margins 0.10,0.99,0.15,0.97 spacing 0.10,0
set logscale y
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'layer (11 = output)'
set ylabel 'RMS of dW entries'
set xrange [0.5:11.5]
set xtics 1
set key bottom right
stats 'gradnorms.tsv' using 1 nooutput
draws = (STATS_columns - 4) / 3
plot for [k = 0:draws - 1] 'gradnorms.tsv' using ($1 - 0.12):(column(5 + k)) with points pt 7 ps 0.3 lc rgb '#e8a898' notitle, \
     for [k = 0:draws - 1] 'gradnorms.tsv' using 1:(column(5 + draws + k)) with points pt 7 ps 0.3 lc rgb '#9cb8dc' notitle, \
     for [k = 0:draws - 1] 'gradnorms.tsv' using ($1 + 0.12):(column(5 + 2 * draws + k)) with points pt 7 ps 0.3 lc rgb '#a6cfa8' notitle, \
     'gradnorms.tsv' using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#b8321a' title 'sigmoid', \
     ''              using 1:3 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f5fa8' title 'tanh', \
     ''              using 1:4 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2f7d32' title 'ReLU'
set xlabel 'hidden layer'
set ylabel 'spread of the outputs over the inputs'
set xrange [0.5:10.5]
unset key
plot 'spread.tsv' using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#b8321a', \
     ''           using 1:3 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f5fa8', \
     ''           using 1:4 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2f7d32'
unset multiplot
