# Cross-entropy on the training and validation sets after each epoch.
set xlabel 'epoch'
set ylabel 'cross-entropy loss (mean over samples)'
set logscale y
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top right
plot 'curves.tsv' using 1:2 with lines lw 2 lc rgb '#1f5fa8' title 'training', \
     ''           using 1:3 with lines lw 2 lc rgb '#d0541c' dt 2 title 'validation'
