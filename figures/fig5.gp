# Figure 5: test MSE against depth L, the augmented linear Transformer (Sec. 4) against
# L steps of gradient descent on the inner loss (step searched), log scale; right: the
# test MSE of each depth during training.
# Inputs: $results/mse.csv (L,model_mse,gd_mse,...), $results/curves.csv (L,epoch,train_mse,test_mse).
set datafile separator ','
set key top right
set logscale y
set grid
set format y '10^{%L}'
set multiplot layout 1,2 title "Figure 5 — augmented tokens: linear Transformer with L layers vs L steps of gradient descent" font ',12'
set title 'test MSE against depth'
set xlabel 'L (layers / GD steps)'
set ylabel 'test MSE'
set xtics 1
stats results.'/mse.csv' every ::1 using 1 nooutput
set xrange [0.5:STATS_max + 0.5]
plot results.'/mse.csv' every ::1 using 1:2 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'Transformer', \
     results.'/mse.csv' every ::1 using 1:3 with linespoints lw 2 pt 5 lc rgb '#d62728' title 'GD (tuned step)'
set title 'training: test MSE per epoch'
set xlabel 'epoch'
set xtics autofreq
set xrange [*:*]
set key top right
plot for [L=1:6] results.'/curves.csv' every ::1 using ($1==L ? $2 : NaN):4 with lines lw 1.5 title sprintf('L = %d', L)
unset multiplot
