# Figure 3: A, B, B^T A and P after gradient descent on the population loss of model (6).
# Top row: unitary contexts (H = d); bottom row: orthogonal contexts (H < d).
# Inputs: $results/{unitary,orthogonal}_{A,B,C,P}.csv (row,col,value; P: rows T'-1 = 1..T-1,
# columns 1..T, entries above the first super-diagonal are 0); the title's d and H from the
# settings of $results/summary.csv; the profile and seeds in the title, of summary.csv
# over seeds (figures/seeds.gp; the maps are SEED's).
load 'figures/seeds.gp'
set datafile separator ','
set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')
set tics scale 0 font ',8'
set colorbox
unset key
settingof(file, k) = system(sprintf("sed -n 's/^# %s=//p' '%s'", k, file))
setting(k) = settingof(results.'/summary.csv', k)
set multiplot layout 2,4 title sprintf("Figure 3 — minimizers of the population loss (3) found by gradient descent (top: unitary, H = %s; bottom: orthogonal, H = %s; d = %s)\n%s; shown: seed %s", \
    setting('heads_unitary'), setting('heads_orthogonal'), setting('d'), run_label('summary.csv'), setting('seed')) font ',12'
do for [c in "unitary orthogonal"] {
    do for [m in "A B C P"] {
        f = results.'/'.c.'_'.m.'.csv'
        stats f every ::1 using 3 nooutput
        lim = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))
        set cbrange [-lim:lim]
        set autoscale xfix; set autoscale yfix
        set yrange [*:*] reverse
        label = (m eq 'C' ? 'B^T A' : m)
        set title sprintf('%s: %s', c, label)
        set xlabel (m eq 'P' ? "t" : (m eq 'C' ? 'j' : 'coordinate'))
        set ylabel (m eq 'P' ? "row T'-1" : (m eq 'C' ? 'i' : 'head'))
        plot f every ::1 using 2:1:3 with image
    }
}
unset multiplot
