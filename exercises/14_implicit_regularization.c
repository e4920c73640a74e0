/* exercises/14_implicit_regularization.c: implicit regularization of SGD,
   gradient noise, and weight decay.

   What it shows: chapter 13's data (a random teacher R^8 -> R^8, noise 0.3,
   N = 100 points) fitted by a deep network, five ReLU hidden layers of 50
   units, with plain SGD on mini-batches of 20 at four learning rates, each
   from the same initialization, until the training MSE is below 1e-5. All
   of them fit the noisy points; which of the many fitting networks they end
   in depends on the learning rate. Larger rates end in flatter networks
   (outputs less sensitive to the parameters) that predict new points
   better. At the end of each run the exercise measures, averaged over a few
   epochs at (nearly) the same training loss: the full-data gradient norm
   ||grad J||^2 and the mini-batch gradient variance (the exercise sheet's
   two measures, mlp_gradient_noise), and a flatness measure, the mean over
   samples of the squared norm of the gradient of the outputs with respect to
   every parameter. Then SGD with weight decay tries to do better than any
   learning rate alone.

   mlp.h functions: mlp_rng_seed, mlp_rng_normal, mlp_toy_teacher_net,
   mlp_toy_teacher_data, mlp_mat_view, mlp_mat_init, mlp_mat_free,
   mlp_mat_resize, mlp_mat_fill, mlp_mat_mul_nt, mlp_act_backward,
   mlp_forward, mlp_predict, mlp_net_new, mlp_net_add, mlp_net_initialize,
   mlp_net_param_count, mlp_net_n_out, mlp_net_free, mlp_sgd,
   mlp_train_epoch, mlp_evaluate, mlp_gradient_noise, mlp_last_error.

   Feeds reports/14_implicit_regularization.md. Run as
   `14_implicit_regularization OUTDIR`: writes runs.tsv, summary.tsv,
   curves.tsv, decay.tsv and results.yaml into OUTDIR. MLP_QUICK=1: two data
   sets, a looser target, fewer weight decays. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* ---- the experiment: change these and run again ---- */
#define SEED 2024          /* chapter 13's default seed: the same teacher, test set and training sets */
#define N_IN 8
#define N_OUT 8
#define TEACHER_HIDDEN 32  /* the teacher of chapter 13: 8 -> 32 tanh -> 8 */
#define NOISE 0.3
#define N_TEST 4000
#define N_TRAIN 100
#define DEPTH 5            /* hidden layers */
#define WIDTH 50           /* units in each */
#define BATCH 20           /* mini-batch size: 5 steps per epoch */
#define INIT MLP_INIT_AUTO  /* He normal before ReLU (mlp.h's default); try MLP_INIT_PYTORCH */
#define N_LR 4
static const double lrs[N_LR] = {0.02, 0.04, 0.08, 0.16};
#define TARGET_MSE 1e-5    /* train until the full training MSE is below this */
#define QUICK_TARGET_MSE 1e-3
#define MAX_EPOCHS 30000
#define N_MEASURE 10       /* epochs after reaching the target over which the measures are averaged */
#define N_DATA 8           /* data sets (each with its own initialization): medians over these */
#define DECAY_LR 0.08      /* the learning rate of the weight-decay runs */
#define DECAY_EPOCHS 3000  /* their budget (they do not reach the target: they are not meant to) */
#define QUICK_DECAY_EPOCHS 1000
#define N_DECAY 6
static const double decays[N_DECAY] = {0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2};
static const double decays_quick[3] = {0, 1e-2, 3e-2}; /* none, about the best, too much */
#define MAX_CURVE 200

/* One run at one learning rate. */
typedef struct implicit_run {
    int epochs;            /* epochs to reach the target (or the budget) */
    int reached;           /* 1 if the target was reached */
    int diverged;          /* 1 if the loss became NaN or infinite (the run stopped there) */
    double loss_at;        /* the mean full training MSE over the measuring epochs */
    double grad_norm_sq;   /* ||grad J||^2, averaged over the measuring epochs */
    double batch_var;      /* (1/N_b) sum_b ||grad J_b - grad J||^2, averaged likewise */
    double flat;           /* the flatness measure, averaged likewise */
    double test;           /* test MSE at the end */
    int n_curve;
    int curve_epoch[MAX_CURVE];
    double curve_loss[MAX_CURVE]; /* the epoch's mean mini-batch loss */
} implicit_run;

