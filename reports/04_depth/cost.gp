# Multiplications counted in the loops (points) and the formulas (lines):
# left, against the number K of hidden layers at a fixed width; right,
# against the width L at a fixed depth (log-log). One sample.
# canvas: 7 3.6
stats 'sweep_meta.tsv' using 1 nooutput
I = STATS_max
stats 'sweep_meta.tsv' using 2 nooutput
O = STATS_max
stats 'sweep_meta.tsv' using 3 nooutput
Lk = STATS_max
stats 'sweep_meta.tsv' using 4 nooutput
Kl = STATS_max
fwd(I, K, L, O) = I*L + (K - 1)*L**2 + L*O
bwd(I, K, L, O) = I*L + 2*(K - 1)*L**2 + 2*L*O + K*L
set multiplot layout 1,2 margins 0.11,0.98,0.14,0.9 spacing 0.1,0
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'multiplications per sample'
set key top left box opaque
set title sprintf('against depth (L = %d, I = %d, O = %d)', Lk, I, O)
set xlabel 'hidden layers K'
set xrange [0.5:*]
set yrange [0:*]
set format y '%.0s%c'
plot 'cost_k.tsv' using 1:3 with points pt 7 ps 0.8 lc rgb '#d0541c' title 'backward, counted', \
     ''           using 1:2 with points pt 5 ps 0.7 lc rgb '#1f5fa8' title 'forward, counted', \
     bwd(I, x, Lk, O) with lines lw 1.5 lc rgb '#d0541c' title 'formulas', \
     fwd(I, x, Lk, O) with lines lw 1.5 lc rgb '#1f5fa8' notitle
set title sprintf('against width (K = %d)', Kl)
set xlabel 'units per hidden layer L'
set logscale xy
set xrange [3:*]
set yrange [*:*]
unset key
set format y '10^{%L}'
set format x '%g'
unset ylabel
plot 'cost_l.tsv' using 1:13 with points pt 7 ps 0.8 lc rgb '#d0541c' notitle, \
     ''           using 1:12 with points pt 5 ps 0.7 lc rgb '#1f5fa8' notitle, \
     bwd(I, Kl, x, O) with lines lw 1.5 lc rgb '#d0541c' notitle, \
     fwd(I, Kl, x, O) with lines lw 1.5 lc rgb '#1f5fa8' notitle
unset multiplot
