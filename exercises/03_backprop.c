/* exercises/03_backprop.c: backprop by hand, checked.

   What it shows: a network with one tanh hidden layer and a softmax output,
   trained on cross-entropy, learns to separate three interleaved spiral arms
   in the plane. Before training, the gradient that the report derives on
   paper, dW2 = H^T (Yhat - Y) / B for the output layer and the tanh backward
   dZ1 = (dZ2 W2^T) * (1 - H * H) for the hidden layer, is computed here with
   plain loops straight from the formulas and compared with mlp_backward;
   then mlp_grad_check compares mlp_backward with finite differences. The
   training curves and the decision boundary come last.

   mlp.h functions: mlp_rng_seed, mlp_rng_uniform, mlp_rng_normal,
   mlp_rng_permutation, mlp_mat_init, mlp_mat_free, mlp_mat_view,
   mlp_net_new, mlp_net_add, mlp_net_initialize, mlp_net_param_count,
   mlp_forward, mlp_zero_grad, mlp_backward, mlp_grad_check, mlp_sgd,
   mlp_train_epoch, mlp_evaluate, mlp_predict, mlp_argmax, mlp_accuracy,
   mlp_last_error.

   Feeds reports/03_backprop.md. Run as `03_backprop OUTDIR`: writes
   data.tsv, curves.tsv, grid.tsv and results.yaml into OUTDIR. With
   MLP_QUICK=1 in the environment it uses fewer points and epochs. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SEED 20240501ULL
#define N_CLASSES 3
#define HIDDEN 24
#define BATCH 32
#define LR 0.1
#define MOMENTUM 0.9
#define CHECK_BATCH 32 /* samples in the batch used for the gradient checks */
#define ARM_TURN 4.5     /* radians an arm turns from its start to its end */
#define ARM_NOISE 0.3    /* standard deviation of the angle around the arm */
#define GRID_LO (-1.3)
#define GRID_HI 1.3

static const double PI = 3.14159265358979323846;
/* Three spiral arms around the origin, one per class. Along an arm the
   radius grows from 0.15 to 1 while the angle turns by ARM_TURN; the
   angle gets Gaussian noise, so neighbouring arms overlap a little. Row n of
   X is a point, row n of Y its one-hot class, label[n] the class number. */
static void make_spirals(mlp_rng *rng, int per_class, mlp_mat *X, mlp_mat *Y, int *label)
{
    int c, k, n = 0;
    for (c = 0; c < N_CLASSES; c++)
        for (k = 0; k < per_class; k++, n++) {
            double t = mlp_rng_uniform(rng);
            double r = 0.15 + 0.85 * t;
            double theta = c * 2 * PI / N_CLASSES + ARM_TURN * t + mlp_rng_normal(rng, 0, ARM_NOISE);
            X->data[2 * n] = (mlp_real)(r * cos(theta));
            X->data[2 * n + 1] = (mlp_real)(r * sin(theta));
            Y->data[N_CLASSES * n + c] = 1;
            label[n] = c;
        }
}

/* Percentage of rows of X whose most probable class is the class of their
   one-hot row of Y. */
static double accuracy(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_mat *P)
{
    course_ok(mlp_predict(net, X, P), "mlp_predict");
    return 100 * (double)mlp_accuracy(P, Y);
}

static double max_abs_diff(const mlp_real *a, const mlp_real *b, size_t n)
{
    double worst = 0;
    size_t k;
    for (k = 0; k < n; k++) {
        double d = fabs((double)a[k] - (double)b[k]);
        if (d > worst) worst = d;
    }
    return worst;
}

/* The report's derivation, as loops. After mlp_forward on the batch (X, Y),
   recompute every gradient from the cached H = A1 and Yhat = A2 with the
   formulas of the report. With forget_tanh = 1 the factor (1 - H * H) of the
   tanh backward is left out, a classic slip, to see whether the checks catch
   it. Returns the largest difference from the gradients mlp_backward left in
   dW and db; dW1 receives the hidden layer's weight gradient. */
