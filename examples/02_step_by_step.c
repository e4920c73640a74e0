/* 02_step_by_step.c - one training step, spelled out, and checked.

   The training loop in four calls, as in PyTorch: forward, loss, zero_grad +
   backward, step. After the backward pass every intermediate is a named
   field of each layer (X, Z, A, dA, dZ, dW, db); this program prints them for
   a 3-4-2 network on a batch of 3 samples, then checks backprop against
   finite differences with mlp_grad_check, the function to use on your own
   networks. A good program to step through in gdb: `make debug`, then
   `gdb build/debug/02_step_by_step`, `break mlp_dense_backward`, `run`.
   Build and run:  make examples && build/examples/02_step_by_step */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <stdio.h>

int main(void)
{
    mlp_real x[3][3] = {{0.5, -1, 2}, {1, 0, -0.5}, {-1.5, 1, 0}};
    mlp_real y[3][2] = {{1, 0}, {0, 1}, {1, 0}};
    mlp_mat X = mlp_mat_view(3, 3, &x[0][0]), Y = mlp_mat_view(3, 2, &y[0][0]);
    mlp_rng rng;
    mlp_net net;
    mlp_optim opt = mlp_sgd(0.1);
    mlp_gradcheck worst;
    mlp_real loss, err;
    int l;

    mlp_rng_seed(&rng, 42);
    if (mlp_net_new(&net, 3, MLP_CROSS_ENTROPY) || mlp_net_add(&net, 4, MLP_TANH) || mlp_net_add(&net, 2, MLP_SOFTMAX) ||
        mlp_net_initialize(&net, &rng)) {
        fprintf(stderr, "step_by_step: %s\n", mlp_last_error());
        return 1;
    }
    mlp_net_print(stdout, &net);

    /* 1. forward: Z = X W + b, A = f(Z), layer by layer */
    if (!mlp_forward(&net, &X)) return 1;
    /* 2. the loss of this batch */
    loss = mlp_loss(&net, &Y);
    printf("\nloss before the step: %.6f\n", (double)loss);
    /* 3. gradients: cleared, then computed from the last layer to the first */
    mlp_zero_grad(&net);
    if (mlp_backward(&net, &Y)) return 1;
    for (l = 0; l < net.n_layers; l++) {
        printf("\n--- layer %d ---\n", l);
        mlp_mat_print(stdout, "Z", &net.layers[l].Z);
        mlp_mat_print(stdout, "A", &net.layers[l].A);
        mlp_mat_print(stdout, "dZ", &net.layers[l].dZ);
        mlp_mat_print(stdout, "dW", &net.layers[l].dW);
        mlp_mat_print(stdout, "db", &net.layers[l].db);
    }
    /* 4. the update W -= lr dW, b -= lr db */
    mlp_step(&net, &opt);
    mlp_forward(&net, &X);
    printf("\nloss after one SGD step (lr %g): %.6f\n", (double)opt.lr, (double)mlp_loss(&net, &Y));

    /* Is backprop right? Compare with central differences. */
    err = mlp_grad_check(&net, &X, &Y, 0, &worst);
    printf("gradient check: largest relative error %.2e over %ld parameters (layer %d, %s[%d][%d])\n", (double)err,
           worst.n_checked, worst.layer, worst.is_bias ? "b" : "W", worst.row, worst.col);
    mlp_net_free(&net);
    return err < 1e-4 ? 0 : 1;
}
