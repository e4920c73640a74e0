/* exercises/15_capstone.c: the course on real images (Fashion-MNIST).

   What it shows: everything the course built, put together on 70 000 real
   pictures of clothes, one step at a time, each step's gain measured on a
   validation split. 5 000 of the 60 000 training images are held out for
   validation; the 10 000 test images are read once, at the very end, by
   the final model only. The steps, each the one before plus one change,
   trained on the same 20 000 training images for a few epochs: softmax
   regression on raw pixels (chapter 02), standardized inputs, two hidden
   ReLU layers with small random weights (03, 04), He initialization (07),
   Adam (08), a warm-up and cosine schedule (09), dropout (11); plus one
   control row, the schedule with plain SGD. The final model is the best
   of that chain (without dropout: see the claims' comment) trained on
   all 55 000 training images, a share of them shifted by one pixel anew
   every epoch (augmentation), in batches of 128, for the final budget with
   early stopping (11), timed in CPU seconds, and tested once: its confusion matrix, its
   accuracy per class and its most confident mistakes go to the report.

   mlp.h functions: mlp_idx_load_images, mlp_idx_load_labels, mlp_one_hot,
   mlp_split_data, mlp_split_free, mlp_scaler_fit, mlp_scaler_apply,
   mlp_scaler_invert, mlp_scaler_free, mlp_mat_view, mlp_mat_init,
   mlp_mat_fill, mlp_mat_copy, mlp_mat_get, mlp_mat_free, mlp_rng_seed,
   mlp_net_new, mlp_net_add, mlp_net_initialize, mlp_net_free, mlp_forward,
   mlp_sgd, mlp_adam, mlp_schedule_constant, mlp_schedule_cosine,
   mlp_schedule_lr, mlp_train_epoch, mlp_evaluate, mlp_predict, mlp_argmax,
   mlp_accuracy, mlp_confusion_matrix, mlp_last_error.

   Data: Debian's package dataset-fashion-mnist (gzipped IDX files in
   /usr/share/datasets/fashion-mnist). mlp.h reads no gzip: `make
   fashion-data` (and `make report`, which also installs the package when
   run as root) decompresses the four files into build/fashion-mnist/. The
   program reads them from the folder named by MLP_FASHION_DIR, or
   build/fashion-mnist (relative to the current directory: run it from the
   repository's root) when that is not set. Without the files it stops
   with a message saying what to install or to run, and exit status 77
   (the usual "skipped" of test drivers: `make test` reports the chapter as
   skipped, with that message); the self-check (MLP_CHECK_ONLY=1) needs no
   data.

   Float: this chapter defines MLP_REAL as float before including mlp.h.
   mlp.h's float build runs the same code at twice the speed of double (its
   vectors hold twice as many numbers), which is what fits the final
   training into its 30-second budget. Float keeps about 7 significant
   digits: far more than an accuracy measured on 5 000 or 10 000 images
   can show (a step of 1/10 000), and gradients of a mini-batch are noisy
   to the first or second digit anyway.

   Feeds reports/15_capstone.md. Run as `15_capstone OUTDIR` from the
   repository's root: writes steps.tsv, step_curves.tsv, final_curves.tsv,
   confusion.tsv, per_class.tsv, mistakes.tsv, mistakes_labels.tsv and
   results.yaml into OUTDIR. Exact CPU times go to stdout only (the report
   must be the same bytes on every build). With MLP_QUICK=1 the steps train
   on 4 000 images and the final model on 10 000, for fewer epochs. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#define MLP_REAL float           /* see "Float" above */
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED 15
#define N_CLASSES 10
#define N_PIXELS 784        /* 28 x 28 */
#define N_VAL 5000          /* training images held out for validation */
#define N_STEP 20000        /* the steps of the table train on this many training images */
#define N_STEP_QUICK 4000
#define N_FINAL_QUICK 10000 /* quick mode: the final model trains on this many (full mode: all 55 000) */
#define N_SAMPLE 5000       /* training images scored after every epoch, for the learning curves */
#define HIDDEN1 256         /* the MLP: 784 -> HIDDEN1 -> HIDDEN2 -> 10 */
#define HIDDEN2 128
#define BATCH 64
#define LR_SGD 0.1
#define LR_ADAM 1e-3
#define WARMUP 1            /* epochs of linear warm-up before the cosine */
#define DROPOUT 0.2         /* on both hidden layers */
#define PATIENCE 5          /* early stopping: epochs without a better validation accuracy */
#define SMALL_INIT_SD 0.01  /* the "small random numbers" the MLP starts from before He initialization */
#define STEP_EPOCHS 5       /* each step of the table (quick mode: STEP_EPOCHS_QUICK) */
#define STEP_EPOCHS_QUICK 3
#define FINAL_EPOCHS 20     /* the final model, at most */
#define FINAL_EPOCHS_QUICK 4
#define FINAL_BATCH 128     /* the final model's mini-batches ... */
#define FINAL_LR_ADAM 2e-3  /* ... and Adam's rate for them (twice the batch, twice the rate) */
#define SHIFT_FRACTION 0.5  /* the final model: every epoch, this share of the training images moves by one pixel */
#define BUDGET_SECONDS 30   /* the final model's training, CPU time on one core */
#define TARGET_ACC 0.90     /* the test accuracy the chapter aims at within that budget */
#define N_MISTAKES 24       /* the report's grid of misclassified test images: 4 x 6 */
#define MAX_EPOCHS 64

static const char *class_name[N_CLASSES] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                            "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
/* The same as YAML keys. */
static const char *class_key[N_CLASSES] = {"tshirt", "trouser", "pullover", "dress", "coat",
                                           "sandal", "shirt",   "sneaker",  "bag",   "boot"};

/* CPU time of this process, in seconds: what the budget is about. Wall
   time would count the other programs of a shared machine too. */
static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- the data ----------------------------------------------------------- */

#ifndef FASHION_PACKAGE_DIR /* where the package puts the gzipped files (-D to try the message without it) */
#define FASHION_PACKAGE_DIR "/usr/share/datasets/fashion-mnist"
#endif
#define FASHION_DEFAULT_DIR "build/fashion-mnist"
#define DATA_MISSING 77 /* exit status without the data: "skipped" to a test driver */

typedef struct dataset {
    mlp_split split;            /* owns the 55 000 training and 5 000 validation images */
    mlp_mat X_train, Y_train;   /* views: the images the final model trains on (all, or the quick subset) */
    mlp_mat X_step, Y_step;     /* views: the first N_STEP of them, on which every step of the table trains */
    mlp_mat X_val, Y_val;       /* views of split's validation part: every decision is made on them */
    mlp_mat X_sample, Y_sample; /* views: the first N_SAMPLE training images, scored for the curves */
    mlp_mat X_test, labels_test; /* 10 000 test images and their classes: read once, at the end */
    unsigned char *pixels;      /* X_train's images as read, 0..255, for the shifted copies (shift_images) */
    mlp_mat X_shifted;          /* X_train's size: this epoch's shifted copy, standardized */
    mlp_scaler scaler;          /* fitted on X_train only */
} dataset;

/* Reads the four IDX files from dir; on failure says what is missing and
   how to get it, and stops. */
