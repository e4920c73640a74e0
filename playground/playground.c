/* playground.c - the C side of the playground page, and the same program natively.

   `make playground` compiles this file, with mlp.h unchanged, to WebAssembly
   and embeds it in build/playground/index.html (playground/README.md). The
   page's JavaScript only draws and forwards clicks: every number it shows
   comes from the functions below, which call mlp.h exactly as a C program
   would. Compiled natively, the same file is a command-line program that
   runs a configuration and prints what the page prints, so that the two can
   be compared bit for bit:

       cc -std=c99 -O2 -ffp-contract=off -o playground playground/playground.c -lm
       ./playground 'data=spirals n=300 hidden=16:tanh,16:tanh opt=adam lr=0.01 epochs=50'
       ./playground --save net.net 'CONFIG'    also write the trained network
       ./playground --csv X.csv 'CONFIG'       also write the inputs of the data set
       ./playground --bench 'CONFIG'           time the epochs (no evaluation between them)

   A configuration is one line of `key=value` words (the page shows the line
   for what is set, and parses the same text through pg_setup):

     data=circles|xor|spirals|blobs|sine|piecewise   the toy set (mlp_toy_*)
     n=200          samples, before the split         noise=0.1   (blobs: their spread)
     classes=3      blobs only                        train=0.8   fraction for training
     seed=1         one generator for data, split, initialization and shuffling
     hidden=8:tanh,8:tanh   widths and activations of the hidden layers ("" or none: no hidden layer)
     out=softmax    activation of the output layer    loss=cross_entropy|bce|mse
     init=auto      an mlp_init_name, for every layer
     opt=sgd|momentum|nesterov|adagrad|rmsprop|adam|adamw
     lr=0.01  momentum=0.9  batch=16  l2=0  l1=0  dropout=0 (on every hidden layer)
     epochs=100     the native program's number of epochs (the page: where Train stops)

   Defaults: data=circles n=200 noise=0.1 classes=3 train=0.8 seed=1
   hidden=8:tanh,8:tanh, for classification out=softmax loss=cross_entropy
   (bce: one sigmoid unit, two classes only), for regression out=identity
   loss=mse; init=auto opt=adam lr=0.01 momentum=0.9 batch=16, no penalty,
   no dropout, epochs=100.

   The order of the random draws is fixed: the data set, then the split,
   then the initialization, then each epoch's shuffle (and dropout's masks,
   from the network's own generator). After each epoch both sets are
   evaluated (mlp_evaluate: no dropout, no random draw). The weights digest is
   FNV-1a (64 bits) of the bytes of every W and b, layer after layer: equal
   digests mean equal weights to the last bit. */
/* open_memstream and fmemopen (POSIX 2008) turn the network file and CSV
   writers and readers of mlp.h into strings for the page. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Misuse of mlp.h (which the checks below try to make impossible) must not
   kill the page: record it and let the function return, as the manual
   allows. pg_fail then reports it like any other error. */
static int pg_misused;
static void pg_note_misuse(void) { pg_misused = 1; }
#define MLP_ASSERT(cond, msg) ((cond) ? (void)0 : pg_note_misuse())
#define MLP_IMPLEMENTATION
#include "../mlp.h"

#if defined(__wasm__)
#define PG_EXPORT(name) __attribute__((export_name(#name)))
#else
#define PG_EXPORT(name)
#endif

enum { PG_MAX_LAYERS = 8, PG_MAX_WIDTH = 256, PG_MAX_N = 20000 };
enum { PG_CIRCLES, PG_XOR, PG_SPIRALS, PG_BLOBS, PG_SINE, PG_PIECEWISE, PG_DATA_COUNT };
static const char *const pg_data_names[PG_DATA_COUNT] = {"circles", "xor", "spirals", "blobs", "sine", "piecewise"};
enum { PG_SGD, PG_MOMENTUM, PG_NESTEROV, PG_ADAGRAD, PG_RMSPROP, PG_ADAM, PG_ADAMW, PG_OPT_COUNT };
static const char *const pg_opt_names[PG_OPT_COUNT] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};

/* Everything set by a configuration line. */
typedef struct pg_config {
    int data, n, classes, seed, epochs, batch, opt;
    double noise, train, lr, momentum, l2, l1, dropout;
    int n_hidden, width[PG_MAX_LAYERS];
    mlp_act_kind act[PG_MAX_LAYERS];
    mlp_act_kind out;
    mlp_loss_kind loss;
    mlp_init_kind init;
    int out_set, loss_set;
} pg_config;

/* The inspector's copy of one layer at the moment of the step: after the
   backward pass, before the optimizer moved W (W_new is W after it). */
enum { PG_X, PG_Z, PG_A, PG_M, PG_DA, PG_DZ, PG_DW, PG_DB, PG_W, PG_B, PG_W_NEW, PG_B_NEW, PG_SNAP_COUNT };

/* The whole state of the page. One instance: the page shows one network. */
static struct {
    pg_config cfg;
    int classify;             /* 1: labels and decision regions; 0: 1-D regression */
    int K;                    /* classes (classification) */
    mlp_rng rng;              /* data, split, initialization, shuffles */
    mlp_mat X, T;             /* the whole data set: inputs, labels (N x 1) or targets */
    mlp_mat Y;                /* what the loss compares with: one-hot rows, 0/1 or targets */
    mlp_split split;          /* train and validation parts of X and Y */
    mlp_net net;
    mlp_optim opt;
    int ready;
    /* where training is: epoch counts finished epochs; within an epoch the
       shuffled order is perm and pos is the first sample not yet used */
    int epoch, pos, in_epoch;
    long steps;
    int *perm;
    double epoch_sum;         /* sum of batch loss * batch size so far in this epoch */
    double last_epoch_loss;   /* mean of the batch losses of the last finished epoch */
    double step_loss;         /* loss of the last batch */
    double train_loss, val_loss, train_acc, val_acc; /* mlp_evaluate after the last epoch or step */
    /* the inspector */
    int snap_valid, snap_layers;
    mlp_mat snap[PG_MAX_LAYERS][PG_SNAP_COUNT];
    mlp_mat snap_Y;
    int snap_start;           /* position of the batch in the epoch's order */
    /* outputs for the page */
    mlp_mat grid_X, grid_P;
    mlp_gradcheck gc;
    double gc_err;
    char *text;               /* last string handed out (export, CSV) */
    char *in;                 /* the page's input buffer */
    size_t in_cap;
    char error[600];
    char info[4096];
} pg;

