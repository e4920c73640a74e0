/* test_train.c - regularization, dropout, clipping, schedules, early stopping
   and diagnostics, checked against hand computations (tests/test_reference.c
   checks the same features against PyTorch).

   Most tests use the smallest network there is: one identity unit,
   yhat = w x + b, with MSE, whose gradients are written here by hand:
       L = 1/N sum_i (w x_i + b - y_i)^2
       dL/dw = 2/N sum_i e_i x_i,  dL/db = 2/N sum_i e_i,   e_i = w x_i + b - y_i. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "harness.h"

static const int IS_FLOAT = sizeof(mlp_real) == sizeof(float);
static double tol(void) { return IS_FLOAT ? 2e-6 : 1e-14; }

static void set_rows(mlp_mat *m, int rows, int cols, const double *values)
{
    int k;
    mlp_mat_resize(m, rows, cols);
    for (k = 0; k < rows * cols; k++) m->data[k] = (mlp_real)values[k];
}

static void unit_net(mlp_net *net, double w, double b)
{
    mlp_net_new(net, 1, MLP_MSE);
    mlp_net_add(net, 1, MLP_IDENTITY);
    net->layers[0].W.data[0] = (mlp_real)w;
    net->layers[0].b.data[0] = (mlp_real)b;
}

/* hand gradient of the unit network over samples [from, to) */
static void unit_grad(double w, double b, const double *x, const double *y, int from, int to, double *gw, double *gb)
{
    int i;
    *gw = *gb = 0;
    for (i = from; i < to; i++) {
        double e = w * x[i] + b - y[i];
        *gw += 2 * e * x[i] / (to - from);
        *gb += 2 * e / (to - from);
    }
}

/* ======================================================================== */
/* penalties and clipping                                                   */

static void test_l1_and_elastic_net_step(void)
{
    mlp_net net;
    mlp_optim opt = mlp_sgd((mlp_real)0.1);
    int k;
    for (k = 0; k < 3; k++) {
        double w0 = k == 0 ? 0.5 : k == 1 ? -0.5 : 0.0, gw = 0.2, gb = -0.3;
        unit_net(&net, w0, 0.25);
        net.layers[0].dW.data[0] = (mlp_real)gw;
        net.layers[0].db.data[0] = (mlp_real)gb;
        opt = mlp_sgd((mlp_real)0.1);
        opt.l1 = (mlp_real)0.05;
        opt.weight_decay = (mlp_real)0.2; /* elastic net: both */
        mlp_step(&net, &opt);
        /* w <- w - lr (g + wd w + l1 sign(w)), sign(0) = 0; b: no penalty */
        CHECK_NEAR(w0 - 0.1 * (gw + 0.2 * w0 + 0.05 * (w0 > 0 ? 1 : w0 < 0 ? -1 : 0)), net.layers[0].W.data[0], tol());
        CHECK_NEAR(0.25 - 0.1 * gb, net.layers[0].b.data[0], tol());
        mlp_net_free(&net);
    }
    /* decay_bias: the penalties reach b too */
    unit_net(&net, 0.5, 0.25);
    opt = mlp_sgd((mlp_real)0.1);
    opt.l1 = (mlp_real)0.05;
    opt.decay_bias = 1;
    mlp_step(&net, &opt); /* zero gradient: only the penalty moves b */
    CHECK_NEAR(0.25 - 0.1 * 0.05, net.layers[0].b.data[0], tol());
    mlp_net_free(&net);
}

