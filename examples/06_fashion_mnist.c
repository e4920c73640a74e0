/* 06_fashion_mnist.c - a real data set: 70 000 small grey pictures of clothes.

   What it shows: the whole path from files on disk to a test accuracy.
   mlp_idx_load_images and mlp_idx_load_labels read the IDX files (the format
   of MNIST), mlp_scaler_fit / mlp_scaler_apply standardize every pixel with
   the mean and spread of the TRAINING images only, mlp_one_hot turns labels
   into targets, mlp_split_data holds out a validation set, mlp_train_epoch
   trains a 784-256-128-10 ReLU network with Adam, and mlp_accuracy and
   mlp_confusion_matrix score it on the 10 000 test images, which it never
   sees during training. It prints one line per epoch with the time taken.

   Data: Debian's package dataset-fashion-mnist ships the four files gzipped
   in /usr/share/datasets/fashion-mnist. mlp.h reads no gzip, so
   `make fashion` decompresses them into build/fashion-mnist/ (gzip -dc) and
   runs this program on that folder:
       make fashion
       build/examples/06_fashion_mnist [folder] [epochs]
   Without the package it says how to get it and exits with status 0.

   Fashion-MNIST: Xiao, Rasul and Vollgraf, 2017 (github.com/zalandoresearch/
   fashion-mnist). A linear classifier reaches about 0.84; a small MLP 0.88-0.90. */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *class_names[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                      "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

static double seconds_since(clock_t start) { return (double)(clock() - start) / CLOCKS_PER_SEC; }

/* Does the package's copy exist? Then only the decompression step is missing. */
#ifndef FASHION_PACKAGE_FILE
#define FASHION_PACKAGE_FILE "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
#endif
static int package_installed(void)
{
    FILE *f = fopen(FASHION_PACKAGE_FILE, "rb");
    if (!f) return 0;
    fclose(f);
    return 1;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "build/fashion-mnist";
    int epochs = argc > 2 ? atoi(argv[2]) : 8, epoch, status, k;
    char path[4][512];
    const char *files[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                            "t10k-labels-idx1-ubyte"};
    mlp_mat X_all = {0}, labels_all = {0}, X_test = {0}, labels_test = {0}, Y_all = {0}, P = {0}, C = {0};
    mlp_split split;
    mlp_scaler scaler;
    mlp_net net;
    mlp_rng rng;
    mlp_optim opt = mlp_adam((mlp_real)1e-3);
    mlp_schedule schedule;
    clock_t start = clock();
    double train_seconds = 0;

    memset(&split, 0, sizeof split); /* empty matrices, as {0} */
    memset(&scaler, 0, sizeof scaler);
    for (k = 0; k < 4; k++) snprintf(path[k], sizeof path[k], "%s/%s", dir, files[k]);
    if (mlp_idx_load_images(&X_all, path[0])) {
        if (!package_installed()) {
            printf("Fashion-MNIST is not installed. Install it with\n"
                   "    apt-get install --no-install-recommends dataset-fashion-mnist\n"
                   "then run `make fashion`. Skipping.\n");
            return 0;
        }
        fprintf(stderr, "%s\n(run `make fashion`: it decompresses the package's files into build/fashion-mnist/)\n",
                mlp_last_error());
        return 1;
    }
    if (mlp_idx_load_labels(&labels_all, path[1], 10) || mlp_idx_load_images(&X_test, path[2]) ||
        mlp_idx_load_labels(&labels_test, path[3], 10)) {
        fprintf(stderr, "%s\n", mlp_last_error());
        return 1;
    }
    printf("loaded %d training and %d test images of %d pixels in %.1f s\n", X_all.rows, X_test.rows, X_all.cols,
           seconds_since(start));

    /* 5 000 of the 60 000 training images for validation; the test set stays untouched. */
    mlp_rng_seed(&rng, 2017);
    if (mlp_one_hot(&Y_all, &labels_all, 10) || mlp_split_data(&split, &X_all, &Y_all, (mlp_real)(5000.0 / 60000.0), 0, &rng) ||
        mlp_scaler_fit(&scaler, &split.X_train) || mlp_scaler_apply(&scaler, &split.X_train, &split.X_train) ||
        mlp_scaler_apply(&scaler, &split.X_val, &split.X_val) || mlp_scaler_apply(&scaler, &X_test, &X_test)) {
        fprintf(stderr, "%s\n", mlp_last_error());
        return 1;
    }
    mlp_mat_free(&X_all);
    mlp_mat_free(&Y_all);

    if (mlp_net_new(&net, 784, MLP_CROSS_ENTROPY) || mlp_net_add(&net, 256, MLP_RELU) || mlp_net_add(&net, 128, MLP_RELU) ||
        mlp_net_add(&net, 10, MLP_SOFTMAX) || mlp_net_initialize(&net, &rng)) {
        fprintf(stderr, "%s\n", mlp_last_error());
        return 1;
    }
    /* cosine annealing: the rate falls from 1e-3 towards 0 over the epochs,
       so the last epochs settle into a minimum instead of jumping around it */
    schedule = mlp_schedule_cosine(epochs, 0);
    mlp_net_print(stdout, &net);
    mlp_optim_print(stdout, &opt);
    printf("%5s  %9s  %10s  %9s  %8s  %7s\n", "epoch", "lr", "train loss", "val loss", "val acc", "seconds");
    for (epoch = 1; epoch <= epochs; epoch++) {
        mlp_real train_loss = 0, val_loss = 0;
        clock_t t0 = clock();
        opt.lr = mlp_schedule_lr(&schedule, (mlp_real)1e-3, epoch - 1);
        if ((status = mlp_train_epoch(&net, &opt, &split.X_train, &split.Y_train, 128, &rng, &train_loss)) ||
            (status = mlp_evaluate(&net, &split.X_val, &split.Y_val, &val_loss)) ||
            (status = mlp_predict(&net, &split.X_val, &P))) {
            fprintf(stderr, "%s\n", mlp_last_error());
            return 1;
        }
        train_seconds += seconds_since(t0);
        printf("%5d  %9.2e  %10.4f  %9.4f  %8.4f  %7.1f\n", epoch, (double)opt.lr, (double)train_loss, (double)val_loss,
               (double)mlp_accuracy(&P, &split.Y_val), seconds_since(t0));
        fflush(stdout);
    }

    if (mlp_predict(&net, &X_test, &P) || mlp_confusion_matrix(&C, &P, &labels_test, 10)) {
        fprintf(stderr, "%s\n", mlp_last_error());
        return 1;
    }
    printf("\nconfusion matrix (row: true class, column: predicted)\n");
    for (k = 0; k < 10; k++) {
        int j;
        printf("%-12s", class_names[k]);
        for (j = 0; j < 10; j++) printf(" %5.0f", (double)mlp_mat_get(&C, k, j));
        printf("\n");
    }
    printf("\ntest accuracy %.4f after %d epochs; training took %.1f s, the whole program %.1f s (CPU time)\n",
           (double)mlp_accuracy(&P, &labels_test), epochs, train_seconds, seconds_since(start));

    mlp_net_free(&net);
    mlp_scaler_free(&scaler);
    mlp_split_free(&split);
    mlp_mat_free(&X_test);
    mlp_mat_free(&labels_test);
    mlp_mat_free(&labels_all);
    mlp_mat_free(&P);
    mlp_mat_free(&C);
    return 0;
}
