/* test_data.c - saving and loading networks, CSV and IDX files, preparing
   data and the toy data sets.

   Where the expected values come from:
   - file formats: files written out byte by byte in this test (a network
     file as the text the manual documents, IDX headers as big-endian bytes);
   - round trips: a loaded network must give the same bits (memcmp) as the
     saved one, and training must continue as if never interrupted;
   - bad input: one table of malformed files, each with the status and the
     words of the message it must produce, and a check that the destination
     (a network, a matrix, a file on disk) is exactly as before;
   - data preparation and toy sets: hand computations and properties that
     follow from how the data is defined (a class from its quadrant, a noise
     variance measured back).
   Files live in a directory made with mkdtemp and removed at the end.
   One test runs this very program a second time (system()) to save a network
   that the first process then loads: a file written by one program is read
   by another. Built with -DMLP_NO_POSIX (and C11, for fopen's exclusive
   mode), the saver in plain C runs every test but those of what only the
   POSIX saver promises (tests/run.sh builds it so). */
#define _XOPEN_SOURCE 700 /* POSIX 2008 (mkdtemp, rmdir, mkfifo, symlink, fork, opendir) and mknod */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* MLP_ASSERT that returns, for the refusals that are a misuse (the saver's
   settings out of range): a test says when it expects one; any other
   misuse aborts, as the default does. */
static int misuse_expected = 0, misuse_count = 0;
static char misuse_msg[1024];
static void on_misuse(const char *msg)
{
    misuse_count++;
    strncpy(misuse_msg, msg, sizeof misuse_msg - 1);
    misuse_msg[sizeof misuse_msg - 1] = '\0';
    if (!misuse_expected) {
        fprintf(stderr, "unexpected misuse: %s\n", msg);
        abort();
    }
}
#define MLP_ASSERT(cond, msg) ((cond) ? (void)0 : on_misuse(msg))

/* An allocator that remembers its largest request, to see that readers on a
   pipe allocate as the data arrives rather than what a header promises. */
static size_t largest_request = 0;
static void *watched_realloc(void *p, size_t n)
{
    if (n > largest_request) largest_request = n;
    return realloc(p, n);
}
#define MLP_MALLOC(n) watched_realloc(NULL, n)
#define MLP_REALLOC(p, n) watched_realloc(p, n)
#define MLP_FREE(p) free(p)

#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "harness.h"

static const int IS_FLOAT = sizeof(mlp_real) == sizeof(float);
static char tmp_dir[256];
static const char *self_path = "";

/* ---- helpers --------------------------------------------------------------- */

/* tmp_dir/name, in a static buffer (one at a time is enough; copy to keep). */
static const char *tmp_path(const char *name)
{
    static char path[2][512];
    static int which = 0;
    which = 1 - which;
    snprintf(path[which], sizeof path[which], "%s/%s", tmp_dir, name);
    return path[which];
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
    if (n) fwrite(data, 1, n, f);
    fclose(f);
}

static void write_text(const char *path, const char *text) { write_bytes(path, text, strlen(text)); }

/* The whole file as a NUL-terminated string (malloc'd), or NULL if it does not exist. */
static char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = (char *)malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
    s[n] = '\0';
    fclose(f);
    if (size) *size = (size_t)n;
    return s;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* s with the first occurrence of `from` replaced by `to` (malloc'd). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    size_t n = strlen(s), a, b;
    char *r;
    if (!at) {
        fprintf(stderr, "replace: '%s' not found\n", from);
        exit(2);
    }
    a = strlen(from);
    b = strlen(to);
    r = (char *)malloc(n - a + b + 1);
    memcpy(r, s, (size_t)(at - s));
    memcpy(r + (at - s), to, b);
    strcpy(r + (at - s) + b, at + a);
    return r;
}

#define CHECK_ERROR(expected_status, status, text)                                                    \
    do {                                                                                              \
        CHECK_INT(expected_status, status);                                                           \
        if (!CHECK(strstr(mlp_last_error(), text) != NULL))                                           \
            fprintf(stderr, "    message: %s\n    wanted:  %s\n", mlp_last_error(), text);            \
    } while (0)

/* A small network with weights that every build writes and reads exactly. */
static void small_net(mlp_net *net)
{
    static const double W0[4] = {0.5, -0.25, 1, 2}, b0[2] = {0.125, 0}, W1[2] = {-1, 0.75}, b1[1] = {0.5};
    int k;
    mlp_net_new(net, 2, MLP_BCE);
    mlp_net_add(net, 2, MLP_TANH);
    mlp_net_add(net, 1, MLP_SIGMOID);
    for (k = 0; k < 4; k++) net->layers[0].W.data[k] = (mlp_real)W0[k];
    for (k = 0; k < 2; k++) net->layers[0].b.data[k] = (mlp_real)b0[k];
    for (k = 0; k < 2; k++) net->layers[1].W.data[k] = (mlp_real)W1[k];
    net->layers[1].b.data[0] = (mlp_real)b1[0];
    net->layers[0].slope = net->layers[1].slope = (mlp_real)0.5;
}

/* small_net's file, as the format documentation describes it. The generator
   line holds splitmix64's first four outputs from seed 0 (mlp_net_new seeds
   the dropout generator with 0): e220a8397b1dcdaf ... */
static const char *small_net_text(void)
{
    static char text[1024];
    snprintf(text, sizeof text,
             "mlp.h network v1\n"
             "real %s\n"
             "inputs 2\n"
             "loss bce\n"
             "training 1\n"
             "rng e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f f88bb8a8724c81ec 0 0\n"
             "layers 2\n"
             "layer 0\nunits 2\nactivation tanh\nslope 0.5\ninit auto 0 0\ndropout 0\n"
             "W 2 2\n0.5 -0.25\n1 2\n"
             "b 1 2\n0.125 0\n"
             "layer 1\nunits 1\nactivation sigmoid\nslope 0.5\ninit auto 0 0\ndropout 0\n"
             "W 2 1\n-1\n0.75\n"
             "b 1 1\n0.5\n"
             "optimizer none\n"
             "end\n",
             IS_FLOAT ? "float" : "double");
    return text;
}

/* A random network of the given shape, initialized from seed. */
static void random_net(mlp_net *net, unsigned long long seed, mlp_loss_kind loss, int n_in, int h, int n_out,
                       mlp_act_kind out_act)
{
    mlp_rng rng;
    mlp_rng_seed(&rng, seed);
    mlp_net_new(net, n_in, loss);
    mlp_net_add(net, h, MLP_RELU);
    mlp_net_add(net, h, MLP_TANH);
    mlp_net_add(net, n_out, out_act);
    mlp_net_initialize(net, &rng);
}

static void random_mat(mlp_mat *m, int rows, int cols, unsigned long long seed, double scale)
{
    mlp_rng rng;
    size_t k;
    mlp_rng_seed(&rng, seed);
    mlp_mat_resize(m, rows, cols);
    for (k = 0; k < (size_t)rows * cols; k++) m->data[k] = (mlp_real)mlp_rng_normal(&rng, 0, scale);
}

static int same_bits(const mlp_mat *a, const mlp_mat *b)
{
    return a->rows == b->rows && a->cols == b->cols &&
           ((size_t)a->rows * a->cols == 0 || memcmp(a->data, b->data, (size_t)a->rows * a->cols * sizeof(mlp_real)) == 0);
}

static int nets_identical(const mlp_net *a, const mlp_net *b)
{
    int l;
    if (a->n_in != b->n_in || a->n_layers != b->n_layers || a->loss != b->loss) return 0;
    for (l = 0; l < a->n_layers; l++)
        if (!same_bits(&a->layers[l].W, &b->layers[l].W) || !same_bits(&a->layers[l].b, &b->layers[l].b) ||
            a->layers[l].act != b->layers[l].act)
            return 0;
    return 1;
}

/* ---- the network file ------------------------------------------------------ */

static void test_net_write_matches_documented_format(void)
{
    mlp_net net;
    char *got;
    small_net(&net);
    CHECK_INT(MLP_OK, mlp_net_save(&net, NULL, tmp_path("small.net")));
    got = read_all(tmp_path("small.net"), NULL);
    if (!CHECK(got && strcmp(got, small_net_text()) == 0)) fprintf(stderr, "got:\n%s\nwanted:\n%s", got, small_net_text());
    CHECK(!file_exists(tmp_path("small.net.tmp"))); /* renamed, not left behind */
    free(got);
    mlp_net_free(&net);
}

static void test_net_load_hand_written_file(void)
{
    mlp_net net;
    mlp_real x[2] = {1, -2};
    mlp_mat X = mlp_mat_view(1, 2, x), P = {0, 0, 0, NULL};
    double h0, h1;
    write_text(tmp_path("hand.net"), small_net_text());
    CHECK_INT(MLP_OK, mlp_net_load(&net, NULL, tmp_path("hand.net")));
    CHECK_INT(2, net.n_layers);
    CHECK_INT(MLP_BCE, net.loss);
    CHECK_INT(MLP_SIGMOID, net.layers[1].act);
    CHECK_NEAR(2.0, net.layers[0].W.data[3], 0.0);
    /* by hand: h = tanh(x W0 + b0) with x W0 = (0.5 - 2, -0.25 - 4) */
    h0 = tanh(0.5 * 1 + 1 * -2 + 0.125);
    h1 = tanh(-0.25 * 1 + 2 * -2 + 0);
    mlp_predict(&net, &X, &P);
    CHECK_NEAR(1 / (1 + exp(-(-1 * h0 + 0.75 * h1 + 0.5))), P.data[0], IS_FLOAT ? 1e-6 : 1e-15);
    mlp_mat_free(&P);
    mlp_net_free(&net);
}

static void test_net_round_trip_bit_identical(void)
{
    mlp_net a, b;
    mlp_mat X = {0, 0, 0, NULL}, Pa = {0, 0, 0, NULL}, Pb = {0, 0, 0, NULL};
    random_net(&a, 11, MLP_CROSS_ENTROPY, 5, 7, 3, MLP_SOFTMAX);
    a.layers[1].act = MLP_LEAKY_RELU;
    a.layers[1].slope = (mlp_real)0.1234567;
    a.layers[0].dropout = (mlp_real)0.3;
    random_mat(&X, 9, 5, 12, 3.0);
    CHECK_INT(MLP_OK, mlp_net_save(&a, NULL, tmp_path("rt.net")));
    CHECK_INT(MLP_OK, mlp_net_load(&b, NULL, tmp_path("rt.net")));
    CHECK(nets_identical(&a, &b));
    CHECK(b.layers[1].slope == a.layers[1].slope);
    CHECK(b.layers[0].dropout == a.layers[0].dropout);
    CHECK(memcmp(b.rng.s, a.rng.s, sizeof a.rng.s) == 0);
    mlp_predict(&a, &X, &Pa);
    mlp_predict(&b, &X, &Pb);
    CHECK(same_bits(&Pa, &Pb));
    /* and saving the loaded network gives the same file, byte for byte */
    CHECK_INT(MLP_OK, mlp_net_save(&b, NULL, tmp_path("rt2.net")));
    {
        char *s1 = read_all(tmp_path("rt.net"), NULL), *s2 = read_all(tmp_path("rt2.net"), NULL);
        CHECK(s1 && s2 && strcmp(s1, s2) == 0);
        free(s1);
        free(s2);
    }
    mlp_mat_free(&X);
    mlp_mat_free(&Pa);
    mlp_mat_free(&Pb);
    mlp_net_free(&a);
    mlp_net_free(&b);
}

/* One training step on a fixed batch: forward, zero_grad, backward, step. */
static void one_step(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y)
{
    mlp_forward(net, X);
    mlp_zero_grad(net);
    mlp_backward(net, Y);
    mlp_step(net, opt);
}

/* 3 steps, save, load, 3 steps == 6 steps straight, bit for bit; with
   dropout, so that the dropout generator must continue where it was too. */
static void check_resume(mlp_optim opt0, const char *file)
{
    mlp_net straight, resumed, loaded;
    mlp_optim o1 = opt0, o2 = opt0, o3;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    int k;
    random_net(&straight, 21, MLP_MSE, 4, 6, 2, MLP_IDENTITY);
    random_net(&resumed, 21, MLP_MSE, 4, 6, 2, MLP_IDENTITY);
    straight.layers[0].dropout = resumed.layers[0].dropout = (mlp_real)0.25;
    random_mat(&X, 8, 4, 22, 1.0);
    random_mat(&Y, 8, 2, 23, 1.0);
    for (k = 0; k < 6; k++) one_step(&straight, &o1, &X, &Y);
    for (k = 0; k < 3; k++) one_step(&resumed, &o2, &X, &Y);
    CHECK_INT(MLP_OK, mlp_net_save(&resumed, &o2, tmp_path(file)));
    mlp_net_free(&resumed);
    memset(&o3, 0x55, sizeof o3); /* garbage: everything must come from the file */
    CHECK_INT(MLP_OK, mlp_net_load(&loaded, &o3, tmp_path(file)));
    CHECK_INT(3, o3.t);
    for (k = 0; k < 3; k++) one_step(&loaded, &o3, &X, &Y);
    CHECK_INT(6, o3.t);
    CHECK(nets_identical(&straight, &loaded));
    CHECK(same_bits(&straight.layers[1].mW, &loaded.layers[1].mW));
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_net_free(&straight);
    mlp_net_free(&loaded);
}

static void test_net_resume_adam(void)
{
    mlp_optim o = mlp_adam((mlp_real)0.01);
    o.weight_decay = (mlp_real)0.001;
    check_resume(o, "adam.net");
}

static void test_net_resume_sgd_nesterov(void)
{
    mlp_optim o = mlp_sgd((mlp_real)0.05);
    o.momentum = (mlp_real)0.9;
    o.nesterov = 1;
    check_resume(o, "sgd.net");
}

static void test_net_resume_rmsprop(void) { check_resume(mlp_rmsprop((mlp_real)0.01), "rmsprop.net"); }

static void test_net_resume_adagrad_adamw(void)
{
    check_resume(mlp_adagrad((mlp_real)0.05), "adagrad.net");
    check_resume(mlp_adamw((mlp_real)0.01), "adamw.net");
}

/* Loading with opt NULL drops the optimizer state; with opt it is required. */
static void test_net_optimizer_presence(void)
{
    mlp_net net, loaded;
    mlp_optim o = mlp_adam((mlp_real)0.01), got;
    small_net(&net);
    CHECK_INT(MLP_OK, mlp_net_save(&net, &o, tmp_path("with_opt.net")));
    CHECK_INT(MLP_OK, mlp_net_load(&loaded, NULL, tmp_path("with_opt.net")));
    CHECK_INT(0, loaded.layers[0].mW.rows); /* never stepped: state 0x0, and dropped anyway */
    mlp_net_free(&loaded);
    CHECK_INT(MLP_OK, mlp_net_load(&loaded, &got, tmp_path("with_opt.net")));
    CHECK_INT(MLP_OPT_ADAM, got.kind);
    CHECK(got.lr == o.lr && got.beta2 == o.beta2 && got.eps == o.eps);
    mlp_net_free(&loaded);
    write_text(tmp_path("no_opt.net"), small_net_text());
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_net_load(&loaded, &got, tmp_path("no_opt.net")), "holds no optimizer");
    mlp_net_free(&net);
}

