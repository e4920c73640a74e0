# canvas: 6.5 3.4
# The probability of the ring class over the plane after training on the
# same small training set (draw 0), without (left) and with (right) random turns of
# the points at every epoch. Red: disc (class 0), blue: ring (class 1); the
# black line is where the network is undecided (probability 1/2), the dashed
# circle of radius 0.6 lies in the middle of the gap between the classes.
set multiplot layout 1,2 margins 0.07,0.86,0.13,0.92 spacing 0.04,0
set size ratio -1
set xrange [-1.6:1.6]
set yrange [-1.6:1.6]
set xtics 1
set ytics 1
set palette defined (0 '#e8a392', 0.5 '#f7f7f7', 1 '#8fb4dc')
set cbrange [0:1]
unset colorbox
set contour base
set cntrparam levels discrete 0.5
set view map
unset surface
set xyplane 0
set xlabel 'x_1'
unset key
set table $contour1
splot 'regions.tsv' using 1:2:3 with lines
unset table
set table $contour2
splot 'regions.tsv' using 1:2:4 with lines
unset table
unset contour
unset view
set surface
set samples 200
set title 'without augmentation'
set ylabel 'x_2'
plot 'regions.tsv' using 1:2:3 with image, \
     $contour1 using 1:2 with lines lw 2 lc rgb 'black', \
     [0:2*pi] '+' using (0.6 * cos($1)):(0.6 * sin($1)) with lines dt 2 lw 1.2 lc rgb '#444444', \
     'data.tsv' using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 0.8 lc rgb '#b8321a', \
     ''         using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.8 lc rgb '#1f5fa8'
set title 'with random turns'
unset ylabel
set format y ''
set colorbox user origin 0.885, 0.2 size 0.025, 0.6
set cbtics 0.5
set cblabel 'P(ring)'
plot 'regions.tsv' using 1:2:4 with image, \
     $contour2 using 1:2 with lines lw 2 lc rgb 'black', \
     [0:2*pi] '+' using (0.6 * cos($1)):(0.6 * sin($1)) with lines dt 2 lw 1.2 lc rgb '#444444', \
     'data.tsv' using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 0.8 lc rgb '#b8321a', \
     ''         using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.8 lc rgb '#1f5fa8'
unset multiplot
