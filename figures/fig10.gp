# Figure 10: test MSE against depth L, the full (post-LN, softmax, MLP) Transformer against
# L steps of gradient descent on the inner loss under each reading of the paper's words
# (least squares, GD's limit, dashed), log scale. Left: averaged over all positions;
# middle: at the last position; right: the test MSE of each depth during training.
# Open circles: runs whose training had not converged (column converged of mse.csv).
# Inputs: $results/mse.csv (L,model_mse,model_mse_last,model_mse_init,converged,...),
# $results/gd.csv (L,reading,metric,mse), $results/curves.csv (L,epoch,train_mse,test_mse).
# The depths are read from the data.
set datafile separator ','
set key top right
set logscale y
set grid
set format y '10^{%L}'
stats results.'/mse.csv' every ::1 using 1 nooutput
Lmin = STATS_min
Lmax = STATS_max
stats results.'/mse.csv' every ::1 using ($5 == 0 ? 1 : 0) nooutput
not_converged = STATS_sum
readings = 'global per_position mean_loss line_search'
set multiplot layout 1,3 title "Figure 10 — full Transformer (softmax attention, MLP, post-LN) with L layers vs L steps of gradient descent" font ',12'
set xlabel 'L (layers / GD steps)'
set ylabel 'test MSE'
set xtics 1
set xrange [Lmin - 0.5:Lmax + 0.5]
do for [m = 1:2] {
    metric = m == 1 ? 'all_positions' : 'last_position'
    set title m == 1 ? 'test MSE, averaged over positions t = 1..T' : 'test MSE at the last position t = T'
    col = m == 1 ? 2 : 3
    if (m == 1) { unset key } else { set key center right }   # one key, in the empty middle of the right panel
    plot for [r in readings] results.'/gd.csv' every ::1 using 1:((strcol(2) eq r && strcol(3) eq metric) ? $4 : NaN) \
             with linespoints lw 1.5 pt 5 ps 0.8 title 'GD '.r noenhanced, \
         results.'/gd.csv' every ::1 using 1:(strcol(2) eq 'least_squares' && strcol(3) eq metric ? $4 : NaN) \
             with lines lw 2 dt 2 lc rgb '#555555' title 'least squares (GD limit)', \
         results.'/mse.csv' every ::1 using 1:col with lines lw 2.5 lc rgb '#1f77b4' notitle, \
         results.'/mse.csv' every ::1 using 1:($5 == 1 ? column(col) : NaN) with points pt 7 ps 1.5 lc rgb '#1f77b4' title 'Transformer', \
         results.'/mse.csv' every ::1 using 1:($5 == 0 ? column(col) : NaN) with points pt 6 ps 2 lw 2 lc rgb '#1f77b4' \
             title (not_converged > 0 ? 'Transformer, not converged' : '')
}
set key top right
set title 'training: test MSE per epoch'
set xlabel 'epoch'
set xtics autofreq
set xrange [*:*]
plot for [L=Lmin:Lmax] results.'/curves.csv' every ::1 using ($1 == L ? $2 : NaN):4 with lines lw 1.5 title sprintf('L = %d', L)
unset multiplot
