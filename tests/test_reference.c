/* test_reference.c - mlp.h against PyTorch: the same networks, the same numbers.

   tests/reference/make_reference.py ran small networks in PyTorch 1.13 (float64)
   and wrote what it saw to tests/reference/reference.txt: the architecture, the
   initial W and b of every layer, a batch X and targets Y, the loss and every dW
   and db after one backward pass, and, for each optimizer configuration (some with
   an L1 penalty, some with gradient clipping), the loss at each of K steps on that
   batch and the parameters after them; the same with dropout masks PyTorch drew;
   gradient-noise measures on a data set; and the learning rate of PyTorch's
   schedulers epoch by epoch. This program reads that file (no Python needed),
   builds each network with mlp.h, loads the same parameters (and masks), and
   checks that mlp.h computes the same numbers:

     ref_fixture              the file was read, and covers every activation, loss,
                              optimizer, penalty, dropout, noise and schedule case
     ref_defaults             mlp_sgd(), mlp_adam(), ... have PyTorch's defaults
     ref_grad_<net>           loss, dW and db of one forward and backward pass
     ref_opt_<net>_<config>   K steps of an optimizer: each step's loss, final W and b
     ref_dropout_<net>_<case> loss, dW and db with dropout, the masks fixed
     ref_dropout_<net>_<case>_<config>   K steps with those masks
     ref_noise_<net>          mlp_gradient_noise and mlp_net_grad_norm on a data set
     ref_schedule_<name>      mlp_schedule_lr at every epoch

   Build and run from the repository root (double precision only):
       gcc -std=c99 -Wall -Wextra -Wpedantic -O2 -ffp-contract=off -I. \
           tests/test_reference.c -o /tmp/test_reference -lm
       /tmp/test_reference [-v] [substring]
   The fixture is read from $MLP_REFERENCE_DIR/reference.txt if that variable is
   set, else from tests/reference/reference.txt. Set MLP_REFERENCE_VERBOSE=1 to
   print the largest difference from PyTorch that each test saw, and at the end
   the largest over the whole run.

   Tolerance: a value v agrees with PyTorch's e when
       |v - e| <= 1e-12 + 1e-10 |e|,
   that is, relative error 1e-10, except that values near 0 may differ by 1e-12
   (a gradient that sums terms of both signs can come out as 1e-17 in one program
   and -3e-17 in the other: pure rounding, no relative error means anything
   there). The two programs round differently (order of sums, PyTorch's vector
   kernels), so exact equality cannot be asked for. The differences seen are
   about 1e-14, a few 1e-13 at most after five optimizer steps, far inside 1e-10;
   an error in a formula (a missing factor, a wrong bias correction, decay applied
   to the biases) is off by 1e-3 or more, and even one gradient scaled by
   1 + 1e-9 fails. make_reference.py refuses cases whose results a rounding error
   could move anywhere near the tolerance. */
#define MLP_IMPLEMENTATION
#include "../mlp.h"

#include "harness.h"

#include <errno.h>
#include <stdarg.h>

#define REF_ABS 1e-12
#define REF_REL 1e-10

#define REF_NAME 64      /* longest name of a network, optimizer configuration or key, + 1 */
#define REF_MAX_KEYS 16  /* most hyperparameters on one "opt" or "defaults" line */
#define REF_MAX_LAYERS 16

/* ==========================================================================
   The fixture in memory
   ========================================================================== */

/* Hyperparameters by name: the "opt" and "defaults" lines. */
typedef struct ref_keys {
    int n;
    char key[REF_MAX_KEYS][REF_NAME];
    double value[REF_MAX_KEYS];
} ref_keys;

/* One optimizer configuration run on one network (settings may include l1 and clip_norm). */
typedef struct ref_opt {
    char name[REF_NAME];
    mlp_optim_kind kind;
    double lr;
    ref_keys settings; /* mlp_optim fields set after the constructor */
    int n_losses;
    double *losses;    /* loss before each step */
    mlp_mat *W, *b;    /* parameters after the last step, per layer */
} ref_opt;

/* The network with dropout on some hidden layers, the masks fixed: the masks
   PyTorch's dropout drew (0 or 1/(1 - p)), the loss and gradient with them, and
   optimizer steps with the same masks at every step. */
typedef struct ref_dropout {
    char name[REF_NAME];
    double p[REF_MAX_LAYERS];                       /* dropout probability per layer */
    mlp_mat M[REF_MAX_LAYERS];                      /* B x n_out masks (0 x 0 where p = 0) */
    double loss_value;
    mlp_mat dW[REF_MAX_LAYERS], db[REF_MAX_LAYERS]; /* gradients at the initial parameters */
    int n_opts, cap_opts;
    ref_opt *opts;
} ref_dropout;

/* mlp_gradient_noise on a data set of N samples, at the initial parameters. */
typedef struct ref_noise {
    int present, batch_size;
    mlp_mat X, Y;                                   /* N x n_in, N x n_out */
    double grad_norm;                               /* ||grad J||, as clip_grad_norm_ measures it */
    double grad_norm_sq;                            /* ||grad J||^2 */
    double batch_variance;                          /* (1/N_b) sum_b ||grad J_b - grad J||^2 */
    mlp_mat dW[REF_MAX_LAYERS], db[REF_MAX_LAYERS]; /* grad J */
} ref_noise;

typedef struct ref_net {
    char name[REF_NAME];
    int n_in, n_layers;
    mlp_loss_kind loss;
    int n_out[REF_MAX_LAYERS];
    mlp_act_kind act[REF_MAX_LAYERS];
    double slope[REF_MAX_LAYERS];
    mlp_mat W[REF_MAX_LAYERS], b[REF_MAX_LAYERS];   /* initial parameters */
    mlp_mat dW[REF_MAX_LAYERS], db[REF_MAX_LAYERS]; /* gradients at them */
    mlp_mat X, Y;
    double loss_value;
    int n_opts, cap_opts;
    ref_opt *opts;
    int n_dropouts, cap_dropouts;
    ref_dropout *dropouts;
    ref_noise noise;
} ref_net;

/* A learning-rate schedule: PyTorch's rate at epochs 0 .. n_lrs - 1. */
typedef struct ref_schedule {
    char name[REF_NAME];
    mlp_schedule_kind kind;
    double base_lr;
    ref_keys fields; /* mlp_schedule fields set after the constructor */
    int n_lrs;
    double *lrs;
} ref_schedule;

typedef struct ref_fixture {
    int ok;                /* read completely and correctly? */
    char path[1024];
    char error[1600];      /* why not */
    int version, steps;
    char torch[REF_NAME];
    int has_defaults[MLP_OPT_COUNT];
    ref_keys defaults[MLP_OPT_COUNT];
    int n_nets, cap_nets;
    ref_net *nets;
    int n_schedules, cap_schedules;
    ref_schedule *schedules;
} ref_fixture;

static ref_fixture fx;

/* ==========================================================================
   Reading it: whitespace-separated tokens, '#' starts a comment line
   ========================================================================== */

typedef struct ref_parser {
    const char *s;   /* the rest of the text */
    int line;        /* line of s */
    int tok_line;    /* line of tok */
    char tok[128];   /* the last token read */
} ref_parser;

/* Records the first error, with the file and line, and returns -1. */
static int ref_fail(ref_parser *p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(fx.error, sizeof fx.error, "%s:%d: %s", fx.path, p ? p->tok_line : 0, msg);
    return -1;
}

