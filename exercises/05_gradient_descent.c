/* exercises/05_gradient_descent.c: gradient descent, mini-batches, online SGD
   and the learning rate, on a problem small enough to draw.

   What it shows: a straight line y = w x + b fitted by least squares to
   noisy points has a loss that is a quadratic bowl over the plane of its
   two parameters (w, b). Its Hessian is known in closed form, so the run
   can say in advance which learning rates make gradient descent converge
   (below 2 / lambda_max) and check it. Over the bowl's contour lines the
   program draws the paths of full-batch gradient descent (B = N),
   mini-batch SGD (B = 10) and online SGD (B = 1) from one starting point,
   records their loss against the number of updates and against epochs,
   measures how much the loss still fluctuates once each has converged
   (median over several shuffling seeds), and sweeps the learning rate from
   too slow to divergent.

   The gradient steps are written here by hand (sgd_epoch_by_hand, the
   handout region) and checked against mlp.h's own training loop,
   mlp_train_epoch, on the network that is exactly this model: one input,
   one identity output, mean squared error. The same check shows how
   mlp_train_epoch cuts an epoch into mini-batches: ceil(N / B) steps, the
   last batch smaller, never dropped.

   mlp.h functions: mlp_rng_seed, mlp_rng_uniform_range, mlp_rng_normal,
   mlp_rng_permutation, mlp_mat_init, mlp_mat_free, mlp_net_new, mlp_net_add,
   mlp_net_free, mlp_sgd, mlp_train_epoch, mlp_evaluate, mlp_last_error.

   Feeds reports/05_gradient_descent.md. Run as `05_gradient_descent OUTDIR`:
   writes data.tsv, lines.tsv, contours.tsv, minimum.tsv, paths.tsv,
   curves.tsv, fluctuation.tsv, sweep.tsv, threshold.tsv and results.yaml
   into OUTDIR. With MLP_QUICK=1 it trains for fewer epochs and over fewer
   shuffling seeds. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SEED 5ULL
#define N_POINTS 105     /* not a multiple of MINI_BATCH: the last mini-batch is smaller */
#define X_LO 0.0         /* x uniform in [X_LO, X_HI] */
#define X_HI 2.0
#define W_TRUE 2.0       /* the line the data come from */
#define B_TRUE (-1.0)
#define NOISE 0.5        /* standard deviation of the noise on y */
#define W_START (-1.0)   /* every run starts here */
#define B_START 1.5
#define LR 0.1           /* learning rate of the three methods compared */
#define MINI_BATCH 10
#define N_SWEEP 4
#define N_SHOWN_STEPS 60 /* steps of the learning-rate sweep that are drawn */
#define MAX_SHUFFLES 21
#define MAX_EPOCHS 400

/* The learning rates of the sweep, as multiples of 2 / lambda_max:
   too slow, good, oscillating, divergent. */
static const double sweep_factor[N_SWEEP] = {0.05, 0.5, 0.97, 1.03};
static const char *const sweep_name[N_SWEEP] = {"too slow", "good", "oscillating", "divergent"};

/* The data: N points (x_i, y_i), as plain arrays for the hand-written
   steps and as N x 1 matrices for mlp.h. */
typedef struct data_set {
    int n;
    double x[N_POINTS], y[N_POINTS];
    mlp_mat X, Y;
} data_set;

/* x_i uniform in [X_LO, X_HI], then y_i = W_TRUE x_i + B_TRUE + noise. */
static void make_data(data_set *d, mlp_rng *rng)
{
    int i;
    d->n = N_POINTS;
    course_ok(mlp_mat_init(&d->X, N_POINTS, 1) || mlp_mat_init(&d->Y, N_POINTS, 1), "mlp_mat_init");
    for (i = 0; i < N_POINTS; i++) {
        d->x[i] = mlp_rng_uniform_range(rng, X_LO, X_HI);
        d->y[i] = W_TRUE * d->x[i] + B_TRUE + mlp_rng_normal(rng, 0, NOISE);
        d->X.data[i] = (mlp_real)d->x[i];
        d->Y.data[i] = (mlp_real)d->y[i];
    }
}

/* L(w, b) = 1/N sum_i (w x_i + b - y_i)^2: mlp.h's MSE for one output. */
static double loss_at(const data_set *d, double w, double b)
{
    double s = 0;
    int i;
    for (i = 0; i < d->n; i++) {
        double e = d->x[i] * w + b - d->y[i];
        s += e * e;
    }
    return s / d->n;
}

/* The quadratic in closed form. With the moments <x^2>, <x>, <xy>, <y>
   (means over the data), L(w, b) is a quadratic in (w, b) whose Hessian is
       H = 2 [ <x^2>  <x> ]
             [ <x>     1  ],
   the same at every point; the minimum solves H theta* = 2 (<xy>, <y>). */
