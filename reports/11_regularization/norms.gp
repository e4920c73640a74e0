# canvas: 6.5 3.2
# Left: the norm of all weights ||W|| against lambda (median over draws;
# dotted: lambda = 0). Right: the fraction of weights with |w| below the
# "nearly zero" threshold.
set multiplot layout 1,2 margins 0.1,0.98,0.16,0.97 spacing 0.1,0
set logscale x
set format x '10^{%L}'
set xrange [7e-5:4e-2]
set xlabel 'λ'
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel '‖W‖ (all weights, no biases)'
set yrange [0:*]
set key bottom left samplen 1.5 opaque
plot 'penalties.tsv' index 0 using 1:6 with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'L2', \
     ''              index 1 using 1:6 with linespoints lw 2 pt 5 lc rgb '#d0541c' title 'L1', \
     ''              index 2 using 1:6 with linespoints lw 2 pt 9 lc rgb '#2f7d32' title 'elastic net', \
     ''              index 3 using 1:6 with lines lw 1.5 dt 3 lc rgb 'black' title 'λ = 0'
set ylabel 'weights with |w| < 10^{-3} (%)'
set yrange [0:100]
unset key
plot 'penalties.tsv' index 0 using 1:(100 * $7) with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'L2', \
     ''              index 1 using 1:(100 * $7) with linespoints lw 2 pt 5 lc rgb '#d0541c' title 'L1', \
     ''              index 2 using 1:(100 * $7) with linespoints lw 2 pt 9 lc rgb '#2f7d32' title 'elastic net', \
     ''              index 3 using 1:(100 * $7) with lines lw 1.5 dt 3 lc rgb 'black' title 'λ = 0'
unset multiplot
