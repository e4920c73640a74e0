/* bench.c - how fast mlp.h is: its three products and whole training epochs.

   Built by `make bench` twice, in double and in float (-DMLP_REAL=float), with
   the project's flags (-O2 -ffp-contract=off), and again with -march=native
   (the "native" variant: wider vectors, same numbers). When OpenBLAS is
   installed, -DBENCH_OPENBLAS adds the same products through cblas_dgemm /
   cblas_sgemm for comparison (run with OPENBLAS_NUM_THREADS=1).

   Usage:  bench products          GFLOP/s of X W, X^T dZ, dZ W^T at five shapes
           bench W1|W2|W3          one training workload (see bench/README.md)
   Every figure is the median of RUNS timed runs, with their min and max: the
   machine may be shared, so single runs are noisy. Runs are timed in
   processor time, not by the wall clock (see timing.h).

   Output: one line per measurement, fields separated by spaces, for
   bench/table.awk to put into tables:
     product <name> <B>x<n_in>x<n_out> <precision> <impl> <median> <min> <max>   (GFLOP/s)
     ratio <name> <B>x<n_in>x<n_out> <precision> <impl> <median> <min> <max>     (impl / OpenBLAS)
     train <workload> <precision> <impl> <median> <min> <max> <unit> <peak_rss_kb> <allocs>
   allocs counts MLP_MALLOC/MLP_REALLOC/MLP_FREE calls made during training
   after the first step (mlp.h promises 0). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "timing.h"

/* Count every allocation mlp.h makes. */
static long alloc_count = 0;
static void *bench_malloc(size_t n) { alloc_count++; return malloc(n); }
static void *bench_realloc(void *p, size_t n) { alloc_count++; return realloc(p, n); }
static void bench_free(void *p) { if (p) alloc_count++; free(p); }
#define MLP_MALLOC(n) bench_malloc(n)
#define MLP_REALLOC(p, n) bench_realloc(p, n)
#define MLP_FREE(p) bench_free(p)

#define MLP_IMPLEMENTATION
#include "../mlp.h"

#ifdef BENCH_OPENBLAS
#include <cblas.h>
char *openblas_get_corename(void); /* OpenBLAS's: the processor its kernels were chosen for, e.g. "Haswell" */
#endif


static const char *precision = sizeof(mlp_real) == sizeof(float) ? "float" : "double";
/* which build this is: -DBENCH_NATIVE for the one with -march=native */
#ifdef BENCH_NATIVE
static const char *impl_name = "mlp.h-native";
static const char *openblas_name = "openblas-with-native"; /* shown only as a ratio */
#else
static const char *impl_name = "mlp.h";
static const char *openblas_name = "openblas";
#endif

static void fill_uniform(mlp_mat *M, mlp_rng *rng, double a, double b)
{
    size_t t, n = (size_t)M->rows * M->cols;
    for (t = 0; t < n; t++) M->data[t] = (mlp_real)mlp_rng_uniform_range(rng, a, b);
}

/* ---- the products ---------------------------------------------------------- */

typedef enum { XW, XTDZ, DZWT } product;
static const char *product_name[] = {"XW", "XT_dZ", "dZ_WT"};

typedef struct {
    mlp_mat X, W, Z, dZ, dW, dX;
} layer_mats;

static void run_mlp(product pr, layer_mats *L)
{
    if (pr == XW) mlp_mat_mul(&L->Z, &L->X, &L->W, 0);          /* Z = X W      */
    else if (pr == XTDZ) mlp_mat_mul_tn(&L->dW, &L->X, &L->dZ, 1); /* dW += X^T dZ */
    else mlp_mat_mul_nt(&L->dX, &L->dZ, &L->W, 0);              /* dX = dZ W^T  */
}

