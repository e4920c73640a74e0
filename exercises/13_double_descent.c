/* exercises/13_double_descent.c: double descent, and when more data hurts.

   What it shows: a fixed random "teacher" network maps R^8 to R^8; its
   outputs plus Gaussian noise are the data. Students with two ReLU hidden
   layers of M units each, M from 2 to 200, are trained on N = 100 and on
   N = 200 of these points until they fit them (or a budget runs out), and
   tested on fresh points. The test error rises as M approaches the width at
   which the student has as many parameters as there are numbers to fit
   (N * 8), peaks there, and falls again beyond it: double descent. With
   twice the data the peak moves to a wider network, so that near the new
   peak more data gives a worse model.

   Every run is independent: its data set and its initialization come from
   random streams of their own (the initialization depends on the data set
   and the width, and is the same for N = 100 and N = 200), so the sweep can
   be split over processes (MLP_JOBS=2) and gives the same numbers however
   it is split.

   mlp.h functions: mlp_rng_seed, mlp_toy_teacher_net, mlp_toy_teacher_data,
   mlp_mat_init, mlp_mat_view, mlp_mat_free, mlp_net_new, mlp_net_add,
   mlp_net_initialize, mlp_net_param_count, mlp_net_free, mlp_adam,
   mlp_train_epoch, mlp_evaluate, mlp_predict, mlp_mse, mlp_last_error.

   Feeds reports/13_double_descent.md. Run as `13_double_descent OUTDIR`:
   writes runs.tsv, sweep.tsv, curves.tsv and results.yaml into OUTDIR.
   MLP_QUICK=1: fewer widths, one data set, a shorter budget. MLP_JOBS=n:
   n processes (default 1). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* glibc: MAP_ANONYMOUS, for the shared results of MLP_JOBS > 1 */
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#define MAP_ANONYMOUS MAP_ANON
#endif

/* ---- the experiment: change these and run again ---- */
#define SEED 2024           /* the default seed (MLP_SEED=n for another); chapter 14 uses the same data */
#define N_IN 8              /* inputs and outputs of teacher and students: R^8 -> R^8 */
#define N_OUT 8
#define TEACHER_HIDDEN 32   /* the teacher: 8 -> 32 tanh -> 8 */
#define NOISE 0.3           /* standard deviation of the noise on every output */
#define N_TEST 4000         /* fresh points for the test error */
#define LR 1e-3             /* Adam's learning rate (PyTorch's default) */
#define WEIGHT_DECAY 0.0    /* none: nothing but the optimizer decides which fit we get */
#define FIT_MSE 1e-3        /* the seed's "MSE below 1e-3": fitted */
#define STOP_MSE 1e-5       /* stop a run once its training MSE is below this */
#define MAX_EPOCHS 20000    /* the budget of a run: Adam steps (epochs of one full batch) */
#define QUICK_EPOCHS 5000   /* the same in quick mode */
#define N_DATA 5            /* data sets (and initializations) per width: medians over these */
#define SMALL_WIDTH 6       /* a narrow network, where more data should help */
#define N_SIZES 2           /* training set sizes */
static const int sizes[N_SIZES] = {100, 200};

/* Widths of the full sweep, dense around the two thresholds (about 21 and
   32), and the shorter sweep of quick mode. Both include 10, 50 and 100,
   the widths of the seed's first question. */
static const int widths_full[] = {2,  4,  6,  8,  10, 12, 14, 16, 18, 20, 22,  24,  26,  28,
                                  30, 32, 34, 36, 40, 45, 50, 60, 80, 100, 130, 160, 200};
static const int widths_quick[] = {6, 10, 14, 18, 22, 26, 32, 40, 50, 100};
#define MAX_WIDTHS ((int)(sizeof widths_full / sizeof widths_full[0]))
static const int curve_widths[3] = {10, 50, 100};

#define MAX_CURVE 120 /* points of a learning curve, log-spaced in the epoch */

/* What one run leaves behind. The runs live in memory shared by the worker
   processes; each run writes only its own record. */
typedef struct dd_run {
    int epoch;             /* epochs done so far (read by the progress line) */
    int done;              /* 1 once the record is complete */
    int epochs;            /* epochs run in all */
    int epoch_fit;         /* first epoch with training MSE below FIT_MSE (0: never) */
    double train, test;    /* final training and test MSE */
    int n_curve;           /* points of the learning curve */
    int curve_epoch[MAX_CURVE];   /* epochs 1, 2, 3, ..., 20 per decade, and the last */
    double curve_loss[MAX_CURVE]; /* the training MSE at those epochs */
} dd_run;

/* Everything the sweep shares, set up once before it starts. */
static struct {
    unsigned long long seed;
    const int *widths;
    int n_widths, n_data, max_epochs, jobs;
    int curve_epoch[MAX_CURVE], n_curve; /* 1, 2, 3, ... log-spaced up to max_epochs */
    mlp_net teacher;
    mlp_mat X[N_DATA], Y[N_DATA];         /* per data set: 200 points; N = 100 uses the first 100 */
    mlp_mat X_test, Y_test;
    dd_run *runs;                          /* [size][data set][width] */
    double t_start;                        /* for the time left on the progress line */
} dd;

