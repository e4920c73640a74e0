# canvas: 5.8 3.9
# Relative error of the central difference against the step h, at a = 2,
# b = 3 (fd.tsv), with the least-squares lines through the two arms of the
# V (fit.tsv), the rounding level eps |z| / (h |z'|) and eps^(1/3).
# Font sizes in points of the PDF; the SVG's base font is 13 against the
# PDF's 10, so it gets them 1.3 times larger.
fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.3 * n : n)
f10 = fs(10)
set logscale xy
set format x '10^{%L}'
set format y '10^{%L}'
set xlabel 'step h'
set ylabel 'relative error of the central difference'
set xrange [5e-13:0.2]
set yrange [1e-13:1]
set grid lt 1 lc rgb '#dddddd' lw 1
set key top center box opaque width -3 samplen 2.5 font f10
eps = 2.220446049250313e-16
set arrow from eps**(1.0/3), 1e-13 to eps**(1.0/3), 1 nohead dt 3 lw 1.5 lc rgb '#555555'
set label 'ε^{1/3}' at eps**(1.0/3) * 1.3, 3e-13 textcolor rgb '#555555'
plot 'fd.tsv'  using 1:($2 > 0 ? $2 : NaN) with points pt 7 ps 0.7 lc rgb '#1f5fa8' title '∂z/∂a', \
     ''        using 1:($3 > 0 ? $3 : NaN) with points pt 5 ps 0.6 lc rgb '#d0541c' title '∂z/∂b', \
     'fit.tsv' using 1:2 with lines lw 1.5 lc rgb '#1f5fa8' title 'fit of each arm, ∂z/∂a', \
     ''        using 1:3 with lines lw 1.5 lc rgb '#1f5fa8' notitle, \
     ''        using 1:4 with lines lw 1.5 dt 2 lc rgb '#d0541c' title 'fit of each arm, ∂z/∂b', \
     ''        using 1:5 with lines lw 1.5 dt 2 lc rgb '#d0541c' notitle, \
     'fd.tsv'  using 1:4 with lines lw 1 dt 3 lc rgb 'black' title 'rounding level ε|z|/(h|∂z/∂a|)'
