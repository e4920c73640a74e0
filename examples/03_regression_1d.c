/* 03_regression_1d.c - fit a curve: y = sin(x) + noise on [-3, 3].

   A 1-32-32-1 tanh network with mean squared error and Adam, trained in
   mini-batches of 16. Shows: making data with the library's random numbers
   (mlp_rng_uniform_range, mlp_rng_normal), filling matrices with
   mlp_mat_init and mlp_mat_set, Adam (mlp_adam), measuring the error on
   held-out points (mlp_evaluate), and predictions on a grid. The printed
   table can be plotted directly, e.g. with gnuplot.
   Build and run:  make examples && build/examples/03_regression_1d */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <math.h>
#include <stdio.h>

static void make_data(mlp_rng *rng, int n, mlp_mat *X, mlp_mat *Y)
{
    int i;
    mlp_mat_init(X, n, 1);
    mlp_mat_init(Y, n, 1);
    for (i = 0; i < n; i++) {
        double x = mlp_rng_uniform_range(rng, -3, 3);
        mlp_mat_set(X, i, 0, (mlp_real)x);
        mlp_mat_set(Y, i, 0, (mlp_real)(sin(x) + mlp_rng_normal(rng, 0, 0.1)));
    }
}

int main(void)
{
    mlp_rng rng;
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, Xt = {0, 0, 0, NULL}, Yt = {0, 0, 0, NULL};
    mlp_mat grid = {0, 0, 0, NULL}, pred = {0, 0, 0, NULL};
    mlp_optim opt = mlp_adam(0.01);
    mlp_real train_loss = 0, test_loss = 0;
    int epoch, i;

    mlp_rng_seed(&rng, 2024);
    make_data(&rng, 200, &X, &Y);  /* training set */
    make_data(&rng, 200, &Xt, &Yt); /* test set, same distribution */
    if (mlp_net_new(&net, 1, MLP_MSE) || mlp_net_add(&net, 32, MLP_TANH) || mlp_net_add(&net, 32, MLP_TANH) ||
        mlp_net_add(&net, 1, MLP_IDENTITY) || mlp_net_initialize(&net, &rng)) {
        fprintf(stderr, "regression_1d: %s\n", mlp_last_error());
        return 1;
    }
    for (epoch = 1; epoch <= 300; epoch++) {
        if (mlp_train_epoch(&net, &opt, &X, &Y, 16, &rng, &train_loss) || mlp_evaluate(&net, &Xt, &Yt, &test_loss)) {
            fprintf(stderr, "regression_1d: %s\n", mlp_last_error());
            return 1;
        }
        if (epoch % 50 == 0)
            printf("epoch %3d  train MSE %.5f  test MSE %.5f  (noise variance 0.01)\n", epoch, (double)train_loss,
                   (double)test_loss);
    }
    /* the fitted curve on a grid of 13 points */
    mlp_mat_init(&grid, 13, 1);
    for (i = 0; i < 13; i++) mlp_mat_set(&grid, i, 0, (mlp_real)(-3 + 0.5 * i));
    mlp_predict(&net, &grid, &pred);
    printf("\n     x    sin(x)   network\n");
    for (i = 0; i < 13; i++)
        printf("%6.2f  %8.4f  %8.4f\n", (double)mlp_mat_get(&grid, i, 0), sin((double)mlp_mat_get(&grid, i, 0)),
               (double)mlp_mat_get(&pred, i, 0));
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_mat_free(&Xt);
    mlp_mat_free(&Yt);
    mlp_mat_free(&grid);
    mlp_mat_free(&pred);
    mlp_net_free(&net);
    return 0;
}