static struct {
    unsigned long long seed;
    int n_data, n_measure, n_decay, decay_epochs, n_curve_grid, curve_grid[MAX_CURVE];
    double target;
    const double *decays;
    double t_start, work_done, work_total; /* for the time left on the progress line */
} run;

/* Chapter 13's streams (the same formula and kinds give the same data), and
   this chapter's own. */
enum { STREAM_TEACHER = 1, STREAM_TEST, STREAM_DATA, STREAM_INIT = 5, STREAM_SHUFFLE, STREAM_MEASURE };
static void seed_stream(mlp_rng *rng, int kind, int a, int b)
{
    mlp_rng_seed(rng, ((run.seed * 8 + (unsigned long long)kind) * 1024 + (unsigned long long)a) * 1024 +
                          (unsigned long long)b);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- the flatness measure ----
   F = (1/N) sum_i sum_o || d f_o(x_i) / d theta ||^2 over every weight and
   bias: how much the outputs move when the parameters move. For MSE it is
   the trace of the Gauss-Newton matrix up to a constant (the report
   derives it). One backward pass per output o, seeded with dA = e_o on
   every row, gives every sample's gradient at once, but summed over the
   samples in dW; the norm we need is per sample. It comes cheaply from the
   layer's cached input X and dZ: for one sample, dW = x dz^T (an outer
   product) and db = dz, so ||dW||^2 + ||db||^2 = (||x||^2 + 1) ||dz||^2.
   The network's dZ and dA buffers are overwritten; dW and db are not
   touched. */
static double flatness(mlp_net *net, const mlp_mat *X)
{
    const int N = X->rows, L = net->n_layers, O = mlp_net_n_out(net);
    mlp_layer *out = &net->layers[L - 1];
    double F = 0;
    int o, l, i, j, k;
    net->training = 0; /* evaluation mode (no dropout here anyway) */
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    net->training = 1;
    for (l = 0; l < L; l++)
        course_ok(mlp_mat_resize(&net->layers[l].dZ, N, net->layers[l].n_out) ||
                      mlp_mat_resize(&net->layers[l].dA, N, net->layers[l].n_out),
                  "mlp_mat_resize");
    for (o = 0; o < O; o++) {
        mlp_mat_fill(&out->dA, 0);
        for (i = 0; i < N; i++) out->dA.data[(size_t)i * O + o] = 1; /* d f_o / d A of the output layer */
        for (l = L - 1; l >= 0; l--) {
            mlp_layer *layer = &net->layers[l];
            const mlp_mat *Xl = layer->X, *dZ = &layer->dZ;
            mlp_act_backward(layer->act, layer->slope, &layer->dZ, &layer->dA, &layer->Z, &layer->A);
            if (l > 0) mlp_mat_mul_nt(&net->layers[l - 1].dA, &layer->dZ, &layer->W, 0); /* dA_{l-1} = dZ W^T */
            /* BEGIN SOLUTION flatness: add layer l's part of every sample's
               squared gradient norm to F: for sample i, the gradient of f_o
               with respect to W is x_i dz_i^T and to b is dz_i (rows i of
               Xl and dZ), so its squared norm is (||x_i||^2 + 1) ||dz_i||^2 */
            for (i = 0; i < N; i++) {
                double x2 = 1, dz2 = 0; /* the 1 is the bias's "input" */
                for (k = 0; k < Xl->cols; k++) x2 += (double)Xl->data[(size_t)i * Xl->cols + k] * (double)Xl->data[(size_t)i * Xl->cols + k];
                for (j = 0; j < dZ->cols; j++) dz2 += (double)dZ->data[(size_t)i * dZ->cols + j] * (double)dZ->data[(size_t)i * dZ->cols + j];
                F += x2 * dz2;
            }
            /* END SOLUTION; stub: (void)Xl, (void)dZ, (void)i, (void)j, (void)k; */
        }
    }
    return F / N;
}

/* ---- self-check: the flatness measure against finite differences ----
   For a small network (3 -> 4 sigmoid -> 4 ReLU -> 2) and 5 samples, every
   d f_o(x_i) / d theta_p by central differences of mlp_predict, squared and
   summed, over N. `make handout` blanks the region above; this check then
   fails and names it. */