typedef struct quadratic {
    double H[2][2];             /* the Hessian */
    double lambda_max, lambda_min; /* its eigenvalues */
    double q_max[2];            /* unit eigenvector of lambda_max */
    double w_min, b_min, L_min; /* the minimum */
    double lr_max;              /* 2 / lambda_max: GD converges below, diverges above */
} quadratic;

static quadratic analyse(const data_set *d)
{
    quadratic q;
    double sxx = 0, sx = 0, sxy = 0, sy = 0, det, tr, disc, nq;
    int i;
    for (i = 0; i < d->n; i++) {
        sxx += d->x[i] * d->x[i];
        sx += d->x[i];
        sxy += d->x[i] * d->y[i];
        sy += d->y[i];
    }
    sxx /= d->n, sx /= d->n, sxy /= d->n, sy /= d->n;
    q.H[0][0] = 2 * sxx, q.H[0][1] = q.H[1][0] = 2 * sx, q.H[1][1] = 2;
    /* eigenvalues of a symmetric 2 x 2 matrix: (tr +- sqrt((a - d)^2 + 4 c^2)) / 2 */
    tr = q.H[0][0] + q.H[1][1];
    disc = sqrt((q.H[0][0] - q.H[1][1]) * (q.H[0][0] - q.H[1][1]) + 4 * q.H[0][1] * q.H[0][1]);
    q.lambda_max = (tr + disc) / 2;
    q.lambda_min = (tr - disc) / 2;
    /* (H - lambda I) q = 0: q = (c, lambda - a), normalized */
    nq = hypot(q.H[0][1], q.lambda_max - q.H[0][0]);
    q.q_max[0] = q.H[0][1] / nq, q.q_max[1] = (q.lambda_max - q.H[0][0]) / nq;
    /* normal equations: [<x^2> <x>; <x> 1] (w, b) = (<xy>, <y>) */
    det = sxx - sx * sx;
    q.w_min = (sxy - sx * sy) / det;
    q.b_min = (sxx * sy - sx * sxy) / det;
    q.L_min = loss_at(d, q.w_min, q.b_min);
    q.lr_max = 2 / q.lambda_max;
    return q;
}

/* One epoch of mini-batch SGD written out: the samples in the order perm,
   cut into batches of B (the last one smaller when B does not divide N,
   unless drop_last, which skips it as the slides' floor(N / B) does), one
   step per batch on the mean loss of that batch. *n_steps counts the
   steps; after step t, (w, b) is stored at path_w[t], path_b[t] (if not
   NULL), so that index 0 can hold the start. */
static void sgd_epoch_by_hand(double *w, double *b, const data_set *d, const int *perm, int B, double lr,
                              int drop_last, double *path_w, double *path_b, long *n_steps)
{
    int start, r, end = drop_last ? d->n - d->n % B : d->n;
    for (start = 0; start < end; start += B) {
        int nb = d->n - start < B ? d->n - start : B; /* samples in this batch */
        /* BEGIN SOLUTION sgd-step: one gradient step on the batch perm[start],
           ..., perm[start + nb - 1]. Its loss is the mean over the nb samples,
           L = 1/nb sum_i (w x_i + b - y_i)^2; compute dL/dw and dL/db (as
           mlp.h does: first dL/dyhat_i = 2 (w x_i + b - y_i) / nb, then sum
           it times x_i for w, and alone for b), then move w and b by -lr
           times their gradient. */
        double gw = 0, gb = 0;
        for (r = 0; r < nb; r++) {
            int i = perm[start + r];
            double dyhat = 2.0 / nb * (d->x[i] * *w + *b - d->y[i]); /* dL/dyhat_i */
            gw += d->x[i] * dyhat; /* yhat_i = w x_i + b: dyhat_i/dw = x_i */
            gb += dyhat;           /* dyhat_i/db = 1 */
        }
        *w -= lr * gw;
        *b -= lr * gb;
        /* END SOLUTION; stub: (void)r, (void)nb, (void)lr, (void)perm; */
        (*n_steps)++;
        if (path_w) path_w[*n_steps] = *w, path_b[*n_steps] = *b;
    }
}

/* The same epoch computed another way, for the self-check: each batch's
   gradient from its sums over the nb samples, Sxx = sum x_i^2, Sx = sum x_i,
   Sxy = sum x_i y_i and Sy = sum y_i:
       dL/dw = 2 (w Sxx + b Sx - Sxy) / nb,   dL/db = 2 (w Sx + b nb - Sy) / nb,
   which is sgd_epoch_by_hand's gradient with the sums taken apart. */
static void epoch_from_sums(double *w, double *b, const data_set *d, const int *perm, int B, double lr)
{
    int start, r;
    for (start = 0; start < d->n; start += B) {
        int nb = d->n - start < B ? d->n - start : B;
        double sxx = 0, sx = 0, sxy = 0, sy = 0, gw, gb;
        for (r = 0; r < nb; r++) {
            int i = perm[start + r];
            sxx += d->x[i] * d->x[i], sx += d->x[i], sxy += d->x[i] * d->y[i], sy += d->y[i];
        }
        gw = 2 * (*w * sxx + *b * sx - sxy) / nb;
        gb = 2 * (*w * sx + *b * nb - sy) / nb;
        *w -= lr * gw;
        *b -= lr * gb;
    }
}

