/* exercises/11_regularization.c: early stopping, L2, L1, elastic net, augmentation.

   What it shows: four ways to keep a network that can memorize its training
   set from doing so, on a case built to overfit: 40 noisy points of mlp.h's
   two-circles set, a hidden layer of 100 ReLU units, and 2000 epochs of SGD
   with momentum. (1) Early stopping: the validation loss is watched after
   every epoch; training stops `patience` epochs after its best epoch and the
   weights of that epoch are put back. (2) Weight penalties: L2, L1 and the
   elastic net at seven strengths lambda, with the test error, the norm of
   the weights and their histogram. (3) Data augmentation: with only 16
   training points, every epoch sees each point turned by a fresh random
   angle, a symmetry of this task (the class depends only on the distance
   from the origin). Every comparison is repeated on several draws of the
   data and reported as medians.

   mlp.h functions: mlp_rng_seed, mlp_rng_uniform, mlp_toy_circles,
   mlp_one_hot, mlp_split_data, mlp_split_free, mlp_mat_init, mlp_mat_copy,
   mlp_mat_free, mlp_net_new, mlp_net_add, mlp_net_initialize,
   mlp_net_param_count, mlp_net_free, mlp_sgd, mlp_step, mlp_fit_defaults,
   mlp_fit, mlp_train_epoch, mlp_evaluate, mlp_predict, mlp_accuracy,
   mlp_layer_statistics, mlp_last_error.

   Feeds reports/11_regularization.md. Run as `11_regularization OUTDIR`:
   writes curves.tsv, penalties.tsv, hist.tsv, data.tsv, aug_runs.tsv,
   regions.tsv and results.yaml into OUTDIR. With MLP_QUICK=1 in the
   environment it repeats every experiment on fewer draws of the data and
   trains for fewer epochs. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SEED 11
#define NOISE 0.2        /* standard deviation added to each coordinate: the circles overlap */
#define N_TRAIN 40
#define N_VAL 100
#define N_TEST 2000
#define HIDDEN 100
#define BATCH 10
#define LR 0.05
#define MOMENTUM 0.9
#define PATIENCE 50
#define N_LAMBDA 7       /* lambda = 0 and six strengths */
#define EN_RATIO 0.5     /* elastic net: r, the L1 share of lambda */
#define ZERO_BELOW 1e-3  /* a weight this small is "nearly zero" */
#define N_AUG_TRAIN 16   /* the small training set of the augmentation experiment */
#define MAX_REPS 9       /* draws of the data (and initial weights): seed * 1000 + rep */
#define MAX_AUG_REPS 25  /* draws for the augmentation experiment */
#define N_BINS 32        /* histogram of log10 |w| from HIST_LO to HIST_HI */
#define HIST_LO (-7.0)
#define HIST_HI 1.0
#define GRID 81          /* decision regions: GRID x GRID points over [-1.6, 1.6]^2 */
#define GRID_R 1.6