static int self_check(void)
{
    const int n = 5;
    mlp_net net;
    mlp_rng rng;
    mlp_mat X = {0}, Pp = {0}, Pm = {0};
    double F, F_fd = 0;
    /* float keeps about 7 digits: a larger step, and a tolerance that a
       rounding passes but a slip in the formula (off by far more) does not */
    const int is_float = sizeof(mlp_real) == sizeof(float);
    const double h = is_float ? 1e-2 : 1e-6, tol = is_float ? 2e-2 : 1e-6;
    int l, p, k;
    mlp_rng_seed(&rng, 14);
    course_ok(mlp_net_new(&net, 3, MLP_MSE) || mlp_net_add(&net, 4, MLP_SIGMOID) || mlp_net_add(&net, 4, MLP_RELU) ||
                  mlp_net_add(&net, 2, MLP_IDENTITY) || mlp_net_initialize(&net, &rng) || mlp_mat_init(&X, n, 3),
              "building the check network");
    for (l = 0; l < net.n_layers; l++) /* biases away from 0, so that they matter */
        for (k = 0; k < net.layers[l].b.cols; k++) net.layers[l].b.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, 0.5);
    for (k = 0; k < n * 3; k++) X.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    F = flatness(&net, &X);
    for (l = 0; l < net.n_layers; l++)
        for (p = 0; p < 2; p++) {
            mlp_mat *T = p == 0 ? &net.layers[l].W : &net.layers[l].b;
            for (k = 0; k < T->rows * T->cols; k++) {
                const mlp_real keep = T->data[k], up = (mlp_real)(keep + h), down = (mlp_real)(keep - h);
                int q;
                T->data[k] = up;
                course_ok(mlp_predict(&net, &X, &Pp), "mlp_predict");
                T->data[k] = down;
                course_ok(mlp_predict(&net, &X, &Pm), "mlp_predict");
                T->data[k] = keep;
                for (q = 0; q < n * 2; q++) { /* divided by the step actually taken (rounded to mlp_real) */
                    double d = ((double)Pp.data[q] - (double)Pm.data[q]) / ((double)up - (double)down);
                    F_fd += d * d;
                }
            }
        }
    F_fd /= n;
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Pp), mlp_mat_free(&Pm);
    if (!(fabs(F - F_fd) <= tol * F_fd)) {
        fprintf(stderr, "14_implicit_regularization: FAILED: the flatness measure is %.10g, finite differences give "
                        "%.10g: see TODO(flatness) in exercises/14_implicit_regularization.c, flatness\n", F, F_fd);
        return 0;
    }
    return 1;
}

/* 8 -> DEPTH x (WIDTH ReLU) -> 8 linear, MSE, every layer initialized by INIT. */
static void build(mlp_net *net)
{
    int d;
    course_ok(mlp_net_new(net, N_IN, MLP_MSE), "mlp_net_new");
    for (d = 0; d < DEPTH; d++) course_ok(mlp_net_add(net, WIDTH, MLP_RELU), "mlp_net_add");
    course_ok(mlp_net_add(net, N_OUT, MLP_IDENTITY), "mlp_net_add");
    for (d = 0; d < net->n_layers; d++) net->layers[d].init = INIT;
}

/* The work of a run, in epochs we expect it to take: about inversely
   proportional to the learning rate (a guess, for the time left only). */
static double expected_epochs(double lr) { return 5000 * 0.02 / lr; }

static void show_progress(const char *what, double work_now)
{
    double done = run.work_done + work_now, elapsed = now() - run.t_start;
    if (done > 0)
        course_progress("%s | about %.0f s left", what, elapsed * fmax(run.work_total - done, 0) / done);
}

/* One epoch of SGD; returns 0 if the loss became NaN or infinite (mlp.h
   then refuses the step and says so), 1 otherwise. Any other failure stops
   the program. */
static int sgd_epoch(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y, mlp_rng *shuffle, mlp_real *loss)
{
    int status = mlp_train_epoch(net, opt, X, Y, BATCH, shuffle, loss);
    if (status == MLP_ERR_DIVERGED) return 0;
    course_ok(status, "mlp_train_epoch");
    return 1;
}

/* Plain SGD from the network's current (fresh) initialization until the
   full training MSE is below the target, then N_MEASURE more epochs, after
   each of which the measures are taken; their means are the run's values.
   A run that diverges stops, and its measures are NaN. */
