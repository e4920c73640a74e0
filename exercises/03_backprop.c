/* exercises/03_backprop.c: backprop by hand, checked.

   What it shows: a network with one tanh hidden layer and a softmax output,
   trained on cross-entropy, learns to separate three interleaved spiral arms
   in the plane, with the data split into training, validation and test sets
   (the test set is used once, at the end). The gradient that the report
   derives on paper, dW2 = H^T (Yhat - Y) / B for the output layer and the
   tanh backward dZ1 = (dZ2 W2^T) * (1 - H * H) for the hidden layer, is
   written here as plain loops (backprop_by_hand) and checked against
   mlp_backward and against finite differences. Then:
   - the same short training done four ways, (a) loops for forward, backward
     and update, (b) mlp_backward with the update by hand, (c) mlp_step,
     (d) mlp_train_epoch, all seeing the same batches in the same order, and
     compared epoch by epoch with the same run in PyTorch (a committed
     fixture, reports/03_backprop/torch_losses.tsv, made by
     tools/backprop_torch.py from files this program writes);
   - the initialization N(0, 0.3^2) of the seed's practical (E8) against the
     default (Xavier) and PyTorch's, at two widths;
   - the linear-sigmoid-linear network of seed C7 with a squared loss: its
     gradients with the transposes right, against finite differences, and
     what the wrong transposes give;
   - the slides' 2-2-1 chain-rule example (D4) and its "- b3" typo;
   - finite differences against backpropagation: forward passes counted,
     and time measured (printed, not put in the report: it varies).

   mlp.h functions: mlp_rng_seed, mlp_rng_uniform, mlp_rng_normal,
   mlp_rng_permutation, mlp_mat_init, mlp_mat_free, mlp_mat_view,
   mlp_mat_fill, mlp_net_new, mlp_net_add, mlp_net_initialize, mlp_net_free,
   mlp_net_param_count, mlp_net_save, mlp_csv_save, mlp_csv_defaults,
   mlp_forward, mlp_loss, mlp_zero_grad, mlp_backward, mlp_step, mlp_sgd,
   mlp_train_epoch, mlp_evaluate, mlp_predict, mlp_accuracy, mlp_argmax,
   mlp_split_data, mlp_split_free, mlp_grad_check, mlp_last_error.

   Feeds reports/03_backprop.md. Run as `03_backprop OUTDIR`: writes
   data.tsv, curves.tsv, grid.tsv, same.tsv, init.tsv, init_meta.tsv, results.yaml and the
   inputs of the PyTorch run (same_init.net, same_data.csv, same_order.tsv,
   same_config.txt) into OUTDIR. With MLP_QUICK=1 it uses fewer points and
   epochs (the four-ways and PyTorch comparison is the same in both modes).
   MLP_CHECK_ONLY=1 runs only the self-checks of the handout. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED 20240501ULL
#define N_CLASSES 3
#define HIDDEN 24          /* tanh units of the hidden layer */
#define BATCH 32
#define LR 0.1
#define MOMENTUM 0.9
#define VAL_FRACTION 0.2   /* of the points, for validation */
#define TEST_FRACTION 0.2  /* of the points, for the one final test */
#define CHECK_BATCH 32     /* samples in the batch used for the gradient checks */
#define ARM_TURN 4.5       /* radians an arm turns from its start to its end */
#define ARM_NOISE 0.3      /* standard deviation of the angle around the arm */
#define GRID_LO (-1.3)
#define GRID_HI 1.3
#define INIT_STD 0.3       /* the seed's initialization (E8): every weight N(0, INIT_STD^2) */
#define WIDE 256           /* a wider hidden layer, for the initialization comparison */
#define INIT_TARGET 0.1    /* training loss whose first epoch below it measures the speed of training */

/* The four ways and PyTorch: one fixed configuration, whatever MLP_SEED and
   MLP_QUICK say, so that the committed PyTorch losses always apply. */
#define SAME_SEED 7ULL
#define SAME_PER_CLASS 100 /* 300 points, all for training: 9 batches of 32 and one of 12 */
#define SAME_EPOCHS 30
#define TORCH_LOSSES "reports/03_backprop/torch_losses.tsv"

static const double PI = 3.14159265358979323846;

/* Three spiral arms around the origin, one per class. Along an arm the
   radius grows from 0.15 to 1 while the angle turns by ARM_TURN; the
   angle gets Gaussian noise, so neighbouring arms overlap a little. Row n of
   X is a point, row n of Y its one-hot class. */
static void make_spirals(mlp_rng *rng, int per_class, mlp_mat *X, mlp_mat *Y)
{
    int c, k, n = 0;
    course_ok(mlp_mat_init(X, N_CLASSES * per_class, 2) || mlp_mat_init(Y, N_CLASSES * per_class, N_CLASSES),
              "mlp_mat_init");
    for (c = 0; c < N_CLASSES; c++)
        for (k = 0; k < per_class; k++, n++) {
            double t = mlp_rng_uniform(rng);
            double r = 0.15 + 0.85 * t;
            double theta = c * 2 * PI / N_CLASSES + ARM_TURN * t + mlp_rng_normal(rng, 0, ARM_NOISE);
            X->data[2 * n] = (mlp_real)(r * cos(theta));
            X->data[2 * n + 1] = (mlp_real)(r * sin(theta));
            Y->data[N_CLASSES * n + c] = 1;
        }
}

/* 2 -> hidden tanh -> 3 softmax, cross-entropy; the weights drawn by `init`
   (MLP_INIT_NORMAL with standard deviation init_std) from a generator
   seeded with init_seed. */
static void build_net(mlp_net *net, int hidden, mlp_init_kind init, double init_std, unsigned long long init_seed)
{
    mlp_rng rng;
    int l;
    course_ok(mlp_net_new(net, 2, MLP_CROSS_ENTROPY) || mlp_net_add(net, hidden, MLP_TANH) ||
              mlp_net_add(net, N_CLASSES, MLP_SOFTMAX), "building the network");
    for (l = 0; l < net->n_layers; l++) {
        net->layers[l].init = init;
        net->layers[l].init_a = (mlp_real)init_std;
    }
    mlp_rng_seed(&rng, init_seed);
    course_ok(mlp_net_initialize(net, &rng), "mlp_net_initialize");
}

/* Percentage of rows of X whose most probable class is the one in Y. */
static double accuracy(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_mat *P)
{
    course_ok(mlp_predict(net, X, P), "mlp_predict");
    return 100.0 * (double)mlp_accuracy(P, Y);
}

static double max_abs_diff(const mlp_real *a, const mlp_real *b, size_t n)
{
    double worst = 0;
    size_t k;
    for (k = 0; k < n; k++) worst = fmax(worst, fabs((double)a[k] - (double)b[k]));
    return worst;
}

