# Figure 7: test MSE after training against the number of heads H, with plain tokens
# (e_t = s_t) and duplicated tokens (e_t = (s_t, s_t)), for both variants of the model:
# `paper` (the paper's text; solid lines) and `authors` (the authors' published code;
# dashed). Left: final test MSE (and the MSE at initialisation, open points); middle and
# right: the test MSE along training of each run of one variant. The values of H are
# read from the data.
# Left: each seed's final MSE faint, the median over seeds bold (mse.csv over seeds and
# its aggregate, figures/seeds.gp); the MSE at initialisation and the curves are SEED's.
# Inputs: mse.csv (variant,kind,dup,H,init_test_mse,train_loss,test_mse), over seeds
#         (seed,variant,...) and its aggregate (variant,kind,dup,H, then n, median, min,
#         max of each), curves.csv (variant,kind,H,epoch,train_loss,test_mse).
load 'figures/seeds.gp'
f = results.'/mse.csv'
g = results.'/curves.csv'
settingof(file, k) = system(sprintf("sed -n 's/^# %s=//p' '%s'", k, file))
about(v) = sprintf('%s: d = %s, query %s, loss %s, W_O %s', v, settingof(f, v.'.d'), settingof(f, v.'.query'), \
                   settingof(f, v.'.loss_positions'), settingof(f, v.'.head_out'))
heads(v) = settingof(f, v.'.heads')
set datafile separator ','
set multiplot layout 1,3 title sprintf("Figure 7 — one-layer multi-head model with positional attention: test MSE against heads (%s sequences, %s epochs)\n%s (left: faint, each seed; bold, median over seeds)", \
    settingof(f, 'train'), settingof(f, 'epochs'), run_label('mse.csv')) font ',12'
set logscale y
set grid
set key top right font ',8'
set ylabel 'test MSE'

set logscale x 2
set xlabel 'heads H'
set title 'after training (open points: at initialisation)'
sel(v, dup, col) = (strcol(1) eq v && $3 == dup) ? column(col) : NaN
# the same in the rows of every seed (after its seed: every column one further on)
sel_all(v, dup, col) = (strcol(2) eq v && $4 == dup) ? column(col + 1) : NaN
allrows = over('mse.csv')
# the median over seeds of test_mse (column 7), keyed by variant, kind, dup, H
med = agg('mse.csv')
mcol = agg_col(4, 7, 2)
plot allrows every ::1 using 5:(sel_all('paper', 0, 7)) with points pt 7 lc rgb faint('#1f77b4') notitle, \
     allrows every ::1 using 5:(sel_all('paper', 1, 7)) with points pt 5 lc rgb faint('#d62728') notitle, \
     allrows every ::1 using 5:(sel_all('authors', 0, 7)) with points pt 7 lc rgb faint('#1f77b4') notitle, \
     allrows every ::1 using 5:(sel_all('authors', 1, 7)) with points pt 5 lc rgb faint('#d62728') notitle, \
     med every ::1 using 4:(sel('paper', 0, mcol)) with linespoints lw 2 pt 7 lc rgb '#1f77b4' dt 1 title 'paper, plain', \
     med every ::1 using 4:(sel('paper', 1, mcol)) with linespoints lw 2 pt 5 lc rgb '#d62728' dt 1 title 'paper, duplicated', \
     med every ::1 using 4:(sel('authors', 0, mcol)) with linespoints lw 2 pt 7 lc rgb '#1f77b4' dt 2 title 'authors, plain', \
     med every ::1 using 4:(sel('authors', 1, mcol)) with linespoints lw 2 pt 5 lc rgb '#d62728' dt 2 title 'authors, duplicated', \
     f every ::1 using 4:(sel('paper', 0, 5)) with points pt 6 lc rgb '#1f77b4' notitle, \
     f every ::1 using 4:(sel('paper', 1, 5)) with points pt 4 lc rgb '#d62728' notitle, \
     f every ::1 using 4:(sel('authors', 0, 5)) with points pt 6 lc rgb '#1f77b4' notitle, \
     f every ::1 using 4:(sel('authors', 1, 5)) with points pt 4 lc rgb '#d62728' notitle

unset logscale x
set xlabel 'epoch'
curve(v, k, h) = (strcol(1) eq v && strcol(2) eq k && $3 == h) ? $6 : NaN
do for [v in 'paper authors'] {
    hs = heads(v)
    set title about(v)."\n(thicker: more heads)"
    plot for [i=1:words(hs)] g every ::1 using 4:(curve(v, 'plain', word(hs, i)+0)) \
            with lines lw (0.5 + 0.5*i) lc rgb '#1f77b4' title sprintf('plain H=%s', word(hs, i)), \
         for [i=1:words(hs)] g every ::1 using 4:(curve(v, 'dup', word(hs, i)+0)) \
            with lines lw (0.5 + 0.5*i) lc rgb '#d62728' title sprintf('dup H=%s', word(hs, i))
}
unset multiplot
