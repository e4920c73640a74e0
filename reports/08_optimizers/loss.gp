# canvas: 6.3 3.8
# J / J0 against the step, log scale: gradient descent and heavy ball
# (left), the adaptive methods (right). The dotted line is the 1e-8 target.
set multiplot layout 1,2 margins 0.09,0.99,0.3,0.92 spacing 0.08,0
set logscale y
set format y '10^{%T}'
set xrange [0:400]
set yrange [1e-16:10]
set ytics 1e-16, 1e4, 1
set xlabel 'step'
set ylabel 'J / J_0'
set grid lt 1 lc rgb '#dddddd' lw 1
set key at screen 0.27, 0.1 center maxrows 2 samplen 1.5 width -1
set title 'GD and heavy ball' font ',10'
plot 'loss.tsv' using 1:2 with lines lw 1.5 lc rgb '#888888' title 'GD, optimal α', \
     ''         using 1:3 with lines lw 1.5 lc rgb '#1f5fa8' title 'GD, 1/κ', \
     ''         using 1:4 with lines lw 2 lc rgb '#b8321a' title 'HB, optimal', \
     ''         using 1:5 with lines lw 1.5 lc rgb '#e08a1e' title 'HB, 1/κ, 0.9', \
     1e-8 with lines dt 3 lc rgb 'black' notitle
set title 'adaptive (dashed: the slides'' forms)' font ',10'
set key at screen 0.76, 0.1 center maxrows 3 samplen 1.5 width -1
unset ylabel
plot 'loss.tsv' using 1:6 with lines lw 1.5 lc rgb '#2f7d32' title 'AdaGrad', \
     ''         using 1:7 with lines lw 1.5 lc rgb '#1f5fa8' title 'RMSProp', \
     ''         using 1:8 with lines lw 1.5 lc rgb '#b8321a' title 'Adam', \
     ''         using 1:9 with lines lw 1.5 dt 2 lc rgb '#2f7d32' title 'AdaGrad, slides', \
     ''         using 1:10 with lines lw 1.5 dt 2 lc rgb '#1f5fa8' title 'RMSProp, slides', \
     1e-8 with lines dt 3 lc rgb 'black' notitle
unset multiplot