/* The table of malformed network files: each is the valid small_net file
   with one change, the status it must give and words of the message. */
typedef struct bad_net_case {
    const char *what;
    const char *from, *to; /* replace the first `from` with `to`; NULL: see below */
    int status;
    const char *message;
} bad_net_case;

static void test_net_load_bad_input_table(void)
{
    static const bad_net_case cases[] = {
        {"wrong magic", "mlp.h network", "mlp.x network", MLP_ERR_FORMAT, ":1: not an mlp.h network file"},
        {"wrong version", "network v1", "network v2", MLP_ERR_FORMAT, ":1: version 'v2' is not supported"},
        {"unknown real", "real ", "real long", MLP_ERR_FORMAT, ":2: real must be double or float"},
        {"negative inputs", "inputs 2", "inputs -2", MLP_ERR_FORMAT, ":3: inputs is -2; it must be in 1.."},
        {"huge inputs", "inputs 2", "inputs 99999999999999999999", MLP_ERR_FORMAT, ":3: inputs is 99999999999999999999"},
        {"not an integer", "inputs 2", "inputs 2.5", MLP_ERR_FORMAT, ":3: inputs: expected an integer, found '2.5'"},
        {"unknown loss", "loss bce", "loss hinge", MLP_ERR_FORMAT, ":4: unknown loss 'hinge'"},
        {"bad generator", "e220a8397b1dcdaf", "e220a8397b1dcdaz", MLP_ERR_FORMAT, ":6: the generator's state: expected 16 hexadecimal"},
        {"zero generator", "e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f f88bb8a8724c81ec",
         "0000000000000000 0000000000000000 0000000000000000 0000000000000000", MLP_ERR_FORMAT, "all zero"},
        {"zero layers", "layers 2", "layers 0", MLP_ERR_FORMAT, ":7: layers is 0"},
        {"huge layer", "units 2", "units 16000000", MLP_ERR_FORMAT, "bytes are left in the file (truncated?)"},
        {"negative units", "units 2", "units -1", MLP_ERR_FORMAT, ":9: units is -1"},
        {"unknown activation", "activation tanh", "activation swish", MLP_ERR_FORMAT, ":10: unknown activation 'swish'"},
        {"dropout out of range", "dropout 0\nW 2 2", "dropout 1\nW 2 2", MLP_ERR_FORMAT, ":13: layer 0: dropout must be in [0, 1)"},
        {"shape mismatch", "W 2 2", "W 3 2", MLP_ERR_FORMAT, ":14: layer 0: W is 3x2, but the network needs 2x2"},
        {"row too short", "0.5 -0.25\n", "0.5\n", MLP_ERR_FORMAT, "row 0 of W has 1 numbers; it needs 2"},
        {"row too long", "0.5 -0.25\n", "0.5 -0.25 7\n", MLP_ERR_FORMAT, "row 0 of W has more than 2 numbers (found '7')"},
        {"non-numeric weight", "0.5 -0.25", "0.5 abc", MLP_ERR_FORMAT, ":15: layer 0: W[0][1]: expected a number, found 'abc'"},
        {"NaN weight", "0.5 -0.25", "nan -0.25", MLP_ERR_FORMAT, ":15: layer 0: W[0][0] is 'nan': only finite numbers"},
        {"infinite weight", "1 2\n", "1 inf\n", MLP_ERR_FORMAT, ":16: layer 0: W[1][1] is 'inf': only finite numbers"},
        {"overflowing weight", "1 2\n", "1 1e999\n", MLP_ERR_FORMAT, "W[1][1] is '1e999': only finite numbers"},
        {"cross-entropy without softmax", "loss bce", "loss cross_entropy", MLP_ERR_FORMAT, "needs a softmax output layer"},
        {"unknown optimizer", "optimizer none", "optimizer lbfgs", MLP_ERR_FORMAT, ":30: unknown optimizer 'lbfgs'"},
        {"missing end", "end\n", "", MLP_ERR_FORMAT, "the file ends where a line 'end ...' was expected (truncated?)"},
        {"trailing garbage", "end\n", "end\nmore\n", MLP_ERR_FORMAT, ":32: unexpected 'more' after 'end' (trailing garbage)"},
        {"two keys on a line", "inputs 2\nloss", "inputs 2 loss", MLP_ERR_FORMAT, ":3: unexpected 'loss' after inputs"},
        {"NUL byte", "loss bce", "loss b\x01", MLP_ERR_FORMAT, "unknown loss"},
        {"word too long", "loss bce", "loss bcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebcebce",
         MLP_ERR_FORMAT, "a word longer than 63 characters"},
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *text = replace(small_net_text(), cases[k].from, cases[k].to);
        mlp_net net;
        int status;
        write_text(tmp_path("bad.net"), text);
        memset(&net, 0x5a, sizeof net); /* the loader must leave it exactly so on failure */
        mlp_clear_error();
        status = mlp_net_load(&net, NULL, tmp_path("bad.net"));
        if (status != cases[k].status || !strstr(mlp_last_error(), cases[k].message)) {
            CHECK_INT(cases[k].status, status);
            CHECK(strstr(mlp_last_error(), cases[k].message) != NULL);
            fprintf(stderr, "    case: %s\n    message: %s\n    wanted:  %s\n", cases[k].what, mlp_last_error(),
                    cases[k].message);
        }
        {
            mlp_net untouched;
            memset(&untouched, 0x5a, sizeof untouched);
            if (!CHECK(memcmp(&net, &untouched, sizeof net) == 0)) fprintf(stderr, "    case: %s\n", cases[k].what);
        }
        if (status == MLP_OK) mlp_net_free(&net);
        free(text);
    }
}

/* Every proper prefix of a valid file is refused as a format error, without
   a crash or a leak (the sanitizer builds check the latter). */
static void test_net_load_every_truncation(void)
{
    mlp_net a, b;
    mlp_optim o = mlp_adam((mlp_real)0.01);
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    char *text;
    size_t n, cut;
    int failures = 0;
    random_net(&a, 5, MLP_MSE, 2, 3, 1, MLP_IDENTITY);
    random_mat(&X, 4, 2, 6, 1.0);
    random_mat(&Y, 4, 1, 7, 1.0);
    one_step(&a, &o, &X, &Y);
    mlp_net_save(&a, &o, tmp_path("full.net"));
    text = read_all(tmp_path("full.net"), &n);
    for (cut = 0; cut < n; cut++) {
        mlp_optim got;
        int status;
        /* a cut right before the final newline leaves a complete file */
        if (cut == n - 1) continue;
        write_bytes(tmp_path("cut.net"), text, cut);
        status = mlp_net_load(&b, &got, tmp_path("cut.net"));
        if (status != MLP_ERR_FORMAT) failures++;
        if (status == MLP_OK) mlp_net_free(&b);
    }
    CHECK_INT(0, failures);
    write_bytes(tmp_path("cut.net"), text, 0);
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_net_load(&b, NULL, tmp_path("cut.net")), "empty file");
    free(text);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_net_free(&a);
}

static void test_net_load_missing_file(void)
{
    mlp_net net;
    CHECK_ERROR(MLP_ERR_IO, mlp_net_load(&net, NULL, tmp_path("no_such.net")), "cannot open");
    CHECK(strstr(mlp_last_error(), "no_such.net") != NULL);
}

#ifndef MLP_NO_POSIX /* what only the POSIX saver promises */
/* A failed save leaves an existing file exactly as it was, and no temporary. */
static void test_net_save_failures_keep_old_file(void)
{
    mlp_net net;
    char *before, *after;
    small_net(&net);
    write_text(tmp_path("keep.net"), "the old contents\n");
    net.layers[1].W.data[0] = (mlp_real)NAN; /* refused: it could not be loaded back */
    CHECK_ERROR(MLP_ERR_DATA, mlp_net_save(&net, NULL, tmp_path("keep.net")), "layer 1: W[0][0] is NaN");
    before = read_all(tmp_path("keep.net"), NULL);
    CHECK(before && strcmp(before, "the old contents\n") == 0);
    CHECK(!file_exists(tmp_path("keep.net.tmp")));
    net.layers[1].W.data[0] = 1;
    /* a directory that does not exist: nothing can be created (even by root) */
    CHECK_ERROR(MLP_ERR_IO, mlp_net_save(&net, NULL, tmp_path("no_dir/x.net")), "cannot create");
    /* the destination is a directory: refused before anything is written */
    mkdir(tmp_path("a_dir"), 0700);
    CHECK_ERROR(MLP_ERR_IO, mlp_net_save(&net, NULL, tmp_path("a_dir")), "is a directory");
    CHECK(!file_exists(tmp_path("a_dir.tmp")));
    rmdir(tmp_path("a_dir"));
    after = read_all(tmp_path("keep.net"), NULL);
    CHECK(after && strcmp(after, "the old contents\n") == 0);
    free(before);
    free(after);
    mlp_net_free(&net);
}
#endif

/* A full disk: /dev/full accepts the open and fails every write. */
static void test_net_write_full_disk(void)
{
    mlp_net net;
    FILE *f = fopen("/dev/full", "wb");
    if (!f) return; /* not on this system */
    random_net(&net, 3, MLP_MSE, 30, 40, 5, MLP_IDENTITY); /* bigger than stdio's buffer */
    CHECK_ERROR(MLP_ERR_IO, mlp_net_write(&net, NULL, f), "a write failed");
    fclose(f);
    mlp_net_free(&net);
}

/* Another process saves a network; this one loads it and gets the same bits. */
static void test_net_saved_by_another_program(void)
{
    char command[1200];
    mlp_net mine, theirs;
    mlp_mat X = {0, 0, 0, NULL}, P1 = {0, 0, 0, NULL}, P2 = {0, 0, 0, NULL};
    remove(tmp_path("child.net"));
    snprintf(command, sizeof command, "'%s' --save-network '%s'", self_path, tmp_path("child.net"));
    CHECK_INT(0, system(command));
    CHECK_INT(MLP_OK, mlp_net_load(&theirs, NULL, tmp_path("child.net")));
    random_net(&mine, 99, MLP_CROSS_ENTROPY, 6, 5, 4, MLP_SOFTMAX); /* what the child built */
    random_mat(&X, 10, 6, 100, 2.0);
    mlp_predict(&mine, &X, &P1);
    if (theirs.n_layers == 3) {
        mlp_predict(&theirs, &X, &P2);
        CHECK(same_bits(&P1, &P2));
    }
    mlp_mat_free(&X);
    mlp_mat_free(&P1);
    mlp_mat_free(&P2);
    mlp_net_free(&mine);
    mlp_net_free(&theirs);
}

/* ---- CSV ------------------------------------------------------------------- */

static void test_csv_read_header_comments_quotes_crlf(void)
{
    mlp_mat M = {0, 0, 0, NULL};
    mlp_csv_opts o = mlp_csv_defaults();
    write_text(tmp_path("a.csv"), "# a comment\r\nx,\"y\",z\r\n\r\n 1.5 , -2,3e2\r\n\"4\",0.25,-0\r\n");
    CHECK_INT(MLP_OK, mlp_csv_load(&M, tmp_path("a.csv"), &o));
    CHECK_INT(2, M.rows);
    CHECK_INT(3, M.cols);
    CHECK_INT(',', o.sep_used);
    CHECK_INT(1, o.header_found);
    CHECK_NEAR(1.5, M.data[0], 0.0);
    CHECK_NEAR(-2, M.data[1], 0.0);
    CHECK_NEAR(300, M.data[2], 0.0);
    CHECK_NEAR(4, M.data[3], 0.0);
    CHECK_NEAR(0.25, M.data[4], 0.0);
    mlp_mat_free(&M);
}

static void test_csv_separators(void)
{
    static const struct {
        const char *text;
        char sep;
    } cases[] = {{"1\t2\t3\n4\t5\t6\n", '\t'}, {"1;2;3\n4;5;6\n", ';'}, {"  1  2 3\n4 5\t 6  \n", ' '}, {"1,2,3\n4,5,6", ','}};
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_mat M = {0, 0, 0, NULL};
        mlp_csv_opts o = mlp_csv_defaults();
        int j;
        write_text(tmp_path("sep.csv"), cases[k].text);
        CHECK_INT(MLP_OK, mlp_csv_load(&M, tmp_path("sep.csv"), &o));
        CHECK_INT(cases[k].sep, o.sep_used);
        CHECK_INT(0, o.header_found);
        CHECK_INT(2, M.rows);
        CHECK_INT(3, M.cols);
        for (j = 0; j < 6 && M.rows * M.cols == 6; j++) CHECK_NEAR(j + 1, M.data[j], 0.0);
        mlp_mat_free(&M);
    }
    /* a separator given: the header decision is the caller's too */
    {
        mlp_mat M = {0, 0, 0, NULL};
        mlp_csv_opts o = mlp_csv_defaults();
        o.sep = ';';
        o.header = 1;
        write_text(tmp_path("sep.csv"), "1;2\n3;4\n");
        CHECK_INT(MLP_OK, mlp_csv_load(&M, tmp_path("sep.csv"), &o));
        CHECK_INT(1, M.rows);
        CHECK_NEAR(4, M.data[1], 0.0);
        mlp_mat_free(&M);
    }
}

static void test_csv_allow_nan(void)
{
    mlp_mat M = {0, 0, 0, NULL};
    mlp_csv_opts o = mlp_csv_defaults();
    write_text(tmp_path("nan.csv"), "1,,3\nNA,nan,6\n");
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_csv_load(&M, tmp_path("nan.csv"), &o), "nan.csv:1: column 2 is empty");
    o.allow_nan = 1;
    CHECK_INT(MLP_OK, mlp_csv_load(&M, tmp_path("nan.csv"), &o));
    CHECK_INT(3, o.nan_count);
    CHECK_INT(0, o.header_found); /* missing values do not make a header */
    CHECK(M.rows == 2 && M.data[1] != M.data[1] && M.data[3] != M.data[3] && M.data[4] != M.data[4]);
    CHECK_NEAR(6, M.data[5], 0.0);
    mlp_mat_free(&M);
}

typedef struct bad_csv_case {
    const char *what, *text;
    int status;
    const char *message;
} bad_csv_case;

