# canvas: 6.3 5.6
# Final test MSE (top) and training MSE (bottom) against the width M, for
# N = 100 and N = 200: medians over the data sets (lines), the range of the
# data sets (shaded, top), the interpolation thresholds M* (dotted lines,
# where the parameter count equals N * 8) and the noise floor.
stats 'sweep.tsv' index 0 using 9 nooutput
t100 = STATS_min
stats 'sweep.tsv' index 1 using 9 nooutput
t200 = STATS_min
stats 'sweep.tsv' index 0 using 8 nooutput
noise_var = STATS_min
c100 = '#1f5fa8'
c200 = '#b8321a'
set multiplot layout 2,1 margins 0.12,0.97,0.09,0.97 spacing 0,0.07
set logscale x
set xrange [1.8:220]
set xtics (2, 5, 10, 20, 50, 100, 200)
set grid lt 1 lc rgb '#dddddd' lw 1
set logscale y
set ylabel 'test MSE'
set yrange [0.05:4]
set key top right box opaque
set arrow 1 from t100, graph 0 to t100, graph 1 nohead dt 3 lw 1.5 lc rgb c100
set arrow 2 from t200, graph 0 to t200, graph 1 nohead dt 3 lw 1.5 lc rgb c200
set label 1 sprintf('M* = %.1f', t100) at t100, 0.066 right offset -0.4, 0 tc rgb c100 font ',9'
set label 2 sprintf('M* = %.1f', t200) at t200, 0.066 left offset 0.4, 0 tc rgb c200 font ',9'
plot 'sweep.tsv' index 0 using 1:5:6 with filledcurves fs transparent solid 0.15 noborder lc rgb c100 notitle, \
     ''          index 1 using 1:5:6 with filledcurves fs transparent solid 0.15 noborder lc rgb c200 notitle, \
     ''          index 0 using 1:4 with linespoints lw 2 pt 7 ps 0.6 lc rgb c100 title 'N = 100', \
     ''          index 1 using 1:4 with linespoints lw 2 pt 7 ps 0.6 lc rgb c200 title 'N = 200', \
     noise_var with lines dt 2 lw 1.5 lc rgb 'black' title 'noise floor {/Symbol s}^2'
unset label 1
unset label 2
set xlabel 'width M of both hidden layers'
set ylabel 'training MSE'
set format y '10^{%L}'
set yrange [*:1]
set key bottom left box opaque
plot 'sweep.tsv' index 0 using 1:3 with linespoints lw 2 pt 7 ps 0.6 lc rgb c100 title 'N = 100', \
     ''          index 1 using 1:3 with linespoints lw 2 pt 7 ps 0.6 lc rgb c200 title 'N = 200', \
     1e-3 with lines dt 2 lw 1.5 lc rgb 'black' title 'MSE 10^{-3}'
unset multiplot
