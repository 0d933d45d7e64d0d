# Figure 5: test MSE against depth L, the augmented linear Transformer (Sec. 4) against L
# steps of gradient descent (figures/depth.gp draws it).
figure_title = "Figure 5 — augmented tokens: linear Transformer with L layers vs L steps of gradient descent"
load 'figures/depth.gp'