/* ||A - B|| / ||B|| over n numbers (Frobenius norms). */
static double rel_diff(const mlp_real *a, const mlp_real *b, size_t n)
{
    double num = 0, den = 0;
    size_t k;
    for (k = 0; k < n; k++) {
        double d = (double)a[k] - (double)b[k];
        num += d * d;
        den += (double)b[k] * (double)b[k];
    }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

/* ---- the network by hand ----------------------------------------------------
   The parameters of 2 -> h tanh -> 3 softmax as four plain matrices in
   mlp.h's layout (W1: 2 x h, b1: 1 x h, W2: h x 3, b2: 1 x 3), with the
   momentum buffers of the update, and the gradients with the two deltas. */
typedef struct hand_net {
    mlp_mat W1, b1, W2, b2;
    mlp_mat mW1, mb1, mW2, mb2; /* momentum buffers */
} hand_net;

typedef struct hand_grads {
    mlp_mat dW1, db1, dW2, db2;
    mlp_mat dZ1, dZ2; /* B x h and B x 3 */
} hand_grads;

static void hand_grads_init(hand_grads *g, int B, int n_in, int h, int C)
{
    course_ok(mlp_mat_resize(&g->dW1, n_in, h) || mlp_mat_resize(&g->db1, 1, h) || mlp_mat_resize(&g->dW2, h, C) ||
              mlp_mat_resize(&g->db2, 1, C) || mlp_mat_resize(&g->dZ1, B, h) || mlp_mat_resize(&g->dZ2, B, C),
          "mlp_mat_resize");
    mlp_mat_fill(&g->dW1, 0), mlp_mat_fill(&g->db1, 0), mlp_mat_fill(&g->dW2, 0), mlp_mat_fill(&g->db2, 0);
    mlp_mat_fill(&g->dZ1, 0), mlp_mat_fill(&g->dZ2, 0);
}

static void hand_grads_free(hand_grads *g)
{
    mlp_mat_free(&g->dW1), mlp_mat_free(&g->db1), mlp_mat_free(&g->dW2), mlp_mat_free(&g->db2);
    mlp_mat_free(&g->dZ1), mlp_mat_free(&g->dZ2);
}

/* The report's derivation, as loops. Given the batch (X, Y), the hidden
   activations H and the softmax outputs Yhat of a forward pass, and W2,
   computes every gradient of the mean cross-entropy into g (whose matrices
   hand_grads_init shaped and zeroed). With forget_tanh = 1 the factor
   (1 - H * H) of the tanh backward is left out, a classic slip, to see
   whether the checks catch it. */
static void backprop_by_hand(const mlp_mat *X, const mlp_mat *Y, const mlp_mat *H, const mlp_mat *Yhat,
                             const mlp_mat *W2, int forget_tanh, hand_grads *g)
{
    int B = X->rows, h = H->cols, C = Yhat->cols, i, j, k, m;
    hand_grads_init(g, B, X->cols, h, C);
    /* BEGIN SOLUTION backprop-by-hand: the report's formulas, as loops over
       i (sample), j (class), k (hidden unit) and m (input), into g:
         dZ2 = (Yhat - Y) / B;  dW2 = H^T dZ2;  db2 = sum over i of dZ2;
         dZ1 = (dZ2 W2^T) * (1 - H * H), or just dZ2 W2^T when forget_tanh;
         dW1 = X^T dZ1;  db1 = sum over i of dZ1. */
    /* Output layer: dZ2 = (Yhat - Y) / B; dW2 = H^T dZ2; db2 = sum over i of dZ2. */
    for (i = 0; i < B; i++)
        for (j = 0; j < C; j++)
            g->dZ2.data[i * C + j] = (Yhat->data[i * C + j] - Y->data[i * C + j]) / B;
    for (k = 0; k < h; k++)
        for (j = 0; j < C; j++)
            for (i = 0; i < B; i++) g->dW2.data[k * C + j] += H->data[i * h + k] * g->dZ2.data[i * C + j];
    for (j = 0; j < C; j++)
        for (i = 0; i < B; i++) g->db2.data[j] += g->dZ2.data[i * C + j];

    /* Hidden layer: dH = dZ2 W2^T; dZ1 = dH * (1 - H * H); dW1 = X^T dZ1; db1 = sum of dZ1. */
    for (i = 0; i < B; i++)
        for (k = 0; k < h; k++) {
            mlp_real dh = 0, a = H->data[i * h + k];
            for (j = 0; j < C; j++) dh += g->dZ2.data[i * C + j] * W2->data[k * C + j];
            g->dZ1.data[i * h + k] = forget_tanh ? dh : dh * (1 - a * a);
        }
    for (m = 0; m < X->cols; m++)
        for (k = 0; k < h; k++)
            for (i = 0; i < B; i++) g->dW1.data[m * h + k] += X->data[i * X->cols + m] * g->dZ1.data[i * h + k];
    for (k = 0; k < h; k++)
        for (i = 0; i < B; i++) g->db1.data[k] += g->dZ1.data[i * h + k];
    /* END SOLUTION; stub: (void)Y, (void)Yhat, (void)W2, (void)forget_tanh, (void)B, (void)C, (void)i, (void)j, (void)k, (void)m; */
}

/* ||g - G|| / ||G||, with G laid out dW1, db1, dW2, db2 one after the other. */
static double rel_diff_grads(const hand_grads *g, const mlp_real *G)
{
    const mlp_mat *part[4];
    double num = 0, den = 0;
    size_t k, n = 0;
    int p;
    part[0] = &g->dW1, part[1] = &g->db1, part[2] = &g->dW2, part[3] = &g->db2;
    for (p = 0; p < 4; p++)
        for (k = 0; k < (size_t)part[p]->rows * part[p]->cols; k++, n++) {
            double d = (double)part[p]->data[k] - (double)G[n];
            num += d * d;
            den += (double)G[n] * (double)G[n];
        }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

/* The largest difference between the gradients in g and those mlp_backward
   left in the layers of net. */
static double diff_from_library(const hand_grads *g, const mlp_net *net)
{
    const mlp_layer *hid = &net->layers[0], *out = &net->layers[1];
    double worst = max_abs_diff(g->dW2.data, out->dW.data, (size_t)hid->n_out * out->n_out);
    worst = fmax(worst, max_abs_diff(g->db2.data, out->db.data, (size_t)out->n_out));
    worst = fmax(worst, max_abs_diff(g->dW1.data, hid->dW.data, (size_t)hid->n_in * hid->n_out));
    return fmax(worst, max_abs_diff(g->db1.data, hid->db.data, (size_t)hid->n_out));
}

/* The forward pass as loops: H = tanh(X W1 + b1), Yhat = softmax(H W2 + b2),
   and the mean cross-entropy, returned. (The C library's tanh, exp and log:
   mlp.h has its own, equal to the last bit or one off.) */
static double forward_by_hand(const hand_net *p, const mlp_mat *X, const mlp_mat *Y, mlp_mat *H, mlp_mat *Yhat)
{
    int B = X->rows, n_in = X->cols, h = p->W1.cols, C = p->W2.cols, i, j, k, m;
    double total = 0;
    course_ok(mlp_mat_resize(H, B, h) || mlp_mat_resize(Yhat, B, C), "mlp_mat_resize");
    for (i = 0; i < B; i++) {
        mlp_real z2[N_CLASSES] = {0}, top, sum = 0;
        for (k = 0; k < h; k++) {
            mlp_real z = p->b1.data[k];
            for (m = 0; m < n_in; m++) z += X->data[i * n_in + m] * p->W1.data[m * h + k];
            H->data[i * h + k] = (mlp_real)tanh((double)z);
        }
        for (j = 0; j < C; j++) {
            z2[j] = p->b2.data[j];
            for (k = 0; k < h; k++) z2[j] += H->data[i * h + k] * p->W2.data[k * C + j];
        }
        top = z2[0]; /* softmax(z) = softmax(z - max z): no exponential overflows */
        for (j = 1; j < C; j++) top = z2[j] > top ? z2[j] : top;
        for (j = 0; j < C; j++) sum += (mlp_real)exp((double)(z2[j] - top));
        for (j = 0; j < C; j++) {
            Yhat->data[i * C + j] = (mlp_real)exp((double)(z2[j] - top)) / sum;
            /* -log yhat_j = log sum - (z_j - top), only where y_j is not 0 */
            if (Y->data[i * C + j] != 0)
                total -= (double)Y->data[i * C + j] * ((double)(z2[j] - top) - log((double)sum));
        }
    }
    return total / B;
}

/* SGD with momentum, by hand, as PyTorch writes it: m <- g on the first
   step, else m <- MOMENTUM m + g; then p <- p - LR m. */
static void momentum_step_by_hand(mlp_mat *P, const mlp_mat *G, mlp_mat *M, int first)
{
    int k, n = P->rows * P->cols;
    if (first) course_ok(mlp_mat_resize(M, P->rows, P->cols), "mlp_mat_resize");
    for (k = 0; k < n; k++) {
        M->data[k] = first ? G->data[k] : (mlp_real)MOMENTUM * M->data[k] + G->data[k];
        P->data[k] = P->data[k] - (mlp_real)LR * M->data[k];
    }
}

/* Rows perm[start .. start + b - 1] of src into dst (b rows). */
static void gather_rows(mlp_mat *dst, const mlp_mat *src, const int *perm, int start, int b)
{
    int r;
    course_ok(mlp_mat_resize(dst, b, src->cols), "mlp_mat_resize");
    for (r = 0; r < b; r++)
        memcpy(dst->data + (size_t)r * src->cols, src->data + (size_t)perm[start + r] * src->cols,
               (size_t)src->cols * sizeof(mlp_real));
}

/* ---- one training, four ways ----------------------------------------------
   Way (a) does everything with the loops above; (b) runs mlp_forward and
   mlp_backward and updates by hand; (c) calls mlp_step; (d) calls
   mlp_train_epoch, which shuffles with its generator. (a)-(c) draw the same
   permutations from a copy of that generator, so all four see the same
   batches in the same order. loss[w][e] is way w's mean loss over epoch e,
   as mlp_train_epoch reports it (each batch's loss weighted by its size);
   loss[w][0] is the loss of the initial network on all the points.
   Also writes what PyTorch needs to run the same training. */
#define N_WAYS 4
static void four_ways(double loss[N_WAYS][SAME_EPOCHS + 1])
{
    const int N = N_CLASSES * SAME_PER_CLASS;
    mlp_rng data_rng, order_rng, order_rng_d;
    mlp_mat X = {0}, Y = {0}, XY = {0}, Xb = {0}, Yb = {0}, H = {0}, Yhat = {0};
    mlp_net net[N_WAYS]; /* net[0] only holds (a)'s starting point */
    mlp_mat mom_b[4] = {{0}}; /* (b)'s momentum buffers: W1, b1, W2, b2 */
    hand_net a;
    hand_grads g;
    mlp_optim opt_c = mlp_sgd((mlp_real)LR), opt_d = mlp_sgd((mlp_real)LR);
    mlp_csv_opts csv = mlp_csv_defaults();
    int *perm = malloc(sizeof *perm * N), w, epoch, start, i, step = 0;
    char path[4096];
    FILE *f;
    if (!perm) course_die("out of memory");
    memset(&g, 0, sizeof g);
    opt_c.momentum = opt_d.momentum = (mlp_real)MOMENTUM;
    mlp_rng_seed(&data_rng, SAME_SEED);
    make_spirals(&data_rng, SAME_PER_CLASS, &X, &Y);
    for (w = 0; w < N_WAYS; w++) build_net(&net[w], HIDDEN, MLP_INIT_AUTO, 0, SAME_SEED + 1); /* the same weights */
    memset(&a, 0, sizeof a);
    course_ok(mlp_mat_copy(&a.W1, &net[0].layers[0].W) || mlp_mat_copy(&a.b1, &net[0].layers[0].b) ||
              mlp_mat_copy(&a.W2, &net[0].layers[1].W) || mlp_mat_copy(&a.b2, &net[0].layers[1].b), "mlp_mat_copy");

    /* For PyTorch (tools/backprop_torch.py): the initial network, the data,
       the order, and the configuration, which the fixture repeats. */
    snprintf(path, sizeof path, "%s/same_init.net", course.outdir);
    course_ok(mlp_net_save(&net[3], NULL, path), "mlp_net_save");
    course_ok(mlp_mat_init(&XY, N, 2 + N_CLASSES), "mlp_mat_init");
    for (i = 0; i < N; i++) {
        memcpy(XY.data + i * (2 + N_CLASSES), X.data + 2 * i, 2 * sizeof(mlp_real));
        memcpy(XY.data + i * (2 + N_CLASSES) + 2, Y.data + N_CLASSES * i, N_CLASSES * sizeof(mlp_real));
    }
    csv.names = "x1,x2,y0,y1,y2";
    snprintf(path, sizeof path, "%s/same_data.csv", course.outdir);
    course_ok(mlp_csv_save(&XY, path, &csv), "mlp_csv_save");
    f = course_open("same_config.txt");
    fprintf(f, "seed=%llu points=%d hidden=%d batch=%d lr=%g momentum=%g epochs=%d\n", SAME_SEED, N, HIDDEN, BATCH,
            LR, MOMENTUM, SAME_EPOCHS);
    course_close(f, "same_config.txt");

    /* epoch 0: the initial network on all the points */
    loss[0][0] = forward_by_hand(&a, &X, &Y, &H, &Yhat);
    for (w = 1; w < N_WAYS; w++) {
        mlp_real L;
        course_ok(mlp_evaluate(&net[w], &X, &Y, &L), "mlp_evaluate");
        loss[w][0] = (double)L;
    }

    mlp_rng_seed(&order_rng, SAME_SEED + 2);
    order_rng_d = order_rng;
    f = course_open("same_order.tsv");
    fprintf(f, "# one line per epoch: the order in which mlp_train_epoch visits the %d points (batches of %d)\n", N,
            BATCH);
    for (epoch = 1; epoch <= SAME_EPOCHS; epoch++) {
        double total[3] = {0, 0, 0};
        mlp_real Ld = 0;
        mlp_rng_permutation(&order_rng, perm, N); /* what mlp_train_epoch will draw */
        for (i = 0; i < N; i++) fprintf(f, "%d%c", perm[i], i + 1 < N ? '\t' : '\n');
        for (start = 0; start < N; start += BATCH) {
            int b = N - start < BATCH ? N - start : BATCH, first = ++step == 1;
            double L;
            gather_rows(&Xb, &X, perm, start, b);
            gather_rows(&Yb, &Y, perm, start, b);
            /* (a) loops for everything */
            L = forward_by_hand(&a, &Xb, &Yb, &H, &Yhat);
            backprop_by_hand(&Xb, &Yb, &H, &Yhat, &a.W2, 0, &g);
            momentum_step_by_hand(&a.W1, &g.dW1, &a.mW1, first);
            momentum_step_by_hand(&a.b1, &g.db1, &a.mb1, first);
            momentum_step_by_hand(&a.W2, &g.dW2, &a.mW2, first);
            momentum_step_by_hand(&a.b2, &g.db2, &a.mb2, first);
            total[0] += L * b;
            /* (b) mlp.h's forward and backward, the update by hand */
            if (!mlp_forward(&net[1], &Xb)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
            total[1] += (double)mlp_loss(&net[1], &Yb) * b;
            mlp_zero_grad(&net[1]);
            course_ok(mlp_backward(&net[1], &Yb), "mlp_backward");
            momentum_step_by_hand(&net[1].layers[0].W, &net[1].layers[0].dW, &mom_b[0], first);
            momentum_step_by_hand(&net[1].layers[0].b, &net[1].layers[0].db, &mom_b[1], first);
            momentum_step_by_hand(&net[1].layers[1].W, &net[1].layers[1].dW, &mom_b[2], first);
            momentum_step_by_hand(&net[1].layers[1].b, &net[1].layers[1].db, &mom_b[3], first);
            /* (c) the same with mlp_step */
            if (!mlp_forward(&net[2], &Xb)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
            total[2] += (double)mlp_loss(&net[2], &Yb) * b;
            mlp_zero_grad(&net[2]);
            course_ok(mlp_backward(&net[2], &Yb), "mlp_backward");
            course_ok(mlp_step(&net[2], &opt_c), "mlp_step");
        }
        /* (d) one call for the whole epoch */
        course_ok(mlp_train_epoch(&net[3], &opt_d, &X, &Y, BATCH, &order_rng_d, &Ld), "mlp_train_epoch");
        for (w = 0; w < 3; w++) loss[w][epoch] = (double)(mlp_real)(total[w] / N);
        loss[3][epoch] = (double)Ld;
    }
    course_close(f, "same_order.tsv");

    for (w = 0; w < N_WAYS; w++) mlp_net_free(&net[w]);
    for (i = 0; i < 4; i++) mlp_mat_free(&mom_b[i]);
    mlp_mat_free(&a.W1), mlp_mat_free(&a.b1), mlp_mat_free(&a.W2), mlp_mat_free(&a.b2);
    mlp_mat_free(&a.mW1), mlp_mat_free(&a.mb1), mlp_mat_free(&a.mW2), mlp_mat_free(&a.mb2);
    hand_grads_free(&g);
    mlp_mat_free(&X), mlp_mat_free(&Y), mlp_mat_free(&XY), mlp_mat_free(&Xb), mlp_mat_free(&Yb);
    mlp_mat_free(&H), mlp_mat_free(&Yhat);
    free(perm);
}

/* The PyTorch run's losses, from the committed fixture: `# config: ...`
   must be this program's configuration (same_config.txt), then one line
   `epoch<TAB>loss` per epoch 0..SAME_EPOCHS. Returns 1 and fills torch[]
   if the file is there and applies; else 0 with *why saying what is wrong.
   The file is looked for beside this source file (as compiled, __FILE__),
   then from the current directory; MLP_TORCH_LOSSES names it explicitly. */
static int read_torch_losses(double torch[SAME_EPOCHS + 1], char *why, size_t why_size, char *used, size_t used_size)
{
    char want[256], line[512], cand[3][4096];
    const char *env = getenv("MLP_TORCH_LOSSES"), *slash = strrchr(__FILE__, '/');
    int n_cand = 0, c, e, seen = 0;
    FILE *f = NULL;
    snprintf(want, sizeof want, "# config: seed=%llu points=%d hidden=%d batch=%d lr=%g momentum=%g epochs=%d",
             SAME_SEED, N_CLASSES * SAME_PER_CLASS, HIDDEN, BATCH, LR, MOMENTUM, SAME_EPOCHS);
    if (env && *env) snprintf(cand[n_cand++], sizeof cand[0], "%s", env);
    else {
        /* __FILE__ is exercises/03_backprop.c when compiled from the repository's root */
        snprintf(cand[n_cand++], sizeof cand[0], "%.*s%s../" TORCH_LOSSES, slash ? (int)(slash - __FILE__) : 0,
                 __FILE__, slash ? "/" : "");
        snprintf(cand[n_cand++], sizeof cand[0], "%s", TORCH_LOSSES);
    }
    for (c = 0; c < n_cand && !f; c++) {
        f = fopen(cand[c], "r");
        if (f) snprintf(used, used_size, "%s", cand[c]);
    }
    if (!f) {
        snprintf(why, why_size, "%.400s not found (it is committed in the repository; see tools/backprop_torch.py)",
                 cand[0]);
        return 0;
    }
    for (e = 0; e <= SAME_EPOCHS; e++) torch[e] = NAN;
    while (fgets(line, sizeof line, f)) {
        int epoch;
        double v;
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "# config:", 9) == 0) {
            if (strcmp(line, want) != 0) {
                snprintf(why, why_size, "%.300s was made for another configuration (%.200s); rerun tools/backprop_torch.py",
                         used, line + 10);
                fclose(f);
                return 0;
            }
            seen |= 1;
        } else if (line[0] != '#' && line[0] && sscanf(line, "%d\t%lf", &epoch, &v) == 2 && epoch >= 0 &&
                   epoch <= SAME_EPOCHS)
            torch[epoch] = v;
    }
    fclose(f);
    for (e = 0; e <= SAME_EPOCHS; e++)
        if (torch[e] != torch[e]) {
            snprintf(why, why_size, "%.300s has no loss for epoch %d", used, e);
            return 0;
        }
    if (!seen) {
        snprintf(why, why_size, "%.300s has no '# config:' line", used);
        return 0;
    }
    return 1;
}

/* ---- finite differences ------------------------------------------------------ */

static long forward_passes; /* counted by loss_at */

/* The loss of net on (X, Y): one forward pass, counted. */
static double loss_at(mlp_net *net, const mlp_mat *X, const mlp_mat *Y)
{
    forward_passes++;
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    return (double)mlp_loss(net, Y);
}

/* dL/dtheta by central differences, for any number theta the loss depends
   on (a weight, a bias, an input): two forward passes. theta is restored. */
static double central_difference(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real *theta)
{
    /* 1e-5 in double; float's 7 digits need a larger step (see mlp_grad_check) */
    const mlp_real h = (mlp_real)(sizeof(mlp_real) == sizeof(float) ? 1e-2 : 1e-5);
    mlp_real old = *theta, up = old + h, down = old - h;
    double Lup, Ldown;
    *theta = up;
    Lup = loss_at(net, X, Y);
    *theta = down;
    Ldown = loss_at(net, X, Y);
    *theta = old;
    return (Lup - Ldown) / (double)(up - down);
}

/* Every dW and db of net by central differences, into G (laid out W1, b1,
   W2, b2, ... one after the other). Returns the number of parameters. */
static long numeric_gradient(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real *G)
{
    long n = 0;
    int l, k;
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layers[l];
        for (k = 0; k < L->n_in * L->n_out; k++) G[n++] = (mlp_real)central_difference(net, X, Y, &L->W.data[k]);
        for (k = 0; k < L->n_out; k++) G[n++] = (mlp_real)central_difference(net, X, Y, &L->b.data[k]);
    }
    return n;
}

/* The same layout, from what mlp_backward left in dW and db. */
static long library_gradient(const mlp_net *net, mlp_real *G)
{
    long n = 0;
    int l, k;
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        for (k = 0; k < L->n_in * L->n_out; k++) G[n++] = L->dW.data[k];
        for (k = 0; k < L->n_out; k++) G[n++] = L->db.data[k];
    }
    return n;
}

