# The confusion matrix of the final model on the test images: row = true
# class, column = predicted class; the colour is the fraction of the true
# class, the number the count of images.
# canvas: 5.5 4.9
set datafile separator '\t'
unset key
set size ratio -1
set xrange [-0.5:9.5]
set yrange [9.5:-0.5]
set xtics ('T-shirt/top' 0, 'Trouser' 1, 'Pullover' 2, 'Dress' 3, 'Coat' 4, 'Sandal' 5, 'Shirt' 6, 'Sneaker' 7, 'Bag' 8, 'Ankle boot' 9) rotate by 45 right nomirror
set ytics ('T-shirt/top' 0, 'Trouser' 1, 'Pullover' 2, 'Dress' 3, 'Coat' 4, 'Sandal' 5, 'Shirt' 6, 'Sneaker' 7, 'Bag' 8, 'Ankle boot' 9) nomirror
set tics scale 0
set xlabel 'predicted class' offset 0,0.5
set ylabel 'true class'
set cblabel 'fraction of the true class'
set cbrange [0:1]
set cbtics 0.2
set lmargin at screen 0.2
set rmargin at screen 0.8
set tmargin at screen 0.98
set bmargin at screen 0.22
# white -> blue, with a log-like start so that the small off-diagonal counts show
set palette defined (0 '#ffffff', 0.02 '#e3eef9', 0.1 '#9ecae1', 0.4 '#3182bd', 1 '#08306b')
# counts: white on the dark cells, black on the light ones, none where 0
plot 'confusion.tsv' using 1:2:4 with image, \
     ''              using 1:2:($3 > 0 && $4 <= 0.5 ? sprintf('%d', $3) : '') with labels font ',10' tc rgb 'black', \
     ''              using 1:2:($4 > 0.5 ? sprintf('%d', $3) : '') with labels font ',10' tc rgb 'white'
