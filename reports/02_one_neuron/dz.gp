# The gradient of one sample's loss with respect to the logit z, for a
# sample of class 1, as mlp_backward computes it (dz.tsv): cross-entropy
# gives yhat - 1; squared error gives 2 (yhat - 1) sigma'(z).
# Font sizes in points of the PDF; the SVG's base font is 13 against the
# PDF's 10, so it gets them 1.3 times larger.
fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.3 * n : n)
f10 = fs(10)
f9 = fs(9)
set xlabel 'logit z  (the sample is of class 1: z < 0 is a wrong answer)'
set ylabel '∂ℓ/∂z'
set xrange [-8:8]
set yrange [-1.1:0.3]
set grid lt 1 lc rgb '#dddddd' lw 1
set key bottom right font f10
set arrow from -5, -1.1 to -5, 0.3 nohead dt 3 lc rgb '#555555'
set label 'the wrong start' at -4.8, 0.2 font f9 tc rgb '#555555'
plot 'dz.tsv' using 1:3 with lines lw 2 lc rgb '#1f5fa8' title 'cross-entropy: ŷ − 1', \
     ''       using 1:4 with lines lw 2 dt 2 lc rgb '#d0541c' title "squared error: 2 (ŷ − 1) σ'(z)", \
     ''       using 1:5 with lines lw 1 dt 3 lc rgb 'black' title "σ'(z) = ŷ (1 − ŷ)"