static void train_lr(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, const mlp_mat *Xt, const mlp_mat *Yt, double lr,
                     int s, implicit_run *r)
{
    mlp_optim opt = mlp_sgd((mlp_real)lr);
    mlp_rng shuffle, measure;
    mlp_real loss = 0, full = 1, g2, var, test;
    int e, c = 0;
    seed_stream(&shuffle, STREAM_SHUFFLE, s, 0); /* the same mini-batches for every learning rate */
    seed_stream(&measure, STREAM_MEASURE, s, 0);
    r->n_curve = 0;
    r->reached = r->diverged = 0;
    r->loss_at = r->grad_norm_sq = r->batch_var = r->flat = r->test = NAN;
    for (e = 1; e <= MAX_EPOCHS; e++) {
        if (!sgd_epoch(net, &opt, X, Y, &shuffle, &loss)) {
            r->diverged = 1;
            r->epochs = e;
            run.work_done += expected_epochs(lr);
            return;
        }
        /* The epoch's mean loss is over changing weights; the full MSE after
           the epoch decides. It is only computed once the mean is close. */
        if (loss < 3 * run.target) {
            course_ok(mlp_evaluate(net, X, Y, &full), "mlp_evaluate");
            r->reached = full < run.target;
        }
        if ((c < run.n_curve_grid && e == run.curve_grid[c]) || r->reached || e == MAX_EPOCHS) {
            r->curve_epoch[r->n_curve] = e;
            r->curve_loss[r->n_curve++] = (double)loss;
            c += c < run.n_curve_grid && e == run.curve_grid[c];
        }
        if (r->reached) break;
        if (e % 500 == 0) {
            char what[96];
            snprintf(what, sizeof what, "learning rate %g, data set %d of %d: epoch %d, MSE %.2g", lr, s + 1,
                     run.n_data, e, (double)loss);
            show_progress(what, fmin(e / expected_epochs(lr), 1) * expected_epochs(lr));
        }
    }
    r->epochs = e > MAX_EPOCHS ? MAX_EPOCHS : e;
    r->loss_at = r->grad_norm_sq = r->batch_var = r->flat = 0;
    for (e = 0; e < run.n_measure; e++) {
        if (!sgd_epoch(net, &opt, X, Y, &shuffle, &loss)) {
            r->diverged = 1;
            r->loss_at = r->grad_norm_sq = r->batch_var = r->flat = NAN;
            run.work_done += expected_epochs(lr);
            return;
        }
        course_ok(mlp_evaluate(net, X, Y, &full), "mlp_evaluate");
        course_ok(mlp_gradient_noise(net, X, Y, BATCH, &measure, &g2, &var), "mlp_gradient_noise");
        r->loss_at += (double)full / run.n_measure;
        r->grad_norm_sq += (double)g2 / run.n_measure;
        r->batch_var += (double)var / run.n_measure;
        r->flat += flatness(net, X) / run.n_measure;
    }
    course_ok(mlp_evaluate(net, Xt, Yt, &test), "mlp_evaluate");
    r->test = (double)test;
    run.work_done += expected_epochs(lr);
}

/* The median of the numbers of v that are not NaN (NaN if there are none). */
static double median(const double *v, int n)
{
    double s[N_DATA];
    int i, m = 0;
    for (i = 0; i < n; i++)
        if (v[i] == v[i]) s[m++] = v[i];
    return m == 0 ? NAN : course_median(s, m);
}