static double gradients_by_hand(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, int forget_tanh, mlp_mat *dW1)
{
    const mlp_layer *hid = &net->layers[0], *out = &net->layers[1];
    const mlp_mat *H = &hid->A, *Yhat = &out->A, *W2 = &out->W;
    int B = X->rows, h = hid->n_out, C = out->n_out, i, j, k, m;
    mlp_mat dZ2 = {0}, dW2 = {0}, db2 = {0}, dZ1 = {0}, db1 = {0};
    double worst = 0, d;

    course_ok(mlp_mat_init(&dZ2, B, C) || mlp_mat_init(&dW2, h, C) || mlp_mat_init(&db2, 1, C) ||
              mlp_mat_init(&dZ1, B, h) || mlp_mat_init(dW1, X->cols, h) || mlp_mat_init(&db1, 1, h),
          "mlp_mat_init");

    /* BEGIN SOLUTION backprop-by-hand: the report's formulas, as loops over
       i (sample), j (class), k (hidden unit) and m (input):
         dZ2 = (Yhat - Y) / B;  dW2 = H^T dZ2;  db2 = sum over i of dZ2;
         dZ1 = (dZ2 W2^T) * (1 - H * H), or just dZ2 W2^T when forget_tanh;
         *dW1 = X^T dZ1;  db1 = sum over i of dZ1. */
    /* Output layer: dZ2 = (Yhat - Y) / B; dW2 = H^T dZ2; db2 = sum over i of dZ2. */
    for (i = 0; i < B; i++)
        for (j = 0; j < C; j++)
            dZ2.data[i * C + j] = (Yhat->data[i * C + j] - Y->data[i * C + j]) / B;
    for (k = 0; k < h; k++)
        for (j = 0; j < C; j++)
            for (i = 0; i < B; i++) dW2.data[k * C + j] += H->data[i * h + k] * dZ2.data[i * C + j];
    for (j = 0; j < C; j++)
        for (i = 0; i < B; i++) db2.data[j] += dZ2.data[i * C + j];

    /* Hidden layer: dH = dZ2 W2^T; dZ1 = dH * (1 - H * H); dW1 = X^T dZ1; db1 = sum of dZ1. */
    for (i = 0; i < B; i++)
        for (k = 0; k < h; k++) {
            mlp_real dh = 0, a = H->data[i * h + k];
            for (j = 0; j < C; j++) dh += dZ2.data[i * C + j] * W2->data[k * C + j];
            dZ1.data[i * h + k] = forget_tanh ? dh : dh * (1 - a * a);
        }
    for (m = 0; m < X->cols; m++)
        for (k = 0; k < h; k++)
            for (i = 0; i < B; i++) dW1->data[m * h + k] += X->data[i * X->cols + m] * dZ1.data[i * h + k];
    for (k = 0; k < h; k++)
        for (i = 0; i < B; i++) db1.data[k] += dZ1.data[i * h + k];
    /* END SOLUTION; stub: (void)Y, (void)H, (void)Yhat, (void)W2, (void)forget_tanh, (void)i, (void)j, (void)k, (void)m; */

    d = max_abs_diff(dW2.data, out->dW.data, (size_t)h * C);
    if (d > worst) worst = d;
    d = max_abs_diff(db2.data, out->db.data, (size_t)C);
    if (d > worst) worst = d;
    d = max_abs_diff(dW1->data, hid->dW.data, (size_t)X->cols * h);
    if (d > worst) worst = d;
    d = max_abs_diff(db1.data, hid->db.data, (size_t)h);
    if (d > worst) worst = d;

    mlp_mat_free(&dZ2), mlp_mat_free(&dW2), mlp_mat_free(&db2);
    mlp_mat_free(&dZ1), mlp_mat_free(&db1);
    return worst;
}

/* Central differences for the hidden layer's weights, written out: the
   yardstick for the hand-written gradients. G receives dL/dW1. */