static void test_csv_bad_input_table(void)
{
    static const bad_csv_case cases[] = {
        {"empty file", "", MLP_ERR_FORMAT, "bad.csv: no rows of numbers (an empty file?)"},
        {"only blank lines", "\n  \n# x\n", MLP_ERR_FORMAT, "no rows of numbers"},
        {"header only", "a,b\n", MLP_ERR_FORMAT, "a header line but no rows of numbers"},
        {"non-numeric field", "1,2\n3,x4\n", MLP_ERR_FORMAT, "bad.csv:2: column 2: 'x4' is not a number"},
        {"number with junk", "1,2\n3,4kg\n", MLP_ERR_FORMAT, "bad.csv:2: column 2: '4kg' is not a number"},
        {"missing field", "1,2,3\n4,,6\n", MLP_ERR_FORMAT, "bad.csv:2: column 2 is empty"},
        {"NaN not allowed", "1,2\nnan,4\n", MLP_ERR_DATA, "bad.csv:2: column 1 is 'nan', NaN, which is not allowed"},
        {"infinity", "1,2\n3,-inf\n", MLP_ERR_DATA, "bad.csv:2: column 2: '-inf' is infinite"},
        {"overflow", "1,2\n3,1e400\n", MLP_ERR_DATA, "bad.csv:2: column 2: '1e400' is infinite or too large"},
        {"short row", "1,2,3\n4,5\n", MLP_ERR_FORMAT, "bad.csv:2: 2 columns, but the first row (line 1) has 3"},
        {"long row", "h1,h2\n1,2\n3,4,5\n", MLP_ERR_FORMAT, "bad.csv:3: more than the 2 columns of the first row"},
        {"unclosed quote", "1,\"2\n", MLP_ERR_FORMAT, "bad.csv:1: column 2: a quote that is never closed"},
        {"text after quote", "1,\"2\"x\n", MLP_ERR_FORMAT, "bad.csv:1: column 2: text after the closing quote"},
        {"NUL byte", "1,2\n3,\0004\n", MLP_ERR_FORMAT, "bad.csv:2: a NUL byte"},
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_real keep[4] = {1, 2, 3, 4};
        mlp_mat M = {0, 0, 0, NULL};
        mlp_mat_resize(&M, 2, 2);
        memcpy(M.data, keep, sizeof keep);
        /* the NUL case needs its true length */
        write_bytes(tmp_path("bad.csv"), cases[k].text, strcmp(cases[k].what, "NUL byte") == 0 ? 9 : strlen(cases[k].text));
        mlp_clear_error();
        {
            mlp_real *data = M.data;
            int status = mlp_csv_load(&M, tmp_path("bad.csv"), NULL);
            if (status != cases[k].status || !strstr(mlp_last_error(), cases[k].message)) {
                CHECK_INT(cases[k].status, status);
                CHECK(strstr(mlp_last_error(), cases[k].message) != NULL);
                fprintf(stderr, "    case: %s\n    message: %s\n    wanted:  %s\n", cases[k].what, mlp_last_error(),
                        cases[k].message);
            }
            if (!CHECK(M.data == data && M.rows == 2 && M.cols == 2 && memcmp(M.data, keep, sizeof keep) == 0))
                fprintf(stderr, "    case: %s changed the destination\n", cases[k].what);
        }
        mlp_mat_free(&M);
    }
    {
        mlp_mat M = {0, 0, 0, NULL};
        CHECK_ERROR(MLP_ERR_IO, mlp_csv_load(&M, tmp_path("none.csv"), NULL), "mlp_csv_load: cannot open");
    }
}

static void test_csv_round_trip_and_save_failures(void)
{
    mlp_mat A = {0, 0, 0, NULL}, B = {0, 0, 0, NULL};
    mlp_csv_opts o = mlp_csv_defaults();
    char *text;
    random_mat(&A, 7, 4, 31, 1e3);
    A.data[5] = (mlp_real)1e-300 * (IS_FLOAT ? 0 : 1); /* tiny numbers survive too */
    o.names = "a,b,c,d";
    CHECK_INT(MLP_OK, mlp_csv_save(&A, tmp_path("rt.csv"), &o));
    CHECK_INT(MLP_OK, mlp_csv_load(&B, tmp_path("rt.csv"), NULL));
    CHECK(same_bits(&A, &B));
    /* tab-separated, to a stream */
    {
        FILE *f = fopen(tmp_path("rt.tsv"), "wb");
        mlp_csv_opts t = mlp_csv_defaults();
        t.sep = '\t';
        CHECK_INT(MLP_OK, mlp_csv_write(&A, f, &t));
        fclose(f);
        CHECK_INT(MLP_OK, mlp_csv_load(&B, tmp_path("rt.tsv"), &t));
        CHECK_INT('\t', t.sep_used);
        CHECK(same_bits(&A, &B));
    }
    /* infinity is refused and the old file stays */
    A.data[3] = (mlp_real)HUGE_VAL;
    CHECK_ERROR(MLP_ERR_DATA, mlp_csv_save(&A, tmp_path("rt.csv"), NULL), "element [0][3] is infinite");
    text = read_all(tmp_path("rt.csv"), NULL);
    CHECK(text && strncmp(text, "a,b,c,d\n", 8) == 0);
    CHECK(!file_exists(tmp_path("rt.csv.tmp")));
    free(text);
    A.data[3] = 0;
    CHECK_ERROR(MLP_ERR_IO, mlp_csv_save(&A, tmp_path("no_dir/x.csv"), NULL), "cannot create");
    mlp_mat_free(&A);
    mlp_mat_free(&B);
}

/* ---- IDX ------------------------------------------------------------------- */

/* An IDX header: magic 0 0 8 d, then d big-endian 32-bit sizes. */
static size_t idx_header(unsigned char *p, int d, const unsigned long *dims)
{
    int k;
    p[0] = p[1] = 0;
    p[2] = 8;
    p[3] = (unsigned char)d;
    for (k = 0; k < d; k++) {
        p[4 + 4 * k] = (unsigned char)(dims[k] >> 24);
        p[5 + 4 * k] = (unsigned char)(dims[k] >> 16);
        p[6 + 4 * k] = (unsigned char)(dims[k] >> 8);
        p[7 + 4 * k] = (unsigned char)dims[k];
    }
    return 4 + 4 * (size_t)d;
}

static void test_idx_images_and_labels(void)
{
    unsigned char buf[64];
    unsigned long dims[3] = {2, 2, 3};
    mlp_mat X = {0, 0, 0, NULL}, L = {0, 0, 0, NULL};
    size_t n = idx_header(buf, 3, dims), k;
    for (k = 0; k < 12; k++) buf[n + k] = (unsigned char)(k * 23); /* 0, 23, ..., 253 */
    write_bytes(tmp_path("img.idx"), buf, n + 12);
    CHECK_INT(MLP_OK, mlp_idx_load_images(&X, tmp_path("img.idx")));
    CHECK_INT(2, X.rows);
    CHECK_INT(6, X.cols);
    for (k = 0; k < 12 && X.rows * X.cols == 12; k++) CHECK_NEAR((mlp_real)(k * 23) / (mlp_real)255, X.data[k], 0.0);
    CHECK_NEAR(253.0 / 255.0, X.data[11], IS_FLOAT ? 1e-7 : 1e-16);
    dims[0] = 4;
    n = idx_header(buf, 1, dims);
    buf[n] = 9;
    buf[n + 1] = 0;
    buf[n + 2] = 3;
    buf[n + 3] = 7;
    write_bytes(tmp_path("lab.idx"), buf, n + 4);
    CHECK_INT(MLP_OK, mlp_idx_load_labels(&L, tmp_path("lab.idx"), 10));
    CHECK_INT(4, L.rows);
    CHECK_INT(1, L.cols);
    CHECK(L.data[0] == 9 && L.data[1] == 0 && L.data[2] == 3 && L.data[3] == 7);
    mlp_mat_free(&X);
    mlp_mat_free(&L);
}

typedef struct bad_idx_case {
    const char *what;
    int labels;               /* 1: load as labels, 0: as images */
    unsigned char magic[4];
    unsigned long dims[3];
    long data_bytes;          /* bytes after the header (each 5) */
    long header_bytes;        /* -1: the full header; else cut it here */
    int status;
    const char *message;
} bad_idx_case;

static void test_idx_bad_input_table(void)
{
    static const bad_idx_case cases[] = {
        {"empty file", 0, {0, 0, 8, 3}, {1, 1, 1}, 0, 0, MLP_ERR_FORMAT, "empty file"},
        {"truncated header", 0, {0, 0, 8, 3}, {1, 1, 1}, 0, 9, MLP_ERR_FORMAT, "truncated header"},
        {"wrong magic", 0, {0x12, 0x34, 8, 3}, {1, 1, 1}, 1, -1, MLP_ERR_FORMAT, "bad magic 0x12340803: not an IDX file"},
        {"labels as images", 0, {0, 0, 8, 1}, {1, 1, 1}, 1, -1, MLP_ERR_FORMAT, "1 dimensions, but IDX images have 3"},
        {"images as labels", 1, {0, 0, 8, 3}, {1, 1, 1}, 1, -1, MLP_ERR_FORMAT, "3 dimensions, but IDX labels have 1"},
        {"float elements", 0, {0, 0, 0x0d, 3}, {1, 1, 1}, 4, -1, MLP_ERR_FORMAT, "element type 0x0d is not supported"},
        {"gzip file", 0, {0x1f, 0x8b, 8, 0}, {1, 1, 1}, 1, -1, MLP_ERR_FORMAT, "a gzip file: decompress it first"},
        {"zero images", 0, {0, 0, 8, 3}, {0, 28, 28}, 0, -1, MLP_ERR_FORMAT, "size 0 in the header is 0"},
        {"huge count", 0, {0, 0, 8, 3}, {0xffffffffUL, 28, 28}, 10, -1, MLP_ERR_FORMAT, "4294967295 images: more than"},
        {"huge images", 0, {0, 0, 8, 3}, {1, 100000, 100000}, 10, -1, MLP_ERR_FORMAT, "images of 100000 x 100000 pixels"},
        {"truncated data", 0, {0, 0, 8, 3}, {60000, 28, 28}, 1000, -1, MLP_ERR_FORMAT,
         "truncated: the header promises 60000 images of 28 x 28 (47040000 bytes), but only 1000 bytes follow"},
        {"trailing data", 1, {0, 0, 8, 1}, {3, 0, 0}, 4, -1, MLP_ERR_FORMAT, "4 bytes follow the header, but it promises 3 labels"},
        {"label out of range", 1, {0, 0, 8, 1}, {3, 0, 0}, 3, -1, MLP_ERR_DATA, "label 5 of sample 0 is outside 0..4"},
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        unsigned char buf[2048];
        size_t n = idx_header(buf, cases[k].labels ? 1 : 3, cases[k].dims);
        mlp_real keep[2] = {7, 8};
        mlp_mat M = mlp_mat_view(1, 2, keep); /* a view: the loader may only copy into it */
        int status;
        memcpy(buf, cases[k].magic, 4);
        memset(buf + n, 5, (size_t)cases[k].data_bytes);
        n += (size_t)cases[k].data_bytes;
        if (cases[k].header_bytes >= 0) n = (size_t)cases[k].header_bytes;
        write_bytes(tmp_path("bad.idx"), buf, n);
        mlp_clear_error();
        status = cases[k].labels ? mlp_idx_load_labels(&M, tmp_path("bad.idx"), 5) : mlp_idx_load_images(&M, tmp_path("bad.idx"));
        if (status != cases[k].status || !strstr(mlp_last_error(), cases[k].message)) {
            CHECK_INT(cases[k].status, status);
            CHECK(strstr(mlp_last_error(), cases[k].message) != NULL);
            fprintf(stderr, "    case: %s\n    message: %s\n    wanted:  %s\n", cases[k].what, mlp_last_error(),
                    cases[k].message);
        }
        CHECK(M.data == keep && M.rows == 1 && M.cols == 2 && keep[0] == 7 && keep[1] == 8);
    }
    {
        mlp_mat M = {0, 0, 0, NULL};
        CHECK_ERROR(MLP_ERR_IO, mlp_idx_load_labels(&M, tmp_path("none.idx"), 10), "mlp_idx_load_labels: cannot open");
    }
}

/* A pipe cannot seek, so the readers cannot compare sizes up front: they
   must find truncation and trailing bytes while reading. */
static void test_readers_on_pipes(void)
{
    unsigned char buf[64];
    unsigned long dims[3] = {3, 0, 0};
    char command[700];
    mlp_mat L = {0, 0, 0, NULL};
    mlp_net net;
    size_t n = idx_header(buf, 1, dims);
    FILE *f;
    buf[n] = 1;
    buf[n + 1] = 2;
    buf[n + 2] = 3;
    buf[n + 3] = 4; /* one byte more than the header promises */
    write_bytes(tmp_path("pipe.idx"), buf, n + 3);
    snprintf(command, sizeof command, "cat '%s'", tmp_path("pipe.idx"));
    f = popen(command, "r");
    CHECK_INT(MLP_OK, mlp_idx_read_labels(&L, f, "pipe", 10));
    pclose(f);
    CHECK(L.rows == 3 && L.data[2] == 3);
    write_bytes(tmp_path("pipe.idx"), buf, n + 2);
    f = popen(command, "r");
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_idx_read_labels(&L, f, "pipe", 10), "pipe: truncated: the file ends after 2 of 3 data bytes");
    pclose(f);
    write_bytes(tmp_path("pipe.idx"), buf, n + 4);
    f = popen(command, "r");
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_idx_read_labels(&L, f, "pipe", 10), "pipe: trailing data after the 3 bytes");
    pclose(f);
    CHECK(L.rows == 3 && L.data[2] == 3); /* still the first read */
    /* a network through a pipe: read whole, and cut short */
    write_text(tmp_path("pipe.net"), small_net_text());
    snprintf(command, sizeof command, "cat '%s'", tmp_path("pipe.net"));
    f = popen(command, "r");
    CHECK_INT(MLP_OK, mlp_net_read(&net, NULL, f, "pipe"));
    pclose(f);
    CHECK(net.n_layers == 2 && net.layers[1].W.data[1] == (mlp_real)0.75);
    mlp_net_free(&net);
    snprintf(command, sizeof command, "head -c %d '%s'", (int)(strstr(small_net_text(), "1 2\n") - small_net_text()),
             tmp_path("pipe.net")); /* up to the second row of W */
    f = popen(command, "r");
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_net_read(&net, NULL, f, "pipe"), "pipe:16: layer 0: the file ends in row 1 of W (truncated?)");
    pclose(f);
    mlp_mat_free(&L);
}

/* ---- saving never damages anything ------------------------------------------ */

/* Files in dir whose names end in ".tmp", but for `except` (NULL: none). */
static int count_tmp_files(const char *dir, const char *except)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d) return -1;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len >= 4 && strcmp(e->d_name + len - 4, ".tmp") == 0 && !(except && strcmp(e->d_name, except) == 0)) n++;
    }
    closedir(d);
    return n;
}

#ifndef MLP_NO_POSIX
/* What kind of file is at path, without following a last symbolic link. */
static char file_kind(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return '-';
    return S_ISLNK(st.st_mode) ? 'l' : S_ISDIR(st.st_mode) ? 'd' : S_ISCHR(st.st_mode) ? 'c' : S_ISFIFO(st.st_mode) ? 'p'
           : S_ISREG(st.st_mode) ? 'f' : '?';
}
#endif

#ifndef MLP_NO_POSIX /* what only the POSIX saver promises */
/* A path that is not a regular file is refused, and stays what it was; no
   temporary file is left behind. Symbolic links are followed: to a regular
   file (or to none yet) the save goes through, and the link stays a link. */
