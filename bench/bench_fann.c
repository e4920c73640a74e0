/* bench_fann.c - workload W1 of bench/bench.c in FANN (libfann-dev), for
   comparison with another C library.

   Built twice by `make bench` when FANN is installed: against doublefann.h
   (-ldoublefann) and floatfann.h (-lfloatfann), selected by BENCH_FANN_DOUBLE.
   FANN 2.2 cannot run W1 exactly: it has no ReLU, no softmax, no
   cross-entropy and no mini-batches. The closest it offers is used, and the
   figure is a rough peer, not a like-for-like one:
     784-128-10, sigmoid hidden and output units, its MSE error, incremental
     training (a step after every sample, i.e. SGD with batch 1), lr 0.01,
     N = 10000 samples of 784 uniform [0, 1) inputs and random one-hot targets.
   Per sample that is the same arithmetic as W1 (the three products of each
   layer, as vectors instead of a batch of 32), plus 138 exponentials.
   Prints: train W1_fann <precision> fann <median> <min> <max> samples/s <peak_rss_kb> - */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include "timing.h"

#ifdef BENCH_FANN_DOUBLE
#include <doublefann.h>
#define PRECISION "double"
#else
#include <floatfann.h>
#define PRECISION "float"
#endif

enum { N = 10000, D = 784, H = 128, K = 10 };

int main(void)
{
    struct fann *ann = fann_create_standard(3, D, H, K);
    struct fann_train_data *data = fann_create_train(N, D, K);
    double rate[RUNS], med, lo, hi, t0;
    unsigned i, j;
    int run;
    if (!ann || !data) {
        fprintf(stderr, "bench_fann: cannot create the network or the data\n");
        return 1;
    }
    srand(1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < D; j++) data->input[i][j] = (fann_type)rand() / (fann_type)RAND_MAX;
        for (j = 0; j < K; j++) data->output[i][j] = 0;
        data->output[i][rand() % K] = 1;
    }
    fann_set_activation_function_hidden(ann, FANN_SIGMOID);
    fann_set_activation_function_output(ann, FANN_SIGMOID);
    fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
    fann_set_learning_rate(ann, 0.01f);
    fann_randomize_weights(ann, -0.1f, 0.1f);
    fann_train_epoch(ann, data); /* warm-up */
    for (run = 0; run < RUNS; run++) {
        t0 = now();
        fann_shuffle_train_data(data);
        fann_train_epoch(ann, data);
        rate[run] = N / (now() - t0);
    }
    summarize(rate, &med, &lo, &hi);
    printf("train W1_fann %s fann %.0f %.0f %.0f samples/s %ld -\n", PRECISION, med, lo, hi, peak_rss_kb());
    fann_destroy_train(data);
    fann_destroy(ann);
    return 0;
}
