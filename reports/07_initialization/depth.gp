# The variance of z at each of 30 ReLU layers, for weight variances
# sigma^2 = c 2/M: measured (points) and the derivation's 2 c^l (lines).
set logscale y
set format y '10^{%T}'
set xlabel 'layer l'
set ylabel 'Var z^{(l)}'
set xrange [0:31]
set yrange [1e-10:1e10]
set ytics 100
set grid lt 1 lc rgb '#dddddd' lw 1
set key outside right center title 'σ^2 = c · 2/M' width -1
colors = '#1f5fa8 #2f9fd0 #222222 #e08a1e #b8321a'
cs = '0.5 0.8 1 1.25 2'
plot for [k = 1:5] 'depth.tsv' using 1:(column(2 * k)) with points pt 7 ps 0.55 lc rgb word(colors, k) \
         title sprintf('c = %s', word(cs, k)), \
     for [k = 1:5] '' using 1:(column(2 * k + 1)) with lines dt 2 lw 1.2 lc rgb word(colors, k) notitle, \
     NaN with lines dt 2 lw 1.2 lc rgb '#888888' title '2 c^l'
