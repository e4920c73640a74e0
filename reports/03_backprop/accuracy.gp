# Classification accuracy on the training and validation sets after each epoch.
set xlabel 'epoch'
set ylabel 'accuracy (%)'
set yrange [*:100]
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom right
plot 'curves.tsv' using 1:4 with lines lw 2 lc rgb '#1f5fa8' title 'training', \
     ''           using 1:5 with lines lw 2 lc rgb '#d0541c' dt 2 title 'validation'