static void test_save_refuses_targets_that_are_not_regular_files(void)
{
    static const struct {
        const char *what, *name;
        char make;          /* d directory, p FIFO, c character device, l link to `to` (NULL: the device) */
        const char *to;     /* the link's text */
        int status;
        const char *message;
        char kind_after;    /* what `name` must be after the save */
    } cases[] = {
        {"a character device", "chardev", 'c', NULL, MLP_ERR_IO, "is a character device", 'c'},
        {"a FIFO", "fifo", 'p', NULL, MLP_ERR_IO, "is a FIFO (named pipe): a save replaces only a regular file", 'p'},
        {"a directory", "adir", 'd', NULL, MLP_ERR_IO, "is a directory", 'd'},
        {"a link to a directory", "to_dir", 'l', "adir2", MLP_ERR_IO, "is a directory", 'l'},
        {"a link to a character device", "to_chardev", 'l', NULL, MLP_ERR_IO, "is a character device", 'l'},
        {"a link to a FIFO", "to_fifo", 'l', "fifo", MLP_ERR_IO, "to_fifo' is a FIFO", 'l'},
        {"a link to a regular file", "to_file", 'l', "linked.net", MLP_OK, "", 'l'},
        {"a link to a link to a file", "to_link", 'l', "to_file2", MLP_OK, "", 'l'},
        {"a link to nothing yet", "to_none", 'l', "created.net", MLP_OK, "", 'l'},
        {"a loop of links", "loop_a", 'l', "loop_b", MLP_ERR_IO, "Too many levels of symbolic links", 'l'},
        {"a path ending in /", "adir3/", 'd', NULL, MLP_ERR_IO, "ends in '/': it names a directory, not a file", 'd'},
    };
    mlp_net net, back;
    size_t k;
    char device[512];
    struct stat null_st;
    /* The character device: a copy of the null device's node made here if we
       may (root may, and could also replace /dev/null itself, so a broken
       saver must not be pointed at it), else /dev/null, which a user who is
       not root cannot replace (a broken saver then fails to create its
       temporary file in /dev). */
    snprintf(device, sizeof device, "%s", tmp_path("chardev"));
    if (stat("/dev/null", &null_st) != 0 || !S_ISCHR(null_st.st_mode) || geteuid() != 0 ||
        mknod(device, S_IFCHR | 0600, null_st.st_rdev) != 0)
        snprintf(device, sizeof device, "%s", "/dev/null");
    if (!CHECK(file_kind(device) == 'c')) return;
    small_net(&net);
    mkdir(tmp_path("adir2"), 0700);
    write_text(tmp_path("linked.net"), "old\n");
    if (symlink("linked.net", tmp_path("to_file2")) != 0 || symlink("loop_a", tmp_path("loop_b")) != 0)
        CHECK(!"symlink failed");
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[512];
        int status;
        if (cases[k].make == 'c') snprintf(path, sizeof path, "%s", device);
        else snprintf(path, sizeof path, "%s", tmp_path(cases[k].name));
        if (cases[k].make == 'd') mkdir(path, 0700);
        if (cases[k].make == 'p' && mkfifo(path, 0600) != 0) CHECK(!"mkfifo failed");
        if (cases[k].make == 'l' && symlink(cases[k].to ? cases[k].to : device, path) != 0) CHECK(!"symlink failed");
        mlp_clear_error();
        status = mlp_net_save(&net, NULL, path);
        if (status != cases[k].status || !strstr(mlp_last_error(), cases[k].message)) {
            CHECK_INT(cases[k].status, status);
            CHECK(strstr(mlp_last_error(), cases[k].message) != NULL);
            fprintf(stderr, "    case: %s\n    message: %s\n", cases[k].what, mlp_last_error());
        }
        if (!CHECK(file_kind(path) == cases[k].kind_after))
            fprintf(stderr, "    case: %s: the path is now '%c', was '%c'\n", cases[k].what, file_kind(path), cases[k].kind_after);
        if (status == MLP_OK) { /* through the link: the file it points to is the network */
            if (CHECK_INT(MLP_OK, mlp_net_load(&back, NULL, path))) {
                CHECK(nets_identical(&net, &back));
                mlp_net_free(&back);
            }
        }
        if (!CHECK_INT(0, count_tmp_files(tmp_dir, NULL))) fprintf(stderr, "    case: %s left a temporary file\n", cases[k].what);
    }
    CHECK(file_kind(tmp_path("linked.net")) == 'f' && file_kind(tmp_path("created.net")) == 'f');
    mlp_net_free(&net);
}
#endif

#ifndef MLP_NO_POSIX /* what only the POSIX saver promises */
/* The name of the temporary file is new each time (created exclusively):
   a file of the user's called `path.tmp` is never touched; a failed save
   leaves nothing; the permissions of the file replaced are kept. */
static void test_save_leaves_other_files_alone(void)
{
    mlp_net net;
    mlp_mat M = {0, 0, 0, NULL};
    char *text;
    struct stat st;
    small_net(&net);
    write_text(tmp_path("mine.net.tmp"), "the user's own file\n");
    write_text(tmp_path("mine.net"), "old\n");
    chmod(tmp_path("mine.net"), 0600);
    CHECK_INT(MLP_OK, mlp_net_save(&net, NULL, tmp_path("mine.net")));
    text = read_all(tmp_path("mine.net.tmp"), NULL);
    CHECK(text && strcmp(text, "the user's own file\n") == 0);
    free(text);
    CHECK(stat(tmp_path("mine.net"), &st) == 0 && (st.st_mode & 07777) == 0600);
    CHECK_INT(0, count_tmp_files(tmp_dir, "mine.net.tmp"));
    /* a save that fails (NaN) leaves both files as they were */
    net.layers[0].b.data[0] = (mlp_real)NAN;
    CHECK_ERROR(MLP_ERR_DATA, mlp_net_save(&net, NULL, tmp_path("mine.net")), "layer 0: b[0][0] is NaN");
    CHECK_INT(0, count_tmp_files(tmp_dir, "mine.net.tmp"));
    /* the same for CSV */
    random_mat(&M, 3, 2, 5, 1.0);
    write_text(tmp_path("mine.csv.tmp"), "1,2\n");
    CHECK_INT(MLP_OK, mlp_csv_save(&M, tmp_path("mine.csv"), NULL));
    text = read_all(tmp_path("mine.csv.tmp"), NULL);
    CHECK(text && strcmp(text, "1,2\n") == 0);
    free(text);
    remove(tmp_path("mine.csv.tmp"));
    remove(tmp_path("mine.net.tmp"));
    CHECK_INT(0, count_tmp_files(tmp_dir, NULL));
    mlp_mat_free(&M);
    mlp_net_free(&net);
}
#endif

/* Two processes save different networks to one path, many times, while a
   third loads it: every load succeeds and gives one of the two networks,
   never a mixture or a half-written file, and no temporary file remains. */
static void test_save_two_writers_race(void)
{
    const int rounds = 60;
    mlp_net a, b, got;
    pid_t pid[2];
    int k, loads = 0, bad_loads = 0, w, alive = 2, done[2] = {0, 0}, status[2] = {-1, -1};
    random_net(&a, 41, MLP_MSE, 6, 8, 3, MLP_IDENTITY);
    random_net(&b, 42, MLP_MSE, 6, 8, 3, MLP_IDENTITY);
    CHECK(!nets_identical(&a, &b));
    CHECK_INT(MLP_OK, mlp_net_save(&a, NULL, tmp_path("race.net")));
    fflush(NULL); /* nothing buffered is written twice by the children */
    for (w = 0; w < 2; w++) {
        pid[w] = fork();
        if (pid[w] == 0) {
            int ok = 1;
            for (k = 0; k < rounds; k++) ok = ok && mlp_net_save(w ? &b : &a, NULL, tmp_path("race.net")) == MLP_OK;
            _exit(ok ? 0 : 1);
        }
        if (!CHECK(pid[w] > 0)) return;
    }
    while (alive > 0 && loads < 1000000) { /* load while they write */
        for (w = 0; w < 2; w++)
            if (!done[w] && waitpid(pid[w], &status[w], WNOHANG) == pid[w]) {
                done[w] = 1;
                alive--;
            }
        if (mlp_net_load(&got, NULL, tmp_path("race.net")) == MLP_OK) {
            if (!nets_identical(&got, &a) && !nets_identical(&got, &b)) bad_loads++;
            mlp_net_free(&got);
        } else
            bad_loads++;
        loads++;
    }
    for (w = 0; w < 2; w++) {
        if (!done[w]) waitpid(pid[w], &status[w], 0);
        CHECK(WIFEXITED(status[w]) && WEXITSTATUS(status[w]) == 0);
    }
    CHECK_INT(0, bad_loads);
    CHECK_INT(MLP_OK, mlp_net_load(&got, NULL, tmp_path("race.net")));
    CHECK(nets_identical(&got, &a) || nets_identical(&got, &b));
    mlp_net_free(&got);
    CHECK_INT(0, count_tmp_files(tmp_dir, NULL));
    printf("    two writers, %d saves each, %d loads meanwhile: all whole\n", rounds, loads);
    mlp_net_free(&a);
    mlp_net_free(&b);
}

/* Names: an empty path is refused and touches nothing (once it made
   `.tmp` in the current directory and deleted it); a 255-character name
   (the usual limit of a file system) saves and loads; past it, and with a
   path of hundreds of characters, the message keeps the system's reason. */
static void test_save_names_and_long_paths(void)
{
    char name[300], path[2048], cwd[1024], *text;
    mlp_net net, back;
    mlp_mat M = {0, 0, 0, NULL}, R = {0, 0, 0, NULL};
    int k;
    small_net(&net);
    /* the empty path, from inside the directory, next to a `.tmp` of the user's */
    if (CHECK(getcwd(cwd, sizeof cwd) != NULL) && CHECK(chdir(tmp_dir) == 0)) {
        write_text(".tmp", "keep\n");
        CHECK_ERROR(MLP_ERR_IO, mlp_net_save(&net, NULL, ""), "mlp_net_save: the path is empty");
        CHECK_ERROR(MLP_ERR_IO, mlp_csv_save(&net.layers[0].W, "", NULL), "mlp_csv_save: the path is empty");
        CHECK_ERROR(MLP_ERR_IO, mlp_net_load(&back, NULL, ""), "mlp_net_load: the path is empty");
        text = read_all(".tmp", NULL);
        CHECK(text && strcmp(text, "keep\n") == 0);
        free(text);
        remove(".tmp");
        CHECK(chdir(cwd) == 0);
    }
    /* 255 characters: saved and loaded, network and CSV */
    memset(name, 'n', 255);
    name[255] = '\0';
    memcpy(name + 251, ".net", 4);
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    CHECK_INT(MLP_OK, mlp_net_save(&net, NULL, path));
    if (CHECK_INT(MLP_OK, mlp_net_load(&back, NULL, path))) {
        CHECK(nets_identical(&net, &back));
        mlp_net_free(&back);
    }
    remove(path);
    memcpy(name + 251, ".csv", 4);
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    random_mat(&M, 4, 3, 9, 1.0);
    CHECK_INT(MLP_OK, mlp_csv_save(&M, path, NULL));
    CHECK_INT(MLP_OK, mlp_csv_load(&R, path, NULL));
    CHECK(same_bits(&M, &R));
    remove(path);
    /* 256: the system refuses the name, and says so in the message */
    memset(name, 'm', 256);
    name[256] = '\0';
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    CHECK_ERROR(MLP_ERR_IO, mlp_net_save(&net, NULL, path), strerror(ENAMETOOLONG));
    CHECK(strstr(mlp_last_error(), "...") != NULL); /* the path shortened, the reason whole */
    /* a path of about 1000 characters: four directories of 200 */
    snprintf(path, sizeof path, "%s", tmp_dir);
    for (k = 0; k < 4; k++) {
        size_t n = strlen(path);
        path[n] = '/';
        memset(path + n + 1, (char)('a' + k), 200);
        path[n + 201] = '\0';
        mkdir(path, 0700);
    }
    strcat(path, "/model.net");
    CHECK_INT(MLP_OK, mlp_net_save(&net, NULL, path));
    CHECK_INT(MLP_OK, mlp_net_load(&back, NULL, path));
    mlp_net_free(&back);
    remove(path);
    strcpy(path + strlen(path) - strlen("model.net"), "missing/model.net");
    CHECK_ERROR(MLP_ERR_IO, mlp_net_save(&net, NULL, path), strerror(ENOENT));
    CHECK_ERROR(MLP_ERR_IO, mlp_net_load(&back, NULL, path), strerror(ENOENT));
    CHECK_ERROR(MLP_ERR_IO, mlp_csv_load(&R, path, NULL), strerror(ENOENT));
    CHECK(strlen(mlp_last_error()) < 400);
    mlp_mat_free(&M);
    mlp_mat_free(&R);
    mlp_net_free(&net);
}

/* ---- everything the saver writes, the loader reads back --------------------- */

/* The network of the refusal table: every number in it exact in binary, so
   that the file's text is the same in every build and can be edited. */
static void refusal_base(mlp_net *net, mlp_optim *opt)
{
    mlp_rng rng;
    int k;
    mlp_rng_seed(&rng, 8);
    mlp_net_new(net, 2, MLP_CROSS_ENTROPY);
    mlp_net_add(net, 3, MLP_LEAKY_RELU);
    mlp_net_add(net, 2, MLP_SOFTMAX);
    for (k = 0; k < 6; k++) net->layers[0].W.data[k] = (mlp_real)(k - 2) / 8;
    for (k = 0; k < 6; k++) net->layers[1].W.data[k] = (mlp_real)(3 - k) / 4;
    net->layers[0].W.data[0] = (mlp_real)0.671875;
    net->layers[0].slope = (mlp_real)0.25;
    net->layers[0].dropout = (mlp_real)0.25;
    *opt = mlp_adam((mlp_real)0.5);
    opt->beta1 = (mlp_real)0.875;
    opt->beta2 = (mlp_real)0.96875;
    opt->eps = (mlp_real)0.0078125;
    opt->alpha = (mlp_real)0.984375;
    opt->t = 3;
    for (k = 0; k < 2; k++) {
        mlp_layer *L = &net->layers[k];
        mlp_mat_init(&L->mW, L->n_in, L->n_out);
        mlp_mat_init(&L->mb, 1, L->n_out);
        mlp_mat_init(&L->vW, L->n_in, L->n_out);
        mlp_mat_init(&L->vb, 1, L->n_out);
    }
    net->layers[0].mW.data[0] = (mlp_real)0.5625;
    net->layers[0].vW.data[0] = (mlp_real)0.3046875;
}

