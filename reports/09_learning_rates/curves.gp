# canvas: 6.5 3.6
# The slides' figure: training loss after each epoch, one curve per learning
# rate, SGD on the left and Adam on the right (repetition 0; every curve of a
# panel starts from the same weights). The dashed line is the target.
lrs = '1e-4 3e-4 1e-3 3e-3 1e-2 3e-2 0.1 0.3 1'
# one colour per rate, in order from the smallest (dark blue) to the largest (dark red)
colours = '#3b0f70 #1f5fa8 #2c9fb3 #2f9e44 #8cb22b #e0a100 #e8590c #c92a2a #6b0f1a'
set logscale y
set format y '10^{%L}'
set yrange [1e-3:3]
set xrange [0:*]
set autoscale xfixmax
set grid lt 1 lc rgb '#dddddd' lw 1
set xlabel 'epoch'
set multiplot layout 1,2 margins 0.1,0.8,0.14,0.91 spacing 0.05,0
set ylabel 'training loss (cross-entropy)'
set title 'SGD'
unset key
plot for [k = 1:9] 'curves.tsv' using 1:(column(k + 1)) with lines lw 1.6 lc rgb word(colours, k) notitle, \
     0.1 with lines dt 2 lw 1.2 lc rgb 'black' notitle
set title 'Adam'
unset ylabel
set format y ''
set key at screen 0.99, screen 0.9 right top title 'learning rate' samplen 1.5 spacing 1.05
plot for [k = 1:9] 'curves.tsv' using 1:(column(k + 10)) with lines lw 1.6 lc rgb word(colours, k) \
         title word(lrs, k), \
     0.1 with lines dt 2 lw 1.2 lc rgb 'black' title 'target'
unset multiplot
