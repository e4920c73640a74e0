/* test_reference.c - mlp.h against PyTorch: the same networks, the same numbers.

   tests/reference/make_reference.py ran small networks in PyTorch 1.13 (float64)
   and wrote what it saw to tests/reference/reference.txt: the architecture, the
   initial W and b of every layer, a batch X and targets Y, the loss and every dW
   and db after one backward pass, and, for each optimizer configuration, the loss
   at each of K steps on that batch and the parameters after them. This program
   reads that file (no Python needed), builds each network with mlp.h, loads the
   same parameters, and checks that mlp.h computes the same numbers:

     ref_fixture              the file was read, and covers every activation, loss
                              and optimizer
     ref_defaults             mlp_sgd(), mlp_adam(), ... have PyTorch's defaults
     ref_grad_<net>           loss, dW and db of one forward and backward pass
     ref_opt_<net>_<config>   K steps of an optimizer: each step's loss, final W and b

   Build and run from the repository root (double precision only):
       gcc -std=c99 -Wall -Wextra -Wpedantic -O2 -ffp-contract=off -I. \
           tests/test_reference.c -o /tmp/test_reference -lm
       /tmp/test_reference [-v] [substring]
   The fixture is read from $MLP_REFERENCE_DIR/reference.txt if that variable is
   set, else from tests/reference/reference.txt. Set MLP_REFERENCE_VERBOSE=1 to
   print the largest difference from PyTorch that each test saw.

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

/* One optimizer configuration run on one network. */
typedef struct ref_opt {
    char name[REF_NAME];
    mlp_optim_kind kind;
    double lr;
    ref_keys settings; /* mlp_optim fields set after the constructor */
    int n_losses;
    double *losses;    /* loss before each step */
    mlp_mat *W, *b;    /* parameters after the last step, per layer */
} ref_opt;

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
} ref_net;

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
    else return 0;
    return 1;
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

/* `<n> (<key> <value>) x n`. mlp_fields: every key must be an mlp_optim field
   (an "opt" line); else PyTorch options mlp.h lacks are allowed too ("defaults"). */
static int ref_key_values(ref_parser *p, ref_keys *keys, int mlp_fields)
{
    int k;
    if (ref_int(p, &keys->n, 0, REF_MAX_KEYS, "the number of hyperparameters")) return -1;
    for (k = 0; k < keys->n; k++) {
        mlp_optim probe = mlp_sgd(0);
        if (ref_name(p, keys->key[k], "a hyperparameter name")) return -1;
        if (!ref_set_field(&probe, keys->key[k], 0) && (mlp_fields || !ref_absent_option(keys->key[k])))
            return ref_fail(p, "unknown hyperparameter '%s'", keys->key[k]);
        if (ref_double(p, &keys->value[k], "a hyperparameter value")) return -1;
    }
    return 0;
}

static int ref_read_opt(ref_parser *p, ref_net *net)
{
    ref_opt *o;
    int k, l;
    if (net->n_opts == net->cap_opts) {
        int cap = net->cap_opts ? 2 * net->cap_opts : 32;
        ref_opt *grown = (ref_opt *)realloc(net->opts, (size_t)cap * sizeof *grown);
        if (!grown) return ref_fail(p, "out of memory");
        net->opts = grown;
        net->cap_opts = cap;
    }
    o = &net->opts[net->n_opts++];
    memset(o, 0, sizeof *o);
    o->W = (mlp_mat *)calloc((size_t)net->n_layers, sizeof *o->W);
    o->b = (mlp_mat *)calloc((size_t)net->n_layers, sizeof *o->b);
    o->losses = (double *)calloc((size_t)fx.steps, sizeof *o->losses);
    if (!o->W || !o->b || !o->losses) return ref_fail(p, "out of memory");
    if (ref_name(p, o->name, "a configuration name") || ref_optim_kind(p, &o->kind) ||
        ref_double(p, &o->lr, "a learning rate") || ref_key_values(p, &o->settings, 1))
        return -1;
    for (k = 0; k < net->n_opts - 1; k++)
        if (!strcmp(net->opts[k].name, o->name)) return ref_fail(p, "configuration '%s' appears twice", o->name);
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
        ref_double(p, &net->loss_value, "the loss"))
        return -1;
    for (l = 0; l < net->n_layers; l++) {
        int n_in = l ? net->n_out[l - 1] : net->n_in;
        if (ref_matrix(p, "dW", l, n_in, net->n_out[l], &net->dW[l]) ||
            ref_matrix(p, "db", l, 1, net->n_out[l], &net->db[l]))
            return -1;
    }
    while (!strcmp(ref_peek(p, next, sizeof next), "opt")) {
        ref_next(p);
        if (ref_read_opt(p, net)) return -1;
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
    else if (fx.version != 1) status = ref_fail(&p, "format version %d; this program reads version 1", fx.version);
    else if (ref_expect(&p, "torch") || ref_name(&p, fx.torch, "PyTorch's version") || ref_expect(&p, "steps") ||
             ref_int(&p, &fx.steps, 1, 1000, "the number of steps"))
        status = -1;
    while (status == 0) {
        if (!ref_next(&p)) {
            status = ref_fail(&p, "the file ends without 'end' (truncated?)");
        } else if (!strcmp(p.tok, "defaults")) {
            mlp_optim_kind kind;
            if (ref_optim_kind(&p, &kind) || ref_key_values(&p, &fx.defaults[kind], 0)) status = -1;
            else fx.has_defaults[kind] = 1;
        } else if (!strcmp(p.tok, "net")) {
            status = ref_read_net(&p);
        } else if (!strcmp(p.tok, "end")) {
            if (ref_next(&p)) status = ref_fail(&p, "'%s' after 'end'", p.tok);
            break;
        } else {
            status = ref_fail(&p, "expected 'defaults', 'net', 'opt' or 'end', found '%s'", p.tok);
        }
    }
    free(text);
    fx.ok = status == 0;
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
        }
        mlp_mat_free(&net->X);
        mlp_mat_free(&net->Y);
        for (k = 0; k < net->n_opts; k++) {
            ref_opt *o = &net->opts[k];
            for (l = 0; o->W && l < net->n_layers; l++) mlp_mat_free(&o->W[l]);
            for (l = 0; o->b && l < net->n_layers; l++) mlp_mat_free(&o->b[l]);
            free(o->W);
            free(o->b);
            free(o->losses);
        }
        free(net->opts);
    }
    free(fx.nets);
    memset(&fx, 0, sizeof fx);
}

