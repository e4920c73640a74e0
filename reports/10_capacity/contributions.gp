# canvas: 6.3 2.9
# What each hidden unit adds: v_j tanh(w_j x + b_j) for every unit j (thin
# lines), and their sum plus the output bias c, which is the network's
# output (thick), for widths 2, 3 and 10 on the first data set.
set multiplot layout 1,3 margins 0.07,0.99,0.15,0.9 spacing 0.03,0
set xrange [0:10]
set xtics 5
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'x'
unset key
set palette defined (0 '#e08b3e', 1 '#2f7d32', 2 '#1f9fb8', 3 '#7b3294', 4 '#c2185b')
unset colorbox
files = 'contrib_w2.tsv contrib_w3.tsv contrib_w10.tsv'
ws = '2 3 10'
set yrange [-4:4]
do for [k = 1:3] {
    m = word(ws, k) + 0
    set title sprintf('width %d', m)
    if (k == 1) { set format y '%g' } else { set format y '' }
    plot for [j = 1:m] word(files, k) using 1:(column(j + 4)) with lines lw 1.2 lc palette frac (j - 1.0) / (m > 1 ? m - 1 : 1), \
         word(files, k) using 1:3 with lines lw 3 lc rgb 'black', \
         'train.tsv' using 1:2 with points pt 7 ps 0.35 lc rgb '#888888'
}
unset multiplot
