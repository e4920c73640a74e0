# Fraction of the initializations that fail to learn, against the width:
# dead from the start (the output is off at every training point before any
# step), and all failures (dead from the start, or dead during the first
# epochs). Error bars: Wilson 95% intervals.
set logscale x
set xlabel 'hidden units m'
set ylabel 'fraction of initializations'
set xrange [3.5:1400]
set yrange [0:0.7]
set grid lt 1 lc rgb '#dddddd' lw 1
set key top right box opaque
plot 'failrate.tsv' using ($1 * 1.04):8:9:10 with yerrorlines lw 2 pt 7 lc rgb '#b8321a' title 'fails (all causes)', \
     ''             using ($1 / 1.04):5:6:7  with yerrorlines lw 2 pt 5 dt 2 lc rgb '#1f5fa8' title 'dead from the start'
