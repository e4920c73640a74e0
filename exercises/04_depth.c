/* exercises/04_depth.c: what a gradient costs, counted.

   What it shows: a network from I inputs through K hidden layers of L tanh
   units to O linear outputs, with the mean squared error, written as plain
   loops in which every multiplication goes through one function, mul(),
   that counts it. The forward pass costs IL + (K-1)L^2 + LO multiplications
   per sample and the backward pass IL + 2(K-1)L^2 + 2LO + KL, exactly (the
   exercise sheet B2's question; the report derives both and says what is
   counted). The loops' gradients are checked against mlp_backward. Then the
   counts are swept over K and L: the backward pass costs about twice the
   forward pass once the hidden layers dominate, not "the same" as the
   student report E5 has it. Last, mlp_forward and mlp_backward are timed at
   a few widths; the times vary from machine to machine, so they go to
   stdout and the report only claims a loose range.

   mlp.h functions: mlp_rng_seed, mlp_rng_normal, mlp_mat_init, mlp_mat_free,
   mlp_mat_resize, mlp_mat_fill, mlp_net_new, mlp_net_add,
   mlp_net_initialize, mlp_net_free, mlp_net_param_count, mlp_forward,
   mlp_zero_grad, mlp_backward, mlp_loss, mlp_grad_check, mlp_tanh,
   mlp_last_error.

   Feeds reports/04_depth.md. Run as `04_depth OUTDIR`: writes configs.tsv,
   cost_k.tsv, cost_l.tsv, sweep_meta.tsv and results.yaml into OUTDIR. With MLP_QUICK=1 the
   sweep over L stops earlier and the timings are shorter. MLP_CHECK_ONLY=1
   runs only the self-check of the handout region. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED 20240504ULL
#define BATCH 4       /* samples in the counted passes: every count is BATCH times the per-sample formula */
#define SWEEP_I 10    /* inputs and outputs of the sweeps over K and L */
#define SWEEP_O 10
#define SWEEP_L 64    /* width while K varies */
#define K_MAX 12      /* K = 1 .. K_MAX */
#define TIME_K 3      /* the timed network: TIME_K hidden layers, SWEEP_I inputs, SWEEP_O outputs */
#define TIME_BATCH 256

/* The configurations (I, K, L, O) of the table. The first is the student
   report E's network, the fourth an MNIST-sized one with one hidden layer. */
#define N_CONFIGS 6
static const int CONFIG[N_CONFIGS][4] = {
    {2, 1, 4, 2}, {3, 2, 5, 2}, {5, 3, 8, 3}, {784, 1, 128, 10}, {10, 4, 32, 5}, {8, 2, 50, 8},
};
/* The depths of the sweep over L (each a column group of cost_l.tsv). */
#define N_SWEEP_K 4
static const int SWEEP_K[N_SWEEP_K] = {1, 2, 3, 8};

/* ---- counting ---------------------------------------------------------------
   Every multiplication of the loops below is a call of mul(), which adds one
   to a counter and returns the product. Which counter says what it is for:
     fwd       the forward pass: inputs times weights;
     bwd       the backward pass: weight gradients, gradients passed back
               through W, and the product with the activation's derivative;
     psi_eval  evaluating tanh'(z) = 1 - h^2 from the cached h (one h * h each):
               a function evaluation, like tanh itself in the forward pass,
               which is not a multiplication counted either;
     scale     the loss's factor 2 / (B O) applied to e = yhat - y: the
               exercise sheet starts the backward pass from e, so this is not
               part of its formula (and could be folded into the learning rate).
   Additions (biases, sums) are not counted: each sum of n products has n - 1
   additions, so they follow the multiplications. */
typedef struct tally {
    long fwd, bwd, psi_eval, scale;
} tally;

static mlp_real mul(long *counter, mlp_real a, mlp_real b)
{
    ++*counter;
    return a * b;
}