int main(int argc, char **argv)
{
    static implicit_run runs[N_DATA][N_LR];
    static double decay_train[N_DATA][N_DECAY], decay_test[N_DATA][N_DECAY];
    mlp_net teacher, net;
    mlp_mat Xt = {0}, Yt = {0}, Xall = {0}, Yall = {0};
    mlp_rng rng;
    double flat0[N_DATA], col[N_DATA], med_epochs[N_LR], med_test[N_LR], med_flat[N_LR], med_g2[N_LR],
        med_var[N_LR], med_loss[N_LR], med_dtrain[N_DECAY], med_dtest[N_DECAY], wall;
    int s, i, k, e, not_reached = 0, n_diverged = 0, n_complete = 0, best_lr = 0, best_decay = 0;
    int complete[N_DATA]; /* no run of the data set diverged: it takes part in the comparisons */
    FILE *f;

    course_start(argc, argv, "14_implicit_regularization", "implicit");
    run.seed = course_seed(SEED);

    /* ---- self-check (see self_check); MLP_CHECK_ONLY=1 stops after it ---- */
    if (!self_check()) return 1;
    if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
        printf("14_implicit_regularization: self-check passed\n");
        return 0;
    }

    run.n_data = course_pick(2, N_DATA);
    run.target = course.quick ? QUICK_TARGET_MSE : TARGET_MSE;
    run.n_measure = course_pick(3, N_MEASURE);
    run.decays = course.quick ? decays_quick : decays;
    run.n_decay = course.quick ? 3 : N_DECAY;
    for (k = 0, run.n_curve_grid = 0; run.n_curve_grid < MAX_CURVE - 2; k++) { /* 20 points per decade */
        e = (int)floor(pow(10, k / 20.0) + 0.5);
        if (e > MAX_EPOCHS) break;
        if (run.n_curve_grid == 0 || e > run.curve_grid[run.n_curve_grid - 1]) run.curve_grid[run.n_curve_grid++] = e;
    }
    run.decay_epochs = course_pick(QUICK_DECAY_EPOCHS, DECAY_EPOCHS);
    run.work_total = run.n_data * run.n_decay * (double)run.decay_epochs;
    for (i = 0; i < N_LR; i++) run.work_total += run.n_data * expected_epochs(lrs[i]);

    /* ---- chapter 13's teacher and test set ---- */
    seed_stream(&rng, STREAM_TEACHER, 0, 0);
    course_ok(mlp_toy_teacher_net(&teacher, N_IN, TEACHER_HIDDEN, N_OUT, &rng), "mlp_toy_teacher_net");
    seed_stream(&rng, STREAM_TEST, 0, 0);
    course_ok(mlp_toy_teacher_data(&Xt, &Yt, N_TEST, &teacher, NOISE, &rng), "mlp_toy_teacher_data");

    build(&net);
    run.t_start = now();
    for (s = 0; s < run.n_data; s++) {
        /* Chapter 13's data set s: 200 points, of which N = 100 use the first 100. */
        mlp_mat X, Y;
        seed_stream(&rng, STREAM_DATA, s, 0);
        course_ok(mlp_toy_teacher_data(&Xall, &Yall, 200, &teacher, NOISE, &rng), "mlp_toy_teacher_data");
        X = mlp_mat_view(N_TRAIN, N_IN, Xall.data);
        Y = mlp_mat_view(N_TRAIN, N_OUT, Yall.data);
        for (i = 0; i < N_LR; i++) {
            seed_stream(&rng, STREAM_INIT, s, 0); /* the same initialization for every learning rate */
            course_ok(mlp_net_initialize(&net, &rng), "mlp_net_initialize");
            if (i == 0) flat0[s] = flatness(&net, &X);
            train_lr(&net, &X, &Y, &Xt, &Yt, lrs[i], s, &runs[s][i]);
            not_reached += !runs[s][i].reached && !runs[s][i].diverged;
            n_diverged += runs[s][i].diverged;
        }
        complete[s] = 1;
        for (i = 0; i < N_LR; i++) complete[s] &= !runs[s][i].diverged;
        n_complete += complete[s];
        for (k = 0; k < run.n_decay; k++) {
            mlp_optim opt = mlp_sgd((mlp_real)DECAY_LR);
            mlp_rng shuffle;
            mlp_real loss;
            char what[96];
            opt.weight_decay = (mlp_real)run.decays[k]; /* on weights only (mlp.h's default: decay_bias = 0) */
            seed_stream(&rng, STREAM_INIT, s, 0);
            course_ok(mlp_net_initialize(&net, &rng), "mlp_net_initialize");
            seed_stream(&shuffle, STREAM_SHUFFLE, s, 0);
            for (e = 1; e <= run.decay_epochs; e++)
                if (!sgd_epoch(&net, &opt, &X, &Y, &shuffle, &loss)) break;
            decay_train[s][k] = decay_test[s][k] = NAN; /* if it diverged */
            if (e > run.decay_epochs) {
                course_ok(mlp_evaluate(&net, &X, &Y, &loss), "mlp_evaluate");
                decay_train[s][k] = (double)loss;
                course_ok(mlp_evaluate(&net, &Xt, &Yt, &loss), "mlp_evaluate");
                decay_test[s][k] = (double)loss;
            } else n_diverged++;
            run.work_done += run.decay_epochs;
            snprintf(what, sizeof what, "weight decay %g, data set %d of %d: test MSE %.3f", run.decays[k], s + 1,
                     run.n_data, decay_test[s][k]);
            show_progress(what, 0);
        }
    }
    course_progress_done();
    wall = now() - run.t_start;

    /* ---- medians over the data sets on which no run diverged ---- */
    for (i = 0; i < N_LR; i++) {
#define COLUMN(expr) for (s = 0; s < run.n_data; s++) col[s] = complete[s] ? (double)(expr) : NAN
        COLUMN(runs[s][i].epochs);
        med_epochs[i] = median(col, run.n_data);
        COLUMN(runs[s][i].test);
        med_test[i] = median(col, run.n_data);
        COLUMN(runs[s][i].flat);
        med_flat[i] = median(col, run.n_data);
        COLUMN(runs[s][i].grad_norm_sq);
        med_g2[i] = median(col, run.n_data);
        COLUMN(runs[s][i].batch_var);
        med_var[i] = median(col, run.n_data);
        COLUMN(runs[s][i].loss_at);
        med_loss[i] = median(col, run.n_data);
        if (med_test[i] < med_test[best_lr]) best_lr = i;
    }
    for (k = 0; k < run.n_decay; k++) {
        COLUMN(decay_train[s][k]);
        med_dtrain[k] = median(col, run.n_data);
        COLUMN(decay_test[s][k]);
        med_dtest[k] = median(col, run.n_data);
        if (med_dtest[k] < med_dtest[best_decay]) best_decay = k;
    }

    /* ---- data files ---- */
    f = course_open("runs.tsv");
    fprintf(f, "# data_set\tlr\tepochs\treached\tloss_at_measure\tgrad_norm_sq\tbatch_variance\tflatness\ttest_mse"
               "\tflatness_at_init\tlr_index\tdiverged\n");
    for (s = 0; s < run.n_data; s++) {
        if (s > 0) fprintf(f, "\n\n"); /* one block per data set (gnuplot: index); none after the last */
        for (i = 0; i < N_LR; i++) {
            const implicit_run *r = &runs[s][i];
            fprintf(f, "%d\t%g\t%d\t%d\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%d\t%d\n", s, lrs[i],
                    r->epochs, r->reached, r->loss_at, r->grad_norm_sq, r->batch_var, r->flat, r->test, flat0[s], i,
                    r->diverged);
        }
    }
    course_close(f, "runs.tsv");

    f = course_open("summary.tsv");
    fprintf(f, "# lr\tmedian_epochs\tmedian_loss_at_measure\tmedian_grad_norm_sq\tmedian_batch_variance"
               "\tmedian_flatness\tmedian_test\n");
    for (i = 0; i < N_LR; i++)
        fprintf(f, "%g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", lrs[i], med_epochs[i], med_loss[i], med_g2[i],
                med_var[i], med_flat[i], med_test[i]);
    course_close(f, "summary.tsv");

    /* Learning curves: one block per (data set, learning rate). */
    f = course_open("curves.tsv");
    for (s = 0; s < run.n_data; s++)
        for (i = 0; i < N_LR; i++) {
            const implicit_run *r = &runs[s][i];
            if (s + i > 0) fprintf(f, "\n\n");
            fprintf(f, "# data set %d, learning rate %g\n# epoch\tmean_minibatch_loss\n", s, lrs[i]);
            for (k = 0; k < r->n_curve; k++) fprintf(f, "%d\t%.17g\n", r->curve_epoch[k], r->curve_loss[k]);
        }
    course_close(f, "curves.tsv");

    f = course_open("decay.tsv");
    fprintf(f, "# weight_decay\tmedian_train\tmedian_test\n");
    for (k = 0; k < run.n_decay; k++) fprintf(f, "%g\t%.17g\t%.17g\n", run.decays[k], med_dtrain[k], med_dtest[k]);
    course_close(f, "decay.tsv");

    /* ---- results.yaml ---- */
    {
        char key[48];
        course_put("seed", "%llu", run.seed);
        course_put("n_train", "%d", N_TRAIN);
        course_put("n_test", "%d", N_TEST);
        course_put("noise_sd", "%g", NOISE);
        course_put("noise_var", "%.2f", NOISE * NOISE);
        course_put("depth", "%d", DEPTH);
        course_put("width", "%d", WIDTH);
        course_put("batch", "%d", BATCH);
        course_put("steps_per_epoch", "%d", (N_TRAIN + BATCH - 1) / BATCH);
        course_put("n_params", "%ld", mlp_net_param_count(&net));
        course_put_sci("target", run.target, 1);
        course_put_sci("quick_target", QUICK_TARGET_MSE, 1);
        course_put("max_epochs", "%d", MAX_EPOCHS);
        course_put("n_measure", "%d", run.n_measure);
        course_put("n_data", "%d", run.n_data);
        course_put("not_reached", "%d", not_reached);
        course_put("n_diverged", "%d", n_diverged);
        course_put("n_complete", "%d", n_complete);
        course_put("decay_lr", "%g", DECAY_LR);
        course_put("decay_epochs", "%d", run.decay_epochs);
        for (i = 0; i < N_LR; i++) {
            const char *tag = i == 0 ? "002" : i == 1 ? "004" : i == 2 ? "008" : "016";
            snprintf(key, sizeof key, "lr_%s", tag);
            course_put(key, "%g", lrs[i]);
            snprintf(key, sizeof key, "epochs_%s", tag);
            course_put(key, "%.0f", med_epochs[i]);
            snprintf(key, sizeof key, "test_%s", tag);
            course_put(key, "%.3f", med_test[i]);
            snprintf(key, sizeof key, "flat_%s", tag);
            course_put(key, "%.0f", med_flat[i]);
            snprintf(key, sizeof key, "g2_%s", tag);
            course_put_sci(key, med_g2[i], 2);
            snprintf(key, sizeof key, "var_%s", tag);
            course_put_sci(key, med_var[i], 2);
            snprintf(key, sizeof key, "loss_%s", tag);
            course_put_sci(key, med_loss[i], 2);
        }
        COLUMN(flat0[s]);
        course_put("flat_init", "%.0f", median(col, run.n_data));
#undef COLUMN
        course_put("best_lr", "%g", lrs[best_lr]);
        course_put("best_lr_test", "%.3f", med_test[best_lr]);
        for (k = 0; k < N_DECAY; k++) { /* the table of the report: every decay of the full run */
            int q;
            for (q = 0; q < run.n_decay && run.decays[q] != decays[k]; q++) continue;
            snprintf(key, sizeof key, "decay_%d", k);
            course_put(key, "%g", decays[k]);
            snprintf(key, sizeof key, "decay_train_%d", k);
            if (q < run.n_decay) course_put_sci(key, med_dtrain[q], 2);
            else course_put(key, "--");
            snprintf(key, sizeof key, "decay_test_%d", k);
            if (q < run.n_decay) course_put(key, "%.3f", med_dtest[q]);
            else course_put(key, "--");
        }
        course_put("best_decay", "%g", run.decays[best_decay]);
        course_put("best_decay_test", "%.3f", med_dtest[best_decay]);
        course_put("best_decay_train", "%.3f", med_dtrain[best_decay]);
        course_put("decay_max", "%g", run.decays[run.n_decay - 1]);
        course_put("decay_max_test", "%.3f", med_dtest[run.n_decay - 1]);
        course_put("decay_max_train", "%.3f", med_dtrain[run.n_decay - 1]);
    }

    printf("14_implicit_regularization: %d data sets, %d learning rates, %d weight decays in %.1f s\n", run.n_data, N_LR,
           run.n_decay, wall);
    printf("  lr      epochs  loss_at   |grad J|^2  batch_var   flatness  test\n");
    for (i = 0; i < N_LR; i++)
        printf("  %-6g  %6.0f  %8.2e  %9.2e  %9.2e  %9.1f  %.4f\n", lrs[i], med_epochs[i], med_loss[i], med_g2[i],
               med_var[i], med_flat[i], med_test[i]);
    printf("  weight decay (lr %g, %d epochs): ", DECAY_LR, run.decay_epochs);
    for (k = 0; k < run.n_decay; k++) printf("%g: %.4f  ", run.decays[k], med_dtest[k]);
    printf("\n");

    /* ---- claims ----
       Bounds from the seed study (sh tools/seeds.sh 14_implicit_regularization
       N, with and without QUICK=1): see the comment above the claims. */
    {
        double worst_speedup = 0, worst_flat = 0, g2_ratio, var_ratio;
        int g2_up = 0, var_down = 0, pairs = 0, concordant = 0, j;
        const int hi = N_LR - 1; /* the largest rate; 0 is the smallest */
        for (s = 0; s < run.n_data; s++) {
            if (!complete[s]) continue;
            worst_speedup = fmax(worst_speedup, (double)runs[s][hi].epochs / runs[s][0].epochs);
            worst_flat = fmax(worst_flat, runs[s][hi].flat / runs[s][0].flat);
            g2_up += runs[s][hi].grad_norm_sq > runs[s][0].grad_norm_sq;
            var_down += runs[s][hi].batch_var < runs[s][0].batch_var;
            /* within a data set, does the flatter of two runs test better? */
            for (i = 0; i < N_LR; i++)
                for (j = i + 1; j < N_LR; j++) {
                    pairs++;
                    concordant += (runs[s][i].flat - runs[s][j].flat) * (runs[s][i].test - runs[s][j].test) > 0;
                }
        }
        g2_ratio = med_g2[hi] / med_g2[0];
        var_ratio = med_var[hi] / med_var[0];
        course_put("worst_speedup", "%.2f", worst_speedup);
        course_put("worst_flat", "%.2f", worst_flat);
        course_put("g2_ratio", "%.1f", g2_ratio);
        course_put("var_ratio", "%.2f", var_ratio);
        course_put("g2_up", "%d", g2_up);
        course_put("var_down", "%d", var_down);
        course_put("concordant", "%d", concordant);
        course_put("pairs", "%d", pairs);

        /* Bounds from the seed study: full runs of seeds 1-4 and 2024 (five
           runs of 8 data sets), quick runs of seeds 1-10; observed min-max:
             few_diverge                full 0-1 (seed 4: one run at lr 0.16), quick 0
             larger_lr_fewer_epochs     full 0.24-0.46, quick 0.18-0.38   -> < 0.7
             larger_lr_flatter          full 0.53-0.60, quick 0.41-0.58   -> < 0.8
             larger_lr_tests_better     full 0.85-0.90, quick 0.83-0.91   -> < 0.97
             larger_lr_larger_gradient  full 11.9-33.7, quick 4.1-31.4    -> > 2
             decay_beats_implicit       full 0.41-0.43, quick 0.43-0.47   -> < 0.7
             too_much_decay_underfits   full 1.40-1.56, quick 1.20-1.67   -> > 1.1
           The mini-batch variance's ratio (largest rate over smallest) went
           from 0.97 to 2.42 in the full runs and from 0.47 to 2.59 in the
           quick ones: no claim. */
        course_claim_equal("all_reach_target", "Every run that does not diverge reaches the target training MSE "
                           "(runs that did not)", not_reached, 0);
        course_claim_below("few_diverge", "SGD trains at every rate from He initialization: runs that diverged, in "
                           "the whole sweep", n_diverged, 1.5);
        course_claim_below("larger_lr_fewer_epochs", "The largest learning rate reaches the target in fewer epochs "
                           "than the smallest, on every data set (the largest ratio of the two)", worst_speedup, 0.7);
        course_claim_below("larger_lr_flatter", "The largest learning rate ends in a flatter network than the "
                           "smallest, on every data set (the largest ratio of their flatness measures)",
                           worst_flat, 0.8);
        course_claim_below("larger_lr_tests_better", "The largest learning rate tests better than the smallest: its "
                           "median test MSE over the smallest's", med_test[hi] / med_test[0], 0.97);
        course_claim_above("larger_lr_larger_gradient", "At the target loss the full-gradient norm "
                           "$\\lVert \\nabla J \\rVert^2$ is larger at the largest rate: its median over the smallest "
                           "rate's", g2_ratio, 2);
        course_claim_below("decay_beats_implicit", "Weight decay beats every learning rate without it: the best decay's "
                           "median test MSE over the best rate's", med_dtest[best_decay] / med_test[best_lr], 0.7);
        course_claim_above("too_much_decay_underfits", "Too much decay underfits: the largest decay's median test MSE "
                           "over the best decay's", med_dtest[run.n_decay - 1] / med_dtest[best_decay], 1.1);
    }

    mlp_net_free(&net);
    mlp_net_free(&teacher);
    mlp_mat_free(&Xt), mlp_mat_free(&Yt), mlp_mat_free(&Xall), mlp_mat_free(&Yall);
    return course_end();
}
