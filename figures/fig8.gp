# Figure 8: sum_h B_h^T B_h (B_h = W_O^h W_V^h, 10 x 10 with d = 5 duplicated) at
# initialisation (all heads equal plus 0.05 N(0,1)) and after training; the title names
# the variant of the model (the paper's text or the authors' code) and its choices.
# The maps are SEED's (the folder `results`); the title lists, for every seed (the
# folders `seed_dirs` too, figures/seeds.gp: settings of each seed's own bb.csv, which
# the file over seeds leaves out), the off-diagonal mass over the diagonal of the trained
# matrix against the initial one, the quantity of the claim fig8.orthogonality; its profile
# and seeds, of bb.csv over seeds.
# Input: bb.csv (i,j,init,trained) of each seed's folder.
load 'figures/seeds.gp'
set datafile separator ','
set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')
unset key
set size ratio -1
set xlabel 'j'; set ylabel 'i'
set yrange [*:*] reverse
set autoscale xfix; set autoscale yfix
f = results.'/bb.csv'
settingof(file, k) = system(sprintf("sed -n 's/^# %s=//p' '%s'", k, file))
setting(k) = settingof(f, k)
ratios = ''
do for [d in dirs] {
    g = d.'/bb.csv'
    ratios = ratios.sprintf('%sseed %s: %s -> %s', (ratios eq '' ? '' : ', '), settingof(g, 'seed'), \
        settingof(g, 'offdiag_ratio_init'), settingof(g, 'offdiag_ratio_trained'))
}
set multiplot layout 1,2 title sprintf("Figure 8 — orthogonality between heads: sum_h B_h^T B_h at initialisation and after training, seed %s\n%s variant (query %s, loss %s, W_O %s), H = %s; %s\noff-diagonal mass / diagonal mass, initial -> trained: %s", \
    setting('seed'), setting('variant'), setting('query'), setting('loss_positions'), setting('head_out'), setting('H'), \
    run_label('bb.csv'), ratios) font ',12' noenhanced
stats f every ::1 using 3 nooutput
lim = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))
set cbrange [-lim:lim]
set title 'at initialisation'
plot f every ::1 using 2:1:3 with image
stats f every ::1 using 4 nooutput
lim = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))
set cbrange [-lim:lim]
set title 'after training'
plot f every ::1 using 2:1:4 with image
unset multiplot
