# canvas: 6.3 3.6
# Width 2 on the first data set, trained from eight initializations, sorted
# by final training error (the title of each panel).
stats 'restart_errors.tsv' using 3 nooutput
n = STATS_records
set multiplot layout 2,4 margins 0.06,0.99,0.09,0.93 spacing 0.025,0.14
set xrange [0:10]
set yrange [-2:2]
set xtics 5
set ytics 1
set grid lt 1 lc rgb '#dddddd' lw 1
unset key
do for [k = 1:n] {
    stats 'restart_errors.tsv' every ::(k - 1)::(k - 1) using 3 nooutput
    set title sprintf('(%c) training MSE %.3f', 96 + k, STATS_min)
    if (k % 4 == 1) { set format y '%g' } else { set format y '' }
    if (k > 4) { set format x '%g' } else { set format x '' }
    plot 'restarts.tsv' using 1:2 with lines dt 2 lw 1.5 lc rgb '#888888', \
         'train.tsv'    using 1:2 with points pt 7 ps 0.45 lc rgb 'black', \
         'restarts.tsv' using 1:(column(k + 2)) with lines lw 2 lc rgb '#1f5fa8'
}
unset multiplot
