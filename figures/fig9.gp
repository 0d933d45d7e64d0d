# Figure 9: training loss against epoch for model (6) on unitary d = 1 contexts (planar
# rotations), T = 10: linear attention, softmax attention (SM), each with and without an
# MLP (hidden 32). Input: $results/loss.csv (epoch,linear,softmax,linear_mlp,softmax_mlp,...).
set datafile separator ','
set logscale y
set grid
set key top right
set xlabel 'epoch'
set ylabel 'training loss'
set title "Figure 9 — model (6) with and without softmax (SM) and MLP: training loss" font ',12'
f = results.'/loss.csv'
plot f every ::1 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'linear attention', \
     f every ::1 using 1:3 with lines lw 2 lc rgb '#d62728' title 'SM attention', \
     f every ::1 using 1:4 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'linear attention + MLP', \
     f every ::1 using 1:5 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'SM attention + MLP'
