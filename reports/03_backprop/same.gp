# The same training four ways and in PyTorch: the loss of each epoch (top),
# and how far each way is from mlp_train_epoch (bottom; log scale, an exact
# 0 drawn on the bottom line).
# canvas: 6 5.6
set multiplot layout 2,1 margins 0.13,0.97,0.09,0.97 spacing 0,0.1
set grid lt 1 lc rgb '#dddddd' lw 1
set xrange [0:*]
set xlabel 'epoch'
set ylabel 'cross-entropy loss (mean over the epoch)'
set key top right box opaque
plot 'same.tsv' using 1:5 with lines lw 2 lc rgb '#1f5fa8' title '(d) mlp\_train\_epoch', \
     ''         using 1:2 with points pt 1 ps 1.2 lc rgb '#2f7d32' title '(a) loops for everything', \
     ''         using 1:6 with points pt 6 ps 1.3 lc rgb '#d0541c' title 'PyTorch (committed fixture)'
floor = 1e-18
set logscale y
set yrange [floor / 3:1e-12]
set format y '10^{%L}'
set ytics add ('0' floor)
set ylabel '|loss - loss of (d)|'
set key top right box opaque maxrows 2
plot 'same.tsv' using 1:($7 == 0 ? floor : $7) with linespoints pt 1 lw 1.5 lc rgb '#2f7d32' title '(a) loops', \
     ''         using 1:($8 == 0 ? floor : $8) with linespoints pt 4 ps 0.9 lw 1.5 lc rgb '#888888' title '(b) hand update', \
     ''         using 1:($9 == 0 ? floor : $9) with linespoints pt 2 ps 0.9 lw 1.5 dt 2 lc rgb 'black' title '(c) mlp\_step', \
     ''         using 1:($10 == 0 ? floor : $10) with linespoints pt 6 lw 1.5 lc rgb '#d0541c' title 'PyTorch'
unset multiplot
