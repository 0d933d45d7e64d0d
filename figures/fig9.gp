# Figure 9: training loss against epoch for model (6) on unitary d = 1 contexts (planar
# rotations), T = 10: linear attention, softmax attention (SM), each with and without an
# MLP (hidden 32). Each seed's curve faint, the median over seeds bold (loss.csv over seeds
# and its aggregate, figures/seeds.gp).
# Input: loss.csv (epoch,linear,softmax,linear_mlp,softmax_mlp,...) over seeds: the rows of
# every seed (seed,epoch,...) and the aggregate (epoch, then n, median, min, max of each).
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
seeds = seeds_of('loss.csv')
nseeds = words(seeds)
# i runs over every (variant, seed): column 2 + i / nseeds of seed i % nseeds, in the rows
# of that seed (column 1 of the file over seeds; every other column one further on)
col(i) = 2 + int(i / nseeds)
of_seed(i) = word(seeds, i % nseeds + 1) + 0
plot for [i = 0:4*nseeds - 1] over('loss.csv') every ::1 using 2:(column(1) == of_seed(i) ? column(col(i) + 1) : NaN) \
         with lines lw 1 lc rgb faint(word(colors, col(i) - 1)) notitle, \
     for [c = 2:3] agg('loss.csv') every ::1 using 1:agg_col(1, c, 2) with lines lw 2.5 lc rgb word(colors, c - 1) title word(names, c - 1), \
     for [c = 4:5] agg('loss.csv') every ::1 using 1:agg_col(1, c, 2) with lines lw 2.5 dt 2 lc rgb word(colors, c - 1) title word(names, c - 1)