static void spoil_lr(mlp_net *n, mlp_optim *o) { (void)n; o->lr = (mlp_real)-0.5; }
static void spoil_beta1(mlp_net *n, mlp_optim *o) { (void)n; o->beta1 = 1; }
static void spoil_beta2(mlp_net *n, mlp_optim *o) { (void)n; o->beta2 = 1; }
static void spoil_eps(mlp_net *n, mlp_optim *o) { (void)n; o->eps = 0; }
static void spoil_weight_decay(mlp_net *n, mlp_optim *o) { (void)n; o->weight_decay = -1; }
static void spoil_clip(mlp_net *n, mlp_optim *o) { (void)n; o->clip_norm = -1; }
static void spoil_t(mlp_net *n, mlp_optim *o) { (void)n; o->t = -1; }
static void spoil_kind(mlp_net *n, mlp_optim *o) { (void)n; o->kind = (mlp_optim_kind)9; }
static void spoil_rmsprop_alpha(mlp_net *n, mlp_optim *o) { (void)n; o->kind = MLP_OPT_RMSPROP; o->alpha = 1; }
static void spoil_adagrad_decay(mlp_net *n, mlp_optim *o) { (void)n; o->kind = MLP_OPT_ADAGRAD; o->lr_decay = -1; }
static void spoil_sgd_momentum(mlp_net *n, mlp_optim *o) { (void)n; o->kind = MLP_OPT_SGD; o->momentum = -1; }
static void spoil_output_dropout(mlp_net *n, mlp_optim *o) { (void)o; n->layers[1].dropout = (mlp_real)0.25; }
static void spoil_dropout_one(mlp_net *n, mlp_optim *o) { (void)o; n->layers[0].dropout = 1; }
static void spoil_ce_tanh(mlp_net *n, mlp_optim *o) { (void)o; n->layers[1].act = MLP_TANH; }
static void spoil_v(mlp_net *n, mlp_optim *o) { (void)o; n->layers[0].vW.data[0] = (mlp_real)-0.3046875; }
static void spoil_w_nan(mlp_net *n, mlp_optim *o) { (void)o; n->layers[0].W.data[0] = (mlp_real)NAN; }
static void spoil_m_inf(mlp_net *n, mlp_optim *o) { (void)o; n->layers[0].mW.data[0] = (mlp_real)INFINITY; }
static void spoil_slope(mlp_net *n, mlp_optim *o) { (void)o; n->layers[0].slope = (mlp_real)INFINITY; }
static void spoil_rng(mlp_net *n, mlp_optim *o) { (void)o; memset(n->rng.s, 0, sizeof n->rng.s); }

typedef struct refusal_case {
    const char *what;
    void (*spoil)(mlp_net *net, mlp_optim *opt);
    const char *anchor, *from, *to, *from2, *to2; /* the same change in the file's text (from2: a second one, or NULL) */
    int save_status;
    const char *save_message, *load_message;
} refusal_case;

/* Each way a network or optimizer can be out of what the file allows, made
   twice: in memory, where the save must refuse it before writing (the file
   on disk stays byte for byte), and in the text of a valid file, where the
   load must refuse it (MLP_ERR_FORMAT). */
static void test_saver_refuses_what_the_loader_refuses(void)
{
    static const refusal_case cases[] = {
        {"negative learning rate", spoil_lr, "optimizer adam\n", "lr 0.5\n", "lr -0.5\n", NULL, NULL, MLP_ERR_MISUSE,
         "adam's learning rate is -0.5", "adam's learning rate is -0.5"},
        {"Adam beta1 = 1", spoil_beta1, "betas", "0.875", "1", NULL, NULL, MLP_ERR_MISUSE, "adam's beta1 is 1", "adam's beta1 is 1"},
        {"Adam beta2 = 1", spoil_beta2, "betas", "0.96875", "1", NULL, NULL, MLP_ERR_MISUSE, "adam's beta2 is 1", "adam's beta2 is 1"},
        {"eps = 0", spoil_eps, "eps", "0.0078125", "0", NULL, NULL, MLP_ERR_MISUSE, "adam's eps is 0", "adam's eps is 0"},
        {"negative weight decay", spoil_weight_decay, "weight_decay", "0\n", "-1\n", NULL, NULL, MLP_ERR_MISUSE,
         "weight_decay is -1", "weight_decay is -1"},
        {"negative clip_norm", spoil_clip, "clip_norm", "0\n", "-1\n", NULL, NULL, MLP_ERR_MISUSE, "clip_norm is -1", "clip_norm is -1"},
        {"negative step count", spoil_t, "\nt ", "3\n", "-1\n", NULL, NULL, MLP_ERR_MISUSE, "adam has taken -1 steps",
         "t (steps taken) is -1"},
        {"unknown optimizer", spoil_kind, "optimizer", "adam", "nadam", NULL, NULL, MLP_ERR_MISUSE, "unknown optimizer kind 9",
         "unknown optimizer 'nadam'"},
        {"RMSProp alpha = 1", spoil_rmsprop_alpha, "optimizer", "adam", "rmsprop", "alpha 0.984375", "alpha 1", MLP_ERR_MISUSE,
         "rmsprop's alpha is 1", "rmsprop's alpha is 1"},
        {"AdaGrad negative lr_decay", spoil_adagrad_decay, "optimizer", "adam", "adagrad", "lr_decay 0", "lr_decay -1",
         MLP_ERR_MISUSE, "adagrad's lr_decay is -1", "adagrad's lr_decay is -1"},
        {"SGD negative momentum", spoil_sgd_momentum, "optimizer", "adam", "sgd", "momentum 0", "momentum -1", MLP_ERR_MISUSE,
         "sgd's momentum is -1", "sgd's momentum is -1"},
        {"dropout on the output layer", spoil_output_dropout, "layer 1\n", "dropout 0\n", "dropout 0.25\n", NULL, NULL,
         MLP_ERR_MISUSE, "layer 1 has dropout 0.25; it must be in [0, 1), and 0 on the output layer",
         "the output layer cannot have dropout"},
        {"dropout 1", spoil_dropout_one, "layer 0\n", "dropout 0.25", "dropout 1", NULL, NULL, MLP_ERR_MISUSE,
         "layer 0 has dropout 1", "layer 0: dropout must be in [0, 1)"},
        {"cross-entropy without softmax", spoil_ce_tanh, "layer 1\n", "activation softmax", "activation tanh", NULL, NULL,
         MLP_ERR_MISUSE, "cross-entropy needs a softmax output layer", "needs a softmax output layer"},
        {"negative second moment", spoil_v, "vW ", "0.3046875", "-0.3046875", NULL, NULL, MLP_ERR_DATA,
         "layer 0: vW[0][0] is -0.304688: a second moment", "layer 0: vW[0][0] is -0.304688: a second moment"},
        {"NaN weight", spoil_w_nan, "W ", "0.671875", "nan", NULL, NULL, MLP_ERR_DATA, "layer 0: W[0][0] is NaN",
         "W[0][0] is 'nan': only finite numbers"},
        {"infinite momentum", spoil_m_inf, "mW ", "0.5625", "inf", NULL, NULL, MLP_ERR_DATA, "layer 0: mW[0][0] is infinite",
         "mW[0][0] is 'inf': only finite numbers"},
        {"infinite slope", spoil_slope, "layer 0\n", "slope 0.25", "slope inf", NULL, NULL, MLP_ERR_DATA,
         "layer 0: slope, init_a, init_b or dropout is not finite", "slope is 'inf': only finite numbers"},
        {"generator all zero", spoil_rng, "rng ", "rng ", "rng 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0 0\nold ",
         NULL, NULL, MLP_ERR_MISUSE, "dropout generator is all zero", "all zero"},
    };
    mlp_net base;
    mlp_optim base_opt;
    char *good;
    size_t k;
    refusal_base(&base, &base_opt);
    CHECK_INT(MLP_OK, mlp_net_save(&base, &base_opt, tmp_path("refuse.net")));
    good = read_all(tmp_path("refuse.net"), NULL);
    if (!CHECK(good != NULL)) return;
    {   /* the base itself loads */
        mlp_net back;
        mlp_optim o;
        CHECK_INT(MLP_OK, mlp_net_load(&back, &o, tmp_path("refuse.net")));
        mlp_net_free(&back);
    }
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_net net, back;
        mlp_optim opt, o;
        char *after, *bad, *at;
        int status;
        /* in memory: refused before anything is written */
        refusal_base(&net, &opt);
        cases[k].spoil(&net, &opt);
        misuse_expected = 1;
        misuse_count = 0;
        mlp_clear_error();
        status = mlp_net_save(&net, &opt, tmp_path("refuse.net"));
        misuse_expected = 0;
        if (status != cases[k].save_status || !strstr(mlp_last_error(), cases[k].save_message) ||
            misuse_count != (cases[k].save_status == MLP_ERR_MISUSE)) {
            CHECK_INT(cases[k].save_status, status);
            CHECK(strstr(mlp_last_error(), cases[k].save_message) != NULL);
            CHECK_INT(cases[k].save_status == MLP_ERR_MISUSE, misuse_count);
            fprintf(stderr, "    case: %s\n    message: %s\n", cases[k].what, mlp_last_error());
        }
        after = read_all(tmp_path("refuse.net"), NULL);
        if (!CHECK(after && strcmp(after, good) == 0)) fprintf(stderr, "    case: %s changed the file\n", cases[k].what);
        free(after);
        CHECK_INT(0, count_tmp_files(tmp_dir, NULL));
        mlp_net_free(&net);
        /* in the file: refused by the loader */
        at = strstr(good, cases[k].anchor);
        if (!CHECK(at != NULL)) continue;
        {
            char *head = (char *)malloc(strlen(good) + 1), *tail;
            size_t n = (size_t)(at - good);
            memcpy(head, good, n);
            head[n] = '\0';
            tail = replace(at, cases[k].from, cases[k].to);
            if (cases[k].from2) {
                char *t2 = replace(tail, cases[k].from2, cases[k].to2);
                free(tail);
                tail = t2;
            }
            bad = (char *)malloc(n + strlen(tail) + 1);
            memcpy(bad, head, n);
            strcpy(bad + n, tail);
            free(head);
            free(tail);
        }
        write_text(tmp_path("refused.net"), bad);
        mlp_clear_error();
        status = mlp_net_load(&back, &o, tmp_path("refused.net"));
        if (status != MLP_ERR_FORMAT || !strstr(mlp_last_error(), cases[k].load_message)) {
            CHECK_INT(MLP_ERR_FORMAT, status);
            CHECK(strstr(mlp_last_error(), cases[k].load_message) != NULL);
            fprintf(stderr, "    case: %s (loading)\n    message: %s\n", cases[k].what, mlp_last_error());
        }
        if (status == MLP_OK) mlp_net_free(&back);
        free(bad);
    }
    free(good);
    mlp_net_free(&base);
    /* a softmax of one unit (always 1): refused by both, as by mlp_forward */
    {
        mlp_net net, back;
        char *text = replace(small_net_text(), "units 1\nactivation sigmoid", "units 1\nactivation softmax");
        int status;
        mlp_net_new(&net, 2, MLP_MSE);
        mlp_net_add(&net, 1, MLP_SOFTMAX);
        misuse_expected = 1;
        misuse_count = 0;
        status = mlp_net_save(&net, NULL, tmp_path("refuse.net"));
        misuse_expected = 0;
        CHECK_INT(MLP_ERR_MISUSE, status);
        CHECK_INT(1, misuse_count);
        CHECK(strstr(mlp_last_error(), "layer 0 is a softmax of one unit") != NULL);
        write_text(tmp_path("refused.net"), text);
        CHECK_ERROR(MLP_ERR_FORMAT, mlp_net_load(&back, NULL, tmp_path("refused.net")), "layer 1: a softmax of one unit");
        free(text);
        mlp_net_free(&net);
    }
}

/* Numbers of every kind a file must keep to the bit: 0, -0, subnormal,
   near the largest, tiny, and ordinary ones over many scales. */
static mlp_real wild_number(mlp_rng *rng)
{
    const double big = IS_FLOAT ? (double)FLT_MAX : DBL_MAX, small = IS_FLOAT ? (double)FLT_MIN : DBL_MIN;
    double u = mlp_rng_uniform(rng), sign = mlp_rng_below(rng, 2) ? -1 : 1;
    switch (mlp_rng_below(rng, 8)) {
    case 0: return 0;
    case 1: return (mlp_real)-0.0;
    case 2: return (mlp_real)(sign * small * u); /* subnormal */
    case 3: return (mlp_real)(sign * big * (0.5 + u / 2));
    case 4: return (mlp_real)(sign * small * (1 + 1000 * u));
    default: return (mlp_real)(mlp_rng_normal(rng, 0, 1) * pow(10.0, (double)(mlp_rng_below(rng, 11) - 5)));
    }
}

/* A random network that mlp.h accepts, and sometimes an optimizer with
   random settings in range and state (empty, or filled: v >= 0). */
static int random_valid_net(mlp_net *net, mlp_optim *opt, mlp_rng *rng)
{
    int n_in = 1 + mlp_rng_below(rng, 6), n_layers = 1 + mlp_rng_below(rng, 4), l, has_opt;
    mlp_loss_kind loss = (mlp_loss_kind)mlp_rng_below(rng, MLP_LOSS_COUNT);
    size_t k;
    mlp_net_new(net, n_in, loss);
    for (l = 0; l < n_layers; l++) {
        int width = 1 + mlp_rng_below(rng, 7);
        mlp_act_kind act = (mlp_act_kind)mlp_rng_below(rng, MLP_ACT_COUNT);
        mlp_layer *L;
        if (l == n_layers - 1 && loss == MLP_CROSS_ENTROPY) act = MLP_SOFTMAX;
        if (l == n_layers - 1 && loss == MLP_BCE) act = mlp_rng_below(rng, 2) ? MLP_SIGMOID : MLP_SOFTMAX;
        if (act == MLP_SOFTMAX && width < 2) width = 2;
        mlp_net_add(net, width, act);
        L = &net->layers[l];
        L->slope = wild_number(rng);
        L->init = (mlp_init_kind)mlp_rng_below(rng, MLP_INIT_COUNT);
        L->init_a = wild_number(rng);
        L->init_b = wild_number(rng);
        L->dropout = l < n_layers - 1 && mlp_rng_below(rng, 2) ? (mlp_real)(0.95 * mlp_rng_uniform(rng)) : 0;
        for (k = 0; k < (size_t)L->n_in * (size_t)L->n_out; k++) L->W.data[k] = wild_number(rng);
        for (k = 0; k < (size_t)L->n_out; k++) L->b.data[k] = wild_number(rng);
    }
    net->training = mlp_rng_below(rng, 2);
    mlp_rng_seed(&net->rng, mlp_rng_next(rng));
    if (mlp_rng_below(rng, 2)) mlp_rng_normal(&net->rng, 0, 1); /* a spare normal waiting */
    has_opt = mlp_rng_below(rng, 6) != 5;
    if (!has_opt) return 0;
    switch (mlp_rng_below(rng, MLP_OPT_COUNT)) {
    case 0: *opt = mlp_sgd((mlp_real)mlp_rng_uniform(rng)); break;
    case 1: *opt = mlp_adagrad((mlp_real)mlp_rng_uniform(rng)); break;
    case 2: *opt = mlp_rmsprop((mlp_real)mlp_rng_uniform(rng)); break;
    case 3: *opt = mlp_adam((mlp_real)mlp_rng_uniform(rng)); break;
    default: *opt = mlp_adamw((mlp_real)mlp_rng_uniform(rng)); break;
    }
    opt->momentum = (mlp_real)mlp_rng_uniform(rng);
    opt->dampening = (mlp_real)mlp_rng_uniform(rng);
    opt->nesterov = mlp_rng_below(rng, 2);
    opt->alpha = (mlp_real)(0.999 * mlp_rng_uniform(rng));
    opt->beta1 = (mlp_real)(0.999 * mlp_rng_uniform(rng));
    opt->beta2 = (mlp_real)(0.999 * mlp_rng_uniform(rng));
    opt->eps = (mlp_real)(1e-3 * mlp_rng_uniform(rng) + 1e-12);
    opt->lr_decay = (mlp_real)mlp_rng_uniform(rng);
    opt->weight_decay = (mlp_real)mlp_rng_uniform(rng);
    opt->l1 = (mlp_real)mlp_rng_uniform(rng);
    opt->decay_bias = mlp_rng_below(rng, 2);
    opt->clip_norm = (mlp_real)(5 * mlp_rng_uniform(rng));
    opt->t = mlp_rng_below(rng, 1000000);
    if (mlp_rng_below(rng, 3))
        for (l = 0; l < net->n_layers; l++) {
            mlp_layer *L = &net->layers[l];
            mlp_mat *state[4];
            int m;
            state[0] = &L->mW;
            state[1] = &L->mb;
            state[2] = &L->vW;
            state[3] = &L->vb;
            for (m = 0; m < 4; m++) {
                mlp_mat_init(state[m], m % 2 ? 1 : L->n_in, L->n_out);
                for (k = 0; k < (size_t)state[m]->rows * (size_t)state[m]->cols; k++) {
                    mlp_real v = wild_number(rng);
                    state[m]->data[k] = m >= 2 && v < 0 ? -v : v;
                }
            }
        }
    return 1;
}

