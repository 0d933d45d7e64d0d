# Figure 10: test MSE against depth L, the full (post-LN, softmax, MLP) Transformer against
# L steps of gradient descent (figures/depth.gp draws it).
figure_title = "Figure 10 — full Transformer (softmax attention, MLP, post-LN) with L layers vs L steps of gradient descent"
load 'figures/depth.gp'
