/* exercises/02_one_neuron.c: one neuron, logistic and softmax regression.

   What it shows: a network with no hidden layer, z = x W + b followed by a
   sigmoid (two classes, binary cross-entropy) or a softmax (K classes,
   cross-entropy), which is logistic or softmax regression. Its gradient,
   dL/dz = (yhat - y) / B and so dW = X^T (Yhat - Y) / B, is written here by
   hand (neuron_gradient) and checked against mlp_backward and against
   central differences. Then five experiments:
     1. softmax regression learns three Gaussian blobs;
     2. on XOR no line does better than about 2/3 (logistic regression finds
        about 1/2), while one small hidden layer learns it;
     3. the same sigmoid neuron trained on cross-entropy and on squared
        error, from zero weights and from weights that are confidently
        wrong: squared error's gradient carries sigma'(z), which vanishes
        exactly when the neuron is confidently wrong;
     4. on overlapping classes gradient descent from zero and from random
        weights ends at the same loss and the same weights (the loss is
        convex, with a single minimum);
     5. on separable classes the weights grow without end.

   mlp.h functions: mlp_rng_seed, mlp_rng_normal, mlp_mat_init, mlp_mat_free,
   mlp_mat_view, mlp_mat_fill, mlp_toy_blobs, mlp_toy_xor, mlp_split_data,
   mlp_split_free, mlp_one_hot, mlp_net_new, mlp_net_add, mlp_net_initialize,
   mlp_net_free, mlp_net_param_count, mlp_forward, mlp_loss, mlp_zero_grad,
   mlp_backward, mlp_grad_check, mlp_sgd, mlp_train_epoch, mlp_evaluate,
   mlp_predict, mlp_accuracy, mlp_sigmoid, mlp_last_error.

   Feeds reports/02_one_neuron.md. Run as `02_one_neuron OUTDIR`: writes
   blobs.tsv, xor.tsv, grid_blobs.tsv, grid_xor.tsv, best_line.tsv,
   curves.tsv, dz.tsv, norms.tsv and results.yaml into OUTDIR. With
   MLP_QUICK=1 in the environment it trains for fewer epochs. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED 2
#define N_POINTS 600       /* points of each data set, before the split */
#define TEST_FRACTION (1.0 / 3)
#define N_CLASSES 3        /* the blobs of experiment 1 */
#define BLOB_STD 0.35      /* spread of each blob (centres on the unit circle) */
#define OVERLAP_STD 0.8    /* two blobs that overlap: experiments 3 and 4 */
#define ACC_TARGET 0.8     /* experiment 3 counts the epochs each run needs to reach this training accuracy */
#define SEPARABLE_STD 0.2  /* two blobs that do not: experiment 5 */
#define LR 0.5             /* gradient descent's step, full batch, experiments 1 to 3 */
#define CONV_LR 2.0        /* the step of experiments 4 and 5, run to convergence: still below the
                              stability limit 2/L that the run computes (see smoothness_limit) */
#define HIDDEN 8           /* tanh units of the small hidden layer for XOR */
#define HIDDEN_LR 0.1      /* its SGD: learning rate, momentum, batch */
#define HIDDEN_MOMENTUM 0.9
#define HIDDEN_BATCH 32
#define WRONG_SCALE 5.0    /* experiment 3's bad start: w = WRONG_SCALE times the wrong direction */
#define INIT_STD 3.0       /* experiment 4's random starts: w, b ~ N(0, INIT_STD^2) */
#define N_RANDOM_STARTS 5
#define CHECK_BATCH 32
#define N_ANGLES 720       /* directions tried by the best-line search */
#define GRID 121
#define POP_GRID 100       /* the square as a 100 x 100 grid, for the best line on the whole square */

/* ---- the gradient of one neuron, by hand ---------------------------------------
   Start from the loss of one sample with label y (one-hot for softmax),
   logits z = x W + b (a row) and prediction yhat = sigmoid(z) or softmax(z):
       cross-entropy  l = -sum_j y_j log yhat_j     (binary: -y log yhat - (1 - y) log(1 - yhat))
   The report derives dl/dz_j = yhat_j - y_j for both. z_j = sum_k x_k W_kj + b_j,
   so dl/dW_kj = x_k (yhat_j - y_j) and dl/db_j = yhat_j - y_j; the loss of a
   batch is the mean over its B samples, so the gradients are the means:
       dW = X^T (Yhat - Y) / B,   db = column sums of (Yhat - Y) / B.
   dW (n_in x n_out) and db (1 x n_out) arrive zero-filled. */
static void neuron_gradient(const mlp_mat *X, const mlp_mat *Yhat, const mlp_mat *Y, mlp_mat *dW, mlp_mat *db)
{
    int B = X->rows, n_in = X->cols, n_out = Y->cols, i, j, k;
    /* BEGIN SOLUTION neuron-gradient: with e_ij = Yhat[i][j] - Y[i][j], the
       error of sample i at output j, set dW[k][j] = (1/B) sum over i of
       X[i][k] e_ij and db[j] = (1/B) sum over i of e_ij (rows are samples:
       element (i, j) of a matrix M is M->data[i * M->cols + j]). */
    for (i = 0; i < B; i++)
        for (j = 0; j < n_out; j++) {
            double e = (double)Yhat->data[i * n_out + j] - (double)Y->data[i * n_out + j];
            for (k = 0; k < n_in; k++) dW->data[k * n_out + j] += (mlp_real)(X->data[i * n_in + k] * e / B);
            db->data[j] += (mlp_real)(e / B);
        }
    /* END SOLUTION; stub: (void)X, (void)Yhat, (void)Y, (void)dW, (void)db, (void)B, (void)n_in, (void)n_out, (void)i, (void)j, (void)k; */
}

