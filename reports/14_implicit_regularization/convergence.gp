# The epoch's mean mini-batch loss against the epoch, one colour per
# learning rate, one line per data set (all from the same initialization
# within a data set).
stats 'curves.tsv' using 1 nooutput
nb = STATS_blocks
stats 'summary.tsv' using 1 nooutput
nlr = STATS_records
lrs = ''
do for [i = 0:nlr - 1] { stats 'summary.tsv' every ::i::i using 1 nooutput; lrs = lrs . sprintf(' %g', STATS_min) }
colors = "#2f7d32 #1f5fa8 #d0541c #7b2a8c"
set logscale xy
set format y '10^{%L}'
set format x '10^{%L}'
set xlabel 'epoch (5 SGD steps each)'
set ylabel 'training MSE (mean over the epoch)'
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom left box opaque
set xrange [1:*]
set autoscale xfixmax
plot for [i = 0:nb - 1] 'curves.tsv' index i using 1:2 with lines lw 1.2 lc rgb word(colors, i % nlr + 1) \
         title (i < nlr ? 'learning rate '.word(lrs, i + 1) : '')
