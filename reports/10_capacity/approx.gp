# The error of the best fit of the noise-free sine (mean squared error on a
# fine grid over [0, 10]) against the number of hidden units.
set logscale xy
set xlabel 'hidden units (width)'
set ylabel 'mean squared error to sin x'
set xrange [0.8:40]
set format y '10^{%L}'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top right box opaque
plot 'approx.tsv' using 1:3 with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'best of two fits, noise-free data'