static dd_run *run_of(int n, int s, int m) { return &dd.runs[(n * dd.n_data + s) * dd.n_widths + m]; }

/* One random stream per purpose and index, so that a run depends on its own
   (data set, width) and nothing else: the sweep can be cut, reordered or
   split over processes without changing a number. */
enum { STREAM_TEACHER = 1, STREAM_TEST, STREAM_DATA, STREAM_INIT };
static void seed_stream(mlp_rng *rng, int kind, int a, int b)
{
    mlp_rng_seed(rng, ((dd.seed * 8 + (unsigned long long)kind) * 1024 + (unsigned long long)a) * 1024 +
                          (unsigned long long)b);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- the interpolation threshold ----
   A student I -> M -> M -> O has three dense layers, each with a weight
   matrix and a bias vector. The threshold is the width at which the
   parameters equal the N * O numbers of the training targets. */

static long param_count(int I, int M, int O)
{
    /* BEGIN SOLUTION param-count: the number of weights and biases of an
       I -> M -> M -> O network (three dense layers), as a formula in I, M, O */
    return (long)I * M + M + (long)M * M + M + (long)M * O + O;
    /* END SOLUTION; stub: (void)I, (void)M, (void)O; return 0; */
}

static double threshold_width(int N, int I, int O)
{
    /* BEGIN SOLUTION threshold-width: the real width M at which an
       I -> M -> M -> O network has exactly N * O parameters: the positive
       root of M^2 + (I + O + 2) M + O = N O */
    double b = I + O + 2, c = O - (double)N * O;
    return (-b + sqrt(b * b - 4 * c)) / 2;
    /* END SOLUTION; stub: (void)N, (void)I, (void)O; return 0; */
}

/* A student I -> M ReLU -> M ReLU -> O linear, He initialization (mlp.h's
   default before ReLU), zero biases, MSE. */
static void build_student(mlp_net *net, int M)
{
    course_ok(mlp_net_new(net, N_IN, MLP_MSE) || mlp_net_add(net, M, MLP_RELU) || mlp_net_add(net, M, MLP_RELU) ||
                  mlp_net_add(net, N_OUT, MLP_IDENTITY),
              "building the student");
}

/* ---- self-check: the two formulas above against mlp.h's own count ----
   `make handout` blanks them; the checks then fail and name the TODO. */
static int self_check(void)
{
    static const int cases[][3] = {{8, 1, 8}, {8, 21, 8}, {8, 200, 8}, {3, 7, 5}, {1, 40, 2}, {10, 3, 1}};
    static const int thresholds[][3] = {{100, 8, 8}, {200, 8, 8}, {50, 3, 2}, {1000, 10, 1}, {30, 2, 5}, {400, 8, 8},
                                         {95, 8, 8}}; /* 95: M* just below 20; a lost bias term crosses it */
    int k, ok = 1;
    for (k = 0; k < (int)(sizeof cases / sizeof cases[0]); k++) {
        int I = cases[k][0], M = cases[k][1], O = cases[k][2];
        mlp_net net;
        long want;
        course_ok(mlp_net_new(&net, I, MLP_MSE) || mlp_net_add(&net, M, MLP_RELU) || mlp_net_add(&net, M, MLP_RELU) ||
                      mlp_net_add(&net, O, MLP_IDENTITY),
                  "building a network");
        want = mlp_net_param_count(&net);
        mlp_net_free(&net);
        if (param_count(I, M, O) != want) {
            fprintf(stderr, "13_double_descent: FAILED: param_count(%d, %d, %d) = %ld, but the network %d-%d-%d-%d has "
                            "%ld parameters: see TODO(param-count) in exercises/13_double_descent.c, param_count\n",
                    I, M, O, param_count(I, M, O), I, M, M, O, want);
            ok = 0;
            break;
        }
    }
    /* The threshold M* must lie where the count crosses N * O: the network
       of width floor(M*) has at most N * O parameters, one unit wider has more. */
    for (k = 0; k < (int)(sizeof thresholds / sizeof thresholds[0]); k++) {
        int N = thresholds[k][0], I = thresholds[k][1], O = thresholds[k][2], m, w;
        double Mstar = threshold_width(N, I, O);
        long P[2] = {0, 0};
        if (!(Mstar >= 1 && Mstar < 1e6)) P[1] = -1; /* no width: fails below */
        else
            for (w = 0; w < 2; w++) {
                mlp_net net;
                m = (int)floor(Mstar + 1e-9) + w;
                course_ok(mlp_net_new(&net, I, MLP_MSE) || mlp_net_add(&net, m, MLP_RELU) ||
                              mlp_net_add(&net, m, MLP_RELU) || mlp_net_add(&net, O, MLP_IDENTITY),
                          "building a network");
                P[w] = mlp_net_param_count(&net);
                mlp_net_free(&net);
            }
        if (P[1] < 0) {
            fprintf(stderr, "13_double_descent: FAILED: threshold_width(%d, %d, %d) = %g is not a width of 1 or more: "
                            "see TODO(threshold-width) in exercises/13_double_descent.c, threshold_width\n", N, I, O, Mstar);
            ok = 0;
            break;
        }
        if (!(P[0] <= (long)N * O && P[1] > (long)N * O)) {
            fprintf(stderr, "13_double_descent: FAILED: threshold_width(%d, %d, %d) = %g, but the networks of width "
                            "floor(%g) and one more have %ld and %ld parameters, which should bracket N * O = %d: "
                            "see TODO(threshold-width) in exercises/13_double_descent.c, threshold_width\n",
                    N, I, O, Mstar, Mstar, P[0], P[1], N * O);
            ok = 0;
            break;
        }
    }
    return ok;
}

/* ---- progress: which run, how far, the time left (on a terminal only) ----
   The work of a run is about its epochs times its parameters; the time left
   is the time so far scaled by the work left over the work done. The work
   of runs not yet finished is a guess: every epoch of the budget. */
static void show_progress(const char *now_running)
{
    double done = 0, total = 0, elapsed = now() - dd.t_start;
    int n, s, m, finished = 0, all = N_SIZES * dd.n_data * dd.n_widths;
    if (!course.progress) return;
    for (n = 0; n < N_SIZES; n++)
        for (s = 0; s < dd.n_data; s++)
            for (m = 0; m < dd.n_widths; m++) {
                const dd_run *r = run_of(n, s, m);
                double cost = (double)sizes[n] * (double)(param_count(N_IN, dd.widths[m], N_OUT) + 300);
                done += cost * r->epoch;
                total += cost * (r->done ? r->epochs : dd.max_epochs);
                finished += r->done;
            }
    if (done > 0)
        course_progress("%s | %d of %d runs, about %.0f s left", now_running, finished, all,
                        elapsed * (total - done) / done);
}

/* ---- one run: Adam, full batch, until fitted or out of budget ---- */
static void train_run(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, dd_run *r, int M, int N)
{
    mlp_optim opt = mlp_adam(LR);
    mlp_real loss = 0;
    int e, k = 0; /* k: the next point of dd.curve_epoch */
    opt.weight_decay = WEIGHT_DECAY;
    r->n_curve = 0;
    r->epoch_fit = 0;
    for (e = 1; e <= dd.max_epochs; e++) {
        /* B = N: every step sees every point, so training is deterministic.
           `loss` is the training MSE before this epoch's step. */
        course_ok(mlp_train_epoch(net, &opt, X, Y, X->rows, NULL, &loss), "mlp_train_epoch");
        if (!r->epoch_fit && loss < FIT_MSE) r->epoch_fit = e;
        r->epoch = e;
        if ((k < dd.n_curve && e == dd.curve_epoch[k]) || loss < STOP_MSE || e == dd.max_epochs) {
            r->curve_epoch[r->n_curve] = e; /* a point of the learning curve (the last epoch is one) */
            r->curve_loss[r->n_curve++] = (double)loss;
            k += k < dd.n_curve && e == dd.curve_epoch[k];
        }
        if (loss < STOP_MSE) break;
        if (dd.jobs == 1 && e % 1000 == 0) {
            char what[96];
            snprintf(what, sizeof what, "N = %d, width %d: epoch %d, training MSE %.2g", N, M, e, (double)loss);
            show_progress(what);
        }
    }
    r->epochs = e > dd.max_epochs ? dd.max_epochs : e;
    if (dd.jobs == 1) {
        char what[96];
        snprintf(what, sizeof what, "N = %d, width %d: done after %d epochs", N, M, r->epochs);
        show_progress(what);
    }
    course_ok(mlp_evaluate(net, X, Y, &loss), "mlp_evaluate");
    r->train = (double)loss;
    course_ok(mlp_evaluate(net, &dd.X_test, &dd.Y_test, &loss), "mlp_evaluate");
    r->test = (double)loss;
    r->done = 1;
}

/* All runs of one width: one network, initialized afresh for every run (the
   same initialization for N = 100 and N = 200 of a data set). */
static void run_width(int m)
{
    const int M = dd.widths[m];
    mlp_net net;
    int n, s;
    build_student(&net, M);
    for (s = 0; s < dd.n_data; s++)
        for (n = 0; n < N_SIZES; n++) {
            mlp_rng rng;
            mlp_mat X = mlp_mat_view(sizes[n], N_IN, dd.X[s].data), Y = mlp_mat_view(sizes[n], N_OUT, dd.Y[s].data);
            seed_stream(&rng, STREAM_INIT, s, M);
            course_ok(mlp_net_initialize(&net, &rng), "mlp_net_initialize");
            train_run(&net, &X, &Y, run_of(n, s, m), M, sizes[n]);
        }
    mlp_net_free(&net);
}

/* ---- the sweep, in one process or several ----
   Widths are dealt to the workers largest work first, each to the worker
   with the least work so far. Which worker runs a width changes nothing in
   its numbers. */
static void run_sweep(void)
{
    int order[MAX_WIDTHS], m, k, j;
    double load[64] = {0};
    int worker_of[MAX_WIDTHS];
    for (m = 0; m < dd.n_widths; m++) order[m] = m;
    for (m = dd.n_widths - 1; m > 0; m--) /* the widest (most work per epoch) first */
        for (k = 0; k < m; k++)
            if (dd.widths[order[k]] < dd.widths[order[k + 1]]) j = order[k], order[k] = order[k + 1], order[k + 1] = j;
    for (k = 0; k < dd.n_widths; k++) {
        int best = 0, w = order[k];
        for (j = 1; j < dd.jobs; j++)
            if (load[j] < load[best]) best = j;
        worker_of[w] = best;
        load[best] += (double)param_count(N_IN, dd.widths[w], N_OUT) + 300;
    }
    if (dd.jobs == 1) {
        for (k = 0; k < dd.n_widths; k++) run_width(order[k]);
    } else {
        int alive = 0, failed = 0;
        fflush(NULL); /* nothing buffered may be written twice */
        for (j = 0; j < dd.jobs; j++) {
            pid_t pid = fork();
            if (pid < 0) course_die("fork failed");
            if (pid == 0) {
                course.progress = 0; /* the parent shows progress */
                for (k = 0; k < dd.n_widths; k++)
                    if (worker_of[order[k]] == j) run_width(order[k]);
                _exit(0);
            }
            alive++;
        }
        while (alive > 0) {
            int status;
            pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid > 0) {
                alive--;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
            } else if (pid < 0) break;
            else {
                struct timespec pause = {0, 250000000};
                char what[64];
                snprintf(what, sizeof what, "%d processes", dd.jobs);
                show_progress(what);
                nanosleep(&pause, NULL);
            }
        }
        if (failed) course_die("a worker process failed");
    }
    course_progress_done();
}