/* The model in mlp.h: 1 input -> 1 identity output, mean squared error.
   Its single weight is w and its single bias b. */
static void build_line(mlp_net *net)
{
    course_ok(mlp_net_new(net, 1, MLP_MSE) || mlp_net_add(net, 1, MLP_IDENTITY), "building the network");
}

static void set_line(mlp_net *net, double w, double b)
{
    net->layers[0].W.data[0] = (mlp_real)w;
    net->layers[0].b.data[0] = (mlp_real)b;
}

/* Runs `epochs` epochs of batch size B from (W_START, B_START) twice, from
   the same shuffling seed: with mlp_train_epoch, and with sgd_epoch_by_hand
   fed the same permutations (mlp_train_epoch draws one per epoch from its
   generator, so a copy of the generator replays them). Returns the largest
   |difference| of w and b, relative to their size. *steps receives the
   library's step count (opt.t); hand and lib (may be NULL) the final (w, b)
   of each. */
static double library_vs_hand(const data_set *d, mlp_net *net, int B, int epochs, int drop_last,
                              unsigned long long shuffle_seed, long *steps, double hand[2], double lib[2])
{
    mlp_rng rng_lib, rng_hand;
    mlp_optim opt = mlp_sgd(LR);
    int perm[N_POINTS], e;
    double w = W_START, b = B_START, wl, bl;
    long n = 0;
    mlp_rng_seed(&rng_lib, shuffle_seed);
    rng_hand = rng_lib;
    set_line(net, W_START, B_START);
    for (e = 0; e < epochs; e++) {
        course_ok(mlp_train_epoch(net, &opt, &d->X, &d->Y, B, &rng_lib, NULL), "mlp_train_epoch");
        mlp_rng_permutation(&rng_hand, perm, d->n);
        sgd_epoch_by_hand(&w, &b, d, perm, B, LR, drop_last, NULL, NULL, &n);
    }
    wl = (double)net->layers[0].W.data[0], bl = (double)net->layers[0].b.data[0];
    if (steps) *steps = opt.t;
    if (hand) hand[0] = w, hand[1] = b;
    if (lib) lib[0] = wl, lib[1] = bl;
    return fmax(fabs(w - wl), fabs(b - bl)) / fmax(fabs(wl), fabs(bl));
}

/* ---- self-check: the hand-written step, twice ----
   Three epochs with B = N, MINI_BATCH and 1 from the same start and the
   same shuffles. First against epoch_from_sums, which needs nothing from
   mlp.h: a dropped factor 2, a sign, a missing x_i, or dividing the last,
   smaller batch by B instead of its own size all move (w, b) by far more
   than rounding. Then against mlp_train_epoch: if the hand-written step is
   right and mlp.h disagrees, the library's backward pass is at fault.
   Returns 1 if everything agrees. */
static int self_check(const data_set *d, mlp_net *net, unsigned long long seed)
{
    const int batch[3] = {N_POINTS, MINI_BATCH, 1};
    const double tol = sizeof(mlp_real) == sizeof(float) ? 1e-4 : 1e-10;
    int k, e, hand_ok = 1;
    char what[160];
    course_selfcheck("sgd-step", "exercises/05_gradient_descent.c, sgd_epoch_by_hand");
    for (k = 0; k < 3; k++) {
        mlp_rng rng;
        int perm[N_POINTS];
        double hand[2] = {W_START, B_START}, sums[2] = {W_START, B_START};
        long n = 0;
        mlp_rng_seed(&rng, seed);
        for (e = 0; e < 3; e++) {
            mlp_rng_permutation(&rng, perm, d->n);
            sgd_epoch_by_hand(&hand[0], &hand[1], d, perm, batch[k], LR, 0, NULL, NULL, &n);
            epoch_from_sums(&sums[0], &sums[1], d, perm, batch[k], LR);
        }
        snprintf(what, sizeof what, "three epochs of batch size %d by hand vs from the batch sums%s", batch[k],
                 N_POINTS % batch[k] ? " (the last batch smaller)" : "");
        hand_ok &= course_check_values(what, "(w, b)", "by hand", hand, "from the sums", sums, 1, 2, tol, NULL);
    }
    if (!hand_ok) return course_selfcheck_done(); /* mlp.h can only be judged against a right hand-written step */
    course_selfcheck("dense-backward", "mlp.h, mlp_dense_backward");
    for (k = 0; k < 3; k++) {
        double hand[2], lib[2];
        library_vs_hand(d, net, batch[k], 3, 0, seed, NULL, hand, lib);
        snprintf(what, sizeof what, "three epochs of batch size %d with mlp_train_epoch vs by hand (checked above)",
                 batch[k]);
        course_check_values(what, "(w, b)", "mlp_train_epoch", lib, "by hand", hand, 1, 2, tol, NULL);
    }
    return course_selfcheck_done();
}

