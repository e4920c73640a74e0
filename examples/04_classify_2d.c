/* 04_classify_2d.c - three classes of points in the plane.

   Three Gaussian clouds, one per class, centred on the corners of a
   triangle, learned by a 2-16-3 network: ReLU hidden layer, softmax output
   and cross-entropy. Targets are one-hot rows of Y. Shows: a classifier's
   output (one row of class probabilities per sample), SGD with momentum
   (mlp_sgd and its momentum field), and the accuracy of the predictions
   (mlp_accuracy: the most probable class of each row against the target's).
   Build and run:  make examples && build/examples/04_classify_2d */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <stdio.h>

#define N_PER_CLASS 100

int main(void)
{
    const double centre[3][2] = {{0, 2}, {-1.7, -1}, {1.7, -1}};
    mlp_rng rng;
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, P = {0, 0, 0, NULL};
    mlp_optim opt = mlp_sgd(0.05);
    mlp_real loss = 0;
    int i, c, epoch;

    mlp_rng_seed(&rng, 3);
    mlp_mat_init(&X, 3 * N_PER_CLASS, 2);
    mlp_mat_init(&Y, 3 * N_PER_CLASS, 3); /* zero-filled: set one 1 per row */
    for (c = 0; c < 3; c++)
        for (i = c * N_PER_CLASS; i < (c + 1) * N_PER_CLASS; i++) {
            mlp_mat_set(&X, i, 0, (mlp_real)mlp_rng_normal(&rng, centre[c][0], 0.8));
            mlp_mat_set(&X, i, 1, (mlp_real)mlp_rng_normal(&rng, centre[c][1], 0.8));
            mlp_mat_set(&Y, i, c, 1);
        }
    opt.momentum = 0.9;
    if (mlp_net_new(&net, 2, MLP_CROSS_ENTROPY) || mlp_net_add(&net, 16, MLP_RELU) || mlp_net_add(&net, 3, MLP_SOFTMAX) ||
        mlp_net_initialize(&net, &rng)) {
        fprintf(stderr, "classify_2d: %s\n", mlp_last_error());
        return 1;
    }
    for (epoch = 1; epoch <= 50; epoch++) {
        if (mlp_train_epoch(&net, &opt, &X, &Y, 32, &rng, &loss)) {
            fprintf(stderr, "classify_2d: %s\n", mlp_last_error());
            return 1;
        }
        if (epoch % 10 == 0) printf("epoch %2d  cross-entropy %.4f\n", epoch, (double)loss);
    }
    mlp_predict(&net, &X, &P);
    printf("training accuracy: %.1f%%\n", 100 * (double)mlp_accuracy(&P, &Y)); /* the most probable class, against Y's */
    mlp_mat_print(stdout, "class probabilities of the first samples", &P);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_mat_free(&P);
    mlp_net_free(&net);
    return 0;
}