/* ---- medians over data sets ---- */

typedef enum { TRAIN, TEST, EPOCH_FIT } dd_field;

/* The median of a field over the data sets of (size n, width m). An epoch
   of a run that never fitted counts as infinite: the median is infinite
   when half the runs or more never fitted. */
static double median_of(int n, int m, dd_field field)
{
    double v[N_DATA];
    int s;
    for (s = 0; s < dd.n_data; s++) {
        const dd_run *r = run_of(n, s, m);
        v[s] = field == TRAIN ? r->train : field == TEST ? r->test : r->epoch_fit ? r->epoch_fit : INFINITY;
    }
    return course_median(v, dd.n_data);
}

static double extreme_of(int n, int m, dd_field field, int largest)
{
    double x = largest ? -INFINITY : INFINITY;
    int s;
    for (s = 0; s < dd.n_data; s++) {
        const dd_run *r = run_of(n, s, m);
        double v = field == TRAIN ? r->train : r->test;
        if (largest ? v > x : v < x) x = v;
    }
    return x;
}

static int width_index(int M)
{
    int m;
    for (m = 0; m < dd.n_widths; m++)
        if (dd.widths[m] == M) return m;
    course_die("width %d is not in the sweep", M);
    return -1;
}

/* The width of the sweep closest to x. */
static int nearest_width(double x)
{
    int m, best = 0;
    for (m = 1; m < dd.n_widths; m++)
        if (fabs(dd.widths[m] - x) < fabs(dd.widths[best] - x)) best = m;
    return best;
}