static void load_fashion(const char *dir, mlp_mat *X, mlp_mat *labels, mlp_mat *X_test, mlp_mat *labels_test)
{
    static const char *file[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                  "t10k-labels-idx1-ubyte"};
    char path[4][1024];
    FILE *f;
    int k;
    for (k = 0; k < 4; k++)
        if (snprintf(path[k], sizeof path[k], "%s/%s", dir, file[k]) >= (int)sizeof path[k])
            course_die("the data folder's name is too long: %s", dir);
    if (mlp_idx_load_images(X, path[0]) == MLP_OK && mlp_idx_load_labels(labels, path[1], N_CLASSES) == MLP_OK &&
        mlp_idx_load_images(X_test, path[2]) == MLP_OK &&
        mlp_idx_load_labels(labels_test, path[3], N_CLASSES) == MLP_OK)
        return;
    /* The first line says it all (`make test` shows it as the reason for
       the skip); the lines after it say how to fix it. */
    f = fopen(FASHION_PACKAGE_DIR "/train-images-idx3-ubyte.gz", "rb");
    if (!f)
        fprintf(stderr, "15_capstone: needs Fashion-MNIST: install the Debian package dataset-fashion-mnist\n"
                        "  as root: apt-get install -y --no-install-recommends dataset-fashion-mnist\n"
                        "  then run `make fashion-data` (or `make report`, which does both when run as root).\n"
                        "  (%s)\n", mlp_last_error());
    else
        fprintf(stderr, "15_capstone: needs Fashion-MNIST decompressed: run `make fashion-data`\n"
                        "  (cannot read it from %s: %s)\n"
                        "  The package dataset-fashion-mnist is installed, but its files are gzipped and mlp.h reads\n"
                        "  no gzip: `make fashion-data`, from the repository's root, decompresses them into\n"
                        "  " FASHION_DEFAULT_DIR "/; or set MLP_FASHION_DIR to a folder holding the four files.\n",
                dir, mlp_last_error());
    if (f) fclose(f);
    exit(DATA_MISSING);
}

/* The split and the views. The training images are shuffled by the split,
   so the quick subset and the curves' sample are random images too. */
static void prepare(dataset *d, const char *dir, mlp_rng *rng)
{
    mlp_mat X = {0}, labels = {0}, Y = {0};
    int n_train, n_step;
    size_t k;
    memset(d, 0, sizeof *d);
    load_fashion(dir, &X, &labels, &d->X_test, &d->labels_test);
    course_ok(mlp_one_hot(&Y, &labels, N_CLASSES), "mlp_one_hot");
    course_ok(mlp_split_data(&d->split, &X, &Y, (mlp_real)N_VAL / (mlp_real)X.rows, 0, rng), "mlp_split_data");
    mlp_mat_free(&X), mlp_mat_free(&labels), mlp_mat_free(&Y);
    n_train = course_pick(N_FINAL_QUICK, d->split.X_train.rows);
    n_step = course_pick(N_STEP_QUICK, N_STEP);
    d->X_train = mlp_mat_view(n_train, N_PIXELS, d->split.X_train.data);
    d->Y_train = mlp_mat_view(n_train, N_CLASSES, d->split.Y_train.data);
    d->X_step = mlp_mat_view(n_step, N_PIXELS, d->split.X_train.data);
    d->Y_step = mlp_mat_view(n_step, N_CLASSES, d->split.Y_train.data);
    d->X_val = mlp_mat_view(d->split.X_val.rows, N_PIXELS, d->split.X_val.data);
    d->Y_val = mlp_mat_view(d->split.Y_val.rows, N_CLASSES, d->split.Y_val.data);
    d->X_sample = mlp_mat_view(N_SAMPLE, N_PIXELS, d->split.X_train.data);
    d->Y_sample = mlp_mat_view(N_SAMPLE, N_CLASSES, d->split.Y_train.data);
    /* the final model's images as bytes (the IDX file's k / 255, read back
       exactly), kept for the shifted copies of every epoch */
    d->pixels = (unsigned char *)malloc((size_t)n_train * N_PIXELS);
    if (!d->pixels) course_die("out of memory");
    for (k = 0; k < (size_t)n_train * N_PIXELS; k++) d->pixels[k] = (unsigned char)floor(255 * (double)d->X_train.data[k] + 0.5);
    course_ok(mlp_mat_init(&d->X_shifted, n_train, N_PIXELS), "mlp_mat_init");
}

/* Standardization: every pixel minus its mean, over its standard deviation,
   both measured on the TRAINING images only and then applied unchanged to
   the validation and test images (which must look like the data the network
   was trained on, and must not leak into any choice). In place. */
static void standardize(dataset *d)
{
    course_ok(mlp_scaler_fit(&d->scaler, &d->X_train), "mlp_scaler_fit");
    course_ok(mlp_scaler_apply(&d->scaler, &d->split.X_train, &d->split.X_train), "mlp_scaler_apply");
    course_ok(mlp_scaler_apply(&d->scaler, &d->split.X_val, &d->split.X_val), "mlp_scaler_apply");
    course_ok(mlp_scaler_apply(&d->scaler, &d->X_test, &d->X_test), "mlp_scaler_apply");
}

static void dataset_free(dataset *d)
{
    mlp_split_free(&d->split);
    mlp_mat_free(&d->X_test), mlp_mat_free(&d->labels_test);
    mlp_scaler_free(&d->scaler);
    free(d->pixels);
    mlp_mat_free(&d->X_shifted);
}

/* Augmentation: a new copy of the training images for every epoch, in which
   a share `fraction` of them, drawn at random, moves by one pixel in one of
   the eight directions (dx, dy in -1..1, not both 0; the pixels that come in
   at the edge are white, 0), the others stay where they are; then
   standardized like every image. A T-shirt one pixel to the left is still a
   T-shirt, but to a multi-layer perceptron, whose weights belong to fixed
   pixels, it is a new image: more images to learn from, for the cost of a
   copy. Writes d->X_shifted from d->pixels. */
static void shift_images(dataset *d, double fraction, mlp_rng *rng)
{
    int i, x, y, n = d->X_shifted.rows;
    for (i = 0; i < n; i++) {
        const unsigned char *a = d->pixels + (size_t)i * N_PIXELS;
        mlp_real *b = d->X_shifted.data + (size_t)i * N_PIXELS;
        int dx = 0, dy = 0;
        if (mlp_rng_uniform(rng) < fraction) {
            int k = mlp_rng_below(rng, 8); /* one of the 8 neighbours: k = 4 would be (0, 0) */
            k += k >= 4;
            dx = k % 3 - 1, dy = k / 3 - 1;
        }
        for (y = 0; y < 28; y++)
            for (x = 0; x < 28; x++) {
                int sx = x - dx, sy = y - dy;
                b[y * 28 + x] = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? (mlp_real)a[sy * 28 + sx] / 255 : 0;
            }
    }
    course_ok(mlp_scaler_apply(&d->scaler, &d->X_shifted, &d->X_shifted), "mlp_scaler_apply");
}

/* ---- a recipe: what each step of the table changes ---------------------- */

