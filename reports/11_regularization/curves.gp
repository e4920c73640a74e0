# Training and validation loss of the overfitting case (draw 0), over all
# epochs of the long run. The early-stopping run is this run cut short: it
# keeps the weights of the best epoch (solid line) and stops `patience`
# epochs later (dashed line), the shaded stretch.
stats 'marks.tsv' using 1 nooutput
best = STATS_min
stats 'marks.tsv' using 2 nooutput
stop = STATS_min
set logscale x
set logscale y
set format y '%g'
set xrange [1:*]
set autoscale xfixmax
set yrange [*:*]
set xlabel 'epoch'
set ylabel 'cross-entropy loss'
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left opaque samplen 2
set object 1 rectangle from best, graph 0 to stop, graph 1 fc rgb '#fde9c9' fs solid 1.0 noborder behind
set arrow 1 from best, graph 0 to best, graph 1 nohead lw 1.5 lc rgb '#444444'
set arrow 2 from stop, graph 0 to stop, graph 1 nohead lw 1.5 dt 2 lc rgb '#444444'
set label 1 'best' at best, graph 0.95 right offset -0.5, 0 font ',10'
set label 2 'stop' at stop, graph 0.95 left offset 0.5, 0 font ',10'
plot 'curves.tsv' using 1:2 with lines lw 2 lc rgb '#1f5fa8' title 'training', \
     ''           using 1:3 with lines lw 2 lc rgb '#d0541c' title 'validation', \
     NaN with boxes fs solid 1.0 fc rgb '#fde9c9' title 'patience'
