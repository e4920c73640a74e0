# Training MSE against the epoch for widths 10, 50 and 100 (N = 100), one
# line per data set, log-log. Dashed: the seed's target 1e-3.
stats 'curves.tsv' using 1 nooutput
S = STATS_blocks / 3      # data sets per width
set logscale xy
set format y '10^{%L}'
set format x '10^{%L}'
set xlabel 'epoch (full batch: one Adam step each)'
set ylabel 'training MSE'
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left box opaque
set yrange [5e-6:10]
set xrange [1:*]
set autoscale xfixmax
colors = "#2f7d32 #1f5fa8 #b8321a"
names = "10 50 100"
plot for [i = 0:STATS_blocks - 1] 'curves.tsv' index i using 1:2 with lines lw 1.5 \
         lc rgb word(colors, i / S + 1) title (i % S == 0 ? sprintf('width %s', word(names, i / S + 1)) : ''), \
     1e-3 with lines dt 2 lw 1.5 lc rgb 'black' title 'MSE 10^{-3}'
