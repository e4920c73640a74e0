# The most confident mistakes of the final model on the test images: each
# panel is one 28 x 28 image under its true class and, after the arrow, the
# class the network gave it with the probability it gave that class; most
# confident first.
# canvas: 5.5 5.4
set datafile separator '\t'
set multiplot layout 4,6 margins 0.005,0.995,0.005,0.995 spacing 0.008,0.008
unset key
unset tics
unset border
unset colorbox
# the picture fills y from 0 to 27; the rows above it (y < 0) hold the labels
set size ratio -1
set xrange [-0.5:27.5]
set yrange [28:-13]
set palette gray negative
set cbrange [0:1]
do for [k = 0:23] {
    plot 'mistakes.tsv' index k using 1:2:3 with image, \
         'mistakes_labels.tsv' every ::k::k using (13.5):(-6.5):(sprintf("%s\n→ %s %.2f", stringcolumn(3), stringcolumn(4), $5)) \
             with labels font ',9'
}
unset multiplot
