# Roughness (rms f'' / rms f', finite differences) of the initial function
# against sigma^2: median over the networks, with the range (bars).
set logscale xy
set xlabel 'σ^2 (weights and biases of the hidden layer, and output weights)'
set ylabel 'roughness (1 / unit of x)'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top left box opaque
set xrange [0.06:35]
# the reference line through the middle median: roughness proportional to sigma
stats 'roughness.tsv' every ::2::2 using 2 name 'S' nooutput
stats 'roughness.tsv' every ::2::2 using 3 name 'R' nooutput
s0 = S_min
r0 = R_min
set yrange [0.1:40]
plot 'roughness.tsv' using 2:3:4:5 with yerrorbars pt 7 ps 0.8 lc rgb '#1f5fa8' title 'tanh (median, range)', \
     ''              using 2:3 with lines lw 1.5 lc rgb '#1f5fa8' notitle, \
     ''              using 2:6:7:8 with yerrorbars pt 5 ps 0.8 lc rgb '#b8321a' title 'ReLU (median, range)', \
     ''              using 2:6 with lines lw 1.5 lc rgb '#b8321a' notitle, \
     ''              using 2:(r0 * sqrt($2 / s0)) with lines dt 3 lw 1.5 lc rgb '#555555' title '∝ σ'
