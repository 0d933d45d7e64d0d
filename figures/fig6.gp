# Figure 6: positional encodings P learned by the PE-only model for each mu of `mus`
# (space-separated, from FIG6_MU of specs/fig6.mk, passed by make).
# Top: P (rows 1..T-1, columns 1..T) with the super-diagonal P_{i,i+1} (close to the
# optimum 1) and the unused entries above it masked; bottom: the last row of P, the masked
# entry drawn hollow. Right: the cosine absolute positional encoding p p^T (Vaswani et al.).
# Bottom: each seed's last row faint (lastrow.csv over seeds, figures/seeds.gp), SEED's
# bold; the maps are SEED's.
# Inputs: $results/P_mu*.csv, lastrow.csv, cosine_pe.csv; lastrow.csv over seeds
# (seed,mu,col,value,masked) and its aggregate (for the title's seeds).
load 'figures/seeds.gp'
set datafile separator ','
set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')
set tics font ',8'
unset key
mulist = word(mus, 1)
do for [i = 2:words(mus)] { mulist = mulist.', '.word(mus, i) }
set multiplot layout 2,words(mus) + 1 title "Figure 6 — positional-encoding-only attention: learned P for mu = ".mulist." (super-diagonal masked) and its last row; right: cosine PE p p^T\n". \
    run_label('lastrow.csv')."; maps: seed ".system(sprintf("sed -n 's/^# seed=//p' '%s/lastrow.csv'", results)).", last rows: each seed faint, seed ". \
    system(sprintf("sed -n 's/^# seed=//p' '%s/lastrow.csv'", results))." bold" font ',12'
do for [mu in mus] {
    f = results.'/P_mu'.mu.'.csv'
    stats f every ::1 using 3 nooutput
    lim = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))
    set cbrange [-lim:lim]
    set autoscale xfix; set autoscale yfix
    set yrange [*:*] reverse
    set title 'P, mu = '.mu
    set xlabel "t'"; set ylabel 't'
    plot f every ::1 using 2:1:3 with image
}
f = results.'/cosine_pe.csv'
stats f every ::1 using 3 nooutput
lim = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))
set cbrange [-lim:lim]
set title 'cosine PE: p p^T'
set xlabel "t'"; set ylabel 't'
plot f every ::1 using 2:1:3 with image
set yrange [*:*] noreverse
set autoscale x
set grid
# room for the hollow marker of the masked entry at the last column
set offsets 0.5, 0.5, graph 0.05, graph 0.05
do for [mu in mus] {
    set title 'last row of P, mu = '.mu
    set xlabel "t'"; set ylabel 'P_{T-1,t}'
    f = results.'/lastrow.csv'
    plot for [s in seeds_of('lastrow.csv')] over('lastrow.csv') every ::1 using 3:(($1 == s+0 && $2 == mu+0 && $5 == 0) ? $4 : NaN) \
             with lines lc rgb faint('#1f77b4'), \
         f every ::1 using 2:(($1 == mu+0 && $4 == 0) ? $3 : NaN) with linespoints pt 7 ps 0.5 lw 2 lc rgb '#1f77b4', \
         f every ::1 using 2:(($1 == mu+0 && $4 == 1) ? $3 : NaN) with points pt 6 ps 1 lc rgb '#d62728'
}
f = results.'/cosine_pe.csv'
stats f every ::1 using 1 nooutput
n = int(STATS_max)
set title 'last row of p p^T'
set ylabel '(p p^T)_{T,t}'
plot f every ::1 using 2:($1 == n ? $3 : NaN) with linespoints pt 7 ps 0.5 lc rgb '#2ca02c'
unset multiplot