static void test_clip_norm(void)
{
    /* two layers' gradients with global norm sqrt(3^2 + 4^2 + 12^2) = 13 */
    mlp_net net;
    mlp_optim opt = mlp_sgd(1);
    mlp_net_new(&net, 1, MLP_MSE);
    mlp_net_add(&net, 1, MLP_IDENTITY);
    mlp_net_add(&net, 1, MLP_IDENTITY);
    net.layers[0].dW.data[0] = 3;
    net.layers[0].db.data[0] = 4;
    net.layers[1].dW.data[0] = 12;
    net.layers[1].db.data[0] = 0;
    CHECK_NEAR(13.0, mlp_net_grad_norm(&net), tol());
    opt.clip_norm = (mlp_real)6.5; /* scale 6.5 / (13 + 1e-6) */
    mlp_step(&net, &opt);
    CHECK_NEAR(-3 * 6.5 / (13 + 1e-6), net.layers[0].W.data[0], tol());
    CHECK_NEAR(-12 * 6.5 / (13 + 1e-6), net.layers[1].W.data[0], tol());
    CHECK_NEAR(6.5, mlp_net_grad_norm(&net), 1e-5); /* the clipped gradient stays */
    mlp_net_free(&net);
    /* below the threshold nothing changes */
    unit_net(&net, 0, 0);
    net.layers[0].dW.data[0] = 1;
    opt.clip_norm = 5;
    mlp_step(&net, &opt);
    CHECK_NEAR(-1.0, net.layers[0].W.data[0], tol());
    mlp_net_free(&net);
}

/* ======================================================================== */
/* dropout                                                                  */

static void dropout_net(mlp_net *net, mlp_rng *rng, mlp_real p)
{
    mlp_net_new(net, 4, MLP_MSE);
    mlp_net_add(net, 200, MLP_TANH);
    mlp_net_add(net, 2, MLP_IDENTITY);
    net->layers[0].dropout = p;
    mlp_net_initialize(net, rng);
}

static void test_dropout_mask(void)
{
    /* p = 0.25: about 3/4 kept, each kept value scaled by 4/3; the mean of
       D equals the mean of A in expectation. 64 x 200 = 12800 draws: the
       kept fraction has standard deviation 0.004. */
    mlp_rng rng;
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL};
    size_t k, n;
    int kept = 0, ok_values = 1;
    mlp_rng_seed(&rng, 10);
    dropout_net(&net, &rng, (mlp_real)0.25);
    mlp_mat_init(&X, 64, 4);
    for (k = 0; k < 256; k++) X.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    mlp_forward(&net, &X);
    CHECK_INT(1, net.dropout_on);
    CHECK(net.layers[1].X == &net.layers[0].D); /* the next layer reads the dropped output */
    n = (size_t)64 * 200;
    for (k = 0; k < n; k++) {
        mlp_real m = net.layers[0].M.data[k];
        if (m != 0) kept++;
        if (!(m == 0 || fabs((double)m - 4.0 / 3) < 1e-6)) ok_values = 0;
        if (fabs((double)(net.layers[0].D.data[k] - net.layers[0].A.data[k] * m)) > 1e-12) ok_values = 0;
    }
    CHECK(ok_values);
    CHECK_NEAR(0.75, (double)kept / n, 0.02);
    /* evaluation mode: no dropout, and predictions are deterministic */
    {
        mlp_mat P1 = {0, 0, 0, NULL}, P2 = {0, 0, 0, NULL};
        mlp_predict(&net, &X, &P1);
        CHECK_INT(0, net.dropout_on);
        CHECK(net.layers[1].X == &net.layers[0].A);
        mlp_predict(&net, &X, &P2);
        CHECK(memcmp(P1.data, P2.data, sizeof(mlp_real) * 128) == 0);
        CHECK_INT(1, net.training); /* restored */
        mlp_mat_free(&P1);
        mlp_mat_free(&P2);
    }
    mlp_mat_free(&X);
    mlp_net_free(&net);
}

static void test_dropout_gradient(void)
{
    /* With the masks frozen, the gradient check holds through dropout. */
    mlp_rng rng;
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    mlp_gradcheck w;
    double err;
    int k;
    mlp_rng_seed(&rng, 12);
    mlp_net_new(&net, 3, MLP_MSE);
    mlp_net_add(&net, 6, MLP_TANH);
    mlp_net_add(&net, 5, MLP_SIGMOID);
    mlp_net_add(&net, 2, MLP_IDENTITY);
    net.layers[0].dropout = (mlp_real)0.5;
    net.layers[1].dropout = (mlp_real)0.2;
    mlp_net_initialize(&net, &rng);
    mlp_mat_init(&X, 4, 3);
    mlp_mat_init(&Y, 4, 2);
    for (k = 0; k < 12; k++) X.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    for (k = 0; k < 8; k++) Y.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    err = mlp_grad_check(&net, &X, &Y, 0, &w);
    CHECK_NEAR(0.0, err, IS_FLOAT ? 2e-2 : 1e-6);
    CHECK_INT(1, net.dropout_on);
    CHECK_INT(0, net.keep_masks); /* restored */
    /* a dropped unit passes no gradient: where M = 0 in every row, the
       corresponding column of layer 0's dZ is 0 */
    {
        int i, j, cols_checked = 0;
        for (j = 0; j < 6; j++) {
            int all_dropped = 1;
            for (i = 0; i < 4; i++) all_dropped &= net.layers[0].M.data[i * 6 + j] == 0;
            if (!all_dropped) continue;
            cols_checked++;
            for (i = 0; i < 4; i++) CHECK_NEAR(0.0, net.layers[0].dZ.data[i * 6 + j], 0);
        }
        (void)cols_checked;
    }
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_net_free(&net);
}