typedef struct recipe {
    const char *id;        /* YAML key prefix */
    const char *change;    /* what this step adds, for the table */
    const char *chapter;   /* where the course teaches it */
    int hidden;            /* 0: softmax regression 784 -> 10; 1: 784 -> HIDDEN1 -> HIDDEN2 -> 10, ReLU */
    int standardized;      /* inputs standardized (1) or raw pixels in [0, 1] (0) */
    int he_init;           /* MLP_INIT_AUTO (He before ReLU, Xavier before softmax) or N(0, SMALL_INIT_SD^2) */
    int adam;              /* Adam (LR_ADAM) or plain SGD (LR_SGD) */
    int cosine;            /* warm-up + cosine schedule, or a constant rate */
    double dropout;        /* on each hidden layer */
    int patience;          /* early stopping on the validation accuracy (0: none) */
    int batch;             /* mini-batch size (0: BATCH) */
    double lr_adam;        /* Adam's rate (0: LR_ADAM) */
    double shift;          /* share of the images shifted by a pixel every epoch (0: none; see shift_images) */
} recipe;

#define N_STEPS 7 /* the chain of steps, each the one before plus one change */
#define N_ROWS 8  /* ... and one control row: step 5 with SGD in place of Adam */

/* The steps, each the one before plus one change, then the control. */
static void make_steps(recipe *s)
{
    recipe r;
    memset(&r, 0, sizeof r);
    r.id = "baseline", r.change = "softmax regression, raw pixels, SGD", r.chapter = "02";
    s[0] = r;
    r.id = "standardized", r.change = "standardized inputs", r.chapter = "here", r.standardized = 1;
    s[1] = r;
    r.id = "mlp", r.change = "two hidden ReLU layers, weights N(0, 0.01^2)", r.chapter = "03, 04", r.hidden = 1;
    s[2] = r;
    r.id = "he", r.change = "He initialization", r.chapter = "07", r.he_init = 1;
    s[3] = r;
    r.id = "adam", r.change = "Adam", r.chapter = "08", r.adam = 1;
    s[4] = r;
    r.id = "cosine", r.change = "warm-up and cosine schedule", r.chapter = "09", r.cosine = 1;
    s[5] = r;
    r.id = "dropout", r.change = "dropout", r.chapter = "11", r.dropout = DROPOUT;
    s[6] = r;
    /* The slides (D) hold that plain SGD with a schedule gives the best
       results: step 5 again, with SGD instead of Adam. */
    r = s[5];
    r.id = "sgd_cosine", r.change = "step 5 with SGD in place of Adam", r.chapter = "08, 09", r.adam = 0;
    s[7] = r;
}

/* Builds and initializes the recipe's network. */
static void build(mlp_net *net, const recipe *r, mlp_rng *rng)
{
    int l;
    course_ok(mlp_net_new(net, N_PIXELS, MLP_CROSS_ENTROPY), "mlp_net_new");
    if (r->hidden) course_ok(mlp_net_add(net, HIDDEN1, MLP_RELU) || mlp_net_add(net, HIDDEN2, MLP_RELU), "mlp_net_add");
    course_ok(mlp_net_add(net, N_CLASSES, MLP_SOFTMAX), "mlp_net_add");
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        if (!r->he_init) layer->init = MLP_INIT_NORMAL, layer->init_a = (mlp_real)SMALL_INIT_SD;
        if (l < net->n_layers - 1) layer->dropout = (mlp_real)r->dropout;
    }
    course_ok(mlp_net_initialize(net, rng), "mlp_net_initialize");
}

/* Multiply-adds of one training epoch in the three products of the dense
   layers (chapter 04): per image, X W forward, X^T dZ for dW, and dZ W^T
   for every layer but the first (whose dX nobody needs). Biases, the
   activations and the optimizer are left out: together under 1 %. */
static double epoch_macs(const mlp_net *net, int n_images)
{
    double per_image = 0;
    int l;
    for (l = 0; l < net->n_layers; l++) {
        double w = (double)net->layers[l].n_in * net->layers[l].n_out;
        per_image += (l > 0 ? 3 : 2) * w;
    }
    return per_image * n_images;
}

/* What one training run leaves behind. */
typedef struct run {
    int epochs_run, best_epoch, stopped_early;
    double val_acc;         /* of the model returned: the best epoch's with early stopping, else the last */
    double last_val_acc;    /* of the last epoch run (what the model would be without early stopping) */
    double first_loss;      /* mean training loss of the first epoch */
    double seconds;         /* CPU time of training and of the validation scoring it needs (not of the curves) */
    double macs;            /* multiply-adds of training (epoch_macs) */
    double lr[MAX_EPOCHS], train_loss[MAX_EPOCHS], val_loss[MAX_EPOCHS], val_acc_at[MAX_EPOCHS];
    double sample_loss[MAX_EPOCHS], sample_acc[MAX_EPOCHS]; /* with curves only */
} run;

/* Accuracy of net on (X, Y), in evaluation mode; P is scratch. */
static double accuracy(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_mat *P)
{
    course_ok(mlp_predict(net, X, P), "mlp_predict");
    return (double)mlp_accuracy(P, Y);
}

/* Trains a fresh network by recipe r for at most `epochs` epochs on the
   training images (X, Y), scoring the validation images after every epoch. With
   r->patience > 0 it stops when the validation accuracy has not improved
   for that many epochs and puts back the weights of the best epoch (the
   same bookkeeping as mlp_fit, which watches the validation loss instead:
   here the accuracy is what the table compares). With curves = 1 it also
   scores N_SAMPLE training images after every epoch, in evaluation mode
   like the validation images, for a fair train/validation comparison. */
