# canvas: 6.3 3.9
# The fitted curve of each width on the first data set, over its training
# points and the noise-free sine.
set multiplot layout 2,5 margins 0.06,0.99,0.09,0.94 spacing 0.025,0.13
set xrange [0:10]
set yrange [-2:2]
set xtics 5
set ytics 1
set grid lt 1 lc rgb '#dddddd' lw 1
unset key
widths = '0 1 2 3 10 50 100 300 1000'
do for [k = 1:9] {
    set title sprintf('width %s%s', word(widths, k), k == 1 ? ' (line)' : '')
    if (k % 5 == 1) { set format y '%g' } else { set format y '' }
    if (k > 5) { set format x '%g' } else { set format x '' }
    plot 'fits.tsv'  using 1:2 with lines dt 2 lw 1.5 lc rgb '#888888', \
         'train.tsv' using 1:2 with points pt 7 ps 0.45 lc rgb 'black', \
         'fits.tsv'  using 1:(column(k + 2)) with lines lw 2 lc rgb '#1f5fa8'
}
# The tenth panel holds the legend.
unset title
unset border
unset tics
unset grid
set key center center
plot NaN with lines dt 2 lw 1.5 lc rgb '#888888' title 'sin x', \
     NaN with points pt 7 ps 0.6 lc rgb 'black' title 'training points', \
     NaN with lines lw 2 lc rgb '#1f5fa8' title 'fitted'
unset multiplot