static void forward_backward(mlp_net *net, const mlp_mat *X, const mlp_mat *Y)
{
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    mlp_zero_grad(net);
    course_ok(mlp_backward(net, Y), "mlp_backward");
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- C7: linear - sigmoid - linear, squared loss ------------------------------
   The seed's network (C, section 3), one sample, in its own names:
       z1 = W1^T x,  z2 = z1 + b1,  z3 = sigma(z2),  z4 = W2^T z3,  yhat = z4 + b2,
       l = ||y - yhat||^2,
   W1 (I x H) and W2 (H x O) in mlp.h's layout. H = O, so that W2 is square
   and the wrong transposes below run without a shape error: only the
   numbers can tell. */
#define C7_IN 2
#define C7_H 3
#define C7_OUT 3
#define C7_SEED 2ULL

typedef struct c7_result {
    double hand_vs_fd;      /* the derivation against central differences (every parameter and x) */
    double hand_vs_library; /* against O times mlp_backward's gradient (mlp.h's MSE is l / O) */
    double wrong_vs_fd;     /* the seed's order of factors, read as matrix products */
    double loss;
} c7_result;

static c7_result c7_check(void)
{
    enum { I = C7_IN, H = C7_H, O = C7_OUT, P = I * H + H + H * O + O };
    mlp_net net;
    mlp_rng rng;
    mlp_real x[I], y[O], z1[H], z2[H], z3[H], yhat[O];
    mlp_real d_yhat[O], d_z3[H], d_z2[H], wrong_d_z3[H], wrong_d_z2[H];
    mlp_real hand[P + I], fd[P + I], lib[P], wrong[P];
    mlp_mat X = mlp_mat_view(1, I, x), Y = mlp_mat_view(1, O, y);
    const mlp_real *W1, *b1, *W2, *b2;
    c7_result r;
    int i, h, o, n;

    course_ok(mlp_net_new(&net, I, MLP_MSE) || mlp_net_add(&net, H, MLP_SIGMOID) || mlp_net_add(&net, O, MLP_IDENTITY),
              "building the network");
    mlp_rng_seed(&rng, C7_SEED);
    course_ok(mlp_net_initialize(&net, &rng), "mlp_net_initialize");
    for (h = 0; h < H; h++) net.layers[0].b.data[h] = (mlp_real)mlp_rng_normal(&rng, 0, 0.5); /* biases that matter */
    for (o = 0; o < O; o++) net.layers[1].b.data[o] = (mlp_real)mlp_rng_normal(&rng, 0, 0.5);
    for (i = 0; i < I; i++) x[i] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    for (o = 0; o < O; o++) y[o] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    W1 = net.layers[0].W.data, b1 = net.layers[0].b.data, W2 = net.layers[1].W.data, b2 = net.layers[1].b.data;

    /* forward, in the seed's steps */
    r.loss = 0;
    for (h = 0; h < H; h++) {
        z1[h] = 0;
        for (i = 0; i < I; i++) z1[h] += W1[i * H + h] * x[i]; /* z1 = W1^T x */
        z2[h] = z1[h] + b1[h];
        z3[h] = 1 / (1 + (mlp_real)exp(-(double)z2[h]));
    }
    for (o = 0; o < O; o++) {
        mlp_real z4 = 0;
        for (h = 0; h < H; h++) z4 += W2[h * O + o] * z3[h]; /* z4 = W2^T z3 */
        yhat[o] = z4 + b2[o];
        r.loss += (double)((y[o] - yhat[o]) * (y[o] - yhat[o]));
    }
    /* backward, every factor in its place (column vectors):
         dl/dyhat = 2 (yhat - y) = dl/dz4 = dl/db2           (O)
         dl/dW2   = z3 (dl/dz4)^T                             (H x O, the shape of W2)
         dl/dz3   = W2 dl/dz4                                 (H)
         dl/dz2   = dl/dz3 * z3 * (1 - z3) = dl/dz1 = dl/db1  (H, elementwise)
         dl/dW1   = x (dl/dz1)^T                              (I x H, the shape of W1)
         dl/dx    = W1 dl/dz1                                 (I)
       hand[] is laid out W1, b1, W2, b2, then x. */
    for (o = 0; o < O; o++) d_yhat[o] = 2 * (yhat[o] - y[o]);
    for (h = 0; h < H; h++) {
        d_z3[h] = 0;
        for (o = 0; o < O; o++) d_z3[h] += W2[h * O + o] * d_yhat[o];
        d_z2[h] = d_z3[h] * z3[h] * (1 - z3[h]);
    }
    n = 0;
    for (i = 0; i < I; i++)
        for (h = 0; h < H; h++) hand[n++] = x[i] * d_z2[h];
    for (h = 0; h < H; h++) hand[n++] = d_z2[h];
    for (h = 0; h < H; h++)
        for (o = 0; o < O; o++) hand[n++] = z3[h] * d_yhat[o];
    for (o = 0; o < O; o++) hand[n++] = d_yhat[o];
    for (i = 0; i < I; i++) {
        hand[n] = 0;
        for (h = 0; h < H; h++) hand[n] += W1[i * H + h] * d_z2[h];
        n++;
    }
    /* The seed's order of factors, read as matrix products: dl/dW2 = dl/dz4 z3^T
       (O x H: the transpose), and dl/dz3 = W2^T dl/dz4, which then flows into
       dl/dz2, dl/db1 and dl/dW1. Square W2: both compute. */
    for (h = 0; h < H; h++) {
        wrong_d_z3[h] = 0;
        for (o = 0; o < O; o++) wrong_d_z3[h] += W2[o * O + h] * d_yhat[o];
        wrong_d_z2[h] = wrong_d_z3[h] * z3[h] * (1 - z3[h]);
    }
    n = 0;
    for (i = 0; i < I; i++)
        for (h = 0; h < H; h++) wrong[n++] = x[i] * wrong_d_z2[h];
    for (h = 0; h < H; h++) wrong[n++] = wrong_d_z2[h];
    for (h = 0; h < H; h++)
        for (o = 0; o < O; o++) wrong[n++] = d_yhat[h] * z3[o]; /* (dl/dz4 z3^T)[h][o] */
    for (o = 0; o < O; o++) wrong[n++] = d_yhat[o];

    /* finite differences of l = O * mlp.h's MSE (a mean over the O outputs) */
    n = (int)numeric_gradient(&net, &X, &Y, fd);
    for (i = 0; i < I; i++) fd[n++] = (mlp_real)central_difference(&net, &X, &Y, &x[i]);
    for (n = 0; n < P + I; n++) fd[n] *= O;
    forward_backward(&net, &X, &Y);
    library_gradient(&net, lib);
    for (n = 0; n < P; n++) lib[n] *= O;
    r.hand_vs_fd = rel_diff(hand, fd, P + I);
    r.hand_vs_library = rel_diff(hand, lib, P);
    r.wrong_vs_fd = rel_diff(wrong, fd, P);
    mlp_net_free(&net);
    return r;
}

/* ---- D4: the slides' 2-2-1 example ---------------------------------------------
       yhat = sigma(z),  z  = w1 h1 + w2 h2 + b3
       h1 = f(z1),       z1 = w11 x1 + w21 x2 + b1
       h2 = f(z2),       z2 = w12 x1 + w22 x2 + b2
   with f = tanh, the binary cross-entropy J = -y log yhat - (1 - y) log(1 - yhat)
   of one sample, and fixed numbers so that the table reads the same in every
   run. w_ij joins input i to hidden unit j: mlp.h's W[i][j]. */
enum { D4_W11, D4_W21, D4_W12, D4_W22, D4_B1, D4_B2, D4_W1, D4_W2, D4_B3, D4_N };
static const char *const D4_NAMES[D4_N] = {"w11", "w21", "w12", "w22", "b1", "b2", "w1", "w2", "b3"};
static const double D4_VALUE[D4_N] = {0.3, -0.4, 0.8, 0.2, 0.1, -0.3, 1.2, -0.7, 0.5};
static const double D4_X[2] = {0.5, -1.0}, D4_Y = 0;

typedef struct d4_result {
    double chain[D4_N], fd[D4_N], bp[D4_N]; /* dJ/dparameter three ways */
    double typo_b3;                         /* dJ/db3 from the forward formula with "- b3" */
    double yhat, yhat_typo;                 /* the network's output, and the typo'd formula's */
    double chain_vs_fd;                     /* relative error over the nine */
} d4_result;

static d4_result d4_check(void)
{
    mlp_net net;
    mlp_rng rng;
    mlp_real x[2], yv[1];
    mlp_mat X = mlp_mat_view(1, 2, x), Y = mlp_mat_view(1, 1, yv);
    mlp_real *where[D4_N];
    mlp_real chain[D4_N], fd[D4_N];
    double v[D4_N], z1, z2, h1, h2, z, yhat, dJ_dz, z_typo, y = D4_Y;
    d4_result r;
    int k;
    course_ok(mlp_net_new(&net, 2, MLP_BCE) || mlp_net_add(&net, 2, MLP_TANH) || mlp_net_add(&net, 1, MLP_SIGMOID),
              "building the network");
    mlp_rng_seed(&rng, 1); /* every weight is overwritten below */
    course_ok(mlp_net_initialize(&net, &rng), "mlp_net_initialize");
    where[D4_W11] = &net.layers[0].W.data[0 * 2 + 0], where[D4_W12] = &net.layers[0].W.data[0 * 2 + 1];
    where[D4_W21] = &net.layers[0].W.data[1 * 2 + 0], where[D4_W22] = &net.layers[0].W.data[1 * 2 + 1];
    where[D4_B1] = &net.layers[0].b.data[0], where[D4_B2] = &net.layers[0].b.data[1];
    where[D4_W1] = &net.layers[1].W.data[0], where[D4_W2] = &net.layers[1].W.data[1];
    where[D4_B3] = &net.layers[1].b.data[0];
    for (k = 0; k < D4_N; k++) *where[k] = (mlp_real)(v[k] = D4_VALUE[k]);
    x[0] = (mlp_real)D4_X[0], x[1] = (mlp_real)D4_X[1], yv[0] = (mlp_real)y;

    /* forward, as the slides' system */
    z1 = v[D4_W11] * D4_X[0] + v[D4_W21] * D4_X[1] + v[D4_B1];
    z2 = v[D4_W12] * D4_X[0] + v[D4_W22] * D4_X[1] + v[D4_B2];
    h1 = tanh(z1), h2 = tanh(z2);
    z = v[D4_W1] * h1 + v[D4_W2] * h2 + v[D4_B3];
    yhat = 1 / (1 + exp(-z));
    /* the chain rule, factor by factor as the slides write it:
       dJ/dyhat dyhat/dz = (yhat - y) / (yhat (1 - yhat)) * yhat (1 - yhat) = yhat - y */
    dJ_dz = ((yhat - y) / (yhat * (1 - yhat))) * (yhat * (1 - yhat));
    chain[D4_W1] = (mlp_real)(dJ_dz * h1);                 /* dz/dw1 = h1 */
    chain[D4_W2] = (mlp_real)(dJ_dz * h2);
    chain[D4_B3] = (mlp_real)(dJ_dz * 1);                  /* dz/db3 = +1 */
    chain[D4_W11] = (mlp_real)(dJ_dz * v[D4_W1] * (1 - h1 * h1) * D4_X[0]); /* dz/dh1 dh1/dz1 dz1/dw11 */
    chain[D4_W21] = (mlp_real)(dJ_dz * v[D4_W1] * (1 - h1 * h1) * D4_X[1]);
    chain[D4_B1] = (mlp_real)(dJ_dz * v[D4_W1] * (1 - h1 * h1));
    chain[D4_W12] = (mlp_real)(dJ_dz * v[D4_W2] * (1 - h2 * h2) * D4_X[0]);
    chain[D4_W22] = (mlp_real)(dJ_dz * v[D4_W2] * (1 - h2 * h2) * D4_X[1]);
    chain[D4_B2] = (mlp_real)(dJ_dz * v[D4_W2] * (1 - h2 * h2));
    /* the slide's expanded formula, with its typo: sigma(w1 f(.) + w2 f(.) - b3) */
    z_typo = v[D4_W1] * h1 + v[D4_W2] * h2 - v[D4_B3];
    r.yhat_typo = 1 / (1 + exp(-z_typo));
    r.typo_b3 = (r.yhat_typo - y) * -1; /* dJ/dz_typo times dz_typo/db3 = -1 */
    r.yhat = yhat;

    for (k = 0; k < D4_N; k++) fd[k] = (mlp_real)central_difference(&net, &X, &Y, where[k]);
    forward_backward(&net, &X, &Y);
    for (k = 0; k < D4_N; k++) {
        /* where[] points into W and b; the gradient is at the same place in dW and db */
        const mlp_layer *L = &net.layers[k >= D4_W1];
        const mlp_mat *P = where[k] >= L->W.data && where[k] < L->W.data + L->n_in * L->n_out ? &L->W : &L->b;
        const mlp_mat *G = P == &L->W ? &L->dW : &L->db;
        r.bp[k] = (double)G->data[where[k] - P->data];
        r.chain[k] = (double)chain[k];
        r.fd[k] = (double)fd[k];
    }
    r.chain_vs_fd = rel_diff(chain, fd, D4_N);
    mlp_net_free(&net);
    return r;
}

/* ---- one training run, recorded -----------------------------------------------
   rec[e], e = 0..epochs: training loss (of the whole training set, after the
   epoch), validation loss, training and validation accuracy (%). The batch
   order comes from a generator seeded with order_seed. */
typedef struct record {
    double train_loss, val_loss, train_acc, val_acc;
} record;

static void train_recorded(mlp_net *net, const mlp_split *s, int epochs, unsigned long long order_seed, record *rec)
{
    mlp_optim opt = mlp_sgd((mlp_real)LR);
    mlp_rng order;
    mlp_mat P = {0};
    int epoch;
    opt.momentum = (mlp_real)MOMENTUM;
    mlp_rng_seed(&order, order_seed);
    for (epoch = 0; epoch <= epochs; epoch++) {
        mlp_real tr, va;
        if (epoch > 0) course_ok(mlp_train_epoch(net, &opt, &s->X_train, &s->Y_train, BATCH, &order, NULL), "mlp_train_epoch");
        course_ok(mlp_evaluate(net, &s->X_train, &s->Y_train, &tr), "mlp_evaluate");
        course_ok(mlp_evaluate(net, &s->X_val, &s->Y_val, &va), "mlp_evaluate");
        rec[epoch].train_loss = (double)tr;
        rec[epoch].val_loss = (double)va;
        rec[epoch].train_acc = accuracy(net, &s->X_train, &s->Y_train, &P);
        rec[epoch].val_acc = accuracy(net, &s->X_val, &s->Y_val, &P);
    }
    mlp_mat_free(&P);
}

/* The initializations compared (E8): mlp.h's default, the seed's N(0, 0.3^2)
   (biases 0), and PyTorch's nn.Linear default (W and b uniform in
   +-1/sqrt(n_in)), each at width HIDDEN and WIDE. */
/* The first epoch whose training loss is below INIT_TARGET; epochs + 1 if none is. */
static int epochs_to_target(const record *rec, int epochs)
{
    int e;
    for (e = 0; e <= epochs; e++)
        if (rec[e].train_loss < INIT_TARGET) return e;
    return epochs + 1;
}

#define N_INITS 3
static const mlp_init_kind INIT_KIND[N_INITS] = {MLP_INIT_AUTO, MLP_INIT_NORMAL, MLP_INIT_PYTORCH};
static const char *const INIT_KEY[N_INITS] = {"default", "normal03", "pytorch"};

int main(int argc, char **argv)
{
    int per_class, epochs, grid, N, i, e, w, best_epoch = 0, k;
    mlp_mat X = {0}, Y = {0}, Xg = {0}, P = {0}, cls = {0};
    mlp_split split;
    mlp_rng rng;
    mlp_net net;
    mlp_gradcheck worst;
    hand_grads g, g_bug;
    double hand_diff, grad_scale, hand_fd, bug_fd, rel_err, best_val_acc = -1, test_acc;
    double same[N_WAYS][SAME_EPOCHS + 1], torch[SAME_EPOCHS + 1], ways_diff = 0, torch_diff = NAN;
    double bc_diff = 0, t_fd, t_bp, fd_ratio, narrow_ratio, slowest_ratio;
    int to_target[2][N_INITS];
    double mean_loss[2][N_INITS];
    long n_params, fd_count;
    mlp_real test_loss;
    record *rec, *init_rec[2][N_INITS];
    unsigned long long seed;
    char why[600] = "", torch_file[4096] = "";
    int have_torch;
    c7_result c7;
    d4_result d4;
    FILE *f;

    course_start(argc, argv, "03_backprop", "backprop");
    memset(&split, 0, sizeof split);
    memset(&g, 0, sizeof g);
    memset(&g_bug, 0, sizeof g_bug);
    seed = course_seed(SEED);
    per_class = course_pick(120, 200);
    epochs = course_pick(150, 600);
    grid = course_pick(81, 201);
    N = N_CLASSES * per_class;

    /* ---- data: spirals, split at random into training, validation and test ---- */
    mlp_rng_seed(&rng, seed);
    make_spirals(&rng, per_class, &X, &Y);
    course_ok(mlp_split_data(&split, &X, &Y, (mlp_real)VAL_FRACTION, (mlp_real)TEST_FRACTION, &rng), "mlp_split_data");
    f = course_open("data.tsv");
    fprintf(f, "# x1\tx2\tclass\tsplit (0 training, 1 validation, 2 test)\n");
    {
        const mlp_mat *Xs[3] = {&split.X_train, &split.X_val, &split.X_test};
        const mlp_mat *Ys[3] = {&split.Y_train, &split.Y_val, &split.Y_test};
        int part;
        for (part = 0; part < 3; part++) {
            course_ok(mlp_argmax(&cls, Ys[part]), "mlp_argmax");
            for (i = 0; i < Xs[part]->rows; i++)
                fprintf(f, "%.17g\t%.17g\t%d\t%d\n", (double)Xs[part]->data[2 * i], (double)Xs[part]->data[2 * i + 1],
                        (int)cls.data[i], part);
        }
    }
    course_close(f, "data.tsv");

    /* ---- the network: 2 -> HIDDEN tanh -> 3 softmax, cross-entropy ---- */
    build_net(&net, HIDDEN, MLP_INIT_AUTO, 0, seed + 1);
    n_params = mlp_net_param_count(&net);

    /* ---- the two checks, on the first CHECK_BATCH training samples ---- */
    {
        mlp_mat Xb = mlp_mat_view(CHECK_BATCH, 2, split.X_train.data);
        mlp_mat Yb = mlp_mat_view(CHECK_BATCH, N_CLASSES, split.Y_train.data);
        mlp_real *fd = malloc(sizeof *fd * n_params);
        const mlp_layer *hid = &net.layers[0];
        const size_t n_w1 = (size_t)hid->n_in * hid->n_out;
        if (!fd) course_die("out of memory");
        forward_backward(&net, &Xb, &Yb);
        backprop_by_hand(&Xb, &Yb, &net.layers[0].A, &net.layers[1].A, &net.layers[1].W, 0, &g);
        backprop_by_hand(&Xb, &Yb, &net.layers[0].A, &net.layers[1].A, &net.layers[1].W, 1, &g_bug);
        hand_diff = diff_from_library(&g, &net);
        grad_scale = 0;
        for (k = 0; k < net.layers[1].dW.rows * net.layers[1].dW.cols; k++)
            grad_scale = fmax(grad_scale, fabs((double)net.layers[1].dW.data[k]));
        for (k = 0; k < (int)n_w1; k++) grad_scale = fmax(grad_scale, fabs((double)hid->dW.data[k]));
        /* every gradient, laid out as numeric_gradient lays them out */
        numeric_gradient(&net, &Xb, &Yb, fd);
        hand_fd = rel_diff_grads(&g, fd);
        bug_fd = rel_diff_grads(&g_bug, fd);
        free(fd);
        /* mlp.h's own check, on every parameter */
        rel_err = (double)mlp_grad_check(&net, &Xb, &Yb, 0, &worst);
        if (rel_err != rel_err) course_ok(MLP_ERR_NOMEM, "mlp_grad_check");
    }

    /* ---- self-check: stop here if a gradient is wrong ----
       `make handout` turns backprop_by_hand's loops, and in mlp.h the dense
       backward and the tanh derivative, into TODOs; these checks then fail
       and name the TODO to fill in. Finite differences need only the forward
       pass, so they judge each part on its own: the output layer alone
       (softmax with cross-entropy: no activation derivative involved) tests
       the dense backward, the whole network adds the tanh derivative. With
       MLP_CHECK_ONLY=1 in the environment the program stops after them. */
    {
        mlp_mat Xb = mlp_mat_view(CHECK_BATCH, 2, split.X_train.data);
        mlp_mat Yb = mlp_mat_view(CHECK_BATCH, N_CLASSES, split.Y_train.data);
        mlp_net alone;
        mlp_rng rng_alone; /* its own stream */
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
            fprintf(stderr, "03_backprop: FAILED: the gradients by hand vs finite differences: relative error %.2g (should be "
                            "< %g): see TODO(backprop-by-hand) in exercises/03_backprop.c, backprop_by_hand\n",
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
        if (failed || (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0)) {
            hand_grads_free(&g), hand_grads_free(&g_bug);
            mlp_net_free(&net);
            mlp_split_free(&split);
            mlp_mat_free(&X), mlp_mat_free(&Y), mlp_mat_free(&cls);
            if (failed) return 1;
            printf("03_backprop: self-check passed\n");
            return 0;
        }
    }
    hand_grads_free(&g), hand_grads_free(&g_bug);

    /* ---- finite differences against backpropagation: counted, and timed ----
       One gradient by central differences is 2 forward passes per parameter;
       backpropagation is one forward and one backward pass. The times are
       the best of several repetitions (the least disturbed by other work on
       the machine); they go to stdout only, since they vary from run to run. */
    {
        mlp_mat Xb = mlp_mat_view(CHECK_BATCH, 2, split.X_train.data);
        mlp_mat Yb = mlp_mat_view(CHECK_BATCH, N_CLASSES, split.Y_train.data);
        mlp_real *G = malloc(sizeof *G * n_params);
        const int reps = 7, fd_calls = 4, bp_calls = 400;
        int r, c;
        if (!G) course_die("out of memory");
        forward_passes = 0;
        numeric_gradient(&net, &Xb, &Yb, G);
        fd_count = forward_passes;
        t_fd = t_bp = INFINITY;
        for (r = 0; r < reps; r++) {
            double t0 = seconds(), t1, t2;
            for (c = 0; c < fd_calls; c++) numeric_gradient(&net, &Xb, &Yb, G);
            t1 = seconds();
            for (c = 0; c < bp_calls; c++) forward_backward(&net, &Xb, &Yb);
            t2 = seconds();
            t_fd = fmin(t_fd, (t1 - t0) / fd_calls);
            t_bp = fmin(t_bp, (t2 - t1) / bp_calls);
        }
        fd_ratio = t_fd / t_bp;
        free(G);
    }

    /* ---- the same training four ways, and PyTorch's ---- */
    four_ways(same);
    for (w = 0; w < 3; w++)
        for (e = 0; e <= SAME_EPOCHS; e++) ways_diff = fmax(ways_diff, fabs(same[w][e] - same[3][e]));
    for (e = 0; e <= SAME_EPOCHS; e++) bc_diff = fmax(bc_diff, fmax(fabs(same[1][e] - same[3][e]), fabs(same[2][e] - same[3][e])));
    have_torch = read_torch_losses(torch, why, sizeof why, torch_file, sizeof torch_file);
    if (have_torch) {
        torch_diff = 0;
        for (e = 0; e <= SAME_EPOCHS; e++) torch_diff = fmax(torch_diff, fabs(torch[e] - same[3][e]));
    } else {
        fprintf(stderr, "03_backprop: the PyTorch losses: %s\n", why);
        for (e = 0; e <= SAME_EPOCHS; e++) torch[e] = NAN;
    }
    f = course_open("same.tsv");
    fprintf(f, "# epoch\t(a) loops\t(b) mlp_backward + hand update\t(c) mlp_step\t(d) mlp_train_epoch\tPyTorch"
               "\t|a-d|\t|b-d|\t|c-d|\t|PyTorch-d|\n");
    for (e = 0; e <= SAME_EPOCHS; e++) {
        fprintf(f, "%d", e);
        for (w = 0; w < N_WAYS; w++) fprintf(f, "\t%.17g", same[w][e]);
        fprintf(f, "\t%.17g", torch[e]);
        for (w = 0; w < 3; w++) fprintf(f, "\t%.17g", fabs(same[w][e] - same[3][e]));
        fprintf(f, "\t%.17g\n", fabs(torch[e] - same[3][e]));
    }
    course_close(f, "same.tsv");

    /* ---- C7 and D4 ---- */
    c7 = c7_check();
    d4 = d4_check();

    /* ---- training: mini-batch SGD with momentum, and the initializations ----
       init_rec[0][0] is the chapter's main run (width HIDDEN, the default
       initialization); every run of one width starts from the same
       generator state and sees the same batch order. */
    for (w = 0; w < 2; w++)
        for (k = 0; k < N_INITS; k++) {
            mlp_net n2;
            init_rec[w][k] = malloc(sizeof(record) * (epochs + 1));
            if (!init_rec[w][k]) course_die("out of memory");
            if (w == 0 && k == 0) continue; /* the main run, below */
            build_net(&n2, w ? WIDE : HIDDEN, INIT_KIND[k], INIT_STD, seed + 1);
            train_recorded(&n2, &split, epochs, seed + 2, init_rec[w][k]);
            mlp_net_free(&n2);
            course_progress("initializations: width %d, %s", w ? WIDE : HIDDEN, INIT_KEY[k]);
        }
    course_progress_done();
    rec = init_rec[0][0];
    train_recorded(&net, &split, epochs, seed + 2, rec);
    f = course_open("curves.tsv");
    fprintf(f, "# epoch\ttrain_loss\tval_loss\ttrain_acc_percent\tval_acc_percent\n");
    for (e = 0; e <= epochs; e++) {
        fprintf(f, "%d\t%.17g\t%.17g\t%.17g\t%.17g\n", e, rec[e].train_loss, rec[e].val_loss, rec[e].train_acc,
                rec[e].val_acc);
        if (rec[e].val_acc > best_val_acc) best_val_acc = rec[e].val_acc, best_epoch = e;
    }
    course_close(f, "curves.tsv");
    f = course_open("init.tsv");
    fprintf(f, "# epoch, then the validation loss of width %d: default, N(0, %g^2), PyTorch's; the same for width "
               "%d; then the training losses in the same order\n", HIDDEN, INIT_STD, WIDE);
    for (e = 0; e <= epochs; e++) {
        fprintf(f, "%d", e);
        for (w = 0; w < 2; w++)
            for (k = 0; k < N_INITS; k++) fprintf(f, "\t%.17g", init_rec[w][k][e].val_loss);
        for (w = 0; w < 2; w++)
            for (k = 0; k < N_INITS; k++) fprintf(f, "\t%.17g", init_rec[w][k][e].train_loss);
        fprintf(f, "\n");
    }
    course_close(f, "init.tsv");
    f = course_open("init_meta.tsv"); /* for the plot's titles */
    fprintf(f, "# hidden\twide\ttarget\tinit_std\n%d\t%d\t%g\t%g\n", HIDDEN, WIDE, INIT_TARGET, INIT_STD);
    course_close(f, "init_meta.tsv");

    for (w = 0; w < 2; w++)
        for (k = 0; k < N_INITS; k++) to_target[w][k] = epochs_to_target(init_rec[w][k], epochs);
    /* How slowly each run trains, as one number for any budget: its training loss averaged over the
       epochs (the area under its curve). The default at width WIDE against the slowest other run; the
       slowest of the three at width HIDDEN against the fastest. */
    for (w = 0; w < 2; w++)
        for (k = 0; k < N_INITS; k++) {
            mean_loss[w][k] = 0;
            for (e = 1; e <= epochs; e++) mean_loss[w][k] += init_rec[w][k][e].train_loss / epochs;
        }
    {
        double slowest_other = 0, lo = mean_loss[0][0], hi = mean_loss[0][0];
        for (w = 0; w < 2; w++)
            for (k = 0; k < N_INITS; k++)
                if (!(w == 1 && k == 0)) slowest_other = fmax(slowest_other, mean_loss[w][k]);
        slowest_ratio = mean_loss[1][0] / slowest_other;
        for (k = 1; k < N_INITS; k++) lo = fmin(lo, mean_loss[0][k]), hi = fmax(hi, mean_loss[0][k]);
        narrow_ratio = hi / lo;
    }

    /* ---- the test set, once, at the end ---- */
    course_ok(mlp_evaluate(&net, &split.X_test, &split.Y_test, &test_loss), "mlp_evaluate");
    test_acc = accuracy(&net, &split.X_test, &split.Y_test, &P);

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
    course_put("n_train", "%d", split.X_train.rows);
    course_put("n_val", "%d", split.X_val.rows);
    course_put("n_test", "%d", split.X_test.rows);
    course_put("hidden", "%d", HIDDEN);
    course_put("n_params", "%ld", n_params);
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
    course_put("fd_forward_passes", "%ld", fd_count);
    course_put("init_val_acc", "%.1f", rec[0].val_acc);
    course_put("init_val_loss", "%.3f", rec[0].val_loss);
    course_put("train_loss", "%.3f", rec[epochs].train_loss);
    course_put("val_loss", "%.3f", rec[epochs].val_loss);
    course_put("train_acc", "%.1f", rec[epochs].train_acc);
    course_put("val_acc", "%.1f", rec[epochs].val_acc);
    course_put("best_val_acc", "%.1f", best_val_acc);
    course_put("best_val_epoch", "%d", best_epoch);
    course_put("test_loss", "%.3f", (double)test_loss);
    course_put("test_acc", "%.1f", test_acc);
    course_put("grid", "%d", grid);
    /* the four ways and PyTorch */
    course_put("same_seed", "%llu", SAME_SEED);
    course_put("same_points", "%d", N_CLASSES * SAME_PER_CLASS);
    course_put("same_epochs", "%d", SAME_EPOCHS);
    course_put("same_steps", "%d", SAME_EPOCHS * ((N_CLASSES * SAME_PER_CLASS + BATCH - 1) / BATCH));
    course_put("same_last_batch", "%d", N_CLASSES * SAME_PER_CLASS % BATCH);
    course_put("same_loss_0", "%.4f", same[3][0]);
    course_put("same_loss_end", "%.4f", same[3][SAME_EPOCHS]);
    course_put_sci("ways_max_diff", ways_diff, 2);
    course_put_sci("ways_bc_max_diff", bc_diff, 2);
    {
        double ad = 0;
        for (e = 0; e <= SAME_EPOCHS; e++) ad = fmax(ad, fabs(same[0][e] - same[3][e]));
        course_put_sci("ways_a_max_diff", ad, 2);
    }
    if (have_torch) course_put_sci("torch_max_diff", torch_diff, 2);
    else course_put("torch_max_diff", "missing");
    /* finite differences vs backprop */
    course_put("fd_passes_per_backprop", "%.0f", (double)fd_count / 3);
    /* C7 */
    course_put("c7_in", "%d", C7_IN);
    course_put("c7_hidden", "%d", C7_H);
    course_put("c7_out", "%d", C7_OUT);
    course_put_sci("c7_hand_vs_fd", c7.hand_vs_fd, 2);
    course_put_sci("c7_hand_vs_library", c7.hand_vs_library, 2);
    course_put("c7_wrong_vs_fd", "%.2g", c7.wrong_vs_fd);
    /* D4 */
    for (k = 0; k < D4_N; k++) {
        char key[48];
        snprintf(key, sizeof key, "d4_value_%s", D4_NAMES[k]);
        course_put(key, "%g", D4_VALUE[k]);
        snprintf(key, sizeof key, "d4_chain_%s", D4_NAMES[k]);
        course_put(key, "%.6f", d4.chain[k]);
        snprintf(key, sizeof key, "d4_fd_%s", D4_NAMES[k]);
        course_put(key, "%.6f", d4.fd[k]);
        snprintf(key, sizeof key, "d4_bp_%s", D4_NAMES[k]);
        course_put(key, "%.6f", d4.bp[k]);
    }
    course_put("d4_x1", "%g", D4_X[0]);
    course_put("d4_x2", "%g", D4_X[1]);
    course_put("d4_y", "%g", D4_Y);
    course_put("d4_typo_b3", "%.6f", d4.typo_b3);
    course_put("d4_yhat", "%.6f", d4.yhat);
    course_put("d4_yhat_typo", "%.6f", d4.yhat_typo);
    course_put_sci("d4_chain_vs_fd", d4.chain_vs_fd, 2);
    /* initializations */
    course_put("init_std", "%g", INIT_STD);
    course_put("wide", "%d", WIDE);
    for (w = 0; w < 2; w++)
        for (k = 0; k < N_INITS; k++) {
            char key[48];
            snprintf(key, sizeof key, "init_%s_%s_loss0", INIT_KEY[k], w ? "wide" : "narrow");
            course_put(key, "%.3f", init_rec[w][k][0].train_loss);
            snprintf(key, sizeof key, "init_%s_%s_val_loss", INIT_KEY[k], w ? "wide" : "narrow");
            course_put(key, "%.3f", init_rec[w][k][epochs].val_loss);
            snprintf(key, sizeof key, "init_%s_%s_val_acc", INIT_KEY[k], w ? "wide" : "narrow");
            course_put(key, "%.1f", init_rec[w][k][epochs].val_acc);
            snprintf(key, sizeof key, "init_%s_%s_epochs", INIT_KEY[k], w ? "wide" : "narrow");
            if (to_target[w][k] > epochs) course_put(key, "more than %d", epochs);
            else course_put(key, "%d", to_target[w][k]);
            snprintf(key, sizeof key, "init_%s_%s_mean_loss", INIT_KEY[k], w ? "wide" : "narrow");
            course_put(key, "%.3f", mean_loss[w][k]);
        }
    course_put("init_target", "%g", INIT_TARGET);
    course_put("init_narrow_ratio", "%.2f", narrow_ratio);
    course_put("init_slowest_ratio", "%.2f", slowest_ratio);
    course_put("xavier_std_1_narrow", "%.3f", sqrt(2.0 / (2 + HIDDEN)));
    course_put("xavier_std_2_narrow", "%.3f", sqrt(2.0 / (HIDDEN + N_CLASSES)));
    course_put("xavier_std_1_wide", "%.3f", sqrt(2.0 / (2 + WIDE)));
    course_put("xavier_std_2_wide", "%.3f", sqrt(2.0 / (WIDE + N_CLASSES)));
    course_put("pytorch_std_1", "%.3f", 1 / sqrt(3.0 * 2));
    course_put("pytorch_std_2_narrow", "%.3f", 1 / sqrt(3.0 * HIDDEN));
    course_put("pytorch_std_2_wide", "%.3f", 1 / sqrt(3.0 * WIDE));

    printf("03_backprop: hand-written gradients vs mlp_backward: max |difference| %.1e (largest gradient %.2g)\n",
           hand_diff, grad_scale);
    printf("03_backprop: gradients by hand vs finite differences: relative error %.1e; without the tanh factor: %.2g\n",
           hand_fd, bug_fd);
    printf("03_backprop: mlp_backward vs finite differences: worst relative error %.1e over %ld parameters\n",
           rel_err, worst.n_checked);
    printf("03_backprop: one gradient by finite differences: %ld forward passes, %.3g s; by backprop: %.3g s "
           "(%.0f times faster)\n", fd_count, t_fd, t_bp, fd_ratio);
    printf("03_backprop: four ways, %d epochs: largest difference from mlp_train_epoch %.2g (a: loops), %.2g (b, c)\n",
           SAME_EPOCHS, ways_diff, bc_diff);
    if (have_torch) printf("03_backprop: PyTorch (%s): largest difference %.2g\n", torch_file, torch_diff);
    printf("03_backprop: C7: derivation vs finite differences %.1e, vs mlp_backward %.1e; wrong transposes %.2g\n",
           c7.hand_vs_fd, c7.hand_vs_library, c7.wrong_vs_fd);
    printf("03_backprop: D4: dJ/db3 = %.6f (chain rule), %.6f (finite differences), %.6f (the typo'd formula)\n",
           d4.chain[D4_B3], d4.fd[D4_B3], d4.typo_b3);
    for (w = 0; w < 2; w++)
        for (k = 0; k < N_INITS; k++)
            printf("03_backprop: width %3d, init %-8s: loss %.3f at the start, %.3f on average, below %g at epoch "
                   "%d, validation loss %.3f, accuracy %.1f%%\n", w ? WIDE : HIDDEN, INIT_KEY[k],
                   init_rec[w][k][0].train_loss, mean_loss[w][k], INIT_TARGET, to_target[w][k],
                   init_rec[w][k][epochs].val_loss, init_rec[w][k][epochs].val_acc);
    printf("03_backprop: after %d epochs: loss %.3f (train) %.3f (validation), accuracy %.1f%% / %.1f%%; "
           "test (once): loss %.3f, accuracy %.1f%%\n", epochs, rec[epochs].train_loss, rec[epochs].val_loss,
           rec[epochs].train_acc, rec[epochs].val_acc, (double)test_loss, test_acc);

    /* ---- claims ----
       Bounds chosen over seeds 1-10 (sh tools/seeds.sh 03_backprop 10, and with QUICK=1; min-max over both):
       hand_equals_library 0; hand_vs_fd 2.9e-10-1.4e-9; forgot_tanh_caught 0.031-0.14; gradcheck
       1.2e-8-3.5e-7 (the usual rule: < 1e-7 right, > 1e-3 a bug; 1e-5 sits between); untrained_is_guessing
       0.003-0.19 from ln 3; learns_spirals 96.7-100 (full), 90.3-98.6 (quick). The four ways, PyTorch, C7,
       D4 and the counts do not depend on the seed: the bounds are about what rounding can do (1e-16) against
       what a mistake does (1e-3 and more). fd_slower: the measured ratio was 100-700 on a loaded 2-core
       machine, for a counted ratio of about 100. */
    course_claim_below("hand_equals_library",
                       "The loops written from the derivation give `mlp_backward`'s gradients "
                       "(largest difference, relative to the largest gradient entry)",
                       hand_diff / grad_scale, 1e-12);
    course_claim_below("hand_vs_fd", "The hand-written gradients agree with central differences (relative error, every "
                       "weight and bias)", hand_fd, 1e-6);
    course_claim_above("forgot_tanh_caught",
                       "Leaving out the factor $1 - h \\odot h$ is caught by finite differences (relative error)",
                       bug_fd, 1e-2);
    course_claim_below("gradcheck", "`mlp_grad_check`: worst relative error over every parameter", rel_err, 1e-5);
    course_claim_below("four_ways_equal",
                       "The same training done four ways gives the same loss at every epoch (largest difference "
                       "from `mlp_train_epoch`)", ways_diff, 1e-12);
    course_claim_below("pytorch_equal",
                       have_torch ? "PyTorch, from the same weights, data and batch order, gives the same loss at "
                                    "every epoch (largest difference; committed fixture)"
                                  : "PyTorch's losses (the committed fixture) could be read and apply",
                       have_torch ? torch_diff : INFINITY, 1e-12);
    course_claim_below("c7_vs_fd",
                       "Seed C7's network, its gradients with the transposes right, against finite differences "
                       "(relative error, every weight, bias and input)", c7.hand_vs_fd, 1e-7);
    course_claim_below("c7_vs_library", "The same gradients against `mlp_backward` (relative difference)",
                       c7.hand_vs_library, 1e-12);
    course_claim_above("c7_wrong_transposes_caught",
                       "The seed's order of factors read as matrix products ($\\delta z_3^\\top$, $W_2^\\top \\delta$) "
                       "disagrees with finite differences (relative error)", c7.wrong_vs_fd, 0.1);
    course_claim_below("d4_chain_rule",
                       "The slides' chain rule for the 2-2-1 network agrees with finite differences (relative error, "
                       "all nine parameters)", d4.chain_vs_fd, 1e-7);
    {
        char v[96];
        int ok = d4.typo_b3 * d4.fd[D4_B3] < 0 && d4.chain[D4_B3] * d4.fd[D4_B3] > 0;
        snprintf(v, sizeof v, "%+.3f, %+.3f; FD %+.3f", d4.typo_b3, d4.chain[D4_B3], d4.fd[D4_B3]);
        course_claim_true("d4_typo_sign",
                          "With the slides' \"$- b_3$\", $\\partial J / \\partial b_3$ has the sign opposite to finite "
                          "differences; with $+ b_3$ the same sign (typo'd, corrected; finite differences)", ok, v,
                          "opposite, same");
    }
    course_claim_equal("fd_forward_passes", "One gradient by central differences costs $2P$ forward passes",
                       fd_count, 2 * n_params);
    course_claim_true("fd_slower",
                      "Measured: one gradient by finite differences takes more than 10 times as long as one by "
                      "backpropagation (the exact times vary; the run prints them)",
                      fd_ratio > 10, fd_ratio > 10 ? "more than 10 times" : "10 times or less", "> 10 times");
    course_claim_below("untrained_is_guessing",
                       "Before training, the validation loss is that of guessing, $\\ln 3 = 1.10$ for three classes "
                       "(distance from it)", fabs(rec[0].val_loss - log(3.0)), 0.3);
    course_claim_above("learns_spirals", "After training, test accuracy (%, the test set used once) is far above chance",
                       test_acc, course.quick ? 70 : 90);
    {
        /* Bounds, over seeds 1-20 and the default seed, full and quick runs: averaged over the run, the
           default's training loss at width WIDE was 1.9 to 3.7 times the next highest of the six (quick: 1.6
           to 2.1); at width HIDDEN the highest of the three was 1.05 to 1.56 times the lowest (both modes). */
        char text[2][300];
        snprintf(text[0], sizeof text[0],
                 "Width %d: the default (Xavier) initialization trains slowest of the six runs (training loss "
                 "averaged over the run, over the next highest)", WIDE);
        snprintf(text[1], sizeof text[1],
                 "Width %d: the three initializations train about as fast (training loss averaged over the run, "
                 "highest over lowest)", HIDDEN);
        course_claim_above("init_wide_default_slowest", text[0], slowest_ratio, 1.3);
        course_claim_below("init_narrow_alike", text[1], narrow_ratio, 2);
    }

    for (w = 0; w < 2; w++)
        for (k = 0; k < N_INITS; k++) free(init_rec[w][k]);
    mlp_net_free(&net);
    mlp_split_free(&split);
    mlp_mat_free(&X), mlp_mat_free(&Y), mlp_mat_free(&Xg), mlp_mat_free(&P), mlp_mat_free(&cls);
    return course_end();
}