static void train(mlp_net *net, const recipe *r, dataset *d, const mlp_mat *X, const mlp_mat *Y, int epochs,
                  unsigned long long seed, int curves, run *out)
{
    mlp_rng rng;
    mlp_optim opt = r->adam ? mlp_adam((mlp_real)(r->lr_adam > 0 ? r->lr_adam : LR_ADAM)) : mlp_sgd((mlp_real)LR_SGD);
    int batch = r->batch > 0 ? r->batch : BATCH;
    mlp_schedule schedule = r->cosine ? mlp_schedule_cosine(epochs - WARMUP, 0) : mlp_schedule_constant();
    mlp_real base_lr = opt.lr, loss;
    mlp_mat best[6], P = {0};
    int e, l, wait = 0;
    double t0 = cpu_seconds(), t_curves = 0;

    if (epochs > MAX_EPOCHS) course_die("at most %d epochs", MAX_EPOCHS);
    memset(out, 0, sizeof *out);
    memset(best, 0, sizeof best);
    if (r->cosine) schedule.warmup = WARMUP;
    /* Every step starts from the same seed: the same shuffling of the
       batches, and the same draws for the weights where the shapes agree,
       so the table compares recipes rather than luck. */
    mlp_rng_seed(&rng, seed);
    build(net, r, &rng);
    out->val_acc = -1;
    for (e = 0; e < epochs; e++) {
        double val_acc;
        opt.lr = mlp_schedule_lr(&schedule, base_lr, e);
        if (r->shift > 0) { /* this epoch's shifted copy of the images (the final model's only) */
            if (X->data != d->X_train.data || X->rows != d->X_shifted.rows) course_die("shift_images: the final model's images only");
            shift_images(d, r->shift, &rng);
            course_ok(mlp_train_epoch(net, &opt, &d->X_shifted, Y, batch, &rng, &loss), "mlp_train_epoch");
        } else
            course_ok(mlp_train_epoch(net, &opt, X, Y, batch, &rng, &loss), "mlp_train_epoch");
        out->lr[e] = (double)opt.lr;
        out->train_loss[e] = (double)loss;
        course_ok(mlp_evaluate(net, &d->X_val, &d->Y_val, &loss), "mlp_evaluate");
        out->val_loss[e] = (double)loss;
        val_acc = out->val_acc_at[e] = accuracy(net, &d->X_val, &d->Y_val, &P);
        out->last_val_acc = val_acc;
        if (curves) { /* for the report only: not part of the budget */
            double t = cpu_seconds();
            course_ok(mlp_evaluate(net, &d->X_sample, &d->Y_sample, &loss), "mlp_evaluate");
            out->sample_loss[e] = (double)loss;
            out->sample_acc[e] = accuracy(net, &d->X_sample, &d->Y_sample, &P);
            t_curves += cpu_seconds() - t;
        }
        out->epochs_run = e + 1;
        course_progress("%-14s epoch %2d of %2d: validation accuracy %.4f", r->id, e + 1, epochs, val_acc);
        if (r->patience == 0) { /* no early stopping: the model is the last epoch's */
            out->val_acc = val_acc, out->best_epoch = e + 1;
            continue;
        }
        if (val_acc > out->val_acc) { /* a new best: remember its weights */
            out->val_acc = val_acc, out->best_epoch = e + 1, wait = 0;
            for (l = 0; l < net->n_layers; l++)
                course_ok(mlp_mat_copy(&best[2 * l], &net->layers[l].W) || mlp_mat_copy(&best[2 * l + 1], &net->layers[l].b),
                          "mlp_mat_copy");
        } else if (++wait >= r->patience) {
            out->stopped_early = 1;
            break;
        }
    }
    if (r->patience > 0 && out->best_epoch < out->epochs_run) /* put the best epoch's weights back */
        for (l = 0; l < net->n_layers; l++)
            course_ok(mlp_mat_copy(&net->layers[l].W, &best[2 * l]) || mlp_mat_copy(&net->layers[l].b, &best[2 * l + 1]),
                      "mlp_mat_copy");
    out->first_loss = out->train_loss[0];
    out->macs = epoch_macs(net, X->rows) * out->epochs_run;
    out->seconds = cpu_seconds() - t0 - t_curves;
    for (l = 0; l < 6; l++) mlp_mat_free(&best[l]);
    mlp_mat_free(&P);
}

/* ---- the scale at initialization (chapter 07) ------------------------------
   A layer Z = X W + b with zero biases and weights of variance s^2 drawn
   independently of X gives E[z_j^2] = n_in s^2 E[x^2] (the expectation
   over the draws of W), and after a ReLU, whose input is then symmetric
   about 0, E[a^2] = E[z^2] / 2. From the mean square q of the input pixels,
   the mean square of each layer's Z is therefore a product of one factor
   per layer:  n_0 s_1^2 q  for the first,  n_(l-1) s_l^2 / 2  for each
   later one. He initialization draws s^2 = 2 / n_in before a ReLU, so those
   factors are 2 q and 1; mlp.h's default for the softmax layer is Xavier's
   uniform, s^2 = 2 / (n_in + n_out). These are expectations over the
   weights: a layer of 10 units (the logits) averages over few draws and
   may land well off, the hidden layers of 256 and 128 units much closer. */
static void predicted_mean_squares(const recipe *r, double q, double *ms)
{
    const int n[4] = {N_PIXELS, HIDDEN1, HIDDEN2, N_CLASSES};
    double m = q;
    int l;
    for (l = 1; l <= 3; l++) {
        double s2 = !r->he_init ? SMALL_INIT_SD * SMALL_INIT_SD
                    : l < 3     ? 2.0 / n[l - 1]
                                : 2.0 / (n[l - 1] + n[l]);
        m = ms[l - 1] = n[l - 1] * s2 * (l == 1 ? m : m / 2);
    }
}

/* The mean square of each layer's Z in recipe r's untrained network (the
   same draws as train() makes) on the images X, and the mean square q of
   those images. */
