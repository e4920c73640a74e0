# Epochs to reach training MSE 1e-3 against the width (median over the data
# sets; missing where most runs never got there), N = 100 and N = 200.
stats 'sweep.tsv' index 0 using 9 nooutput
t100 = STATS_min
stats 'sweep.tsv' index 1 using 9 nooutput
t200 = STATS_min
c100 = '#1f5fa8'
c200 = '#b8321a'
set logscale xy
set xrange [1.8:220]
set xtics (2, 5, 10, 20, 50, 100, 200)
set format y '10^{%L}'
set xlabel 'width M of both hidden layers'
set ylabel 'epochs to training MSE 10^{-3}'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top right box opaque
set label 1 "left of each curve:\nmost runs never\nreached 10^{-3}" at graph 0.04, graph 0.5 font ',10' tc rgb '#555555'
set arrow 1 from t100, graph 0 to t100, graph 1 nohead dt 3 lw 1.5 lc rgb c100
set arrow 2 from t200, graph 0 to t200, graph 1 nohead dt 3 lw 1.5 lc rgb c200
plot 'sweep.tsv' index 0 using 1:7 with linespoints lw 2 pt 7 ps 0.6 lc rgb c100 title 'N = 100', \
     ''          index 1 using 1:7 with linespoints lw 2 pt 7 ps 0.6 lc rgb c200 title 'N = 200'
