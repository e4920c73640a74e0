# canvas: 6.3 3.3
# Left: steps until J stays below 1e-8 J0, against the step size alpha
# (a missing point: never within the budget). Right: RMSProp never gets
# there; the largest J / J0 of its last 500 steps, with the 2-cycles'
# values (1 + kappa) alpha^2 / (8 J0) and kappa alpha^2 / (8 J0).
set multiplot layout 1,2 margins 0.09,0.99,0.14,0.9 spacing 0.09,0
set logscale xy
set format x '10^{%T}'
set xrange [1e-3:1]
set xlabel 'step size α'
set grid lt 1 lc rgb '#dddddd' lw 1
ok(c) = column(c) > 0 ? column(c) : NaN
set ylabel 'steps to settle below 10^{-8} J_0'
set format y '%g'
set yrange [10:5000]
set key bottom left box opaque samplen 1.5
set title 'steps against α' font ',10'
plot 'alpha.tsv' using 1:(ok(2)) with linespoints pt 7 ps 0.4 lw 1.5 lc rgb '#888888' title 'GD', \
     ''          using 1:(ok(3)) with linespoints pt 7 ps 0.4 lw 1.5 lc rgb '#e08a1e' title 'heavy ball, η^*', \
     ''          using 1:(ok(4)) with linespoints pt 7 ps 0.4 lw 1.5 lc rgb '#2f7d32' title 'AdaGrad', \
     ''          using 1:(ok(6)) with linespoints pt 7 ps 0.4 lw 1.5 lc rgb '#b8321a' title 'Adam', \
     ''          using 1:(ok(7)) with linespoints pt 6 ps 0.4 lw 1.5 dt 2 lc rgb '#2f7d32' title 'AdaGrad, slides'
set ylabel 'largest J / J_0, last 500 steps'
set format y '10^{%T}'
set yrange [1e-8:1]
set key top left box opaque samplen 1.5
set title 'RMSProp does not converge' font ',10'
J0 = 20.5
kappa = 25
plot 'alpha.tsv' using 1:9 with points pt 7 ps 0.5 lc rgb '#1f5fa8' title 'RMSProp', \
     ''          using 1:10 with points pt 6 ps 0.7 lc rgb '#b8321a' title 'RMSProp, slides', \
     (1 + kappa) * x**2 / (8 * J0) with lines lw 1 lc rgb '#1f5fa8' title '±(α/2, α/2)', \
     kappa * x**2 / (8 * J0) with lines lw 1 dt 2 lc rgb '#b8321a' title '±(0, α/2)'
unset multiplot
