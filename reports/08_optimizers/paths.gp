# canvas: 6.3 5.2
# The first steps of each method from beta_0 = (-4, 1) over the contours
# of J (levels J0 / 2^k). The axes are not to the same scale.
set multiplot layout 2,1 margins 0.09,0.78,0.08,0.95 spacing 0,0.11
set xrange [-4.6:4.6]
set yrange [-2:2]
set xlabel 'β_1'
set ylabel 'β_2'
set grid lt 1 lc rgb '#eeeeee' lw 1
set key outside right center samplen 2
contours = "'contours.tsv' using 1:2 with lines lw 0.8 lc rgb '#cccccc' notitle"
set title 'gradient descent and heavy ball (60 steps)' font ',10'
plot @contours, \
     'paths.tsv' using 2:3 with linespoints pt 7 ps 0.35 lw 1.2 lc rgb '#888888' title 'GD, optimal α', \
     ''          using 4:5 with linespoints pt 7 ps 0.35 lw 1.2 lc rgb '#1f5fa8' title 'GD, α = 1/κ', \
     ''          using 6:7 with linespoints pt 7 ps 0.45 lw 2 lc rgb '#b8321a' title 'heavy ball, optimal', \
     ''          using 8:9 with linespoints pt 7 ps 0.35 lw 1.2 lc rgb '#e08a1e' title 'heavy ball, α = 1/κ, η = 0.9', \
     '+' using (-4):(1) every ::0::0 with points pt 6 ps 1.5 lw 2 lc rgb 'black' title 'start'
set title 'adaptive methods: element-wise (solid) and the slides'' scalar forms (dashed)' font ',10'
plot @contours, \
     'paths.tsv' using 10:11 with linespoints pt 7 ps 0.35 lw 1.5 lc rgb '#2f7d32' title 'AdaGrad', \
     ''          using 12:13 with linespoints pt 7 ps 0.35 lw 1.5 lc rgb '#1f5fa8' title 'RMSProp', \
     ''          using 14:15 with linespoints pt 7 ps 0.35 lw 1.5 lc rgb '#b8321a' title 'Adam', \
     ''          using 16:17 with linespoints pt 6 ps 0.35 lw 1.5 dt 2 lc rgb '#2f7d32' title 'AdaGrad, slides', \
     ''          using 18:19 with linespoints pt 6 ps 0.35 lw 1.5 dt 2 lc rgb '#1f5fa8' title 'RMSProp, slides', \
     '+' using (-4):(1) every ::0::0 with points pt 6 ps 1.5 lw 2 lc rgb 'black' title 'start'
unset multiplot