static const double lambdas[N_LAMBDA] = {0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
enum { L2 = 0, L1, ENET, N_PEN };
static const char *pen_names[N_PEN] = {"l2", "l1", "enet"};

/* ---- the penalties' gradient, by hand ---------------------------------------
   With the penalty (wd / 2) ||W||^2 + l1 ||W||_1 added to the loss L, the
   gradient of each weight w gains
       d/dw [ (wd / 2) w^2 + l1 |w| ] = wd w + l1 sign(w),
   with sign(0) = 0 (|w| has no derivative at 0; 0 is the subgradient PyTorch's
   autograd takes there). One step of plain SGD is then
       w <- w - lr (dL/dw + wd w + l1 sign(w)):
   L2 shrinks w in proportion to itself ("weight decay": w (1 - lr wd) - lr
   dL/dw), L1 by the same amount whatever its size, which is what can bring a
   weight to zero. Biases are not penalized (mlp.h's default, decay_bias = 0):
   they move by lr db only. hand_sgd_step does this to one layer; the
   self-check compares it with mlp_step. */
static void hand_sgd_step(mlp_layer *layer, double lr, double wd, double l1)
{
    int k, nW = layer->W.rows * layer->W.cols, nb = layer->b.cols;
    /* BEGIN SOLUTION penalty-gradient: one SGD step with the L2 and L1
       penalties on the weights W (their gradient wd w + l1 sign(w), sign(0)
       = 0, added to dW), and a plain step on the biases b */
    for (k = 0; k < nW; k++) {
        double w = (double)layer->W.data[k];
        double g = (double)layer->dW.data[k] + wd * w + l1 * (w > 0 ? 1 : w < 0 ? -1 : 0);
        layer->W.data[k] = (mlp_real)(w - lr * g);
    }
    for (k = 0; k < nb; k++) layer->b.data[k] = (mlp_real)((double)layer->b.data[k] - lr * (double)layer->db.data[k]);
    /* END SOLUTION; stub: (void)lr, (void)wd, (void)l1, (void)k, (void)nW, (void)nb; */
}

/* The self-check: a 3 -> 2 layer with weights of both signs and one exact
   zero, gradients set by hand, lr 0.1, wd 0.05, l1 0.02.
     by hand, w = 0.5, dL/dw = 0.2:   0.5 - 0.1 (0.2 + 0.025 + 0.02) = 0.4755
              w = -0.4, dL/dw = 0.1:  -0.4 - 0.1 (0.1 - 0.02 - 0.02) = -0.406
              w = 0, dL/dw = 0:       stays 0 (sign(0) = 0)
              b = 0.3, db = -0.5:     0.3 + 0.05 = 0.35 (no penalty)
   and every entry must equal mlp_step's (mlp_sgd with weight_decay and l1).
   Catches a penalty without the 1/2 (2 wd w), a sign slip, sign(0) = 1, and
   a penalty on the biases. Returns 1 if all agree. */
static int penalty_self_check(void)
{
    static const double W0[6] = {0.5, -0.4, 0, 1.2, -0.05, 0.3}, dW0[6] = {0.2, 0.1, 0, -0.3, 0.01, 0};
    static const double b0[2] = {0.3, -0.2}, db0[2] = {-0.5, 0.25};
    static const double paper[4] = {0.4755, -0.406, 0, 0.35}; /* W[0][0], W[0][1], W[0][2], b[0] */
    const double tol = sizeof(mlp_real) == sizeof(float) ? 1e-6 : 1e-14;
    mlp_net a, b;
    mlp_optim opt = mlp_sgd((mlp_real)0.1);
    double mine[8], lib[8];
    int k;
    course_selfcheck("penalty-gradient", "exercises/11_regularization.c, hand_sgd_step");
    course_ok(mlp_net_new(&a, 3, MLP_MSE) || mlp_net_add(&a, 2, MLP_IDENTITY), "building the network");
    course_ok(mlp_net_new(&b, 3, MLP_MSE) || mlp_net_add(&b, 2, MLP_IDENTITY), "building the network");
    for (k = 0; k < 6; k++) {
        a.layers[0].W.data[k] = b.layers[0].W.data[k] = (mlp_real)W0[k];
        a.layers[0].dW.data[k] = b.layers[0].dW.data[k] = (mlp_real)dW0[k];
    }
    for (k = 0; k < 2; k++) {
        a.layers[0].b.data[k] = b.layers[0].b.data[k] = (mlp_real)b0[k];
        a.layers[0].db.data[k] = b.layers[0].db.data[k] = (mlp_real)db0[k];
    }
    opt.weight_decay = (mlp_real)0.05;
    opt.l1 = (mlp_real)0.02;
    course_ok(mlp_step(&a, &opt), "mlp_step");
    hand_sgd_step(&b.layers[0], 0.1, 0.05, 0.02);
    for (k = 0; k < 8; k++) {
        mine[k] = (double)(k < 6 ? b.layers[0].W.data[k] : b.layers[0].b.data[k - 6]);
        lib[k] = (double)(k < 6 ? a.layers[0].W.data[k] : a.layers[0].b.data[k - 6]);
    }
    { /* the four values worked out on paper: W[0][0..2] and b[0] */
        double got[4];
        got[0] = mine[0], got[1] = mine[1], got[2] = mine[2], got[3] = mine[6];
        course_check_values("one penalized SGD step by hand vs on paper (lr 0.1, wd 0.05, l1 0.02)",
                            "(W[0][0], W[0][1], W[0][2], b[0])", "hand_sgd_step", got, "on paper", paper, 1, 4, tol,
                            NULL);
    }
    course_check_values("one penalized SGD step by hand vs mlp_step (mlp_sgd with weight_decay and l1)",
                        "(W row by row, then b)", "hand_sgd_step", mine, "mlp_step", lib, 1, 8, tol, NULL);
    mlp_net_free(&a);
    mlp_net_free(&b);
    return course_selfcheck_done();
}

/* ---- data and networks ------------------------------------------------------ */

/* Draw `rep`'s data: N_TRAIN + N_VAL + N_TEST points of the circles, split
   at random into training, validation and test sets (the test set is only
   evaluated, never trained on or chosen by), and a separate small training
   set of N_AUG_TRAIN points for the augmentation experiment. rng is left
   ready to initialize the networks. */
static void make_data(int rep, unsigned long long seed, mlp_rng *rng, mlp_split *sp, mlp_mat *X_small,
                      mlp_mat *Y_small)
{
    const int n = N_TRAIN + N_VAL + N_TEST;
    mlp_mat X = {0}, labels = {0}, Y = {0};
    mlp_rng_seed(rng, seed * 1000 + (unsigned long long)rep);
    course_ok(mlp_toy_circles(&X, &labels, n, NOISE, rng), "mlp_toy_circles");
    course_ok(mlp_one_hot(&Y, &labels, 2), "mlp_one_hot");
    course_ok(mlp_split_data(sp, &X, &Y, (mlp_real)N_VAL / n, (mlp_real)N_TEST / n, rng), "mlp_split_data");
    course_ok(mlp_toy_circles(&X, &labels, N_AUG_TRAIN, NOISE, rng), "mlp_toy_circles");
    course_ok(mlp_one_hot(Y_small, &labels, 2), "mlp_one_hot");
    course_ok(mlp_mat_copy(X_small, &X), "mlp_mat_copy");
    mlp_mat_free(&X), mlp_mat_free(&labels), mlp_mat_free(&Y);
}

/* 2 -> HIDDEN ReLU -> 2 softmax, cross-entropy; He initialization (mlp.h's
   default before ReLU), biases 0. Every network of a repetition starts from
   the same weights: the same seed `init_seed` each time. */
static void new_net(mlp_net *net, unsigned long long init_seed, mlp_rng *rng)
{
    mlp_rng_seed(rng, init_seed);
    course_ok(mlp_net_new(net, 2, MLP_CROSS_ENTROPY), "mlp_net_new");
    course_ok(mlp_net_add(net, HIDDEN, MLP_RELU), "mlp_net_add");
    course_ok(mlp_net_add(net, 2, MLP_SOFTMAX), "mlp_net_add");
    course_ok(mlp_net_initialize(net, rng), "mlp_net_initialize");
}

static mlp_optim sgd_momentum(void)
{
    mlp_optim opt = mlp_sgd((mlp_real)LR);
    opt.momentum = (mlp_real)MOMENTUM;
    return opt;
}

/* Test loss and test error (the fraction misclassified). */
static void test_scores(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, double *loss, double *error)
{
    mlp_mat P = {0};
    mlp_real L;
    course_ok(mlp_evaluate(net, X, Y, &L), "mlp_evaluate");
    course_ok(mlp_predict(net, X, &P), "mlp_predict");
    *loss = (double)L;
    *error = 1 - (double)mlp_accuracy(&P, Y);
    mlp_mat_free(&P);
}

/* ||W||: the Frobenius norm of all weight matrices together (no biases, which
   are not penalized), and the fraction of weights with |w| < ZERO_BELOW and
   exactly 0. */
static void weight_stats(const mlp_net *net, double *norm, double *small, double *zero)
{
    double sq = 0;
    long n = 0, n_small = 0, n_zero = 0;
    int l, k;
    for (l = 0; l < net->n_layers; l++) {
        const mlp_mat *W = &net->layers[l].W;
        double w_norm = (double)mlp_layer_statistics(&net->layers[l]).w_norm;
        sq += w_norm * w_norm;
        for (k = 0; k < W->rows * W->cols; k++, n++) {
            n_small += fabs((double)W->data[k]) < ZERO_BELOW;
            n_zero += W->data[k] == 0;
        }
    }
    *norm = sqrt(sq);
    *small = (double)n_small / n;
    *zero = (double)n_zero / n;
}

/* Each point of X turned about the origin by its own random angle, into R. */
static void rotate_each(mlp_mat *R, const mlp_mat *X, mlp_rng *rng)
{
    const double two_pi = 6.28318530717958647692;
    int i;
    for (i = 0; i < X->rows; i++) {
        double a = two_pi * mlp_rng_uniform(rng), c = cos(a), s = sin(a);
        double x1 = (double)X->data[2 * i], x2 = (double)X->data[2 * i + 1];
        R->data[2 * i] = (mlp_real)(c * x1 - s * x2);
        R->data[2 * i + 1] = (mlp_real)(s * x1 + c * x2);
    }
}

/* The probability of class 1 (the ring) on the plotting grid. */
static void grid_probs(mlp_net *net, double *out)
{
    mlp_mat G = {0}, P = {0};
    int i;
    course_ok(mlp_mat_init(&G, GRID * GRID, 2), "mlp_mat_init");
    for (i = 0; i < GRID * GRID; i++) {
        G.data[2 * i] = (mlp_real)(-GRID_R + 2 * GRID_R * (i % GRID) / (GRID - 1));
        G.data[2 * i + 1] = (mlp_real)(-GRID_R + 2 * GRID_R * (i / GRID) / (GRID - 1));
    }
    course_ok(mlp_predict(net, &G, &P), "mlp_predict");
    for (i = 0; i < GRID * GRID; i++) out[i] = (double)P.data[2 * i + 1];
    mlp_mat_free(&G), mlp_mat_free(&P);
}

/* "1e-4", "3e-2": a lambda of the grid as a results.yaml key part. */
static void lambda_tag(char *out, size_t n, double lambda)
{
    int e;
    if (lambda == 0) {
        snprintf(out, n, "0");
        return;
    }
    e = (int)floor(log10(lambda) + 1e-9);
    snprintf(out, n, "%.0fe%d", lambda / pow(10, e), e);
}

int main(int argc, char **argv)
{
    int reps, aug_reps, epochs, rep, p, j, e, k, i;
    unsigned long long seed;
    mlp_rng rng;
    FILE *f;
    char key[64], tag[16];
    /* early stopping */
    static mlp_real long_train[5000], long_val[5000], es_val[5000];
    int es_best[MAX_REPS], es_run[MAX_REPS], es_identical = 1;
    double draw0_best_val = 0, draw0_end_val = 0, draw0_end_train = 0; /* draw 0, the one plotted */
    double es_test_best[MAX_REPS], es_test_stop[MAX_REPS], es_test_end[MAX_REPS];
    double es_err_best[MAX_REPS], es_err_stop[MAX_REPS], es_err_end[MAX_REPS], es_ratio[MAX_REPS];
    /* penalties: [penalty][lambda][rep]; lambda 0 is the same run for all three */
    static double val_loss[N_PEN][N_LAMBDA][MAX_REPS], test_loss[N_PEN][N_LAMBDA][MAX_REPS];
    static double test_err[N_PEN][N_LAMBDA][MAX_REPS], wnorm[N_PEN][N_LAMBDA][MAX_REPS];
    static double small[N_PEN][N_LAMBDA][MAX_REPS], zero[N_PEN][N_LAMBDA][MAX_REPS];
    double med_val[N_PEN][N_LAMBDA], med_test[N_PEN][N_LAMBDA], med_err[N_PEN][N_LAMBDA];
    double med_norm[N_PEN][N_LAMBDA], med_small[N_PEN][N_LAMBDA], med_zero[N_PEN][N_LAMBDA];
    static double hist[N_PEN + 1][N_BINS]; /* rep 0: no penalty, then each penalty at its chosen lambda */
    int best_j[N_PEN], increases[N_PEN];
    /* augmentation */
    double acc_plain[MAX_AUG_REPS], acc_aug[MAX_AUG_REPS], gain[MAX_AUG_REPS];
    static double region_plain[GRID * GRID], region_aug[GRID * GRID];
    long n_params = 0;

    course_start(argc, argv, "11_regularization", "regularization");
    seed = course_seed(SEED);
    reps = course_pick(3, 9);
    aug_reps = course_pick(9, 25);
    epochs = course_pick(1000, 2000);

    /* ---- self-check (see penalty_self_check); MLP_CHECK_ONLY=1 stops after it ---- */
    if (!penalty_self_check()) return 1;
    if (course_check_only()) return 0;

    /* The best lambda of each penalty is chosen from the validation loss, so
       the penalty runs come first: then the histograms can be drawn from the
       runs at the chosen lambda of repetition 0, trained again. */
    for (rep = 0; rep < reps; rep++) {
        mlp_split sp = {0};
        mlp_mat X_small = {0}, Y_small = {0};
        mlp_net net;
        const unsigned long long init_seed = seed * 1000 + 500 + (unsigned long long)rep;
        make_data(rep, seed, &rng, &sp, &X_small, &Y_small);

        /* ---- (1) early stopping: the long run, then the same run with patience ---- */
        {
            mlp_fit_opts fo = mlp_fit_defaults();
            mlp_optim opt;
            int pass;
            for (pass = 0; pass < 3; pass++) {
                /* pass 0: all `epochs`, no stopping, last weights kept;
                   pass 1: patience PATIENCE, last weights kept (the model at the stop);
                   pass 2: patience PATIENCE, best weights restored (early stopping proper) */
                mlp_rng shuffle;
                new_net(&net, init_seed, &shuffle);
                n_params = mlp_net_param_count(&net);
                opt = sgd_momentum();
                fo = mlp_fit_defaults();
                fo.epochs = epochs;
                fo.batch_size = BATCH;
                fo.X_val = &sp.X_val;
                fo.Y_val = &sp.Y_val;
                fo.patience = pass == 0 ? 0 : PATIENCE;
                fo.restore_best = pass == 2;
                fo.train_loss = pass == 0 ? long_train : NULL;
                fo.val_loss = pass == 0 ? long_val : es_val;
                course_ok(mlp_fit(&net, &opt, &sp.X_train, &sp.Y_train, &shuffle, &fo), "mlp_fit");
                if (pass == 0) test_scores(&net, &sp.X_test, &sp.Y_test, &es_test_end[rep], &es_err_end[rep]);
                if (pass == 1) test_scores(&net, &sp.X_test, &sp.Y_test, &es_test_stop[rep], &es_err_stop[rep]);
                if (pass == 2) {
                    test_scores(&net, &sp.X_test, &sp.Y_test, &es_test_best[rep], &es_err_best[rep]);
                    es_best[rep] = fo.best_epoch;
                    es_run[rep] = fo.epochs_run;
                    /* the stopped run is the long run cut short: same losses, bit for bit */
                    for (e = 0; e < fo.epochs_run; e++) es_identical &= es_val[e] == long_val[e];
                }
                mlp_net_free(&net);
            }
            es_ratio[rep] = es_test_best[rep] / es_test_end[rep];
            if (rep == 0) {
                draw0_best_val = (double)long_val[es_best[0] - 1];
                draw0_end_val = (double)long_val[epochs - 1];
                draw0_end_train = (double)long_train[epochs - 1];
                f = course_open("marks.tsv");
                fprintf(f, "# best_epoch\tstop_epoch\tvalidation_loss_at_best\n%d\t%d\t%.17g\n", es_best[0], es_run[0],
                        (double)long_val[es_best[0] - 1]);
                course_close(f, "marks.tsv");
                f = course_open("curves.tsv");
                fprintf(f, "# epoch\ttrain_loss (mean over the epoch's batches)\tvalidation_loss\n");
                for (e = 0; e < epochs; e++)
                    fprintf(f, "%d\t%.17g\t%.17g\n", e + 1, (double)long_train[e], (double)long_val[e]);
                course_close(f, "curves.tsv");
            }
        }

        /* ---- (2) penalties: lambda 0 once, then each penalty at each lambda ---- */
        for (p = 0; p < N_PEN; p++)
            for (j = 0; j < N_LAMBDA; j++) {
                mlp_rng shuffle;
                mlp_optim opt;
                mlp_fit_opts fo = mlp_fit_defaults();
                mlp_real L;
                double lam = lambdas[j];
                if (j == 0 && p > 0) { /* lambda 0 is the same run for every penalty */
                    val_loss[p][0][rep] = val_loss[0][0][rep], test_loss[p][0][rep] = test_loss[0][0][rep];
                    test_err[p][0][rep] = test_err[0][0][rep], wnorm[p][0][rep] = wnorm[0][0][rep];
                    small[p][0][rep] = small[0][0][rep], zero[p][0][rep] = zero[0][0][rep];
                    continue;
                }
                course_progress("draw %d of %d: %s, lambda %g", rep + 1, reps, pen_names[p], lam);
                new_net(&net, init_seed, &shuffle);
                opt = sgd_momentum();
                /* mlp.h's penalty: (weight_decay / 2) ||W||^2 + l1 ||W||_1. The
                   elastic net with ratio r: l1 = r lambda, weight_decay = (1 - r) lambda. */
                if (p == L2) opt.weight_decay = (mlp_real)lam;
                if (p == L1) opt.l1 = (mlp_real)lam;
                if (p == ENET) opt.l1 = (mlp_real)(EN_RATIO * lam), opt.weight_decay = (mlp_real)((1 - EN_RATIO) * lam);
                fo.epochs = epochs;
                fo.batch_size = BATCH;
                course_ok(mlp_fit(&net, &opt, &sp.X_train, &sp.Y_train, &shuffle, &fo), "mlp_fit");
                course_ok(mlp_evaluate(&net, &sp.X_val, &sp.Y_val, &L), "mlp_evaluate");
                val_loss[p][j][rep] = (double)L;
                test_scores(&net, &sp.X_test, &sp.Y_test, &test_loss[p][j][rep], &test_err[p][j][rep]);
                weight_stats(&net, &wnorm[p][j][rep], &small[p][j][rep], &zero[p][j][rep]);
                mlp_net_free(&net);
            }

        mlp_split_free(&sp);
        mlp_mat_free(&X_small), mlp_mat_free(&Y_small);
    }
    course_progress_done();

    /* ---- (3) augmentation: N_AUG_TRAIN points, with and without random turns ----
       Its own, longer series of draws (the first `reps` are the draws above):
       with so few points the outcome varies from draw to draw, and each run
       is cheap. */
    for (rep = 0; rep < aug_reps; rep++) {
        mlp_split sp = {0};
        mlp_mat X_small = {0}, Y_small = {0}, X_turned = {0}, P = {0};
        mlp_net net;
        const unsigned long long init_seed = seed * 1000 + 500 + (unsigned long long)rep;
        int aug;
        course_progress("augmentation, draw %d of %d", rep + 1, aug_reps);
        make_data(rep, seed, &rng, &sp, &X_small, &Y_small);
        course_ok(mlp_mat_copy(&X_turned, &X_small), "mlp_mat_copy");
        for (aug = 0; aug < 2; aug++) {
            mlp_rng shuffle, turns;
            mlp_optim opt = sgd_momentum();
            new_net(&net, init_seed, &shuffle);
            mlp_rng_seed(&turns, init_seed + 250);
            for (e = 0; e < epochs; e++) {
                /* a fresh turn of every point each epoch: the network never
                   sees the same rotated copy twice */
                if (aug) rotate_each(&X_turned, &X_small, &turns);
                course_ok(mlp_train_epoch(&net, &opt, &X_turned, &Y_small, BATCH, &shuffle, NULL), "mlp_train_epoch");
            }
            course_ok(mlp_predict(&net, &sp.X_test, &P), "mlp_predict");
            (aug ? acc_aug : acc_plain)[rep] = (double)mlp_accuracy(&P, &sp.Y_test);
            if (rep == 0) grid_probs(&net, aug ? region_aug : region_plain);
            mlp_net_free(&net);
        }
        gain[rep] = acc_aug[rep] - acc_plain[rep];
        if (rep == 0) {
            f = course_open("data.tsv");
            fprintf(f, "# x1\tx2\tclass (the small training set of the augmentation experiment, draw 0)\n");
            for (i = 0; i < N_AUG_TRAIN; i++)
                fprintf(f, "%.17g\t%.17g\t%d\n", (double)X_small.data[2 * i], (double)X_small.data[2 * i + 1],
                        Y_small.data[2 * i + 1] > 0.5);
            course_close(f, "data.tsv");
        }
        mlp_split_free(&sp);
        mlp_mat_free(&X_small), mlp_mat_free(&Y_small), mlp_mat_free(&X_turned), mlp_mat_free(&P);
    }
    course_progress_done();

    /* ---- medians over the draws; each penalty's lambda chosen on validation ---- */
    for (p = 0; p < N_PEN; p++) {
        best_j[p] = 0;
        increases[p] = 0;
        for (j = 0; j < N_LAMBDA; j++) {
            med_val[p][j] = course_median(val_loss[p][j], reps);
            med_test[p][j] = course_median(test_loss[p][j], reps);
            med_err[p][j] = course_median(test_err[p][j], reps);
            med_norm[p][j] = course_median(wnorm[p][j], reps);
            med_small[p][j] = course_median(small[p][j], reps);
            med_zero[p][j] = course_median(zero[p][j], reps);
            if (med_val[p][j] < med_val[p][best_j[p]]) best_j[p] = j;
            if (j > 0 && !(med_norm[p][j] < med_norm[p][j - 1])) increases[p]++;
        }
    }

    /* ---- histograms: repetition 0, no penalty and each penalty at its lambda ---- */
    {
        mlp_split sp = {0};
        mlp_mat X_small = {0}, Y_small = {0};
        int c;
        make_data(0, seed, &rng, &sp, &X_small, &Y_small);
        for (c = 0; c <= N_PEN; c++) {
            mlp_net net;
            mlp_rng shuffle;
            mlp_optim opt = sgd_momentum();
            mlp_fit_opts fo = mlp_fit_defaults();
            int l;
            new_net(&net, seed * 1000 + 500, &shuffle);
            if (c > 0) {
                double lam = lambdas[best_j[c - 1]];
                if (c - 1 == L2) opt.weight_decay = (mlp_real)lam;
                if (c - 1 == L1) opt.l1 = (mlp_real)lam;
                if (c - 1 == ENET) opt.l1 = (mlp_real)(EN_RATIO * lam), opt.weight_decay = (mlp_real)((1 - EN_RATIO) * lam);
            }
            fo.epochs = epochs;
            fo.batch_size = BATCH;
            course_ok(mlp_fit(&net, &opt, &sp.X_train, &sp.Y_train, &shuffle, &fo), "mlp_fit");
            for (l = 0; l < net.n_layers; l++) {
                const mlp_mat *W = &net.layers[l].W;
                for (k = 0; k < W->rows * W->cols; k++) {
                    /* bin of log10 |w|; exact zeros and anything below HIST_LO go to the first bin */
                    double a = fabs((double)W->data[k]);
                    int bin = a > 0 ? (int)floor((log10(a) - HIST_LO) / (HIST_HI - HIST_LO) * N_BINS) : 0;
                    if (bin < 0) bin = 0;
                    if (bin >= N_BINS) bin = N_BINS - 1;
                    hist[c][bin] += 1;
                }
            }
            mlp_net_free(&net);
        }
        mlp_split_free(&sp);
        mlp_mat_free(&X_small), mlp_mat_free(&Y_small);
    }

    /* ---- data for the plots ---- */
    f = course_open("penalties.tsv");
    fprintf(f, "# lambda\tpenalty\tmedian_val_loss\tmedian_test_loss\tmedian_test_error\tmedian_weight_norm\t"
               "median_fraction_below_%g\tmedian_fraction_zero\n", ZERO_BELOW);
    for (p = 0; p < N_PEN; p++) {
        for (j = 1; j < N_LAMBDA; j++)
            fprintf(f, "%.17g\t%s\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", lambdas[j], pen_names[p],
                    med_val[p][j], med_test[p][j], med_err[p][j], med_norm[p][j], med_small[p][j], med_zero[p][j]);
        fprintf(f, "\n\n"); /* one gnuplot data block per penalty */
    }
    /* block 3: lambda = 0, over the whole lambda range, for the baseline lines */
    fprintf(f, "%.17g\tnone\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", lambdas[1], med_val[0][0], med_test[0][0],
            med_err[0][0], med_norm[0][0], med_small[0][0], med_zero[0][0]);
    fprintf(f, "%.17g\tnone\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", lambdas[N_LAMBDA - 1], med_val[0][0],
            med_test[0][0], med_err[0][0], med_norm[0][0], med_small[0][0], med_zero[0][0]);
    course_close(f, "penalties.tsv");

    f = course_open("hist.tsv");
    fprintf(f, "# log10|w| (bin centre)\tfraction: none\tl2\tl1\tenet\n");
    {
        double total = 0;
        for (i = 0; i < N_BINS; i++) total += hist[0][i];
        for (i = 0; i < N_BINS; i++) {
            fprintf(f, "%.17g", HIST_LO + (i + 0.5) * (HIST_HI - HIST_LO) / N_BINS);
            for (p = 0; p <= N_PEN; p++) fprintf(f, "\t%.17g", hist[p][i] / total);
            fprintf(f, "\n");
        }
    }
    course_close(f, "hist.tsv");

    f = course_open("regions.tsv");
    fprintf(f, "# x1\tx2\tp_ring_plain\tp_ring_augmented\n");
    for (i = 0; i < GRID * GRID; i++) {
        fprintf(f, "%.17g\t%.17g\t%.17g\t%.17g\n", -GRID_R + 2 * GRID_R * (i % GRID) / (GRID - 1),
                -GRID_R + 2 * GRID_R * (i / GRID) / (GRID - 1), region_plain[i], region_aug[i]);
        if (i % GRID == GRID - 1) fprintf(f, "\n");
    }
    course_close(f, "regions.tsv");

    f = course_open("aug_runs.tsv");
    fprintf(f, "# rep\ttest_accuracy_plain\ttest_accuracy_augmented\n");
    for (rep = 0; rep < aug_reps; rep++) fprintf(f, "%d\t%.17g\t%.17g\n", rep, acc_plain[rep], acc_aug[rep]);
    course_close(f, "aug_runs.tsv");

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("noise", "%g", NOISE);
    course_put("n_train", "%d", N_TRAIN);
    course_put("n_val", "%d", N_VAL);
    course_put("n_test", "%d", N_TEST);
    course_put("hidden", "%d", HIDDEN);
    course_put("n_params", "%ld", n_params);
    course_put("batch", "%d", BATCH);
    course_put("lr", "%g", LR);
    course_put("momentum", "%g", MOMENTUM);
    course_put("epochs", "%d", epochs);
    course_put("patience", "%d", PATIENCE);
    course_put("reps", "%d", reps);
    course_put("en_ratio", "%g", EN_RATIO);
    course_put("zero_below", "%g", ZERO_BELOW);
    /* L1's oscillation around zero: a step of lr * l1 through momentum's 1 / (1 - mu) */
    course_put("l1_wobble_max", "%.2g", LR * lambdas[N_LAMBDA - 1] / (1 - MOMENTUM));
    course_put("n_aug_train", "%d", N_AUG_TRAIN);
    course_put("es_best_epoch", "%d", es_best[0]);
    course_put("es_stop_epoch", "%d", es_run[0]);
    course_put("es_best_val", "%.3f", draw0_best_val);
    course_put("es_end_val", "%.3f", draw0_end_val);
    course_put("es_end_train", "%.2g", draw0_end_train);
    course_put("es_test_best", "%.3f", course_median(es_test_best, reps));
    course_put("es_test_stop", "%.3f", course_median(es_test_stop, reps));
    course_put("es_test_end", "%.3f", course_median(es_test_end, reps));
    course_put("es_err_best", "%.1f", 100 * course_median(es_err_best, reps));
    course_put("es_err_stop", "%.1f", 100 * course_median(es_err_stop, reps));
    course_put("es_err_end", "%.1f", 100 * course_median(es_err_end, reps));
    {
        double b[MAX_REPS];
        for (rep = 0; rep < reps; rep++) b[rep] = es_best[rep];
        course_put("es_best_median", "%.0f", course_median(b, reps));
    }
    for (p = 0; p < N_PEN; p++) {
        for (j = 0; j < N_LAMBDA; j++) {
            lambda_tag(tag, sizeof tag, lambdas[j]);
            snprintf(key, sizeof key, "%s_test_%s", pen_names[p], tag);
            course_put(key, "%.3f", med_test[p][j]);
            snprintf(key, sizeof key, "%s_err_%s", pen_names[p], tag);
            course_put(key, "%.1f", 100 * med_err[p][j]);
            snprintf(key, sizeof key, "%s_norm_%s", pen_names[p], tag);
            course_put(key, "%.3g", med_norm[p][j]);
            snprintf(key, sizeof key, "%s_small_%s", pen_names[p], tag);
            course_put(key, "%.0f", 100 * med_small[p][j]);
        }
        snprintf(key, sizeof key, "%s_best_lambda", pen_names[p]);
        course_put(key, "%g", lambdas[best_j[p]]);
        snprintf(key, sizeof key, "%s_best_test", pen_names[p]);
        course_put(key, "%.3f", med_test[p][best_j[p]]);
        snprintf(key, sizeof key, "%s_best_err", pen_names[p]);
        course_put(key, "%.1f", 100 * med_err[p][best_j[p]]);
        snprintf(key, sizeof key, "%s_best_small", pen_names[p]);
        course_put(key, "%.0f", 100 * med_small[p][best_j[p]]);
        snprintf(key, sizeof key, "%s_best_zero", pen_names[p]);
        course_put(key, "%.0f", 100 * med_zero[p][best_j[p]]);
        snprintf(key, sizeof key, "%s_best_norm", pen_names[p]);
        course_put(key, "%.3g", med_norm[p][best_j[p]]);
    }
    course_put("none_test", "%.3f", med_test[0][0]);
    course_put("none_err", "%.1f", 100 * med_err[0][0]);
    course_put("none_norm", "%.3g", med_norm[0][0]);
    course_put("none_small", "%.0f", 100 * med_small[0][0]);
    course_put("aug_reps", "%d", aug_reps);
    course_put("aug_plain", "%.1f", 100 * course_median(acc_plain, aug_reps));
    course_put("aug_aug", "%.1f", 100 * course_median(acc_aug, aug_reps));
    course_put("aug_gain", "%.1f", 100 * course_median(gain, aug_reps));
    {
        int wins = 0;
        for (rep = 0; rep < aug_reps; rep++) wins += gain[rep] > 0;
        course_put("aug_wins", "%d", wins);
    }

    printf("11_regularization: %d draws of the data, %d epochs, SGD lr %g momentum %g, batch %d\n", reps, epochs, LR,
           MOMENTUM, BATCH);
    printf("  early stopping (draw 0): best epoch %d, stopped after epoch %d; median test loss: best %.3f, at the "
           "stop %.3f, after %d epochs %.3f\n", es_best[0], es_run[0], course_median(es_test_best, reps),
           course_median(es_test_stop, reps), epochs, course_median(es_test_end, reps));
    printf("  %-6s %8s %9s %9s %8s %8s\n", "", "lambda", "test loss", "error %", "||W||", "small %");
    for (p = 0; p < N_PEN; p++)
        for (j = 0; j < N_LAMBDA; j++)
            printf("  %-6s %8g %9.3f %9.1f %8.3g %8.0f%s\n", pen_names[p], lambdas[j], med_test[p][j],
                   100 * med_err[p][j], med_norm[p][j], 100 * med_small[p][j], j == best_j[p] ? "  <- chosen" : "");
    printf("  augmentation (%d points): median test accuracy %.1f%% without, %.1f%% with\n", N_AUG_TRAIN,
           100 * course_median(acc_plain, aug_reps), 100 * course_median(acc_aug, aug_reps));

    /* ---- claims ----
       Bounds from sh tools/seeds.sh 11_regularization 10, seeds 1-10, full
       mode (9 draws, 25 for augmentation, 2000 epochs) and quick mode (3
       draws, 9 for augmentation, 1000 epochs), as min..max over the seeds:
         stops_after_patience, stopped_run_is_long_run, norm_falls_*: exact,
                               held for every seed;
         restored_much_better  full 0.17..0.28, quick 0.24..0.42: < 0.5, "less
                               than half the test loss";
         l1_nearly_zero        full 0.78..0.81, quick 0.74..0.93: > 0.5, "most";
         l1_more_than_l2       full 0.58..0.74, quick 0.64..0.92: > 0.4;
         l2_helps              full 0.20..0.32, quick 0.26..0.43: < 0.6;
         augmentation_helps    full 5.7..10, quick 5.8..16 points: > 2;
         restored_fewer_errors full 1.0..4.2 points (quick 0.2..6.5, too close
                               to 0 with 3 draws: full run only): > 0. */
    course_claim_equal("stops_after_patience",
                       "Early stopping stops exactly `patience` epochs after the best epoch (draw 0: stopping epoch "
                       "minus best epoch)",
                       es_run[0] - es_best[0], PATIENCE);
    course_claim_true("stopped_run_is_long_run", "The early-stopped run is the long run cut short: the same validation "
                      "losses, bit for bit, up to the stop (every draw)",
                      es_identical, es_identical ? "identical" : "different", "identical");
    course_claim_below("restored_much_better",
                       "The restored model's test loss over the last model's (after all epochs), median over draws",
                       course_median(es_ratio, reps), 0.5);
    course_full_only(1);
    course_claim_above("restored_fewer_errors",
                       "The restored model also misclassifies fewer test points than the last one: median test "
                       "error after all epochs minus that of the restored model (percentage points)",
                       100 * (course_median(es_err_end, reps) - course_median(es_err_best, reps)), 0);
    course_full_only(0);
    for (p = 0; p < N_PEN; p++) {
        char id[48], text[200];
        snprintf(id, sizeof id, "norm_falls_%s", pen_names[p]);
        snprintf(text, sizeof text, "%s: $\\|W\\|$ (median over draws) falls at every step of the $\\lambda$ grid "
                 "(steps where it does not)", p == L2 ? "L2" : p == L1 ? "L1" : "Elastic net");
        course_claim_equal(id, text, increases[p], 0);
    }
    course_claim_above("l1_nearly_zero",
                       "L1 at its chosen $\\lambda$: fraction of weights with $|w| < 10^{-3}$ (median over draws)",
                       med_small[L1][best_j[L1]], 0.5);
    course_claim_above("l1_more_than_l2",
                       "At their chosen $\\lambda$s, L1's fraction of weights with $|w| < 10^{-3}$ minus L2's "
                       "(medians over draws)",
                       med_small[L1][best_j[L1]] - med_small[L2][best_j[L2]], 0.4);
    course_claim_below("l2_helps",
                       "L2 at its chosen $\\lambda$: median test loss over that of $\\lambda = 0$",
                       med_test[L2][best_j[L2]] / med_test[0][0], 0.6);
    course_claim_above("augmentation_helps",
                       "Augmentation by random turns: median gain in test accuracy (percentage points)",
                       100 * course_median(gain, aug_reps), 2);
    return course_end();
}
