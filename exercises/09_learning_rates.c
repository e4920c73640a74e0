/* exercises/09_learning_rates.c: SGD and Adam across learning rates, and schedules.

   What it shows: the slides' figure "SGD vs. Adam on a simple example",
   measured. One network (three ReLU hidden layers of 64 units, a softmax
   output) learns mlp.h's two-spiral data set with plain SGD and with Adam,
   each at nine learning rates from 1e-4 to 1, every run from the same
   initial weights as its counterparts. For every run the exercise records
   the training loss after each epoch, the first epoch at which it falls
   below a target, and whether it ends below it; from these it finds each
   optimizer's "working window" of learning rates. Then SGD at one learning
   rate is trained with four schedules (constant, step, cosine, cyclic) and
   the fluctuation of the loss over the last epochs is compared.

   mlp.h functions: mlp_rng_seed, mlp_toy_spirals, mlp_one_hot, mlp_mat_free,
   mlp_net_new, mlp_net_add, mlp_net_initialize, mlp_net_param_count,
   mlp_net_free, mlp_sgd, mlp_adam, mlp_fit_defaults, mlp_fit,
   mlp_schedule_constant, mlp_schedule_step, mlp_schedule_cosine,
   mlp_schedule_cyclic, mlp_schedule_lr, mlp_forward, mlp_layer_statistics,
   mlp_clear_error, mlp_last_error.

   Feeds reports/09_learning_rates.md. Run as `09_learning_rates OUTDIR`:
   writes data.tsv, curves.tsv, sweep.tsv, schedules.tsv, fluctuation.tsv and
   results.yaml into OUTDIR. With MLP_QUICK=1 in the environment it repeats
   each run fewer times and uses a narrower network. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SEED 9
#define N_POINTS 400     /* training points, half per spiral arm */
#define NOISE 0.0        /* the arms are clean: every optimizer could reach any loss, given time */
#define DEPTH 3          /* hidden layers */
#define BATCH 32
#define EPOCHS 200
#define TARGET 0.1       /* the training loss (cross-entropy) a run must reach */
#define TAIL 10          /* a run's final loss is its mean over the last TAIL epochs */
#define N_LR 9
#define MAX_REPS 5       /* repetitions: data, initial weights and batch order from seed * 1000 + rep */
#define N_SCHED 4
#define SCHED_LR 0.3     /* SGD's rate for the schedules: the top of its working window */
#define STEP_EVERY 70    /* step schedule: divide the rate by 10 every STEP_EVERY epochs */
#define CYCLE_HALF 25    /* cyclic schedule: epochs from trough to peak (a cycle is twice that) */
#define WINDOW 40        /* the last WINDOW epochs, where the fluctuation is measured */

static const double learning_rates[N_LR] = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1};
static const char *opt_names[2] = {"sgd", "adam"};
static const char *sched_names[N_SCHED] = {"constant", "step", "cosine", "cyclic"};

/* ---- the cosine schedule, by hand -----------------------------------------
   Cosine annealing (Loshchilov and Hutter 2017, without restarts): the rate
   follows half a period of a cosine from base at t = 0 down to eta_min at
   t = T_max,
       lr(t) = eta_min + (base - eta_min) (1 + cos(pi t / T_max)) / 2,
   flat at both ends and steepest in the middle. The self-check compares this
   with mlp_schedule_lr and with three values worked out by hand. */
static double cosine_lr(double base, double eta_min, long t, int T_max)
{
    const double pi = 3.14159265358979323846;
    /* BEGIN SOLUTION cosine-schedule: the cosine schedule's rate at epoch t:
       base at t = 0, down to eta_min at t = T_max along half a cosine */
    return eta_min + (base - eta_min) * (1 + cos(pi * (double)t / T_max)) / 2;
    /* END SOLUTION; stub: (void)eta_min, (void)t, (void)T_max, (void)pi; return base; */
}

/* Returns 1 if cosine_lr gives, with base 0.3, eta_min 0.003 and T_max 200:
   0.3 at t = 0 (cos 0 = 1), 0.1515 = (0.3 + 0.003) / 2 at t = 100 (cos pi/2
   = 0), 0.003 at t = 200 (cos pi = -1), and mlp_schedule_lr's value at every
   t from 0 to 200; else prints what differs and returns 0. A nonzero eta_min
   catches a formula that forgets it; t = 100 catches cos(2 pi t / T_max) and
   a missing 1/2; t = 0 catches (1 - cos). */