static void numeric_dW1(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_mat *G)
{
    /* 1e-5 in double; float's 7 digits need a larger step (see mlp_grad_check) */
    const mlp_real h = (mlp_real)(sizeof(mlp_real) == sizeof(float) ? 1e-2 : 1e-5);
    mlp_mat *W = &net->layers[0].W;
    int k, n = W->rows * W->cols;
    course_ok(mlp_mat_init(G, W->rows, W->cols), "mlp_mat_init");
    for (k = 0; k < n; k++) {
        mlp_real old = W->data[k], up = old + h, down = old - h, Lup, Ldown;
        W->data[k] = up;
        if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        Lup = mlp_loss(net, Y);
        W->data[k] = down;
        if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        Ldown = mlp_loss(net, Y);
        W->data[k] = old;
        G->data[k] = (Lup - Ldown) / (up - down);
    }
}

/* ||A - B|| / ||B||, Frobenius norms. */
static double rel_diff(const mlp_mat *A, const mlp_mat *B)
{
    double num = 0, den = 0;
    int k, n = A->rows * A->cols;
    for (k = 0; k < n; k++) {
        double d = (double)A->data[k] - (double)B->data[k];
        num += d * d;
        den += (double)B->data[k] * (double)B->data[k];
    }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

static double max_abs(const mlp_mat *A)
{
    double m = 0;
    int k, n = A->rows * A->cols;
    for (k = 0; k < n; k++) m = fmax(m, fabs((double)A->data[k]));
    return m;
}

int main(int argc, char **argv)
{
    int per_class, epochs, grid, N, n_train, n_val;
    mlp_mat X = {0}, Y = {0}, Xtr = {0}, Ytr = {0}, Xva = {0}, Yva = {0}, Xg = {0}, P = {0}, cls = {0};
    int *label, *ltr, *lva, *perm, i, epoch, best_epoch = 0;
    mlp_rng rng;
    mlp_net net;
    mlp_optim opt;
    mlp_gradcheck worst;
    double hand_diff, grad_scale, hand_fd, bug_fd, rel_err, init_val_acc, best_val_acc = -1;
    mlp_real tr_loss = 0, va_loss = 0;
    double tr_acc = 0, va_acc = 0;
    unsigned long long seed;
    FILE *f;

    course_start(argc, argv, "03_backprop", "backprop");
    seed = course_seed(SEED);
    per_class = course_pick(120, 200);
    epochs = course_pick(150, 600);
    grid = course_pick(81, 201);
    N = N_CLASSES * per_class, n_train = N * 7 / 10, n_val = N - n_train;

    /* ---- data: spirals, shuffled, 70% training and 30% validation ---- */
    mlp_rng_seed(&rng, seed);
    label = malloc(sizeof *label * N * 3);
    perm = malloc(sizeof *perm * N);
    if (!label || !perm) return 1;
    ltr = label + N, lva = label + 2 * N;
    course_ok(mlp_mat_init(&X, N, 2) || mlp_mat_init(&Y, N, N_CLASSES) || mlp_mat_init(&Xtr, n_train, 2) ||
              mlp_mat_init(&Ytr, n_train, N_CLASSES) || mlp_mat_init(&Xva, n_val, 2) ||
              mlp_mat_init(&Yva, n_val, N_CLASSES),
          "mlp_mat_init");
    make_spirals(&rng, per_class, &X, &Y, label);
    mlp_rng_permutation(&rng, perm, N);
    for (i = 0; i < N; i++) {
        int src = perm[i], val = i >= n_train, r = val ? i - n_train : i, c;
        mlp_mat *Xs = val ? &Xva : &Xtr, *Ys = val ? &Yva : &Ytr;
        Xs->data[2 * r] = X.data[2 * src];
        Xs->data[2 * r + 1] = X.data[2 * src + 1];
        for (c = 0; c < N_CLASSES; c++) Ys->data[N_CLASSES * r + c] = Y.data[N_CLASSES * src + c];
        (val ? lva : ltr)[r] = label[src];
    }
    f = course_open("data.tsv");
    fprintf(f, "# x1\tx2\tclass\tsplit (0 training, 1 validation)\n");
    for (i = 0; i < n_train; i++)
        fprintf(f, "%.17g\t%.17g\t%d\t0\n", (double)Xtr.data[2 * i], (double)Xtr.data[2 * i + 1], ltr[i]);
    for (i = 0; i < n_val; i++)
        fprintf(f, "%.17g\t%.17g\t%d\t1\n", (double)Xva.data[2 * i], (double)Xva.data[2 * i + 1], lva[i]);
    course_close(f, "data.tsv");

    /* ---- the network: 2 -> HIDDEN tanh -> 3 softmax, cross-entropy ---- */
    course_ok(mlp_net_new(&net, 2, MLP_CROSS_ENTROPY) || mlp_net_add(&net, HIDDEN, MLP_TANH) ||
              mlp_net_add(&net, N_CLASSES, MLP_SOFTMAX) || mlp_net_initialize(&net, &rng),
          "building the network");

    /* ---- the two checks, on the first CHECK_BATCH training samples ---- */
    {
        mlp_mat Xb = mlp_mat_view(CHECK_BATCH, 2, Xtr.data);
        mlp_mat Yb = mlp_mat_view(CHECK_BATCH, N_CLASSES, Ytr.data);
        mlp_mat dW1_hand = {0}, dW1_bug = {0}, dW1_fd = {0};
        if (!mlp_forward(&net, &Xb)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
        mlp_zero_grad(&net);
        course_ok(mlp_backward(&net, &Yb), "mlp_backward");
        hand_diff = gradients_by_hand(&net, &Xb, &Yb, 0, &dW1_hand);
        gradients_by_hand(&net, &Xb, &Yb, 1, &dW1_bug);
        grad_scale = fmax(max_abs(&net.layers[0].dW), max_abs(&net.layers[1].dW));
        numeric_dW1(&net, &Xb, &Yb, &dW1_fd);
        hand_fd = rel_diff(&dW1_hand, &dW1_fd);
        bug_fd = rel_diff(&dW1_bug, &dW1_fd);
        mlp_mat_free(&dW1_hand), mlp_mat_free(&dW1_bug), mlp_mat_free(&dW1_fd);
        /* mlp.h's own check, on every parameter */
        rel_err = (double)mlp_grad_check(&net, &Xb, &Yb, 0, &worst);
        if (rel_err != rel_err) course_ok(MLP_ERR_NOMEM, "mlp_grad_check");
    }

    /* ---- self-check: stop here if a gradient is wrong ----
       `make handout` turns gradients_by_hand's loops, and in mlp.h the dense
       backward and the tanh derivative, into TODOs; these checks then fail
       and name the TODO to fill in. Finite differences need only the forward
       pass, so they judge each part on its own: the output layer alone
       (softmax with cross-entropy: no activation derivative involved) tests
       the dense backward, the whole network adds the tanh derivative. With
       MLP_CHECK_ONLY=1 in the environment the program stops after them. */
    {
        mlp_mat Xb = mlp_mat_view(CHECK_BATCH, 2, Xtr.data), Yb = mlp_mat_view(CHECK_BATCH, N_CLASSES, Ytr.data);
        mlp_net alone;
        mlp_rng rng_alone; /* its own stream: the training below sees the same numbers */
        /* mlp_grad_check's rule in double: < 1e-7 is right, > 1e-3 a bug; float rounds to ~1e-3 */
        const double tol = sizeof(mlp_real) == sizeof(float) ? 1e-2 : 1e-3;
        double alone_err;
        int failed = 0;
        mlp_rng_seed(&rng_alone, seed);
        course_ok(mlp_net_new(&alone, 2, MLP_CROSS_ENTROPY) || mlp_net_add(&alone, N_CLASSES, MLP_SOFTMAX) ||
                  mlp_net_initialize(&alone, &rng_alone),
              "building the network");
        alone_err = (double)mlp_grad_check(&alone, &Xb, &Yb, 0, NULL);
        mlp_net_free(&alone);
        if (!(hand_fd < tol)) { /* written as !(x < tol), so that NaN fails too */
            failed = 1;
            fprintf(stderr, "03_backprop: FAILED: dW1 by hand vs finite differences: relative error %.2g (should be "
                            "< %g): see TODO(backprop-by-hand) in exercises/03_backprop.c, gradients_by_hand\n",
                    hand_fd, tol);
        }
        if (!(alone_err < tol)) {
            failed = 1;
            fprintf(stderr, "03_backprop: FAILED: mlp_backward of the softmax layer alone vs finite differences: "
                            "relative error %.2g (should be < %g): see TODO(dense-backward) in mlp.h, "
                            "mlp_dense_backward\n", alone_err, tol);
        } else if (!(rel_err < tol)) {
            failed = 1;
            fprintf(stderr, "03_backprop: FAILED: mlp_backward vs finite differences: relative error %.2g in layer "
                            "%d %s (should be < %g): see TODO(tanh-derivative) in mlp.h, mlp_act_backward (and "
                            "dX in TODO(dense-backward))\n", rel_err, worst.layer, worst.is_bias ? "b" : "W", tol);
        }
        if (failed) return 1;
        if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
            printf("03_backprop: self-check passed\n");
            return 0;
        }
    }

    /* ---- training: mini-batch SGD with momentum ---- */
    opt = mlp_sgd(LR);
    opt.momentum = MOMENTUM;
    init_val_acc = accuracy(&net, &Xva, &Yva, &P);
    f = course_open("curves.tsv");
    fprintf(f, "# epoch\ttrain_loss\tval_loss\ttrain_acc_percent\tval_acc_percent\n");
    for (epoch = 0; epoch <= epochs; epoch++) {
        if (epoch > 0) course_ok(mlp_train_epoch(&net, &opt, &Xtr, &Ytr, BATCH, &rng, NULL), "mlp_train_epoch");
        course_ok(mlp_evaluate(&net, &Xtr, &Ytr, &tr_loss), "mlp_evaluate");
        course_ok(mlp_evaluate(&net, &Xva, &Yva, &va_loss), "mlp_evaluate");
        tr_acc = accuracy(&net, &Xtr, &Ytr, &P);
        va_acc = accuracy(&net, &Xva, &Yva, &P);
        if (va_acc > best_val_acc) best_val_acc = va_acc, best_epoch = epoch;
        fprintf(f, "%d\t%.17g\t%.17g\t%.17g\t%.17g\n", epoch, (double)tr_loss, (double)va_loss, tr_acc, va_acc);
        if (epoch % 10 == 0)
            course_progress("epoch %4d/%d  loss %.4f / %.4f  accuracy %5.1f%% / %5.1f%%", epoch, epochs,
                            (double)tr_loss, (double)va_loss, tr_acc, va_acc);
    }
    course_progress_done();
    course_close(f, "curves.tsv");

    /* ---- the decision boundary: the predicted class on a grid ---- */
    course_ok(mlp_mat_init(&Xg, grid * grid, 2), "mlp_mat_init");
    for (i = 0; i < grid * grid; i++) {
        Xg.data[2 * i] = (mlp_real)(GRID_LO + (GRID_HI - GRID_LO) * (i % grid) / (grid - 1));
        Xg.data[2 * i + 1] = (mlp_real)(GRID_LO + (GRID_HI - GRID_LO) * (i / grid) / (grid - 1));
    }
    course_ok(mlp_predict(&net, &Xg, &P), "mlp_predict");
    course_ok(mlp_argmax(&cls, &P), "mlp_argmax");
    f = course_open("grid.tsv");
    fprintf(f, "# x1\tx2\tpredicted_class\tprobability_of_it\n");
    for (i = 0; i < grid * grid; i++) {
        int c = (int)cls.data[i];
        fprintf(f, "%.17g\t%.17g\t%d\t%.17g\n", (double)Xg.data[2 * i], (double)Xg.data[2 * i + 1], c,
                (double)P.data[(size_t)i * N_CLASSES + c]);
        if (i % grid == grid - 1) fprintf(f, "\n");
    }
    course_close(f, "grid.tsv");

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("n_points", "%d", N);
    course_put("n_train", "%d", n_train);
    course_put("n_val", "%d", n_val);
    course_put("hidden", "%d", HIDDEN);
    course_put("n_params", "%ld", mlp_net_param_count(&net));
    course_put("epochs", "%d", epochs);
    course_put("batch", "%d", BATCH);
    course_put("lr", "%g", LR);
    course_put("momentum", "%g", MOMENTUM);
    course_put("check_batch", "%d", CHECK_BATCH);
    course_put_sci("hand_max_abs_diff", hand_diff, 2);
    course_put("grad_max_abs", "%.2g", grad_scale);
    course_put_sci("hand_fd_rel_err", hand_fd, 2);
    course_put("forgot_tanh_fd_rel_err", "%.2g", bug_fd);
    course_put_sci("gradcheck_worst_rel_err", rel_err, 2);
    course_put("gradcheck_n", "%ld", worst.n_checked);
    course_put("gradcheck_layer", "%d", worst.layer);
    course_put("gradcheck_param", "%s", worst.is_bias ? "b" : "W");
    course_put("fd_forward_passes", "%ld", 2 * worst.n_checked);
    course_put("init_val_acc", "%.1f", init_val_acc);
    course_put("train_loss", "%.3f", (double)tr_loss);
    course_put("val_loss", "%.3f", (double)va_loss);
    course_put("train_acc", "%.1f", tr_acc);
    course_put("val_acc", "%.1f", va_acc);
    course_put("best_val_acc", "%.1f", best_val_acc);
    course_put("best_val_epoch", "%d", best_epoch);
    course_put("grid", "%d", grid);

    printf("03_backprop: hand-written gradients vs mlp_backward: max |difference| %.1e (largest gradient %.2g)\n",
           hand_diff, grad_scale);
    printf("03_backprop: dW1 by hand vs finite differences: relative error %.1e; without the tanh factor: %.2g\n",
           hand_fd, bug_fd);
    printf("03_backprop: mlp_backward vs finite differences: worst relative error %.1e over %ld parameters\n",
           rel_err, worst.n_checked);
    printf("03_backprop: after %d epochs: loss %.3f (train) %.3f (validation), accuracy %.1f%% / %.1f%%\n", epochs,
           (double)tr_loss, (double)va_loss, tr_acc, va_acc);

    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Y), mlp_mat_free(&Xtr), mlp_mat_free(&Ytr);
    mlp_mat_free(&Xva), mlp_mat_free(&Yva), mlp_mat_free(&Xg), mlp_mat_free(&P), mlp_mat_free(&cls);
    free(label);
    free(perm);

    /* ---- claims (bounds chosen over seeds 1-10: sh tools/seeds.sh 03_backprop 10) ---- */
    course_claim_below("hand_equals_library",
                       "The loops written from the derivation give `mlp_backward`'s gradients "
                       "(largest difference, relative to the largest gradient entry)",
                       hand_diff / grad_scale, 1e-12);
    course_claim_below("hand_vs_fd", "Hand-written $dW_1$ agrees with central differences (relative error)", hand_fd,
                       1e-6);
    course_claim_above("forgot_tanh_caught",
                       "Leaving out the factor $1 - h \\odot h$ is caught by finite differences (relative error)",
                       bug_fd, 1e-2);
    course_claim_below("gradcheck", "`mlp_grad_check`: worst relative error over every parameter", rel_err, 1e-5);
    course_claim_below("untrained_is_guessing",
                       "Before training, validation accuracy (%) is no better than guessing (33% for three classes)",
                       init_val_acc, 55);
    course_claim_above("learns_spirals", "After training, validation accuracy (%) is far above chance", va_acc,
                       course.quick ? 70 : 90);
    return course_end();
}
