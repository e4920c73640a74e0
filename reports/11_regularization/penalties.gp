# canvas: 6.5 3.2
# Test loss (left) and test error (right) against the strength lambda of
# each penalty, medians over the draws of the data; the dotted line is the
# unpenalized network (lambda = 0).
set multiplot layout 1,2 margins 0.1,0.98,0.16,0.97 spacing 0.1,0
set logscale x
set format x '10^{%L}'
set xrange [7e-5:4e-2]
set xlabel 'λ'
set grid lt 1 lc rgb '#dddddd' lw 1
set ylabel 'test loss (cross-entropy)'
set key at graph 0.98, graph 0.86 right top samplen 1.5 opaque
plot 'penalties.tsv' index 0 using 1:4 with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'L2', \
     ''              index 1 using 1:4 with linespoints lw 2 pt 5 lc rgb '#d0541c' title 'L1', \
     ''              index 2 using 1:4 with linespoints lw 2 pt 9 lc rgb '#2f7d32' title 'elastic net', \
     ''              index 3 using 1:4 with lines lw 1.5 dt 3 lc rgb 'black' title 'λ = 0'
set ylabel 'test error (%)'
unset key
plot 'penalties.tsv' index 0 using 1:(100 * $5) with linespoints lw 2 pt 7 lc rgb '#1f5fa8' title 'L2', \
     ''              index 1 using 1:(100 * $5) with linespoints lw 2 pt 5 lc rgb '#d0541c' title 'L1', \
     ''              index 2 using 1:(100 * $5) with linespoints lw 2 pt 9 lc rgb '#2f7d32' title 'elastic net', \
     ''              index 3 using 1:(100 * $5) with lines lw 1.5 dt 3 lc rgb 'black' title 'λ = 0'
unset multiplot
