# canvas: 6.3 2.8
# The 3-5-4 networks after training: every restart (thin), the one with the
# median test error (thick), the training points and sin(2 pi x) (dashed).
set multiplot layout 1,2 margins 0.08,0.99,0.16,0.91 spacing 0.04,0
set xrange [0:1]
set yrange [-1.8:1.8]
set xtics 0.25
set ytics 1
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'x'
unset key
stats 'c6_fits.tsv' using 1 nooutput
restarts = (STATS_columns - 4) / 2
set title 'ReLU 3-5-4'
plot for [k = 0:restarts - 1] 'c6_fits.tsv' using 1:(column(5 + k)) every 4 with lines lw 0.6 lc rgb '#a6cfa8', \
     'c6_fits.tsv' using 1:2 with lines dt 2 lw 1.5 lc rgb '#555555', \
     'data.tsv' using 1:2 with points pt 7 ps 0.5 lc rgb 'black', \
     'c6_fits.tsv' using 1:3 with lines lw 2.5 lc rgb '#2f7d32'
set title 'sigmoid 3-5-4'
set format y ''
plot for [k = 0:restarts - 1] 'c6_fits.tsv' using 1:(column(5 + restarts + k)) every 4 with lines lw 0.6 lc rgb '#e8a898', \
     'c6_fits.tsv' using 1:2 with lines dt 2 lw 1.5 lc rgb '#555555', \
     'data.tsv' using 1:2 with points pt 7 ps 0.5 lc rgb 'black', \
     'c6_fits.tsv' using 1:4 with lines lw 2.5 lc rgb '#b8321a'
unset multiplot
