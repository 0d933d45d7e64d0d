# Loaded by the figures drawn over seeds, after `results` is set (tools/plot). Reads
# `over_seeds` (the folder of the figure's CSVs put together over its seeds by icar-seeds,
# passed by make, mk/seeds.mk: NAME holds every row of every seed after a first column
# `seed`; NAME-aggregate.csv, per point, its key columns and then, for each value column
# V, V_n, V_median, V_min, V_max over the seeds) and `seed_dirs` (space-separated: the
# figure's folders of the other seeds, where a figure reads a setting of each seed's own
# file; none: SEED's folder only), and defines
#   dirs                   SEED's folder and the other seeds'
#   over(NAME)             the file of NAME's rows of every seed (column 1: the seed;
#                          column c of NAME is column c + 1)
#   agg(NAME)              the aggregate of NAME
#   agg_col(NKEYS, C, S)   the column of the aggregate holding statistic S (1 n, 2 median,
#                          3 min, 4 max) of column C of NAME, whose keys are its first NKEYS
#   seeds_of(NAME)         the seeds put together, space-separated ("1 2 3")
#   run_label(NAME)        "quick profile, seeds 1-3": the profile and seeds of NAME over seeds
#   faint(RGB)             RGB drawn faintly (one seed's line beside the median)
if (!exists('seed_dirs')) seed_dirs = ''
if (!exists('over_seeds')) over_seeds = results.'/over-seeds'
dirs = results
do for [d in seed_dirs] { dirs = dirs.' '.d }
over(name) = over_seeds.'/'.name
agg(name) = over_seeds.'/'.name[1:strlen(name) - 4].'-aggregate.csv'
agg_col(nkeys, c, s) = nkeys + 4*(c - nkeys - 1) + s
seeds_of(name) = system(sprintf("sed -n 's/^# seeds=//p' '%s'", agg(name)))
run_label(name) = system(sprintf("figures/seeds label '%s'", agg(name)))
faint(rgb) = sprintf('#B0%s', rgb[2:7])