/* Per sample, as the report derives them. */
static long forward_formula(long I, long K, long L, long O) { return I * L + (K - 1) * L * L + L * O; }
static long backward_formula(long I, long K, long L, long O) { return I * L + 2 * (K - 1) * L * L + 2 * L * O + K * L; }

/* ---- the network as loops -------------------------------------------------------
   The weights live in an mlp.h network (layers[l].W is n_in x n_out, b is
   1 x n_out), so that mlp_backward can be run on the same numbers; the loops
   keep their own Z, A, dZ, dW and db, one matrix per layer. */
typedef struct loops {
    int n_layers;
    mlp_mat *Z, *A, *dZ, *dW, *db;
} loops;

static void loops_init(loops *c, int n_layers)
{
    c->n_layers = n_layers;
    c->Z = calloc((size_t)n_layers * 5, sizeof(mlp_mat));
    if (!c->Z) course_die("out of memory");
    c->A = c->Z + n_layers, c->dZ = c->A + n_layers, c->dW = c->dZ + n_layers, c->db = c->dW + n_layers;
}

static void loops_free(loops *c)
{
    int k;
    for (k = 0; k < 5 * c->n_layers; k++) mlp_mat_free(&c->Z[k]);
    free(c->Z);
}

/* Z_l = A_{l-1} W_l + b_l, A_l = tanh(Z_l) (hidden) or Z_l (output), A_{-1} = X. */
static void forward_counted(const mlp_net *net, const mlp_mat *X, loops *c, tally *t)
{
    int l, i, j, k;
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        const mlp_mat *in = l ? &c->A[l - 1] : X;
        int B = in->rows, hidden = l < net->n_layers - 1;
        course_ok(mlp_mat_resize(&c->Z[l], B, L->n_out) || mlp_mat_resize(&c->A[l], B, L->n_out), "mlp_mat_resize");
        for (i = 0; i < B; i++)
            for (j = 0; j < L->n_out; j++) {
                mlp_real z = L->b.data[j];
                for (k = 0; k < L->n_in; k++)
                    z += mul(&t->fwd, in->data[i * L->n_in + k], L->W.data[k * L->n_out + j]);
                c->Z[l].data[i * L->n_out + j] = z;
                c->A[l].data[i * L->n_out + j] = hidden ? mlp_tanh(z) : z;
            }
    }
}

/* The backward pass of one dense layer, counted. Given the layer's input
   A_prev (B x n_in), its weights W (n_in x n_out) and dZ = dL/dZ (B x n_out):
       dW = A_prev^T dZ,    db = the column sums of dZ,
   and, unless this is the first layer (dZ_prev NULL: nothing needs dL/dX),
       dA_prev = dZ W^T,    dZ_prev = dA_prev * tanh'(Z_prev) = dA_prev * (1 - A_prev * A_prev),
   which is the previous layer's dZ. dW, db and dZ_prev come shaped and zeroed. */
static void layer_backward_counted(const mlp_mat *A_prev, const mlp_mat *W, const mlp_mat *dZ, mlp_mat *dW,
                                   mlp_mat *db, mlp_mat *dZ_prev, tally *t)
{
    int B = dZ->rows, n_in = W->rows, n_out = W->cols, i, j, k;
    /* BEGIN SOLUTION counted-layer-backward: dW = A_prev^T dZ, db = column sums of dZ, and if dZ_prev is
       not NULL, dZ_prev = (dZ W^T) * (1 - A_prev * A_prev); every multiplication through mul(): the
       products into t->bwd, the h * h of tanh' into t->psi_eval */
    for (k = 0; k < n_in; k++)
        for (j = 0; j < n_out; j++) {
            mlp_real s = 0;
            for (i = 0; i < B; i++) s += mul(&t->bwd, A_prev->data[i * n_in + k], dZ->data[i * n_out + j]);
            dW->data[k * n_out + j] = s;
        }
    for (j = 0; j < n_out; j++)
        for (i = 0; i < B; i++) db->data[j] += dZ->data[i * n_out + j];
    if (dZ_prev)
        for (i = 0; i < B; i++)
            for (k = 0; k < n_in; k++) {
                mlp_real da = 0, h = A_prev->data[i * n_in + k];
                for (j = 0; j < n_out; j++) da += mul(&t->bwd, dZ->data[i * n_out + j], W->data[k * n_out + j]);
                dZ_prev->data[i * n_in + k] = mul(&t->bwd, da, 1 - mul(&t->psi_eval, h, h));
            }
    /* END SOLUTION; stub: (void)A_prev, (void)W, (void)dZ, (void)dW, (void)db, (void)dZ_prev, (void)t, (void)B, (void)n_in, (void)n_out, (void)i, (void)j, (void)k; */
}

