# Figure 9: training loss against epoch for model (6) on unitary d = 1 contexts (planar
# rotations), T = 10: linear attention, softmax attention (SM), each with and without an
# MLP (hidden 32). Each seed's curve faint, the median over seeds bold (figures/seeds.gp).
# Input: loss.csv (epoch,linear,softmax,linear_mlp,softmax_mlp,...) of each seed's folder.
load 'figures/seeds.gp'
set datafile separator ','
set logscale y
set format y '10^{%L}'
set grid
# Below the curves: the linear variants fall to the rounding floor of single precision,
# where the top right corner would cover them.
set key bottom left opaque box
set xlabel 'epoch'
set ylabel 'training loss'
set title sprintf("Figure 9 — model (6) with and without softmax (SM) and MLP: training loss\n%s (faint: each seed; bold: median over seeds)", \
    run_label('loss.csv')) font ',12'
names = "'linear attention' 'SM attention' 'linear attention + MLP' 'SM attention + MLP'"
colors = '#1f77b4 #d62728 #2ca02c #ff7f0e'
# i runs over every (variant, seed): column 2 + i / nseeds of seed folder i % nseeds
col(i) = 2 + int(i / nseeds)
plot for [i = 0:4*nseeds - 1] word(dirs, i % nseeds + 1).'/loss.csv' every ::1 using 1:col(i) with lines lw 1 \
         lc rgb faint(word(colors, col(i) - 1)) notitle, \
     for [c = 2:3] seed_stats('loss.csv', '1', c) using 1:2 with lines lw 2.5 lc rgb word(colors, c - 1) title word(names, c - 1), \
     for [c = 4:5] seed_stats('loss.csv', '1', c) using 1:2 with lines lw 2.5 dt 2 lc rgb word(colors, c - 1) title word(names, c - 1)
