# Figure 2: 2 cos(theta) R_theta - I_2 = R_{2 theta}, applied to a vector x, with the unit circle.
# Input: $results/vectors.csv (name,x0,y0,dx,dy): arrows x, R_theta x, 2cos(theta) R_theta x,
# -x (head to tail: the sum) and R_{2 theta} x.
set datafile separator ','
set size ratio -1
set xrange [-1.2:1.6]; set yrange [-1.1:1.2]
set grid
set key bottom right
set title "Figure 2 — 2cos(θ) R_θ x − x = R_{2θ} x (unit circle dashed)"
set parametric
set trange [0:2*pi]
f = results.'/vectors.csv'
plot cos(t), sin(t) with lines dt 2 lc rgb 'gray50' title 'unit circle', \
     f every ::1::1 using 2:3:4:5 with vectors lw 2 lc rgb '#1f77b4' title 'x', \
     f every ::3::3 using 2:3:4:5 with vectors lw 5 lc rgb '#9467bd' title '2cos(θ) R_θ x', \
     f every ::2::2 using 2:3:4:5 with vectors lw 2 lc rgb '#2ca02c' title 'R_θ x', \
     f every ::4::4 using 2:3:4:5 with vectors lw 2 lc rgb '#ff7f0e' title '−x', \
     f every ::5::5 using 2:3:4:5 with vectors lw 3 dt 3 lc rgb '#d62728' title 'sum = R_{2θ} x'
