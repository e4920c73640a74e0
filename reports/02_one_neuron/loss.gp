# canvas: 6.3 2.9
# The same sigmoid neuron trained by full-batch gradient descent on
# cross-entropy (solid) and on squared error (dashed), from w = 0 and from a
# confidently wrong w (curves.tsv). Left: each run's own training loss;
# right: its training accuracy.
# Font sizes in points of the PDF; the SVG's base font is 13 against the
# PDF's 10, so it gets them 1.3 times larger.
fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.3 * n : n)
f8 = fs(8)
set multiplot layout 1,2 margins 0.1,0.975,0.16,0.97 spacing 0.1,0
set logscale x
set xrange [1:*]
set format x '10^{%L}'
set xlabel 'epoch'
set grid lt 1 lc rgb '#dddddd' lw 1
set logscale y
set format y '10^{%L}'
set ylabel 'training loss (its own)'
set key bottom left font f8 samplen 2.5 spacing 0.9
plot 'curves.tsv' using 1:2 with lines lw 2 lc rgb '#1f5fa8' title 'cross-entropy, w = 0', \
     ''           using 1:4 with lines lw 2 lc rgb '#b8321a' title 'cross-entropy, wrong w', \
     ''           using 1:6 with lines lw 2 dt 2 lc rgb '#1f5fa8' title 'squared error, w = 0', \
     ''           using 1:8 with lines lw 2 dt 2 lc rgb '#b8321a' title 'squared error, wrong w'
unset logscale y
set format y '%g'
set yrange [0:1]
set ylabel 'training accuracy'
unset key
plot 'curves.tsv' using 1:3 with lines lw 2 lc rgb '#1f5fa8', \
     ''           using 1:5 with lines lw 2 lc rgb '#b8321a', \
     ''           using 1:7 with lines lw 2 dt 2 lc rgb '#1f5fa8', \
     ''           using 1:9 with lines lw 2 dt 2 lc rgb '#b8321a'
unset multiplot
