# The backward pass's multiplications over the forward pass's, against the
# width L, for several depths K: counted (points) and the formulas' ratio
# (lines). With K >= 2 it tends to 2; with one hidden layer there is no L^2
# term and it stays at (I + 2O + 1)/(I + O).
stats 'sweep_meta.tsv' using 1 nooutput
I = STATS_max
stats 'sweep_meta.tsv' using 2 nooutput
O = STATS_max
fwd(K, L) = I*L + (K - 1)*L**2 + L*O
bwd(K, L) = I*L + 2*(K - 1)*L**2 + 2*L*O + K*L
set logscale x
set xrange [3:*]
set yrange [1:2.2]
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'units per hidden layer L'
set ylabel 'backward / forward multiplications'
set key bottom right box opaque
set format x '%g'
plot 2 with lines dt 2 lw 1.5 lc rgb 'black' title 'the limit 2', \
     'cost_l.tsv' using 1:21 with points pt 7 ps 0.8 lc rgb '#6a3d9a' title 'K = 8', \
     ''           using 1:16 with points pt 5 ps 0.8 lc rgb '#d0541c' title 'K = 3', \
     ''           using 1:11 with points pt 9 ps 0.9 lc rgb '#2f7d32' title 'K = 2', \
     ''           using 1:6  with points pt 13 ps 0.9 lc rgb '#1f5fa8' title 'K = 1', \
     bwd(8, x) / fwd(8, x) with lines lw 1.5 lc rgb '#6a3d9a' notitle, \
     bwd(3, x) / fwd(3, x) with lines lw 1.5 lc rgb '#d0541c' notitle, \
     bwd(2, x) / fwd(2, x) with lines lw 1.5 lc rgb '#2f7d32' notitle, \
     bwd(1, x) / fwd(1, x) with lines lw 1.5 lc rgb '#1f5fa8' notitle