/* ==========================================================================
   Comparing
   ========================================================================== */

/* The largest differences the current test saw, for MLP_REFERENCE_VERBOSE. */
static double ref_worst_rel;  /* max |got - expected| / |expected| over expected != 0 */
static double ref_worst_zero; /* max |got| where expected == 0 */

static void ref_note(double expected, double got)
{
    double diff = fabs(got - expected);
    if (expected != 0) {
        if (diff / fabs(expected) > ref_worst_rel) ref_worst_rel = diff / fabs(expected);
    } else if (diff > ref_worst_zero)
        ref_worst_zero = diff;
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
    char name[2 * REF_NAME + 16];
    int net, opt; /* indices into fx; opt < 0 for a gradient test */
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

static void ref_verbose(void)
{
    const char *v = getenv("MLP_REFERENCE_VERBOSE");
    if (v && *v && strcmp(v, "0"))
        printf("%-44s worst relative error %.3g, worst |got| where 0 expected %.3g\n", harness_current, ref_worst_rel,
               ref_worst_zero);
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

/* K steps of one optimizer configuration, each exactly as PyTorch's loop:
   zero_grad, forward, loss, backward, step. */
static void test_opt(void)
{
    const ref_case *c = ref_current();
    const ref_net *r;
    const ref_opt *o;
    mlp_net net;
    mlp_optim opt;
    char what[64];
    int l, k;
    if (!c) return;
    r = &fx.nets[c->net];
    o = &r->opts[c->opt];
    ref_worst_rel = ref_worst_zero = 0;
    opt = ref_constructor(o->kind, (mlp_real)o->lr);
    for (k = 0; k < o->settings.n; k++) ref_set_field(&opt, o->settings.key[k], o->settings.value[k]);
    if (ref_build(r, &net)) {
        for (k = 0; k < o->n_losses; k++) {
            if (!CHECK(mlp_forward(&net, &r->X) != NULL)) break;
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

int main(int argc, char **argv)
{
    test_case *tests;
    int n_tests = 0, n, k, status;
    if (sizeof(mlp_real) != sizeof(double)) {
        printf("test_reference: compares with PyTorch in float64, so it needs MLP_REAL double; skipped\n");
        return 0;
    }
    ref_load();
    for (n = 0; fx.ok && n < fx.n_nets; n++) ref_n_cases += 1 + fx.nets[n].n_opts;
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
        int j;
        snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_grad_%s", fx.nets[n].name);
        ref_cases[k].net = n;
        ref_cases[k].opt = -1;
        tests[n_tests].name = ref_cases[k++].name;
        tests[n_tests++].fn = test_grad;
        for (j = 0; j < fx.nets[n].n_opts; j++) {
            snprintf(ref_cases[k].name, sizeof ref_cases[k].name, "ref_opt_%s_%s", fx.nets[n].name,
                     fx.nets[n].opts[j].name);
            ref_cases[k].net = n;
            ref_cases[k].opt = j;
            tests[n_tests].name = ref_cases[k++].name;
            tests[n_tests++].fn = test_opt;
        }
    }
    status = run_tests(argc, argv, tests, n_tests);
    free(tests);
    free(ref_cases);
    ref_free();
    return status;
}