/* ======================================================================== */
/* schedules, by hand                                                       */

static void test_schedules(void)
{
    const double pi = 3.14159265358979323846;
    mlp_schedule s;
    double t_ = IS_FLOAT ? 1e-7 : 1e-15;
    s = mlp_schedule_constant();
    CHECK_NEAR(0.1, mlp_schedule_lr(&s, (mlp_real)0.1, 50), t_);
    s = mlp_schedule_step(3, (mlp_real)0.5); /* 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025 */
    CHECK_NEAR(0.1, mlp_schedule_lr(&s, (mlp_real)0.1, 2), t_);
    CHECK_NEAR(0.05, mlp_schedule_lr(&s, (mlp_real)0.1, 3), t_);
    CHECK_NEAR(0.025, mlp_schedule_lr(&s, (mlp_real)0.1, 6), t_);
    s = mlp_schedule_exponential((mlp_real)0.9);
    CHECK_NEAR(0.1 * 0.9 * 0.9 * 0.9, mlp_schedule_lr(&s, (mlp_real)0.1, 3), t_);
    s = mlp_schedule_cosine(10, (mlp_real)0.001);
    CHECK_NEAR(0.1, mlp_schedule_lr(&s, (mlp_real)0.1, 0), t_);
    CHECK_NEAR(0.001 + (0.1 - 0.001) / 2, mlp_schedule_lr(&s, (mlp_real)0.1, 5), t_);
    CHECK_NEAR(0.001, mlp_schedule_lr(&s, (mlp_real)0.1, 10), t_);
    CHECK_NEAR(0.001 + 0.099 * (1 + cos(pi * 0.3)) / 2, mlp_schedule_lr(&s, (mlp_real)0.1, 3), t_);
    /* triangle from 0.01 up to 0.1 in 4 steps, down in 4: 0.01, 0.0325, ..., 0.1 at t = 4, 0.01 at t = 8 */
    s = mlp_schedule_cyclic((mlp_real)0.1, 4);
    CHECK_NEAR(0.01, mlp_schedule_lr(&s, (mlp_real)0.01, 0), t_);
    CHECK_NEAR(0.01 + 0.09 / 4, mlp_schedule_lr(&s, (mlp_real)0.01, 1), t_);
    CHECK_NEAR(0.1, mlp_schedule_lr(&s, (mlp_real)0.01, 4), t_);
    CHECK_NEAR(0.01 + 0.09 * 3 / 4, mlp_schedule_lr(&s, (mlp_real)0.01, 5), t_);
    CHECK_NEAR(0.01, mlp_schedule_lr(&s, (mlp_real)0.01, 8), t_);
    CHECK_NEAR(0.1, mlp_schedule_lr(&s, (mlp_real)0.01, 12), t_);
    /* warm-up of 4 epochs from 1/4: 0.025, 0.04375, 0.0625, 0.08125, then the
       cosine from its start */
    s = mlp_schedule_cosine(10, 0);
    s.warmup = 4;
    s.warmup_start = (mlp_real)0.25;
    CHECK_NEAR(0.025, mlp_schedule_lr(&s, (mlp_real)0.1, 0), t_);
    CHECK_NEAR(0.1 * (0.25 + 0.75 * 3 / 4), mlp_schedule_lr(&s, (mlp_real)0.1, 3), t_);
    CHECK_NEAR(0.1, mlp_schedule_lr(&s, (mlp_real)0.1, 4), t_);
    CHECK_NEAR(0.05, mlp_schedule_lr(&s, (mlp_real)0.1, 9), t_);
}