int main(int argc, char **argv)
{
    double thr[N_SIZES], peak_test[N_SIZES], teacher_test, zero_test, signal_var, t0, wall;
    int peak[N_SIZES], fit_width[N_SIZES], n, s, m, k, e;
    mlp_rng rng;
    FILE *f;
    struct rusage self, children;

    course_start(argc, argv, "13_double_descent", "dd");
    dd.seed = course_seed(SEED);

    /* ---- self-check (see self_check); MLP_CHECK_ONLY=1 stops after it ---- */
    if (!self_check()) return 1;
    if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
        printf("13_double_descent: self-check passed\n");
        return 0;
    }

    dd.widths = course.quick ? widths_quick : widths_full;
    dd.n_widths = course.quick ? (int)(sizeof widths_quick / sizeof widths_quick[0]) : MAX_WIDTHS;
    dd.n_data = course_pick(1, N_DATA);
    dd.max_epochs = course_pick(QUICK_EPOCHS, MAX_EPOCHS);
    dd.jobs = getenv("MLP_JOBS") ? atoi(getenv("MLP_JOBS")) : 1;
    if (dd.jobs < 1 || dd.jobs > 64) course_die("MLP_JOBS=%s: give a number of processes from 1 to 64", getenv("MLP_JOBS"));
#ifndef MAP_ANONYMOUS
    dd.jobs = 1; /* no shared anonymous memory on this system: one process */
