/* 05_save_load.c - a network saved by one program and loaded by another.

   What it shows: mlp_net_save writes the architecture, the weights and the
   optimizer's state (Adam's moments and step count) to a text file, and
   mlp_net_load reads it back exactly: the second run prints the same
   predictions to the last digit, then continues training as if it had never
   stopped. Uses mlp_toy_sine for the data (Bishop's noisy sine curve).

       build/examples/05_save_load train sine.net    # trains 300 epochs, saves
       build/examples/05_save_load resume sine.net   # loads, predicts, trains 300 more, saves
       less sine.net                              # the file is plain text

   Run without arguments, it does both in one go (file save_load_demo.net
   in the current directory, removed at the end). */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <stdio.h>
#include <string.h>

/* The training data: the same 64 noisy samples in both programs (same seed). */
static int make_data(mlp_mat *X, mlp_mat *Y)
{
    mlp_rng rng;
    mlp_rng_seed(&rng, 2006);
    return mlp_toy_sine(X, Y, 64, (mlp_real)0.1, &rng);
}

static void show_predictions(mlp_net *net, const char *when)
{
    mlp_real x[5] = {0.1f, 0.3f, 0.5f, 0.7f, 0.9f};
    mlp_mat X = mlp_mat_view(5, 1, x), P = {0};
    int i;
    mlp_predict(net, &X, &P);
    printf("%s: f(x) at x = 0.1, 0.3, ..., 0.9:", when);
    for (i = 0; i < 5; i++) printf(" %.17g", (double)P.data[i]);
    printf("\n");
    mlp_mat_free(&P);
}

/* epochs of full-batch training; the generator shuffles nothing with one batch */
static int train(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y, int epochs)
{
    mlp_real loss = 0;
    int e, status = MLP_OK;
    for (e = 0; e < epochs && status == MLP_OK; e++) status = mlp_train_epoch(net, opt, X, Y, 64, NULL, &loss);
    printf("after %ld steps: training MSE %.6f\n", opt->t, (double)loss);
    return status;
}

static int run(const char *mode, const char *path)
{
    mlp_mat X = {0}, Y = {0};
    mlp_net net;
    mlp_optim opt;
    mlp_rng rng;
    int status;
    if ((status = make_data(&X, &Y))) return status;
    if (strcmp(mode, "train") == 0) {
        mlp_rng_seed(&rng, 1);
        opt = mlp_adam((mlp_real)0.01);
        if ((status = mlp_net_new(&net, 1, MLP_MSE)) || (status = mlp_net_add(&net, 16, MLP_TANH)) ||
            (status = mlp_net_add(&net, 1, MLP_IDENTITY)) || (status = mlp_net_initialize(&net, &rng)))
            return status;
    } else if ((status = mlp_net_load(&net, &opt, path))) { /* "resume": everything from the file */
        return status;
    } else show_predictions(&net, "loaded");
    if ((status = train(&net, &opt, &X, &Y, 300)) == MLP_OK) {
        show_predictions(&net, "saved ");
        status = mlp_net_save(&net, &opt, path);
        if (status == MLP_OK) printf("saved to %s\n", path);
    }
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    return status;
}

int main(int argc, char **argv)
{
    if (argc == 3 && (strcmp(argv[1], "train") == 0 || strcmp(argv[1], "resume") == 0)) {
        if (run(argv[1], argv[2]) == MLP_OK) return 0;
        fprintf(stderr, "%s\n", mlp_last_error());
        return 1;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: %s [train|resume FILE]\n", argv[0]);
        return 2;
    }
    {
        const char *path = "save_load_demo.net"; /* in the current directory, removed at the end */
        int ok = run("train", path) == MLP_OK && run("resume", path) == MLP_OK;
        if (!ok) fprintf(stderr, "%s\n", mlp_last_error());
        remove(path);
        return ok ? 0 : 1;
    }
}
