# The depth figures (Figures 5 and 10), loaded by figures/fig5.gp and figures/fig10.gp after
# they set `figure_title`: test MSE against depth L, the trained Transformer against L
# steps of gradient descent on the inner loss under each reading of the paper's words
# (least squares, GD's limit, dashed), log scale. Left: averaged over all positions;
# middle: at the last position; right: the test MSE of each depth during training.
# The Transformer's error: each seed's point faint (mse.csv over seeds, figures/seeds.gp),
# the median over seeds bold (its aggregate); open circles: SEED's runs whose training had not converged
# (column converged of mse.csv). GD's readings and the training curves are SEED's.
# A least-squares error far below every other curve (at the last position it is exact,
# about 1e-16) would squeeze them into the top of the panel: the axis stops a decade
# below the other curves, and such values are drawn as a triangle on its bottom edge.
# Inputs: mse.csv (L,model_mse,model_mse_last,model_mse_init,converged,...) and, over
# seeds, mse.csv (seed,L,...) and mse-aggregate.csv (L, then n, median, min, max of each),
# gd.csv (L,reading,metric,mse), curves.csv (L,epoch,train_mse,test_mse).
# The depths are read from the data.
load 'figures/seeds.gp'
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
set multiplot layout 1,3 title sprintf("%s\n%s (Transformer: faint, each seed; bold, median over seeds)", \
    figure_title, run_label('mse.csv')) font ',12'
set xlabel 'L (layers / GD steps)'
set ylabel 'test MSE'
set xtics 1
set xrange [Lmin - 0.5:Lmax + 0.5]
do for [m = 1:2] {
    metric = m == 1 ? 'all_positions' : 'last_position'
    set title m == 1 ? 'test MSE, averaged over positions t = 1..T' : 'test MSE at the last position t = T'
    col = m == 1 ? 2 : 3
    # the bottom of the axis: a decade below the smallest value other than least squares
    stats results.'/gd.csv' every ::1 using ((strcol(2) ne 'least_squares' && strcol(3) eq metric) ? $4 : NaN) nooutput
    lo = STATS_min
    stats over('mse.csv') every ::1 using (column(col + 1)) nooutput
    lo = STATS_min < lo ? STATS_min : lo
    bottom = 10**(floor(log10(lo)) - 1)
    set yrange [bottom:*]
    if (m == 1) { unset key } else { set key center right }   # one key, in the empty middle of the right panel
    ls(r) = (strcol(2) eq 'least_squares' && strcol(3) eq metric) ? $4 : NaN
    plot for [r in readings] results.'/gd.csv' every ::1 using 1:((strcol(2) eq r && strcol(3) eq metric) ? $4 : NaN) \
             with linespoints lw 1.5 pt 5 ps 0.8 title 'GD '.r noenhanced, \
         results.'/gd.csv' every ::1 using 1:(ls(0) >= bottom ? ls(0) : NaN) \
             with lines lw 2 dt 2 lc rgb '#555555' title 'least squares (GD limit)', \
         results.'/gd.csv' every ::1 using 1:(ls(0) < bottom ? bottom * 1.4 : NaN) \
             with points pt 11 ps 1.5 lc rgb '#555555' title sprintf('least squares, below 10^{%d}', int(floor(log10(bottom) + 0.5))), \
         over('mse.csv') every ::1 using 2:(column(col + 1)) with points pt 7 ps 1 lc rgb faint('#1f77b4') notitle, \
         agg('mse.csv') every ::1 using 1:agg_col(1, col, 2) with lines lw 2.5 lc rgb '#1f77b4' notitle, \
         results.'/mse.csv' every ::1 using 1:($5 == 1 ? column(col) : NaN) with points pt 7 ps 1.5 lc rgb '#1f77b4' title 'Transformer', \
         results.'/mse.csv' every ::1 using 1:($5 == 0 ? column(col) : NaN) with points pt 6 ps 2 lw 2 lc rgb '#1f77b4' \
             title (not_converged > 0 ? 'Transformer, not converged' : '')
}
set key top right
set yrange [*:*]
set title 'training: test MSE per epoch'
set xlabel 'epoch'
set xtics autofreq
set xrange [*:*]
plot for [L=Lmin:Lmax] results.'/curves.csv' every ::1 using ($1 == L ? $2 : NaN):4 with lines lw 1.5 title sprintf('L = %d', L)
unset multiplot
