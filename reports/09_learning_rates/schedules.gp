# canvas: 6.5 4.6
# SGD with four learning-rate schedules: the rate of each epoch (top) and the
# training loss after it (bottom, repetition 0).
set multiplot layout 2,1 margins 0.11,0.97,0.1,0.97 spacing 0,0.08
set logscale y
set format y '10^{%L}'
set xrange [0:*]
set autoscale xfixmax
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'learning rate'
set yrange [1e-5:1]
set key bottom left horizontal samplen 1.5 opaque
plot 'schedules.tsv' using 1:2 with lines lw 2 lc rgb '#444444' title 'constant', \
     ''              using 1:3 with lines lw 2 lc rgb '#1f5fa8' title 'step', \
     ''              using 1:4 with lines lw 2 lc rgb '#d0541c' title 'cosine', \
     ''              using 1:5 with lines lw 2 lc rgb '#2f7d32' title 'cyclic'
set ylabel 'training loss'
set xlabel 'epoch'
set yrange [1e-4:1]
unset key
plot 'schedules.tsv' using 1:6 with lines lw 1.6 lc rgb '#444444' title 'constant', \
     ''              using 1:7 with lines lw 1.6 lc rgb '#1f5fa8' title 'step', \
     ''              using 1:8 with lines lw 1.6 lc rgb '#d0541c' title 'cosine', \
     ''              using 1:9 with lines lw 1.6 lc rgb '#2f7d32' title 'cyclic'
unset multiplot
