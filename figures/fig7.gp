# Figure 7: test MSE after training against the number of heads H, with plain tokens
# (e_t = s_t) and duplicated tokens (e_t = (s_t, s_t)). Left: final test MSE (and the
# MSE at initialisation, thin); right: the test MSE along training for each run.
# Inputs: $results/mse.csv (kind,dup,H,init_test_mse,train_loss,test_mse),
#         $results/curves.csv (kind,H,epoch,train_loss,test_mse).
set datafile separator ','
set multiplot layout 1,2 title "Figure 7 — one-layer multi-head model with positional attention: test MSE against heads" font ',12'
set logscale x 2
set logscale y
set grid
set key top right
set xlabel 'heads H'
set ylabel 'test MSE'
f = results.'/mse.csv'
plot f every ::1 using 3:(($2 == 0) ? $6 : NaN) with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'plain e_t = s_t', \
     f every ::1 using 3:(($2 == 1) ? $6 : NaN) with linespoints lw 2 pt 5 lc rgb '#d62728' title 'duplicated e_t = (s_t, s_t)', \
     f every ::1 using 3:(($2 == 0) ? $4 : NaN) with points pt 6 lc rgb '#1f77b4' title 'plain, at init', \
     f every ::1 using 3:(($2 == 1) ? $4 : NaN) with points pt 4 lc rgb '#d62728' title 'duplicated, at init'
unset logscale x
set xlabel 'epoch'
set key top right font ',8'
g = results.'/curves.csv'
hs = system("awk -F, '!/^#/ && $2 == 1 {print $3}' ".f)
set title 'test MSE along training (thicker: more heads)'
plot for [i=1:words(hs)] g every ::1 using 3:((strcol(1) eq 'plain' && $2 == word(hs, i)+0) ? $5 : NaN) \
        with lines lw (0.5 + 0.5*i) lc rgb '#1f77b4' title sprintf('plain H=%s', word(hs, i)), \
     for [i=1:words(hs)] g every ::1 using 3:((strcol(1) eq 'duplicated' && $2 == word(hs, i)+0) ? $5 : NaN) \
        with lines lw (0.5 + 0.5*i) lc rgb '#d62728' title sprintf('dup H=%s', word(hs, i))
unset multiplot