static int cosine_self_check(void)
{
    const double base = 0.3, eta_min = 0.003, tol = sizeof(mlp_real) == sizeof(float) ? 1e-6 : 1e-13;
    const long t_hand[3] = {0, 100, 200};
    const double by_hand[3] = {0.3, 0.1515, 0.003};
    mlp_schedule s = mlp_schedule_cosine(200, (mlp_real)eta_min);
    double mine[201], lib[201];
    long t;
    int k;
    course_selfcheck("cosine-schedule", "exercises/09_learning_rates.c, cosine_lr");
    for (k = 0; k < 3; k++) mine[k] = cosine_lr(base, eta_min, t_hand[k], 200);
    course_check_values("cosine_lr(0.3, 0.003, t, T_max = 200) at t = 0, 100, 200 vs by hand", "lr at t = (0, 100, 200)",
                        "cosine_lr", mine, "by hand", by_hand, 1, 3, 1e-13, NULL);
    for (t = 0; t <= 200; t++) {
        mine[t] = cosine_lr(base, eta_min, t, 200);
        lib[t] = (double)mlp_schedule_lr(&s, (mlp_real)base, t);
    }
    course_check_values("cosine_lr vs mlp_schedule_lr at every t from 0 to 200", "lr at t", "cosine_lr", mine,
                        "mlp_schedule_lr", lib, 1, 201, tol, NULL);
    return course_selfcheck_done();
}

/* ---- one training run ------------------------------------------------------ */

/* The data and the network of repetition `rep`: spirals and the initial
   weights drawn from one stream, which then shuffles the batches. Every run
   of a repetition (any optimizer, rate or schedule) sees the same points, the
   same initial weights and the same batch order. */
static void setup(int rep, unsigned long long seed, int hidden, mlp_rng *rng, mlp_mat *X, mlp_mat *labels,
                  mlp_mat *Y, mlp_net *net)
{
    int d;
    mlp_rng_seed(rng, seed * 1000 + (unsigned long long)rep);
    course_ok(mlp_toy_spirals(X, labels, N_POINTS, NOISE, rng), "mlp_toy_spirals");
    course_ok(mlp_one_hot(Y, labels, 2), "mlp_one_hot");
    course_ok(mlp_net_new(net, 2, MLP_CROSS_ENTROPY), "mlp_net_new");
    for (d = 0; d < DEPTH; d++) course_ok(mlp_net_add(net, hidden, MLP_RELU), "mlp_net_add");
    course_ok(mlp_net_add(net, 2, MLP_SOFTMAX), "mlp_net_add");
    course_ok(mlp_net_initialize(net, rng), "mlp_net_initialize");
}

/* Trains one run and fills loss[0 .. EPOCHS-1] with the training loss after
   each epoch: the cross-entropy over all N_POINTS points, measured with the
   weights at the end of the epoch. mlp_fit measures it for us when the
   training set is also passed as its "validation" set; patience 0 never
   stops early and restore_best 0 keeps the last weights, so this is plain
   training with a measurement after every epoch. If the loss of a batch
   becomes infinite or NaN, mlp_fit stops with MLP_ERR_DIVERGED: the epochs
   not run get NaN, and the return value is the epoch (1-based) that
   diverged, else 0. */
