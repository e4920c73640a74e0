# canvas: 6.3 1.95
# Decision regions of one hidden layer of 1, 2, 4 and 16 tanh units on two
# classes, a disc (class 0) inside a ring (class 1); the dots are the
# training points.
set multiplot layout 1,4 margins 0.05,0.99,0.08,0.88 spacing 0.015,0
set size ratio -1
set xrange [-1.5:1.5]
set yrange [-1.5:1.5]
set palette defined (0 '#f6cfc4', 1 '#c9dcef')
set cbrange [0:1]
unset colorbox
unset key
set xtics 1 format ''
set ytics 1 format ''
ws = '1 2 4 16'
do for [k = 1:4] {
    stats 'cls_acc.tsv' every ::(k - 1)::(k - 1) using 2 nooutput
    set title sprintf('%s unit%s: %.0f%%', word(ws, k), k == 1 ? '' : 's', 100 * STATS_min)
    plot 'cls_grid.tsv' using 1:2:(column(k + 2)) with image, \
         'cls_data.tsv' using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 0.3 lc rgb '#b8321a', \
         ''             using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.3 lc rgb '#1f5fa8'
}
unset multiplot