static void measured_mean_squares(const recipe *r, const mlp_mat *X, unsigned long long seed, double *ms, double *q)
{
    mlp_net net;
    mlp_rng rng;
    double sum;
    size_t k, n;
    int l;
    mlp_rng_seed(&rng, seed);
    build(&net, r, &rng);
    if (!mlp_forward(&net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    for (l = 0; l < net.n_layers; l++) {
        const mlp_mat *Z = &net.layers[l].Z;
        n = (size_t)Z->rows * Z->cols;
        for (sum = 0, k = 0; k < n; k++) sum += (double)Z->data[k] * Z->data[k];
        ms[l] = sum / n;
    }
    n = (size_t)X->rows * X->cols;
    for (sum = 0, k = 0; k < n; k++) sum += (double)X->data[k] * X->data[k];
    *q = sum / n;
    mlp_net_free(&net);
}

/* ---- the test set: read once ---------------------------------------------
   This is the only function that looks at the test images, and main calls
   it once, for the final model, after every choice has been made on the
   validation images. It counts its calls so that the run can check it. */
static int test_set_reads = 0;

static void predict_test_set_once(mlp_net *final_model, const dataset *d, mlp_mat *P_test)
{
    test_set_reads++;
    course_ok(mlp_predict(final_model, &d->X_test, P_test), "mlp_predict");
}

/* ---- scoring by class ----------------------------------------------------- */

/* From the predicted class of each image (pred, N x 1, e.g. mlp_argmax of
   the network's scores) and its true class (labels, N x 1): the confusion
   matrix C (K x K, allocated by the caller), where C[t][p] counts the
   images of true class t predicted as p (a row per true class: sklearn's
   and mlp_confusion_matrix's layout), and the accuracy of each class,
   per_class[t] = the fraction of the images of class t predicted right,
   C[t][t] over the sum of row t (NaN for a class with no image). */
static void confusion_and_per_class(mlp_mat *C, double *per_class, const mlp_mat *pred, const mlp_mat *labels, int K)
{
    int i, t, p;
    /* BEGIN SOLUTION confusion-per-class: count C[t][p] (t the true class of
       image i, p its predicted class; start from zero), then per_class[t] =
       C[t][t] / (sum over p of C[t][p]) */
    mlp_mat_fill(C, 0);
    for (i = 0; i < pred->rows; i++) {
        t = (int)labels->data[i];
        p = (int)pred->data[i];
        C->data[t * K + p] += 1;
    }
    for (t = 0; t < K; t++) {
        double n_t = 0;
        for (p = 0; p < K; p++) n_t += (double)C->data[t * K + p];
        per_class[t] = n_t > 0 ? (double)C->data[t * K + t] / n_t : NAN;
    }
    /* END SOLUTION; stub: mlp_mat_fill(C, 0); for (t = 0; t < K; t++) per_class[t] = 0; (void)i, (void)p, (void)pred, (void)labels; */
}

/* The self-check of the handout region: ten images of three classes whose
   confusion matrix is lopsided on purpose,
         predicted  0  1  2
       true 0     [ 3  1  0 ]   4 images: accuracy 3/4
       true 1     [ 0  1  2 ]   3 images: 1/3
       true 2     [ 1  0  2 ]   3 images: 2/3
   so that a transposed matrix, or dividing by a column's sum (that would be
   the precision: 3/4, 1/2, 2/4) or by all ten images, gives other numbers.
   The matrix is also compared with mlp_confusion_matrix on the same
   predictions, after a second call on the same C (counts that do not start
   from zero double). Needs no data set. Returns 1 if right. */
static int self_check(void)
{
    static const mlp_real labels_v[10] = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    static const mlp_real pred_v[10] = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
    static const double want_C[9] = {3, 1, 0, 0, 1, 2, 1, 0, 2};
    const double want_acc[3] = {3.0 / 4, 1.0 / 3, 2.0 / 3};
    mlp_real lv[10], pv[10];
    mlp_mat labels, pred, C = {0}, C_lib = {0}, P_onehot = {0};
    double acc[3];
    int k, ok = 1;
    memcpy(lv, labels_v, sizeof lv), memcpy(pv, pred_v, sizeof pv);
    labels = mlp_mat_view(10, 1, lv), pred = mlp_mat_view(10, 1, pv);
    course_ok(mlp_mat_init(&C, 3, 3), "mlp_mat_init");
    /* mlp_confusion_matrix reads scores: one-hot rows of the predictions */
    course_ok(mlp_one_hot(&P_onehot, &pred, 3) || mlp_confusion_matrix(&C_lib, &P_onehot, &labels, 3),
              "mlp_confusion_matrix");
    /* twice on the same C, as the run does (validation, then test): the
       second call must not add to the counts of the first */
    confusion_and_per_class(&C, acc, &pred, &labels, 3);
    confusion_and_per_class(&C, acc, &pred, &labels, 3);
    for (k = 0; k < 9; k++) ok &= (double)C.data[k] == want_C[k] && (double)C_lib.data[k] == want_C[k];
    for (k = 0; k < 3; k++) ok &= fabs(acc[k] - want_acc[k]) < 1e-12;
    if (!ok)
        fprintf(stderr, "15_capstone: FAILED: on the self-check's ten images the confusion matrix is "
                        "[%g %g %g; %g %g %g; %g %g %g] (want [3 1 0; 0 1 2; 1 0 2]) and the accuracy per class "
                        "%.4f %.4f %.4f (want 0.7500 0.3333 0.6667): see TODO(confusion-per-class) in "
                        "exercises/15_capstone.c, confusion_and_per_class\n",
                (double)C.data[0], (double)C.data[1], (double)C.data[2], (double)C.data[3], (double)C.data[4],
                (double)C.data[5], (double)C.data[6], (double)C.data[7], (double)C.data[8], acc[0], acc[1], acc[2]);
    mlp_mat_free(&C), mlp_mat_free(&C_lib), mlp_mat_free(&P_onehot);
    return ok;
}

/* ---- output files ---------------------------------------------------------- */

static void write_steps(const recipe *steps, const run *runs, int n_steps, int step_epochs)
{
    FILE *f = course_open("steps.tsv");
    int s, e;
    fprintf(f, "# step\tid\tval_acc\tbest_epoch\tepochs_run\tmacs\n");
    for (s = 0; s < n_steps; s++)
        fprintf(f, "%d\t%s\t%.17g\t%d\t%d\t%.17g\n", s, steps[s].id, runs[s].val_acc, runs[s].best_epoch,
                runs[s].epochs_run, runs[s].macs);
    course_close(f, "steps.tsv");

    f = course_open("step_curves.tsv");
    fprintf(f, "# epoch");
    for (s = 0; s < n_steps; s++) fprintf(f, "\tval_acc_%s", steps[s].id);
    fprintf(f, "\n");
    for (e = 0; e < step_epochs; e++) {
        fprintf(f, "%d", e + 1);
        for (s = 0; s < n_steps; s++) {
            if (e < runs[s].epochs_run) fprintf(f, "\t%.17g", runs[s].val_acc_at[e]);
            else fprintf(f, "\tNaN"); /* stopped early: gnuplot leaves a gap */
        }
        fprintf(f, "\n");
    }
    course_close(f, "step_curves.tsv");
}

/* The learning curves of the final model, epoch by epoch: the rate, the
   running training loss (mean over the epoch's mini-batches, in training
   mode), and loss and accuracy on N_SAMPLE training images and on the
   validation images, both scored after the epoch in evaluation mode. */
static void write_final_curves(const run *r)
{
    FILE *f = course_open("final_curves.tsv");
    int e;
    fprintf(f, "# epoch\tlr\ttrain_loss_running\ttrain_loss\ttrain_acc\tval_loss\tval_acc\n");
    for (e = 0; e < r->epochs_run; e++)
        fprintf(f, "%d\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", e + 1, r->lr[e], r->train_loss[e], r->sample_loss[e],
                r->sample_acc[e], r->val_loss[e], r->val_acc_at[e]);
    course_close(f, "final_curves.tsv");
}

/* The confusion matrix as x, y, count, fraction of the row, one row of the
   matrix per block (gnuplot's image format). */
static void write_confusion(const mlp_mat *C)
{
    FILE *f = course_open("confusion.tsv");
    int t, p;
    fprintf(f, "# predicted\ttrue\tcount\tfraction_of_true_class\n");
    for (t = 0; t < N_CLASSES; t++) {
        double n_t = 0;
        for (p = 0; p < N_CLASSES; p++) n_t += (double)mlp_mat_get(C, t, p);
        for (p = 0; p < N_CLASSES; p++)
            fprintf(f, "%d\t%d\t%.17g\t%.17g\n", p, t, (double)mlp_mat_get(C, t, p), (double)mlp_mat_get(C, t, p) / n_t);
        fprintf(f, "\n");
    }
    course_close(f, "confusion.tsv");
}

/* A misclassified test image: which, and how sure the network was. */
typedef struct mistake {
    int index, truth, predicted;
    double confidence; /* the softmax output of the predicted class */
} mistake;

/* Most confident first; the image's index breaks ties, so the order is the
   same on every machine. */
static int by_confidence(const void *a, const void *b)
{
    const mistake *x = (const mistake *)a, *y = (const mistake *)b;
    if (x->confidence != y->confidence) return x->confidence < y->confidence ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The N_MISTAKES most confident mistakes on the test set: their pixels, back
   on the [0, 1] scale (mlp_scaler_invert undoes the standardization), 28 x 28
   triples x, y, value per image with two blank lines between images
   (gnuplot's `index`), and their labels in a second file. Returns how many
   test images were misclassified. */
static int write_mistakes(const dataset *d, const mlp_mat *P, const mlp_mat *pred)
{
    mistake *m = (mistake *)malloc((size_t)P->rows * sizeof *m);
    mlp_mat pixels = {0};
    FILE *f, *g;
    int i, n = 0, k, x, y;
    if (!m) course_die("out of memory");
    for (i = 0; i < P->rows; i++) {
        int t = (int)d->labels_test.data[i], p = (int)pred->data[i];
        if (t == p) continue;
        m[n].index = i, m[n].truth = t, m[n].predicted = p;
        m[n].confidence = (double)mlp_mat_get(P, i, p);
        n++;
    }
    qsort(m, (size_t)n, sizeof *m, by_confidence);
    f = course_open("mistakes.tsv");
    g = course_open("mistakes_labels.tsv");
    fprintf(f, "# x\ty\tpixel (0 white .. 1 black in the original); one block per image, most confident mistake first\n");
    fprintf(g, "# panel\ttest_index\ttrue\tpredicted\tconfidence\n");
    for (k = 0; k < N_MISTAKES && k < n; k++) {
        mlp_mat row = mlp_mat_view(1, N_PIXELS, d->X_test.data + (size_t)m[k].index * N_PIXELS);
        course_ok(mlp_scaler_invert(&d->scaler, &pixels, &row), "mlp_scaler_invert");
        if (k > 0) fprintf(f, "\n\n");
        for (y = 0; y < 28; y++)
            for (x = 0; x < 28; x++) fprintf(f, "%d\t%d\t%.17g\n", x, y, (double)pixels.data[y * 28 + x]);
        fprintf(g, "%d\t%d\t%s\t%s\t%.17g\n", k, m[k].index, class_name[m[k].truth], class_name[m[k].predicted],
                m[k].confidence);
    }
    course_close(f, "mistakes.tsv");
    course_close(g, "mistakes_labels.tsv");
    mlp_mat_free(&pixels);
    free(m);
    return n;
}

/* ---- the run ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
    const char *dir;
    recipe steps[N_ROWS], final_recipe;
    static run runs[N_ROWS], final_run; /* static: a few kB each, kept off the stack */
    dataset d;
    mlp_net net, model;
    mlp_mat P_test = {0}, pred = {0}, P_val = {0}, pred_val = {0}, C = {0}, C_val = {0};
    double q, ms_small[3], ms_he[3], pred_small[3], pred_he[3], test_acc, val_se, per_class[N_CLASSES],
        per_class_val[N_CLASSES], t_start = cpu_seconds();
    int s, e, k, step_epochs, final_epochs, worst = 0, best = 0, n_wrong, conf_t = 0, conf_p = 1, min_loss = 0,
                                           use_dropout, in_budget;
    unsigned long long seed;
    mlp_rng rng;
    FILE *f;

    course_start(argc, argv, "15_capstone", "capstone");
    seed = course_seed(SEED);
    step_epochs = course_pick(STEP_EPOCHS_QUICK, STEP_EPOCHS);
    final_epochs = course_pick(FINAL_EPOCHS_QUICK, FINAL_EPOCHS);

    /* ---- self-check (see self_check); MLP_CHECK_ONLY=1 stops after it ---- */
    if (!self_check()) return 1;
    if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
        printf("15_capstone: self-check passed\n");
        return 0;
    }

    /* ---- the data: 55 000 training and 5 000 validation images; the test
       images wait until the end ---- */
    dir = getenv("MLP_FASHION_DIR");
    if (!dir || !*dir) dir = FASHION_DEFAULT_DIR;
    mlp_rng_seed(&rng, seed);
    prepare(&d, dir, &rng);
    printf("15_capstone: %d training images (the steps train on %d, the final model on %d), %d validation, "
           "%d test, loaded in %.1f s of CPU time\n",
           d.split.X_train.rows, d.X_step.rows, d.X_train.rows, d.X_val.rows, d.X_test.rows, cpu_seconds() - t_start);

    /* ---- the steps: each adds one thing to the one before; every gain is
       measured on the validation images ---- */
    make_steps(steps);
    for (s = 0; s < N_ROWS; s++) {
        if (steps[s].standardized && !(s > 0 && steps[s - 1].standardized)) standardize(&d);
        train(&net, &steps[s], &d, &d.X_step, &d.Y_step, step_epochs, seed + 1000, 0, &runs[s]);
        course_progress_done();
        printf("  step %d %-13s validation accuracy %.4f, %6.2f s CPU, %.3g multiply-adds\n", s, steps[s].id,
               runs[s].val_acc, runs[s].seconds, runs[s].macs);
        mlp_net_free(&net);
    }
    write_steps(steps, runs, N_ROWS, step_epochs);

    /* ---- the scale of each layer at initialization, measured and predicted ---- */
    measured_mean_squares(&steps[2], &d.X_val, seed + 1000, ms_small, &q);
    measured_mean_squares(&steps[3], &d.X_val, seed + 1000, ms_he, &q);
    predicted_mean_squares(&steps[2], q, pred_small);
    predicted_mean_squares(&steps[3], q, pred_he);
    for (k = 0; k < 3; k++)
        printf("  layer %d at initialization: rms of Z %.3g (predicted %.3g) with N(0, %g^2), %.3g (predicted %.3g) with He\n",
               k + 1, sqrt(ms_small[k]), sqrt(pred_small[k]), SMALL_INIT_SD, sqrt(ms_he[k]), sqrt(pred_he[k]));

    /* ---- the final model: the chain's recipe, with dropout only if the
       table (the validation images) says it helps, and early stopping; all
       training images, the final budget, timed ---- */
    /* The table's dropout row is measured without shifted images: with
       them (SHIFT_FRACTION > 0), the final model's regularizer, dropout
       cost validation accuracy in the seed study (see the claims). */
    use_dropout = SHIFT_FRACTION == 0 && runs[N_STEPS - 1].val_acc > runs[N_STEPS - 2].val_acc;
    final_recipe = steps[use_dropout ? N_STEPS - 1 : N_STEPS - 2];
    final_recipe.id = "final", final_recipe.patience = PATIENCE;
    final_recipe.batch = FINAL_BATCH, final_recipe.lr_adam = FINAL_LR_ADAM, final_recipe.shift = SHIFT_FRACTION;
    train(&model, &final_recipe, &d, &d.X_train, &d.Y_train, final_epochs, seed + 2000, 1, &final_run);
    course_progress_done();
    in_budget = final_run.seconds < BUDGET_SECONDS;
    printf("  final model (%s dropout): validation accuracy %.4f (best epoch %d of %d run), %.2f s CPU for training "
           "(budget %d s)\n", use_dropout ? "with" : "without", final_run.val_acc, final_run.best_epoch,
           final_run.epochs_run, final_run.seconds, BUDGET_SECONDS);
    write_final_curves(&final_run);

    /* ---- the test set, once ---- */
    predict_test_set_once(&model, &d, &P_test);
    test_acc = (double)mlp_accuracy(&P_test, &d.labels_test);
    course_ok(mlp_argmax(&pred, &P_test), "mlp_argmax");
    course_ok(mlp_mat_init(&C, N_CLASSES, N_CLASSES), "mlp_mat_init");
    confusion_and_per_class(&C, per_class, &pred, &d.labels_test, N_CLASSES);
    /* the same by class on the validation images, for comparison */
    course_ok(mlp_predict(&model, &d.X_val, &P_val) || mlp_argmax(&pred_val, &P_val), "mlp_predict");
    {
        mlp_mat labels_val = {0};
        course_ok(mlp_argmax(&labels_val, &d.Y_val) || mlp_mat_init(&C_val, N_CLASSES, N_CLASSES), "mlp_argmax");
        confusion_and_per_class(&C_val, per_class_val, &pred_val, &labels_val, N_CLASSES);
        mlp_mat_free(&labels_val);
    }
    write_confusion(&C);
    n_wrong = write_mistakes(&d, &P_test, &pred);
    for (k = 0; k < N_CLASSES; k++) {
        int p;
        if (per_class[k] < per_class[worst]) worst = k;
        if (per_class[k] > per_class[best]) best = k;
        for (p = 0; p < N_CLASSES; p++)
            if (p != k && mlp_mat_get(&C, k, p) > mlp_mat_get(&C, conf_t, conf_p)) conf_t = k, conf_p = p;
    }
    f = course_open("per_class.tsv");
    fprintf(f, "# class\tname\ttest_acc\tval_acc\n");
    for (k = 0; k < N_CLASSES; k++)
        fprintf(f, "%d\t%s\t%.17g\t%.17g\n", k, class_name[k], per_class[k], per_class_val[k]);
    course_close(f, "per_class.tsv");
    printf("  test accuracy %.4f (%d of %d test images wrong); the whole run took %.1f s of CPU time\n", test_acc,
           n_wrong, d.X_test.rows, cpu_seconds() - t_start);

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("n_train_all", "%d", d.split.X_train.rows + d.X_val.rows);
    course_put("n_images", "%d", d.split.X_train.rows + d.X_val.rows + d.X_test.rows);
    {
        /* images per class: in the 60 000 (training + validation) and in the test set */
        double n_class[2][N_CLASSES];
        int i, j;
        memset(n_class, 0, sizeof n_class);
        for (i = 0; i < d.split.Y_train.rows; i++)
            for (j = 0; j < N_CLASSES; j++) n_class[0][j] += (double)mlp_mat_get(&d.split.Y_train, i, j);
        for (i = 0; i < d.split.Y_val.rows; i++)
            for (j = 0; j < N_CLASSES; j++) n_class[0][j] += (double)mlp_mat_get(&d.split.Y_val, i, j);
        for (i = 0; i < N_CLASSES; i++)
            for (j = 0; j < N_CLASSES; j++) n_class[1][i] += (double)mlp_mat_get(&C, i, j);
        for (i = 0; i < 2; i++) {
            double lo = n_class[i][0], hi = n_class[i][0];
            for (j = 1; j < N_CLASSES; j++) lo = n_class[i][j] < lo ? n_class[i][j] : lo, hi = n_class[i][j] > hi ? n_class[i][j] : hi;
            if (lo == hi) course_put(i ? "n_test_per_class" : "n_train_per_class", "%.0f", lo);
            else course_put(i ? "n_test_per_class" : "n_train_per_class", "%.0f to %.0f", lo, hi);
        }
    }
    course_put("target_acc", "%.2f", TARGET_ACC);
    course_put("n_train", "%d", d.X_train.rows);
    course_put("n_step", "%d", d.X_step.rows);
    course_put("n_val", "%d", d.X_val.rows);
    course_put("n_test", "%d", d.X_test.rows);
    course_put("n_sample", "%d", N_SAMPLE);
    course_put("hidden1", "%d", HIDDEN1);
    course_put("hidden2", "%d", HIDDEN2);
    course_put("batch", "%d", BATCH);
    course_put("lr_sgd", "%g", LR_SGD);
    course_put("lr_adam", "%g", LR_ADAM);
    course_put("final_batch", "%d", FINAL_BATCH);
    course_put("final_lr_adam", "%g", FINAL_LR_ADAM);
    course_put("shift_percent", "%.0f", 100 * SHIFT_FRACTION);
    course_put("warmup", "%d", WARMUP);
    course_put("dropout", "%g", DROPOUT);
    course_put("patience", "%d", PATIENCE);
    course_put("small_init_sd", "%g", SMALL_INIT_SD);
    course_put("step_epochs", "%d", step_epochs);
    course_put("final_epochs", "%d", final_epochs);
    course_put("budget_seconds", "%d", BUDGET_SECONDS);
    /* One standard error of an accuracy near 0.9 measured on the validation
       images, sqrt(p (1 - p) / n): a step's gain smaller than about twice
       this is within what another draw of 5 000 images could change. */
    val_se = sqrt(runs[N_STEPS - 2].val_acc * (1 - runs[N_STEPS - 2].val_acc) / d.X_val.rows);
    course_put("val_se", "%.4f", val_se);
    course_put("val_2se", "%.4f", 2 * val_se);
    for (s = 0; s < N_ROWS; s++) {
        char key[64];
        snprintf(key, sizeof key, "val_%s", steps[s].id);
        course_put(key, "%.4f", runs[s].val_acc);
        snprintf(key, sizeof key, "gain_%s", steps[s].id); /* over the step before; the control over step 5 */
        if (s > 0) course_put(key, "%+.4f", runs[s].val_acc - runs[s < N_STEPS ? s - 1 : 5].val_acc);
        snprintf(key, sizeof key, "verdict_%s", steps[s].id); /* the gain against the noise of the validation images */
        if (s > 0) {
            double gain = runs[s].val_acc - runs[s < N_STEPS ? s - 1 : 5].val_acc;
            course_put(key, "%s", gain > 2 * val_se    ? "a gain larger than the noise"
                                  : gain < -2 * val_se ? "a loss larger than the noise"
                                                       : "within the noise");
        }
        snprintf(key, sizeof key, "gmacs_%s", steps[s].id);
        course_put(key, "%.1f", runs[s].macs / 1e9);
        snprintf(key, sizeof key, "first_loss_%s", steps[s].id);
        course_put(key, "%.3f", runs[s].first_loss);
    }
    course_put("input_mean_square", "%.3f", q);
    for (k = 0; k < 3; k++) { /* root mean squares of Z, layer by layer */
        char key[64];
        snprintf(key, sizeof key, "rms_small_%d", k + 1);
        course_put(key, "%.2g", sqrt(ms_small[k]));
        snprintf(key, sizeof key, "rms_small_predicted_%d", k + 1);
        course_put(key, "%.2g", sqrt(pred_small[k]));
        snprintf(key, sizeof key, "rms_he_%d", k + 1);
        course_put(key, "%.2f", sqrt(ms_he[k]));
        snprintf(key, sizeof key, "rms_he_predicted_%d", k + 1);
        course_put(key, "%.2f", sqrt(pred_he[k]));
    }
    course_put("ln10", "%.3f", log(10.0));
    course_put("macs_image_linear", "%.0f", (double)N_PIXELS * N_CLASSES * 2);
    course_put("macs_image_mlp", "%.0f",
               2.0 * ((double)N_PIXELS * HIDDEN1 + (double)HIDDEN1 * HIDDEN2 + (double)HIDDEN2 * N_CLASSES) +
                   (double)HIDDEN1 * HIDDEN2 + (double)HIDDEN2 * N_CLASSES);
    course_put("params_linear", "%ld", (long)(N_PIXELS + 1) * N_CLASSES);
    course_put("params_mlp", "%ld", (long)(N_PIXELS + 1) * HIDDEN1 + (long)(HIDDEN1 + 1) * HIDDEN2 +
                                        (long)(HIDDEN2 + 1) * N_CLASSES);
    /* the final model */
    for (e = 0; e < final_run.epochs_run; e++)
        if (final_run.val_loss[e] < final_run.val_loss[min_loss]) min_loss = e;
    course_put("final_dropout", "%s", use_dropout ? "with dropout" : "without dropout");
    course_put("final_val_acc", "%.4f", final_run.val_acc);
    course_put("final_last_val_acc", "%.4f", final_run.last_val_acc);
    course_put("gain_early", "%+.4f", final_run.val_acc - final_run.last_val_acc);
    course_put("final_stopped", "%s", final_run.stopped_early ? "stopped early" : "did not stop early");
    course_put("final_best_epoch", "%d", final_run.best_epoch);
    course_put("final_epochs_run", "%d", final_run.epochs_run);
    course_put("final_gmacs", "%.0f", final_run.macs / 1e9);
    course_put("final_train_acc", "%.4f", final_run.sample_acc[final_run.best_epoch - 1]);
    course_put("final_gap", "%.4f", final_run.sample_acc[final_run.best_epoch - 1] - final_run.val_acc);
    course_put("final_train_loss", "%.3f", final_run.sample_loss[final_run.best_epoch - 1]);
    course_put("final_val_loss", "%.3f", final_run.val_loss[final_run.best_epoch - 1]);
    course_put("min_val_loss_epoch", "%d", min_loss + 1);
    course_put("min_val_loss", "%.3f", final_run.val_loss[min_loss]);
    course_put("last_val_loss", "%.3f", final_run.val_loss[final_run.epochs_run - 1]);
    course_put("gain_total", "%+.4f", final_run.val_acc - runs[0].val_acc);
    course_put("test_acc", "%.4f", test_acc);
    course_put("test_err", "%.4f", 1 - test_acc);
    course_put("test_se", "%.4f", sqrt(test_acc * (1 - test_acc) / d.X_test.rows));
    course_put("val_test_gap", "%+.4f", final_run.val_acc - test_acc);
    course_put("target_met", "%s", test_acc >= TARGET_ACC ? "reaches" : "falls short of");
    course_put("n_wrong", "%d", n_wrong);
    course_put("n_mistakes_shown", "%d", N_MISTAKES);
    for (k = 0; k < N_CLASSES; k++) {
        char key[64];
        snprintf(key, sizeof key, "test_acc_%s", class_key[k]);
        course_put(key, "%.3f", per_class[k]);
        snprintf(key, sizeof key, "val_acc_%s", class_key[k]);
        course_put(key, "%.3f", per_class_val[k]);
    }
    course_put("worst_class", "%s", class_name[worst]);
    course_put("worst_class_acc", "%.3f", per_class[worst]);
    course_put("best_class", "%s", class_name[best]);
    course_put("best_class_acc", "%.3f", per_class[best]);
    course_put("confused_true", "%s", class_name[conf_t]);
    course_put("confused_pred", "%s", class_name[conf_p]);
    course_put("confused_count", "%.0f", (double)mlp_mat_get(&C, conf_t, conf_p));

    /* ---- claims ----
       Bounds from tools/seeds.sh 15_capstone over seeds 1..8 (full) and
       1..10 (quick), with the values observed as [min, max]:
       - test_used_once: counted, exactly 1.
       - baseline_learns: validation accuracy of softmax regression, full
         [0.782, 0.851], quick [0.716, 0.799]; chance is 0.1, bound 0.5.
       - final_over_baseline: full [0.059, 0.118], quick [0.062, 0.146];
         bound 0.03, half the smallest.
       - scale_small, scale_he: measured over predicted rms of the second
         hidden layer, [0.939, 1.03] in every run (the two are equal: He
         draws the same normal numbers, scaled, and a ReLU network's
         activations scale with its weights); bound [0.8, 1.25].
       - he_first_epoch: first-epoch loss ratio, full [0.491, 0.515], quick
         [0.337, 0.377]; bound 0.7.
       - test_learns: test accuracy, quick [0.850, 0.860] (with the shifted
         images and batches of 128, seeds 1..10); bound 0.8.
       Full run only:
       - cosine_pays: gain of the schedule, full [0.0088, 0.0224] (quick
         [-0.006, 0.017]: three epochs on 4 000 images are too few to
         tell); bound 0.
       - test_accuracy: with the shifted images, batches of 128 and 20
         epochs, seeds 1..5 and 15: [0.9001, 0.9049], at or above
         COURSE.md's 0.90 for all 6, but the smallest by less than one
         standard error of a test accuracy (0.003), so 0.90 is reported,
         not claimed (see the report); bound 0.89, about three standard
         errors under the smallest. (Without the shifts, batches of 64
         and 16 epochs: [0.894, 0.898] over seeds 1..8.) With dropout as
         well (the table chose it for seed 1) the same seed gave 0.8905
         (validation 0.9004 against 0.9064 without): the final model
         takes no dropout.
       - final_over_baseline with the shifts: full [0.062, 0.121], quick
         [0.059, 0.142]; the bound of 0.03 stands.
       - budget: CPU seconds of the final training, [19.6, 23.4] for those
         6 seeds on this 2-core machine shared with other jobs; bound 30 s.
       Not claimed, because their sign changes with the seed (full, 8
       seeds): the gains of standardizing [-0.009, 0.008], of the hidden
       layers [-0.005, 0.051], of He initialization [-0.002, 0.045], of
       Adam [-0.010, 0.015], of dropout [-0.009, 0.003] (the final model
       took dropout for 1 seed of 8), of SGD over Adam with the schedule
       [-0.008, -0.001], of early stopping [0, 0.0016] (patience 5 never
       stopped the 16 epochs). */
    course_claim_equal("test_used_once", "The test images are read once, by the final model, at the end",
                       test_set_reads, 1);
    course_claim_above("baseline_learns", "Softmax regression on raw pixels, validation accuracy (chance: 0.1)",
                       runs[0].val_acc, 0.5);
    course_claim_above("final_over_baseline", "Final model over the baseline, validation accuracy gained",
                       final_run.val_acc - runs[0].val_acc, 0.03);
    course_claim_between("scale_small", "Second hidden layer at initialization, weights $N(0, 0.01^2)$: measured over "
                         "predicted root mean square of $Z$", sqrt(ms_small[1] / pred_small[1]), 0.8, 1.25);
    course_claim_between("scale_he", "The same with He initialization", sqrt(ms_he[1] / pred_he[1]), 0.8, 1.25);
    course_claim_below("he_first_epoch", "He initialization over N(0, 0.01^2): mean training loss of the first epoch, ratio",
                       runs[3].first_loss / runs[2].first_loss, 0.7);
    course_claim_above("test_learns", "The final model's test accuracy, far above chance", test_acc, 0.8);
    course_full_only(1);
    course_claim_above("cosine_pays", "The warm-up and cosine schedule gains validation accuracy over a constant rate",
                       runs[5].val_acc - runs[4].val_acc, 0);
    course_claim_above("test_accuracy", "The final model's test accuracy", test_acc, 0.89);
    course_claim_true("budget", "The final model trains within the budget, in CPU time on one core", in_budget,
                      in_budget ? "yes" : "no", "< 30 s");
    course_full_only(0);

    mlp_net_free(&model);
    mlp_mat_free(&P_test), mlp_mat_free(&pred), mlp_mat_free(&P_val), mlp_mat_free(&pred_val);
    mlp_mat_free(&C), mlp_mat_free(&C_val);
    dataset_free(&d);
    return course_end();
}