/* Reads the next token into p->tok; returns 0 at the end of the text. */
static int ref_next(ref_parser *p)
{
    size_t n = 0;
    for (;;) {
        while (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n') {
            if (*p->s == '\n') p->line++;
            p->s++;
        }
        if (*p->s != '#') break;
        while (*p->s && *p->s != '\n') p->s++;
    }
    p->tok_line = p->line;
    while (*p->s && *p->s != ' ' && *p->s != '\t' && *p->s != '\r' && *p->s != '\n') {
        if (n + 1 < sizeof p->tok) p->tok[n++] = *p->s;
        p->s++;
    }
    p->tok[n] = '\0';
    return n > 0;
}

/* The next token without consuming it ("" at the end). */
static const char *ref_peek(ref_parser *p, char *buf, size_t size)
{
    ref_parser save = *p;
    ref_next(p);
    snprintf(buf, size, "%s", p->tok);
    *p = save;
    return buf;
}

static int ref_expect(ref_parser *p, const char *word)
{
    if (!ref_next(p)) return ref_fail(p, "expected '%s', found the end of the file (truncated?)", word);
    if (strcmp(p->tok, word) != 0) return ref_fail(p, "expected '%s', found '%s'", word, p->tok);
    return 0;
}

/* A name: letters, digits, '_', '.' and '-', shorter than REF_NAME. */
static int ref_name(ref_parser *p, char *dst, const char *what)
{
    size_t k;
    if (!ref_next(p)) return ref_fail(p, "expected %s, found the end of the file (truncated?)", what);
    for (k = 0; p->tok[k]; k++) {
        char c = p->tok[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-'))
            return ref_fail(p, "expected %s, found '%s'", what, p->tok);
    }
    if (k >= REF_NAME) return ref_fail(p, "%s '%s' is too long", what, p->tok);
    memcpy(dst, p->tok, k + 1);
    return 0;
}

/* A finite number, the whole token (strtod reads back repr()'s digits exactly). */
static int ref_double(ref_parser *p, double *x, const char *what)
{
    char *end;
    if (!ref_next(p)) return ref_fail(p, "expected %s, found the end of the file (truncated?)", what);
    errno = 0;
    *x = strtod(p->tok, &end);
    if (end == p->tok || *end != '\0' || !(*x - *x == 0))
        return ref_fail(p, "expected %s (a finite number), found '%s'", what, p->tok);
    return 0;
}

static int ref_int(ref_parser *p, int *x, int lo, int hi, const char *what)
{
    char *end;
    long v;
    if (!ref_next(p)) return ref_fail(p, "expected %s, found the end of the file (truncated?)", what);
    v = strtol(p->tok, &end, 10);
    if (end == p->tok || *end != '\0' || v < lo || v > hi)
        return ref_fail(p, "expected %s (an integer in %d..%d), found '%s'", what, lo, hi, p->tok);
    *x = (int)v;
    return 0;
}

/* `tag [index] rows cols` and rows * cols numbers, into m (allocated here).
   index < 0: no index (X, Y). The shape must be the expected one. */
static int ref_matrix(ref_parser *p, const char *tag, int index, int rows, int cols, mlp_mat *m)
{
    int r, c, k, n;
    char what[64];
    if (ref_expect(p, tag)) return -1;
    if (index >= 0) {
        if (ref_int(p, &k, 0, REF_MAX_LAYERS - 1, "a layer index")) return -1;
        if (k != index) return ref_fail(p, "expected %s of layer %d, found layer %d", tag, index, k);
    }
    if (ref_int(p, &r, 1, 1000000, "a number of rows") || ref_int(p, &c, 1, 1000000, "a number of columns")) return -1;
    if ((rows > 0 && r != rows) || c != cols)
        return ref_fail(p, "%s is %dx%d, but the network needs %dx%d", tag, r, c, rows > 0 ? rows : r, cols);
    if (mlp_mat_init(m, r, c)) return ref_fail(p, "out of memory");
    n = r * c;
    snprintf(what, sizeof what, "an element of %s", tag);
    for (k = 0; k < n; k++) {
        double x;
        if (ref_double(p, &x, what)) return -1;
        m->data[k] = (mlp_real)x;
    }
    return 0;
}

/* Sets an mlp_optim field by its name; returns 0 if there is no such field. */
static int ref_set_field(mlp_optim *o, const char *key, double v)
{
    if (!strcmp(key, "momentum")) o->momentum = (mlp_real)v;
    else if (!strcmp(key, "dampening")) o->dampening = (mlp_real)v;
    else if (!strcmp(key, "nesterov")) o->nesterov = (int)v;
    else if (!strcmp(key, "alpha")) o->alpha = (mlp_real)v;
    else if (!strcmp(key, "beta1")) o->beta1 = (mlp_real)v;
    else if (!strcmp(key, "beta2")) o->beta2 = (mlp_real)v;
    else if (!strcmp(key, "eps")) o->eps = (mlp_real)v;
    else if (!strcmp(key, "lr_decay")) o->lr_decay = (mlp_real)v;
    else if (!strcmp(key, "weight_decay")) o->weight_decay = (mlp_real)v;
    else if (!strcmp(key, "decay_bias")) o->decay_bias = (int)v;
    else if (!strcmp(key, "l1")) o->l1 = (mlp_real)v;
    else if (!strcmp(key, "clip_norm")) o->clip_norm = (mlp_real)v;
    else return 0;
    return 1;
}

/* Reads an mlp_optim field by its name; returns 0 if there is no such field. */
static int ref_get_field(const mlp_optim *o, const char *key, double *v)
{
    if (!strcmp(key, "momentum")) *v = o->momentum;
    else if (!strcmp(key, "dampening")) *v = o->dampening;
    else if (!strcmp(key, "nesterov")) *v = o->nesterov;
    else if (!strcmp(key, "alpha")) *v = o->alpha;
    else if (!strcmp(key, "beta1")) *v = o->beta1;
    else if (!strcmp(key, "beta2")) *v = o->beta2;
    else if (!strcmp(key, "eps")) *v = o->eps;
    else if (!strcmp(key, "lr_decay")) *v = o->lr_decay;
    else if (!strcmp(key, "weight_decay")) *v = o->weight_decay;
    else if (!strcmp(key, "decay_bias")) *v = o->decay_bias;
    else if (!strcmp(key, "l1")) *v = o->l1;
    else if (!strcmp(key, "clip_norm")) *v = o->clip_norm;
    else return 0;
    return 1;
}

/* Sets an mlp_schedule field by its name; returns 0 if there is no such field. */
static int ref_set_schedule_field(mlp_schedule *s, const char *key, double v)
{
    if (!strcmp(key, "step_size")) s->step_size = (int)v;
    else if (!strcmp(key, "gamma")) s->gamma = (mlp_real)v;
    else if (!strcmp(key, "T_max")) s->T_max = (int)v;
    else if (!strcmp(key, "eta_min")) s->eta_min = (mlp_real)v;
    else if (!strcmp(key, "max_lr")) s->max_lr = (mlp_real)v;
    else if (!strcmp(key, "warmup")) s->warmup = (int)v;
    else if (!strcmp(key, "warmup_start")) s->warmup_start = (mlp_real)v;
    else return 0;
    return 1;
}

/* The fixture's names of the schedule kinds (mlp.h has no name function for them). */
static const char *const ref_schedule_names[MLP_SCHED_COUNT] = {"constant", "step", "exponential", "cosine",
                                                                "cyclic"};

/* A schedule of one kind from its constructor, with the constructor's defaults for the
   fields the fixture then sets. */
static mlp_schedule ref_schedule_constructor(mlp_schedule_kind kind)
{
    mlp_schedule d = mlp_schedule_constant(); /* the defaults of every field */
    switch (kind) {
    case MLP_SCHED_STEP: return mlp_schedule_step(d.step_size, d.gamma);
    case MLP_SCHED_EXPONENTIAL: return mlp_schedule_exponential(d.gamma);
    case MLP_SCHED_COSINE: return mlp_schedule_cosine(d.T_max, d.eta_min);
    case MLP_SCHED_CYCLIC: return mlp_schedule_cyclic(d.max_lr, d.step_size);
    default: return d;
    }
}

/* PyTorch options mlp.h does not have: it implements only the case where they are
   off (0), which must be PyTorch's default. */
static int ref_absent_option(const char *key)
{
    return !strcmp(key, "initial_accumulator_value") || !strcmp(key, "centered") || !strcmp(key, "amsgrad") ||
           !strcmp(key, "maximize");
}

/* The constructor of an optimizer kind: mlp_sgd(lr), mlp_adagrad(lr), ... */
static mlp_optim ref_constructor(mlp_optim_kind kind, mlp_real lr)
{
    switch (kind) {
    case MLP_OPT_ADAGRAD: return mlp_adagrad(lr);
    case MLP_OPT_RMSPROP: return mlp_rmsprop(lr);
    case MLP_OPT_ADAM: return mlp_adam(lr);
    case MLP_OPT_ADAMW: return mlp_adamw(lr);
    default: return mlp_sgd(lr);
    }
}

static int ref_optim_kind(ref_parser *p, mlp_optim_kind *kind)
{
    char name[REF_NAME];
    int k;
    if (ref_name(p, name, "an optimizer")) return -1;
    for (k = 0; k < MLP_OPT_COUNT; k++)
        if (!strcmp(name, mlp_optim_name((mlp_optim_kind)k))) {
            *kind = (mlp_optim_kind)k;
            return 0;
        }
    return ref_fail(p, "unknown optimizer '%s'", name);
}

/* What a list of keys may name: */
enum {
    REF_KEYS_DEFAULTS, /* mlp_optim fields and the PyTorch options mlp.h lacks ("defaults") */
    REF_KEYS_OPTIM,    /* mlp_optim fields ("opt") */
    REF_KEYS_SCHEDULE  /* mlp_schedule fields ("schedule") */
};

/* `<n> (<key> <value>) x n`, the keys as `what` says (REF_KEYS_...). */
static int ref_key_values(ref_parser *p, ref_keys *keys, int what)
{
    int k;
    if (ref_int(p, &keys->n, 0, REF_MAX_KEYS, "the number of hyperparameters")) return -1;
    for (k = 0; k < keys->n; k++) {
        mlp_optim probe = mlp_sgd(0);
        mlp_schedule sprobe = mlp_schedule_constant();
        int known;
        if (ref_name(p, keys->key[k], "a hyperparameter name")) return -1;
        if (what == REF_KEYS_SCHEDULE) known = ref_set_schedule_field(&sprobe, keys->key[k], 0);
        else
            known = ref_set_field(&probe, keys->key[k], 0) ||
                    (what == REF_KEYS_DEFAULTS && ref_absent_option(keys->key[k]));
        if (!known) return ref_fail(p, "unknown hyperparameter '%s'", keys->key[k]);
        if (ref_double(p, &keys->value[k], "a hyperparameter value")) return -1;
    }
    return 0;
}

/* An "opt" block of network `net`, appended to the list *opts (*n of *cap): the
   network's own configurations, or those of one of its dropout cases. */
static int ref_read_opt(ref_parser *p, const ref_net *net, ref_opt **opts, int *n, int *cap)
{
    ref_opt *o;
    int k, l;
    if (*n == *cap) {
        int grown_cap = *cap ? 2 * *cap : 32;
        ref_opt *grown = (ref_opt *)realloc(*opts, (size_t)grown_cap * sizeof *grown);
        if (!grown) return ref_fail(p, "out of memory");
        *opts = grown;
        *cap = grown_cap;
    }
    o = &(*opts)[(*n)++];
    memset(o, 0, sizeof *o);
    o->W = (mlp_mat *)calloc((size_t)net->n_layers, sizeof *o->W);
    o->b = (mlp_mat *)calloc((size_t)net->n_layers, sizeof *o->b);
    o->losses = (double *)calloc((size_t)fx.steps, sizeof *o->losses);
    if (!o->W || !o->b || !o->losses) return ref_fail(p, "out of memory");
    if (ref_name(p, o->name, "a configuration name") || ref_optim_kind(p, &o->kind) ||
        ref_double(p, &o->lr, "a learning rate") || ref_key_values(p, &o->settings, REF_KEYS_OPTIM))
        return -1;
    for (k = 0; k < *n - 1; k++)
        if (!strcmp((*opts)[k].name, o->name)) return ref_fail(p, "configuration '%s' appears twice", o->name);
    if (ref_expect(p, "losses") || ref_int(p, &o->n_losses, fx.steps, fx.steps, "the number of steps")) return -1;
    for (k = 0; k < o->n_losses; k++)
        if (ref_double(p, &o->losses[k], "a loss")) return -1;
    for (l = 0; l < net->n_layers; l++) {
        int n_in = l ? net->n_out[l - 1] : net->n_in;
        if (ref_matrix(p, "W", l, n_in, net->n_out[l], &o->W[l]) || ref_matrix(p, "b", l, 1, net->n_out[l], &o->b[l]))
            return -1;
    }
    return 0;
}

/* The loss and every dW and db of a network (after its "loss" keyword). */
static int ref_read_gradients(ref_parser *p, const ref_net *net, double *loss, mlp_mat *dW, mlp_mat *db)
{
    int l;
    if (ref_double(p, loss, "the loss")) return -1;
    for (l = 0; l < net->n_layers; l++) {
        int n_in = l ? net->n_out[l - 1] : net->n_in;
        if (ref_matrix(p, "dW", l, n_in, net->n_out[l], &dW[l]) || ref_matrix(p, "db", l, 1, net->n_out[l], &db[l]))
            return -1;
    }
    return 0;
}

/* `dropout <name> <n_layers> <p_0 ... p_last>`, a mask M for each layer with p > 0,
   the loss and gradient, then the "opt" blocks run with those masks. */
static int ref_read_dropout(ref_parser *p, ref_net *net)
{
    ref_dropout *d;
    char next[sizeof p->tok];
    int k, l, any = 0;
    if (net->n_dropouts == net->cap_dropouts) {
        int cap = net->cap_dropouts ? 2 * net->cap_dropouts : 4;
        ref_dropout *grown = (ref_dropout *)realloc(net->dropouts, (size_t)cap * sizeof *grown);
        if (!grown) return ref_fail(p, "out of memory");
        net->dropouts = grown;
        net->cap_dropouts = cap;
    }
    d = &net->dropouts[net->n_dropouts++];
    memset(d, 0, sizeof *d);
    if (ref_name(p, d->name, "a dropout case name") ||
        ref_int(p, &k, net->n_layers, net->n_layers, "the number of layers (one probability each)"))
        return -1;
    for (k = 0; k < net->n_dropouts - 1; k++)
        if (!strcmp(net->dropouts[k].name, d->name)) return ref_fail(p, "dropout case '%s' appears twice", d->name);
    for (l = 0; l < net->n_layers; l++) {
        if (ref_double(p, &d->p[l], "a dropout probability")) return -1;
        if (!(d->p[l] >= 0 && d->p[l] < 1) || (l == net->n_layers - 1 && d->p[l] != 0))
            return ref_fail(p, "dropout probability %g of layer %d: must be in [0, 1), and 0 on the output layer",
                            d->p[l], l);
        any |= d->p[l] > 0;
    }
    if (!any) return ref_fail(p, "dropout case '%s' has no dropout", d->name);
    for (l = 0; l < net->n_layers; l++)
        if (d->p[l] > 0 && ref_matrix(p, "M", l, net->X.rows, net->n_out[l], &d->M[l])) return -1;
    if (ref_expect(p, "loss") || ref_read_gradients(p, net, &d->loss_value, d->dW, d->db)) return -1;
    while (!strcmp(ref_peek(p, next, sizeof next), "opt")) {
        ref_next(p);
        if (ref_read_opt(p, net, &d->opts, &d->n_opts, &d->cap_opts)) return -1;
    }
    return 0;
}

/* `noise <batch_size>`, the data set X, Y and mlp_gradient_noise's results on it. */
static int ref_read_noise(ref_parser *p, ref_net *net)
{
    ref_noise *q = &net->noise;
    if (q->present) return ref_fail(p, "a second noise block for network '%s'", net->name);
    q->present = 1;
    if (ref_int(p, &q->batch_size, 1, 1000000, "a batch size") || ref_matrix(p, "X", -1, 0, net->n_in, &q->X) ||
        ref_matrix(p, "Y", -1, q->X.rows, net->n_out[net->n_layers - 1], &q->Y) || ref_expect(p, "grad_norm") ||
        ref_double(p, &q->grad_norm, "a gradient norm") || ref_expect(p, "grad_norm_sq") ||
        ref_double(p, &q->grad_norm_sq, "a squared gradient norm") || ref_expect(p, "batch_variance") ||
        ref_double(p, &q->batch_variance, "a gradient variance"))
        return -1;
    {
        int l;
        for (l = 0; l < net->n_layers; l++) {
            int n_in = l ? net->n_out[l - 1] : net->n_in;
            if (ref_matrix(p, "dW", l, n_in, net->n_out[l], &q->dW[l]) ||
                ref_matrix(p, "db", l, 1, net->n_out[l], &q->db[l]))
                return -1;
        }
    }
    return 0;
}

/* `schedule <name> <kind> <base_lr> <n> (<field> <value>) x n` and `lrs <T> ...`. */
static int ref_read_schedule(ref_parser *p)
{
    ref_schedule *s;
    char word[REF_NAME];
    int k;
    if (fx.n_schedules == fx.cap_schedules) {
        int cap = fx.cap_schedules ? 2 * fx.cap_schedules : 16;
        ref_schedule *grown = (ref_schedule *)realloc(fx.schedules, (size_t)cap * sizeof *grown);
        if (!grown) return ref_fail(p, "out of memory");
        fx.schedules = grown;
        fx.cap_schedules = cap;
    }
    s = &fx.schedules[fx.n_schedules++];
    memset(s, 0, sizeof *s);
    if (ref_name(p, s->name, "a schedule name") || ref_name(p, word, "a schedule kind")) return -1;
    for (k = 0; k < fx.n_schedules - 1; k++)
        if (!strcmp(fx.schedules[k].name, s->name)) return ref_fail(p, "schedule '%s' appears twice", s->name);
    for (k = 0; k < MLP_SCHED_COUNT && strcmp(word, ref_schedule_names[k]); k++) continue;
    if (k == MLP_SCHED_COUNT) return ref_fail(p, "unknown schedule kind '%s'", word);
    s->kind = (mlp_schedule_kind)k;
    if (ref_double(p, &s->base_lr, "a base learning rate") || ref_key_values(p, &s->fields, REF_KEYS_SCHEDULE) ||
        ref_expect(p, "lrs") || ref_int(p, &s->n_lrs, 1, 100000, "the number of epochs"))
        return -1;
    if (!(s->lrs = (double *)calloc((size_t)s->n_lrs, sizeof *s->lrs))) return ref_fail(p, "out of memory");
    for (k = 0; k < s->n_lrs; k++)
        if (ref_double(p, &s->lrs[k], "a learning rate")) return -1;
    return 0;
}

static int ref_read_net(ref_parser *p)
{
    ref_net *net;
    char word[REF_NAME], next[sizeof p->tok];
    int k, l;
    if (fx.n_nets == fx.cap_nets) {
        int cap = fx.cap_nets ? 2 * fx.cap_nets : 8;
        ref_net *grown = (ref_net *)realloc(fx.nets, (size_t)cap * sizeof *grown);
        if (!grown) return ref_fail(p, "out of memory");
        fx.nets = grown;
        fx.cap_nets = cap;
    }
    net = &fx.nets[fx.n_nets++];
    memset(net, 0, sizeof *net);
    if (ref_name(p, net->name, "a network name") || ref_int(p, &net->n_in, 1, 100000, "the number of inputs"))
        return -1;
    for (k = 0; k < fx.n_nets - 1; k++)
        if (!strcmp(fx.nets[k].name, net->name)) return ref_fail(p, "network '%s' appears twice", net->name);
    if (ref_name(p, word, "a loss")) return -1;
    for (k = 0; k < MLP_LOSS_COUNT && strcmp(word, mlp_loss_name((mlp_loss_kind)k)); k++) continue;
    if (k == MLP_LOSS_COUNT) return ref_fail(p, "unknown loss '%s'", word);
    net->loss = (mlp_loss_kind)k;
    if (ref_int(p, &net->n_layers, 1, REF_MAX_LAYERS, "the number of layers")) return -1;
    for (l = 0; l < net->n_layers; l++) {
        if (ref_expect(p, "layer") || ref_int(p, &k, l, l, "the layer's index") ||
            ref_int(p, &net->n_out[l], 1, 100000, "the number of units") || ref_name(p, word, "an activation"))
            return -1;
        for (k = 0; k < MLP_ACT_COUNT && strcmp(word, mlp_act_name((mlp_act_kind)k)); k++) continue;
        if (k == MLP_ACT_COUNT) return ref_fail(p, "unknown activation '%s'", word);
        net->act[l] = (mlp_act_kind)k;
        if (ref_double(p, &net->slope[l], "a leaky ReLU slope")) return -1;
    }
    for (l = 0; l < net->n_layers; l++) {
        int n_in = l ? net->n_out[l - 1] : net->n_in;
        if (ref_matrix(p, "W", l, n_in, net->n_out[l], &net->W[l]) ||
            ref_matrix(p, "b", l, 1, net->n_out[l], &net->b[l]))
            return -1;
    }
    if (ref_matrix(p, "X", -1, 0, net->n_in, &net->X) ||
        ref_matrix(p, "Y", -1, net->X.rows, net->n_out[net->n_layers - 1], &net->Y) || ref_expect(p, "loss") ||
        ref_read_gradients(p, net, &net->loss_value, net->dW, net->db))
        return -1;
    while (!strcmp(ref_peek(p, next, sizeof next), "opt")) {
        ref_next(p);
        if (ref_read_opt(p, net, &net->opts, &net->n_opts, &net->cap_opts)) return -1;
    }
    while (!strcmp(ref_peek(p, next, sizeof next), "dropout")) {
        ref_next(p);
        if (ref_read_dropout(p, net)) return -1;
    }
    if (!strcmp(ref_peek(p, next, sizeof next), "noise")) {
        ref_next(p);
        if (ref_read_noise(p, net)) return -1;
    }
    return 0;
}

/* Reads the whole file into memory (NUL-terminated); NULL and fx.error on failure. */
static char *ref_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0;
    if (!f) {
        snprintf(fx.error, sizeof fx.error,
                 "cannot open %s: %s (run from the repository root, or set MLP_REFERENCE_DIR; "
                 "regenerate with /usr/bin/python3 tests/reference/make_reference.py)",
                 path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (cap - len < 4096) {
            char *grown = (char *)realloc(text, cap = 2 * cap + 65536);
            if (!grown) {
                snprintf(fx.error, sizeof fx.error, "%s: out of memory", path);
                free(text);
                fclose(f);
                return NULL;
            }
            text = grown;
        }
        got = fread(text + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        snprintf(fx.error, sizeof fx.error, "%s: read error", path);
        free(text);
        fclose(f);
        return NULL;
    }
    fclose(f);
    text[len] = '\0';
    if (strlen(text) != len) {
        snprintf(fx.error, sizeof fx.error, "%s: a NUL byte inside: not a text file", path);
        free(text);
        return NULL;
    }
    return text;
}

/* Reads the fixture into fx; fx.ok says whether it worked, fx.error why not. */
static void ref_load(void)
{
    const char *dir = getenv("MLP_REFERENCE_DIR");
    ref_parser p;
    char *text;
    int status = 0;
    memset(&fx, 0, sizeof fx);
    snprintf(fx.path, sizeof fx.path, "%s/reference.txt", dir && *dir ? dir : "tests/reference");
    if (!(text = ref_slurp(fx.path))) return;
    p.s = text;
    p.line = 1;
    p.tok_line = 1;
    p.tok[0] = '\0';
    if (ref_expect(&p, "mlp_reference") || ref_int(&p, &fx.version, 0, 1000000, "the format version")) status = -1;
    else if (fx.version != 2) status = ref_fail(&p, "format version %d; this program reads version 2", fx.version);
    else if (ref_expect(&p, "torch") || ref_name(&p, fx.torch, "PyTorch's version") || ref_expect(&p, "steps") ||
             ref_int(&p, &fx.steps, 1, 1000, "the number of steps"))
        status = -1;
    while (status == 0) {
        if (!ref_next(&p)) {
            status = ref_fail(&p, "the file ends without 'end' (truncated?)");
        } else if (!strcmp(p.tok, "defaults")) {
            mlp_optim_kind kind;
            if (ref_optim_kind(&p, &kind) || ref_key_values(&p, &fx.defaults[kind], REF_KEYS_DEFAULTS)) status = -1;
            else fx.has_defaults[kind] = 1;
        } else if (!strcmp(p.tok, "net")) {
            status = ref_read_net(&p);
        } else if (!strcmp(p.tok, "schedule")) {
            status = ref_read_schedule(&p);
        } else if (!strcmp(p.tok, "end")) {
            if (ref_next(&p)) status = ref_fail(&p, "'%s' after 'end'", p.tok);
            break;
        } else {
            status = ref_fail(&p, "expected 'defaults', 'net', 'opt', 'dropout', 'noise', 'schedule' or 'end', "
                                  "found '%s'", p.tok);
        }
    }
    free(text);
    fx.ok = status == 0;
}

static void ref_free_opts(ref_opt *opts, int n_opts, int n_layers)
{
    int k, l;
    for (k = 0; k < n_opts; k++) {
        ref_opt *o = &opts[k];
        for (l = 0; o->W && l < n_layers; l++) mlp_mat_free(&o->W[l]);
        for (l = 0; o->b && l < n_layers; l++) mlp_mat_free(&o->b[l]);
        free(o->W);
        free(o->b);
        free(o->losses);
    }
    free(opts);
}

static void ref_free(void)
{
    int n, l, k;
    for (n = 0; n < fx.n_nets; n++) {
        ref_net *net = &fx.nets[n];
        for (l = 0; l < REF_MAX_LAYERS; l++) {
            mlp_mat_free(&net->W[l]);
            mlp_mat_free(&net->b[l]);
            mlp_mat_free(&net->dW[l]);
            mlp_mat_free(&net->db[l]);
            mlp_mat_free(&net->noise.dW[l]);
            mlp_mat_free(&net->noise.db[l]);
        }
        mlp_mat_free(&net->X);
        mlp_mat_free(&net->Y);
        mlp_mat_free(&net->noise.X);
        mlp_mat_free(&net->noise.Y);
        ref_free_opts(net->opts, net->n_opts, net->n_layers);
        for (k = 0; k < net->n_dropouts; k++) {
            ref_dropout *d = &net->dropouts[k];
            for (l = 0; l < REF_MAX_LAYERS; l++) {
                mlp_mat_free(&d->M[l]);
                mlp_mat_free(&d->dW[l]);
                mlp_mat_free(&d->db[l]);
            }
            ref_free_opts(d->opts, d->n_opts, net->n_layers);
        }
        free(net->dropouts);
    }
    free(fx.nets);
    for (k = 0; k < fx.n_schedules; k++) free(fx.schedules[k].lrs);
    free(fx.schedules);
    memset(&fx, 0, sizeof fx);
}

/* ==========================================================================
   Comparing
   ========================================================================== */

/* The largest differences the current test saw, for MLP_REFERENCE_VERBOSE. */
static double ref_worst_rel;  /* max |got - expected| / |expected| over expected != 0 */
static double ref_worst_zero; /* max |got| where expected == 0 */
/* And over the whole run, for the summary MLP_REFERENCE_VERBOSE prints at the end: */
static double ref_all_rel;    /* max relative error over |expected| >= 1e-8 (where it means something) */
static double ref_all_ratio;  /* max |got - expected| / (REF_ABS + REF_REL |expected|): 1 = the limit */
static char ref_all_rel_test[160], ref_all_ratio_test[160];
static long ref_all_values;   /* values compared */

static void ref_note(double expected, double got)
{
    double diff = fabs(got - expected), ratio = diff / (REF_ABS + REF_REL * fabs(expected));
    if (expected != 0) {
        if (diff / fabs(expected) > ref_worst_rel) ref_worst_rel = diff / fabs(expected);
    } else if (diff > ref_worst_zero)
        ref_worst_zero = diff;
    if (fabs(expected) >= 1e-8 && diff / fabs(expected) > ref_all_rel) {
        ref_all_rel = diff / fabs(expected);
        snprintf(ref_all_rel_test, sizeof ref_all_rel_test, "%s", harness_current);
    }
    if (ratio > ref_all_ratio) {
        ref_all_ratio = ratio;
        snprintf(ref_all_ratio_test, sizeof ref_all_ratio_test, "%s", harness_current);
    }
    ref_all_values++;
}

static int ref_compare_value(const char *what, double expected, double got)
{
    ref_note(expected, got);
    return harness_check_near(expected, got, REF_ABS, REF_REL, what, __FILE__, __LINE__);
}

/* Every element within tolerance; on failure reports the worst one, by name. */
static int ref_compare_mat(const char *what, int layer, const mlp_mat *expected, const mlp_mat *got)
{
    char where[160];
    size_t k, n, worst = 0;
    double worst_ratio = -1;
    if (!CHECK_INT(expected->rows, got->rows) || !CHECK_INT(expected->cols, got->cols)) return 0;
    n = (size_t)expected->rows * expected->cols;
    for (k = 0; k < n; k++) {
        double e = expected->data[k], g = got->data[k];
        double ratio = fabs(g - e) / (REF_ABS + REF_REL * fabs(e));
        ref_note(e, g);
        if (ratio != ratio) { /* NaN: nothing is worse */
            worst = k;
            break;
        }
        if (ratio > worst_ratio) {
            worst_ratio = ratio;
            worst = k;
        }
    }
    if (n == 0) return 1;
    snprintf(where, sizeof where, "%s of layer %d, element (%d, %d)", what, layer, (int)(worst / (size_t)expected->cols),
             (int)(worst % (size_t)expected->cols));
    return harness_check_near(expected->data[worst], got->data[worst], REF_ABS, REF_REL, where, __FILE__, __LINE__);
}

/* ==========================================================================
   The tests
   ========================================================================== */

/* The network as the fixture describes it, with its initial parameters. */
static int ref_build(const ref_net *r, mlp_net *net)
{
    int l;
    if (!CHECK(mlp_net_new(net, r->n_in, r->loss) == MLP_OK)) return 0;
    for (l = 0; l < r->n_layers; l++) {
        mlp_layer *layer;
        if (!CHECK(mlp_net_add(net, r->n_out[l], r->act[l]) == MLP_OK)) return 0;
        layer = &net->layers[l];
        layer->slope = (mlp_real)r->slope[l];
        if (!CHECK(mlp_mat_copy(&layer->W, &r->W[l]) == MLP_OK) || !CHECK(mlp_mat_copy(&layer->b, &r->b[l]) == MLP_OK))
            return 0;
    }
    return 1;
}

/* The test table is made from the fixture, one entry per network and per
   configuration. All gradient tests share one function (and all optimizer tests
   another), which finds its case by the name of the test the harness is running
   (harness.h's harness_current). */
typedef struct ref_case {
    char name[3 * REF_NAME + 32];
    int net, opt; /* indices into fx (opt: into the network's or the dropout case's list); -1 if none */
    int drop;     /* dropout case of the network, or -1 */
    int sched;    /* schedule, or -1 */
} ref_case;

static ref_case *ref_cases;
static int ref_n_cases;

static const ref_case *ref_current(void)
{
    int k;
    for (k = 0; k < ref_n_cases; k++)
        if (!strcmp(ref_cases[k].name, harness_current)) return &ref_cases[k];
    harness_check(0, "a fixture case with this test's name", __FILE__, __LINE__);
    return NULL;
}

static int ref_is_verbose(void)
{
    const char *v = getenv("MLP_REFERENCE_VERBOSE");
    return v && *v && strcmp(v, "0");
}

static void ref_verbose(void)
{
    if (ref_is_verbose())
        printf("%-44s worst relative error %.3g, worst |got| where 0 expected %.3g\n", harness_current, ref_worst_rel,
               ref_worst_zero);
}

/* What a configuration sets a field to (0 if it does not set it). */
static double ref_setting(const ref_opt *o, const char *key)
{
    int j;
    for (j = 0; j < o->settings.n; j++)
        if (!strcmp(o->settings.key[j], key)) return o->settings.value[j];
    return 0;
}

/* The sections added in format version 2 cover what they should: L1 alone, with
   weight decay (elastic net) and on the biases, with SGD and Adam; clipping that bites
   and clipping that does not; parameters at exactly 0 under L1; dropout on one and on
   two hidden layers, with optimizer steps; gradient noise with a last batch smaller
   than the others and a data set larger than mlp_gradient_noise's chunk of 256 rows;
   every schedule kind, with and without warm-up, and a warm-up at its default start. */
static void test_fixture_v2(void)
{
    int l1[MLP_OPT_COUNT] = {0}, elastic = 0, l1_bias = 0, clip_tight = 0, clip_loose = 0, l1_at_zero = 0;
    int drop_one = 0, drop_two = 0, drop_steps = 0, noise_ragged = 0, noise_chunks = 0, noise_nets = 0;
    int sched_kind[MLP_SCHED_COUNT] = {0}, sched_plain = 0, sched_warm = 0, sched_warm_default = 0;
    int n, k, l;
    for (n = 0; n < fx.n_nets; n++) {
        const ref_net *net = &fx.nets[n];
        int has_zero = 0;
        for (l = 0; l < net->n_layers; l++) {
            size_t e;
            for (e = 0; e < (size_t)net->W[l].rows * net->W[l].cols; e++) has_zero |= net->W[l].data[e] == 0;
            for (e = 0; e < (size_t)net->b[l].cols; e++) has_zero |= net->b[l].data[e] == 0;
        }
        for (k = 0; k < net->n_opts; k++) {
            const ref_opt *o = &net->opts[k];
            double c = ref_setting(o, "clip_norm");
            if (ref_setting(o, "l1") > 0) {
                l1[o->kind] = 1;
                elastic |= ref_setting(o, "weight_decay") > 0;
                l1_bias |= ref_setting(o, "decay_bias") != 0;
                l1_at_zero |= has_zero;
            }
            /* the script checks that its small clip_norm (0.02) bites at the first step
               and its large one (100) never does; these bounds only tell them apart */
            clip_tight |= c > 0 && c < 0.05;
            clip_loose |= c > 10;
        }
        for (k = 0; k < net->n_dropouts; k++) {
            int layers = 0;
            for (l = 0; l < net->n_layers; l++) layers += net->dropouts[k].p[l] > 0;
            drop_one |= layers == 1;
            drop_two |= layers >= 2;
            drop_steps |= net->dropouts[k].n_opts > 0;
        }
        if (net->noise.present) {
            noise_nets++;
            noise_ragged |= net->noise.X.rows % net->noise.batch_size != 0;
            noise_chunks |= net->noise.X.rows > 256;
        }
    }
    CHECK(l1[MLP_OPT_SGD] && l1[MLP_OPT_ADAM] && l1[MLP_OPT_ADAMW]);
    CHECK(elastic && l1_bias && l1_at_zero);
    CHECK(clip_tight && clip_loose);
    CHECK(drop_one && drop_two && drop_steps);
    CHECK(noise_nets >= 2 && noise_ragged && noise_chunks);
    for (k = 0; k < fx.n_schedules; k++) {
        const ref_schedule *s = &fx.schedules[k];
        int j, warm = 0, start = 0;
        for (j = 0; j < s->fields.n; j++) {
            warm |= !strcmp(s->fields.key[j], "warmup") && s->fields.value[j] > 0;
            start |= !strcmp(s->fields.key[j], "warmup_start");
        }
        sched_kind[s->kind] = 1;
        sched_plain |= !warm;
        sched_warm |= warm;
        sched_warm_default |= warm && !start;
        CHECK(s->n_lrs >= 20);
    }
    for (k = 0; k < MLP_SCHED_COUNT; k++) {
        char what[96];
        snprintf(what, sizeof what, "some schedule of the fixture is %s", ref_schedule_names[k]);
        harness_check(sched_kind[k], what, __FILE__, __LINE__);
    }
    CHECK(sched_plain && sched_warm && sched_warm_default);
}

/* The fixture was read, and it covers what it should: every activation (as a
   hidden or an output layer) and softmax as a hidden layer, every loss, one and
   two hidden layers, the leaky ReLU with its default slope and another, every
   optimizer, weight decay on the biases too. Without this, a fixture regenerated
   with fewer cases would still pass. */
static void test_fixture(void)
{
    int seen_act[MLP_ACT_COUNT] = {0}, seen_loss[MLP_LOSS_COUNT] = {0}, seen_opt[MLP_OPT_COUNT] = {0};
    int one_hidden = 0, two_hidden = 0, slope_default = 0, slope_other = 0, softmax_hidden = 0, decay_bias = 0;
    int n, l, k, j;
    char what[96];
    if (!harness_check(fx.ok, fx.error, __FILE__, __LINE__)) return;
    CHECK(fx.n_nets >= 6);
    for (n = 0; n < fx.n_nets; n++) {
        const ref_net *net = &fx.nets[n];
        seen_loss[net->loss] = 1;
        one_hidden |= net->n_layers == 2;
        two_hidden |= net->n_layers == 3;
        for (l = 0; l < net->n_layers; l++) {
            seen_act[net->act[l]] = 1;
            softmax_hidden |= net->act[l] == MLP_SOFTMAX && l < net->n_layers - 1;
            if (net->act[l] == MLP_LEAKY_RELU) {
                slope_default |= net->slope[l] == 0.01;
                slope_other |= net->slope[l] != 0.01;
            }
        }
        CHECK(net->n_opts >= 20);
        for (k = 0; k < net->n_opts; k++) {
            seen_opt[net->opts[k].kind] = 1;
            for (j = 0; j < net->opts[k].settings.n; j++)
                decay_bias |= !strcmp(net->opts[k].settings.key[j], "decay_bias") && net->opts[k].settings.value[j] != 0;
        }
    }
    for (k = 0; k < MLP_ACT_COUNT; k++) {
        snprintf(what, sizeof what, "some layer of the fixture is %s", mlp_act_name((mlp_act_kind)k));
        harness_check(seen_act[k], what, __FILE__, __LINE__);
    }
    for (k = 0; k < MLP_LOSS_COUNT; k++) {
        snprintf(what, sizeof what, "some network of the fixture uses the loss %s", mlp_loss_name((mlp_loss_kind)k));
        harness_check(seen_loss[k], what, __FILE__, __LINE__);
    }
    for (k = 0; k < MLP_OPT_COUNT; k++) {
        snprintf(what, sizeof what, "some configuration of the fixture is %s", mlp_optim_name((mlp_optim_kind)k));
        harness_check(seen_opt[k], what, __FILE__, __LINE__);
    }
    CHECK(one_hidden && two_hidden);
    CHECK(slope_default && slope_other);
    CHECK(softmax_hidden);
    CHECK(decay_bias);
    CHECK(fx.steps >= 2);
    test_fixture_v2();
}

/* mlp_sgd(lr), mlp_adam(lr), ... start from PyTorch's default hyperparameters. */
static void test_defaults(void)
{
    int kind, k;
    char what[160];
    if (!fx.ok) return; /* ref_fixture reports it */
    for (kind = 0; kind < MLP_OPT_COUNT; kind++) {
        mlp_optim o = ref_constructor((mlp_optim_kind)kind, (mlp_real)0.1);
        const ref_keys *d = &fx.defaults[kind];
        snprintf(what, sizeof what, "the fixture has PyTorch's defaults for %s", mlp_optim_name((mlp_optim_kind)kind));
        if (!harness_check(fx.has_defaults[kind] && d->n > 0, what, __FILE__, __LINE__)) continue;
        for (k = 0; k < d->n; k++) {
            double v;
            snprintf(what, sizeof what, "%s: %s", mlp_optim_name((mlp_optim_kind)kind), d->key[k]);
            if (ref_get_field(&o, d->key[k], &v))
                harness_check_near(d->value[k], v, 0, 1e-15, what, __FILE__, __LINE__);
            else /* an option mlp.h does not have: PyTorch must default to its being off */
                harness_check_near(d->value[k], 0, 0, 0, what, __FILE__, __LINE__);
        }
    }
}

/* One forward and backward pass: the loss, and every dW and db. */
static void test_grad(void)
{
    const ref_case *c = ref_current();
    const ref_net *r;
    mlp_net net;
    int l;
    if (!c) return;
    r = &fx.nets[c->net];
    ref_worst_rel = ref_worst_zero = 0;
    if (ref_build(r, &net) && CHECK(mlp_forward(&net, &r->X) != NULL)) {
        ref_compare_value("loss", r->loss_value, mlp_loss(&net, &r->Y));
        mlp_zero_grad(&net);
        if (CHECK(mlp_backward(&net, &r->Y) == MLP_OK))
            for (l = 0; l < r->n_layers; l++) {
                ref_compare_mat("dW", l, &r->dW[l], &net.layers[l].dW);
                ref_compare_mat("db", l, &r->db[l], &net.layers[l].db);
            }
    }
    mlp_net_free(&net);
    ref_verbose();
}

/* The network of the fixture with dropout case d's masks installed: each layer
   with dropout gets its probability and, in M, the mask PyTorch's dropout drew, and
   keep_masks = 1 makes mlp_forward use M instead of drawing its own (what the
   gradient check does too). Checks first that every mask is one mlp.h could have
   drawn: each element 0 or 1/(1 - p), computed as mlp.h computes it. */
static int ref_build_dropout(const ref_net *r, const ref_dropout *d, mlp_net *net)
{
    int l;
    if (!ref_build(r, net)) return 0;
    net->training = 1;
    net->keep_masks = 1;
    for (l = 0; l < r->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        mlp_real keep_scale;
        size_t k, n = (size_t)d->M[l].rows * d->M[l].cols, dropped = 0;
        if (d->p[l] == 0) continue;
        layer->dropout = (mlp_real)d->p[l];
        keep_scale = 1 / (1 - layer->dropout);
        for (k = 0; k < n; k++) {
            if (!CHECK(d->M[l].data[k] == 0 || d->M[l].data[k] == keep_scale)) return 0;
            dropped += d->M[l].data[k] == 0;
        }
        if (!CHECK(dropped > 0 && dropped < n) || !CHECK(mlp_mat_copy(&layer->M, &d->M[l]) == MLP_OK)) return 0;
    }
    return 1;
}

/* After a forward pass: dropout was applied, with the installed masks unchanged. */
static int ref_masks_used(const ref_net *r, const ref_dropout *d, const mlp_net *net)
{
    int l;
    if (!CHECK_INT(1, net->dropout_on)) return 0;
    for (l = 0; l < r->n_layers; l++)
        if (d->p[l] > 0 && !CHECK(mlp_mat_same_shape(&net->layers[l].M, &d->M[l]) &&
                                  memcmp(net->layers[l].M.data, d->M[l].data,
                                         (size_t)d->M[l].rows * d->M[l].cols * sizeof(mlp_real)) == 0))
            return 0;
    return 1;
}

/* K steps of one optimizer configuration, each exactly as PyTorch's loop:
   zero_grad, forward, loss, backward, step (mlp_step clips, if clip_norm says so,
   and adds the L1 and weight decay terms). d: the dropout case whose masks every
   forward uses, or NULL. */
static void ref_run_opt(const ref_net *r, const ref_opt *o, const ref_dropout *d)
{
    mlp_net net;
    mlp_optim opt;
    char what[64];
    int l, k, built;
    ref_worst_rel = ref_worst_zero = 0;
    opt = ref_constructor(o->kind, (mlp_real)o->lr);
    for (k = 0; k < o->settings.n; k++) ref_set_field(&opt, o->settings.key[k], o->settings.value[k]);
    built = d ? ref_build_dropout(r, d, &net) : ref_build(r, &net);
    if (built) {
        for (k = 0; k < o->n_losses; k++) {
            if (!CHECK(mlp_forward(&net, &r->X) != NULL) || (d && !ref_masks_used(r, d, &net))) break;
            snprintf(what, sizeof what, "loss before step %d", k + 1);
            ref_compare_value(what, o->losses[k], mlp_loss(&net, &r->Y));
            mlp_zero_grad(&net);
            if (!CHECK(mlp_backward(&net, &r->Y) == MLP_OK) || !CHECK(mlp_step(&net, &opt) == MLP_OK)) break;
        }
        if (k == o->n_losses)
            for (l = 0; l < r->n_layers; l++) {
                ref_compare_mat("final W", l, &o->W[l], &net.layers[l].W);
                ref_compare_mat("final b", l, &o->b[l], &net.layers[l].b);
            }
    }
    mlp_net_free(&net);
    ref_verbose();
}

static void test_opt(void)
{
    const ref_case *c = ref_current();
    if (c) ref_run_opt(&fx.nets[c->net], &fx.nets[c->net].opts[c->opt], NULL);
}

/* One forward and backward pass with dropout, the masks fixed: the loss, every dW
   and db. The gradient reaches A through the mask (dL/dA = dL/dD * M). */
static void test_dropout(void)
{
    const ref_case *c = ref_current();
    const ref_net *r;
    const ref_dropout *d;
    mlp_net net;
    int l;
    if (!c) return;
    r = &fx.nets[c->net];
    d = &r->dropouts[c->drop];
    ref_worst_rel = ref_worst_zero = 0;
    if (ref_build_dropout(r, d, &net) && CHECK(mlp_forward(&net, &r->X) != NULL) && ref_masks_used(r, d, &net)) {
        ref_compare_value("loss", d->loss_value, mlp_loss(&net, &r->Y));
        mlp_zero_grad(&net);
        if (CHECK(mlp_backward(&net, &r->Y) == MLP_OK))
            for (l = 0; l < r->n_layers; l++) {
                ref_compare_mat("dW", l, &d->dW[l], &net.layers[l].dW);
                ref_compare_mat("db", l, &d->db[l], &net.layers[l].db);
            }
    }
    mlp_net_free(&net);
    ref_verbose();
}

/* K optimizer steps with dropout, the same masks at every step. */
static void test_dropout_opt(void)
{
    const ref_case *c = ref_current();
    const ref_dropout *d;
    if (!c) return;
    d = &fx.nets[c->net].dropouts[c->drop];
    ref_run_opt(&fx.nets[c->net], &d->opts[c->opt], d);
}

/* mlp_gradient_noise, in order (rng NULL): ||grad J||^2 and the mean over the
   mini-batches of ||grad J_b - grad J||^2; grad J left in dW and db, and
   mlp_net_grad_norm of it. The hidden layers are given dropout 0.5 here: the
   function documents that it works in evaluation mode (no dropout), as PyTorch's
   numbers (a network without dropout) require; it must also leave training on. */
static void test_noise(void)
{
    const ref_case *c = ref_current();
    const ref_net *r;
    const ref_noise *q;
    mlp_net net;
    mlp_real norm_sq = -1, variance = -1;
    int l;
    if (!c) return;
    r = &fx.nets[c->net];
    q = &r->noise;
    ref_worst_rel = ref_worst_zero = 0;
    if (ref_build(r, &net)) {
        for (l = 0; l < r->n_layers - 1; l++) net.layers[l].dropout = (mlp_real)0.5;
        mlp_rng_seed(&net.rng, 1);
        if (CHECK(mlp_gradient_noise(&net, &q->X, &q->Y, q->batch_size, NULL, &norm_sq, &variance) == MLP_OK)) {
            ref_compare_value("||grad J||^2", q->grad_norm_sq, norm_sq);
            ref_compare_value("batch variance", q->batch_variance, variance);
            ref_compare_value("mlp_net_grad_norm", q->grad_norm, mlp_net_grad_norm(&net));
            for (l = 0; l < r->n_layers; l++) {
                ref_compare_mat("dW (grad J)", l, &q->dW[l], &net.layers[l].dW);
                ref_compare_mat("db (grad J)", l, &q->db[l], &net.layers[l].db);
            }
            CHECK_INT(1, net.training);
        }
    }
    mlp_net_free(&net);
    ref_verbose();
}

/* mlp_schedule_lr at every epoch PyTorch's scheduler was run for. */
static void test_schedule(void)
{
    const ref_case *c = ref_current();
    const ref_schedule *r;
    mlp_schedule s;
    char what[64];
    int k;
    if (!c) return;
    r = &fx.schedules[c->sched];
    ref_worst_rel = ref_worst_zero = 0;
    s = ref_schedule_constructor(r->kind);
    for (k = 0; k < r->fields.n; k++) ref_set_schedule_field(&s, r->fields.key[k], r->fields.value[k]);
    for (k = 0; k < r->n_lrs; k++) {
        snprintf(what, sizeof what, "learning rate at epoch %d", k);
        ref_compare_value(what, r->lrs[k], mlp_schedule_lr(&s, (mlp_real)r->base_lr, k));
    }
    ref_verbose();
}

/* Appends one test, for the fixture case c (indices as in ref_case). */
static void ref_add_case(test_case *tests, int *n_tests, ref_case *c, int net, int opt, int drop, int sched,
                         void (*fn)(void))
{
    c->net = net;
    c->opt = opt;
    c->drop = drop;
    c->sched = sched;
    tests[*n_tests].name = c->name;
    tests[*n_tests].fn = fn;
    ++*n_tests;
}

int main(int argc, char **argv)
{
    test_case *tests;
    int n_tests = 0, n, k, d, j, status;
    if (sizeof(mlp_real) != sizeof(double)) {
        printf("test_reference: compares with PyTorch in float64, so it needs MLP_REAL double; skipped\n");
        return 0;
    }
    ref_load();
    for (n = 0; fx.ok && n < fx.n_nets; n++) {
        ref_n_cases += 1 + fx.nets[n].n_opts + fx.nets[n].noise.present;
        for (k = 0; k < fx.nets[n].n_dropouts; k++) ref_n_cases += 1 + fx.nets[n].dropouts[k].n_opts;
    }
    if (fx.ok) ref_n_cases += fx.n_schedules;
    ref_cases = (ref_case *)calloc((size_t)ref_n_cases + 1, sizeof *ref_cases);
    tests = (test_case *)calloc((size_t)ref_n_cases + 2, sizeof *tests);
    if (!ref_cases || !tests) {
        fprintf(stderr, "test_reference: out of memory\n");
        return 1;
    }
    tests[n_tests].name = "ref_fixture";
    tests[n_tests++].fn = test_fixture;
    if (fx.ok) {
        tests[n_tests].name = "ref_defaults";
        tests[n_tests++].fn = test_defaults;
    }
    for (n = 0, k = 0; fx.ok && n < fx.n_nets; n++) {
        const ref_net *net = &fx.nets[n];
        snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_grad_%s", net->name);
        ref_add_case(tests, &n_tests, &ref_cases[k++], n, -1, -1, -1, test_grad);
        for (j = 0; j < net->n_opts; j++) {
            snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_opt_%s_%s", net->name, net->opts[j].name);
            ref_add_case(tests, &n_tests, &ref_cases[k++], n, j, -1, -1, test_opt);
        }
        for (d = 0; d < net->n_dropouts; d++) {
            const ref_dropout *dc = &net->dropouts[d];
            snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_dropout_%s_%s", net->name, dc->name);
            ref_add_case(tests, &n_tests, &ref_cases[k++], n, -1, d, -1, test_dropout);
            for (j = 0; j < dc->n_opts; j++) {
                snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_dropout_%s_%s_%s", net->name, dc->name,
                         dc->opts[j].name);
                ref_add_case(tests, &n_tests, &ref_cases[k++], n, j, d, -1, test_dropout_opt);
            }
        }
        if (net->noise.present) {
            snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_noise_%s", net->name);
            ref_add_case(tests, &n_tests, &ref_cases[k++], n, -1, -1, -1, test_noise);
        }
    }
    for (j = 0; fx.ok && j < fx.n_schedules; j++) {
        snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_schedule_%s", fx.schedules[j].name);
        ref_add_case(tests, &n_tests, &ref_cases[k++], -1, -1, -1, j, test_schedule);
    }
    status = run_tests(argc, argv, tests, n_tests);
    if (ref_is_verbose())
        printf("all tests: %ld values compared; worst relative error %.3g (in %s, over values >= 1e-8 in size); "
               "worst difference %.3g of the tolerance (in %s)\n",
               ref_all_values, ref_all_rel, ref_all_rel_test, ref_all_ratio, ref_all_ratio_test);
    free(tests);
    free(ref_cases);
    ref_free();
    return status;
}
