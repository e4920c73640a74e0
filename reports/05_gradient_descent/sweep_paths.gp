# canvas: 6.3 2.2
# Full-batch gradient descent from the same start with four learning rates,
# as fractions of 2 / lambda_max: the first steps over the contour lines.
set contour base
set cntrparam levels discrete 0.01, 0.03, 0.1, 0.3, 1, 3, 10
unset surface
set view map
set table $contours
splot 'contours.tsv' using 1:2:3 with lines notitle
unset table
unset contour
set multiplot layout 1,4 margins 0.07,0.99,0.18,0.88 spacing 0.02,0
set xrange [-1.5:3]
set yrange [-2.5:2.5]
set size ratio -1
set xtics 1
set ytics 1
set xlabel 'w'
unset key
do for [k = 0:3] {
    set title (k == 0 ? 'too slow' : k == 1 ? 'good' : k == 2 ? 'oscillating' : 'divergent')
    if (k == 0) { set ylabel 'b'; set format y '%g' } else { unset ylabel; set format y '' }
    plot $contours using 1:2 with lines lw 0.8 lc rgb '#bbbbbb', \
         'sweep.tsv' index k using 2:3 with linespoints lw 1 pt 7 ps 0.25 lc rgb '#1f5fa8', \
         'sweep.tsv' index k every ::0::0 using 2:3 with points pt 7 ps 0.8 lc rgb 'black', \
         'minimum.tsv' using 1:2 with points pt 2 ps 1.2 lw 2 lc rgb 'black'
}
unset multiplot
