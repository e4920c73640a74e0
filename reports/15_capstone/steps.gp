# Validation accuracy after each epoch for every step of the table: each
# line is the recipe of the line before plus one change; the dotted line
# is the control, step 5 with SGD in place of Adam.
# canvas: 5.5 4.6
set xlabel 'epoch'
set ylabel 'validation accuracy'
set grid lt 1 lc rgb '#dddddd' lw 1
set key below left Left reverse maxrows 4 width 1 samplen 2.5
stats 'step_curves.tsv' using 1 nooutput
set xrange [0.8:STATS_max + 0.2]
set xtics 1
set datafile missing 'NaN'
names = "'0 softmax regression' '1 + standardized' '2 + hidden layers' '3 + He init' '4 + Adam' '5 + cosine schedule' '6 + dropout' '5 with SGD (control)'"
colors = "#888888 #444444 #b8321a #e08214 #2f7d32 #1f5fa8 #7b3294 #1f5fa8"
plot for [k = 1:7] 'step_curves.tsv' using 1:(column(k + 1)) with linespoints \
         lw 2 pt 7 ps 0.5 lc rgb word(colors, k) title word(names, k), \
     'step_curves.tsv' using 1:9 with linespoints lw 1.5 dt 3 pt 4 ps 0.6 lc rgb word(colors, 8) title word(names, 8)
