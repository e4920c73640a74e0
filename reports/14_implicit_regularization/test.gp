# canvas: 6.3 3.0
# Test MSE against the three measures: one point per run, coloured by the
# learning rate; the runs of one data set are joined by a thin line.
stats 'runs.tsv' using 1 nooutput
nb = STATS_blocks
set linetype 11 lc rgb '#2f7d32'
set linetype 12 lc rgb '#1f5fa8'
set linetype 13 lc rgb '#d0541c'
set linetype 14 lc rgb '#7b2a8c'
stats 'summary.tsv' using 1 nooutput
nlr = STATS_records
lrs = ''
do for [i = 0:nlr - 1] { stats 'summary.tsv' every ::i::i using 1 nooutput; lrs = lrs . sprintf(' %g', STATS_min) }
set multiplot layout 1,3 margins 0.1,0.97,0.17,0.86 spacing 0.04,0
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'test MSE'
set xlabel 'flatness'
set xtics 1000 font ',9'
set key horizontal maxcols 4 maxrows 1 at screen 0.5, screen 0.995 center top title 'learning rate' font ',9' samplen 1
plot for [i = 0:nb - 1] 'runs.tsv' index i using 8:9 with lines lw 0.8 lc rgb '#cccccc' notitle, \
     for [i = 0:nb - 1] 'runs.tsv' index i using 8:9:(11 + $11) with points pt 7 ps 0.6 lc variable notitle, \
     for [k = 1:nlr] NaN with points pt 7 lt 10 + k title word(lrs, k)
unset key
unset ylabel
set format y ''
set logscale x
set format x '10^{%L}'
set xtics 10 font ',9'
set xlabel '||∇J||^2'
plot for [i = 0:nb - 1] 'runs.tsv' index i using 6:9 with lines lw 0.8 lc rgb '#cccccc', \
     for [i = 0:nb - 1] 'runs.tsv' index i using 6:9:(11 + $11) with points pt 7 ps 0.6 lc variable
set xlabel 'mini-batch variance'
plot for [i = 0:nb - 1] 'runs.tsv' index i using 7:9 with lines lw 0.8 lc rgb '#cccccc', \
     for [i = 0:nb - 1] 'runs.tsv' index i using 7:9:(11 + $11) with points pt 7 ps 0.6 lc variable
unset multiplot
