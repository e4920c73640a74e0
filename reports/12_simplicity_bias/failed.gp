# canvas: 6.3 3.2
# Left: the failed run. Its output pre-activation p(x) at the start (and at
# the end: the same curve) is negative at every training point, so the
# output relu(p) is 0 there. Right: training MSE per epoch of the failed
# run, of a run of the same width that learns, and of a narrow run that
# dies during training (both dead runs end on the same value: the mean of
# y^2, the loss of a network that outputs 0). Epoch 0 is drawn at 0.5.
set multiplot layout 1,2 margins 0.08,0.97,0.14,0.91 spacing 0.09,0
set grid lt 1 lc rgb '#dddddd' lw 1
set xrange [-1:1]
set yrange [-0.6:1.4]
set xlabel 'x'
set title 'the failed run'
set key top left box opaque samplen 2 spacing 1.1 font ',9'
plot 0 with lines lc rgb '#555555' notitle, \
     'failed_fit.tsv' using 1:2 with lines dt 2 lw 1.5 lc rgb '#888888' title 'target', \
     'train.tsv'      using 1:2 with points pt 7 ps 0.45 lc rgb 'black' title 'training points', \
     'failed_fit.tsv' using 1:3 with lines lw 2 lc rgb '#b8321a' title 'p(x), start = end', \
     ''               using 1:5 with lines lw 3 lc rgb '#1f5fa8' title 'output relu(p(x))'
set title 'training MSE'
set logscale xy
set xrange [0.5:*]
set autoscale y
set format x '10^{%L}'
set xlabel 'epoch'
set key bottom left box opaque samplen 2 font ',9'
plot 'failed_loss.tsv' using ($1 == 0 ? 0.5 : $1):2 with lines lw 3 lc rgb '#b8321a' title 'failed (m = 50)', \
     ''                using ($1 == 0 ? 0.5 : $1):4 with linespoints lw 1.5 pt 6 ps 0.6 lc rgb '#2f7d32' title 'dies (m = 5)', \
     ''                using ($1 == 0 ? 0.5 : $1):3 with lines lw 2 lc rgb '#1f5fa8' title 'learns (m = 50)'
unset multiplot
