# canvas: 6.3 3.7
# The computational graph of z = log(b) / (1 + e^(a^2 + b^2)) as the tape
# records it (nodes.tsv, edges.tsv), at a = 2, b = 3: each node shows its
# operation, its value (black) and its adjoint dz/dv (red); each edge the
# local partial derivative of the child with respect to the parent (blue).
unset border
unset tics
unset key
set xrange [-0.42:5.42]
set yrange [-1.5:2.2]
set lmargin 0
set rmargin 0
set tmargin 0
set bmargin 0
bw = 0.4    # half the width of a node's box
bh = 0.2    # half its height
# 442413.39 -> 4.424·10^5; small and large numbers in powers of ten
e10(x) = floor(log10(abs(x)))
num(x) = (x == 0 || (abs(x) >= 1e-2 && abs(x) < 1e4)) ? sprintf('%.4g', x) : \
         sprintf('%.4g·10^{%d}', x / 10.0**e10(x), e10(x))
# Font sizes in points of the PDF. The SVG's base font is 13 against the
# PDF's 10, and the HTML page shows the figure narrower than the PDF's text
# width: 1.45 times the size keeps the labels as legible there.
fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.45 * n : n)
f8_5 = fs(8.5)
f9_5 = fs(9.5)
set style fill solid 1.0 border lc rgb '#5a5a5a'
set style textbox opaque noborder margins 0.3, 0.3
# An edge leaves its parent's right side and enters the child's left side.
# Its label sits above the middle of a level edge, beside a slanted one.
plot 'edges.tsv' using ($1 + bw):2:($3 - $1 - 2 * bw):($4 - $2) with vectors head filled size 0.07,20 lw 1.2 lc rgb '#7a7a7a', \
     ''          using (($1 + $3) / 2):(($2 + $4) / 2 + ($2 == $4 ? 0.3 : 0.12)):(num($5)) with labels boxed font f8_5 tc rgb '#1f5fa8', \
     'nodes.tsv' using 1:2:(bw):(bh) with boxxyerror fc rgb '#eef3f8', \
     ''          using 1:($2 + 0.065):3 with labels font f9_5, \
     ''          using 1:($2 - 0.1):(num($4)) with labels font f8_5 tc rgb 'black', \
     ''          using 1:($2 - 0.32):('adj ' . num($5)) with labels font f8_5 tc rgb '#b8321a'