/* dZ of the output layer from the loss, then layer_backward_counted from the
   last layer to the first. mlp.h's MSE is the mean over the B x O numbers, so
   dL/dyhat = 2 (yhat - Y) / (B O). */
static void backward_counted(const mlp_net *net, const mlp_mat *X, const mlp_mat *Y, loops *c, tally *t)
{
    int last = net->n_layers - 1, l, k, n = Y->rows * Y->cols;
    const mlp_real scale = 2 / (mlp_real)n;
    for (l = 0; l <= last; l++) {
        const mlp_layer *L = &net->layers[l];
        course_ok(mlp_mat_resize(&c->dZ[l], Y->rows, L->n_out) || mlp_mat_resize(&c->dW[l], L->n_in, L->n_out) ||
                      mlp_mat_resize(&c->db[l], 1, L->n_out),
                  "mlp_mat_resize");
        mlp_mat_fill(&c->dZ[l], 0), mlp_mat_fill(&c->dW[l], 0), mlp_mat_fill(&c->db[l], 0);
    }
    for (k = 0; k < n; k++) /* e = yhat - y, then the scale (identity output: dZ = dA) */
        c->dZ[last].data[k] = mul(&t->scale, scale, c->A[last].data[k] - Y->data[k]);
    for (l = last; l >= 0; l--)
        layer_backward_counted(l ? &c->A[l - 1] : X, &net->layers[l].W, &c->dZ[l], &c->dW[l], &c->db[l],
                               l ? &c->dZ[l - 1] : NULL, t);
}

/* An mlp.h network I -> K x (L tanh) -> O identity, MSE, with Xavier weights
   and small random biases (zero biases would leave db untested). */
static void build_net(mlp_net *net, int I, int K, int L, int O, mlp_rng *rng)
{
    int l, j;
    course_ok(mlp_net_new(net, I, MLP_MSE), "mlp_net_new");
    for (l = 0; l < K; l++) course_ok(mlp_net_add(net, L, MLP_TANH), "mlp_net_add");
    course_ok(mlp_net_add(net, O, MLP_IDENTITY), "mlp_net_add");
    course_ok(mlp_net_initialize(net, rng), "mlp_net_initialize");
    for (l = 0; l < net->n_layers; l++)
        for (j = 0; j < net->layers[l].n_out; j++) net->layers[l].b.data[j] = (mlp_real)mlp_rng_normal(rng, 0, 0.1);
}

static void random_mat(mlp_mat *M, int rows, int cols, mlp_rng *rng)
{
    int k;
    course_ok(mlp_mat_init(M, rows, cols), "mlp_mat_init");
    for (k = 0; k < rows * cols; k++) M->data[k] = (mlp_real)mlp_rng_normal(rng, 0, 1);
}

/* One configuration: the counted passes on a batch of B samples, and, with
   compare, the relative difference of the loops' gradients from
   mlp_backward's, ||dW_loops - dW_mlp|| / ||dW_mlp|| over every W and b
   together. (The self-check compares them with central differences.) */
typedef struct run {
    tally t;
    double vs_library;
    long params;
} run;

/* ||a - b|| / ||b||, accumulated over several pieces: *num and *den hold the sums. */
static void add_diff(double *num, double *den, const mlp_real *a, const mlp_real *b, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        double d = (double)a[k] - (double)b[k];
        *num += d * d, *den += (double)b[k] * (double)b[k];
    }
}