#endif
    for (k = 0, dd.n_curve = 0; dd.n_curve < MAX_CURVE - 1; k++) { /* 20 points per decade, rounded */
        e = (int)floor(pow(10, k / 20.0) + 0.5);
        if (e > dd.max_epochs) break;
        if (dd.n_curve == 0 || e > dd.curve_epoch[dd.n_curve - 1]) dd.curve_epoch[dd.n_curve++] = e;
    }

    /* ---- data, made once: the teacher, a test set, and N_DATA training sets ---- */
    seed_stream(&rng, STREAM_TEACHER, 0, 0);
    course_ok(mlp_toy_teacher_net(&dd.teacher, N_IN, TEACHER_HIDDEN, N_OUT, &rng), "mlp_toy_teacher_net");
    seed_stream(&rng, STREAM_TEST, 0, 0);
    course_ok(mlp_toy_teacher_data(&dd.X_test, &dd.Y_test, N_TEST, &dd.teacher, NOISE, &rng), "mlp_toy_teacher_data");
    for (s = 0; s < dd.n_data; s++) {
        seed_stream(&rng, STREAM_DATA, s, 0);
        course_ok(mlp_toy_teacher_data(&dd.X[s], &dd.Y[s], sizes[N_SIZES - 1], &dd.teacher, NOISE, &rng),
                  "mlp_toy_teacher_data");
    }
    { /* the floor (the teacher itself), predicting 0, and the signal's variance */
        mlp_real loss;
        mlp_mat Zero = {0};
        double sum = 0;
        course_ok(mlp_evaluate(&dd.teacher, &dd.X_test, &dd.Y_test, &loss), "mlp_evaluate");
        teacher_test = (double)loss;
        course_ok(mlp_mat_init(&Zero, N_TEST, N_OUT), "mlp_mat_init");
        zero_test = (double)mlp_mse(&Zero, &dd.Y_test);
        course_ok(mlp_predict(&dd.teacher, &dd.X_test, &Zero), "mlp_predict");
        for (k = 0; k < N_TEST * N_OUT; k++) sum += (double)Zero.data[k] * (double)Zero.data[k];
        signal_var = sum / (N_TEST * N_OUT);
        mlp_mat_free(&Zero);
    }

    /* ---- the sweep ---- */
    {
        size_t bytes = sizeof(dd_run) * N_SIZES * (size_t)dd.n_data * (size_t)dd.n_widths;
#ifdef MAP_ANONYMOUS
        dd.runs = (dd_run *)mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (dd.runs == MAP_FAILED) course_die("mmap of %lu bytes failed", (unsigned long)bytes);
#else
        dd.runs = (dd_run *)calloc(1, bytes);
        if (!dd.runs) course_die("out of memory");
#endif
    }
    dd.t_start = t0 = now();
    run_sweep();
    wall = now() - t0;

    /* ---- summaries ---- */
    for (n = 0; n < N_SIZES; n++) {
        thr[n] = threshold_width(sizes[n], N_IN, N_OUT);
        peak[n] = 0;
        fit_width[n] = -1;
        for (m = 0; m < dd.n_widths; m++) {
            if (median_of(n, m, TEST) > median_of(n, peak[n], TEST)) peak[n] = m;
            if (fit_width[n] < 0 && extreme_of(n, m, TRAIN, 1) < FIT_MSE) fit_width[n] = m;
        }
        peak_test[n] = median_of(n, peak[n], TEST);
    }

    f = course_open("runs.tsv");
    fprintf(f, "# n_train\twidth\tdata_set\tparameters\ttrain_mse\ttest_mse\tepochs\tepoch_fit\n");
    for (n = 0; n < N_SIZES; n++)
        for (m = 0; m < dd.n_widths; m++)
            for (s = 0; s < dd.n_data; s++) {
                const dd_run *r = run_of(n, s, m);
                fprintf(f, "%d\t%d\t%d\t%ld\t%.17g\t%.17g\t%d\t%d\n", sizes[n], dd.widths[m], s,
                        param_count(N_IN, dd.widths[m], N_OUT), r->train, r->test, r->epochs, r->epoch_fit);
            }
    course_close(f, "runs.tsv");

    /* One block per training set size (gnuplot: index 0 and 1). An epoch
       median that is infinite (most runs never fitted) is written as NaN. */
    f = course_open("sweep.tsv");
    for (n = 0; n < N_SIZES; n++) {
        fprintf(f, "# N = %d: threshold width %.17g\n", sizes[n], thr[n]);
        fprintf(f, "# width\tparameters\tmedian_train\tmedian_test\tmin_test\tmax_test\tmedian_epoch_fit\tnoise_var"
                   "\tthreshold\n");
        for (m = 0; m < dd.n_widths; m++) {
            double ep = median_of(n, m, EPOCH_FIT);
            fprintf(f, "%d\t%ld\t%.17g\t%.17g\t%.17g\t%.17g\t", dd.widths[m], param_count(N_IN, dd.widths[m], N_OUT),
                    median_of(n, m, TRAIN), median_of(n, m, TEST), extreme_of(n, m, TEST, 0), extreme_of(n, m, TEST, 1));
            if (isinf(ep)) fprintf(f, "NaN");
            else fprintf(f, "%.17g", ep);
            fprintf(f, "\t%.17g\t%.17g\n", NOISE * NOISE, thr[n]);
        }
        if (n + 1 < N_SIZES) fprintf(f, "\n\n");
    }
    course_close(f, "sweep.tsv");

    /* Learning curves of widths 10, 50, 100 at N = 100, every data set: one
       block each, in the order width, data set (gnuplot: index). */
    f = course_open("curves.tsv");
    for (k = 0; k < 3; k++)
        for (s = 0; s < dd.n_data; s++) {
            const dd_run *r = run_of(0, s, width_index(curve_widths[k]));
            if (k + s > 0) fprintf(f, "\n\n"); /* between blocks only: gnuplot counts a trailing one as a block */
            fprintf(f, "# width %d, data set %d\n# epoch\ttrain_mse\n", curve_widths[k], s);
            for (e = 0; e < r->n_curve; e++) fprintf(f, "%d\t%.17g\n", r->curve_epoch[e], r->curve_loss[e]);
        }
    course_close(f, "curves.tsv");

    /* ---- results.yaml ---- */
    course_put("seed", "%llu", dd.seed);
    course_put("n_in", "%d", N_IN);
    course_put("n_out", "%d", N_OUT);
    course_put("teacher_hidden", "%d", TEACHER_HIDDEN);
    course_put("noise_sd", "%g", NOISE);
    course_put("noise_var", "%.2f", NOISE * NOISE);
    course_put("n_test", "%d", N_TEST);
    course_put("teacher_test", "%.4f", teacher_test);
    course_put("zero_test", "%.3f", zero_test);
    course_put("signal_var", "%.3f", signal_var);
    course_put("lr", "%g", LR);
    course_put("max_epochs", "%d", dd.max_epochs);
    course_put("quick_epochs", "%d", QUICK_EPOCHS);
    course_put("fit_mse", "%g", FIT_MSE);
    course_put_sci("stop_mse", STOP_MSE, 1);
    course_put("n_data", "%d", dd.n_data);
    course_put("n_widths", "%d", dd.n_widths);
    course_put("n_runs", "%d", N_SIZES * dd.n_data * dd.n_widths);
    {
        long total = 0;
        for (n = 0; n < N_SIZES; n++)
            for (s = 0; s < dd.n_data; s++)
                for (m = 0; m < dd.n_widths; m++) total += run_of(n, s, m)->epochs;
        course_put("total_epochs", "%ld", total);
    }
    course_put("width_min", "%d", dd.widths[0]);
    course_put("width_max", "%d", dd.widths[dd.n_widths - 1]);
    for (n = 0; n < N_SIZES; n++) {
        const int N = sizes[n];
        int below = (int)floor(thr[n]);
        course_put(N == 100 ? "threshold_100" : "threshold_200", "%.2f", thr[n]);
        course_put(N == 100 ? "threshold_round_100" : "threshold_round_200", "%d", (int)floor(thr[n] + 0.5));
        course_put(N == 100 ? "targets_100" : "targets_200", "%d", N * N_OUT);
        course_put(N == 100 ? "params_below_100" : "params_below_200", "%ld", param_count(N_IN, below, N_OUT));
        course_put(N == 100 ? "params_above_100" : "params_above_200", "%ld", param_count(N_IN, below + 1, N_OUT));
        course_put(N == 100 ? "width_below_100" : "width_below_200", "%d", below);
        course_put(N == 100 ? "width_above_100" : "width_above_200", "%d", below + 1);
        course_put(N == 100 ? "peak_width_100" : "peak_width_200", "%d", dd.widths[peak[n]]);
        course_put(N == 100 ? "peak_test_100" : "peak_test_200", "%.2f", peak_test[n]);
        course_put(N == 100 ? "fit_width_100" : "fit_width_200", "%d", fit_width[n] >= 0 ? dd.widths[fit_width[n]] : -1);
        course_put(N == 100 ? "fit_ratio_100" : "fit_ratio_200", "%.2f",
                   fit_width[n] >= 0 ? dd.widths[fit_width[n]] / thr[n] : NAN);
    }
    /* The table of the report: the test error at a few widths for both N. */
    {
        static const int table_widths[] = {6, 10, 20, 32, 50, 100, 200};
        char key[48];
        for (k = 0; k < (int)(sizeof table_widths / sizeof table_widths[0]); k++) {
            int M = table_widths[k];
            for (m = 0; m < dd.n_widths && dd.widths[m] != M; m++) continue;
            for (n = 0; n < N_SIZES; n++) {
                snprintf(key, sizeof key, "test_%d_w%d", sizes[n], M);
                if (m < dd.n_widths) course_put(key, "%.3f", median_of(n, m, TEST));
                else course_put(key, "--");
                snprintf(key, sizeof key, "train_%d_w%d", sizes[n], M);
                if (m < dd.n_widths) course_put_sci(key, median_of(n, m, TRAIN), 2);
                else course_put(key, "--");
            }
            snprintf(key, sizeof key, "params_w%d", M);
            course_put(key, "%ld", param_count(N_IN, M, N_OUT));
        }
        for (k = 0; k < 3; k++) {
            double ep = median_of(0, width_index(curve_widths[k]), EPOCH_FIT);
            snprintf(key, sizeof key, "epoch_fit_w%d", curve_widths[k]);
            if (isinf(ep)) course_put(key, "never");
            else course_put(key, "%.0f", ep);
            snprintf(key, sizeof key, "train_min_w%d", curve_widths[k]);
            course_put_sci(key, extreme_of(0, width_index(curve_widths[k]), TRAIN, 0), 2);
            snprintf(key, sizeof key, "train_max_w%d", curve_widths[k]);
            course_put_sci(key, extreme_of(0, width_index(curve_widths[k]), TRAIN, 1), 2);
        }
    }

    printf("13_double_descent: %d runs (%d widths, N = 100 and 200, %d data sets) in %.1f s with %d process%s\n",
           N_SIZES * dd.n_data * dd.n_widths, dd.n_widths, dd.n_data, wall, dd.jobs, dd.jobs > 1 ? "es" : "");
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    printf("  processor time %.1f s\n", (double)self.ru_utime.tv_sec + 1e-6 * (double)self.ru_utime.tv_usec +
                                            (double)children.ru_utime.tv_sec + 1e-6 * (double)children.ru_utime.tv_usec);
    printf("  width  params   train100   test100   train200   test200\n");
    for (m = 0; m < dd.n_widths; m++)
        printf("  %5d  %6ld  %9.2e  %8.3f  %9.2e  %8.3f\n", dd.widths[m], param_count(N_IN, dd.widths[m], N_OUT),
               median_of(0, m, TRAIN), median_of(0, m, TEST), median_of(1, m, TRAIN), median_of(1, m, TEST));

    /* ---- claims ---- */
    {
        double min_test = INFINITY, hurt, help_small, help_wide, fall[N_SIZES];
        int near200 = nearest_width(thr[1]), mismatches = 0;
        int w10 = width_index(10), w50 = width_index(50), w100 = width_index(100);
        for (n = 0; n < N_SIZES; n++)
            for (m = 0; m < dd.n_widths; m++) min_test = fmin(min_test, extreme_of(n, m, TEST, 0));
        for (m = 0; m < dd.n_widths; m++) {
            mlp_net net;
            build_student(&net, dd.widths[m]);
            mismatches += mlp_net_param_count(&net) != param_count(N_IN, dd.widths[m], N_OUT);
            mlp_net_free(&net);
        }
        for (n = 0; n < N_SIZES; n++) fall[n] = median_of(n, dd.n_widths - 1, TEST) / peak_test[n];
        hurt = median_of(1, near200, TEST) / median_of(0, near200, TEST);
        help_small = median_of(1, width_index(SMALL_WIDTH), TEST) / median_of(0, width_index(SMALL_WIDTH), TEST);
        help_wide = median_of(1, dd.n_widths - 1, TEST) / median_of(0, dd.n_widths - 1, TEST);
        course_put("hurt_width", "%d", dd.widths[near200]);
        course_put("hurt_ratio", "%.2f", hurt);
        course_put("help_small_width", "%d", SMALL_WIDTH);
        course_put("help_small_ratio", "%.2f", help_small);
        course_put("help_wide_ratio", "%.2f", help_wide);
        course_put("test_widest_100", "%.3f", median_of(0, dd.n_widths - 1, TEST));
        course_put("test_widest_200", "%.3f", median_of(1, dd.n_widths - 1, TEST));
        course_put("fall_100", "%.2f", fall[0]);
        course_put("fall_200", "%.2f", fall[1]);

        /* Bounds from the seed study (sh tools/seeds.sh 13_double_descent N,
           with and without QUICK=1): full runs of seeds 1-4 and 2024, quick
           runs of seeds 1-10 and 2024; observed min-max:
             above_noise_floor             full 1.41-1.54, quick 1.47-1.82   -> > 1
             small_cannot_fit              full 0.049-0.059, quick 0.067-0.086 -> > 1e-3
             large_can_fit                 full and quick about 1e-5 (the stopping point) -> < 1e-3
             larger_fits_faster            full 0.35-0.40, quick 0.30-0.46   -> < 0.8
             widest_not_best               full 1.51-1.91, quick 1.42-1.94   -> > 1.1
             peak_near_threshold_100       full 0.88-0.97, quick 1.07-1.56   -> [0.6, 1.5], quick [0.6, 1.75]
             falls_again_100               full 0.19-0.25, quick 0.45-0.59   -> < 0.7
             more_data_helps_small         full 0.75-0.77, quick 0.69-0.86   -> < 1
           and, full runs only:
             peak_worse_than_zero          full 2.52-4.31 (quick 1.06-1.75)  -> > 1.5
             fit_width_near_threshold_100  full 1.07-1.17 (quick 1.27-1.56)  -> [1, 1.3]
             fit_width_near_threshold_200  full 1.07-1.13 (quick 1.57)       -> [1, 1.3]
             peak_near_threshold_200       full 0.82-1.13 (quick 1.00-1.57)  -> [0.6, 1.5]
             falls_again_200               full 0.29-0.34 (quick 0.55-0.68)  -> < 0.6
             more_data_hurts               full 1.31-1.62 (quick 0.72-0.92)  -> > 1.1
             more_data_helps_wide          full 0.85-0.86 (quick 0.85-1.01)  -> < 1
           Quick mode's 5000 epochs leave the networks just past the threshold
           unfitted (bottom of the sweep figure), which moves its peak to the
           first width that fits: 22 to 32 on its grid, where the next width,
           40, would be 1.95 times the threshold. Its one data set per width
           (no median) is also why the N = 200 claims wait for the full run. */
        const double peak_high = course_pick_real(1.75, 1.5);
        course_claim_equal("param_formula", "The parameter count $M^2 + 18M + 8$ of an 8-$M$-$M$-8 network is "
                           "`mlp_net_param_count`'s for every width of the sweep (widths where they differ)",
                           mismatches, 0);
        course_claim_above("above_noise_floor", "Every test MSE lies above the noise floor $\\sigma^2$: the "
                           "smallest, over every run, in multiples of $\\sigma^2$", min_test / (NOISE * NOISE), 1);
        course_claim_above("small_cannot_fit", "Width 10 never fits $N = 100$ points to MSE $10^{-3}$: its "
                           "smallest final training MSE over the data sets", extreme_of(0, w10, TRAIN, 0), FIT_MSE);
        course_claim_below("large_can_fit", "Widths 50 and 100 always do: their largest final training MSE",
                           fmax(extreme_of(0, w50, TRAIN, 1), extreme_of(0, w100, TRAIN, 1)), FIT_MSE);
        course_claim_below("larger_fits_faster", "Width 100 reaches MSE $10^{-3}$ in fewer epochs than width 50 "
                           "(ratio of the median epochs)", median_of(0, w100, EPOCH_FIT) / median_of(0, w50, EPOCH_FIT),
                           0.8);
        {
            double first_min = INFINITY; /* the lowest median test MSE below the N = 100 threshold */
            int first_width = 0;
            for (m = 0; m < dd.n_widths && dd.widths[m] < thr[0]; m++)
                if (median_of(0, m, TEST) < first_min) first_min = median_of(0, m, TEST), first_width = dd.widths[m];
            course_put("first_min_100", "%.3f", first_min);
            course_put("first_min_width_100", "%d", first_width);
            course_put("peak_over_zero", "%.1f", peak_test[0] / zero_test);
            course_claim_above("widest_not_best", "The widest network tests worse than the best narrow one "
                               "($N = 100$): its median test MSE over the lowest median below the threshold",
                               median_of(0, dd.n_widths - 1, TEST) / first_min, 1.1);
        }
        course_claim_between("peak_near_threshold_100", "For $N = 100$ the median test MSE peaks near the threshold "
                             "width: the peak's width over the threshold's (quick mode's short budget moves it wider)",
                             dd.widths[peak[0]] / thr[0], 0.6, peak_high);
        course_claim_below("falls_again_100", "Past the peak the test MSE falls again ($N = 100$): the widest "
                           "network's median over the peak's", fall[0], 0.7);
        {
            char text[160];
            snprintf(text, sizeof text, "At width %d, far below both thresholds, more data helps: median test MSE "
                     "with $N = 200$ over $N = 100$", SMALL_WIDTH);
            course_claim_below("more_data_helps_small", text, help_small, 1);
        }
        course_full_only(1);
        course_claim_above("peak_worse_than_zero", "At the peak ($N = 100$) the network tests worse than "
                           "predicting 0 for every input: median test MSE over the zero predictor's",
                           peak_test[0] / zero_test, 1.5);
        course_claim_between("fit_width_near_threshold_100", "The count predicts where fitting starts: the smallest "
                             "width at which every run fits $N = 100$ points to $10^{-3}$, over the threshold width",
                             fit_width[0] >= 0 ? dd.widths[fit_width[0]] / thr[0] : NAN, 1, 1.3);
        course_claim_between("fit_width_near_threshold_200", "The same for $N = 200$",
                             fit_width[1] >= 0 ? dd.widths[fit_width[1]] / thr[1] : NAN, 1, 1.3);
        course_claim_between("peak_near_threshold_200", "For $N = 200$ too: the peak's width over the threshold's",
                             dd.widths[peak[1]] / thr[1], 0.6, 1.5);
        course_claim_below("falls_again_200", "Past the peak the test MSE falls again ($N = 200$): the widest "
                           "network's median over the peak's", fall[1], 0.6);
        course_claim_above("more_data_hurts", "Near the $N = 200$ threshold, twice the data gives a worse model: "
                           "median test MSE with $N = 200$ over $N = 100$", hurt, 1.1);
        course_claim_below("more_data_helps_wide", "At the widest width, more data helps (the same ratio)", help_wide,
                           1);
    }

    for (s = 0; s < dd.n_data; s++) mlp_mat_free(&dd.X[s]), mlp_mat_free(&dd.Y[s]);
    mlp_mat_free(&dd.X_test), mlp_mat_free(&dd.Y_test);
    mlp_net_free(&dd.teacher);
#ifdef MAP_ANONYMOUS
    munmap(dd.runs, sizeof(dd_run) * N_SIZES * (size_t)dd.n_data * (size_t)dd.n_widths);
#else
    free(dd.runs);
#endif
    return course_end();
}
