# canvas: 6.3 2.6
# Decision regions (background: the predicted class) and the training
# points: softmax regression on three blobs; logistic regression on XOR,
# with the best of all straight lines (dashed); one hidden layer on XOR.
# Font sizes in points of the PDF; the HTML page shows the SVG narrower,
# so it gets them 1.45 times larger (its base font is 13 against 10).
fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.45 * n : n)
f10 = fs(10)
f8 = fs(8)
set multiplot layout 1,3 margins 0.055,0.995,0.15,0.9 spacing 0.055,0
set size ratio -1
unset key
unset colorbox
set clip two   # draw the best line, whose two end points lie outside the square
set palette defined (0 '#f6cfc4', 1 '#c9dcef', 2 '#d3ebc8')
set cbrange [0:2]
set linetype 11 lc rgb '#b8321a'
set linetype 12 lc rgb '#1f5fa8'
set linetype 13 lc rgb '#2f7d32'
set xlabel 'x_1' offset 0,0.5 font f10
set ylabel 'x_2' offset 1.5,0 font f10
set tics font f8
set title 'blobs: softmax regression' font f10
set xrange [-2:2]
set yrange [-2:2]
set xtics 1
set ytics 1
plot 'grid_blobs.tsv' using 1:2:3 with image, \
     'blobs.tsv' using 1:($4 == 0 ? $2 : NaN):($3 + 11) with points pt 7 ps 0.25 lc variable
set xrange [-1.1:1.1]
set yrange [-1.1:1.1]
set xtics 0.5
set ytics 0.5
unset ylabel
set title 'XOR: logistic regression' font f10
plot 'grid_xor.tsv' index 0 using 1:2:3 with image, \
     'xor.tsv' using 1:($4 == 0 ? $2 : NaN):($3 + 11) with points pt 7 ps 0.25 lc variable, \
     'best_line.tsv' using 1:2 with lines dt 2 lw 2 lc rgb 'black'
set title 'XOR: one hidden layer' font f10
plot 'grid_xor.tsv' index 1 using 1:2:3 with image, \
     'xor.tsv' using 1:($4 == 0 ? $2 : NaN):($3 + 11) with points pt 7 ps 0.25 lc variable
unset multiplot