/* ======================================================================== */
/* mlp_fit: histories, schedule, early stopping                             */

/* Training data y = 2x; validation data y = -2x: the more the unit network
   learns, the worse it does on validation, so the best validation epoch
   is the first and patience decides when it stops. */
static void test_fit_early_stopping(void)
{
    const double x[4] = {-1, -0.5, 0.5, 1}, y[4] = {-2, -1, 1, 2}, yv[4] = {2, 1, -1, -2};
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, Yv = {0, 0, 0, NULL};
    mlp_optim opt = mlp_sgd((mlp_real)0.1);
    mlp_fit_opts o = mlp_fit_defaults();
    mlp_real train_hist[50], val_hist[50], w_after_1 = 0, check;
    int e;
    set_rows(&X, 4, 1, x);
    set_rows(&Y, 4, 1, y);
    set_rows(&Yv, 4, 1, yv);
    CHECK_INT(100, o.epochs);
    CHECK_INT(32, o.batch_size);
    CHECK_INT(1, o.restore_best);
    /* the weight after one full-batch epoch, by hand: w = 0, b = 0:
       dL/dw = 2/4 sum (0 - y_i) x_i = -2.5, so w1 = 0.25 */
    unit_net(&net, 0, 0);
    o.epochs = 50;
    o.batch_size = 4;
    o.X_val = &X;
    o.Y_val = &Yv;
    o.patience = 3;
    o.train_loss = train_hist;
    o.val_loss = val_hist;
    CHECK_INT(MLP_OK, mlp_fit(&net, &opt, &X, &Y, NULL, &o));
    CHECK_INT(1, o.best_epoch);
    CHECK_INT(4, o.epochs_run); /* epochs 2, 3, 4 without improvement */
    CHECK_INT(1, o.stopped_early);
    /* training loss decreases, validation loss increases */
    for (e = 1; e < 4; e++) {
        CHECK(train_hist[e] < train_hist[e - 1]);
        CHECK(val_hist[e] > val_hist[e - 1]);
    }
    /* the weights of epoch 1 were restored */
    w_after_1 = (mlp_real)0.25;
    CHECK_NEAR(w_after_1, net.layers[0].W.data[0], tol());
    CHECK_NEAR(0.0, net.layers[0].b.data[0], tol());
    mlp_evaluate(&net, &X, &Yv, &check);
    CHECK_NEAR(val_hist[0], check, tol());
    CHECK_NEAR(o.best_val_loss, check, tol());
    /* validation loss of w = 0.25 by hand: mean (0.25 x + 2 x)^2 = 2.25^2 * 0.625 */
    CHECK_NEAR(2.25 * 2.25 * 0.625, val_hist[0], tol());
    mlp_net_free(&net);

    /* without patience: all epochs run, still the best weights at the end */
    unit_net(&net, 0, 0);
    o = mlp_fit_defaults();
    o.epochs = 10;
    o.batch_size = 4;
    o.X_val = &X;
    o.Y_val = &Yv;
    CHECK_INT(MLP_OK, mlp_fit(&net, &opt, &X, &Y, NULL, &o));
    CHECK_INT(10, o.epochs_run);
    CHECK_INT(0, o.stopped_early);
    CHECK_NEAR(0.25, net.layers[0].W.data[0], tol());
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_mat_free(&Yv);
}

