# Loaded by the figures drawn over seeds, after `results` is set (tools/plot). Reads
# `seed_dirs` (space-separated: the figure's folders of the other seeds, passed by make;
# none: SEED's folder only) and defines
#   dirs               SEED's folder and the other seeds'
#   run_label(NAME)    "quick profile, seeds 1-3": the profile and seeds of NAME's copies
#   seed_stats(NAME, KEYS, COL)  a data source: per row keyed by columns KEYS
#                      ("1" or "1,2,3"), KEYS..., median, min, max of column COL over seeds
#   faint(RGB)         RGB drawn faintly (one seed's line beside the median)
if (!exists('seed_dirs')) seed_dirs = ''
dirs = results
do for [d in seed_dirs] { dirs = dirs.' '.d }
nseeds = words(dirs)
run_label(name) = system(sprintf("figures/seeds label '%s' %s", name, dirs))
seed_stats(name, keys, col) = sprintf("< figures/seeds stats '%s' %s %d %s", name, keys, col, dirs)
faint(rgb) = sprintf('#B0%s', rgb[2:7])