static run run_config(int I, int K, int L, int O, int B, int compare, unsigned long long seed)
{
    mlp_rng rng;
    mlp_net net;
    mlp_mat X = {0}, Y = {0};
    loops c;
    run r;
    int l;
    memset(&r, 0, sizeof r);
    mlp_rng_seed(&rng, seed);
    build_net(&net, I, K, L, O, &rng);
    random_mat(&X, B, I, &rng);
    random_mat(&Y, B, O, &rng);
    loops_init(&c, net.n_layers);
    forward_counted(&net, &X, &c, &r.t);
    backward_counted(&net, &X, &Y, &c, &r.t);
    r.params = mlp_net_param_count(&net);
    if (compare) {
        double num = 0, den = 0;
        if (!mlp_forward(&net, &X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        mlp_zero_grad(&net);
        course_ok(mlp_backward(&net, &Y), "mlp_backward");
        for (l = 0; l < net.n_layers; l++) {
            const mlp_layer *Ly = &net.layers[l];
            add_diff(&num, &den, c.dW[l].data, Ly->dW.data, (size_t)Ly->n_in * Ly->n_out);
            add_diff(&num, &den, c.db[l].data, Ly->db.data, (size_t)Ly->n_out);
        }
        r.vs_library = den > 0 ? sqrt(num / den) : sqrt(num);
    }
    loops_free(&c);
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Y);
    return r;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* mlp_forward and mlp_backward of SWEEP_I -> TIME_K x L -> SWEEP_O on
   TIME_BATCH samples, `calls` times, each pass timed alone (the first call,
   which allocates, is not counted). *t_fwd and *t_bwd are the shortest times
   (the least disturbed by other work on the machine); *ratio is the median
   over the calls of backward time over forward time, the two measured side
   by side: a pause that hits one call moves one ratio, not the median. */
static void time_passes(int L, int calls, double *t_fwd, double *t_bwd, double *ratio)
{
    mlp_rng rng;
    mlp_net net;
    mlp_mat X = {0}, Y = {0};
    double *r = malloc(sizeof *r * calls);
    int c;
    if (!r) course_die("out of memory");
    mlp_rng_seed(&rng, SEED + (unsigned long long)L);
    build_net(&net, SWEEP_I, TIME_K, L, SWEEP_O, &rng);
    random_mat(&X, TIME_BATCH, SWEEP_I, &rng);
    random_mat(&Y, TIME_BATCH, SWEEP_O, &rng);
    *t_fwd = *t_bwd = INFINITY;
    for (c = 0; c <= calls; c++) {
        double t0 = seconds(), t1, t2;
        if (!mlp_forward(&net, &X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        t1 = seconds();
        mlp_zero_grad(&net);
        course_ok(mlp_backward(&net, &Y), "mlp_backward");
        t2 = seconds();
        if (c == 0) continue;
        *t_fwd = fmin(*t_fwd, t1 - t0);
        *t_bwd = fmin(*t_bwd, t2 - t1);
        r[c - 1] = (t2 - t1) / (t1 - t0);
    }
    *ratio = course_median(r, calls);
    free(r);
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Y);
}

/* ---- self-check: the counted layer backward, and mlp_backward ----
   `make handout` blanks layer_backward_counted (and in mlp.h the dense
   backward and the tanh derivative); these checks then fail and name the
   TODO to fill in. On a 3-4-4-2 network (two tanh layers, MSE, small random
   biases so that db is not special) and 3 samples:
   1. the counted loops' dW and db against central differences of mlp.h's
      loss, which need only the forward pass (so they judge the loops alone),
      and the counts against the formula;
   2. mlp_backward against central differences: two linear layers (no
      activation derivative: the dense backward alone, dX included; two
      backward passes must add up), then the full one (adds the tanh
      derivative);
   3. once both agree with central differences, the loops and mlp_backward,
      which add the same terms, to rounding.
   Returns 1 if every check passed. */
static int self_check(unsigned long long seed)
{
    const int I = 3, K = 2, Lc = 4, O = 2, B = 3;
    const double tol = 1e-6; /* central differences in double agree to ~1e-9 here; a bug gives ~1 */
    const mlp_real h = (mlp_real)1e-5;
    const long want = B * backward_formula(I, K, Lc, O);
    mlp_rng rng;
    mlp_net net, lin;
    mlp_mat X = {0}, Y = {0}, X1 = {0}, Y1 = {0};
    loops c;
    tally t;
    double *loops_g, *fd, *lib;
    int n, l, p, at, loops_ok, lib_ok;
    memset(&t, 0, sizeof t);
    mlp_rng_seed(&rng, seed);
    build_net(&net, I, K, Lc, O, &rng);
    random_mat(&X, B, I, &rng);
    random_mat(&Y, B, O, &rng);
    loops_init(&c, net.n_layers);
    course_selfcheck("counted-layer-backward", "exercises/04_depth.c, layer_backward_counted");
    course_selfcheck_batch(B);
    forward_counted(&net, &X, &c, &t);
    backward_counted(&net, &X, &Y, &c, &t);
    loops_g = course_grads(&net, &n); /* for the layout; filled from the loops below */
    fd = (double *)malloc(sizeof *fd * (size_t)n);
    if (!fd) course_die("out of memory");
    for (l = 0, at = 0; l < net.n_layers; l++)
        for (p = 0; p < 2; p++) {
            mlp_mat *P = p ? &net.layers[l].b : &net.layers[l].W, *G = p ? &c.db[l] : &c.dW[l];
            int k;
            for (k = 0; k < P->rows * P->cols; k++, at++) {
                const mlp_real old = P->data[k];
                mlp_real up, down;
                loops_g[at] = (double)G->data[k];
                P->data[k] = old + h;
                if (!mlp_forward(&net, &X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
                up = mlp_loss(&net, &Y);
                P->data[k] = old - h;
                if (!mlp_forward(&net, &X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
                down = mlp_loss(&net, &Y);
                P->data[k] = old;
                fd[at] = ((double)up - (double)down) / (2 * (double)h);
            }
        }
    loops_ok = course_check_grads("the counted backward pass (3-4-4-2, tanh, MSE) vs central differences", &net,
                                  "the loops", loops_g, "central differences", fd, tol, NULL);
    loops_ok &= course_check("the counted backward pass makes the formula's multiplications",
                             t.bwd == want && t.psi_eval == (long)B * K * Lc,
                             "%ld multiplications for a %d-%d-%d-%d network on %d samples (the formula: %ld), %ld "
                             "for tanh' (should be %ld)", t.bwd, I, Lc, Lc, O, B, want, t.psi_eval, (long)B * K * Lc);

    course_selfcheck("dense-backward", "mlp.h, mlp_dense_backward");
    course_ok(mlp_net_new(&lin, I, MLP_MSE) || mlp_net_add(&lin, Lc, MLP_IDENTITY) || mlp_net_add(&lin, O, MLP_IDENTITY) ||
                  mlp_net_initialize(&lin, &rng),
              "building the network");
    random_mat(&X1, B, I, &rng);
    random_mat(&Y1, B, O, &rng);
    lib_ok = course_check_backward("two linear layers (3-4-2, identity, MSE)", &lin, &X1, &Y1, tol);
    lib_ok &= course_check_accumulates("two linear layers (3-4-2, identity, MSE)", &lin, &X1, &Y1);
    course_selfcheck("tanh-derivative", "mlp.h, mlp_tanh_deriv and mlp_act_backward (and dX in TODO(dense-backward))");
    if (lib_ok) lib_ok = course_check_backward("the 3-4-4-2 tanh network", &net, &X, &Y, tol);
    else course_check_skipped("the 3-4-4-2 tanh network", "judged once TODO(dense-backward) passes");
    if (loops_ok && lib_ok) { /* both right by central differences: the same sums */
        course_selfcheck("counted-layer-backward", "exercises/04_depth.c, layer_backward_counted (or TODO(dense-backward) in mlp.h)");
        lib = course_grads(&net, &n); /* course_check_backward left one backward pass in dW, db */
        course_check_grads("the counted backward pass vs mlp_backward (the same sums)", &net, "the loops", loops_g,
                           "mlp_backward", lib, 1e-10, NULL);
        free(lib);
    }
    free(loops_g), free(fd);
    loops_free(&c);
    mlp_net_free(&net), mlp_net_free(&lin);
    mlp_mat_free(&X), mlp_mat_free(&Y), mlp_mat_free(&X1), mlp_mat_free(&Y1);
    return course_selfcheck_done();
}

int main(int argc, char **argv)
{
    unsigned long long seed;
    run cfg[N_CONFIGS];
    int n, k, q, L, l_max, n_l = 0, fwd_ok = 0, bwd_ok = 0, sweep_points = 0, sweep_ok = 0, ratio_rising = 1;
    double worst_vs_library = 0, ratio_last = 0, ratio_k1_last = 0, prev_ratio[N_SWEEP_K] = {0};
    double timed_ratio[8], timed_L[8];
    FILE *f;

    course_start(argc, argv, "04_depth", "depth");
    seed = course_seed(SEED);
    l_max = course_pick(256, 1024);

    /* ---- self-check (see self_check); MLP_CHECK_ONLY=1 stops after it ---- */
    if (!self_check(seed)) return 1;
    if (course_check_only()) return 0;

    /* ---- the configurations of the table ---- */
    f = course_open("configs.tsv");
    fprintf(f, "# I\tK\tL\tO\tB\tforward counted\tforward formula\tbackward counted\tbackward formula\t"
               "tanh' evaluations\tloss scaling\tparameters\trelative difference from mlp_backward\n");
    for (n = 0; n < N_CONFIGS; n++) {
        const int I = CONFIG[n][0], K = CONFIG[n][1], Lc = CONFIG[n][2], O = CONFIG[n][3];
        cfg[n] = run_config(I, K, Lc, O, BATCH, 1, seed + 1 + (unsigned long long)n);
        fwd_ok += cfg[n].t.fwd == BATCH * forward_formula(I, K, Lc, O);
        bwd_ok += cfg[n].t.bwd == BATCH * backward_formula(I, K, Lc, O);
        worst_vs_library = fmax(worst_vs_library, cfg[n].vs_library);
        fprintf(f, "%d\t%d\t%d\t%d\t%d\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%.3g\n", I, K, Lc, O, BATCH, cfg[n].t.fwd,
                BATCH * forward_formula(I, K, Lc, O), cfg[n].t.bwd, BATCH * backward_formula(I, K, Lc, O),
                cfg[n].t.psi_eval, cfg[n].t.scale, cfg[n].params, cfg[n].vs_library);
    }
    course_close(f, "configs.tsv");

    f = course_open("sweep_meta.tsv"); /* for the plots' formulas and labels */
    fprintf(f, "# I\tO\tL (sweep over K)\tK (sweep over L)\n%d\t%d\t%d\t%d\n", SWEEP_I, SWEEP_O, SWEEP_L, TIME_K);
    course_close(f, "sweep_meta.tsv");

    /* ---- the sweeps: over K at width SWEEP_L, over L at depths SWEEP_K (one sample each) ---- */
    f = course_open("cost_k.tsv");
    fprintf(f, "# K\tforward counted\tbackward counted\tforward formula\tbackward formula\t(I = %d, L = %d, O = %d, "
               "one sample)\n", SWEEP_I, SWEEP_L, SWEEP_O);
    for (k = 1; k <= K_MAX; k++) {
        run r = run_config(SWEEP_I, k, SWEEP_L, SWEEP_O, 1, 0, seed + 100 + (unsigned long long)k);
        long ff = forward_formula(SWEEP_I, k, SWEEP_L, SWEEP_O), bf = backward_formula(SWEEP_I, k, SWEEP_L, SWEEP_O);
        sweep_points++, sweep_ok += r.t.fwd == ff && r.t.bwd == bf;
        fprintf(f, "%d\t%ld\t%ld\t%ld\t%ld\n", k, r.t.fwd, r.t.bwd, ff, bf);
        course_progress("sweep over K: %d/%d", k, K_MAX);
    }
    course_close(f, "cost_k.tsv");
    f = course_open("cost_l.tsv");
    fprintf(f, "# L, then for K =");
    for (q = 0; q < N_SWEEP_K; q++) fprintf(f, " %d", SWEEP_K[q]);
    fprintf(f, ": forward counted, backward counted, forward formula, backward formula, backward/forward "
               "(I = %d, O = %d, one sample)\n", SWEEP_I, SWEEP_O);
    for (L = 4; L <= l_max; L *= 2, n_l++) {
        fprintf(f, "%d", L);
        for (q = 0; q < N_SWEEP_K; q++) {
            run r = run_config(SWEEP_I, SWEEP_K[q], L, SWEEP_O, 1, 0, seed + 200 + (unsigned long long)L);
            long ff = forward_formula(SWEEP_I, SWEEP_K[q], L, SWEEP_O), bf = backward_formula(SWEEP_I, SWEEP_K[q], L, SWEEP_O);
            double ratio = (double)r.t.bwd / (double)r.t.fwd;
            sweep_points++, sweep_ok += r.t.fwd == ff && r.t.bwd == bf;
            if (SWEEP_K[q] >= 2 && n_l > 0 && !(ratio > prev_ratio[q])) ratio_rising = 0;
            prev_ratio[q] = ratio;
            if (SWEEP_K[q] == TIME_K) ratio_last = ratio;
            if (SWEEP_K[q] == 1) ratio_k1_last = ratio;
            fprintf(f, "\t%ld\t%ld\t%ld\t%ld\t%.17g", r.t.fwd, r.t.bwd, ff, bf, ratio);
        }
        fprintf(f, "\n");
        course_progress("sweep over L: %d/%d", L, l_max);
    }
    course_progress_done();
    course_close(f, "cost_l.tsv");

    /* ---- timed: mlp_forward and mlp_backward (stdout only) ---- */
    {
        int i = 0;
        for (L = 64; L <= course_pick(256, 512); L *= 2, i++) {
            double tf, tb, ratio;
            time_passes(L, L >= 256 ? course_pick(21, 41) : course_pick(51, 201), &tf, &tb, &ratio);
            timed_L[i] = L, timed_ratio[i] = tb / tf; /* the shortest calls: the least disturbed by other work */
            printf("04_depth: timed, %d -> %d x %d tanh -> %d, batch %d: forward %.3g s, backward %.3g s (the "
                   "shortest), ratio %.2f (of the shortest; median of the calls' ratios %.2f; counted: %.3f)\n", SWEEP_I, TIME_K, L,
                   SWEEP_O, TIME_BATCH, tf, tb, tb / tf, ratio,
                   (double)backward_formula(SWEEP_I, TIME_K, L, SWEEP_O) / (double)forward_formula(SWEEP_I, TIME_K, L, SWEEP_O));
        }
        n = i;
    }

    /* ---- results ---- */
    course_put("batch", "%d", BATCH);
    course_put("n_configs", "%d", N_CONFIGS);
    for (q = 0; q < N_CONFIGS; q++) {
        char key[48];
        const int I = CONFIG[q][0], K = CONFIG[q][1], Lc = CONFIG[q][2], O = CONFIG[q][3];
#define PUT(name, fmt, value) (snprintf(key, sizeof key, "c%d_%s", q, name), course_put(key, fmt, value))
        PUT("I", "%d", I), PUT("K", "%d", K), PUT("L", "%d", Lc), PUT("O", "%d", O);
        PUT("fwd", "%ld", cfg[q].t.fwd / BATCH);
        PUT("fwd_formula", "%ld", forward_formula(I, K, Lc, O));
        PUT("bwd", "%ld", cfg[q].t.bwd / BATCH);
        PUT("bwd_formula", "%ld", backward_formula(I, K, Lc, O));
        PUT("psi", "%ld", cfg[q].t.psi_eval / BATCH);
        PUT("scale", "%ld", cfg[q].t.scale / BATCH);
        PUT("ratio", "%.3f", (double)cfg[q].t.bwd / (double)cfg[q].t.fwd);
#undef PUT
    }
    course_put_sci("worst_vs_library", worst_vs_library, 2);
    course_put("sweep_points", "%d", sweep_points);
    course_put("sweep_i", "%d", SWEEP_I);
    course_put("sweep_o", "%d", SWEEP_O);
    course_put("sweep_l", "%d", SWEEP_L);
    course_put("k_max", "%d", K_MAX);
    course_put("l_max", "%d", l_max);
    course_put("time_k", "%d", TIME_K);
    course_put("time_batch", "%d", TIME_BATCH);
    course_put("ratio_last", "%.4f", ratio_last);
    course_put("ratio_k1_last", "%.3f", ratio_k1_last);
    course_put("ratio_k1_limit", "%.3f", (double)(SWEEP_I + 2 * SWEEP_O + 1) / (SWEEP_I + SWEEP_O));
    course_put("timed_l_max", "%.0f", timed_L[n - 1]);

    /* ---- claims ----
       The counts are exact integers: no seed changes them (the data only
       enter the gradients). The gradient bound: the loops sum in another
       order than mlp.h's products, so they agree to rounding, about 1e-16;
       1e-12 leaves room and is far below any wrong formula. The timed ratio
       varies with the machine and its load; its range is wide on purpose
       (seen on a loaded 2-core machine: medians 1.1 to 2.1 at the largest
       width over a dozen runs, full and quick). It is the ratio of the
       shortest calls: the median of the calls' ratios once fell outside the
       range when two builds of the course ran beside other work, and a call
       that other work interrupts is never the shortest. */
    {
        char text[3][300];
        course_claim_equal("forward_formula",
                           "Counted forward multiplications equal $IL + (K-1)L^2 + LO$ per sample, in every "
                           "configuration of the table (configurations that match)", fwd_ok, N_CONFIGS);
        course_claim_equal("backward_formula",
                           "Counted backward multiplications equal $IL + 2(K-1)L^2 + 2LO + KL$ per sample, in every "
                           "configuration of the table (configurations that match)", bwd_ok, N_CONFIGS);
        course_claim_equal("sweeps_match_formulas",
                           "Both formulas hold at every point of the sweeps over $K$ and $L$ (points that match)",
                           sweep_ok, sweep_points);
        course_claim_below("loops_equal_library",
                           "The counted loops' gradients equal `mlp_backward`'s (relative difference, worst "
                           "configuration)", worst_vs_library, 1e-12);
        snprintf(text[0], sizeof text[0],
                 "With $K = %d$ hidden layers of $L = %d$ units, the backward pass costs twice the forward pass, "
                 "not the same ($2 -$ the counted ratio)", TIME_K, l_max);
        course_claim_between("ratio_tends_to_2", text[0], 2 - ratio_last, 0, 0.02);
        snprintf(text[1], sizeof text[1],
                 "For $K \\ge 2$ the ratio grows with $L$ at every step of the sweep, towards 2");
        course_claim_true("ratio_rising", text[1], ratio_rising, ratio_rising ? "yes" : "no", "yes");
        snprintf(text[2], sizeof text[2],
                 "Measured with `mlp_forward` and `mlp_backward` at $L = %.0f$: the backward pass takes between "
                 "0.75 and 4 times as long as the forward pass (the shortest of many calls of each; the run prints the times)",
                 timed_L[n - 1]);
        {
            int ok = timed_ratio[n - 1] >= 0.75 && timed_ratio[n - 1] <= 4;
            course_claim_true("timed_ratio", text[2], ok, ok ? "between 0.75 and 4" : "outside", "in [0.75, 4]");
        }
    }
    return course_end();
}
