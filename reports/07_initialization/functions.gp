# canvas: 6.3 3.1
# The initial function of one 1 -> 100 -> 1 network, drawn with the same
# standard normal numbers scaled by sigma, each curve standardized over
# the plotted range, as (f - mean) / sd: tanh (left), ReLU (right).
set multiplot layout 1,2 margins 0.08,0.98,0.15,0.88 spacing 0.07,0
set xrange [-3:3]
set xlabel 'x'
set grid lt 1 lc rgb '#dddddd' lw 1
colors = '#9ecae1 #6baed6 #3182bd #08519c #08306b'
sig = '0.3 0.6 1.2 2.4 4.8'
set title 'tanh: rougher as σ grows'
set ylabel '(f(x) - mean) / sd'
set key bottom left box opaque samplen 1.5 spacing 0.9 title 'σ'
plot for [k = 1:5] 'functions.tsv' using 1:(column(k + 1)) with lines lw 1.6 lc rgb word(colors, k) title word(sig, k)
set title 'ReLU: the five curves coincide'
unset ylabel
set key top right box opaque samplen 1.5 spacing 0.9 title 'σ'
plot for [k = 1:5] 'functions.tsv' using 1:(column(k + 6)) with lines lw (6 - k) \
         lc rgb word(colors, k) title word(sig, k)
unset multiplot