#ifdef BENCH_OPENBLAS
static void run_blas(product pr, layer_mats *L)
{
    int B = L->X.rows, n_in = L->X.cols, n_out = L->W.cols;
    if (sizeof(mlp_real) == sizeof(double)) {
        if (pr == XW)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, n_out, n_in, 1.0, (const double *)L->X.data, n_in,
                        (const double *)L->W.data, n_out, 0.0, (double *)L->Z.data, n_out);
        else if (pr == XTDZ)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n_in, n_out, B, 1.0, (const double *)L->X.data, n_in,
                        (const double *)L->dZ.data, n_out, 1.0, (double *)L->dW.data, n_out);
        else
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, n_in, n_out, 1.0, (const double *)L->dZ.data, n_out,
                        (const double *)L->W.data, n_out, 0.0, (double *)L->dX.data, n_in);
    } else {
        if (pr == XW)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, n_out, n_in, 1.0f, (const float *)L->X.data, n_in,
                        (const float *)L->W.data, n_out, 0.0f, (float *)L->Z.data, n_out);
        else if (pr == XTDZ)
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n_in, n_out, B, 1.0f, (const float *)L->X.data, n_in,
                        (const float *)L->dZ.data, n_out, 1.0f, (float *)L->dW.data, n_out);
        else
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, n_in, n_out, 1.0f, (const float *)L->dZ.data, n_out,
                        (const float *)L->W.data, n_out, 0.0f, (float *)L->dX.data, n_in);
    }
}
#endif

static void run_impl(product pr, layer_mats *L, int use_blas)
{
#ifdef BENCH_OPENBLAS
    if (use_blas) {
        run_blas(pr, L);
        return;
    }
#endif
    (void)use_blas;
    run_mlp(pr, L);
}

/* Seconds for `reps` calls. */
static double time_reps(product pr, layer_mats *L, int use_blas, long reps)
{
    double t0 = now();
    long r;
    for (r = 0; r < reps; r++) run_impl(pr, L, use_blas);
    return now() - t0;
}

/* GFLOP/s of one product (2 B n_in n_out flops per call) by mlp.h and, with
   BENCH_OPENBLAS, by OpenBLAS. Each timed run repeats the call for about
   20 ms; the runs of the two alternate, so that a slow spell of a shared
   machine slows both, and the ratio is the median of the ratios of each
   pair of runs. */
static void time_product(product pr, layer_mats *L, int n_impl, double g[2][RUNS], double ratio[RUNS])
{
    double flops = 2.0 * L->X.rows * L->X.cols * L->W.cols;
    long reps[2] = {1, 1};
    int run, impl;
    for (impl = 0; impl < n_impl; impl++) /* calibrate */
        while (time_reps(pr, L, impl, reps[impl]) < 0.02) reps[impl] *= 2;
    for (run = 0; run < RUNS; run++) {
        for (impl = 0; impl < n_impl; impl++) {
            g[impl][run] = flops * (double)reps[impl] / time_reps(pr, L, impl, reps[impl]) * 1e-9;
            mlp_mat_fill(&L->dW, 0); /* keep the accumulated dW small */
        }
        ratio[run] = n_impl > 1 ? g[0][run] / g[1][run] : 0;
    }
}

static void bench_products(void)
{
    static const int shapes[][3] = {{32, 784, 128}, {128, 784, 128}, {100, 100, 100}, {256, 256, 256}, {512, 512, 512}};
#ifdef BENCH_OPENBLAS
    const int n_impl = 2;
#else
    const int n_impl = 1;
#endif
    int s;
    product pr;
    mlp_rng rng;
    mlp_rng_seed(&rng, 1);
    for (s = 0; s < (int)(sizeof shapes / sizeof shapes[0]); s++) {
        int B = shapes[s][0], n_in = shapes[s][1], n_out = shapes[s][2];
        layer_mats L;
        memset(&L, 0, sizeof L);
        mlp_mat_init(&L.X, B, n_in);
        mlp_mat_init(&L.W, n_in, n_out);
        mlp_mat_init(&L.Z, B, n_out);
        mlp_mat_init(&L.dZ, B, n_out);
        mlp_mat_init(&L.dW, n_in, n_out);
        mlp_mat_init(&L.dX, B, n_in);
        fill_uniform(&L.X, &rng, -1, 1);
        fill_uniform(&L.W, &rng, -0.1, 0.1);
        fill_uniform(&L.dZ, &rng, -0.01, 0.01);
        for (pr = XW; pr <= DZWT; pr = (product)(pr + 1)) {
            double g[2][RUNS], ratio[RUNS], med, lo, hi;
            int impl;
            time_product(pr, &L, n_impl, g, ratio);
            for (impl = 0; impl < n_impl; impl++) {
                summarize(g[impl], &med, &lo, &hi);
                printf("product %s %dx%dx%d %s %s %.2f %.2f %.2f\n", product_name[pr], B, n_in, n_out, precision,
                       impl ? openblas_name : impl_name, med, lo, hi);
            }
            if (n_impl > 1) {
                summarize(ratio, &med, &lo, &hi);
                printf("ratio %s %dx%dx%d %s %s %.2f %.2f %.2f\n", product_name[pr], B, n_in, n_out, precision, impl_name,
                       med, lo, hi);
            }
            fflush(stdout);
        }
        mlp_mat_free(&L.X);
        mlp_mat_free(&L.W);
        mlp_mat_free(&L.Z);
        mlp_mat_free(&L.dZ);
        mlp_mat_free(&L.dW);
        mlp_mat_free(&L.dX);
    }
}

