# The excess loss of full-batch gradient descent for the four learning rates.
set logscale y
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'step'
set ylabel 'L(w, b) - L_{min}'
set key outside right center
plot 'sweep.tsv' index 0 using 1:4 with lines lw 2 lc rgb '#888888' title 'too slow', \
     ''          index 1 using 1:4 with lines lw 2 lc rgb '#2f7d32' title 'good', \
     ''          index 2 using 1:4 with lines lw 2 lc rgb '#1f5fa8' title 'oscillating', \
     ''          index 3 using 1:4 with lines lw 2 lc rgb '#b8321a' title 'divergent'