static int same_real(mlp_real a, mlp_real b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Everything the file holds, compared to the bit. */
static int nets_same_in_every_field(const mlp_net *a, const mlp_net *b, int with_state)
{
    int l;
    if (a->n_in != b->n_in || a->n_layers != b->n_layers || a->loss != b->loss || a->training != b->training ||
        memcmp(a->rng.s, b->rng.s, sizeof a->rng.s) != 0 || a->rng.has_spare != b->rng.has_spare ||
        memcmp(&a->rng.spare, &b->rng.spare, sizeof a->rng.spare) != 0)
        return 0;
    for (l = 0; l < a->n_layers; l++) {
        const mlp_layer *x = &a->layers[l], *y = &b->layers[l];
        if (x->n_out != y->n_out || x->act != y->act || !same_real(x->slope, y->slope) || x->init != y->init ||
            !same_real(x->init_a, y->init_a) || !same_real(x->init_b, y->init_b) || !same_real(x->dropout, y->dropout) ||
            !same_bits(&x->W, &y->W) || !same_bits(&x->b, &y->b))
            return 0;
        if (with_state && (!same_bits(&x->mW, &y->mW) || !same_bits(&x->mb, &y->mb) || !same_bits(&x->vW, &y->vW) ||
                           !same_bits(&x->vb, &y->vb)))
            return 0;
    }
    return 1;
}

static int optims_same(const mlp_optim *a, const mlp_optim *b)
{
    return a->kind == b->kind && same_real(a->lr, b->lr) && same_real(a->momentum, b->momentum) &&
           same_real(a->dampening, b->dampening) && a->nesterov == b->nesterov && same_real(a->alpha, b->alpha) &&
           same_real(a->beta1, b->beta1) && same_real(a->beta2, b->beta2) && same_real(a->eps, b->eps) &&
           same_real(a->lr_decay, b->lr_decay) && same_real(a->weight_decay, b->weight_decay) && same_real(a->l1, b->l1) &&
           a->decay_bias == b->decay_bias && same_real(a->clip_norm, b->clip_norm) && a->t == b->t;
}

/* The round trip as a property: 300 random valid networks (and optimizers)
   save, load back equal in every field to the bit, and save again to the
   same bytes. */
static void test_round_trip_of_random_valid_networks(void)
{
    mlp_rng rng;
    int k, failures = 0;
    mlp_rng_seed(&rng, 2024);
    for (k = 0; k < 300; k++) {
        mlp_net net, back;
        mlp_optim opt, got;
        int has_opt = random_valid_net(&net, &opt, &rng), status;
        char *first, *second;
        memset(&got, 0, sizeof got);
        status = mlp_net_save(&net, has_opt ? &opt : NULL, tmp_path("prop.net"));
        if (status == MLP_OK) status = mlp_net_load(&back, has_opt ? &got : NULL, tmp_path("prop.net"));
        if (status != MLP_OK) {
            if (failures++ < 3) fprintf(stderr, "    network %d: %s\n", k, mlp_last_error());
            mlp_net_free(&net);
            continue;
        }
        if (!nets_same_in_every_field(&net, &back, has_opt) || (has_opt && !optims_same(&opt, &got))) {
            if (failures++ < 3) fprintf(stderr, "    network %d: loaded back different\n", k);
        }
        first = read_all(tmp_path("prop.net"), NULL);
        CHECK_INT(MLP_OK, mlp_net_save(&back, has_opt ? &got : NULL, tmp_path("prop2.net")));
        second = read_all(tmp_path("prop2.net"), NULL);
        if (!(first && second && strcmp(first, second) == 0) && failures++ < 3)
            fprintf(stderr, "    network %d: saved again, a different file\n", k);
        free(first);
        free(second);
        mlp_net_free(&net);
        mlp_net_free(&back);
    }
    CHECK_INT(0, failures);
}

/* The CSV writer against the reader, for every separator from 1 to 127:
   either the writer refuses it (a misuse: a character of numbers as written
   or read, a quote or a line end), or what it writes reads back, with that
   separator, to the same bits, NaN included. */
static void test_csv_every_separator(void)
{
    static const char cannot[] = "0123456789.+-eEnNaAiIfFxXpP\"\r\n";
    mlp_mat A = {0, 0, 0, NULL}, B = {0, 0, 0, NULL};
    int c, accepted = 0, refused = 0;
    mlp_rng rng;
    size_t k;
    mlp_rng_seed(&rng, 77);
    mlp_mat_resize(&A, 5, 4);
    for (k = 0; k < 20; k++) A.data[k] = wild_number(&rng);
    A.data[7] = (mlp_real)NAN;
    A.data[8] = (mlp_real)-1.5e-7;
    for (c = 1; c < 128; c++) {
        mlp_csv_opts o = mlp_csv_defaults();
        int status;
        o.sep = (char)c;
        misuse_expected = 1;
        misuse_count = 0;
        status = mlp_csv_save(&A, tmp_path("sep.csv"), &o);
        misuse_expected = 0;
        if (strchr(cannot, c)) {
            refused++;
            if (!CHECK_INT(MLP_ERR_MISUSE, status) || !CHECK_INT(1, misuse_count)) fprintf(stderr, "    separator %d\n", c);
            continue;
        }
        accepted++;
        o.comment = 0;
        o.allow_nan = 1;
        status = status ? status : mlp_csv_load(&B, tmp_path("sep.csv"), &o);
        if (!CHECK_INT(MLP_OK, status) || !CHECK(A.rows == B.rows && A.cols == B.cols && B.data[7] != B.data[7])) {
            fprintf(stderr, "    separator %d: %s\n", c, mlp_last_error());
            continue;
        }
        B.data[7] = A.data[7]; /* NaN compares unequal; its place is checked above */
        if (!CHECK(same_bits(&A, &B))) fprintf(stderr, "    separator %d: read back different\n", c);
    }
    CHECK_INT((int)strlen(cannot), refused);
    CHECK_INT(127 - (int)strlen(cannot), accepted);
    /* the reader refuses the same separators, and comment characters that start a number */
    {
        mlp_csv_opts o = mlp_csv_defaults();
        const char *bad_comment = "0123456789.+-nNiI";
        write_text(tmp_path("sep.csv"), "1,2\n");
        for (k = 0; cannot[k]; k++) {
            o = mlp_csv_defaults();
            o.sep = cannot[k];
            misuse_expected = 1;
            misuse_count = 0;
            if (!CHECK_INT(MLP_ERR_MISUSE, mlp_csv_load(&B, tmp_path("sep.csv"), &o)) || !CHECK_INT(1, misuse_count))
                fprintf(stderr, "    reading with separator %d\n", cannot[k]);
            misuse_expected = 0;
        }
        for (k = 0; bad_comment[k]; k++) {
            o = mlp_csv_defaults();
            o.comment = bad_comment[k];
            misuse_expected = 1;
            misuse_count = 0;
            if (!CHECK_INT(MLP_ERR_MISUSE, mlp_csv_load(&B, tmp_path("sep.csv"), &o)))
                fprintf(stderr, "    reading with comment %c\n", bad_comment[k]);
            misuse_expected = 0;
        }
    }
    /* nothing to read back: an empty matrix is refused, and no file is made */
    mlp_mat_resize(&A, 0, 3);
    CHECK_ERROR(MLP_ERR_DATA, mlp_csv_save(&A, tmp_path("empty.csv"), NULL), "the matrix is 0x3: a file without numbers");
    CHECK(!file_exists(tmp_path("empty.csv")));
    mlp_mat_free(&A);
    mlp_mat_free(&B);
}

/* ---- reading says what is wrong ------------------------------------------------ */

typedef struct csv_text_case {
    const char *what;
    const char *text;
    size_t len;          /* 0: strlen(text) */
    int allow_nan;
    int status;
    int rows, cols, header; /* on success */
    double first;        /* the first number read, on success */
    const char *message; /* on failure */
} csv_text_case;

/* Byte-order marks, line ends of every system, and first lines that are or
   are not headers: each file either reads as the rows it holds (the first
   one never lost) or fails with a message that names the problem. */
static void test_csv_marks_line_ends_and_first_lines(void)
{
    static const csv_text_case cases[] = {
        {"UTF-8 mark, no header", "\xEF\xBB\xBF" "1,2\n3,4\n", 0, 0, MLP_OK, 2, 2, 0, 1, NULL},
        {"UTF-8 mark, header", "\xEF\xBB\xBF" "x,y\n1,2\n", 0, 0, MLP_OK, 1, 2, 1, 1, NULL},
        {"UTF-8 mark, CRLF", "\xEF\xBB\xBF" "5;6\r\n7;8\r\n", 0, 0, MLP_OK, 2, 2, 0, 5, NULL},
        {"UTF-8 mark, one column", "\xEF\xBB\xBF" "9\n10\n", 0, 0, MLP_OK, 2, 1, 0, 9, NULL},
        {"UTF-8 mark, then a comment", "\xEF\xBB\xBF" "# c\n1,2\n", 0, 0, MLP_OK, 1, 2, 0, 1, NULL},
        {"UTF-8 mark alone", "\xEF\xBB\xBF", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "no rows of numbers"},
        {"UTF-16 little-endian", "\xFF\xFE" "1\0,\0" "2\0\n\0", 10, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "UTF-16 text"},
        {"UTF-16 big-endian", "\xFE\xFF" "\0" "1\0,\0" "2\0\n", 10, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "UTF-16 text"},
        {"CR alone", "1,2\r3,4\r", 0, 0, MLP_OK, 2, 2, 0, 1, NULL},
        {"CR alone, no final line end", "1,2\r3,4", 0, 0, MLP_OK, 2, 2, 0, 1, NULL},
        {"CR alone, header", "a,b\r1,2\r3,4\r", 0, 0, MLP_OK, 2, 2, 1, 1, NULL},
        {"CR alone, blank lines", "\r\r1,2\r\r3,4\r", 0, 0, MLP_OK, 2, 2, 0, 1, NULL},
        {"CR alone, error on line 3", "1,2\r3,4\r5,x\r", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "bad.csv:3: column 2: 'x' is not a number"},
        {"mixed line ends", "1,2\r\n3,4\r5,6\n7,8", 0, 0, MLP_OK, 4, 2, 0, 1, NULL},
        {"first row with junk", "1,2x\n3,4\n", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "bad.csv:1: column 2: '2x' is not a number"},
        {"header with a number", "id,2019\n1,2\n", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "if it is a header, set header = 1"},
        {"non-breaking space", "1\xC2\xA0,2\n3,4\n", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "bad.csv:1: column 1"},
        {"NA without allow_nan", "NA,1\n2,3\n", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "bad.csv:1: column 1 is 'NA', a missing value"},
        {"NA with allow_nan", "NA,1\n2,3\n", 0, 1, MLP_OK, 2, 2, 0, NAN, NULL},
        {"unnamed index column", ",a,b\n1,2,3\n", 0, 0, MLP_OK, 1, 3, 1, 1, NULL},
        {"decimal comma", "1;2,5\n3;4\n", 0, 0, MLP_ERR_FORMAT, 0, 0, 0, 0, "'2,5' is not a number (a decimal comma?"},
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_mat M = {0, 0, 0, NULL};
        mlp_csv_opts o = mlp_csv_defaults();
        int status;
        o.allow_nan = cases[k].allow_nan;
        write_bytes(tmp_path("bad.csv"), cases[k].text, cases[k].len ? cases[k].len : strlen(cases[k].text));
        mlp_clear_error();
        status = mlp_csv_load(&M, tmp_path("bad.csv"), &o);
        if (!CHECK_INT(cases[k].status, status)) fprintf(stderr, "    case: %s: %s\n", cases[k].what, mlp_last_error());
        else if (status == MLP_OK) {
            if (!CHECK(M.rows == cases[k].rows && M.cols == cases[k].cols && o.header_found == cases[k].header &&
                       (cases[k].first != cases[k].first ? M.data[0] != M.data[0] : M.data[0] == (mlp_real)cases[k].first)))
                fprintf(stderr, "    case: %s: %dx%d, header %d, first %g\n", cases[k].what, M.rows, M.cols, o.header_found,
                        (double)M.data[0]);
        } else if (!CHECK(strstr(mlp_last_error(), cases[k].message) != NULL))
            fprintf(stderr, "    case: %s\n    message: %s\n    wanted:  %s\n", cases[k].what, mlp_last_error(), cases[k].message);
        mlp_mat_free(&M);
    }
}

/* A network file with other line ends, or a byte-order mark, loads as the
   same network; errors keep their line numbers; UTF-16 is named. */
static void test_net_file_line_ends_and_marks(void)
{
    static const struct {
        const char *what, *from, *to, *prefix;
        int status;
        const char *message;
    } cases[] = {
        {"\\n", "\n", "\n", "", MLP_OK, NULL},
        {"\\r\\n", "\n", "\r\n", "", MLP_OK, NULL},
        {"\\r alone", "\n", "\r", "", MLP_OK, NULL},
        {"UTF-8 mark", "\n", "\n", "\xEF\xBB\xBF", MLP_OK, NULL},
        {"UTF-8 mark and \\r alone", "\n", "\r", "\xEF\xBB\xBF", MLP_OK, NULL},
        {"UTF-8 mark and a space", "\n", "\n", "\xEF\xBB\xBF ", MLP_OK, NULL},
        {"\\r alone, an error on line 15", "\n", "\r", "", MLP_ERR_FORMAT, ":15: layer 0: W[0][1]: expected a number, found 'abc'"},
        {"\\r\\n, an error on line 15", "\n", "\r\n", "", MLP_ERR_FORMAT, ":15: layer 0: W[0][1]: expected a number, found 'abc'"},
        {"UTF-16", NULL, NULL, "\xFF\xFE" "m", MLP_ERR_FORMAT, "UTF-16 text"},
    };
    mlp_net ref;
    size_t k;
    small_net(&ref);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *src = small_net_text();
        char *text = (char *)malloc(2 * strlen(src) + 16), *w = text;
        mlp_net net;
        int status;
        strcpy(w, cases[k].prefix);
        w += strlen(w);
        if (cases[k].from) {
            const char *p;
            int line = 1;
            for (p = src; *p; p++) {
                if (line == 15 && cases[k].message && strncmp(p, "-0.25", 5) == 0) { /* W[0][1] of layer 0 */
                    strcpy(w, "abc");
                    w += 3;
                    p += 4;
                    continue;
                }
                if (*p == '\n') {
                    strcpy(w, cases[k].to);
                    w += strlen(cases[k].to);
                    line++;
                } else
                    *w++ = *p;
            }
        }
        write_bytes(tmp_path("ends.net"), text, cases[k].from ? (size_t)(w - text) : strlen(cases[k].prefix) + 1);
        mlp_clear_error();
        status = mlp_net_load(&net, NULL, tmp_path("ends.net"));
        if (!CHECK_INT(cases[k].status, status)) fprintf(stderr, "    case: %s: %s\n", cases[k].what, mlp_last_error());
        else if (status == MLP_OK) {
            CHECK(nets_identical(&ref, &net));
            mlp_net_free(&net);
        } else if (!CHECK(strstr(mlp_last_error(), cases[k].message) != NULL))
            fprintf(stderr, "    case: %s\n    message: %s\n", cases[k].what, mlp_last_error());
        free(text);
    }
    mlp_net_free(&ref);
}

