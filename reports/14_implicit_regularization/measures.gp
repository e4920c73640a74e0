# canvas: 6.3 2.8
# Against the learning rate, at the end of training (means over the
# measuring epochs): the flatness measure, the full-gradient norm
# ||grad J||^2 and the mini-batch gradient variance. Thin grey lines: one
# data set each; thick: the median over the data sets.
stats 'runs.tsv' using 1 nooutput
nb = STATS_blocks
set multiplot layout 1,3 margins 0.09,0.99,0.17,0.9 spacing 0.09,0
set logscale x 2
set xtics (0.02, 0.04, 0.08, 0.16) font ',8'
set xrange [0.017:0.19]
set grid lt 1 lc rgb '#dddddd' lw 1
set logscale y
set format y '10^{%L}'
set xlabel 'learning rate'
unset key
set title 'flatness (mean ||∂f/∂θ||^2)' font ',10'
unset logscale y
set format y '%g'
plot for [i = 0:nb - 1] 'runs.tsv' index i using 2:8 with linespoints lw 1 pt 7 ps 0.3 lc rgb '#aaaaaa', \
     'summary.tsv' using 1:6 with linespoints lw 2.5 pt 7 ps 0.6 lc rgb '#1f5fa8'
set logscale y
set format y '10^{%L}'
set title '||∇J||^2 (full data)' font ',10'
plot for [i = 0:nb - 1] 'runs.tsv' index i using 2:6 with linespoints lw 1 pt 7 ps 0.3 lc rgb '#aaaaaa', \
     'summary.tsv' using 1:4 with linespoints lw 2.5 pt 7 ps 0.6 lc rgb '#b8321a'
set title 'mini-batch variance' font ',10'
plot for [i = 0:nb - 1] 'runs.tsv' index i using 2:7 with linespoints lw 1 pt 7 ps 0.3 lc rgb '#aaaaaa', \
     'summary.tsv' using 1:5 with linespoints lw 2.5 pt 7 ps 0.6 lc rgb '#2f7d32'
unset multiplot