/* ---- training workloads ----------------------------------------------------- */

static void die(const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, mlp_last_error());
    exit(1);
}

/* Allocations made by 10 training steps (forward, loss, zero_grad, backward,
   step) on batches of the same size, after a first step that sized the
   buffers. mlp.h promises 0. */
static long allocs_after_first_step(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y, int batch)
{
    long before = alloc_count;
    int s;
    for (s = 0; s <= 10; s++) {
        int start = (s * batch) % (X->rows - batch + 1);
        mlp_mat xb = mlp_mat_view(batch, X->cols, X->data + (size_t)start * X->cols);
        mlp_mat yb = mlp_mat_view(batch, Y->cols, Y->data + (size_t)start * Y->cols);
        if (s == 1) before = alloc_count; /* after the first step */
        if (!mlp_forward(net, &xb)) die("forward");
        (void)mlp_loss(net, &yb);
        mlp_zero_grad(net);
        if (mlp_backward(net, &yb) || mlp_step(net, opt)) die("backward/step");
    }
    return alloc_count - before;
}

/* Train `epochs_per_run` epochs per timed run, after one warm-up epoch (which
   sizes the buffers of mlp_train_epoch); report runs/s scaled by `per_epoch`
   (N for samples/s, 1 for epochs/s). The allocations reported are those of
   10 steps after the first one, plus those of the timed epochs. */
static void time_training(const char *name, mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y, int batch,
                          int epochs_per_run, double per_epoch, const char *unit)
{
    mlp_rng rng;
    double v[RUNS], med, lo, hi, t0;
    long allocs;
    int run, e;
    mlp_rng_seed(&rng, 7);
    allocs = allocs_after_first_step(net, opt, X, Y, batch);
    if (mlp_train_epoch(net, opt, X, Y, batch, &rng, NULL)) die(name);
    allocs -= alloc_count;
    for (run = 0; run < RUNS; run++) {
        t0 = now();
        for (e = 0; e < epochs_per_run; e++)
            if (mlp_train_epoch(net, opt, X, Y, batch, &rng, NULL)) die(name);
        v[run] = per_epoch * epochs_per_run / (now() - t0);
    }
    allocs += alloc_count;
    summarize(v, &med, &lo, &hi);
    printf("train %s %s %s %.0f %.0f %.0f %s %ld %ld\n", name, precision, impl_name, med, lo, hi, unit, peak_rss_kb(), allocs);
    fflush(stdout);
}

/* W1: an MNIST-sized classifier on random data: N = 10000 samples of 784
   uniform [0, 1) pixels, 10 random classes (one-hot); 784-128 ReLU - 10
   softmax, cross-entropy, SGD lr 0.01, batch 32; samples per second. */
