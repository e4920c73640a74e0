# The final model's learning curves: loss (top) and accuracy (bottom) after
# each epoch, on 5000 training images scored in evaluation mode (solid) and
# on the validation images (dashed); the running training loss of each
# epoch, in training mode, dotted.
# canvas: 5.5 5.6
stats 'final_curves.tsv' using 1 nooutput
n_epochs = STATS_max
set multiplot layout 2,1 margins 0.13,0.97,0.09,0.9 spacing 0,0.1
set grid lt 1 lc rgb '#dddddd' lw 1
set xrange [1:(n_epochs > 1 ? n_epochs : 2)]
x_step = n_epochs > 10 ? 2 : 1
set xtics x_step
set key at screen 0.55,0.985 center top horizontal maxrows 1 width -1 samplen 2.5
set ylabel 'cross-entropy loss'
set yrange [0:*]
plot 'final_curves.tsv' using 1:4 with lines lw 2 lc rgb '#1f5fa8' title 'training images', \
     ''                 using 1:6 with lines lw 2 dt 2 lc rgb '#d0541c' title 'validation images', \
     ''                 using 1:3 with lines lw 1.5 dt 3 lc rgb '#444444' title 'running, in training'
unset key
set xlabel 'epoch'
set ylabel 'accuracy'
set yrange [*:1]
plot 'final_curves.tsv' using 1:5 with lines lw 2 lc rgb '#1f5fa8', \
     ''                 using 1:7 with lines lw 2 dt 2 lc rgb '#d0541c'
unset multiplot
