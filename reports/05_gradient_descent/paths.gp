# canvas: 6.3 2.5
# The paths of full-batch GD, mini-batch SGD and online SGD over the contour
# lines of the loss, for the same number of epochs from the same start.
set contour base
set cntrparam levels discrete 0.01, 0.03, 0.1, 0.3, 1, 3, 10
unset surface
set view map
set table $contours
splot 'contours.tsv' using 1:2:3 with lines notitle
unset table
unset contour
set multiplot layout 1,3 margins 0.08,0.99,0.17,0.90 spacing 0.03,0
set xrange [-1.5:3]
set yrange [-2.5:2.5]
set size ratio -1
set xtics 1
set ytics 1
set xlabel 'w'
unset key
colors = "#1f5fa8 #2f7d32 #b8321a"
do for [k = 0:2] {
    set title (k == 0 ? 'GD (B = N)' : k == 1 ? 'mini-batch (B = 10)' : 'online (B = 1)')
    if (k == 0) { set ylabel 'b'; set format y '%g' } else { unset ylabel; set format y '' }
    plot $contours using 1:2 with lines lw 0.8 lc rgb '#bbbbbb', \
         'paths.tsv' index k using 2:3 with lines lw (k == 2 ? 0.6 : 1.2) lc rgb word(colors, k + 1), \
         'paths.tsv' index k every ::0::0 using 2:3 with points pt 7 ps 0.8 lc rgb 'black', \
         'minimum.tsv' using 1:2 with points pt 2 ps 1.2 lw 2 lc rgb 'black'
}
unset multiplot
