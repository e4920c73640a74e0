# Training loss along training for three initializations, at two widths of
# the hidden layer (the same data, batch order and learning rate); the
# dotted line is the target whose first crossing the report counts.
# canvas: 7 3.6
stats 'init_meta.tsv' using 1 nooutput
hidden = int(STATS_max)
stats 'init_meta.tsv' using 2 nooutput
wide = int(STATS_max)
stats 'init_meta.tsv' using 3 nooutput
target = STATS_max
stats 'init_meta.tsv' using 4 nooutput
std = STATS_max
set multiplot layout 1,2 margins 0.1,0.98,0.14,0.9 spacing 0.06,0
set logscale y
set yrange [0.002:2]
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'epoch'
set ylabel 'training loss (cross-entropy)'
set key bottom left box opaque
set title sprintf('width %d', hidden)
plot 'init.tsv' using 1:8  with lines lw 2 lc rgb '#1f5fa8' title 'default (Xavier)', \
     ''         using 1:9  with lines lw 2 lc rgb '#d0541c' dt 2 title sprintf('N(0, %g^2)', std), \
     ''         using 1:10 with lines lw 2 lc rgb '#2f7d32' dt 4 title 'PyTorch default', \
     target with lines dt 3 lw 1.5 lc rgb 'black' notitle
unset ylabel
set format y ''
set title sprintf('width %d', wide)
plot 'init.tsv' using 1:11 with lines lw 2 lc rgb '#1f5fa8' notitle, \
     ''         using 1:12 with lines lw 2 lc rgb '#d0541c' dt 2 notitle, \
     ''         using 1:13 with lines lw 2 lc rgb '#2f7d32' dt 4 notitle, \
     target with lines dt 3 lw 1.5 lc rgb 'black' title sprintf('target %g', target)
unset multiplot