static void test_fit_schedule_and_log(void)
{
    const double x[4] = {-1, -0.5, 0.5, 1}, y[4] = {-2, -1, 1, 2};
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    mlp_optim opt = mlp_sgd((mlp_real)0.1);
    mlp_fit_opts o = mlp_fit_defaults();
    mlp_schedule s = mlp_schedule_step(1, (mlp_real)0.5); /* 0.1, then 0.05 */
    FILE *log = tmpfile();
    char text[512];
    size_t n;
    set_rows(&X, 4, 1, x);
    set_rows(&Y, 4, 1, y);
    unit_net(&net, 0, 0);
    o.epochs = 2;
    o.batch_size = 4;
    o.schedule = &s;
    o.log = log;
    CHECK_INT(MLP_OK, mlp_fit(&net, &opt, &X, &Y, NULL, &o));
    /* by hand: w1 = 0.25 (lr 0.1, gradient -2.5); epoch 2 gradient
       2/4 sum (w1 x - 2x) x = (0.25 - 2) * 1.25 = -2.1875, lr 0.05 */
    CHECK_NEAR(0.25 + 0.05 * 2.1875, net.layers[0].W.data[0], tol());
    CHECK(opt.lr == (mlp_real)0.1); /* the base rate is given back, exactly */
    CHECK_INT(0, o.best_epoch); /* no validation set */
    if (CHECK(log != NULL)) {
        rewind(log);
        n = fread(text, 1, sizeof text - 1, log);
        text[n] = '\0';
        fclose(log);
        CHECK(strstr(text, "epoch    1  lr 0.1") != NULL);
        CHECK(strstr(text, "epoch    2  lr 0.05") != NULL);
    }
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

/* ======================================================================== */
/* diagnostics                                                              */

static void test_gradient_noise_by_hand(void)
{
    /* N = 5 samples, batches of 2 in order: {0,1}, {2,3}, {4} */
    const double x[5] = {1, -2, 0.5, 3, -1}, y[5] = {0.3, 1, -1, 2, 0};
    const double w = 0.4, b = -0.2;
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    mlp_real g2 = 0, var = 0;
    double gw, gb, bw, bb, expect_var = 0;
    int k;
    set_rows(&X, 5, 1, x);
    set_rows(&Y, 5, 1, y);
    unit_net(&net, w, b);
    CHECK_INT(MLP_OK, mlp_gradient_noise(&net, &X, &Y, 2, NULL, &g2, &var));
    unit_grad(w, b, x, y, 0, 5, &gw, &gb);
    CHECK_NEAR(gw * gw + gb * gb, g2, tol());
    for (k = 0; k < 5; k += 2) {
        unit_grad(w, b, x, y, k, k + 2 < 5 ? k + 2 : 5, &bw, &bb);
        expect_var += ((bw - gw) * (bw - gw) + (bb - gb) * (bb - gb)) / 3;
    }
    CHECK_NEAR(expect_var, var, tol() * 10);
    CHECK_NEAR(gw, net.layers[0].dW.data[0], tol()); /* grad J left in dW */
    /* one batch of everything: no variance */
    CHECK_INT(MLP_OK, mlp_gradient_noise(&net, &X, &Y, 5, NULL, &g2, &var));
    CHECK_NEAR(0.0, var, tol());
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

static void test_layer_statistics(void)
{
    /* ReLU layer with 3 units over 2 samples; z by hand:
       unit 0: w = 1, b = -10 -> z = x - 10 < 0 for both: dead
       unit 1: w = 1, b = 0   -> z = x: alive on the positive sample
       unit 2: w = -1, b = -5 -> z = -x - 5 < 0 for both: dead */
    const double x[2] = {2, -3};
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL};
    mlp_layer_stats st;
    set_rows(&X, 2, 1, x);
    mlp_net_new(&net, 1, MLP_MSE);
    mlp_net_add(&net, 3, MLP_RELU);
    mlp_net_add(&net, 1, MLP_IDENTITY);
    net.layers[0].W.data[0] = 1;
    net.layers[0].W.data[1] = 1;
    net.layers[0].W.data[2] = -1;
    net.layers[0].b.data[0] = -10;
    net.layers[0].b.data[2] = -5;
    net.layers[0].dW.data[0] = 3;
    net.layers[0].dW.data[1] = 4;
    mlp_forward(&net, &X);
    st = mlp_layer_statistics(&net.layers[0]);
    CHECK_NEAR(2.0 / 3, st.dead_fraction, tol());
    /* A = [0 2 0; 0 0 0]: mean 2/6, variance 4/6 - (2/6)^2 */
    CHECK_NEAR(2.0 / 6, st.a_mean, tol());
    CHECK_NEAR(4.0 / 6 - 1.0 / 9, st.a_var, tol());
    CHECK_NEAR(sqrt(3.0), st.w_norm, tol());
    CHECK_NEAR(5.0, st.dw_norm, tol());
    st = mlp_layer_statistics(&net.layers[1]);
    CHECK_NEAR(0.0, st.dead_fraction, 0); /* not a ReLU layer */
    mlp_net_free(&net);
    mlp_mat_free(&X);
}

static void test_check_finite(void)
{
    mlp_net net;
    mlp_net_new(&net, 2, MLP_MSE);
    mlp_net_add(&net, 3, MLP_TANH);
    mlp_net_add(&net, 4, MLP_IDENTITY);
    CHECK_INT(MLP_OK, mlp_net_check_finite(&net));
    net.layers[1].dW.data[2 * 4 + 1] = (mlp_real)NAN;
    CHECK_INT(MLP_ERR_DIVERGED, mlp_net_check_finite(&net));
    CHECK(strstr(mlp_last_error(), "layer 1: dW[2][1] is NaN") != NULL);
    net.layers[1].dW.data[9] = 0;
    net.layers[0].b.data[1] = (mlp_real)-INFINITY;
    CHECK_INT(MLP_ERR_DIVERGED, mlp_net_check_finite(&net));
    CHECK(strstr(mlp_last_error(), "layer 0: b[0][1] is infinite") != NULL);
    mlp_net_free(&net);
}

/* ======================================================================== */
/* bad values never pass as success                                         */

enum { IN_X, IN_Y, IN_X_VAL, IN_Y_VAL };
enum { AT_TRAIN, AT_EVALUATE, AT_FIT, AT_PREDICT, AT_GRAD_CHECK, AT_GRADIENT_NOISE };

/* One NaN or infinity in the data given to one entry point: it returns
   MLP_ERR_DATA (mlp_grad_check: +inf) naming the function, the matrix and
   the element, trains nothing, and writes no result. */
static void test_bad_values_refused_at_every_entry_point(void)
{
    static const struct {
        int where, at, row;
        double value;
        const char *message;
    } cases[] = {
        {IN_X, AT_TRAIN, 2, NAN, "mlp_train_epoch: X[2][0] is NaN"},
        {IN_Y, AT_TRAIN, 3, HUGE_VAL, "mlp_train_epoch: Y[3][0] is infinite"},
        {IN_X, AT_EVALUATE, 0, -HUGE_VAL, "mlp_evaluate: X[0][0] is infinite"},
        {IN_Y, AT_EVALUATE, 1, NAN, "mlp_evaluate: Y[1][0] is NaN"},
        {IN_X, AT_FIT, 1, NAN, "mlp_fit: X[1][0] is NaN"},
        {IN_Y, AT_FIT, 2, HUGE_VAL, "mlp_fit: Y[2][0] is infinite"},
        {IN_X_VAL, AT_FIT, 3, NAN, "mlp_fit (validation set): X[3][0] is NaN"},
        {IN_Y_VAL, AT_FIT, 0, NAN, "mlp_fit (validation set): Y[0][0] is NaN"},
        {IN_Y_VAL, AT_FIT, 2, -HUGE_VAL, "mlp_fit (validation set): Y[2][0] is infinite"},
        {IN_X, AT_PREDICT, 1, NAN, "mlp_predict: X[1][0] is NaN"},
        {IN_X, AT_GRAD_CHECK, 0, HUGE_VAL, "mlp_grad_check: X[0][0] is infinite"},
        {IN_Y, AT_GRAD_CHECK, 1, NAN, "mlp_grad_check: Y[1][0] is NaN"},
        {IN_X, AT_GRADIENT_NOISE, 2, NAN, "mlp_gradient_noise: X[2][0] is NaN"},
        {IN_Y, AT_GRADIENT_NOISE, 3, HUGE_VAL, "mlp_gradient_noise: Y[3][0] is infinite"},
    };
    const double x[4] = {-1, -0.5, 0.5, 1}, y[4] = {-2, -1, 1, 2};
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_net net;
        mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, Xv = {0, 0, 0, NULL}, Yv = {0, 0, 0, NULL}, P = {0, 0, 0, NULL};
        mlp_mat *bad;
        mlp_optim opt = mlp_sgd((mlp_real)0.1);
        mlp_fit_opts o = mlp_fit_defaults();
        mlp_real out = (mlp_real)12345, g2 = (mlp_real)12345, var = (mlp_real)12345;
        int status;
        unit_net(&net, 0.5, 0.25);
        set_rows(&X, 4, 1, x);
        set_rows(&Y, 4, 1, y);
        set_rows(&Xv, 4, 1, x);
        set_rows(&Yv, 4, 1, y);
        bad = cases[k].where == IN_X ? &X : cases[k].where == IN_Y ? &Y : cases[k].where == IN_X_VAL ? &Xv : &Yv;
        bad->data[cases[k].row] = (mlp_real)cases[k].value;
        o.epochs = 5;
        o.batch_size = 2;
        o.X_val = &Xv;
        o.Y_val = &Yv;
        o.patience = 1;
        mlp_clear_error();
        switch (cases[k].at) {
        case AT_TRAIN: status = mlp_train_epoch(&net, &opt, &X, &Y, 2, NULL, &out); break;
        case AT_EVALUATE: status = mlp_evaluate(&net, &X, &Y, &out); break;
        case AT_FIT: status = mlp_fit(&net, &opt, &X, &Y, NULL, &o); break;
        case AT_PREDICT: status = mlp_predict(&net, &X, &P); break;
        case AT_GRAD_CHECK:
            out = mlp_grad_check(&net, &X, &Y, 0, NULL);
            status = out == (mlp_real)HUGE_VAL ? MLP_ERR_DATA : MLP_OK;
            out = (mlp_real)12345;
            break;
        default: status = mlp_gradient_noise(&net, &X, &Y, 2, NULL, &g2, &var); break;
        }
        if (!CHECK_INT(MLP_ERR_DATA, status) || !CHECK(strstr(mlp_last_error(), cases[k].message) != NULL))
            fprintf(stderr, "    case %d\n    message: %s\n    wanted:  %s\n", (int)k, mlp_last_error(), cases[k].message);
        /* nothing trained, nothing written */
        CHECK(net.layers[0].W.data[0] == (mlp_real)0.5 && net.layers[0].b.data[0] == (mlp_real)0.25);
        CHECK(out == (mlp_real)12345 && g2 == (mlp_real)12345 && var == (mlp_real)12345);
        CHECK(P.rows == 0 && opt.t == 0);
        CHECK(o.epochs_run == 0 && o.best_epoch == 0 && o.stopped_early == 0);
        mlp_net_free(&net);
        mlp_mat_free(&X);
        mlp_mat_free(&Y);
        mlp_mat_free(&Xv);
        mlp_mat_free(&Yv);
        mlp_mat_free(&P);
    }
}

