# canvas: 6.3 3.9
# The function each width learned on the first data set (a run that
# learned), over the target and the training points.
set multiplot layout 2,4 margins 0.07,0.99,0.09,0.94 spacing 0.03,0.13
set xrange [-1:1]
set yrange [-0.3:1.3]
set xtics 1
set ytics 0.5
set grid lt 1 lc rgb '#dddddd' lw 1
unset key
ms = '5 10 20 50 100 200 500 1000'
do for [k = 1:8] {
    set title sprintf('m = %s', word(ms, k))
    if (k % 4 == 1) { set format y '%g' } else { set format y '' }
    if (k > 4) { set format x '%g' } else { set format x '' }
    plot 'fits.tsv'  using 1:2 with lines dt 2 lw 1.5 lc rgb '#888888', \
         'train.tsv' using 1:2 with points pt 7 ps 0.45 lc rgb 'black', \
         'fits.tsv'  using 1:(column(k + 2)) with lines lw 2 lc rgb '#1f5fa8'
}
unset multiplot