/* ||A - B|| / ||B|| over the entries of two same-shape matrices (Frobenius). */
static double rel_diff(const mlp_real *a, const mlp_real *b, int n)
{
    double num = 0, den = 0;
    int k;
    for (k = 0; k < n; k++) {
        double d = (double)a[k] - (double)b[k];
        num += d * d, den += (double)b[k] * (double)b[k];
    }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

/* Central differences of the network's loss on (X, Y) for every weight and
   bias of its single layer: G_W and G_b receive dL/dW and dL/db. */
static void numeric_gradient(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_mat *GW, mlp_mat *Gb)
{
    const mlp_real h = (mlp_real)(sizeof(mlp_real) == sizeof(float) ? 1e-2 : 1e-5);
    mlp_layer *L = &net->layers[0];
    int which, k;
    course_ok(mlp_mat_init(GW, L->W.rows, L->W.cols) || mlp_mat_init(Gb, 1, L->b.cols), "mlp_mat_init");
    for (which = 0; which < 2; which++) {
        mlp_mat *P = which ? &L->b : &L->W, *G = which ? Gb : GW;
        for (k = 0; k < P->rows * P->cols; k++) {
            mlp_real old = P->data[k], up = old + h, down = old - h, Lup, Ldown;
            P->data[k] = up;
            if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
            Lup = mlp_loss(net, Y);
            P->data[k] = down;
            if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
            Ldown = mlp_loss(net, Y);
            P->data[k] = old;
            G->data[k] = (Lup - Ldown) / (up - down);
        }
    }
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward"); /* leave the unperturbed forward pass */
}

/* The checks of one single-layer network on the batch (X, Y): the hand
   gradient against mlp_backward (*vs_backward) and against central
   differences (*vs_fd), both relative, over W and b together. */
static void check_neuron(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, double *vs_backward, double *vs_fd)
{
    mlp_layer *L = &net->layers[0];
    mlp_mat dW = {0}, db = {0}, GW = {0}, Gb = {0};
    mlp_real hand[64], lib[64], num[64];
    int nW = L->n_in * L->n_out, nb = L->n_out, k;
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    mlp_zero_grad(net);
    course_ok(mlp_backward(net, Y), "mlp_backward");
    course_ok(mlp_mat_init(&dW, L->n_in, L->n_out) || mlp_mat_init(&db, 1, L->n_out), "mlp_mat_init");
    neuron_gradient(X, &L->A, Y, &dW, &db);
    numeric_gradient(net, X, Y, &GW, &Gb);
    for (k = 0; k < nW; k++) hand[k] = dW.data[k], lib[k] = L->dW.data[k], num[k] = GW.data[k];
    for (k = 0; k < nb; k++) hand[nW + k] = db.data[k], lib[nW + k] = L->db.data[k], num[nW + k] = Gb.data[k];
    *vs_backward = rel_diff(hand, lib, nW + nb);
    *vs_fd = rel_diff(hand, num, nW + nb);
    mlp_mat_free(&dW), mlp_mat_free(&db), mlp_mat_free(&GW), mlp_mat_free(&Gb);
}

/* A network with no hidden layer: n_in -> n_out, sigmoid + BCE for one output,
   softmax + cross-entropy for several; or sigmoid + MSE when mse is set. */
static void build_neuron(mlp_net *net, int n_in, int n_out, int mse, mlp_rng *rng)
{
    mlp_loss_kind loss = mse ? MLP_MSE : n_out == 1 ? MLP_BCE : MLP_CROSS_ENTROPY;
    course_ok(mlp_net_new(net, n_in, loss) || mlp_net_add(net, n_out, n_out == 1 ? MLP_SIGMOID : MLP_SOFTMAX) ||
                  mlp_net_initialize(net, rng),
              "building the network");
}

/* Fraction of rows of X the network classifies as T says (labels or one-hot). */
static double accuracy(mlp_net *net, const mlp_mat *X, const mlp_mat *T)
{
    mlp_mat P = {0};
    double acc;
    course_ok(mlp_predict(net, X, &P), "mlp_predict");
    acc = (double)mlp_accuracy(&P, T);
    mlp_mat_free(&P);
    return acc;
}

/* One epoch of full-batch gradient descent: every step sees all N samples,
   in order (no shuffling, so no randomness: the same start gives the same path). */
static void gd_epoch(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y)
{
    course_ok(mlp_train_epoch(net, opt, X, Y, X->rows, NULL, NULL), "mlp_train_epoch");
}

static double loss_of(mlp_net *net, const mlp_mat *X, const mlp_mat *Y)
{
    mlp_real L;
    course_ok(mlp_evaluate(net, X, Y, &L), "mlp_evaluate");
    return (double)L;
}

static double weight_norm(const mlp_net *net)
{
    const mlp_mat *W = &net->layers[0].W;
    double s = 0;
    int k;
    for (k = 0; k < W->rows * W->cols; k++) s += (double)W->data[k] * (double)W->data[k];
    return sqrt(s);
}

/* The step size gradient descent can take on logistic regression without
   diverging. The loss's Hessian with respect to theta = (w, b) is
   (1/N) sum_i s_i x~_i x~_i^T with x~ = (x_1, x_2, 1) and s_i = yhat_i
   (1 - yhat_i) <= 1/4, so its largest eigenvalue is at most L = lambda_max / 4,
   with lambda_max the largest eigenvalue of M = (1/N) sum_i x~_i x~_i^T; any
   step below 2/L is stable (chapter 05 shows why). Power iteration on the
   3 x 3 matrix M finds lambda_max. Returns 2/L. */
static double smoothness_limit(const mlp_mat *X)
{
    double M[3][3] = {{0}}, v[3] = {1, 1, 1}, lambda = 0;
    int i, j, k, it, N = X->rows;
    for (i = 0; i < N; i++) {
        double x[3];
        x[0] = (double)X->data[2 * i], x[1] = (double)X->data[2 * i + 1], x[2] = 1;
        for (j = 0; j < 3; j++)
            for (k = 0; k < 3; k++) M[j][k] += x[j] * x[k] / N;
    }
    for (it = 0; it < 200; it++) {
        double w[3] = {0, 0, 0}, n = 0;
        for (j = 0; j < 3; j++)
            for (k = 0; k < 3; k++) w[j] += M[j][k] * v[k];
        for (j = 0; j < 3; j++) n += w[j] * w[j];
        n = sqrt(n);
        for (j = 0; j < 3; j++) v[j] = w[j] / n;
        lambda = n; /* |M v| for a unit v: converges to lambda_max */
    }
    return 2 / (lambda / 4);
}

/* ||(dW, db)||: the size of the gradient mlp_backward left in the layer. */
static double weight_norm_of_grad(const mlp_net *net)
{
    const mlp_layer *L = &net->layers[0];
    double s = 0;
    int k;
    for (k = 0; k < L->dW.rows * L->dW.cols; k++) s += (double)L->dW.data[k] * (double)L->dW.data[k];
    for (k = 0; k < L->db.cols; k++) s += (double)L->db.data[k] * (double)L->db.data[k];
    return sqrt(s);
}

/* The best accuracy any straight line reaches on (X, labels), two classes:
   for N_ANGLES directions u, sort the projections x.u and try every
   threshold between neighbours, with class 1 on either side. *u1, *u2, *t
   receive the best line {x : x.u = t}, *flip whether class 1 is below t. */
typedef struct projected {
    double p;
    int label;
} projected;

static int cmp_projected(const void *a, const void *b)
{
    double x = ((const projected *)a)->p, y = ((const projected *)b)->p;
    return (x > y) - (x < y);
}

static double best_line(const mlp_mat *X, const mlp_mat *labels, double *u1, double *u2, double *t, int *flip)
{
    static const double PI = 3.14159265358979323846;
    int N = X->rows, a, i, ones = 0, best_right = -1;
    projected *q = malloc(sizeof *q * (size_t)N);
    if (!q) course_die("out of memory");
    for (i = 0; i < N; i++) ones += labels->data[i] > 0.5;
    for (a = 0; a < N_ANGLES; a++) {
        double c = cos(PI * a / N_ANGLES), s = sin(PI * a / N_ANGLES);
        int ones_below = 0;
        for (i = 0; i < N; i++) {
            q[i].p = c * X->data[2 * i] + s * X->data[2 * i + 1];
            q[i].label = labels->data[i] > 0.5;
        }
        qsort(q, (size_t)N, sizeof *q, cmp_projected);
        /* threshold after the first i points (i = 0 .. N): class 1 above it
           gets (ones - ones_below) + (i - ones_below) right; flipped, the rest */
        for (i = 0; i <= N; i++) {
            int right = (ones - ones_below) + (i - ones_below), f = 0;
            if (N - right > right) right = N - right, f = 1;
            if (right > best_right) {
                best_right = right, *u1 = c, *u2 = s, *flip = f;
                *t = i == 0 ? q[0].p - 1 : i == N ? q[N - 1].p + 1 : (q[i - 1].p + q[i].p) / 2;
            }
            if (i < N) ones_below += q[i].label;
        }
    }
    free(q);
    return (double)best_right / N;
}

static double line_accuracy(const mlp_mat *X, const mlp_mat *labels, double u1, double u2, double t, int flip)
{
    int i, right = 0;
    for (i = 0; i < X->rows; i++) {
        int above = u1 * X->data[2 * i] + u2 * X->data[2 * i + 1] > t;
        right += (flip ? !above : above) == (labels->data[i] > 0.5);
    }
    return (double)right / X->rows;
}

/* Predicted class (and its probability) over a GRID x GRID square [lo, hi]^2. */
static void write_grid(FILE *f, mlp_net *net, double lo, double hi)
{
    mlp_mat G = {0}, P = {0};
    int i, j, K;
    course_ok(mlp_mat_init(&G, GRID * GRID, 2), "mlp_mat_init");
    for (i = 0; i < GRID * GRID; i++) {
        G.data[2 * i] = (mlp_real)(lo + (hi - lo) * (i % GRID) / (GRID - 1));
        G.data[2 * i + 1] = (mlp_real)(lo + (hi - lo) * (i / GRID) / (GRID - 1));
    }
    course_ok(mlp_predict(net, &G, &P), "mlp_predict");
    K = P.cols;
    for (i = 0; i < GRID * GRID; i++) {
        int c = 0;
        double p;
        if (K == 1) c = P.data[i] >= 0.5, p = c ? (double)P.data[i] : 1 - (double)P.data[i];
        else {
            for (j = 1; j < K; j++)
                if (P.data[(size_t)i * K + j] > P.data[(size_t)i * K + c]) c = j;
            p = (double)P.data[(size_t)i * K + c];
        }
        fprintf(f, "%.17g\t%.17g\t%d\t%.17g\n", (double)G.data[2 * i], (double)G.data[2 * i + 1], c, p);
        if (i % GRID == GRID - 1) fprintf(f, "\n");
    }
    mlp_mat_free(&G), mlp_mat_free(&P);
}

static void write_points(const char *name, const mlp_split *s)
{
    FILE *f = course_open(name);
    int i;
    fprintf(f, "# x1\tx2\tclass\tsplit (0 training, 1 test)\n");
    for (i = 0; i < s->X_train.rows; i++)
        fprintf(f, "%.17g\t%.17g\t%d\t0\n", (double)s->X_train.data[2 * i], (double)s->X_train.data[2 * i + 1],
                (int)s->Y_train.data[i]);
    for (i = 0; i < s->X_test.rows; i++)
        fprintf(f, "%.17g\t%.17g\t%d\t1\n", (double)s->X_test.data[2 * i], (double)s->X_test.data[2 * i + 1],
                (int)s->Y_test.data[i]);
    course_close(f, name);
}

/* Data: n points from a generator, split into training and test parts.
   kind 0: mlp_toy_blobs with K classes and spread std; kind 1: mlp_toy_xor. */
static void make_split(mlp_split *s, int kind, int K, double std, mlp_rng *rng)
{
    mlp_mat X = {0}, labels = {0};
    if (kind == 0) course_ok(mlp_toy_blobs(&X, &labels, N_POINTS, K, (mlp_real)std, rng), "mlp_toy_blobs");
    else course_ok(mlp_toy_xor(&X, &labels, N_POINTS, 0, rng), "mlp_toy_xor");
    course_ok(mlp_split_data(s, &X, &labels, 0, (mlp_real)TEST_FRACTION, rng), "mlp_split_data");
    mlp_mat_free(&X), mlp_mat_free(&labels);
}

/* Epoch at which a run's training accuracy first reached `target`, or -1. */
static int first_epoch_at(const double *acc, int n, double target)
{
    int e;
    for (e = 0; e < n; e++)
        if (acc[e] >= target) return e;
    return -1;
}

int main(int argc, char **argv)
{
    unsigned long long seed;
    mlp_rng rng;
    mlp_split blobs = {0}, xor_ = {0}, over = {0}, sep = {0};
    mlp_mat Ytr = {0}, Yte = {0};
    mlp_net net, hid;
    mlp_optim opt = mlp_sgd(LR);
    int epochs, epochs_hidden, epochs_conv, epochs_long, e, r;
    double bce_vs_backward, bce_vs_fd, ce_vs_backward, ce_vs_fd, mse_dz_diff;
    double gradcheck_bce, gradcheck_ce;
    double blobs_train_acc, blobs_test_acc, xor_lin_train, xor_lin_test, xor_hid_train, xor_hid_test;
    double line_train, line_test, line_population, lu1 = 1, lu2 = 0, lt = 0, xor_lin_wnorm;
    int lflip = 0, ce_wrong_to_target = -1, mse_wrong_to_target = -1;
    double conv_loss_diff = 0, conv_theta_diff = 0, over_change = 0, sep_growth = 0, sep_line_acc, over_line_acc;
    double softmax_loss_diff = 0, softmax_spread = 0, softmax_shift = 0, xor_lin_loss;
    char key[160];
    FILE *f;

    course_start(argc, argv, "02_one_neuron", "neuron");
    seed = course_seed(SEED);
    epochs = course_pick(300, 1000);        /* experiments 1 and 2 */
    epochs_hidden = course_pick(300, 600);  /* XOR's hidden layer */
    epochs_conv = course_pick(10000, 20000);  /* experiment 4: to convergence */
    epochs_long = course_pick(10000, 100000); /* experiment 5: no convergence, however long */
    mlp_rng_seed(&rng, seed);

    make_split(&blobs, 0, N_CLASSES, BLOB_STD, &rng);
    make_split(&xor_, 1, 2, 0, &rng);
    make_split(&over, 0, 2, OVERLAP_STD, &rng);
    make_split(&sep, 0, 2, SEPARABLE_STD, &rng);

    /* ---- the gradient checks: logistic (sigmoid + BCE) and softmax (+ cross-entropy) ---- */
    {
        mlp_mat Xb = mlp_mat_view(CHECK_BATCH, 2, over.X_train.data), Yb = mlp_mat_view(CHECK_BATCH, 1, over.Y_train.data);
        mlp_mat Xs = mlp_mat_view(CHECK_BATCH, 2, blobs.X_train.data), L = mlp_mat_view(CHECK_BATCH, 1, blobs.Y_train.data);
        mlp_mat Ys = {0};
        mlp_net logistic, softmax, mse;
        mlp_rng r2;
        int failed = 0;
        /* mlp_grad_check's rule in double: < 1e-7 is right, > 1e-3 a bug; float rounds to ~1e-3 */
        const double tol = sizeof(mlp_real) == sizeof(float) ? 1e-2 : 1e-6;
        /* the loops and mlp_backward add the same terms; in float the hand
           loops round each term differently */
        const double same_tol = sizeof(mlp_real) == sizeof(float) ? 1e-5 : 1e-12;
        mlp_rng_seed(&r2, seed + 1); /* its own stream: the experiments below see the same numbers */
        course_ok(mlp_one_hot(&Ys, &L, N_CLASSES), "mlp_one_hot");
        build_neuron(&logistic, 2, 1, 0, &r2);
        build_neuron(&softmax, 2, N_CLASSES, 0, &r2);
        /* random biases too, so that db is not special */
        logistic.layers[0].b.data[0] = (mlp_real)mlp_rng_normal(&r2, 0, 1);
        for (e = 0; e < N_CLASSES; e++) softmax.layers[0].b.data[e] = (mlp_real)mlp_rng_normal(&r2, 0, 1);
        check_neuron(&logistic, &Xb, &Yb, &bce_vs_backward, &bce_vs_fd);
        check_neuron(&softmax, &Xs, &Ys, &ce_vs_backward, &ce_vs_fd);
        gradcheck_bce = (double)mlp_grad_check(&logistic, &Xb, &Yb, 0, NULL);
        gradcheck_ce = (double)mlp_grad_check(&softmax, &Xs, &Ys, 0, NULL);
        /* The same neuron on squared error: mlp_backward's dZ against
           2 (yhat - y) yhat (1 - yhat) / B, the sigma' factor written out. */
        build_neuron(&mse, 2, 1, 1, &r2);
        mse.layers[0].W.data[0] = logistic.layers[0].W.data[0], mse.layers[0].W.data[1] = logistic.layers[0].W.data[1];
        mse.layers[0].b.data[0] = logistic.layers[0].b.data[0];
        if (!mlp_forward(&mse, &Xb)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        mlp_zero_grad(&mse);
        course_ok(mlp_backward(&mse, &Yb), "mlp_backward");
        mse_dz_diff = 0;
        for (e = 0; e < CHECK_BATCH; e++) {
            double a = (double)mse.layers[0].A.data[e], y = (double)Yb.data[e];
            double by_hand = 2 * (a - y) * a * (1 - a) / CHECK_BATCH;
            mse_dz_diff = fmax(mse_dz_diff, fabs(by_hand - (double)mse.layers[0].dZ.data[e]) / fabs(by_hand));
        }
        mlp_net_free(&logistic), mlp_net_free(&softmax), mlp_net_free(&mse);
        mlp_mat_free(&Ys);

        /* ---- self-check: `make handout` blanks neuron_gradient (and, in
           mlp.h, the dense layer's backward); these checks then fail and
           name the TODO. Central differences need only the forward pass, so
           they judge the hand-written gradient on its own; that one, once
           right, judges mlp_backward. MLP_CHECK_ONLY=1 stops after them. */
        if (!(bce_vs_fd < tol && ce_vs_fd < tol)) { /* written as !(x < tol), so that NaN fails too */
            failed = 1;
            fprintf(stderr, "02_one_neuron: FAILED: the hand-written gradient against central differences: relative "
                            "error %.2g (sigmoid + BCE), %.2g (softmax + cross-entropy), should be < %g: see "
                            "TODO(neuron-gradient) in exercises/02_one_neuron.c, neuron_gradient\n",
                    bce_vs_fd, ce_vs_fd, tol);
        } else if (!(bce_vs_backward < same_tol && ce_vs_backward < same_tol)) {
            /* The hand-written gradient is right (central differences agree),
               so it is mlp_backward that is wrong: for a single layer with a
               fused loss it is the loss's dZ = (A - Y) / B and then the
               dense layer's backward. */
            failed = 1;
            fprintf(stderr, "02_one_neuron: FAILED: mlp_backward against the hand-written gradient (which central "
                            "differences confirm): relative difference %.2g (sigmoid + BCE), %.2g (softmax + "
                            "cross-entropy), should be < %g: see TODO(dense-backward) in mlp.h, mlp_dense_backward\n",
                    bce_vs_backward, ce_vs_backward, same_tol);
        }
        if (failed) return 1;
        if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
            printf("02_one_neuron: self-check passed\n");
            mlp_split_free(&blobs), mlp_split_free(&xor_), mlp_split_free(&over), mlp_split_free(&sep);
            return 0;
        }
    }

    /* ---- 1. softmax regression on three blobs ---- */
    write_points("blobs.tsv", &blobs);
    course_ok(mlp_one_hot(&Ytr, &blobs.Y_train, N_CLASSES) || mlp_one_hot(&Yte, &blobs.Y_test, N_CLASSES),
              "mlp_one_hot");
    build_neuron(&net, 2, N_CLASSES, 0, &rng);
    for (e = 0; e < epochs; e++) gd_epoch(&net, &opt, &blobs.X_train, &Ytr);
    blobs_train_acc = accuracy(&net, &blobs.X_train, &blobs.Y_train);
    blobs_test_acc = accuracy(&net, &blobs.X_test, &blobs.Y_test);
    course_put("blobs_train_loss", "%.3f", loss_of(&net, &blobs.X_train, &Ytr));
    f = course_open("grid_blobs.tsv");
    fprintf(f, "# x1\tx2\tpredicted_class\tprobability_of_it\n");
    write_grid(f, &net, -2, 2);
    course_close(f, "grid_blobs.tsv");
    mlp_net_free(&net);

    /* ---- 2. XOR: a line, logistic regression, a hidden layer ---- */
    write_points("xor.tsv", &xor_);
    line_train = best_line(&xor_.X_train, &xor_.Y_train, &lu1, &lu2, &lt, &lflip);
    line_test = line_accuracy(&xor_.X_test, &xor_.Y_test, lu1, lu2, lt, lflip);
    {
        /* The same search on the whole square instead of a sample: the
           centres of a POP_GRID x POP_GRID grid of cells, each labelled as
           mlp_toy_xor labels a point. What the best line gets right there is
           the fraction of the square's area, which the report computes by
           hand as 2/3. */
        mlp_mat Xg = {0}, Lg = {0};
        double pu1, pu2, pt;
        int pflip, i;
        course_ok(mlp_mat_init(&Xg, POP_GRID * POP_GRID, 2) || mlp_mat_init(&Lg, POP_GRID * POP_GRID, 1), "mlp_mat_init");
        for (i = 0; i < POP_GRID * POP_GRID; i++) {
            double x1 = -1 + (i % POP_GRID + 0.5) * 2.0 / POP_GRID, x2 = -1 + (i / POP_GRID + 0.5) * 2.0 / POP_GRID;
            Xg.data[2 * i] = (mlp_real)x1, Xg.data[2 * i + 1] = (mlp_real)x2;
            Lg.data[i] = x1 * x2 < 0;
        }
        line_population = best_line(&Xg, &Lg, &pu1, &pu2, &pt, &pflip);
        mlp_mat_free(&Xg), mlp_mat_free(&Lg);
    }
    {
        /* the best line, clipped to the plotted square [-1.1, 1.1]^2, as two points */
        double px = lu1 * lt, py = lu2 * lt, dx = -lu2, dy = lu1;
        f = course_open("best_line.tsv");
        fprintf(f, "# x1\tx2: two points on the best line\n%.17g\t%.17g\n%.17g\t%.17g\n", px - 4 * dx, py - 4 * dy,
                px + 4 * dx, py + 4 * dy);
        course_close(f, "best_line.tsv");
    }
    build_neuron(&net, 2, 1, 0, &rng);
    for (e = 0; e < epochs; e++) gd_epoch(&net, &opt, &xor_.X_train, &xor_.Y_train);
    xor_lin_train = accuracy(&net, &xor_.X_train, &xor_.Y_train);
    xor_lin_test = accuracy(&net, &xor_.X_test, &xor_.Y_test);
    xor_lin_wnorm = weight_norm(&net);
    xor_lin_loss = loss_of(&net, &xor_.X_train, &xor_.Y_train);
    course_put("xor_lin_loss", "%.4f", xor_lin_loss);
    course_put("xor_lin_b", "%.2g", (double)net.layers[0].b.data[0]);
    f = course_open("grid_xor.tsv");
    fprintf(f, "# x1\tx2\tpredicted_class\tprobability_of_it (logistic regression; then the hidden layer)\n");
    write_grid(f, &net, -1.1, 1.1);
    mlp_net_free(&net);
    course_ok(mlp_net_new(&hid, 2, MLP_BCE) || mlp_net_add(&hid, HIDDEN, MLP_TANH) || mlp_net_add(&hid, 1, MLP_SIGMOID) ||
                  mlp_net_initialize(&hid, &rng),
              "building the network");
    {
        mlp_optim sgd = mlp_sgd(HIDDEN_LR);
        sgd.momentum = HIDDEN_MOMENTUM;
        for (e = 0; e < epochs_hidden; e++)
            course_ok(mlp_train_epoch(&hid, &sgd, &xor_.X_train, &xor_.Y_train, HIDDEN_BATCH, &rng, NULL),
                      "mlp_train_epoch");
    }
    xor_hid_train = accuracy(&hid, &xor_.X_train, &xor_.Y_train);
    xor_hid_test = accuracy(&hid, &xor_.X_test, &xor_.Y_test);
    fprintf(f, "\n\n"); /* the hidden layer's grid is the second block of the file */
    write_grid(f, &hid, -1.1, 1.1);
    course_close(f, "grid_xor.tsv");
    course_put("hidden_params", "%ld", mlp_net_param_count(&hid));
    mlp_net_free(&hid);

    /* ---- 3. cross-entropy against squared error, from zero and from a wrong start ----
       The same sigmoid neuron, the same data (two overlapping blobs), the
       same step. Class 1's blob is centred at (-1, 0), class 0's at (1, 0), so
       w = (WRONG_SCALE, 0) puts every point confidently on the wrong side. */
    {
        enum { CE_ZERO, CE_WRONG, MSE_ZERO, MSE_WRONG, N_RUNS };
        static const char *names[N_RUNS] = {"ce_zero", "ce_wrong", "mse_zero", "mse_wrong"};
        double *loss = malloc(sizeof(double) * N_RUNS * (epochs + 1));
        double *acc = malloc(sizeof(double) * N_RUNS * (epochs + 1));
        double g_ce = 0, g_mse = 0;
        if (!loss || !acc) course_die("out of memory");
        for (r = 0; r < N_RUNS; r++) {
            int mse = r == MSE_ZERO || r == MSE_WRONG, wrong = r == CE_WRONG || r == MSE_WRONG;
            build_neuron(&net, 2, 1, mse, &rng);
            mlp_mat_fill(&net.layers[0].W, 0);
            mlp_mat_fill(&net.layers[0].b, 0);
            if (wrong) net.layers[0].W.data[0] = (mlp_real)WRONG_SCALE;
            for (e = 0; e <= epochs; e++) {
                if (e > 0) gd_epoch(&net, &opt, &over.X_train, &over.Y_train);
                if (e == 0 && wrong) { /* the size of the first step's gradient */
                    if (!mlp_forward(&net, &over.X_train)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
                    mlp_zero_grad(&net);
                    course_ok(mlp_backward(&net, &over.Y_train), "mlp_backward");
                    if (mse) g_mse = weight_norm_of_grad(&net);
                    else g_ce = weight_norm_of_grad(&net);
                }
                loss[r * (epochs + 1) + e] = loss_of(&net, &over.X_train, &over.Y_train);
                acc[r * (epochs + 1) + e] = accuracy(&net, &over.X_train, &over.Y_train);
            }
            snprintf(key, sizeof key, "%s_final_acc", names[r]);
            course_put(key, "%.3f", acc[r * (epochs + 1) + epochs]);
            snprintf(key, sizeof key, "%s_test_acc", names[r]);
            course_put(key, "%.3f", accuracy(&net, &over.X_test, &over.Y_test));
            snprintf(key, sizeof key, "%s_final_loss", names[r]);
            course_put(key, "%.4f", loss[r * (epochs + 1) + epochs]);
            snprintf(key, sizeof key, "%s_start_loss", names[r]);
            course_put(key, "%.3f", loss[r * (epochs + 1)]);
            snprintf(key, sizeof key, "%s_epochs_to_target", names[r]);
            course_put(key, "%d", first_epoch_at(acc + r * (epochs + 1), epochs + 1, ACC_TARGET));
            if (r == CE_WRONG) ce_wrong_to_target = first_epoch_at(acc + r * (epochs + 1), epochs + 1, ACC_TARGET);
            if (r == MSE_WRONG) mse_wrong_to_target = first_epoch_at(acc + r * (epochs + 1), epochs + 1, ACC_TARGET);
            mlp_net_free(&net);
        }
        f = course_open("curves.tsv");
        fprintf(f, "# epoch");
        for (r = 0; r < N_RUNS; r++) fprintf(f, "\t%s_loss\t%s_acc", names[r], names[r]);
        fprintf(f, "\n");
        for (e = 0; e <= epochs; e++) {
            fprintf(f, "%d", e);
            for (r = 0; r < N_RUNS; r++)
                fprintf(f, "\t%.17g\t%.17g", loss[r * (epochs + 1) + e], acc[r * (epochs + 1) + e]);
            fprintf(f, "\n");
        }
        course_close(f, "curves.tsv");
        course_put("grad_ce_wrong", "%.3g", g_ce);
        course_put("grad_mse_wrong", "%.3g", g_mse);
        free(loss), free(acc);
    }

    /* ---- 4. convexity: from zero and from random starts, the same minimum ----
       Logistic regression on the overlapping blobs (no line separates them,
       so the loss has a minimum, and a single one: see the report), full-batch
       gradient descent from w = 0, b = 0 and from N_RANDOM_STARTS random
       starts. ||w|| is recorded at about 20 epochs per factor of 10. */
    {
        int n_runs = N_RANDOM_STARTS + 2, n_rec = 0, last_slot = -1;
        double final_loss[N_RANDOM_STARTS + 1], final_theta[N_RANDOM_STARTS + 1][3];
        double *norms = malloc(sizeof(double) * (size_t)n_runs * 200);
        int *rec_epoch = malloc(sizeof(int) * 200);
        mlp_net runs[N_RANDOM_STARTS + 2];
        mlp_optim copt = mlp_sgd(CONV_LR);
        double worst_loss = 0, worst_theta = 0, theta0 = 0;
        if (!norms || !rec_epoch) course_die("out of memory");
        for (r = 0; r < n_runs; r++) {
            /* run 0: zero start; 1..N_RANDOM_STARTS: random starts; the last:
               the separable blobs, from zero */
            build_neuron(&runs[r], 2, 1, 0, &rng);
            mlp_mat_fill(&runs[r].layers[0].W, 0);
            mlp_mat_fill(&runs[r].layers[0].b, 0);
            if (r >= 1 && r <= N_RANDOM_STARTS) {
                runs[r].layers[0].W.data[0] = (mlp_real)mlp_rng_normal(&rng, 0, INIT_STD);
                runs[r].layers[0].W.data[1] = (mlp_real)mlp_rng_normal(&rng, 0, INIT_STD);
                runs[r].layers[0].b.data[0] = (mlp_real)mlp_rng_normal(&rng, 0, INIT_STD);
            }
        }
        for (e = 0; e <= epochs_long; e++) {
            int slot = e == 0 ? -1 : (int)floor(20 * log10((double)e));
            if (e > 0) {
                if (e <= epochs_conv)
                    for (r = 0; r < n_runs - 1; r++) gd_epoch(&runs[r], &copt, &over.X_train, &over.Y_train);
                gd_epoch(&runs[n_runs - 1], &copt, &sep.X_train, &sep.Y_train);
            }
            if (e == 0 || slot != last_slot || e == epochs_conv || e == epochs_long) {
                if (n_rec < 200) {
                    rec_epoch[n_rec] = e;
                    for (r = 0; r < n_runs; r++) /* the overlapping runs stop at epochs_conv */
                        norms[n_rec * n_runs + r] = r < n_runs - 1 && e > epochs_conv ? NAN : weight_norm(&runs[r]);
                    n_rec++;
                }
                last_slot = slot;
            }
            if (e % 1000 == 0) course_progress("gradient descent to convergence: epoch %d of %d", e, epochs_long);
        }
        course_progress_done();
        f = course_open("norms.tsv");
        fprintf(f, "# epoch\t||w|| from zero\t... from random starts 1..%d\t||w|| on separable data\n", N_RANDOM_STARTS);
        for (e = 0; e < n_rec; e++) {
            fprintf(f, "%d", rec_epoch[e]);
            for (r = 0; r < n_runs; r++) fprintf(f, "\t%.17g", norms[e * n_runs + r]);
            fprintf(f, "\n");
        }
        course_close(f, "norms.tsv");
        for (r = 0; r <= N_RANDOM_STARTS; r++) {
            const mlp_layer *L = &runs[r].layers[0];
            final_loss[r] = loss_of(&runs[r], &over.X_train, &over.Y_train);
            final_theta[r][0] = (double)L->W.data[0], final_theta[r][1] = (double)L->W.data[1];
            final_theta[r][2] = (double)L->b.data[0];
        }
        theta0 = sqrt(final_theta[0][0] * final_theta[0][0] + final_theta[0][1] * final_theta[0][1] +
                      final_theta[0][2] * final_theta[0][2]);
        for (r = 1; r <= N_RANDOM_STARTS; r++) {
            double d0 = final_theta[r][0] - final_theta[0][0], d1 = final_theta[r][1] - final_theta[0][1];
            double d2 = final_theta[r][2] - final_theta[0][2];
            worst_loss = fmax(worst_loss, fabs(final_loss[r] - final_loss[0]) / final_loss[0]);
            worst_theta = fmax(worst_theta, sqrt(d0 * d0 + d1 * d1 + d2 * d2) / theta0);
        }
        {
            /* how far the norms still moved over the last factor of 10 of epochs */
            int tenth = 0, half_conv = 0, last_conv = 0;
            double sep_now = norms[(n_rec - 1) * n_runs + n_runs - 1], over_now;
            for (e = 0; e < n_rec; e++) {
                if (rec_epoch[e] <= epochs_long / 10) tenth = e;
                if (rec_epoch[e] <= epochs_conv / 2) half_conv = e;
                if (rec_epoch[e] <= epochs_conv) last_conv = e;
            }
            over_now = norms[last_conv * n_runs];
            course_put("sep_norm_end", "%.2f", sep_now);
            course_put("sep_norm_tenth", "%.2f", norms[tenth * n_runs + n_runs - 1]);
            course_put("sep_norm_growth", "%.2f", sep_now - norms[tenth * n_runs + n_runs - 1]);
            course_put("over_norm_end", "%.6f", over_now);
            course_put("over_norm_half", "%.6f", norms[half_conv * n_runs]);
            over_change = fabs(over_now - norms[half_conv * n_runs]) / over_now;
            course_put_sci("over_norm_change", over_change, 1);
            course_put("tenth_epoch", "%d", rec_epoch[tenth]);
            course_put("half_epoch_conv", "%d", rec_epoch[half_conv]);
            sep_growth = sep_now - norms[tenth * n_runs + n_runs - 1];
        }
        sep_line_acc = best_line(&sep.X_train, &sep.Y_train, &lu1, &lu2, &lt, &lflip);
        over_line_acc = best_line(&over.X_train, &over.Y_train, &lu1, &lu2, &lt, &lflip);
        course_put("final_loss_zero", "%.6f", final_loss[0]);
        conv_loss_diff = worst_loss, conv_theta_diff = worst_theta;
        printf("02_one_neuron: from zero and %d random starts: loss %.10g, largest relative difference %.2g (loss), "
               "%.2g (weights)\n", N_RANDOM_STARTS, final_loss[0], worst_loss, worst_theta);
        for (r = 0; r < n_runs; r++) mlp_net_free(&runs[r]);
        free(norms), free(rec_epoch);
    }

    /* ---- 4b. softmax regression: the same loss, not the same weights ----
       Three overlapping blobs, from zero and from a random start. Adding the
       same number c_k to every entry of row k of W adds x_k c_k to every logit
       of a sample, which the softmax does not see: the loss is flat along
       those directions. The gradient never moves along them either (each row
       of dW sums to zero over the classes, because each row of Yhat - Y
       does), so each start keeps its own row sums. */
    {
        mlp_split s3 = {0};
        mlp_mat Y3 = {0};
        mlp_net a, b;
        mlp_optim copt = mlp_sgd(CONV_LR);
        double La, Lb, spread = 0, shift_kept = 0;
        int k, j;
        make_split(&s3, 0, N_CLASSES, OVERLAP_STD, &rng);
        course_ok(mlp_one_hot(&Y3, &s3.Y_train, N_CLASSES), "mlp_one_hot");
        build_neuron(&a, 2, N_CLASSES, 0, &rng);
        build_neuron(&b, 2, N_CLASSES, 0, &rng);
        mlp_mat_fill(&a.layers[0].W, 0);
        for (k = 0; k < 2 * N_CLASSES; k++) b.layers[0].W.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, INIT_STD);
        {
            double row_sum_before[2] = {0, 0};
            for (k = 0; k < 2; k++)
                for (j = 0; j < N_CLASSES; j++) row_sum_before[k] += (double)b.layers[0].W.data[k * N_CLASSES + j];
            for (e = 0; e < epochs_conv; e++) {
                gd_epoch(&a, &copt, &s3.X_train, &Y3);
                gd_epoch(&b, &copt, &s3.X_train, &Y3);
            }
            for (k = 0; k < 2; k++) {
                double d_min = INFINITY, d_max = -INFINITY, row_sum = 0;
                for (j = 0; j < N_CLASSES; j++) {
                    double d = (double)b.layers[0].W.data[k * N_CLASSES + j] - (double)a.layers[0].W.data[k * N_CLASSES + j];
                    d_min = fmin(d_min, d), d_max = fmax(d_max, d);
                    row_sum += (double)b.layers[0].W.data[k * N_CLASSES + j];
                }
                spread = fmax(spread, d_max - d_min); /* 0 if the rows differ by a constant */
                shift_kept = fmax(shift_kept, fabs(row_sum - row_sum_before[k]));
                snprintf(key, sizeof key, "softmax_row_shift_%d", k + 1);
                course_put(key, "%.3f", (d_min + d_max) / 2);
                softmax_shift = fmax(softmax_shift, fabs(d_min + d_max) / 2);
            }
        }
        La = loss_of(&a, &s3.X_train, &Y3), Lb = loss_of(&b, &s3.X_train, &Y3);
        softmax_loss_diff = fabs(La - Lb) / La;
        softmax_spread = spread;
        course_put("softmax_loss", "%.6f", La);
        course_put_sci("softmax_loss_diff", softmax_loss_diff, 1);
        course_put_sci("softmax_spread", spread, 1);
        course_put_sci("softmax_row_sum_change", shift_kept, 1);
        mlp_net_free(&a), mlp_net_free(&b);
        mlp_mat_free(&Y3), mlp_split_free(&s3);
    }

    /* ---- why squared error is slow when wrong: dl/dz for one sample with y = 1 ----
       A neuron with one input, w = 1 and b = 0, so that z = x; a batch of
       N_DZ values of z; targets all 1. mlp_backward leaves dZ = dL/dz / B in
       the layer; times B it is the gradient of one sample's loss. */
    {
        enum { N_DZ = 161 };
        mlp_mat X = {0}, Y = {0};
        mlp_net ce, sq;
        int i;
        course_ok(mlp_mat_init(&X, N_DZ, 1) || mlp_mat_init(&Y, N_DZ, 1), "mlp_mat_init");
        for (i = 0; i < N_DZ; i++) X.data[i] = (mlp_real)(-8 + 16.0 * i / (N_DZ - 1)), Y.data[i] = 1;
        build_neuron(&ce, 1, 1, 0, &rng);
        build_neuron(&sq, 1, 1, 1, &rng);
        ce.layers[0].W.data[0] = sq.layers[0].W.data[0] = 1;
        ce.layers[0].b.data[0] = sq.layers[0].b.data[0] = 0;
        if (!mlp_forward(&ce, &X) || !mlp_forward(&sq, &X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        mlp_zero_grad(&ce), mlp_zero_grad(&sq);
        course_ok(mlp_backward(&ce, &Y) || mlp_backward(&sq, &Y), "mlp_backward");
        f = course_open("dz.tsv");
        fprintf(f, "# z\tyhat\tdl/dz cross-entropy\tdl/dz squared error\tsigma'(z)   (one sample, y = 1)\n");
        for (i = 0; i < N_DZ; i++) {
            double a = (double)ce.layers[0].A.data[i];
            fprintf(f, "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", (double)X.data[i], a, (double)ce.layers[0].dZ.data[i] * N_DZ,
                    (double)sq.layers[0].dZ.data[i] * N_DZ, a * (1 - a));
        }
        course_close(f, "dz.tsv");
        {
            /* at z = -WRONG_SCALE: a confidently wrong prediction */
            double a = (double)mlp_sigmoid((mlp_real)-WRONG_SCALE);
            course_put("yhat_wrong", "%.4f", a);
            course_put("ce_grad_wrong", "%.3f", a - 1);
            course_put("mse_grad_wrong", "%.4f", 2 * (a - 1) * a * (1 - a));
            course_put("sigma_prime_wrong", "%.4f", a * (1 - a));
        }
        mlp_net_free(&ce), mlp_net_free(&sq);
        mlp_mat_free(&X), mlp_mat_free(&Y);
    }

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("n_points", "%d", N_POINTS);
    course_put("n_train", "%d", blobs.X_train.rows);
    course_put("n_test", "%d", blobs.X_test.rows);
    course_put("n_classes", "%d", N_CLASSES);
    course_put("blob_std", "%g", BLOB_STD);
    course_put("overlap_std", "%g", OVERLAP_STD);
    course_put("separable_std", "%g", SEPARABLE_STD);
    course_put("lr", "%g", LR);
    course_put("conv_lr", "%g", CONV_LR);
    course_put("conv_lr_limit", "%.1f", smoothness_limit(&over.X_train));
    course_put("epochs", "%d", epochs);
    course_put("epochs_conv", "%d", epochs_conv);
    course_put("epochs_long", "%d", epochs_long);
    course_put("hidden", "%d", HIDDEN);
    course_put("hidden_lr", "%g", HIDDEN_LR);
    course_put("hidden_momentum", "%g", HIDDEN_MOMENTUM);
    course_put("hidden_batch", "%d", HIDDEN_BATCH);
    course_put("epochs_hidden", "%d", epochs_hidden);
    course_put("wrong_scale", "%g", WRONG_SCALE);
    course_put("acc_target_pct", "%g", 100 * ACC_TARGET);
    course_put("init_std", "%g", INIT_STD);
    course_put("n_random_starts", "%d", N_RANDOM_STARTS);
    course_put("check_batch", "%d", CHECK_BATCH);
    course_put("n_angles", "%d", N_ANGLES);
    course_put_sci("bce_vs_backward", bce_vs_backward, 1);
    course_put_sci("ce_vs_backward", ce_vs_backward, 1);
    course_put_sci("bce_vs_fd", bce_vs_fd, 1);
    course_put_sci("ce_vs_fd", ce_vs_fd, 1);
    course_put_sci("gradcheck_bce", gradcheck_bce, 1);
    course_put_sci("gradcheck_ce", gradcheck_ce, 1);
    course_put_sci("mse_dz_diff", mse_dz_diff, 1);
    course_put("blobs_train_acc", "%.3f", blobs_train_acc);
    course_put("blobs_test_acc", "%.3f", blobs_test_acc);
    course_put("xor_line_train", "%.3f", line_train);
    course_put("xor_line_test", "%.3f", line_test);
    course_put("xor_line_population", "%.4f", line_population);
    course_put("pop_grid", "%d", POP_GRID);
    course_put("xor_lin_train", "%.3f", xor_lin_train);
    course_put("xor_lin_test", "%.3f", xor_lin_test);
    course_put("xor_lin_wnorm", "%.2g", xor_lin_wnorm);
    course_put("xor_hid_train", "%.3f", xor_hid_train);
    course_put("xor_hid_test", "%.3f", xor_hid_test);
    course_put("sep_best_line", "%.3f", sep_line_acc);
    course_put("over_best_line", "%.3f", over_line_acc);
    course_put_sci("worst_loss_diff", conv_loss_diff, 1);
    course_put_sci("worst_theta_diff", conv_theta_diff, 1);

    printf("02_one_neuron: hand-written gradient vs mlp_backward %.1g / %.1g, vs central differences %.1g / %.1g "
           "(sigmoid + BCE / softmax + cross-entropy)\n", bce_vs_backward, ce_vs_backward, bce_vs_fd, ce_vs_fd);
    printf("02_one_neuron: test accuracy: blobs %.3f; XOR: logistic regression %.3f, best line %.3f, hidden layer %.3f\n",
           blobs_test_acc, xor_lin_test, line_test, xor_hid_test);
    printf("02_one_neuron: epochs to %g%% training accuracy from the wrong start: cross-entropy %d, squared error %d\n",
           100 * ACC_TARGET, ce_wrong_to_target, mse_wrong_to_target);

    mlp_mat_free(&Ytr), mlp_mat_free(&Yte);
    mlp_split_free(&blobs), mlp_split_free(&xor_), mlp_split_free(&over), mlp_split_free(&sep);

    /* ---- claims ----
       Bounds chosen over seeds 1-10 in full mode and 1-30 in quick mode
       (sh tools/seeds.sh 02_one_neuron 10; QUICK=1 ... 30): the range seen
       is in the comment before each claim, full and quick together. */
    /* 3.4e-11 .. 1.2e-10, the truncation error of h = 1e-5; 1e-7 is
       mlp_grad_check's line between right and suspicious. A slip (no 1/B, a
       sign, a transpose, no bias, a sigma' factor) gives 0.3 or more. */
    course_claim_below("gradient_is_yhat_minus_y",
                       "The hand-written gradient $X^\\top(\\hat Y - Y)/B$ against central differences (relative "
                       "error, the worse of sigmoid + BCE and softmax + cross-entropy)",
                       fmax(bce_vs_fd, ce_vs_fd), 1e-7);
    /* Exactly 0 for every seed: the same sums in the same order. */
    course_claim_below("hand_equals_backward",
                       "The hand-written gradient against `mlp_backward` (relative difference)",
                       fmax(bce_vs_backward, ce_vs_backward), 1e-13);
    /* 0.965 .. 1 (200 test points). */
    course_claim_above("blobs_learned", "Softmax regression on three blobs: test accuracy", blobs_test_acc, 0.93);
    /* Training 0.682 .. 0.743 (a line fitted to 400 points does a little
       better on them than on the square), test 0.61 .. 0.75. The bounds say
       "about 2/3", far from the hidden layer's 0.95 and more. */
    course_claim_between("xor_best_line_two_thirds", "XOR: the best of all straight lines, training accuracy "
                         "(2/3 for uniform data)", line_train, 0.6, 0.78);
    course_claim_below("xor_best_line_test", "... and its test accuracy", line_test, 0.8);
    /* Deterministic (no sample): 0.668, the grid's approximation of 2/3. */
    course_claim_between("xor_best_line_square", "XOR: the best straight line on the whole square (a fine grid): "
                         "the fraction of its area classified right", line_population, 0.66, 0.675);
    /* 0.0003 .. 0.020: the loss stays within 2% of log 2. */
    course_claim_below("xor_logistic_learns_nothing",
                       "XOR: logistic regression's training loss stays at $\\log 2$, the loss of answering 1/2 "
                       "everywhere: $(\\log 2 - L)/\\log 2$", (log(2.0) - xor_lin_loss) / log(2.0), 0.05);
    /* 0.95 .. 0.995. */
    snprintf(key, sizeof key, "XOR: one hidden layer of %d $\\tanh$ units, test accuracy", HIDDEN);
    course_claim_above("xor_hidden_learns", key, xor_hid_test, 0.9);
    /* 14.8 .. 19.6 times as many epochs (the gradient is about 50 times
       smaller at the start). */
    snprintf(key, sizeof key, "From the confidently wrong start: epochs squared error needs to reach %g%% training "
             "accuracy, in multiples of what cross-entropy needs", 100 * ACC_TARGET);
    course_claim_above("mse_slow_when_wrong", key, (double)mse_wrong_to_target / ce_wrong_to_target, 5);
    /* Loss: at most 6.2e-16 (rounding); weights: at most 4.4e-15. */
    course_claim_below("same_loss_from_any_start",
                       "Logistic regression on overlapping classes: largest relative difference of the final loss "
                       "between the zero start and the random starts",
                       conv_loss_diff, 1e-9);
    course_claim_below("same_weights_from_any_start", "... and of the final weights and bias (the minimum is unique)",
                       conv_theta_diff, 1e-4);
    /* Loss: at most 6.5e-16; spread: at most 7.2e-15 of the shift. */
    course_claim_below("softmax_same_loss", "Softmax regression from zero and from a random start: relative "
                       "difference of the final loss", softmax_loss_diff, 1e-9);
    course_claim_below("softmax_weights_differ_by_shift", "... while the weights differ by one constant per input, the "
                       "same for every class: the spread of $W_\\text{random} - W_\\text{zero}$ over the classes, "
                       "relative to the largest such constant", softmax_spread / softmax_shift, 1e-6);
    /* Separable: 2.9 .. 4.7 over the last factor of 10 (log growth: about
       the same for every factor of 10). Overlapping: exactly 0 for every
       seed (converged to the last bit). */
    course_claim_above("separable_weights_grow",
                       "Separable classes: growth of $\\lVert w \\rVert$ over the last factor of 10 in epochs",
                       sep_growth, 1);
    course_claim_below("overlapping_weights_settle",
                       "Overlapping classes: relative change of $\\lVert w \\rVert$ over the second half of the run",
                       over_change, 1e-4);
    return course_end();
}
