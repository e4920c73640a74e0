/* 01_xor.c - the smallest network that needs a hidden layer.

   XOR is not linearly separable, so a network without a hidden layer cannot
   learn it; one tanh hidden layer of 4 units can. Shows: building a network
   (mlp_net_new, mlp_net_add, mlp_net_initialize), wrapping your own arrays
   as matrices (mlp_mat_view), the training loop (mlp_train_epoch),
   predictions (mlp_predict) and the printers. It is also the complete
   program at the end of mlp.h's manual (tests/run.sh keeps the two equal).
   Build and run:  cc -std=c99 -I. examples/01_xor.c -lm && ./a.out
   (or make examples && build/examples/01_xor) */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <stdio.h>

int main(void)
{
    mlp_real x[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    mlp_real y[4][1] = {{0}, {1}, {1}, {0}};
    mlp_mat X = mlp_mat_view(4, 2, &x[0][0]), Y = mlp_mat_view(4, 1, &y[0][0]), P = {0, 0, 0, NULL};
    mlp_rng rng;
    mlp_net net;
    mlp_optim opt = mlp_sgd(0.5);
    mlp_real loss = 0;
    int epoch;

    mlp_rng_seed(&rng, 1);
    if (mlp_net_new(&net, 2, MLP_BCE) || mlp_net_add(&net, 4, MLP_TANH) || mlp_net_add(&net, 1, MLP_SIGMOID) ||
        mlp_net_initialize(&net, &rng)) {
        fprintf(stderr, "xor: %s\n", mlp_last_error());
        return 1;
    }
    mlp_net_print(stdout, &net);
    mlp_optim_print(stdout, &opt);
    for (epoch = 1; epoch <= 2000; epoch++) {
        if (mlp_train_epoch(&net, &opt, &X, &Y, 4, &rng, &loss)) {
            fprintf(stderr, "xor: %s\n", mlp_last_error());
            return 1;
        }
        if (epoch == 1 || epoch % 500 == 0) printf("epoch %4d  loss %.5f\n", epoch, (double)loss);
    }
    mlp_predict(&net, &X, &P);
    mlp_mat_print(stdout, "P(y = 1 | x)", &P);
    mlp_mat_free(&P);
    mlp_net_free(&net);
    return 0;
}