#ifndef MLP_NO_POSIX /* what only the POSIX saver promises */
/* A directory where a file should be: every loader says so, and a stream
   opened on one gives the system's reason, not a bare "read error". */
static void test_directory_given_as_a_file(void)
{
    mlp_net net;
    mlp_mat M = {0, 0, 0, NULL};
    FILE *f;
    mkdir(tmp_path("a_dir_to_read"), 0700);
    CHECK_ERROR(MLP_ERR_IO, mlp_net_load(&net, NULL, tmp_path("a_dir_to_read")), "a_dir_to_read' is a directory, not a file");
    CHECK_ERROR(MLP_ERR_IO, mlp_csv_load(&M, tmp_path("a_dir_to_read"), NULL), "is a directory, not a file");
    CHECK_ERROR(MLP_ERR_IO, mlp_idx_load_images(&M, tmp_path("a_dir_to_read")), "is a directory, not a file");
    CHECK_ERROR(MLP_ERR_IO, mlp_idx_load_labels(&M, tmp_path("a_dir_to_read"), 10), "is a directory, not a file");
    f = fopen(tmp_path("a_dir_to_read"), "rb");
    if (f) { /* most systems open a directory for reading; reading it fails */
        CHECK_ERROR(MLP_ERR_IO, mlp_net_read(&net, NULL, f, "dir"), strerror(EISDIR));
        fclose(f);
        f = fopen(tmp_path("a_dir_to_read"), "rb");
        CHECK_ERROR(MLP_ERR_IO, mlp_csv_read(&M, f, "dir", NULL), "dir:1: read error: ");
        fclose(f);
    }
    rmdir(tmp_path("a_dir_to_read"));
}
#endif

/* Through a pipe, whose size is unknown, a header that promises a huge
   matrix costs only what really follows: the readers allocate as the
   numbers arrive. Here a layer of 100000 x 10000 weights (8 GB in double)
   and an IDX file of 60000 images, each followed by almost nothing. */
static void test_pipe_memory_grows_with_the_data(void)
{
    static const char huge_net[] = "mlp.h network v1\nreal double\ninputs 100000\nloss mse\ntraining 0\n"
                                   "rng e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f f88bb8a8724c81ec 0 0\n"
                                   "layers 1\nlayer 0\nunits 10000\nactivation identity\nslope 0\ninit auto 0 0\n"
                                   "dropout 0\nW 100000 10000\n0.5 0.25 0.125\n";
    unsigned char idx[16 + 100];
    unsigned long dims[3] = {60000, 28, 28};
    char command[700];
    mlp_net net;
    mlp_mat X = {0, 0, 0, NULL};
    FILE *f;
    write_text(tmp_path("huge.net"), huge_net);
    snprintf(command, sizeof command, "cat '%s'", tmp_path("huge.net"));
    f = popen(command, "r");
    largest_request = 0;
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_net_read(&net, NULL, f, "pipe"), "pipe:15: layer 0: row 0 of W has 3 numbers; it needs 10000");
    pclose(f);
    if (!CHECK(largest_request <= 64 * 1024)) fprintf(stderr, "    largest allocation: %lu bytes\n", (unsigned long)largest_request);
    /* and a file on disk is refused before any allocation, by its size */
    largest_request = 0;
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_net_load(&net, NULL, tmp_path("huge.net")), "bytes are left in the file (truncated?)");
    CHECK(largest_request < 4096);
    idx_header(idx, 3, dims);
    memset(idx + 16, 7, 100);
    write_bytes(tmp_path("huge.idx"), idx, sizeof idx);
    snprintf(command, sizeof command, "cat '%s'", tmp_path("huge.idx"));
    f = popen(command, "r");
    largest_request = 0;
    CHECK_ERROR(MLP_ERR_FORMAT, mlp_idx_read_images(&X, f, "pipe"), "pipe: truncated: the file ends after 100 of 47040000 data bytes");
    pclose(f);
    if (!CHECK(largest_request <= 1024 * 1024)) fprintf(stderr, "    largest allocation: %lu bytes\n", (unsigned long)largest_request);
    /* a whole file through a pipe still reads, the buffer grown to its size */
    {
        unsigned char small[16 + 2 * 3 * 4];
        unsigned long d2[3] = {2, 3, 4};
        size_t k;
        idx_header(small, 3, d2);
        for (k = 0; k < 24; k++) small[16 + k] = (unsigned char)(10 * k);
        write_bytes(tmp_path("huge.idx"), small, sizeof small);
        f = popen(command, "r");
        CHECK_INT(MLP_OK, mlp_idx_read_images(&X, f, "pipe"));
        pclose(f);
        CHECK(X.rows == 2 && X.cols == 12 && X.data[23] == (mlp_real)230 / (mlp_real)255);
    }
    mlp_mat_free(&X);
}

/* ---- preparing data -------------------------------------------------------- */

