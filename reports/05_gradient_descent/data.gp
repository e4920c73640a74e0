# The data, the line they come from and the least-squares line.
set xlabel 'x'
set ylabel 'y'
set grid lt 1 lc rgb '#dddddd' lw 1
set key top left
set xrange [0:2]
plot 'data.tsv'  using 1:2 with points pt 7 ps 0.5 lc rgb 'black' title 'data', \
     'lines.tsv' using 1:3 with lines lw 1.5 dt 2 lc rgb '#888888' title 'the line the data come from', \
     'lines.tsv' using 1:2 with lines lw 2 lc rgb '#1f5fa8' title 'least squares'