static int train(mlp_optim opt, const mlp_schedule *sched, int rep, unsigned long long seed, int hidden, double *loss,
                 long *n_params, double *dead)
{
    mlp_rng rng;
    mlp_mat X = {0}, labels = {0}, Y = {0};
    mlp_net net;
    mlp_real val[EPOCHS];
    mlp_fit_opts fo = mlp_fit_defaults();
    int e, status, diverged = 0;

    setup(rep, seed, hidden, &rng, &X, &labels, &Y, &net);
    if (n_params) *n_params = mlp_net_param_count(&net);
    fo.epochs = EPOCHS;
    fo.batch_size = BATCH;
    fo.X_val = &X; /* the training set, measured after each epoch */
    fo.Y_val = &Y;
    fo.patience = 0;
    fo.restore_best = 0;
    fo.schedule = sched;
    fo.val_loss = val;
    status = mlp_fit(&net, &opt, &X, &Y, &rng, &fo);
    if (status == MLP_ERR_DIVERGED) {
        diverged = fo.epochs_run + 1;
        mlp_clear_error();
    } else
        course_ok(status, "mlp_fit");
    for (e = 0; e < EPOCHS; e++) loss[e] = e < fo.epochs_run ? (double)val[e] : NAN;
    if (dead) {
        /* Dead ReLU units: z <= 0 for every training point, so they pass no
           gradient and can never recover. A forward pass over the whole
           training set, then mlp.h's count, layer by layer. */
        int l;
        if (!mlp_forward(&net, &X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        *dead = 0;
        for (l = 0; l < DEPTH; l++) *dead += (double)mlp_layer_statistics(&net.layers[l]).dead_fraction / DEPTH;
    }
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&labels), mlp_mat_free(&Y);
    return diverged;
}

/* The first epoch (1-based) whose loss is at or below TARGET; 0 if none. */
static int epochs_to_target(const double *loss)
{
    int e;
    for (e = 0; e < EPOCHS; e++)
        if (loss[e] <= TARGET) return e + 1;
    return 0;
}

/* Mean loss over the last TAIL epochs; +infinity if the run diverged. */
static double final_loss(const double *loss)
{
    double s = 0;
    int e;
    for (e = EPOCHS - TAIL; e < EPOCHS; e++) {
        if (!(loss[e] == loss[e]) || isinf(loss[e])) return INFINITY;
        s += loss[e];
    }
    return s / TAIL;
}

/* How much the loss jumps from one epoch to the next over the last WINDOW
   epochs: the root mean square of log10 L(e) - log10 L(e - 1). A scale-free
   measure: 0.3 means the loss moves by a factor of about 2 per epoch, on
   whatever level it has reached, and a steady decline contributes little
   (here: a decline by 10x over the whole window adds only 1 / WINDOW). */
static double fluctuation(const double *loss)
{
    double s = 0;
    int e;
    for (e = EPOCHS - WINDOW; e < EPOCHS; e++) {
        double d = log10(fmax(loss[e], 1e-300)) - log10(fmax(loss[e - 1], 1e-300));
        s += d * d;
    }
    return sqrt(s / WINDOW);
}

/* "1e-4", "3e-1", "1e0": a learning rate of the grid as a results.yaml key
   part (keys may not hold a dot). */
static void lr_tag(char *out, size_t n, double lr)
{
    int e = (int)floor(log10(lr) + 1e-9);
    snprintf(out, n, "%.0fe%d", lr / pow(10, e), e);
}

/* A number for the text: "never" for +infinity. */
static void put_epochs(const char *key, double epochs)
{
    if (isinf(epochs)) course_put(key, "never");
    else course_put(key, "%.0f", epochs);
}

static void put_loss(const char *key, double loss)
{
    if (isinf(loss)) course_put(key, "diverged");
    else if (loss >= 1e-3) course_put(key, "%.2g", loss);
    else course_put_sci(key, loss, 2);
}

int main(int argc, char **argv)
{
    static double curves[2][N_LR][EPOCHS];            /* repetition 0: the slide's figure */
    static double sched_curves[N_SCHED][EPOCHS];      /* repetition 0 of each schedule */
    double reach[2][N_LR][MAX_REPS], final[2][N_LR][MAX_REPS];
    double dead[2][N_LR][MAX_REPS], med_reach[2][N_LR], med_final[2][N_LR], med_dead[2][N_LR];
    int works[2][N_LR], n_reached[2][N_LR], n_diverged[2][N_LR];
    double fluct[N_SCHED][MAX_REPS], sched_final[N_SCHED][MAX_REPS], med_fluct[N_SCHED], med_sched_final[N_SCHED];
    double loss[EPOCHS];
    int lo[2], hi[2], count[2], contiguous[2];
    int reps, sched_reps, hidden, o, k, r, s, e, best_adam = 0, k_3e4 = 1, k_01 = 6, k_top = N_LR - 1;
    long n_params = 0;
    unsigned long long seed;
    mlp_schedule schedules[N_SCHED];
    char key[64], tag[16];
    FILE *f;

    course_start(argc, argv, "09_learning_rates", "lr");
    seed = course_seed(SEED);
    reps = course_pick(1, 3);
    sched_reps = course_pick(2, 5);
    hidden = course_pick(32, 64);

    /* ---- self-check (see cosine_self_check); MLP_CHECK_ONLY=1 stops after it ---- */
    if (!cosine_self_check()) return 1;
    if (course_check_only()) return 0;

    /* ---- the data of repetition 0, for the figure ---- */
    {
        mlp_rng rng;
        mlp_mat X = {0}, labels = {0}, Y = {0};
        mlp_net net;
        int i;
        setup(0, seed, hidden, &rng, &X, &labels, &Y, &net);
        f = course_open("data.tsv");
        fprintf(f, "# x1\tx2\tclass\n");
        for (i = 0; i < N_POINTS; i++)
            fprintf(f, "%.17g\t%.17g\t%d\n", (double)X.data[2 * i], (double)X.data[2 * i + 1], (int)labels.data[i]);
        course_close(f, "data.tsv");
        mlp_net_free(&net);
        mlp_mat_free(&X), mlp_mat_free(&labels), mlp_mat_free(&Y);
    }

    /* ---- the sweep: two optimizers, nine learning rates, `reps` repetitions ---- */
    for (o = 0; o < 2; o++)
        for (k = 0; k < N_LR; k++) {
            double reached_epochs[MAX_REPS];
            n_reached[o][k] = n_diverged[o][k] = 0;
            for (r = 0; r < reps; r++) {
                mlp_optim opt = o == 0 ? mlp_sgd((mlp_real)learning_rates[k]) : mlp_adam((mlp_real)learning_rates[k]);
                int div, first;
                course_progress("%s, lr %g, run %d of %d", opt_names[o], learning_rates[k], r + 1, reps);
                div = train(opt, NULL, r, seed, hidden, loss, &n_params, &dead[o][k][r]);
                n_diverged[o][k] += div > 0;
                first = epochs_to_target(loss);
                reach[o][k][r] = first ? first : INFINITY;
                reached_epochs[r] = reach[o][k][r];
                final[o][k][r] = final_loss(loss);
                n_reached[o][k] += final[o][k][r] <= TARGET;
                if (r == 0)
                    for (e = 0; e < EPOCHS; e++) curves[o][k][e] = loss[e];
            }
            med_reach[o][k] = course_median(reached_epochs, reps);
            med_final[o][k] = course_median(final[o][k], reps);
            med_dead[o][k] = course_median(dead[o][k], reps);
            /* A rate WORKS if more than half of its runs end below the target
               (their mean loss over the last TAIL epochs): reaching it once
               and bouncing back does not count. */
            works[o][k] = 2 * n_reached[o][k] > reps;
        }
    course_progress_done();

    /* The working window of each optimizer: its lowest and highest working
       rate, how many of the grid's rates work, and whether they are
       consecutive (no failing rate inside the window). */
    for (o = 0; o < 2; o++) {
        lo[o] = -1, hi[o] = -1, count[o] = 0;
        for (k = 0; k < N_LR; k++)
            if (works[o][k]) {
                if (lo[o] < 0) lo[o] = k;
                hi[o] = k;
                count[o]++;
            }
        contiguous[o] = count[o] > 0 && hi[o] - lo[o] + 1 == count[o];
    }
    for (k = 0; k < N_LR; k++) {
        if (med_reach[1][k] < med_reach[1][best_adam]) best_adam = k;
        if (fabs(learning_rates[k] - 3e-4) < 1e-12) k_3e4 = k;
        if (fabs(learning_rates[k] - 0.1) < 1e-12) k_01 = k;
    }

    /* ---- schedules: SGD at SCHED_LR, four ways ---- */
    schedules[0] = mlp_schedule_constant();
    schedules[1] = mlp_schedule_step(STEP_EVERY, (mlp_real)0.1);
    schedules[2] = mlp_schedule_cosine(EPOCHS, 0);
    /* cyclic: a triangle between the optimizer's rate (the trough, SCHED_LR / 10)
       and max_lr (the peak, SCHED_LR) */
    schedules[3] = mlp_schedule_cyclic((mlp_real)SCHED_LR, CYCLE_HALF);
    for (s = 0; s < N_SCHED; s++) {
        for (r = 0; r < sched_reps; r++) {
            mlp_optim opt = mlp_sgd((mlp_real)(s == 3 ? SCHED_LR / 10 : SCHED_LR));
            course_progress("schedule %s, run %d of %d", sched_names[s], r + 1, sched_reps);
            if (train(opt, &schedules[s], r, seed, hidden, loss, NULL, NULL))
                course_die("SGD with the %s schedule diverged (run %d): lower SCHED_LR", sched_names[s], r);
            fluct[s][r] = fluctuation(loss);
            sched_final[s][r] = final_loss(loss);
            if (r == 0)
                for (e = 0; e < EPOCHS; e++) sched_curves[s][e] = loss[e];
        }
        med_fluct[s] = course_median(fluct[s], sched_reps);
        med_sched_final[s] = course_median(sched_final[s], sched_reps);
    }
    course_progress_done();

    /* ---- data for the plots ---- */
    f = course_open("curves.tsv");
    fprintf(f, "# epoch");
    for (o = 0; o < 2; o++)
        for (k = 0; k < N_LR; k++) fprintf(f, "\t%s_lr_%g", opt_names[o], learning_rates[k]);
    fprintf(f, "\n");
    for (e = 0; e < EPOCHS; e++) {
        fprintf(f, "%d", e + 1);
        for (o = 0; o < 2; o++)
            for (k = 0; k < N_LR; k++)
                if (curves[o][k][e] == curves[o][k][e]) fprintf(f, "\t%.17g", curves[o][k][e]);
                else fprintf(f, "\tNaN"); /* diverged: gnuplot leaves a gap */
        fprintf(f, "\n");
    }
    course_close(f, "curves.tsv");

    /* One row per learning rate; NaN where a column does not apply, so that
       gnuplot draws the medians that exist and marks "never" on a ceiling. */
    f = course_open("sweep.tsv");
    fprintf(f, "# lr\tsgd_median_epochs\tsgd_never\tadam_median_epochs\tadam_never\tsgd_median_final\t"
               "adam_median_final\tsgd_works\tadam_works\tepochs (the budget)\n");
    for (k = 0; k < N_LR; k++) {
        fprintf(f, "%.17g", learning_rates[k]);
        for (o = 0; o < 2; o++) {
            if (isinf(med_reach[o][k])) fprintf(f, "\tNaN\t%d", EPOCHS);
            else fprintf(f, "\t%.17g\tNaN", med_reach[o][k]);
        }
        for (o = 0; o < 2; o++)
            if (isinf(med_final[o][k])) fprintf(f, "\tNaN");
            else fprintf(f, "\t%.17g", med_final[o][k]);
        fprintf(f, "\t%d\t%d\t%d\n", works[0][k], works[1][k], EPOCHS);
    }
    course_close(f, "sweep.tsv");

    f = course_open("schedules.tsv");
    fprintf(f, "# epoch");
    for (s = 0; s < N_SCHED; s++) fprintf(f, "\tlr_%s", sched_names[s]);
    for (s = 0; s < N_SCHED; s++) fprintf(f, "\tloss_%s", sched_names[s]);
    fprintf(f, "\n");
    for (e = 0; e < EPOCHS; e++) {
        fprintf(f, "%d", e + 1);
        for (s = 0; s < N_SCHED; s++) /* mlp_fit counts t from 0: epoch e + 1 trains at lr(t = e) */
            fprintf(f, "\t%.17g",
                    (double)mlp_schedule_lr(&schedules[s], (mlp_real)(s == 3 ? SCHED_LR / 10 : SCHED_LR), e));
        for (s = 0; s < N_SCHED; s++) fprintf(f, "\t%.17g", sched_curves[s][e]);
        fprintf(f, "\n");
    }
    course_close(f, "schedules.tsv");

    f = course_open("fluctuation.tsv");
    fprintf(f, "# schedule_index\tschedule\trep\tfluctuation\tfinal_loss\n");
    for (s = 0; s < N_SCHED; s++)
        for (r = 0; r < sched_reps; r++)
            fprintf(f, "%d\t%s\t%d\t%.17g\t%.17g\n", s, sched_names[s], r, fluct[s][r], sched_final[s][r]);
    course_close(f, "fluctuation.tsv");

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("n_points", "%d", N_POINTS);
    course_put("hidden", "%d", hidden);
    course_put("depth", "%d", DEPTH);
    course_put("n_params", "%ld", n_params);
    course_put("batch", "%d", BATCH);
    course_put("steps_per_epoch", "%d", (N_POINTS + BATCH - 1) / BATCH);
    course_put("epochs", "%d", EPOCHS);
    course_put("target", "%g", TARGET);
    course_put("tail", "%d", TAIL);
    course_put("reps", "%d", reps);
    course_put("sched_reps", "%d", sched_reps);
    course_put("sched_lr", "%g", SCHED_LR);
    course_put("cyclic_low", "%g", SCHED_LR / 10);
    course_put("step_every", "%d", STEP_EVERY);
    course_put("cycle_half", "%d", CYCLE_HALF);
    course_put("window", "%d", WINDOW);
    course_put("lr_min", "%g", learning_rates[0]);
    course_put("lr_max", "%g", learning_rates[N_LR - 1]);
    for (o = 0; o < 2; o++) {
        for (k = 0; k < N_LR; k++) {
            lr_tag(tag, sizeof tag, learning_rates[k]);
            snprintf(key, sizeof key, "%s_epochs_%s", opt_names[o], tag);
            put_epochs(key, med_reach[o][k]);
            snprintf(key, sizeof key, "%s_final_%s", opt_names[o], tag);
            put_loss(key, med_final[o][k]);
            snprintf(key, sizeof key, "%s_ok_%s", opt_names[o], tag);
            course_put(key, "%d of %d", n_reached[o][k], reps);
            snprintf(key, sizeof key, "%s_diverged_%s", opt_names[o], tag);
            course_put(key, "%d", n_diverged[o][k]);
            snprintf(key, sizeof key, "%s_dead_%s", opt_names[o], tag);
            course_put(key, "%.0f", 100 * med_dead[o][k]);
        }
        snprintf(key, sizeof key, "%s_window", opt_names[o]);
        if (count[o] == 0) course_put(key, "empty");
        else if (count[o] == 1) course_put(key, "%g only", learning_rates[lo[o]]);
        else course_put(key, "%g to %g", learning_rates[lo[o]], learning_rates[hi[o]]);
        snprintf(key, sizeof key, "%s_window_count", opt_names[o]);
        course_put(key, "%d", count[o]);
        snprintf(key, sizeof key, "%s_window_contiguous", opt_names[o]);
        course_put(key, "%s", contiguous[o] ? "yes" : "no");
    }
    if (count[0] > 0 && count[1] > 0) {
        course_put("shift_lo", "%.1f", log10(learning_rates[lo[0]] / learning_rates[lo[1]]));
        course_put("shift_hi", "%.1f", log10(learning_rates[hi[0]] / learning_rates[hi[1]]));
    } else {
        course_put("shift_lo", "undefined");
        course_put("shift_hi", "undefined");
    }
    for (o = 0; o < 2; o++) {
        double lowest = INFINITY;
        for (k = 0; k < N_LR; k++) lowest = fmin(lowest, med_final[o][k]);
        snprintf(key, sizeof key, "%s_lowest_final", opt_names[o]);
        put_loss(key, lowest);
    }
    course_put("adam_best_lr", "%g", learning_rates[best_adam]);
    put_epochs("adam_best_epochs", med_reach[1][best_adam]);
    for (s = 0; s < N_SCHED; s++) {
        snprintf(key, sizeof key, "fluct_%s", sched_names[s]);
        course_put(key, "%.2g", med_fluct[s]);
        snprintf(key, sizeof key, "final_%s", sched_names[s]);
        put_loss(key, med_sched_final[s]);
        snprintf(key, sizeof key, "fluct_ratio_%s", sched_names[s]);
        course_put(key, "%.2g", med_fluct[s] / med_fluct[0]);
    }

    printf("09_learning_rates: %d-layer ReLU network (%ld parameters), %d spiral points, %d epochs, target %g;\n"
           "  epochs to the target (median of %d runs; '-' never), and final loss:\n", DEPTH, n_params, N_POINTS,
           EPOCHS, TARGET, reps);
    printf("  %-8s %19s %19s\n", "lr", "SGD", "Adam");
    for (k = 0; k < N_LR; k++) {
        printf("  %-8g", learning_rates[k]);
        for (o = 0; o < 2; o++) {
            if (isinf(med_reach[o][k])) printf("   %5s", "-");
            else printf("   %5.0f", med_reach[o][k]);
            printf(" %7.2g%s %3.0f%%", med_final[o][k], works[o][k] ? "*" : " ", 100 * med_dead[o][k]);
        }
        printf("\n");
    }
    printf("  (* works: ends below the target; %% the hidden units dead at the end)\n  schedules (SGD, lr %g): fluctuation, final loss (median of %d)\n",
           SCHED_LR, sched_reps);
    for (s = 0; s < N_SCHED; s++) printf("  %-9s %8.3g %10.3g\n", sched_names[s], med_fluct[s], med_sched_final[s]);

    /* ---- claims ----
       Bounds from sh tools/seeds.sh 09_learning_rates 10, seeds 1-10, full
       mode (3 repetitions) and quick mode (1 repetition, 32 units), as
       min..max over the seeds:
         adam_window_wider     full 2..3, quick 2..3: "wider" is > 0;
         adam_window_lower     full 1..1, quick 0.48..1 (decades): > 0.4 is
                               one grid step (half a decade) lower at both ends;
         top_fails             full 2.5..6.1, quick 2.9..7.0 (times the
                               target): > 1.5, clearly above it;
         adam_3e4_not_special  full 14..20, quick 13..29: > 5;
         adam_kills_units_first  full 0.83..0.92, quick 0.73..0.93: > 0.5;
         step_calms            full 0.00026..0.00037, quick 0.00028..0.00075;
         cosine_calms          full 0.0097..0.023, quick 0.0074..0.025: both
                               < 0.1, "at least ten times calmer". */
    {
        double lower = 0, top, ratio_3e4, slow;
        if (count[0] > 0 && count[1] > 0)
            lower = fmin(log10(learning_rates[lo[0]] / learning_rates[lo[1]]),
                         log10(learning_rates[hi[0]] / learning_rates[hi[1]]));
        top = fmin(med_final[0][k_top], med_final[1][k_top]) / TARGET;
        /* "never" counts as EPOCHS + 1: the ratio is then a lower bound */
        slow = isinf(med_reach[1][k_3e4]) ? EPOCHS + 1 : med_reach[1][k_3e4];
        ratio_3e4 = slow / med_reach[1][best_adam];
        course_claim_above("adam_window_wider",
                           "Adam's working window holds more of the grid's learning rates than SGD's "
                           "(Adam's count minus SGD's)",
                           count[1] - count[0], 0);
        course_claim_above("adam_window_lower",
                           "Adam's window lies lower: both its lowest and its highest working rate are below SGD's "
                           "(the smaller of the two shifts, in decades)",
                           lower, 0.4);
        course_claim_above("top_fails",
                           "At the top of the range, lr = 1, neither optimizer ends below the target "
                           "(the lower of the two median final losses, in multiples of the target)",
                           top, 1.5);
        course_claim_above("adam_3e4_not_special",
                           "Adam at 3e-4 needs several times the epochs of its best rate to reach the target "
                           "(ratio of the medians; \"never\" counted as one more than the budget)",
                           ratio_3e4, 5);
        course_claim_above("adam_kills_units_first",
                           "At lr = 0.1, Adam has lost far more of its hidden units than SGD (share of dead units, "
                           "Adam's median minus SGD's)",
                           med_dead[1][k_01] - med_dead[0][k_01], 0.5);
        course_claim_below("step_calms",
                           "Step decay: the late fluctuation of the loss, over constant's (medians over runs)",
                           med_fluct[1] / med_fluct[0], 0.1);
        course_claim_below("cosine_calms",
                           "Cosine annealing: the late fluctuation of the loss, over constant's (medians over runs)",
                           med_fluct[2] / med_fluct[0], 0.1);
    }
    return course_end();
}
