# ||w|| along full-batch gradient descent on logistic regression
# (norms.tsv): on the overlapping blobs from zero and from five random
# starts (thin lines, which end at the same value), and on the separable
# blobs from zero (thick line, which keeps growing).
# Font sizes in points of the PDF; the SVG's base font is 13 against the
# PDF's 10, so it gets them 1.3 times larger.
fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.3 * n : n)
f9 = fs(9)
set logscale x
set xrange [1:*]
set format x '10^{%L}'
set xlabel 'epoch'
set ylabel '‖w‖'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top left font f9
plot 'norms.tsv' using 1:2 with lines lw 2 lc rgb '#1f5fa8' title 'overlapping classes, from w = 0', \
     for [k = 3:7] '' using 1:k with lines lw 1 lc rgb '#7fa7d4' title (k == 3 ? 'overlapping classes, random starts' : ''), \
     '' using 1:8 with lines lw 2.5 lc rgb '#b8321a' title 'separable classes, from w = 0'