static int pg_fail(const char *fmt, const char *arg)
{
    snprintf(pg.error, sizeof pg.error, fmt, arg);
    return -1;
}

/* ---- the configuration line ---------------------------------------------- */

static int pg_name_index(const char *name, const char *const *names, int count)
{
    int k;
    for (k = 0; k < count; k++)
        if (strcmp(name, names[k]) == 0) return k;
    return -1;
}

static int pg_act_from(const char *name, mlp_act_kind *act)
{
    int k;
    for (k = 0; k < MLP_ACT_COUNT; k++)
        if (strcmp(name, mlp_act_name((mlp_act_kind)k)) == 0) {
            *act = (mlp_act_kind)k;
            return 0;
        }
    return pg_fail("unknown activation '%s' (identity, sigmoid, tanh, relu, leaky_relu, softmax)", name);
}

static int pg_number(const char *key, const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= lo && x <= hi)) {
        snprintf(pg.error, sizeof pg.error, "%s=%s: expected a number from %g to %g", key, v, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

static int pg_integer(const char *key, const char *v, int lo, int hi, int *out)
{
    double x;
    if (pg_number(key, v, lo, hi, &x)) return -1;
    if (x != (int)x) {
        snprintf(pg.error, sizeof pg.error, "%s=%s: expected a whole number", key, v);
        return -1;
    }
    *out = (int)x;
    return 0;
}

/* hidden=16:tanh,16:relu */
static int pg_hidden(pg_config *c, char *v)
{
    char *item = v;
    c->n_hidden = 0;
    if (!*v || strcmp(v, "none") == 0) return 0;
    while (item) {
        char *next = strchr(item, ','), *colon;
        if (next) *next++ = '\0';
        if (c->n_hidden == PG_MAX_LAYERS - 1) return pg_fail("hidden: at most %s hidden layers", "7");
        colon = strchr(item, ':');
        if (colon) *colon++ = '\0';
        if (pg_integer("hidden width", item, 1, PG_MAX_WIDTH, &c->width[c->n_hidden])) return -1;
        c->act[c->n_hidden] = MLP_TANH;
        if (colon && pg_act_from(colon, &c->act[c->n_hidden])) return -1;
        if (c->act[c->n_hidden] == MLP_SOFTMAX) return pg_fail("hidden: softmax is for the output layer (%s)", colon);
        c->n_hidden++;
        item = next;
    }
    return 0;
}

static int pg_parse(pg_config *c, const char *line)
{
    char buf[1024], *word;
    memset(c, 0, sizeof *c);
    c->data = PG_CIRCLES;
    c->n = 200;
    c->noise = 0.1;
    c->classes = 3;
    c->train = 0.8;
    c->seed = 1;
    c->n_hidden = 2;
    c->width[0] = c->width[1] = 8;
    c->act[0] = c->act[1] = MLP_TANH;
    c->init = MLP_INIT_AUTO;
    c->opt = PG_ADAM;
    c->lr = 0.01;
    c->momentum = 0.9;
    c->batch = 16;
    c->epochs = 100;
    if (strlen(line) >= sizeof buf) return pg_fail("the configuration is too long (%s)", "over 1023 characters");
    strcpy(buf, line);
    for (word = strtok(buf, " \t\r\n"); word; word = strtok(NULL, " \t\r\n")) {
        char *v = strchr(word, '=');
        int k;
        if (!v) return pg_fail("'%s': expected key=value", word);
        *v++ = '\0';
        if (strcmp(word, "data") == 0) {
            if ((c->data = pg_name_index(v, pg_data_names, PG_DATA_COUNT)) < 0)
                return pg_fail("data=%s: expected circles, xor, spirals, blobs, sine or piecewise", v);
        } else if (strcmp(word, "n") == 0) {
            if (pg_integer(word, v, 4, PG_MAX_N, &c->n)) return -1;
        } else if (strcmp(word, "noise") == 0) {
            if (pg_number(word, v, 0, 10, &c->noise)) return -1;
        } else if (strcmp(word, "classes") == 0) {
            if (pg_integer(word, v, 2, 10, &c->classes)) return -1;
        } else if (strcmp(word, "train") == 0) {
            if (pg_number(word, v, 0.05, 1, &c->train)) return -1;
        } else if (strcmp(word, "seed") == 0) {
            if (pg_integer(word, v, 0, 2000000000, &c->seed)) return -1;
        } else if (strcmp(word, "hidden") == 0) {
            if (pg_hidden(c, v)) return -1;
        } else if (strcmp(word, "out") == 0) {
            if (pg_act_from(v, &c->out)) return -1;
            c->out_set = 1;
        } else if (strcmp(word, "loss") == 0) {
            for (k = 0; k < MLP_LOSS_COUNT && strcmp(v, mlp_loss_name((mlp_loss_kind)k)) != 0; k++) continue;
            if (k == MLP_LOSS_COUNT) return pg_fail("loss=%s: expected cross_entropy, bce or mse", v);
            c->loss = (mlp_loss_kind)k;
            c->loss_set = 1;
        } else if (strcmp(word, "init") == 0) {
            for (k = 0; k < MLP_INIT_COUNT && strcmp(v, mlp_init_name((mlp_init_kind)k)) != 0; k++) continue;
            if (k == MLP_INIT_COUNT || k == MLP_INIT_UNIFORM || k == MLP_INIT_NORMAL || k == MLP_INIT_CONSTANT)
                return pg_fail("init=%s: expected auto, xavier_uniform, xavier_normal, he_uniform, he_normal, lecun_normal or pytorch", v);
            c->init = (mlp_init_kind)k;
        } else if (strcmp(word, "opt") == 0) {
            if ((c->opt = pg_name_index(v, pg_opt_names, PG_OPT_COUNT)) < 0)
                return pg_fail("opt=%s: expected sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw", v);
        } else if (strcmp(word, "lr") == 0) {
            if (pg_number(word, v, 0, 100, &c->lr)) return -1;
        } else if (strcmp(word, "momentum") == 0) {
            if (pg_number(word, v, 0, 0.999, &c->momentum)) return -1;
        } else if (strcmp(word, "batch") == 0) {
            if (pg_integer(word, v, 1, PG_MAX_N, &c->batch)) return -1;
        } else if (strcmp(word, "l2") == 0) {
            if (pg_number(word, v, 0, 10, &c->l2)) return -1;
        } else if (strcmp(word, "l1") == 0) {
            if (pg_number(word, v, 0, 10, &c->l1)) return -1;
        } else if (strcmp(word, "dropout") == 0) {
            if (pg_number(word, v, 0, 0.9, &c->dropout)) return -1;
        } else if (strcmp(word, "epochs") == 0) {
            if (pg_integer(word, v, 0, 1000000, &c->epochs)) return -1;
        } else
            return pg_fail("unknown key '%s'", word);
    }
    /* The output layer and the loss, from the task when they were not given. */
    if (c->data == PG_SINE || c->data == PG_PIECEWISE) {
        if (!c->out_set) c->out = MLP_IDENTITY;
        if (!c->loss_set) c->loss = MLP_MSE;
        if (c->loss != MLP_MSE) return pg_fail("loss=%s: a regression set needs loss=mse", mlp_loss_name(c->loss));
        if (c->out == MLP_SOFTMAX) return pg_fail("out=%s: softmax of one output is always 1", "softmax");
    } else {
        if (!c->loss_set) c->loss = c->out_set && c->out == MLP_SIGMOID ? MLP_BCE : MLP_CROSS_ENTROPY;
        if (!c->out_set) c->out = c->loss == MLP_BCE ? MLP_SIGMOID : MLP_SOFTMAX;
        if (c->loss == MLP_CROSS_ENTROPY && c->out != MLP_SOFTMAX) return pg_fail("loss=cross_entropy needs out=softmax (%s)", mlp_act_name(c->out));
        if (c->loss == MLP_BCE && c->out != MLP_SIGMOID) return pg_fail("loss=bce needs out=sigmoid (%s)", mlp_act_name(c->out));
        if (c->loss == MLP_BCE && c->data == PG_BLOBS && c->classes != 2)
            return pg_fail("loss=bce: one sigmoid unit separates two classes; blobs has %s (use classes=2 or cross_entropy)", "more");
    }
    return 0;
}

/* x in as few digits as read back the same (0.1, not 0.10000000000000001). */
static const char *pg_short(char *s, double x)
{
    int digits;
    for (digits = 1; digits < 17; digits++) {
        snprintf(s, 32, "%.*g", digits, x);
        if (strtod(s, NULL) == x) return s;
    }
    snprintf(s, 32, "%.17g", x);
    return s;
}

/* The configuration as one line, every key written (what the page shows). */
static void pg_format(const pg_config *c, char *s, size_t size)
{
    char hidden[256] = "none", v[7][32];
    size_t used = 0;
    int l;
    for (l = 0; l < c->n_hidden; l++)
        used += (size_t)snprintf(hidden + used, sizeof hidden - used, "%s%d:%s", l ? "," : "", c->width[l], mlp_act_name(c->act[l]));
    snprintf(s, size,
             "data=%s n=%d noise=%s classes=%d train=%s seed=%d hidden=%s out=%s loss=%s init=%s "
             "opt=%s lr=%s momentum=%s batch=%d l2=%s l1=%s dropout=%s epochs=%d",
             pg_data_names[c->data], c->n, pg_short(v[0], c->noise), c->classes, pg_short(v[1], c->train), c->seed, hidden,
             mlp_act_name(c->out), mlp_loss_name(c->loss), mlp_init_name(c->init), pg_opt_names[c->opt],
             pg_short(v[2], c->lr), pg_short(v[3], c->momentum), c->batch, pg_short(v[4], c->l2), pg_short(v[5], c->l1),
             pg_short(v[6], c->dropout), c->epochs);
}

/* ---- building everything from a configuration ---------------------------- */

static void pg_free_snapshot(void)
{
    int l, f;
    for (l = 0; l < PG_MAX_LAYERS; l++)
        for (f = 0; f < PG_SNAP_COUNT; f++) mlp_mat_free(&pg.snap[l][f]);
    mlp_mat_free(&pg.snap_Y);
    pg.snap_valid = 0;
}

static void pg_free_all(void)
{
    mlp_mat_free(&pg.X);
    mlp_mat_free(&pg.T);
    mlp_mat_free(&pg.Y);
    mlp_split_free(&pg.split);
    mlp_net_free(&pg.net);
    free(pg.perm);
    pg.perm = NULL;
    pg_free_snapshot();
    pg.ready = 0;
}

/* The data set: X, the labels or targets T, and Y for the loss. */
static int pg_make_data(const pg_config *c)
{
    mlp_real noise = (mlp_real)c->noise;
    int s, i;
    pg.classify = c->data != PG_SINE && c->data != PG_PIECEWISE;
    pg.K = c->data == PG_BLOBS ? c->classes : 2;
    switch (c->data) {
    case PG_CIRCLES: s = mlp_toy_circles(&pg.X, &pg.T, c->n, noise, &pg.rng); break;
    case PG_XOR: s = mlp_toy_xor(&pg.X, &pg.T, c->n, noise, &pg.rng); break;
    case PG_SPIRALS: s = mlp_toy_spirals(&pg.X, &pg.T, c->n, noise, &pg.rng); break;
    case PG_BLOBS: s = mlp_toy_blobs(&pg.X, &pg.T, c->n, c->classes, noise, &pg.rng); break;
    case PG_SINE: s = mlp_toy_sine(&pg.X, &pg.T, c->n, noise, &pg.rng); break;
    default: s = mlp_toy_piecewise(&pg.X, &pg.T, c->n, noise, &pg.rng); break;
    }
    if (s) return s;
    if (!pg.classify || c->loss == MLP_BCE) return mlp_mat_copy(&pg.Y, &pg.T); /* targets, or 0/1 labels */
    if ((s = mlp_mat_init(&pg.Y, pg.T.rows, pg.K))) return s;
    for (i = 0; i < pg.T.rows; i++) pg.Y.data[i * pg.K + (int)pg.T.data[i]] = 1;
    return 0;
}

static mlp_optim pg_make_optim(const pg_config *c)
{
    mlp_optim o;
    mlp_real lr = (mlp_real)c->lr;
    switch (c->opt) {
    case PG_ADAGRAD: o = mlp_adagrad(lr); break;
    case PG_RMSPROP: o = mlp_rmsprop(lr); break;
    case PG_ADAM: o = mlp_adam(lr); break;
    case PG_ADAMW: o = mlp_adamw(lr); break;
    default:
        o = mlp_sgd(lr);
        if (c->opt != PG_SGD) o.momentum = (mlp_real)c->momentum;
        o.nesterov = c->opt == PG_NESTEROV;
        break;
    }
    o.weight_decay = (mlp_real)c->l2;
    o.l1 = (mlp_real)c->l1;
    return o;
}

static int pg_evaluate_sets(void);

PG_EXPORT(pg_setup) int pg_setup(const char *line)
{
    pg_config c;
    int l, s, n_out;
    pg.error[0] = '\0';
    pg_misused = 0;
    if (pg_parse(&c, line)) return -1;
    pg_free_all();
    memset(&pg.split, 0, sizeof pg.split);
    pg.cfg = c;
    mlp_rng_seed(&pg.rng, (unsigned long long)c.seed);
    if ((s = pg_make_data(&c))) return pg_fail("data: %s", mlp_last_error());
    if ((s = mlp_split_data(&pg.split, &pg.X, &pg.Y, (mlp_real)(1 - c.train), 0, &pg.rng)))
        return pg_fail("split: %s", mlp_last_error());
    n_out = !pg.classify || c.loss == MLP_BCE ? 1 : pg.K;
    if (mlp_net_new(&pg.net, pg.X.cols, c.loss)) return pg_fail("%s", mlp_last_error());
    for (l = 0; l < c.n_hidden; l++) {
        if (mlp_net_add(&pg.net, c.width[l], c.act[l])) return pg_fail("%s", mlp_last_error());
        pg.net.layers[l].dropout = (mlp_real)c.dropout;
    }
    if (mlp_net_add(&pg.net, n_out, c.out)) return pg_fail("%s", mlp_last_error());
    for (l = 0; l < pg.net.n_layers; l++) pg.net.layers[l].init = c.init;
    if (mlp_net_initialize(&pg.net, &pg.rng)) return pg_fail("%s", mlp_last_error());
    pg.opt = pg_make_optim(&c);
    pg.perm = (int *)malloc((size_t)pg.split.X_train.rows * sizeof *pg.perm);
    if (!pg.perm) return pg_fail("out of memory%s", "");
    pg.epoch = pg.pos = pg.in_epoch = 0;
    pg.steps = 0;
    pg.epoch_sum = pg.last_epoch_loss = pg.step_loss = 0;
    pg.gc_err = -1;
    pg.ready = 1;
    if (pg_misused) return pg_fail("mlp.h: %s", mlp_last_error());
    return pg_evaluate_sets();
}

/* ---- training -------------------------------------------------------------- */

static double pg_accuracy(const mlp_mat *X, const mlp_mat *Y)
{
    mlp_mat P = {0, 0, 0, NULL};
    double a;
    if (!pg.classify || X->rows == 0) return -1;
    if (mlp_predict(&pg.net, X, &P)) return -1;
    a = (double)mlp_accuracy(&P, Y);
    mlp_mat_free(&P);
    return a;
}

/* Loss and accuracy of both sets, in evaluation mode (no dropout). */
static int pg_evaluate_sets(void)
{
    mlp_real L = 0;
    if (mlp_evaluate(&pg.net, &pg.split.X_train, &pg.split.Y_train, &L)) return pg_fail("%s", mlp_last_error());
    pg.train_loss = (double)L;
    pg.val_loss = -1;
    if (pg.split.X_val.rows > 0) {
        if (mlp_evaluate(&pg.net, &pg.split.X_val, &pg.split.Y_val, &L)) return pg_fail("%s", mlp_last_error());
        pg.val_loss = (double)L;
    }
    pg.train_acc = pg_accuracy(&pg.split.X_train, &pg.split.Y_train);
    pg.val_acc = pg_accuracy(&pg.split.X_val, &pg.split.Y_val);
    return 0;
}

static void pg_gather(mlp_mat *dst, const mlp_mat *src, int start, int b)
{
    int r;
    for (r = 0; r < b; r++)
        memcpy(dst->data + (size_t)r * src->cols, src->data + (size_t)pg.perm[start + r] * src->cols,
               (size_t)src->cols * sizeof(mlp_real));
}

/* Copy what the inspector shows, after backward and before the step. */
static int pg_take_snapshot(const mlp_mat *Yb)
{
    int l, s = 0;
    for (l = 0; l < pg.net.n_layers && !s; l++) {
        mlp_layer *L = &pg.net.layers[l];
        mlp_mat empty = {0, 0, 0, NULL}, *sn = pg.snap[l];
        s = mlp_mat_copy(&sn[PG_X], L->X) || mlp_mat_copy(&sn[PG_Z], &L->Z) || mlp_mat_copy(&sn[PG_A], &L->A) ||
            mlp_mat_copy(&sn[PG_M], pg.net.dropout_on && L->dropout > 0 ? &L->M : &empty) ||
            mlp_mat_copy(&sn[PG_DA], &L->dA) || mlp_mat_copy(&sn[PG_DZ], &L->dZ) || mlp_mat_copy(&sn[PG_DW], &L->dW) ||
            mlp_mat_copy(&sn[PG_DB], &L->db) || mlp_mat_copy(&sn[PG_W], &L->W) || mlp_mat_copy(&sn[PG_B], &L->b);
    }
    if (!s) s = mlp_mat_copy(&pg.snap_Y, Yb);
    pg.snap_layers = pg.net.n_layers;
    return s;
}

/* One mini-batch step, exactly as one pass of mlp_train_epoch's loop: an
   epoch begins by shuffling the training samples with the generator, and
   each step takes the next batch of that order. So a run of steps through a
   whole epoch gives the same weights as one mlp_train_epoch (the native
   program checks this: --check-steps). */
static int pg_one_step(int snapshot)
{
    const mlp_mat *X = &pg.split.X_train, *Y = &pg.split.Y_train;
    int N = X->rows, bs = pg.cfg.batch < N ? pg.cfg.batch : N, b, l;
    mlp_real L;
    if (!pg.in_epoch) {
        if (mlp_mat_resize(&pg.net.batch_X, bs, X->cols) || mlp_mat_resize(&pg.net.batch_Y, bs, Y->cols))
            return pg_fail("%s", mlp_last_error());
        mlp_rng_permutation(&pg.rng, pg.perm, N);
        pg.in_epoch = 1;
        pg.pos = 0;
        pg.epoch_sum = 0;
    }
    b = N - pg.pos < bs ? N - pg.pos : bs;
    mlp_mat_resize(&pg.net.batch_X, b, X->cols);
    mlp_mat_resize(&pg.net.batch_Y, b, Y->cols);
    pg_gather(&pg.net.batch_X, X, pg.pos, b);
    pg_gather(&pg.net.batch_Y, Y, pg.pos, b);
    pg.net.training = 1;
    if (!mlp_forward(&pg.net, &pg.net.batch_X)) return pg_fail("%s", mlp_last_error());
    L = mlp_loss(&pg.net, &pg.net.batch_Y);
    if (!(L - L == 0)) return pg_fail("the loss became %s: try a smaller learning rate", L != L ? "NaN" : "infinite");
    mlp_zero_grad(&pg.net);
    if (mlp_backward(&pg.net, &pg.net.batch_Y)) return pg_fail("%s", mlp_last_error());
    if (mlp_net_check_finite(&pg.net)) return pg_fail("%s", mlp_last_error());
    if (snapshot) {
        if (pg_take_snapshot(&pg.net.batch_Y)) return pg_fail("%s", mlp_last_error());
        pg.snap_start = pg.pos;
    }
    if (mlp_step(&pg.net, &pg.opt)) return pg_fail("%s", mlp_last_error());
    if (snapshot) {
        for (l = 0; l < pg.net.n_layers; l++)
            if (mlp_mat_copy(&pg.snap[l][PG_W_NEW], &pg.net.layers[l].W) || mlp_mat_copy(&pg.snap[l][PG_B_NEW], &pg.net.layers[l].b))
                return pg_fail("%s", mlp_last_error());
        pg.snap_valid = 1;
    }
    pg.step_loss = (double)L;
    pg.epoch_sum += (double)L * b;
    pg.steps++;
    pg.pos += b;
    if (pg.pos == N) {
        pg.in_epoch = 0;
        pg.epoch++;
        pg.last_epoch_loss = pg.epoch_sum / N;
    }
    return 0;
}

/* One step; the inspector keeps a copy of it when `inspect` is 1. */
PG_EXPORT(pg_step) int pg_step(int inspect)
{
    if (!pg.ready) return pg_fail("%s", "no network: set a configuration first");
    pg.error[0] = '\0';
    if (pg_one_step(inspect)) return -1;
    return pg_evaluate_sets();
}

/* Up to `count` epochs (an epoch begun by single steps is finished first),
   with both sets evaluated after each; stops after epoch `until` if it is
   > 0. Whole epochs are mlp_train_epoch itself. Returns the epochs run or -1. */
PG_EXPORT(pg_epochs) int pg_epochs(int count, int until)
{
    int done = 0;
    if (!pg.ready) return pg_fail("%s", "no network: set a configuration first");
    pg.error[0] = '\0';
    while (done < count && (until <= 0 || pg.epoch < until)) {
        if (pg.in_epoch) {
            while (pg.in_epoch)
                if (pg_one_step(0)) return -1;
        } else {
            mlp_real L = 0;
            int N = pg.split.X_train.rows, bs = pg.cfg.batch < N ? pg.cfg.batch : N;
            if (mlp_train_epoch(&pg.net, &pg.opt, &pg.split.X_train, &pg.split.Y_train, pg.cfg.batch, &pg.rng, &L))
                return pg_fail("%s", mlp_last_error());
            pg.steps += (N + bs - 1) / bs;
            pg.epoch++;
            pg.last_epoch_loss = (double)L;
        }
        if (pg_evaluate_sets()) return -1;
        done++;
    }
    return done;
}

/* Epochs with nothing between them (no evaluation): what the speed is measured on. */
PG_EXPORT(pg_bench) int pg_bench(int count)
{
    int e;
    mlp_real L = 0;
    if (!pg.ready || pg.in_epoch) return pg_fail("%s", "pg_bench: set a configuration first");
    for (e = 0; e < count; e++) {
        if (mlp_train_epoch(&pg.net, &pg.opt, &pg.split.X_train, &pg.split.Y_train, pg.cfg.batch, &pg.rng, &L))
            return pg_fail("%s", mlp_last_error());
        pg.epoch++;
    }
    pg.last_epoch_loss = (double)L;
    return pg_evaluate_sets();
}

/* The gradient check on the first `batch` training samples. It must not
   change the run: the dropout generator and every cached value are put back
   as if it had not happened (the weights it perturbs are restored exactly
   by mlp_grad_check itself). */
PG_EXPORT(pg_grad_check) double pg_grad_check(void)
{
    mlp_rng saved = pg.net.rng;
    int b = pg.cfg.batch < pg.split.X_train.rows ? pg.cfg.batch : pg.split.X_train.rows;
    mlp_mat Xb, Yb;
    if (!pg.ready) return -1;
    Xb = mlp_mat_view(b, pg.split.X_train.cols, pg.split.X_train.data);
    Yb = mlp_mat_view(b, pg.split.Y_train.cols, pg.split.Y_train.data);
    pg.net.training = 1;
    pg.gc_err = (double)mlp_grad_check(&pg.net, &Xb, &Yb, 0, &pg.gc);
    pg.net.rng = saved;
    pg_evaluate_sets(); /* leaves the caches as after any evaluation */
    return pg.gc_err;
}

/* ---- what the page reads --------------------------------------------------- */

/* FNV-1a, 64 bits, over the bytes of every W and b. */
static unsigned long long pg_fnv(unsigned long long h, const mlp_mat *m)
{
    const unsigned char *p = (const unsigned char *)m->data;
    size_t k, n = (size_t)m->rows * m->cols * sizeof(mlp_real);
    for (k = 0; k < n; k++) h = (h ^ p[k]) * 0x100000001B3ULL;
    return h;
}

static unsigned long long pg_digest_value(void)
{
    unsigned long long h = 0xCBF29CE484222325ULL;
    int l;
    for (l = 0; l < pg.net.n_layers; l++) h = pg_fnv(pg_fnv(h, &pg.net.layers[l].W), &pg.net.layers[l].b);
    return h;
}

/* A number for JSON: finite numbers with 17 digits, anything else as null. */
static int pg_json_num(char *s, size_t size, double x)
{
    if (!(x - x == 0)) return snprintf(s, size, "null");
    return snprintf(s, size, "%.17g", x);
}

/* Everything small the page shows, as one JSON object. */
PG_EXPORT(pg_info) const char *pg_info(void)
{
    char *s = pg.info, cfg[1024], num[8][40];
    size_t size = sizeof pg.info, used;
    int l;
    pg_format(&pg.cfg, cfg, sizeof cfg);
    pg_json_num(num[0], 40, pg.train_loss);
    pg_json_num(num[1], 40, pg.val_loss);
    pg_json_num(num[2], 40, pg.train_acc);
    pg_json_num(num[3], 40, pg.val_acc);
    pg_json_num(num[4], 40, pg.last_epoch_loss);
    pg_json_num(num[5], 40, pg.step_loss);
    pg_json_num(num[6], 40, pg.gc_err);
    used = (size_t)snprintf(s, size,
                            "{\"ready\":%d,\"config\":\"%s\",\"classify\":%d,\"K\":%d,\"n_train\":%d,\"n_val\":%d,"
                            "\"epoch\":%d,\"steps\":%ld,\"in_epoch\":%d,\"pos\":%d,\"digest\":\"%016llx\","
                            "\"train_loss\":%s,\"val_loss\":%s,\"train_acc\":%s,\"val_acc\":%s,\"epoch_loss\":%s,"
                            "\"step_loss\":%s,\"gc_err\":%s,\"kernel\":\"%s\",\"params\":%ld,\"layers\":[",
                            pg.ready, cfg, pg.classify, pg.K, pg.split.X_train.rows, pg.split.X_val.rows, pg.epoch,
                            pg.steps, pg.in_epoch, pg.pos, pg.ready ? pg_digest_value() : 0ULL, num[0], num[1], num[2],
                            num[3], num[4], num[5], num[6], mlp_kernel_name(), pg.ready ? mlp_net_param_count(&pg.net) : 0L);
    for (l = 0; pg.ready && l < pg.net.n_layers && used < size; l++) {
        const mlp_layer *L = &pg.net.layers[l];
        used += (size_t)snprintf(s + used, size - used, "%s{\"n_in\":%d,\"n_out\":%d,\"act\":\"%s\",\"dropout\":%.17g}",
                                 l ? "," : "", L->n_in, L->n_out, mlp_act_name(L->act), (double)L->dropout);
    }
    if (used < size) used += (size_t)snprintf(s + used, size - used, "]");
    if (pg.gc_err >= 0 && used < size) {
        pg_json_num(num[0], 40, (double)pg.gc.analytic);
        pg_json_num(num[1], 40, (double)pg.gc.numeric);
        used += (size_t)snprintf(s + used, size - used,
                                 ",\"gc\":{\"layer\":%d,\"is_bias\":%d,\"row\":%d,\"col\":%d,\"analytic\":%s,\"numeric\":%s,\"n\":%ld}",
                                 pg.gc.layer, pg.gc.is_bias, pg.gc.row, pg.gc.col, num[0], num[1], pg.gc.n_checked);
    }
    if (pg.snap_valid && used < size) {
        pg_json_num(num[0], 40, pg.step_loss);
        used += (size_t)snprintf(s + used, size - used, ",\"snap\":{\"layers\":%d,\"start\":%d,\"lr\":%.17g,\"opt\":\"%s\"}",
                                 pg.snap_layers, pg.snap_start, (double)pg.opt.lr, pg_opt_names[pg.cfg.opt]);
    }
    if (used < size) snprintf(s + used, size - used, "}");
    return s;
}

PG_EXPORT(pg_error) const char *pg_error(void) { return pg.error; }

/* A matrix for the page to read from memory. `what`: 0..PG_SNAP_COUNT-1 a
   field of the inspector's copy of layer l (X Z A M dA dZ dW db W b W' b');
   100 W and 101 b of layer l now; 200 the training inputs, 201 their
   targets (Y), 202 validation inputs, 203 validation targets; 204 the
   inspected batch's Y; 300 the last grid of outputs. NULL if there is none. */
PG_EXPORT(pg_mat) const mlp_mat *pg_mat(int what, int l)
{
    if (!pg.ready) return NULL;
    if (what >= 0 && what < PG_SNAP_COUNT) return pg.snap_valid && l >= 0 && l < pg.snap_layers ? &pg.snap[l][what] : NULL;
    if ((what == 100 || what == 101) && l >= 0 && l < pg.net.n_layers) return what == 100 ? &pg.net.layers[l].W : &pg.net.layers[l].b;
    switch (what) {
    case 200: return &pg.split.X_train;
    case 201: return &pg.split.Y_train;
    case 202: return &pg.split.X_val;
    case 203: return &pg.split.Y_val;
    case 204: return pg.snap_valid ? &pg.snap_Y : NULL;
    case 300: return &pg.grid_P;
    default: return NULL;
    }
}
/* The fields of an mlp_mat, so that the page need not know the struct's layout. */
PG_EXPORT(pg_rows) int pg_rows(const mlp_mat *m) { return m ? m->rows : 0; }
PG_EXPORT(pg_cols) int pg_cols(const mlp_mat *m) { return m ? m->cols : 0; }
PG_EXPORT(pg_data) mlp_real *pg_data(const mlp_mat *m) { return m ? m->data : NULL; }

/* The network's outputs on a res x res grid over [x0, x1] x [y0, y1] (row
   by row, y from y0 up), or on res points of [x0, x1] for regression:
   pg_mat(300). Evaluation mode; the caches are then those of the grid. */
PG_EXPORT(pg_grid) int pg_grid(int res, double x0, double x1, double y0, double y1)
{
    int i, j, n = pg.classify ? res * res : res;
    if (!pg.ready || res < 2 || res > 1000) return -1;
    if (mlp_mat_resize(&pg.grid_X, n, pg.classify ? 2 : 1)) return pg_fail("%s", mlp_last_error());
    for (i = 0; i < (pg.classify ? res : 1); i++)
        for (j = 0; j < res; j++) {
            mlp_real *x = pg.grid_X.data + (size_t)(i * res + j) * pg.grid_X.cols;
            x[0] = (mlp_real)(x0 + (x1 - x0) * j / (res - 1));
            if (pg.classify) x[1] = (mlp_real)(y0 + (y1 - y0) * i / (res - 1));
        }
    if (mlp_predict(&pg.net, &pg.grid_X, &pg.grid_P)) return pg_fail("%s", mlp_last_error());
    pg.net.batch = 0; /* as after mlp_evaluate: the grid is not a batch to run backward on */
    pg.net.layers[0].X = NULL;
    return 0;
}

/* A buffer of n bytes the page writes a string into (a configuration, a
   network file), valid until the next call. */
PG_EXPORT(pg_input) char *pg_input(int n)
{
    if ((size_t)n + 1 > pg.in_cap) {
        char *p = (char *)realloc(pg.in, (size_t)n + 1);
        if (!p) return NULL;
        pg.in = p;
        pg.in_cap = (size_t)n + 1;
    }
    return pg.in;
}

/* ---- export and import ------------------------------------------------------ */

/* The network file of mlp_net_write, with the optimizer and its state, as
   text; or with what = 1 the training inputs as CSV, what = 2 the network's
   outputs on them as CSV (what tools/mlp_eval.c predict writes). */
static char *pg_text_of(int what)
{
#if defined(__wasm__) || (defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L)
    size_t len = 0;
    FILE *f;
    int s;
    mlp_mat P = {0, 0, 0, NULL};
    free(pg.text);
    pg.text = NULL;
    f = open_memstream(&pg.text, &len);
    if (!f) return NULL;
    if (what == 0) s = mlp_net_write(&pg.net, &pg.opt, f);
    else if (what == 1) s = mlp_csv_write(&pg.split.X_train, f, NULL);
    else {
        s = mlp_predict(&pg.net, &pg.split.X_train, &P) || mlp_csv_write(&P, f, NULL);
        pg.net.batch = 0;
        pg.net.layers[0].X = NULL;
        mlp_mat_free(&P);
    }
    if (fclose(f) || s) {
        pg_fail("export: %s", mlp_last_error());
        return NULL;
    }
    return pg.text;
#else
    (void)what;
    pg_fail("%s", "export needs open_memstream (POSIX 2008)");
    return NULL;
#endif
}

PG_EXPORT(pg_export) const char *pg_export(int what)
{
    if (!pg.ready) return NULL;
    return pg_text_of(what);
}

/* Load a network file (text in pg_input's buffer, len bytes) in place of the
   network, keeping the data set: its inputs and outputs must fit. With an
   optimizer in the file, training continues exactly where it stopped. */
PG_EXPORT(pg_import) int pg_import(int len)
{
#if defined(__wasm__) || (defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L)
    mlp_net net;
    mlp_optim opt = pg.opt;
    FILE *f;
    int s, l, has_opt = 1;
    if (!pg.ready) return pg_fail("%s", "set a data set first");
    f = fmemopen(pg.in, (size_t)len, "r");
    if (!f) return pg_fail("%s", "import: cannot read the text");
    s = mlp_net_read(&net, &opt, f, "imported.net");
    if (s) { /* a file without an optimizer: keep the page's */
        rewind(f);
        opt = pg.opt;
        has_opt = 0;
        s = mlp_net_read(&net, NULL, f, "imported.net");
    }
    fclose(f);
    if (s) return pg_fail("import: %s", mlp_last_error());
    if (net.n_in != pg.X.cols || mlp_net_n_out(&net) != pg.Y.cols || net.loss != pg.cfg.loss ||
        net.n_layers > PG_MAX_LAYERS) {
        snprintf(pg.error, sizeof pg.error,
                 "import: this network maps %d inputs to %d outputs with loss %s (%d layers); the data set has %d inputs "
                 "and %d outputs with loss %s",
                 net.n_in, mlp_net_n_out(&net), mlp_loss_name(net.loss), net.n_layers, pg.X.cols, pg.Y.cols,
                 mlp_loss_name(pg.cfg.loss));
        mlp_net_free(&net);
        return -1;
    }
    mlp_net_free(&pg.net);
    pg.net = net;
    if (has_opt) pg.opt = opt;
    else pg.opt.t = 0;
    /* the configuration now describes the imported network */
    pg.cfg.n_hidden = pg.net.n_layers - 1;
    for (l = 0; l < pg.cfg.n_hidden; l++) {
        pg.cfg.width[l] = pg.net.layers[l].n_out;
        pg.cfg.act[l] = pg.net.layers[l].act;
    }
    pg.cfg.out = pg.net.layers[pg.net.n_layers - 1].act;
    pg.cfg.dropout = pg.net.n_layers > 1 ? (double)pg.net.layers[0].dropout : 0;
    pg.in_epoch = 0;
    pg_free_snapshot();
    return pg_evaluate_sets();
#else
    (void)len;
    return pg_fail("%s", "import needs fmemopen (POSIX 2008)");
#endif
}

/* ---- the native program ------------------------------------------------------ */
#if !defined(__wasm__)
#include <time.h>

static double pg_now(void)
{
#if defined(CLOCK_MONOTONIC) && defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 199309L
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
#else
    return (double)clock() / CLOCKS_PER_SEC;
#endif
}

static int pg_save_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) {
        fprintf(stderr, "playground: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *save = NULL, *csv = NULL, *out = NULL, *config;
    int bench = 0, check_steps = 0, a = 1, reps = 5, r;
    for (; a < argc - 1; a++) {
        if (strcmp(argv[a], "--bench") == 0) bench = 1;
        else if (strcmp(argv[a], "--check-steps") == 0) check_steps = 1;
        else if (strcmp(argv[a], "--save") == 0 && a + 1 < argc - 1) save = argv[++a];
        else if (strcmp(argv[a], "--csv") == 0 && a + 1 < argc - 1) csv = argv[++a];
        else if (strcmp(argv[a], "--outputs") == 0 && a + 1 < argc - 1) out = argv[++a];
        else if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc - 1) reps = atoi(argv[++a]);
        else break;
    }
    if (a != argc - 1) {
        fprintf(stderr, "usage: playground [--bench [--reps N]] [--check-steps] [--save NET] [--csv X.csv] "
                        "[--outputs P.csv] 'CONFIG'\n(the configuration keys are listed at the top of playground/playground.c)\n");
        return 2;
    }
    config = argv[a];
    if (pg_setup(config)) {
        fprintf(stderr, "playground: %s\n", pg.error);
        return 2;
    }
    if (bench) {
        /* epochs/s of the configuration's epochs: the median and the best of reps runs, each from a fresh setup */
        double t[64], tmp;
        int i, j;
        if (reps < 1) reps = 1;
        if (reps > 64) reps = 64;
        for (r = 0; r < reps; r++) {
            double t0;
            if (pg_setup(config)) return 2;
            t0 = pg_now();
            if (pg_bench(pg.cfg.epochs) < 0) {
                fprintf(stderr, "playground: %s\n", pg.error);
                return 1;
            }
            t[r] = pg_now() - t0;
        }
        for (i = 1; i < reps; i++)
            for (j = i; j > 0 && t[j - 1] > t[j]; j--) tmp = t[j], t[j] = t[j - 1], t[j - 1] = tmp;
        printf("bench epochs %d seconds %.6f epochs_per_s %.1f best %.1f digest %016llx kernel %s\n", pg.cfg.epochs, t[reps / 2],
               pg.cfg.epochs / t[reps / 2], pg.cfg.epochs / t[0], pg_digest_value(), mlp_kernel_name());
        return 0;
    }
    if (check_steps) {
        /* an epoch of single steps must equal one mlp_train_epoch */
        unsigned long long by_steps, by_epoch;
        while (pg.epoch < 2)
            if (pg_step(0)) break;
        by_steps = pg_digest_value();
        if (pg_setup(config) || pg_epochs(2, 0) != 2) {
            fprintf(stderr, "playground: %s\n", pg.error);
            return 1;
        }
        by_epoch = pg_digest_value();
        printf("steps %016llx epochs %016llx %s\n", by_steps, by_epoch, by_steps == by_epoch ? "same" : "DIFFERENT");
        return by_steps == by_epoch ? 0 : 1;
    }
    if (pg_epochs(pg.cfg.epochs, 0) < 0) {
        fprintf(stderr, "playground: %s\n", pg.error);
        return 1;
    }
    printf("%s\n", pg_info());
    if (save && pg_save_text(save, pg_export(0) ? pg.text : "")) return 1;
    if (csv && pg_save_text(csv, pg_export(1) ? pg.text : "")) return 1;
    if (out && pg_save_text(out, pg_export(2) ? pg.text : "")) return 1;
    return 0;
}
#endif