static void bench_w1(void)
{
    enum { N = 10000, D = 784, H = 128, K = 10 };
    mlp_rng rng;
    mlp_mat X = {0}, Y = {0};
    mlp_net net;
    mlp_optim opt = mlp_sgd((mlp_real)0.01);
    int i;
    mlp_rng_seed(&rng, 1);
    if (mlp_mat_init(&X, N, D) || mlp_mat_init(&Y, N, K)) die("W1 data");
    fill_uniform(&X, &rng, 0, 1);
    for (i = 0; i < N; i++) Y.data[(size_t)i * K + mlp_rng_below(&rng, K)] = 1;
    if (mlp_net_new(&net, D, MLP_CROSS_ENTROPY) || mlp_net_add(&net, H, MLP_RELU) || mlp_net_add(&net, K, MLP_SOFTMAX) ||
        mlp_net_initialize(&net, &rng))
        die("W1 network");
    time_training("W1", &net, &opt, &X, &Y, 32, 1, N, "samples/s");
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

/* W2: a 1-D regression: y = sin(x) at N = 256 points x uniform in [-pi, pi];
   1-64-64-1 tanh, MSE, Adam lr 1e-3; epochs per second with batches of 32
   and with the full batch. */
static void bench_w2(void)
{
    enum { N = 256 };
    mlp_rng rng;
    mlp_mat X = {0}, Y = {0};
    int i, full;
    mlp_rng_seed(&rng, 2);
    if (mlp_mat_init(&X, N, 1) || mlp_mat_init(&Y, N, 1)) die("W2 data");
    for (i = 0; i < N; i++) {
        double x = mlp_rng_uniform_range(&rng, -3.141592653589793, 3.141592653589793);
        X.data[i] = (mlp_real)x;
        Y.data[i] = (mlp_real)sin(x);
    }
    for (full = 0; full <= 1; full++) {
        mlp_net net;
        mlp_optim opt = mlp_adam((mlp_real)1e-3);
        if (mlp_net_new(&net, 1, MLP_MSE) || mlp_net_add(&net, 64, MLP_TANH) || mlp_net_add(&net, 64, MLP_TANH) ||
            mlp_net_add(&net, 1, MLP_IDENTITY) || mlp_net_initialize(&net, &rng))
            die("W2 network");
        time_training(full ? "W2_full" : "W2_b32", &net, &opt, &X, &Y, full ? N : 32, full ? 200 : 50, 1, "epochs/s");
        mlp_net_free(&net);
    }
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

/* W3: a small full-batch regression: N = 100 samples, 8 normal inputs, 8
   normal targets; 8-100-100-8 ReLU, MSE, Adam lr 1e-3, full batch; epochs per
   second. */
static void bench_w3(void)
{
    enum { N = 100, D = 8 };
    mlp_rng rng;
    mlp_mat X = {0}, Y = {0};
    mlp_net net;
    mlp_optim opt = mlp_adam((mlp_real)1e-3);
    size_t t;
    mlp_rng_seed(&rng, 3);
    if (mlp_mat_init(&X, N, D) || mlp_mat_init(&Y, N, D)) die("W3 data");
    for (t = 0; t < (size_t)N * D; t++) {
        X.data[t] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
        Y.data[t] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    }
    if (mlp_net_new(&net, D, MLP_MSE) || mlp_net_add(&net, 100, MLP_RELU) || mlp_net_add(&net, 100, MLP_RELU) ||
        mlp_net_add(&net, D, MLP_IDENTITY) || mlp_net_initialize(&net, &rng))
        die("W3 network");
    time_training("W3", &net, &opt, &X, &Y, N, 200, 1, "epochs/s");
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    (void)bench_malloc; /* mlp.h may grow every buffer with MLP_REALLOC only */
    if (!strcmp(what, "products")) {
        printf("# %s, %s: products by the kernel with %s", impl_name, sizeof(mlp_real) == sizeof(float) ? "float" : "double",
               mlp_kernel_name());
#ifdef BENCH_OPENBLAS
        printf("; OpenBLAS kernels for %s", openblas_get_corename());
#endif
        printf("\n");
        bench_products();
    }
    else if (!strcmp(what, "W1")) bench_w1();
    else if (!strcmp(what, "W2")) bench_w2();
    else if (!strcmp(what, "W3")) bench_w3();
    else {
        fprintf(stderr, "usage: %s products|W1|W2|W3\n", argv[0]);
        return 2;
    }
    return 0;
}
