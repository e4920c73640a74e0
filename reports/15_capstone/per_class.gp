# Accuracy of the final model for each class, on the test images (bars) and
# on the validation images (points).
# canvas: 5.5 3.4
set datafile separator '\t'
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set yrange [0.5:1]
set ylabel 'fraction of the class predicted right'
set grid ytics lt 1 lc rgb '#dddddd' lw 1
set xtics rotate by 30 right nomirror
set key outside top center horizontal
set xrange [-0.6:9.6]
plot 'per_class.tsv' using 1:3:xtic(2) with boxes lc rgb '#1f5fa8' title 'test', \
     ''              using 1:4 with points pt 7 ps 1 lc rgb '#d0541c' title 'validation'