/* A network whose outputs overflow on finite data (it has diverged): its
   loss is not a result. mlp_evaluate says MLP_ERR_DIVERGED and writes no
   loss; mlp_fit stops with it when the validation loss overflows, without
   claiming a best epoch. By hand: w x with w = 0.1 * the largest number and
   x = 100 is beyond it. */
static void test_diverged_network_is_not_a_result(void)
{
    const double big = IS_FLOAT ? 3.4e37 : 1.7e307;
    const double x[4] = {-1, -0.5, 0.5, 1}, y[4] = {-2, -1, 1, 2}, xv[2] = {100, 50}, yv[2] = {1, 2};
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, Xv = {0, 0, 0, NULL}, Yv = {0, 0, 0, NULL};
    mlp_optim opt = mlp_sgd((mlp_real)0.1);
    mlp_fit_opts o = mlp_fit_defaults();
    mlp_real L = (mlp_real)12345;
    set_rows(&X, 4, 1, x);
    set_rows(&Y, 4, 1, y);
    set_rows(&Xv, 2, 1, xv);
    set_rows(&Yv, 2, 1, yv);
    unit_net(&net, big, 0);
    CHECK_INT(MLP_ERR_DIVERGED, mlp_evaluate(&net, &Xv, &Yv, &L));
    CHECK(strstr(mlp_last_error(), "mlp_evaluate: the loss is infinite on the samples 0..1") != NULL);
    CHECK(L == (mlp_real)12345);
    mlp_net_free(&net);
    /* fit: training is fine (small x), validation overflows (x up to 1e20 or 1e200) */
    Xv.data[0] = (mlp_real)(IS_FLOAT ? 1e20 : 1e200);
    unit_net(&net, 0, 0);
    o.epochs = 5;
    o.batch_size = 4;
    o.X_val = &Xv;
    o.Y_val = &Yv;
    CHECK_INT(MLP_ERR_DIVERGED, mlp_fit(&net, &opt, &X, &Y, NULL, &o));
    CHECK(strstr(mlp_last_error(), "mlp_evaluate: the loss is infinite") != NULL);
    CHECK_INT(0, o.best_epoch);
    CHECK_INT(0, o.stopped_early);
    CHECK_INT(0, o.epochs_run);
    mlp_net_free(&net);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_mat_free(&Xv);
    mlp_mat_free(&Yv);
}

