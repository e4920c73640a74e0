# canvas: 6.5 4.2
# Histograms of log10 |w| over all weights (draw 0): without a penalty, and
# with each penalty at the lambda chosen on the validation set. The dashed
# line is the "nearly zero" threshold 10^-3; the leftmost bar also holds
# everything smaller, exact zeros included.
set multiplot layout 2,2 margins 0.11,0.98,0.11,0.98 spacing 0.08,0.12
set xrange [-7:1]
set yrange [0:0.5]
set xtics ('≤10^{-7}' -7, '10^{-5}' -5, '10^{-3}' -3, '10^{-1}' -1, '10' 1)
set grid ytics lt 1 lc rgb '#dddddd' lw 1
set style fill solid 0.8 noborder
set boxwidth 0.23
unset key
set arrow 1 from -3, graph 0 to -3, graph 1 nohead dt 2 lc rgb '#444444'
names = 'none L2 L1 elastic'
titles = "'no penalty' 'L2' 'L1' 'elastic net'"
colours = '#555555 #1f5fa8 #d0541c #2f7d32'
do for [c = 1:4] {
    set label 2 word(titles, c) at graph 0.03, graph 0.88 left font ',12'
    set ylabel (c % 2 == 1 ? 'fraction of weights' : '')
    set xlabel (c > 2 ? '|w|' : '')
    plot 'hist.tsv' using 1:(column(c + 1)) with boxes lc rgb word(colours, c)
}
unset multiplot
