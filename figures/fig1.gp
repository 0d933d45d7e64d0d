# Figure 1: two autoregressive processes s_{t+1} = W s_t in R^3, W Haar on O(3).
# Input: $results/points.csv (process,t,x,y,z). Dots for the first W, crosses for the second.
set datafile separator ','
set key top right
set title "Figure 1 — AR processes in R^3: s_{t+1} = W s_t, W Haar-random in O(3), s_1 = (1,1,1)/√3"
set xlabel 'x'; set ylabel 'y'; set zlabel 'z'
set view 60, 35
set xyplane 0
set grid
f = results.'/points.csv'
splot f every ::1 using ($1==1 ? $3 : NaN):4:5 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'W_1 (dots)', \
      f every ::1 using ($1==2 ? $3 : NaN):4:5 with points pt 2 ps 1.0 lc rgb '#d62728' title 'W_2 (crosses)'