/* Standard deviation of v[0..n-1] (divide by n). */
static double std_dev(const double *v, int n)
{
    double m = 0, s = 0;
    int i;
    for (i = 0; i < n; i++) m += v[i];
    m /= n;
    for (i = 0; i < n; i++) s += (v[i] - m) * (v[i] - m);
    return sqrt(s / n);
}

/* Is `step` one of the steps written to curves.tsv? Every step up to 30,
   then about 40 per decade, and the last step of every epoch: enough for a
   smooth log-scale plot without writing every one of the 10^4 online steps. */
static int shown_step(long step, long steps_per_epoch)
{
    double lg;
    if (step <= 30 || step % steps_per_epoch == 0) return 1;
    lg = 40 * log10((double)step);
    return floor(lg) != floor(40 * log10((double)(step - 1)));
}

int main(int argc, char **argv)
{
    const int batch[3] = {N_POINTS, MINI_BATCH, 1};
    const char *const method[3] = {"GD (B = N)", "mini-batch (B = 10)", "online (B = 1)"};
    int epochs, last, shuffles, path_epochs, threshold_steps, k, e, s, i;
    long steps, max_steps, count_ok, steps_lib[3], gd_increases = 0;
    unsigned long long seed;
    data_set d;
    quadratic q;
    mlp_net net;
    mlp_rng rng;
    double *pw, *pb, diff_hand[3], diff_floor, sd[3][MAX_SHUFFLES], excess_end[3][MAX_SHUFFLES];
    double med_sd[3], med_excess[3], start_excess, samples_to_tenth[3], steps_to_tenth[3];
    double prev, thr_excess[2], thr_factor[2], thr_predicted[2], sweep_end[N_SWEEP], hess_fd_err;
    FILE *f;

    course_start(argc, argv, "05_gradient_descent", "gd");
    seed = course_seed(SEED);
    epochs = course_pick(300, MAX_EPOCHS);
    last = epochs / 3; /* the fluctuation is measured over the last third of the epochs */
    shuffles = course_pick(7, MAX_SHUFFLES);
    path_epochs = 20;
    threshold_steps = course_pick(600, 1000);

    mlp_rng_seed(&rng, seed);
    make_data(&d, &rng);
    build_line(&net);

    /* ---- self-check; MLP_CHECK_ONLY=1 stops after it ---- */
    if (!self_check(&d, &net, seed) || course_check_only()) {
        mlp_net_free(&net), mlp_mat_free(&d.X), mlp_mat_free(&d.Y);
        return course_sc.n_failed ? 1 : 0;
    }

    q = analyse(&d);
    start_excess = loss_at(&d, W_START, B_START) - q.L_min;

    /* ---- the Hessian, checked against mlp.h's loss by finite differences ----
       d^2 L / d theta_a d theta_b ~ [L(+a +b) - L(+a -b) - L(-a +b) + L(-a -b)] / (4 h^2),
       each L from mlp_evaluate: this is where the normalization of mlp.h's MSE
       (a mean over samples, no 1/2) shows. Exact for a quadratic up to rounding. */
    {
        const double h = 1e-3;
        double Hfd[2][2], worst = 0;
        int a, c;
        for (a = 0; a < 2; a++)
            for (c = 0; c < 2; c++) {
                double L4[4];
                int sgn;
                for (sgn = 0; sgn < 4; sgn++) {
                    double t[2] = {q.w_min, q.b_min};
                    mlp_real L;
                    t[a] += sgn < 2 ? h : -h;
                    t[c] += sgn % 2 == 0 ? h : -h;
                    set_line(&net, t[0], t[1]);
                    course_ok(mlp_evaluate(&net, &d.X, &d.Y, &L), "mlp_evaluate");
                    L4[sgn] = (double)L;
                }
                Hfd[a][c] = (L4[0] - L4[1] - L4[2] + L4[3]) / (4 * h * h);
                worst = fmax(worst, fabs(Hfd[a][c] - q.H[a][c]) / q.lambda_max);
            }
        hess_fd_err = worst;
    }

    /* ---- the hand-written steps are mlp_train_epoch's; how it counts steps ---- */
    for (k = 0; k < 3; k++) diff_hand[k] = library_vs_hand(&d, &net, batch[k], 5, 0, seed, &steps_lib[k], NULL, NULL);
    /* the slides' floor(N / B): the same epochs without the last, smaller batch */
    diff_floor = library_vs_hand(&d, &net, MINI_BATCH, 5, 1, seed, NULL, NULL, NULL);
    /* one epoch for every batch size 1..N: does opt.t grow by ceil(N / B)? */
    count_ok = 0;
    for (k = 1; k <= N_POINTS; k++) {
        mlp_optim opt = mlp_sgd(LR);
        set_line(&net, W_START, B_START);
        mlp_rng_seed(&rng, seed);
        course_ok(mlp_train_epoch(&net, &opt, &d.X, &d.Y, k, &rng, NULL), "mlp_train_epoch");
        count_ok += opt.t == (N_POINTS + k - 1) / k;
    }

    /* ---- data and contours ---- */
    f = course_open("data.tsv");
    fprintf(f, "# x\ty\n");
    for (i = 0; i < d.n; i++) fprintf(f, "%.17g\t%.17g\n", d.x[i], d.y[i]);
    course_close(f, "data.tsv");
    f = course_open("contours.tsv");
    fprintf(f, "# w\tb\tL(w, b) - L_min   (a grid for gnuplot's contours; blank line between rows of w)\n");
    for (i = 0; i <= 120; i++) {
        int j;
        for (j = 0; j <= 120; j++) {
            double w = -2 + 5.5 * i / 120.0, b = -3 + 5.5 * j / 120.0;
            fprintf(f, "%.17g\t%.17g\t%.17g\n", w, b, loss_at(&d, w, b) - q.L_min);
        }
        fprintf(f, "\n");
    }
    course_close(f, "contours.tsv");
    f = course_open("minimum.tsv");
    fprintf(f, "# w_min\tb_min\n%.17g\t%.17g\n", q.w_min, q.b_min);
    course_close(f, "minimum.tsv");
    f = course_open("lines.tsv");
    fprintf(f, "# x\tleast-squares line\ttrue line\n");
    for (i = 0; i <= 1; i++) {
        double x = i ? X_HI : X_LO;
        fprintf(f, "%.17g\t%.17g\t%.17g\n", x, q.w_min * x + q.b_min, W_TRUE * x + B_TRUE);
    }
    course_close(f, "lines.tsv");

    /* ---- the three methods, step by step, by hand (the same steps as
       mlp_train_epoch, checked above): paths and loss curves ---- */
    max_steps = (long)epochs * N_POINTS;
    pw = malloc(sizeof *pw * (size_t)(max_steps + 1));
    pb = malloc(sizeof *pb * (size_t)(max_steps + 1));
    if (!pw || !pb) course_die("out of memory");
    f = course_open("curves.tsv");
    {
        FILE *fp = course_open("paths.tsv");
        fprintf(f, "# one block per method (GD, mini-batch, online): step\tsamples_seen\tepoch\t"
                   "L - L_min (whole data set)\n");
        fprintf(fp, "# one block per method (GD, mini-batch, online), the first %d epochs: step\tw\tb\n",
                path_epochs);
        for (k = 0; k < 3; k++) {
            long per_epoch = (N_POINTS + batch[k] - 1) / batch[k], samples = 0, t;
            int perm[N_POINTS];
            double w = W_START, b = B_START;
            mlp_rng_seed(&rng, seed); /* the same shuffles as library_vs_hand */
            steps = 0;
            pw[0] = w, pb[0] = b;
            for (e = 0; e < epochs; e++) {
                mlp_rng_permutation(&rng, perm, N_POINTS);
                sgd_epoch_by_hand(&w, &b, &d, perm, batch[k], LR, 0, pw, pb, &steps);
            }
            steps_to_tenth[k] = samples_to_tenth[k] = -1;
            prev = HUGE_VAL;
            fprintf(f, "%s# %s\n", k ? "\n\n" : "", method[k]);
            fprintf(fp, "%s# %s\n", k ? "\n\n" : "", method[k]);
            for (t = 0; t <= steps; t++) {
                double ex;
                /* samples seen after step t: full batches, plus the short last one at epoch ends */
                samples = (t / per_epoch) * N_POINTS + (t % per_epoch) * batch[k];
                if (t <= path_epochs * per_epoch) fprintf(fp, "%ld\t%.17g\t%.17g\n", t, pw[t], pb[t]);
                if (!shown_step(t, per_epoch) && steps_to_tenth[k] >= 0) continue;
                ex = loss_at(&d, pw[t], pb[t]) - q.L_min;
                /* GD: every step is an epoch end. A rise counts while the excess is
                   above the rounding level of L (~1e-16 L), where "rising" means something. */
                if (k == 0) gd_increases += ex > prev && prev > 1e-12, prev = ex;
                if (steps_to_tenth[k] < 0 && ex < start_excess / 10) steps_to_tenth[k] = t, samples_to_tenth[k] = samples;
                if (shown_step(t, per_epoch))
                    fprintf(f, "%ld\t%ld\t%.17g\t%.17g\n", t, samples, (double)samples / N_POINTS, ex);
            }
        }
        course_close(fp, "paths.tsv");
    }
    course_close(f, "curves.tsv");

    /* ---- how much the loss fluctuates once converged: mlp_train_epoch,
       the loss of the whole data set after every epoch (mlp_evaluate), its
       standard deviation over the last third of the epochs; median over
       `shuffles` shuffling seeds ---- */
    for (s = 0; s < shuffles; s++)
        for (k = 0; k < 3; k++) {
            mlp_optim opt = mlp_sgd(LR);
            double hist[MAX_EPOCHS];
            mlp_real L = 0;
            mlp_rng_seed(&rng, seed * 1000 + (unsigned long long)s);
            set_line(&net, W_START, B_START);
            for (e = 0; e < epochs; e++) {
                course_ok(mlp_train_epoch(&net, &opt, &d.X, &d.Y, batch[k], &rng, NULL), "mlp_train_epoch");
                if (e >= epochs - last) {
                    course_ok(mlp_evaluate(&net, &d.X, &d.Y, &L), "mlp_evaluate");
                    hist[e - (epochs - last)] = (double)L;
                }
            }
            sd[k][s] = std_dev(hist, last);
            excess_end[k][s] = (double)L - q.L_min;
            course_progress("fluctuation: shuffle %d/%d", s + 1, shuffles);
        }
    course_progress_done();
    f = course_open("fluctuation.tsv");
    fprintf(f, "# method\tbatch\tsteps_per_epoch\tmedian_sd_of_loss_last_epochs\tmedian_final_excess\n");
    for (k = 0; k < 3; k++) {
        med_sd[k] = course_median(sd[k], shuffles);
        med_excess[k] = course_median(excess_end[k], shuffles);
        fprintf(f, "%d\t%d\t%d\t%.17g\t%.17g\n", k, batch[k], (N_POINTS + batch[k] - 1) / batch[k], med_sd[k],
                med_excess[k]);
    }
    course_close(f, "fluctuation.tsv");

    /* ---- the learning-rate sweep: full-batch GD, by hand ---- */
    f = course_open("sweep.tsv");
    fprintf(f, "# one block per learning rate (factor of 2/lambda_max: %g %g %g %g): step\tw\tb\tL - L_min\n",
            sweep_factor[0], sweep_factor[1], sweep_factor[2], sweep_factor[3]);
    for (k = 0; k < N_SWEEP; k++) {
        int perm[N_POINTS];
        double w = W_START, b = B_START;
        long t;
        for (i = 0; i < N_POINTS; i++) perm[i] = i;
        fprintf(f, "%s# %s: lr = %g\n", k ? "\n\n" : "", sweep_name[k], sweep_factor[k] * q.lr_max);
        for (t = 0; t <= N_SHOWN_STEPS; t++) {
            if (t > 0) {
                long n = 0;
                sgd_epoch_by_hand(&w, &b, &d, perm, N_POINTS, sweep_factor[k] * q.lr_max, 0, NULL, NULL, &n);
            }
            fprintf(f, "%ld\t%.17g\t%.17g\t%.17g\n", t, w, b, loss_at(&d, w, b) - q.L_min);
        }
        sweep_end[k] = loss_at(&d, w, b) - q.L_min;
    }
    course_close(f, "sweep.tsv");

    /* ---- the threshold: mlp.h's full-batch GD at 0.99 and 1.01 times 2/lambda_max ----
       Along the eigenvector of lambda_max the error is multiplied by
       1 - lr lambda_max = -0.98 or -1.02 per step, so the excess loss, a
       square, by 0.9604 or 1.0404. The measured factor per step is
       (excess(t2) / excess(t1))^(1 / (2 (t2 - t1))), taken where the
       other direction has died out and rounding is far away. */
    f = course_open("threshold.tsv");
    fprintf(f, "# step\tL - L_min at 0.99 * 2/lambda_max\tat 1.01 * 2/lambda_max\n");
    {
        double ex[2][1001];
        const double factor[2] = {0.99, 1.01};
        int t1 = 100, t2 = 200;
        for (k = 0; k < 2; k++) {
            mlp_optim opt = mlp_sgd((mlp_real)(factor[k] * q.lr_max));
            mlp_real L;
            set_line(&net, W_START, B_START);
            course_ok(mlp_evaluate(&net, &d.X, &d.Y, &L), "mlp_evaluate");
            ex[k][0] = (double)L - q.L_min;
            for (e = 1; e <= threshold_steps; e++) {
                course_ok(mlp_train_epoch(&net, &opt, &d.X, &d.Y, N_POINTS, NULL, NULL), "mlp_train_epoch");
                course_ok(mlp_evaluate(&net, &d.X, &d.Y, &L), "mlp_evaluate");
                ex[k][e] = (double)L - q.L_min;
            }
            thr_excess[k] = ex[k][threshold_steps] / ex[k][0];
            thr_factor[k] = pow(ex[k][t2] / ex[k][t1], 1.0 / (2 * (t2 - t1)));
            thr_predicted[k] = fabs(1 - factor[k] * q.lr_max * q.lambda_max);
        }
        for (e = 0; e <= threshold_steps; e++) fprintf(f, "%d\t%.17g\t%.17g\n", e, ex[0][e], ex[1][e]);
    }
    course_close(f, "threshold.tsv");

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("n", "%d", N_POINTS);
    course_put("x_lo", "%g", X_LO);
    course_put("x_hi", "%g", X_HI);
    course_put("w_true", "%g", W_TRUE);
    course_put("b_true", "%g", B_TRUE);
    course_put("noise", "%g", NOISE);
    course_put("w_start", "%g", W_START);
    course_put("b_start", "%g", B_START);
    course_put("lr", "%g", LR);
    course_put("mini_batch", "%d", MINI_BATCH);
    course_put("epochs", "%d", epochs);
    course_put("last", "%d", last);
    course_put("shuffles", "%d", shuffles);
    course_put("path_epochs", "%d", path_epochs);
    course_put("path_samples", "%d", path_epochs * N_POINTS);
    course_put("h11", "%.4f", q.H[0][0]);
    course_put("h12", "%.4f", q.H[0][1]);
    course_put("h22", "%.4f", q.H[1][1]);
    course_put("lambda_max", "%.4f", q.lambda_max);
    course_put("lambda_min", "%.4f", q.lambda_min);
    course_put("kappa", "%.1f", q.lambda_max / q.lambda_min);
    course_put("q1", "%.3f", q.q_max[0]);
    course_put("q2", "%.3f", q.q_max[1]);
    course_put("lr_max", "%.4f", q.lr_max);
    course_put("lr_over_lrmax", "%.2f", LR / q.lr_max);
    course_put("lr_best", "%.4f", 2 / (q.lambda_max + q.lambda_min));
    course_put("w_min", "%.4f", q.w_min);
    course_put("b_min", "%.4f", q.b_min);
    course_put("L_min", "%.4f", q.L_min);
    course_put("start_excess", "%.3f", start_excess);
    course_put_sci("hess_fd_err", hess_fd_err, 2);
    course_put("gd_rate_slow", "%.4f", 1 - LR * q.lambda_min);
    for (k = 0; k < 3; k++) {
        const char *tag[3] = {"gd", "mini", "online"};
        char key[64];
        snprintf(key, sizeof key, "steps_per_epoch_%s", tag[k]);
        course_put(key, "%ld", steps_lib[k] / 5);
        snprintf(key, sizeof key, "hand_diff_%s", tag[k]);
        course_put_sci(key, diff_hand[k], 2);
        snprintf(key, sizeof key, "sd_%s", tag[k]);
        course_put_sci(key, med_sd[k], 2);
        snprintf(key, sizeof key, "excess_%s", tag[k]);
        course_put_sci(key, med_excess[k], 2);
        snprintf(key, sizeof key, "steps_tenth_%s", tag[k]);
        course_put(key, "%.0f", steps_to_tenth[k]);
        snprintf(key, sizeof key, "samples_tenth_%s", tag[k]);
        course_put(key, "%.0f", samples_to_tenth[k]);
        snprintf(key, sizeof key, "epochs_tenth_%s", tag[k]);
        course_put(key, "%.2f", samples_to_tenth[k] / N_POINTS);
    }
    course_put_sci("hand_diff", fmax(diff_hand[0], fmax(diff_hand[1], diff_hand[2])), 2);
    course_put("speedup_online", "%.0f", samples_to_tenth[0] / samples_to_tenth[2]);
    course_put("sd_ratio_online_mini", "%.1f", med_sd[2] / med_sd[1]);
    course_put("last_batch", "%d", N_POINTS % MINI_BATCH);
    course_put("floor_steps", "%d", N_POINTS / MINI_BATCH);
    course_put("ceil_steps", "%d", (N_POINTS + MINI_BATCH - 1) / MINI_BATCH);
    course_put("floor_diff", "%.2g", diff_floor);
    for (k = 0; k < N_SWEEP; k++) {
        char key[64];
        snprintf(key, sizeof key, "sweep_factor_%d", k);
        course_put(key, "%g", sweep_factor[k]);
        snprintf(key, sizeof key, "sweep_lr_%d", k);
        course_put(key, "%.3f", sweep_factor[k] * q.lr_max);
        snprintf(key, sizeof key, "sweep_excess_%d", k);
        course_put(key, "%.2g", sweep_end[k]);
        snprintf(key, sizeof key, "sweep_rate_%d", k);
        course_put(key, "%.3f", fmax(fabs(1 - sweep_factor[k] * q.lr_max * q.lambda_max),
                                     fabs(1 - sweep_factor[k] * q.lr_max * q.lambda_min)));
    }
    course_put("sweep_steps", "%d", N_SHOWN_STEPS);
    course_put("threshold_steps", "%d", threshold_steps);
    course_put_sci("thr_below_ratio", thr_excess[0], 2);
    course_put_sci("thr_above_ratio", thr_excess[1], 2);
    course_put("thr_below_factor", "%.6f", thr_factor[0]);
    course_put("thr_above_factor", "%.6f", thr_factor[1]);

    printf("05_gradient_descent: H = [%.4f %.4f; %.4f %.4f], lambda = %.4f, %.4f, 2/lambda_max = %.4f\n", q.H[0][0],
           q.H[0][1], q.H[1][0], q.H[1][1], q.lambda_max, q.lambda_min, q.lr_max);
    printf("05_gradient_descent: median sd of the loss over the last %d epochs: GD %.3g, B=10 %.3g, B=1 %.3g\n", last,
           med_sd[0], med_sd[1], med_sd[2]);
    printf("05_gradient_descent: samples to a tenth of the start's excess: GD %.0f, B=10 %.0f, B=1 %.0f; "
           "steps: %.0f, %.0f, %.0f\n", samples_to_tenth[0], samples_to_tenth[1], samples_to_tenth[2],
           steps_to_tenth[0], steps_to_tenth[1], steps_to_tenth[2]);

    free(pw), free(pb);
    mlp_net_free(&net);
    mlp_mat_free(&d.X), mlp_mat_free(&d.Y);

    /* ---- claims ----
       Bounds chosen over data seeds 1-30 (sh tools/seeds.sh 05_gradient_descent 30,
       full and QUICK=1), every claim held for every seed:
         hessian              2.5e-12 .. 2.1e-11       (rounding of the second differences)
         hand_equals_library  0 for every seed         (the same operations in the same order)
         floor_differs        0.041 .. 0.25            (bound 1e-3: rounding is ~1e-16)
         below_threshold      < 4e-17 full, < 1.5e-11 quick (fewer steps)
         above_threshold      > 2.4e16 full, > 3.1e9 quick
         rate_below/above     < 3.2e-9                 (bound 1e-6: 0.98 vs 0.99 would be 1e-2)
         gd_monotone          0 for every seed         (alpha < 1/lambda_max: every factor in (0, 1))
         online_vs_mini       5.7 .. 9.8               (bound 3; about 10 = the ratio of batch sizes)
         mini_vs_gd           190 .. 6e6               (bound 50; GD's spread is its slow, steady descent) */
    course_claim_below("hessian", "The Hessian $H = 2 A^\\top A / N$ matches second differences of "
                       "`mlp_evaluate`'s loss (largest error, relative to $\\lambda_{\\max}$)", hess_fd_err, 1e-6);
    course_claim_below("hand_equals_library", "The hand-written steps give `mlp_train_epoch`'s parameters "
                       "(largest relative difference over $B = N, 10, 1$, 5 epochs)",
                       fmax(diff_hand[0], fmax(diff_hand[1], diff_hand[2])), 1e-12);
    course_claim_equal("steps_ceil", "For every batch size $B = 1, \\dots, N$, one epoch of `mlp_train_epoch` "
                       "takes $\\lceil N/B \\rceil$ steps (number of $B$ for which it does)", count_ok, N_POINTS);
    course_claim_above("floor_differs", "Dropping the last, smaller batch (the slides' $\\lfloor N/B \\rfloor$ "
                       "steps) gives other parameters than `mlp_train_epoch` (relative difference, $B = 10$)",
                       diff_floor, 1e-3);
    course_claim_below("below_threshold", "Gradient descent at $0.99 \\cdot 2/\\lambda_{\\max}$ converges "
                       "(excess loss after the last step over the first)", thr_excess[0], 1e-8);
    course_claim_above("above_threshold", "Gradient descent at $1.01 \\cdot 2/\\lambda_{\\max}$ diverges "
                       "(the same ratio)", thr_excess[1], 1e8);
    course_claim_below("rate_below", "Below the threshold the error shrinks by $|1 - \\alpha "
                       "\\lambda_{\\max}| = 0.98$ per step (measured minus predicted)",
                       fabs(thr_factor[0] - thr_predicted[0]), 1e-6);
    course_claim_below("rate_above", "Above the threshold it grows by $|1 - \\alpha "
                       "\\lambda_{\\max}| = 1.02$ per step (measured minus predicted)",
                       fabs(thr_factor[1] - thr_predicted[1]), 1e-6);
    course_claim_equal("gd_monotone", "Full-batch GD at the learning rate of the comparison lowers the loss at "
                       "every step until rounding takes over (steps where it rose, excess above $10^{-12}$)",
                       gd_increases, 0);
    course_claim_above("online_vs_mini", "Once converged, online SGD's loss fluctuates more than mini-batch "
                       "SGD's (ratio of the median standard deviations)", med_sd[2] / med_sd[1], 3);
    course_claim_above("mini_vs_gd", "... and mini-batch SGD's more than full-batch GD's (same ratio)",
                       med_sd[1] / med_sd[0], 50);
    return course_end();
}