static void test_split_in_order_and_shuffled(void)
{
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    mlp_split s;
    mlp_rng rng;
    int perm[10], i;
    memset(&s, 0, sizeof s);
    mlp_mat_resize(&X, 10, 2);
    mlp_mat_resize(&Y, 10, 1);
    for (i = 0; i < 10; i++) {
        X.data[2 * i] = (mlp_real)i;
        X.data[2 * i + 1] = (mlp_real)(100 + i);
        Y.data[i] = (mlp_real)(10 * i);
    }
    /* no generator: rows keep their order; 10 * 0.2 = 2 validation, 10 * 0.3 = 3 test */
    CHECK_INT(MLP_OK, mlp_split_data(&s, &X, &Y, (mlp_real)0.2, (mlp_real)0.3, NULL));
    CHECK(s.X_train.rows == 5 && s.X_val.rows == 2 && s.X_test.rows == 3 && s.Y_test.rows == 3);
    CHECK_NEAR(5, s.X_val.data[0], 0.0);
    CHECK_NEAR(107, s.X_test.data[1], 0.0);
    CHECK_NEAR(90, s.Y_test.data[2], 0.0);
    /* with a generator: the rows of mlp_rng_permutation with the same seed */
    mlp_rng_seed(&rng, 4);
    mlp_rng_permutation(&rng, perm, 10);
    mlp_rng_seed(&rng, 4);
    CHECK_INT(MLP_OK, mlp_split_data(&s, &X, &Y, (mlp_real)0.2, (mlp_real)0.3, &rng));
    for (i = 0; i < 5; i++) CHECK_NEAR(perm[i], s.X_train.data[2 * i], 0.0);
    CHECK_NEAR(perm[5], s.X_val.data[0], 0.0);
    for (i = 0; i < 3; i++) {
        CHECK_NEAR(perm[7 + i], s.X_test.data[2 * i], 0.0);
        CHECK_NEAR(10 * perm[7 + i], s.Y_test.data[i], 0.0); /* Y follows X */
    }
    /* 10 * 0.6 + 10 * 0.4 leaves nothing to train on */
    CHECK_ERROR(MLP_ERR_DATA, mlp_split_data(&s, &X, NULL, (mlp_real)0.6, (mlp_real)0.4, NULL), "leave no training rows");
    CHECK_INT(5, s.X_train.rows); /* the previous split is still there */
    mlp_split_free(&s);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

static void test_scaler_by_hand(void)
{
    static const double train[8] = {1, 7, 2, 7, 3, 7, 4, 7}; /* column 0: 1..4; column 1: constant */
    mlp_mat X = {0, 0, 0, NULL}, T = {0, 0, 0, NULL}, Z = {0, 0, 0, NULL}, back = {0, 0, 0, NULL};
    mlp_scaler s;
    int k;
    double sd = sqrt(1.25); /* population variance of 1..4: mean 2.5, ((1.5^2 + 0.5^2) * 2) / 4 = 1.25 */
    memset(&s, 0, sizeof s);
    mlp_mat_resize(&X, 4, 2);
    for (k = 0; k < 8; k++) X.data[k] = (mlp_real)train[k];
    CHECK_INT(MLP_OK, mlp_scaler_fit(&s, &X));
    CHECK_NEAR(2.5, s.mean.data[0], 0.0);
    CHECK_NEAR(7, s.mean.data[1], 0.0);
    CHECK_NEAR(sd, s.std.data[0], IS_FLOAT ? 1e-7 : 1e-15);
    CHECK_NEAR(1, s.std.data[1], 0.0);
    /* applied to other data: the training statistics, not the new data's */
    mlp_mat_resize(&T, 1, 2);
    T.data[0] = 5;
    T.data[1] = 9;
    CHECK_INT(MLP_OK, mlp_scaler_apply(&s, &Z, &T));
    CHECK_NEAR(2.5 / sd, Z.data[0], IS_FLOAT ? 1e-6 : 1e-15);
    CHECK_NEAR(2, Z.data[1], 0.0);
    CHECK_INT(MLP_OK, mlp_scaler_apply(&s, &X, &X)); /* in place */
    CHECK_NEAR(-1.5 / sd, X.data[0], IS_FLOAT ? 1e-6 : 1e-15);
    CHECK_NEAR(0, X.data[3], 0.0);
    CHECK_INT(MLP_OK, mlp_scaler_invert(&s, &back, &Z));
    CHECK_NEAR(5, back.data[0], IS_FLOAT ? 1e-6 : 1e-14);
    /* NaN in the data: refused, the fitted scaler stays */
    X.data[2] = (mlp_real)NAN;
    CHECK_ERROR(MLP_ERR_DATA, mlp_scaler_fit(&s, &X), "[1][0] is NaN");
    CHECK_NEAR(2.5, s.mean.data[0], 0.0);
    mlp_scaler_free(&s);
    mlp_mat_free(&X);
    mlp_mat_free(&T);
    mlp_mat_free(&Z);
    mlp_mat_free(&back);
}

static void test_one_hot_argmax_accuracy_confusion(void)
{
    static const double labels[5] = {2, 0, 1, 1, 2};
    static const double scores[15] = {0.1, 0.2, 0.7,  /* 2: right */
                                      0.5, 0.5, 0.0,  /* tie: the first, 0: right */
                                      0.6, 0.3, 0.1,  /* 0: wrong (1) */
                                      0.2, 0.8, 0.0,  /* 1: right */
                                      0.3, 0.4, 0.3}; /* 1: wrong (2) */
    mlp_mat L = {0, 0, 0, NULL}, P = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, idx = {0, 0, 0, NULL}, C = {0, 0, 0, NULL};
    int k;
    mlp_mat_resize(&L, 5, 1);
    mlp_mat_resize(&P, 5, 3);
    for (k = 0; k < 5; k++) L.data[k] = (mlp_real)labels[k];
    for (k = 0; k < 15; k++) P.data[k] = (mlp_real)scores[k];
    CHECK_INT(MLP_OK, mlp_one_hot(&Y, &L, 3));
    CHECK(Y.rows == 5 && Y.cols == 3);
    CHECK(Y.data[2] == 1 && Y.data[0] == 0 && Y.data[3] == 1 && Y.data[7] == 1 && Y.data[14] == 1);
    CHECK_NEAR(5, Y.data[0] + Y.data[1] + Y.data[2] + Y.data[3] + Y.data[4] + Y.data[5] + Y.data[6] + Y.data[7] + Y.data[8] +
                      Y.data[9] + Y.data[10] + Y.data[11] + Y.data[12] + Y.data[13] + Y.data[14], 0.0);
    CHECK_INT(MLP_OK, mlp_argmax(&idx, &P));
    CHECK(idx.data[0] == 2 && idx.data[1] == 0 && idx.data[2] == 0 && idx.data[3] == 1 && idx.data[4] == 1);
    CHECK_NEAR(0.6, mlp_accuracy(&P, &L), 1e-7);
    CHECK_NEAR(0.6, mlp_accuracy(&P, &Y), 1e-7); /* one-hot targets: the same */
    CHECK_INT(MLP_OK, mlp_confusion_matrix(&C, &P, &L, 3));
    /* rows: true class; columns: predicted */
    CHECK(C.data[0] == 1 && C.data[1] == 0 && C.data[2] == 0);
    CHECK(C.data[3] == 1 && C.data[4] == 1 && C.data[5] == 0);
    CHECK(C.data[6] == 0 && C.data[7] == 1 && C.data[8] == 1);
    /* bad labels: refused, destination untouched */
    L.data[3] = 3;
    CHECK_ERROR(MLP_ERR_DATA, mlp_one_hot(&Y, &L, 3), "label 3 is 3, not a class in 0..2");
    CHECK(Y.data[10] == 1);
    CHECK_ERROR(MLP_ERR_DATA, mlp_confusion_matrix(&C, &P, &L, 3), "the target of row 3 is not a class in 0..2");
    L.data[3] = (mlp_real)1.5;
    CHECK_ERROR(MLP_ERR_DATA, mlp_one_hot(&Y, &L, 3), "label 3 is 1.5");
    L.data[3] = (mlp_real)NAN;
    CHECK_NEAR(0.4, mlp_accuracy(&P, &L), 1e-7); /* a NaN label matches nothing */
    /* a binary classifier: one column, class 1 when P >= 0.5 */
    {
        mlp_real p[4] = {0.2f, 0.5f, 0.9f, 0.4f}, t[4] = {0, 1, 0, 0};
        mlp_mat Pb = mlp_mat_view(4, 1, p), Tb = mlp_mat_view(4, 1, t);
        CHECK_NEAR(0.75, mlp_accuracy(&Pb, &Tb), 0.0);
        CHECK_INT(MLP_OK, mlp_confusion_matrix(&C, &Pb, &Tb, 2));
        CHECK(C.data[0] == 2 && C.data[1] == 1 && C.data[2] == 0 && C.data[3] == 1);
    }
    mlp_mat_free(&L);
    mlp_mat_free(&P);
    mlp_mat_free(&Y);
    mlp_mat_free(&idx);
    mlp_mat_free(&C);
}

/* ---- toy data sets --------------------------------------------------------- */

static void test_toy_sine_draw_order_and_noise(void)
{
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    mlp_rng rng, ref;
    double sum = 0, sum2 = 0, r;
    int i, n = 20000;
    /* the documented order: x, then the noise, sample after sample */
    mlp_rng_seed(&rng, 8);
    mlp_rng_seed(&ref, 8);
    CHECK_INT(MLP_OK, mlp_toy_sine(&X, &Y, 3, (mlp_real)0.1, &rng));
    for (i = 0; i < 3; i++) {
        double x = mlp_rng_uniform(&ref), e = mlp_rng_normal(&ref, 0, 0.1);
        CHECK((mlp_real)x == X.data[i]);
        CHECK_NEAR(sin(2 * 3.14159265358979323846 * x) + e, Y.data[i], IS_FLOAT ? 1e-6 : 1e-15);
    }
    /* noise 0: exactly the curve; noise s: residual variance s^2 */
    CHECK_INT(MLP_OK, mlp_toy_sine(&X, &Y, 50, 0, &rng));
    for (i = 0; i < 50; i++) {
        CHECK(X.data[i] >= 0 && X.data[i] < 1);
        if (!CHECK_NEAR(sin(2 * 3.14159265358979323846 * (double)X.data[i]), Y.data[i], IS_FLOAT ? 1e-6 : 1e-15)) break;
    }
    CHECK_INT(MLP_OK, mlp_toy_sine(&X, &Y, n, (mlp_real)0.3, &rng));
    for (i = 0; i < n; i++) {
        r = (double)Y.data[i] - sin(2 * 3.14159265358979323846 * (double)X.data[i]);
        sum += r;
        sum2 += r * r;
    }
    /* the sample variance of n normals has relative sd sqrt(2/n) = 1%: allow 5% */
    CHECK_REL(0.09, sum2 / n - (sum / n) * (sum / n), 0.05);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

static void test_toy_piecewise_target(void)
{
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
    mlp_rng rng;
    int i;
    /* by hand from the points (-1, 0.5), (-0.6, 0), (-0.2, 0.8), (0.3, 0.3), (0.7, 1), (1, 0.6) */
    CHECK_NEAR(0.5, mlp_toy_piecewise_target(-1), 1e-7);
    CHECK_NEAR(0.25, mlp_toy_piecewise_target((mlp_real)-0.8), 1e-7);
    CHECK_NEAR(0.0, mlp_toy_piecewise_target((mlp_real)-0.6), 1e-7);
    CHECK_NEAR(0.4, mlp_toy_piecewise_target((mlp_real)-0.4), 1e-6);
    CHECK_NEAR(0.55, mlp_toy_piecewise_target((mlp_real)0.05), 1e-6);
    CHECK_NEAR(0.65, mlp_toy_piecewise_target((mlp_real)0.5), 1e-6);
    CHECK_NEAR(0.8, mlp_toy_piecewise_target((mlp_real)0.85), 1e-6);
    CHECK_NEAR(0.6, mlp_toy_piecewise_target(1), 1e-7);
    CHECK_NEAR(0.6, mlp_toy_piecewise_target(5), 1e-7);
    CHECK_NEAR(0.5, mlp_toy_piecewise_target(-5), 1e-7);
    mlp_rng_seed(&rng, 0);
    CHECK_INT(MLP_OK, mlp_toy_piecewise(&X, &Y, 200, 0, &rng));
    for (i = 0; i < 200; i++)
        if (!CHECK(X.data[i] >= -1 && X.data[i] < 1 && Y.data[i] == mlp_toy_piecewise_target(X.data[i]))) break;
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
}

static void test_toy_classification_sets(void)
{
    mlp_mat X = {0, 0, 0, NULL}, L = {0, 0, 0, NULL};
    mlp_rng rng;
    int i, n = 400, bad = 0, ones = 0;
    double pi = 3.14159265358979323846;
    mlp_rng_seed(&rng, 1);
    /* XOR: the class is the sign of x1 x2 */
    CHECK_INT(MLP_OK, mlp_toy_xor(&X, &L, n, 0, &rng));
    for (i = 0; i < n; i++) {
        bad += L.data[i] != (X.data[2 * i] * X.data[2 * i + 1] < 0);
        ones += L.data[i] == 1;
    }
    CHECK_INT(0, bad);
    CHECK(ones > 150 && ones < 250); /* about half: binomial(400, 1/2) has sd 10 */
    /* circles: class 0 inside radius 0.5, class 1 in the ring 0.7..1, alternating */
    CHECK_INT(MLP_OK, mlp_toy_circles(&X, &L, n, 0, &rng));
    for (i = 0, bad = 0; i < n; i++) {
        double r = sqrt((double)X.data[2 * i] * X.data[2 * i] + (double)X.data[2 * i + 1] * X.data[2 * i + 1]);
        bad += L.data[i] != i % 2 || (i % 2 ? r < 0.7 - 1e-6 || r > 1 + 1e-6 : r > 0.5 + 1e-6);
    }
    CHECK_INT(0, bad);
    /* spirals: the point at radius t has angle 3.5 pi t + pi class (mod 2 pi) */
    CHECK_INT(MLP_OK, mlp_toy_spirals(&X, &L, n, 0, &rng));
    for (i = 0, bad = 0; i < n; i++) {
        double x1 = X.data[2 * i], x2 = X.data[2 * i + 1], t = sqrt(x1 * x1 + x2 * x2);
        double d = atan2(x2, x1) - (3.5 * pi * t + pi * (i % 2));
        d -= 2 * pi * floor(d / (2 * pi) + 0.5); /* into [-pi, pi) */
        bad += (t > 0.01 && fabs(d) > 1e-3) || L.data[i] != i % 2;
    }
    CHECK_INT(0, bad);
    /* blobs: class means near the centres on the unit circle */
    CHECK_INT(MLP_OK, mlp_toy_blobs(&X, &L, 3000, 3, (mlp_real)0.2, &rng));
    for (i = 0; i < 3; i++) {
        double m1 = 0, m2 = 0;
        int k;
        for (k = i; k < 3000; k += 3) {
            m1 += X.data[2 * k];
            m2 += X.data[2 * k + 1];
            bad += L.data[k] != i;
        }
        /* 1000 points, sd 0.2: the mean's sd is 0.0063; allow 4 of them */
        CHECK_NEAR(cos(2 * pi * i / 3), m1 / 1000, 0.025);
        CHECK_NEAR(sin(2 * pi * i / 3), m2 / 1000, 0.025);
    }
    CHECK_INT(0, bad);
    /* noise moves points off their curves: the XOR rule no longer holds everywhere */
    CHECK_INT(MLP_OK, mlp_toy_xor(&X, &L, n, (mlp_real)0.3, &rng));
    for (i = 0, bad = 0; i < n; i++) bad += L.data[i] != (X.data[2 * i] * X.data[2 * i + 1] < 0);
    CHECK(bad > 10 && bad < 200);
    mlp_mat_free(&X);
    mlp_mat_free(&L);
}

static void test_toy_same_seed_same_data(void)
{
    mlp_mat X1 = {0, 0, 0, NULL}, Y1 = {0, 0, 0, NULL}, X2 = {0, 0, 0, NULL}, Y2 = {0, 0, 0, NULL};
    mlp_rng a, b;
    mlp_rng_seed(&a, 77);
    mlp_rng_seed(&b, 77);
    mlp_toy_spirals(&X1, &Y1, 100, (mlp_real)0.05, &a);
    mlp_toy_spirals(&X2, &Y2, 100, (mlp_real)0.05, &b);
    CHECK(same_bits(&X1, &X2) && same_bits(&Y1, &Y2));
    mlp_toy_spirals(&X2, &Y2, 100, (mlp_real)0.05, &b); /* the stream went on: different points */
    CHECK(!same_bits(&X1, &X2));
    mlp_mat_free(&X1);
    mlp_mat_free(&Y1);
    mlp_mat_free(&X2);
    mlp_mat_free(&Y2);
}

/* The teacher: noise variance measured back; the teacher is the best predictor. */
static void test_toy_teacher_noise_variance(void)
{
    mlp_net teacher;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, P = {0, 0, 0, NULL};
    mlp_rng rng;
    double w2 = 0, sum = 0, sum2 = 0;
    size_t k;
    mlp_rng_seed(&rng, 1);
    CHECK_INT(MLP_OK, mlp_toy_teacher_net(&teacher, 8, 32, 8, &rng));
    CHECK(teacher.n_layers == 2 && teacher.layers[0].act == MLP_TANH && teacher.layers[1].act == MLP_IDENTITY);
    for (k = 0; k < 8 * 32; k++) w2 += (double)teacher.layers[0].W.data[k] * teacher.layers[0].W.data[k];
    CHECK_REL(1.0 / 8, w2 / (8 * 32), 0.2); /* LeCun: variance 1/fan_in */
    CHECK_INT(MLP_OK, mlp_toy_teacher_data(&X, &Y, 5000, &teacher, 0, &rng));
    mlp_predict(&teacher, &X, &P);
    CHECK(same_bits(&P, &Y)); /* no noise: exactly the teacher */
    CHECK_INT(MLP_OK, mlp_toy_teacher_data(&X, &Y, 5000, &teacher, (mlp_real)0.5, &rng));
    for (k = 0; k < 5000 * 8; k++) sum += (double)X.data[k], sum2 += (double)X.data[k] * X.data[k];
    CHECK_NEAR(0, sum / 40000, 0.02);   /* x ~ N(0, I): sd of the mean 0.005 */
    CHECK_REL(1, sum2 / 40000, 0.04);   /* relative sd of the variance 0.7% */
    mlp_predict(&teacher, &X, &P);
    CHECK_REL(0.25, mlp_mse(&P, &Y), 0.04); /* the optimal test MSE is noise^2 */
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_mat_free(&P);
    mlp_net_free(&teacher);
}

/* ---- the directory, and the child process ----------------------------------- */

static void remove_tmp_dir(void)
{
    static const char *names[] = {"small.net", "hand.net", "rt.net", "rt2.net", "adam.net", "sgd.net", "rmsprop.net",
                                  "with_opt.net", "no_opt.net", "bad.net", "full.net", "cut.net", "keep.net",
                                  "child.net", "a.csv", "sep.csv", "nan.csv", "bad.csv", "rt.csv", "rt.tsv",
                                  "img.idx", "lab.idx", "bad.idx", "pipe.idx", "pipe.net", "adagrad.net",
                                  "adamw.net"};
    size_t k;
    char command[400];
    for (k = 0; k < sizeof names / sizeof names[0]; k++) remove(tmp_path(names[k]));
    /* and what the tests of saving made: links, a FIFO, nested directories */
    snprintf(command, sizeof command, "rm -rf '%s'", tmp_dir);
    if (system(command) != 0) rmdir(tmp_dir);
}

int main(int argc, char **argv)
{
    static const test_case tests[] = {
        {"net_write_matches_documented_format", test_net_write_matches_documented_format},
        {"net_load_hand_written_file", test_net_load_hand_written_file},
        {"net_round_trip_bit_identical", test_net_round_trip_bit_identical},
        {"net_resume_adam", test_net_resume_adam},
        {"net_resume_sgd_nesterov", test_net_resume_sgd_nesterov},
        {"net_resume_rmsprop", test_net_resume_rmsprop},
        {"net_resume_adagrad_adamw", test_net_resume_adagrad_adamw},
        {"net_optimizer_presence", test_net_optimizer_presence},
        {"net_load_bad_input_table", test_net_load_bad_input_table},
        {"net_load_every_truncation", test_net_load_every_truncation},
        {"net_load_missing_file", test_net_load_missing_file},
#ifndef MLP_NO_POSIX
        {"net_save_failures_keep_old_file", test_net_save_failures_keep_old_file},
#endif
        {"net_write_full_disk", test_net_write_full_disk},
        {"net_saved_by_another_program", test_net_saved_by_another_program},
        {"csv_read_header_comments_quotes_crlf", test_csv_read_header_comments_quotes_crlf},
        {"csv_separators", test_csv_separators},
        {"csv_allow_nan", test_csv_allow_nan},
        {"csv_bad_input_table", test_csv_bad_input_table},
        {"csv_round_trip_and_save_failures", test_csv_round_trip_and_save_failures},
        {"idx_images_and_labels", test_idx_images_and_labels},
        {"idx_bad_input_table", test_idx_bad_input_table},
        {"readers_on_pipes", test_readers_on_pipes},
#ifndef MLP_NO_POSIX /* what only the POSIX saver promises (see >>io) */
        {"save_refuses_targets_that_are_not_regular_files", test_save_refuses_targets_that_are_not_regular_files},
        {"save_leaves_other_files_alone", test_save_leaves_other_files_alone},
#endif
        {"save_two_writers_race", test_save_two_writers_race},
        {"save_names_and_long_paths", test_save_names_and_long_paths},
        {"saver_refuses_what_the_loader_refuses", test_saver_refuses_what_the_loader_refuses},
        {"round_trip_of_random_valid_networks", test_round_trip_of_random_valid_networks},
        {"csv_every_separator", test_csv_every_separator},
        {"csv_marks_line_ends_and_first_lines", test_csv_marks_line_ends_and_first_lines},
        {"net_file_line_ends_and_marks", test_net_file_line_ends_and_marks},
#ifndef MLP_NO_POSIX
        {"directory_given_as_a_file", test_directory_given_as_a_file},
#endif
        {"pipe_memory_grows_with_the_data", test_pipe_memory_grows_with_the_data},
        {"split_in_order_and_shuffled", test_split_in_order_and_shuffled},
        {"scaler_by_hand", test_scaler_by_hand},
        {"one_hot_argmax_accuracy_confusion", test_one_hot_argmax_accuracy_confusion},
        {"toy_sine_draw_order_and_noise", test_toy_sine_draw_order_and_noise},
        {"toy_piecewise_target", test_toy_piecewise_target},
        {"toy_classification_sets", test_toy_classification_sets},
        {"toy_same_seed_same_data", test_toy_same_seed_same_data},
        {"toy_teacher_noise_variance", test_toy_teacher_noise_variance},
    };
    int status;
    /* the second program of net_saved_by_another_program */
    if (argc == 3 && strcmp(argv[1], "--save-network") == 0) {
        mlp_net net;
        random_net(&net, 99, MLP_CROSS_ENTROPY, 6, 5, 4, MLP_SOFTMAX);
        status = mlp_net_save(&net, NULL, argv[2]);
        mlp_net_free(&net);
        return status == MLP_OK ? 0 : 1;
    }
    self_path = argv[0];
    snprintf(tmp_dir, sizeof tmp_dir, "%s", "/tmp/mlp_test_data_XXXXXX");
    if (!mkdtemp(tmp_dir)) {
        fprintf(stderr, "cannot make a temporary directory\n");
        return 2;
    }
    status = run_tests(argc, argv, tests, sizeof tests / sizeof tests[0]);
    remove_tmp_dir();
    return status;
}