/* Optimizers at the edge of their ranges still step to finite weights: by
   hand, Adam's first step moves each weight by lr (m_hat / sqrt(v_hat) = sign g)
   for any beta1, beta2 in [0, 1), even 0 and 0.999999; RMSProp with alpha 0
   divides g by |g| + eps. */
static void test_optimizer_edges_in_range(void)
{
    static const double betas[4][2] = {{0, 0}, {0.999999, 0.999999}, {0, 0.999999}, {0.9, 0}};
    const double x[2] = {1, 2}, y[2] = {3, 5};
    int k;
    for (k = 0; k < 5; k++) {
        mlp_net net;
        mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
        mlp_optim opt;
        double gw, gb, step_w, step_b;
        unit_net(&net, 0.5, 0);
        set_rows(&X, 2, 1, x);
        set_rows(&Y, 2, 1, y);
        unit_grad(0.5, 0, x, y, 0, 2, &gw, &gb);
        if (k < 4) {
            opt = mlp_adam((mlp_real)0.125);
            opt.beta1 = (mlp_real)betas[k][0];
            opt.beta2 = (mlp_real)betas[k][1];
            opt.eps = (mlp_real)1e-30;
            step_w = 0.125 * (gw > 0 ? 1 : -1);
            step_b = 0.125 * (gb > 0 ? 1 : -1);
        } else {
            opt = mlp_rmsprop((mlp_real)0.125);
            opt.alpha = 0; /* v = g^2: the step is lr g / (|g| + eps) */
            opt.eps = (mlp_real)1e-30;
            step_w = 0.125 * (gw > 0 ? 1 : -1);
            step_b = 0.125 * (gb > 0 ? 1 : -1);
        }
        CHECK_INT(MLP_OK, mlp_train_epoch(&net, &opt, &X, &Y, 2, NULL, NULL));
        CHECK_NEAR(0.5 - step_w, net.layers[0].W.data[0], IS_FLOAT ? 1e-6 : 1e-12);
        CHECK_NEAR(0.0 - step_b, net.layers[0].b.data[0], IS_FLOAT ? 1e-6 : 1e-12);
        mlp_net_free(&net);
        mlp_mat_free(&X);
        mlp_mat_free(&Y);
    }
}

int main(int argc, char **argv)
{
    static const test_case tests[] = {
        {"l1_and_elastic_net_step", test_l1_and_elastic_net_step},
        {"clip_norm", test_clip_norm},
        {"dropout_mask", test_dropout_mask},
        {"dropout_gradient", test_dropout_gradient},
        {"schedules", test_schedules},
        {"fit_early_stopping", test_fit_early_stopping},
        {"fit_schedule_and_log", test_fit_schedule_and_log},
        {"gradient_noise_by_hand", test_gradient_noise_by_hand},
        {"layer_statistics", test_layer_statistics},
        {"check_finite", test_check_finite},
        {"bad_values_refused_at_every_entry_point", test_bad_values_refused_at_every_entry_point},
        {"diverged_network_is_not_a_result", test_diverged_network_is_not_a_result},
        {"optimizer_edges_in_range", test_optimizer_edges_in_range},
    };
    printf("test_train (%s)\n", IS_FLOAT ? "float" : "double");
    return run_tests(argc, argv, tests, (int)(sizeof tests / sizeof tests[0]));
}
