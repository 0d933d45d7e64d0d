# Figure 4: histograms of the per-window AR-fit MSE above the threshold, original vs shuffled.
# Reads results/hist.csv (icar-hist); counts, threshold and the vectors used come from its settings.
hist = results.'/hist.csv'
settingof(f, k) = system(sprintf("sed -n 's/^# %s=//p' '%s'", k, f))
setting(k) = settingof(hist, k)
ascii = results.'/hist-ascii.csv'
co = setting('count_original'); cs = setting('count_shuffled')
vec = setting('vectors'); nw = setting('windows'); dim = setting('dim'); thr = setting('threshold')
veclabel = (vec eq 'stand-in') ? sprintf('STAND-IN vectors (seeded Gaussian, d = %s), not GPT-2', dim) \
                               : sprintf('GPT-2 wte vectors (d = %s)', dim)
set datafile separator ','
set datafile columnheaders
set logscale x
set format x '10^{%L}'
set xlabel sprintf('MSE of the AR fit and rollout (only windows with MSE > %s)', thr)
set ylabel 'number of windows'
set title sprintf("Figure 4 — AR fits on Moby Dick: %s windows of T = 5 tokens, %s", nw, veclabel)
set key top left box opaque
set label 1 sprintf("shuffled / original = %s\nsame text with quotes and dashes folded to ASCII: %s / %s = %s", \
    setting('count_ratio'), settingof(ascii, 'count_shuffled'), settingof(ascii, 'count_original'), \
    settingof(ascii, 'count_ratio')) at graph 0.99, graph 0.95 right
set style fill transparent solid 0.45 noborder
set yrange [0:*]
plot hist using 3:($4/2):1:2:(0):4 with boxxyerror lc rgb '#1f77b4' \
       title sprintf('original (%s windows above %s)', co, thr), \
     hist using 3:($5/2):1:2:(0):5 with boxxyerror lc rgb '#ff7f0e' \
       title sprintf('shuffled (%s windows above %s)', cs, thr)
