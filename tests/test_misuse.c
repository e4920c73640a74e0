/* test_misuse.c - misuse always stops the function, and says so.

   The manual allows an MLP_ASSERT that returns instead of aborting. This
   program defines one (it counts the reports and keeps the last message),
   so that every misuse path of the public API runs to its end. For each
   case of one table: exactly one report, a message naming the function and
   the actual problem, a result that cannot pass for success (MLP_ERR_MISUSE,
   NaN, +inf from mlp_grad_check, NULL, -1), and nothing changed: the
   network's weights compare equal byte for byte, and AddressSanitizer (the
   sanitizer builds) sees any read or write past the report.

   Where the expected values come from: the rules the manual states (what a
   misuse is, what each function returns after one); the source of mlp.h
   itself for the audit (every report in it is followed by a return); and,
   for the failing-allocator sweep, the count of allocations a workflow
   makes, each failed in turn: every one must give MLP_ERR_NOMEM with "out of
   memory" in the message, never a misuse report, a crash or a leak. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a returning MLP_ASSERT ---- */
static int misuse_count = 0;
static char misuse_msg[1024];
static void on_misuse(const char *msg)
{
    misuse_count++;
    strncpy(misuse_msg, msg, sizeof misuse_msg - 1);
    misuse_msg[sizeof misuse_msg - 1] = '\0';
}
#define MLP_ASSERT(cond, msg) ((cond) ? (void)0 : on_misuse(msg))

/* ---- a counting allocator that can be made to fail ---- */
static long alloc_calls = 0;    /* MLP_MALLOC + MLP_REALLOC calls so far */
static long alloc_fail_at = -1; /* fail the call with this number (-1: never) */
static void *test_realloc(void *p, size_t n)
{
    if (alloc_calls++ == alloc_fail_at) return NULL;
    return realloc(p, n);
}
#define MLP_MALLOC(n) test_realloc(NULL, n)
#define MLP_REALLOC(p, n) test_realloc(p, n)
#define MLP_FREE(p) free(p)

#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "harness.h"

static const int IS_FLOAT = sizeof(mlp_real) == sizeof(float);
static char tmp_dir[256];

/* What a function that does not return a status gave back, as one. */
static int from_real(mlp_real v) { return v != v ? MLP_ERR_MISUSE : MLP_OK; }
static int from_inf(mlp_real v) { return v == (mlp_real)HUGE_VAL ? MLP_ERR_MISUSE : MLP_OK; }
static int from_ptr(const void *p) { return p ? MLP_OK : MLP_ERR_MISUSE; }

/* ---- the fixture: fresh for every case ---- */
typedef struct fx {
    mlp_net net;      /* 2 -> 3 tanh -> 2 softmax, cross-entropy, initialized */
    mlp_net empty;    /* made by mlp_net_new, without layers */
    mlp_mat X, Y;     /* 4 x 2 data and one-hot targets */
    mlp_mat A, B, C;  /* 4 x 3, 2 x 5 (random), C empty */
    mlp_mat nullview; /* mlp_mat_view(3, 2, NULL) */
    mlp_real small[2];
    mlp_mat view;     /* a 1 x 2 view of small */
    mlp_optim opt;
    mlp_rng rng;
    mlp_fit_opts fit;
    mlp_schedule sched;
    mlp_gradcheck worst;
    mlp_scaler scaler;
    mlp_split split;
} fx;

static void fx_make(fx *f)
{
    static const double x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
    int i;
    memset(f, 0, sizeof *f);
    mlp_rng_seed(&f->rng, 7);
    mlp_net_new(&f->net, 2, MLP_CROSS_ENTROPY);
    mlp_net_add(&f->net, 3, MLP_TANH);
    mlp_net_add(&f->net, 2, MLP_SOFTMAX);
    mlp_net_initialize(&f->net, &f->rng);
    mlp_net_new(&f->empty, 2, MLP_MSE);
    mlp_mat_init(&f->X, 4, 2);
    mlp_mat_init(&f->Y, 4, 2);
    for (i = 0; i < 8; i++) f->X.data[i] = (mlp_real)x[i];
    for (i = 0; i < 4; i++) f->Y.data[2 * i + ((i == 1 || i == 2) ? 1 : 0)] = 1;
    mlp_mat_init(&f->A, 4, 3);
    mlp_mat_init(&f->B, 2, 5);
    for (i = 0; i < 12; i++) f->A.data[i] = (mlp_real)mlp_rng_normal(&f->rng, 0, 1);
    for (i = 0; i < 10; i++) f->B.data[i] = (mlp_real)mlp_rng_normal(&f->rng, 0, 1);
    f->nullview = mlp_mat_view(3, 2, NULL);
    f->small[0] = 7;
    f->small[1] = 8;
    f->view = mlp_mat_view(1, 2, f->small);
    f->opt = mlp_adam((mlp_real)0.01);
    f->fit = mlp_fit_defaults();
    f->fit.epochs = 10;
    f->fit.batch_size = 2;
    f->sched = mlp_schedule_step(3, (mlp_real)0.5);
}

static void fx_free(fx *f)
{
    mlp_net_free(&f->net);
    mlp_net_free(&f->empty);
    mlp_mat_free(&f->X);
    mlp_mat_free(&f->Y);
    mlp_mat_free(&f->A);
    mlp_mat_free(&f->B);
    mlp_mat_free(&f->C);
    mlp_scaler_free(&f->scaler);
    mlp_split_free(&f->split);
}

/* Every W and b of the fixture's network, to see that a misuse changed nothing. */
static size_t weights(const mlp_net *net, mlp_real *out)
{
    size_t n = 0;
    int l;
    for (l = 0; l < net->n_layers && l < 2; l++) {
        memcpy(out + n, net->layers[l].W.data, (size_t)net->layers[l].W.rows * net->layers[l].W.cols * sizeof *out);
        n += (size_t)net->layers[l].W.rows * net->layers[l].W.cols;
        memcpy(out + n, net->layers[l].b.data, (size_t)net->layers[l].b.cols * sizeof *out);
        n += (size_t)net->layers[l].b.cols;
    }
    return n;
}

/* A file in the test's directory with these bytes, opened for reading. */
static FILE *bytes_file(const void *data, size_t n)
{
    FILE *f = tmpfile();
    if (!f) return NULL;
    fwrite(data, 1, n, f);
    rewind(f);
    return f;
}

/* ======================================================================== */
/* the table: one function per misuse                                       */

/* matrices */
static int c_resize_null(fx *f) { (void)f; return mlp_mat_resize(NULL, 2, 2); }
static int c_resize_negative(fx *f) { return mlp_mat_resize(&f->C, -1, 2); }
static int c_resize_grow_view(fx *f) { return mlp_mat_resize(&f->view, 3, 3); }
static int c_init_null(fx *f) { (void)f; return mlp_mat_init(NULL, 2, 2); }
static int c_fill_nullview(fx *f) { return mlp_mat_fill(&f->nullview, 1); }
static int c_copy_from_nullview(fx *f) { return mlp_mat_copy(&f->C, &f->nullview); }
static int c_copy_to_null(fx *f) { return mlp_mat_copy(NULL, &f->A); }
static int c_get_outside(fx *f) { return from_real(mlp_mat_get(&f->A, 4, 0)); }
static int c_get_nullview(fx *f) { return from_real(mlp_mat_get(&f->nullview, 0, 0)); }
static int c_set_outside(fx *f) { return mlp_mat_set(&f->A, -1, 0, 1); }
static int c_same_shape_null(fx *f) { return mlp_mat_same_shape(NULL, &f->A) ? MLP_OK : MLP_ERR_MISUSE; }
static int c_mul_shapes(fx *f) { return mlp_mat_mul(&f->C, &f->A, &f->B, 0); }
static int c_mul_nullview(fx *f) { return mlp_mat_mul(&f->C, &f->nullview, &f->B, 0); }
static int c_mul_null_output(fx *f) { return mlp_mat_mul(NULL, &f->X, &f->Y, 0); }
static int c_mul_alias(fx *f) { return mlp_mat_mul(&f->X, &f->X, &f->net.layers[0].W, 0); }
static int c_mul_accumulate_shape(fx *f) { return mlp_mat_mul(&f->B, &f->X, &f->net.layers[0].W, 1); }
static int c_mul_tn_shapes(fx *f) { return mlp_mat_mul_tn(&f->C, &f->A, &f->B, 0); }
static int c_mul_nt_shapes(fx *f) { return mlp_mat_mul_nt(&f->C, &f->A, &f->B, 0); }
static int c_add_shapes(fx *f) { return mlp_mat_add(&f->C, &f->A, &f->B); }
static int c_sub_null(fx *f) { return mlp_mat_sub(&f->C, NULL, &f->B); }
static int c_hadamard_nullview(fx *f) { return mlp_mat_hadamard(&f->C, &f->nullview, &f->nullview); }
static int c_scale_nullview(fx *f) { return mlp_mat_scale(&f->nullview, 2); }
static int c_axpy_shapes(fx *f) { return mlp_mat_axpy(&f->A, 1, &f->B); }
static int c_add_row_shape(fx *f) { return mlp_mat_add_row(&f->A, &f->X); }
static int c_col_sums_alias(fx *f) { return mlp_mat_col_sums(&f->A, &f->A, 0); }
static int c_col_sums_accumulate(fx *f) { return mlp_mat_col_sums(&f->B, &f->A, 1); }
static int c_check_finite_nullview(fx *f) { return mlp_mat_check_finite(&f->nullview, "V"); }
/* activations and losses */
static int c_act_forward_unknown(fx *f) { return mlp_act_forward((mlp_act_kind)42, 0, &f->C, &f->A); }
static int c_act_forward_alias(fx *f) { return mlp_act_forward(MLP_TANH, 0, &f->A, &f->A); }
static int c_act_forward_nullview(fx *f) { return mlp_act_forward(MLP_RELU, 0, &f->C, &f->nullview); }
static int c_act_backward_shapes(fx *f) { return mlp_act_backward(MLP_TANH, 0, &f->C, &f->A, &f->B, &f->A); }
static int c_act_backward_unknown(fx *f) { return mlp_act_backward((mlp_act_kind)-1, 0, &f->C, &f->A, &f->A, &f->A); }
static int c_mse_shapes(fx *f) { return from_real(mlp_mse(&f->A, &f->B)); }
static int c_mse_grad_shapes(fx *f) { return mlp_mse_grad(&f->C, &f->A, &f->B); }
static int c_ce_shapes(fx *f) { return from_real(mlp_cross_entropy(&f->A, &f->Y)); }
static int c_ce_grad_alias(fx *f) { return mlp_cross_entropy_grad(&f->X, &f->X, &f->Y); }
static int c_bce_nullview(fx *f) { return from_real(mlp_bce(&f->nullview, &f->nullview)); }
static int c_bce_grad_shapes(fx *f) { return mlp_bce_grad(&f->C, &f->X, &f->A); }
static int c_bce_logits_shapes(fx *f) { return from_real(mlp_bce_with_logits(&f->X, &f->B)); }
static int c_bce_logits_grad_null(fx *f) { return mlp_bce_with_logits_grad(NULL, &f->X, &f->Y); }
/* random numbers */
static int c_rng_below_zero(fx *f) { return mlp_rng_below(&f->rng, 0) == -1 ? MLP_ERR_MISUSE : MLP_OK; }
static int c_permutation_null(fx *f) { return mlp_rng_permutation(&f->rng, NULL, 3); }
/* building a network */
static int c_net_new_null(fx *f) { (void)f; return mlp_net_new(NULL, 2, MLP_MSE); }
static int c_net_new_inputs(fx *f) { mlp_net_free(&f->empty); return mlp_net_new(&f->empty, 0, MLP_MSE); }
static int c_net_new_loss(fx *f) { mlp_net_free(&f->empty); return mlp_net_new(&f->empty, 2, (mlp_loss_kind)9); }
static int c_net_add_units(fx *f) { return mlp_net_add(&f->net, 0, MLP_RELU); }
static int c_net_add_act(fx *f) { return mlp_net_add(&f->net, 3, (mlp_act_kind)17); }
static int c_net_add_not_made(fx *f)
{
    mlp_net zero;
    (void)f;
    memset(&zero, 0, sizeof zero);
    return mlp_net_add(&zero, 3, MLP_RELU);
}
static int c_initialize_empty(fx *f) { return mlp_net_initialize(&f->empty, &f->rng); }
static int c_initialize_no_rng(fx *f) { return mlp_net_initialize(&f->net, NULL); }
static int c_initialize_unknown(fx *f) { f->net.layers[1].init = (mlp_init_kind)99; return mlp_net_initialize(&f->net, &f->rng); }
static int c_initialize_nan_a(fx *f)
{
    f->net.layers[1].init = MLP_INIT_NORMAL;
    f->net.layers[1].init_a = (mlp_real)NAN;
    return mlp_net_initialize(&f->net, &f->rng);
}
/* running it */
static int c_forward_nullview(fx *f)
{
    mlp_mat V = mlp_mat_view(4, 2, NULL); /* the example */
    return from_ptr(mlp_forward(&f->net, &V));
}
static int c_forward_shape(fx *f) { return from_ptr(mlp_forward(&f->net, &f->A)); }
static int c_forward_empty(fx *f) { return from_ptr(mlp_forward(&f->empty, &f->X)); }
static int c_forward_null_net(fx *f) { return from_ptr(mlp_forward(NULL, &f->X)); }
static int c_forward_output_dropout(fx *f) { f->net.layers[1].dropout = (mlp_real)0.5; return from_ptr(mlp_forward(&f->net, &f->X)); }
static int c_forward_dropout_one(fx *f) { f->net.layers[0].dropout = 1; return from_ptr(mlp_forward(&f->net, &f->X)); }
static int c_forward_slope_nan(fx *f) { f->net.layers[0].slope = (mlp_real)NAN; return from_ptr(mlp_forward(&f->net, &f->X)); }
static int c_forward_one_unit_softmax(fx *f)
{
    mlp_net_add(&f->empty, 1, MLP_SOFTMAX);
    return from_ptr(mlp_forward(&f->empty, &f->X));
}
static int c_forward_layer_changed(fx *f) { mlp_mat_resize(&f->net.layers[1].W, 2, 2); return from_ptr(mlp_forward(&f->net, &f->X)); }
static int c_dense_forward_shape(fx *f) { return mlp_dense_forward(&f->net.layers[1], &f->X); }
static int c_dense_backward_first(fx *f) { return mlp_dense_backward(&f->net.layers[0], NULL); }
static int c_loss_before_forward(fx *f) { return from_real(mlp_loss(&f->net, &f->Y)); }
static int c_loss_shape(fx *f)
{
    mlp_forward(&f->net, &f->X);
    return from_real(mlp_loss(&f->net, &f->A));
}
static int c_backward_before_forward(fx *f) { return mlp_backward(&f->net, &f->Y); }
/* mlp_net_add after a forward pass moves the layers (4 -> 8 of room): the
   backward pass must ask for a new forward pass, not read the old layers */
static int c_backward_after_add(fx *f)
{
    int status;
    mlp_net_free(&f->empty);
    mlp_net_new(&f->empty, 2, MLP_CROSS_ENTROPY);
    mlp_net_add(&f->empty, 3, MLP_TANH);
    mlp_net_add(&f->empty, 3, MLP_TANH);
    mlp_net_add(&f->empty, 3, MLP_TANH);
    mlp_net_add(&f->empty, 2, MLP_SOFTMAX);
    mlp_net_initialize(&f->empty, &f->rng);
    mlp_forward(&f->empty, &f->X);
    status = mlp_net_add(&f->empty, 2, MLP_SOFTMAX);
    if (status != MLP_OK) return status;
    return mlp_backward(&f->empty, &f->Y);
}
static int c_backward_ce_tanh(fx *f)
{
    f->net.layers[1].act = MLP_TANH;
    mlp_forward(&f->net, &f->X);
    return mlp_backward(&f->net, &f->Y);
}
static int c_loss_bce_identity(fx *f)
{
    mlp_net_free(&f->empty);
    mlp_net_new(&f->empty, 2, MLP_BCE);
    mlp_net_add(&f->empty, 2, MLP_IDENTITY);
    mlp_forward(&f->empty, &f->X);
    return from_real(mlp_loss(&f->empty, &f->Y));
}
static int c_zero_grad_null(fx *f) { (void)f; return mlp_zero_grad(NULL); }
static int c_predict_empty(fx *f) { return mlp_predict(&f->empty, &f->X, &f->C); }
static int c_predict_null_out(fx *f) { return mlp_predict(&f->net, &f->X, NULL); }
static int c_predict_nullview(fx *f) { return mlp_predict(&f->net, &f->nullview, &f->C); }
/* optimizers: where they are made and where they step */
static int c_sgd_negative_lr(fx *f) { f->opt = mlp_sgd(-1); return f->opt.lr == -1 ? MLP_ERR_MISUSE : MLP_OK; }
static int c_adam_nan_lr(fx *f) { f->opt = mlp_adam((mlp_real)NAN); return f->opt.lr != f->opt.lr ? MLP_ERR_MISUSE : MLP_OK; }
static int step_with(fx *f, mlp_optim o)
{
    mlp_forward(&f->net, &f->X);
    mlp_zero_grad(&f->net);
    mlp_backward(&f->net, &f->Y);
    f->opt = o;
    return mlp_step(&f->net, &f->opt);
}
static int c_step_null_opt(fx *f) { return mlp_step(&f->net, NULL); }
static int c_step_empty_net(fx *f) { return mlp_step(&f->empty, &f->opt); }
static int c_step_kind(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.kind = (mlp_optim_kind)7; return step_with(f, o); }
static int c_step_negative_lr(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.lr = (mlp_real)-0.1; return step_with(f, o); }
static int c_step_adam_beta1(fx *f) { mlp_optim o = mlp_adam((mlp_real)0.1); o.beta1 = 1; return step_with(f, o); }
static int c_step_adam_beta2(fx *f) { mlp_optim o = mlp_adam((mlp_real)0.1); o.beta2 = 1; return step_with(f, o); }
static int c_step_adamw_beta2(fx *f) { mlp_optim o = mlp_adamw((mlp_real)0.1); o.beta2 = (mlp_real)1.5; return step_with(f, o); }
static int c_step_adam_eps(fx *f) { mlp_optim o = mlp_adam((mlp_real)0.1); o.eps = 0; return step_with(f, o); }
static int c_step_rmsprop_alpha(fx *f) { mlp_optim o = mlp_rmsprop((mlp_real)0.1); o.alpha = 1; return step_with(f, o); }
static int c_step_rmsprop_momentum(fx *f) { mlp_optim o = mlp_rmsprop((mlp_real)0.1); o.momentum = -1; return step_with(f, o); }
static int c_step_adagrad_eps(fx *f) { mlp_optim o = mlp_adagrad((mlp_real)0.1); o.eps = -1; return step_with(f, o); }
static int c_step_adagrad_decay(fx *f) { mlp_optim o = mlp_adagrad((mlp_real)0.1); o.lr_decay = -1; return step_with(f, o); }
static int c_step_sgd_momentum(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.momentum = (mlp_real)NAN; return step_with(f, o); }
static int c_step_weight_decay(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.weight_decay = -1; return step_with(f, o); }
static int c_step_l1(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.l1 = (mlp_real)INFINITY; return step_with(f, o); }
static int c_step_clip(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.clip_norm = -1; return step_with(f, o); }
static int c_step_t(fx *f) { mlp_optim o = mlp_sgd((mlp_real)0.1); o.t = -3; return step_with(f, o); }
/* training, evaluating, fitting */
static int c_train_empty(fx *f) { return mlp_train_epoch(&f->empty, &f->opt, &f->X, &f->Y, 2, NULL, NULL); }
static int c_train_batch(fx *f) { return mlp_train_epoch(&f->net, &f->opt, &f->X, &f->Y, 0, NULL, NULL); }
static int c_train_bad_opt(fx *f) { f->opt.beta1 = 1; return mlp_train_epoch(&f->net, &f->opt, &f->X, &f->Y, 2, NULL, NULL); }
static int c_train_nullview(fx *f) { return mlp_train_epoch(&f->net, &f->opt, &f->X, &f->nullview, 2, NULL, NULL); }
static int c_evaluate_shape(fx *f) { return mlp_evaluate(&f->net, &f->X, &f->A, NULL); }
static int c_evaluate_empty(fx *f) { return mlp_evaluate(&f->empty, &f->X, &f->Y, NULL); }
static int c_schedule_step_zero(fx *f) { f->sched.step_size = 0; return from_real(mlp_schedule_lr(&f->sched, (mlp_real)0.1, 3)); }
static int c_schedule_t(fx *f) { return from_real(mlp_schedule_lr(&f->sched, (mlp_real)0.1, -1)); }
static int c_schedule_gamma(fx *f) { f->sched.gamma = -1; return from_real(mlp_schedule_lr(&f->sched, (mlp_real)0.1, 0)); }
/* the example: one report, not one per epoch, and no epoch run */
static int c_fit_schedule(fx *f)
{
    int status;
    f->sched.step_size = 0;
    f->fit.schedule = &f->sched;
    status = mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, &f->fit);
    return f->fit.epochs_run == 0 ? status : MLP_OK;
}
static int c_fit_null_opts(fx *f) { return mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, NULL); }
static int c_fit_batch(fx *f) { f->fit.batch_size = 0; return mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, &f->fit); }
static int c_fit_val_half(fx *f) { f->fit.X_val = &f->X; return mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, &f->fit); }
static int c_fit_min_delta(fx *f)
{
    f->fit.min_delta = (mlp_real)NAN;
    return mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, &f->fit);
}
static int c_fit_val_shape(fx *f)
{
    f->fit.X_val = &f->X;
    f->fit.Y_val = &f->A;
    return mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, &f->fit);
}
static int c_fit_bad_opt(fx *f) { f->opt.eps = 0; return mlp_fit(&f->net, &f->opt, &f->X, &f->Y, NULL, &f->fit); }
/* gradient checking: a failure is +inf, never 0 or NaN */
static int c_gradcheck_h_nan(fx *f) { return from_inf(mlp_grad_check(&f->net, &f->X, &f->Y, (mlp_real)NAN, &f->worst)); }
static int c_gradcheck_h_inf(fx *f) { return from_inf(mlp_grad_check(&f->net, &f->X, &f->Y, (mlp_real)INFINITY, &f->worst)); }
static int c_gradcheck_h_subnormal(fx *f)
{
    mlp_real h = (mlp_real)(IS_FLOAT ? (double)FLT_MIN : DBL_MIN) / 4;
    return from_inf(mlp_grad_check(&f->net, &f->X, &f->Y, h, &f->worst));
}
static int c_gradcheck_h_rounded(fx *f)
{
    mlp_real h = (mlp_real)(IS_FLOAT ? 1e-30 : 1e-300); /* normal, but p + h == p */
    return from_inf(mlp_grad_check(&f->net, &f->X, &f->Y, h, &f->worst));
}
static int c_gradcheck_shape(fx *f) { return from_inf(mlp_grad_check(&f->net, &f->X, &f->A, 0, &f->worst)); }
static int c_gradcheck_empty(fx *f) { return from_inf(mlp_grad_check(&f->empty, &f->X, &f->Y, 0, &f->worst)); }
/* diagnostics */
static int c_noise_batch(fx *f) { return mlp_gradient_noise(&f->net, &f->X, &f->Y, 0, NULL, NULL, NULL); }
static int c_check_finite_null(fx *f) { (void)f; return mlp_net_check_finite(NULL); }
static int c_grad_norm_null(fx *f) { (void)f; return from_real(mlp_net_grad_norm(NULL)); }
static int c_statistics_null(fx *f) { (void)f; return from_real(mlp_layer_statistics(NULL).w_norm); }
static int c_param_count_null(fx *f) { (void)f; return mlp_net_param_count(NULL) == -1 ? MLP_ERR_MISUSE : MLP_OK; }
static int c_n_out_null(fx *f) { (void)f; return mlp_net_n_out(NULL) == -1 ? MLP_ERR_MISUSE : MLP_OK; }
static int c_output_layer_null(fx *f) { (void)f; return from_ptr(mlp_net_output_layer(NULL)); }
/* files: the saver refuses what the loader refuses; a view too small */
static int c_save_empty_net(fx *f) { return mlp_net_save(&f->empty, NULL, "never.net"); }
static int c_save_null_path(fx *f) { return mlp_net_save(&f->net, NULL, NULL); }
static int c_save_negative_lr(fx *f) { f->opt.lr = -1; return mlp_net_save(&f->net, &f->opt, "never.net"); }
static int c_save_beta(fx *f) { f->opt.beta2 = 1; return mlp_net_save(&f->net, &f->opt, "never.net"); }
static int c_save_unknown_kind(fx *f) { f->opt.kind = (mlp_optim_kind)5; return mlp_net_save(&f->net, &f->opt, "never.net"); }
static int c_save_output_dropout(fx *f) { f->net.layers[1].dropout = (mlp_real)0.1; return mlp_net_save(&f->net, NULL, "never.net"); }
static int c_save_ce_tanh(fx *f) { f->net.layers[1].act = MLP_TANH; return mlp_net_save(&f->net, NULL, "never.net"); }
static int c_save_state_shape(fx *f)
{
    mlp_mat_resize(&f->net.layers[0].mW, 1, 1);
    return mlp_net_save(&f->net, &f->opt, "never.net");
}
static int c_save_zero_rng(fx *f) { memset(f->net.rng.s, 0, sizeof f->net.rng.s); return mlp_net_save(&f->net, NULL, "never.net"); }
static int c_write_null_file(fx *f) { return mlp_net_write(&f->net, NULL, NULL); }
static int c_read_null(fx *f) { (void)f; return mlp_net_read(NULL, NULL, stdin, "x"); }
static int c_load_null_path(fx *f) { return mlp_net_load(&f->empty, NULL, NULL); }
static int c_csv_into_small_view(fx *f)
{
    FILE *file = bytes_file("1,2\n3,4\n", 8);
    int status = mlp_csv_read(&f->view, file, "two_rows.csv", NULL);
    if (file) fclose(file);
    return f->small[0] == 7 && f->small[1] == 8 ? status : MLP_OK; /* and the view untouched */
}
static int c_csv_read_sep(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.sep = '.';
    return mlp_csv_read(&f->C, stdin, "x", &o);
}
static int c_csv_read_comment(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.comment = '-';
    return mlp_csv_read(&f->C, stdin, "x", &o);
}
static int c_csv_load_header(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.header = 2;
    return mlp_csv_load(&f->C, "never.csv", &o);
}
static int c_csv_write_sep_digit(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.sep = '5';
    return mlp_csv_write(&f->A, stdout, &o);
}
static int c_csv_save_sep_e(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.sep = 'e';
    return mlp_csv_save(&f->A, "never.csv", &o);
}
static int c_csv_save_names_newline(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.names = "a,b\nc";
    return mlp_csv_save(&f->A, "never.csv", &o);
}
static int c_csv_save_names_numbers(fx *f)
{
    mlp_csv_opts o = mlp_csv_defaults();
    o.names = "1,2,3";
    return mlp_csv_save(&f->A, "never.csv", &o);
}
static int c_csv_save_nullview(fx *f) { return mlp_csv_save(&f->nullview, "never.csv", NULL); }
static int c_idx_into_small_view(fx *f)
{
    static const unsigned char labels[] = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 0};
    FILE *file = bytes_file(labels, sizeof labels);
    int status = mlp_idx_read_labels(&f->view, file, "three.idx", 3);
    if (file) fclose(file);
    return status;
}
static int c_idx_classes(fx *f) { return mlp_idx_read_labels(&f->C, stdin, "x", 0); }
/* preparing data */
static int c_split_fractions(fx *f) { return mlp_split_data(&f->split, &f->X, &f->Y, (mlp_real)0.7, (mlp_real)0.5, NULL); }
static int c_split_nullview(fx *f) { return mlp_split_data(&f->split, &f->nullview, NULL, 0, 0, NULL); }
static int c_scaler_fit_null(fx *f) { return mlp_scaler_fit(&f->scaler, NULL); }
static int c_scaler_apply_cols(fx *f) { mlp_scaler_fit(&f->scaler, &f->X); return mlp_scaler_apply(&f->scaler, &f->C, &f->A); }
static int c_scaler_invert_unfitted(fx *f) { return mlp_scaler_invert(&f->scaler, &f->C, &f->X); }
static int c_one_hot_cols(fx *f) { return mlp_one_hot(&f->C, &f->X, 2); }
static int c_argmax_alias(fx *f) { return mlp_argmax(&f->A, &f->A); }
static int c_accuracy_rows(fx *f) { return from_real(mlp_accuracy(&f->A, &f->B)); }
static int c_confusion_classes(fx *f) { return mlp_confusion_matrix(&f->C, &f->Y, &f->Y, 0); }
/* toy data: the status of a misuse */
static int c_toy_n(fx *f) { return mlp_toy_sine(&f->A, &f->B, 0, 0, &f->rng); }

typedef struct misuse_case {
    const char *name;
    int (*call)(fx *f);
    const char *message; /* words the report must hold */
} misuse_case;

static const misuse_case cases[] = {
    {"mat_resize NULL", c_resize_null, "mlp_mat_resize: need a matrix"},
    {"mat_resize negative", c_resize_negative, "rows, cols >= 0; got -1x2"},
    {"mat_resize grows a view", c_resize_grow_view, "cannot grow a view (1x2) to 3x3"},
    {"mat_init NULL", c_init_null, "mlp_mat_init: m is NULL"},
    {"mat_fill view of NULL", c_fill_nullview, "mlp_mat_fill: m is 3x2, but its data is NULL"},
    {"mat_copy from view of NULL", c_copy_from_nullview, "mlp_mat_copy: src is 3x2, but its data is NULL"},
    {"mat_copy to NULL", c_copy_to_null, "mlp_mat_copy: the matrix dst is NULL"},
    {"mat_get outside", c_get_outside, "mlp_mat_get: (4, 0) is outside a 4x3 matrix"},
    {"mat_get view of NULL", c_get_nullview, "mlp_mat_get: m is 3x2, but its data is NULL"},
    {"mat_set outside", c_set_outside, "mlp_mat_set: (-1, 0) is outside a 4x3 matrix"},
    {"mat_same_shape NULL", c_same_shape_null, "mlp_mat_same_shape: a matrix is NULL"},
    {"mat_mul shapes", c_mul_shapes, "mlp_mat_mul: C = A B needs A.cols == B.rows; got A 4x3, B 2x5"},
    {"mat_mul view of NULL", c_mul_nullview, "mlp_mat_mul: A is 3x2, but its data is NULL"},
    {"mat_mul NULL output", c_mul_null_output, "mlp_mat_mul: the matrix C is NULL"},
    {"mat_mul output is input", c_mul_alias, "the output C must not be one of the inputs"},
    {"mat_mul accumulate shape", c_mul_accumulate_shape, "accumulating into C 2x5, but the product is 4x3"},
    {"mat_mul_tn shapes", c_mul_tn_shapes, "mlp_mat_mul_tn: C = A^T B needs A.rows == B.rows"},
    {"mat_mul_nt shapes", c_mul_nt_shapes, "mlp_mat_mul_nt: C = A B^T needs A.cols == B.cols"},
    {"mat_add shapes", c_add_shapes, "mlp_mat_add: A and B must have the same shape"},
    {"mat_sub NULL", c_sub_null, "mlp_mat_sub: the matrix A is NULL"},
    {"mat_hadamard view of NULL", c_hadamard_nullview, "mlp_mat_hadamard: A is 3x2, but its data is NULL"},
    {"mat_scale view of NULL", c_scale_nullview, "mlp_mat_scale: C is 3x2, but its data is NULL"},
    {"mat_axpy shapes", c_axpy_shapes, "mlp_mat_axpy: C and A must have the same shape"},
    {"mat_add_row shape", c_add_row_shape, "mlp_mat_add_row: row must be 1x3"},
    {"mat_col_sums output is input", c_col_sums_alias, "mlp_mat_col_sums: the output must not be the input"},
    {"mat_col_sums accumulate shape", c_col_sums_accumulate, "accumulating into 2x5, but the sums of A 4x3 are 1x3"},
    {"mat_check_finite view of NULL", c_check_finite_nullview, "V is 3x2, but its data is NULL"},
    {"act_forward unknown", c_act_forward_unknown, "mlp_act_forward: unknown activation 42"},
    {"act_forward A is Z", c_act_forward_alias, "mlp_act_forward: A must not be Z"},
    {"act_forward view of NULL", c_act_forward_nullview, "mlp_act_forward: Z is 3x2, but its data is NULL"},
    {"act_backward shapes", c_act_backward_shapes, "mlp_act_backward: dA 4x3, Z 2x5 and A 4x3 must have one shape"},
    {"act_backward unknown", c_act_backward_unknown, "mlp_act_backward: unknown activation -1"},
    {"mse shapes", c_mse_shapes, "mlp_mse: the output (4x3) and the targets Y (2x5) must have one shape"},
    {"mse_grad shapes", c_mse_grad_shapes, "mlp_mse_grad: the output (4x3) and the targets Y (2x5)"},
    {"cross_entropy shapes", c_ce_shapes, "mlp_cross_entropy: the output (4x3) and the targets Y (4x2)"},
    {"cross_entropy_grad alias", c_ce_grad_alias, "mlp_cross_entropy_grad: the gradient must not be one of the inputs"},
    {"bce view of NULL", c_bce_nullview, "mlp_bce: the output is 3x2, but its data is NULL"},
    {"bce_grad shapes", c_bce_grad_shapes, "mlp_bce_grad: the output (4x2) and the targets Y (4x3)"},
    {"bce_with_logits shapes", c_bce_logits_shapes, "mlp_bce_with_logits: the output (4x2) and the targets Y (2x5)"},
    {"bce_with_logits_grad NULL", c_bce_logits_grad_null, "mlp_bce_with_logits_grad: the matrix the gradient is NULL"},
    {"rng_below 0", c_rng_below_zero, "mlp_rng_below: n must be >= 1"},
    {"rng_permutation NULL", c_permutation_null, "mlp_rng_permutation: needs a generator, room for n >= 0 numbers; got n 3"},
    {"net_new NULL", c_net_new_null, "mlp_net_new: net is NULL"},
    {"net_new no inputs", c_net_new_inputs, "mlp_net_new: needs n_in >= 1 and a known loss; got n_in 0"},
    {"net_new unknown loss", c_net_new_loss, "got n_in 2, loss 9"},
    {"net_add no units", c_net_add_units, "mlp_net_add: needs a network made by mlp_net_new, n_out >= 1"},
    {"net_add unknown activation", c_net_add_act, "got n_out 3, activation 17"},
    {"net_add without net_new", c_net_add_not_made, "mlp_net_add: needs a network made by mlp_net_new"},
    {"initialize no layers", c_initialize_empty, "mlp_net_initialize: the network has no layers yet: add them with mlp_net_add"},
    {"initialize no generator", c_initialize_no_rng, "mlp_net_initialize: needs a seeded mlp_rng"},
    {"initialize unknown init", c_initialize_unknown, "mlp_net_initialize: layer 1 has an unknown init 99"},
    {"initialize NaN init_a", c_initialize_nan_a, "layer 1: init_a nan and init_b 0 must be finite"},
    {"forward view of NULL", c_forward_nullview, "mlp_forward: X is 4x2, but its data is NULL"},
    {"forward shape", c_forward_shape, "mlp_forward: the network has 2 layers and 2 inputs, so X must be B x 2"},
    {"forward no layers", c_forward_empty, "mlp_forward: the network has no layers yet"},
    {"forward NULL net", c_forward_null_net, "mlp_forward: the network is NULL"},
    {"forward dropout on output", c_forward_output_dropout, "layer 1 has dropout 0.5; it must be in [0, 1), and 0 on the output layer"},
    {"forward dropout 1", c_forward_dropout_one, "layer 0 has dropout 1; it must be in [0, 1)"},
    {"forward slope NaN", c_forward_slope_nan, "layer 0 has the slope nan"},
    {"forward one-unit softmax", c_forward_one_unit_softmax, "layer 0 is a softmax of one unit, whose output is always e^z / e^z = 1"},
    {"forward layer changed by hand", c_forward_layer_changed, "the layer is not one mlp_net_add made (3 -> 2 units"},
    {"dense_forward shape", c_dense_forward_shape, "mlp_dense_forward: the layer takes 3 inputs, so X must be B x 3"},
    {"dense_backward before forward", c_dense_backward_first, "mlp_dense_backward: needs X (B x 2) from the forward pass"},
    {"loss before forward", c_loss_before_forward, "mlp_loss: run mlp_forward first"},
    {"loss shape", c_loss_shape, "mlp_loss: Y must be 4x2 (batch of the last forward x outputs); got Y 4x3"},
    {"backward before forward", c_backward_before_forward, "mlp_backward: run mlp_forward first"},
    {"backward after net_add moved the layers", c_backward_after_add, "mlp_backward: run mlp_forward first"},
    {"backward cross-entropy on tanh", c_backward_ce_tanh, "mlp_backward: cross-entropy needs a softmax output layer, but the last layer is tanh"},
    {"loss BCE on identity", c_loss_bce_identity, "mlp_loss: binary cross-entropy needs outputs in (0, 1), but the last layer is identity"},
    {"zero_grad NULL", c_zero_grad_null, "mlp_zero_grad: needs a network made by mlp_net_new"},
    {"predict no layers", c_predict_empty, "mlp_predict: the network has no layers yet"},
    {"predict NULL output", c_predict_null_out, "mlp_predict: the output matrix is NULL"},
    {"predict view of NULL", c_predict_nullview, "mlp_predict: X is 3x2, but its data is NULL"},
    {"sgd negative rate", c_sgd_negative_lr, "mlp_sgd: the learning rate is -1; it must be a finite number >= 0"},
    {"adam NaN rate", c_adam_nan_lr, "mlp_adam: the learning rate is nan"},
    {"step NULL optimizer", c_step_null_opt, "mlp_step: the optimizer is NULL"},
    {"step no layers", c_step_empty_net, "mlp_step: the network has no layers yet"},
    {"step unknown kind", c_step_kind, "mlp_step: unknown optimizer kind 7"},
    {"step negative rate", c_step_negative_lr, "mlp_step: sgd's learning rate is -0.1"},
    {"step Adam beta1 = 1", c_step_adam_beta1, "mlp_step: adam's beta1 is 1; it must be in [0, 1)"},
    {"step Adam beta2 = 1", c_step_adam_beta2, "mlp_step: adam's beta2 is 1; it must be in [0, 1)"},
    {"step AdamW beta2 > 1", c_step_adamw_beta2, "mlp_step: adamw's beta2 is 1.5"},
    {"step Adam eps 0", c_step_adam_eps, "mlp_step: adam's eps is 0; it must be a finite number > 0"},
    {"step RMSProp alpha 1", c_step_rmsprop_alpha, "mlp_step: rmsprop's alpha is 1; it must be in [0, 1)"},
    {"step RMSProp momentum", c_step_rmsprop_momentum, "mlp_step: rmsprop's momentum is -1"},
    {"step AdaGrad eps", c_step_adagrad_eps, "mlp_step: adagrad's eps is -1"},
    {"step AdaGrad lr_decay", c_step_adagrad_decay, "mlp_step: adagrad's lr_decay is -1"},
    {"step SGD momentum NaN", c_step_sgd_momentum, "mlp_step: sgd's momentum is nan"},
    {"step weight decay", c_step_weight_decay, "mlp_step: sgd's weight_decay is -1"},
    {"step l1", c_step_l1, "mlp_step: sgd's l1 is inf"},
    {"step clip_norm", c_step_clip, "mlp_step: sgd's clip_norm is -1"},
    {"step t", c_step_t, "mlp_step: sgd has taken -3 steps"},
    {"train_epoch no layers", c_train_empty, "mlp_train_epoch: the network has no layers yet: add them with mlp_net_add"},
    {"train_epoch batch 0", c_train_batch, "mlp_train_epoch: batch_size must be >= 1, got 0"},
    {"train_epoch bad optimizer", c_train_bad_opt, "mlp_train_epoch: adam's beta1 is 1"},
    {"train_epoch view of NULL", c_train_nullview, "mlp_train_epoch: Y is 3x2, but its data is NULL"},
    {"evaluate shape", c_evaluate_shape, "mlp_evaluate: the network maps 2 inputs to 2 outputs"},
    {"evaluate no layers", c_evaluate_empty, "mlp_evaluate: the network has no layers yet"},
    {"schedule step 0", c_schedule_step_zero, "mlp_schedule_lr: schedule 1 with step_size 0"},
    {"schedule t < 0", c_schedule_t, "mlp_schedule_lr: t is -1"},
    {"schedule gamma < 0", c_schedule_gamma, "mlp_schedule_lr: the schedule's gamma -1"},
    {"fit schedule step 0: one report, no epoch", c_fit_schedule, "mlp_fit: schedule 1 with step_size 0"},
    {"fit NULL options", c_fit_null_opts, "mlp_fit: the options are NULL"},
    {"fit batch 0", c_fit_batch, "mlp_fit: needs epochs >= 0, batch_size >= 1"},
    {"fit X_val without Y_val", c_fit_val_half, "X_val and Y_val both set or both NULL"},
    {"fit min_delta NaN", c_fit_min_delta, "min_delta nan"},
    {"fit validation shape", c_fit_val_shape, "mlp_fit (validation set): the network maps 2 inputs to 2 outputs"},
    {"fit bad optimizer", c_fit_bad_opt, "mlp_fit: adam's eps is 0"},
    {"grad_check h NaN", c_gradcheck_h_nan, "mlp_grad_check: the step h is nan"},
    {"grad_check h infinite", c_gradcheck_h_inf, "mlp_grad_check: the step h is inf"},
    {"grad_check h subnormal", c_gradcheck_h_subnormal, "not below"},
    {"grad_check h rounded away", c_gradcheck_h_rounded, "is lost in rounding next to layer 0 W[0][0]"},
    {"grad_check shape", c_gradcheck_shape, "mlp_grad_check: the network maps 2 inputs to 2 outputs"},
    {"grad_check no layers", c_gradcheck_empty, "mlp_grad_check: the network has no layers yet"},
    {"gradient_noise batch 0", c_noise_batch, "mlp_gradient_noise: batch_size must be >= 1"},
    {"net_check_finite NULL", c_check_finite_null, "mlp_net_check_finite: needs a network"},
    {"net_grad_norm NULL", c_grad_norm_null, "mlp_net_grad_norm: needs a network"},
    {"layer_statistics NULL", c_statistics_null, "mlp_layer_statistics: the layer is NULL"},
    {"net_param_count NULL", c_param_count_null, "mlp_net_param_count: needs a network"},
    {"net_n_out NULL", c_n_out_null, "mlp_net_n_out: net is NULL"},
    {"net_output_layer NULL", c_output_layer_null, "mlp_net_output_layer: net is NULL"},
    {"net_save no layers", c_save_empty_net, "mlp_net_save: needs a network made by mlp_net_new and mlp_net_add"},
    {"net_save NULL path", c_save_null_path, "mlp_net_save: needs a path"},
    {"net_save negative rate", c_save_negative_lr, "mlp_net_save: adam's learning rate is -1"},
    {"net_save beta2 = 1", c_save_beta, "mlp_net_save: adam's beta2 is 1"},
    {"net_save unknown optimizer", c_save_unknown_kind, "mlp_net_save: unknown optimizer kind 5"},
    {"net_save dropout on output", c_save_output_dropout, "mlp_net_save: layer 1 has dropout 0.1; it must be in [0, 1), and 0 on the output layer"},
    {"net_save cross-entropy on tanh", c_save_ce_tanh, "mlp_net_save: cross-entropy needs a softmax output layer"},
    {"net_save state shape", c_save_state_shape, "the optimizer's state mW of layer 0 is 1x1; it must be 2x3"},
    {"net_save zero generator", c_save_zero_rng, "dropout generator is all zero"},
    {"net_write NULL file", c_write_null_file, "mlp_net_write: needs an open file"},
    {"net_read NULL", c_read_null, "mlp_net_read: needs a network to fill"},
    {"net_load NULL path", c_load_null_path, "mlp_net_load: needs a network to fill and a path"},
    {"csv_read into a view too small", c_csv_into_small_view, "mlp_csv_read: the data is 2x2, but the matrix to fill is a view of 1x2"},
    {"csv_read separator '.'", c_csv_read_sep, "mlp_csv_read: the separator '.'"},
    {"csv_read comment '-'", c_csv_read_comment, "mlp_csv_read: the comment character '-'"},
    {"csv_load header 2", c_csv_load_header, "mlp_csv_load: header is 2"},
    {"csv_write separator '5'", c_csv_write_sep_digit, "mlp_csv_write: the separator '5'"},
    {"csv_save separator 'e'", c_csv_save_sep_e, "mlp_csv_save: the separator 'e'"},
    {"csv_save names with a line break", c_csv_save_names_newline, "the header names hold a line break"},
    {"csv_save names that are numbers", c_csv_save_names_numbers, "the header names '1,2,3' are numbers"},
    {"csv_save view of NULL", c_csv_save_nullview, "mlp_csv_save: M is 3x2, but its data is NULL"},
    {"idx_read_labels into a view too small", c_idx_into_small_view, "mlp_idx_read_labels: the data is 3x1, but the matrix to fill is a view of 1x2"},
    {"idx_read_labels 0 classes", c_idx_classes, "1 <= n_classes <= 256; got n_classes 0"},
    {"split_data fractions", c_split_fractions, "fractions >= 0 summing to at most 1 (got 0.7, 0.5)"},
    {"split_data view of NULL", c_split_nullview, "mlp_split_data: X is 3x2, but its data is NULL"},
    {"scaler_fit NULL", c_scaler_fit_null, "mlp_scaler_fit: the matrix X is NULL"},
    {"scaler_apply columns", c_scaler_apply_cols, "mlp_scaler_apply: the scaler was fitted on 2 columns (mlp_scaler_fit), X has 3"},
    {"scaler_invert unfitted", c_scaler_invert_unfitted, "mlp_scaler_invert: the scaler was fitted on 0 columns"},
    {"one_hot two columns", c_one_hot_cols, "mlp_one_hot: needs N x 1 labels"},
    {"argmax idx is P", c_argmax_alias, "mlp_argmax: needs a matrix of scores"},
    {"accuracy rows", c_accuracy_rows, "mlp_accuracy: scores P and targets T need as many rows"},
    {"confusion_matrix 0 classes", c_confusion_classes, "mlp_confusion_matrix: scores P and targets T need as many rows, n_classes >= 1"},
    {"toy_sine n 0", c_toy_n, "mlp_toy_sine: needs two different matrices, 1 <= n <= 10000000"},
};

static void test_every_misuse_stops_with_its_status(void)
{
    size_t k;
    mlp_real before[64], after[64];
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        fx f;
        size_t n;
        int result;
        fx_make(&f);
        n = weights(&f.net, before);
        misuse_count = 0;
        misuse_msg[0] = '\0';
        result = cases[k].call(&f);
        if (result != MLP_ERR_MISUSE || misuse_count != 1 || !strstr(misuse_msg, cases[k].message)) {
            CHECK_INT(MLP_ERR_MISUSE, result);
            CHECK_INT(1, misuse_count);
            CHECK(strstr(misuse_msg, cases[k].message) != NULL);
            fprintf(stderr, "    case: %s\n    message: %s\n    wanted:  %s\n", cases[k].name, misuse_msg, cases[k].message);
        }
        /* the message stays readable as the last error, too */
        if (!CHECK(strcmp(mlp_last_error(), misuse_msg) == 0)) fprintf(stderr, "    case: %s\n", cases[k].name);
        if (f.net.n_layers >= 2 && f.net.layers[0].W.rows == 2 && f.net.layers[1].W.rows == 3 &&
            f.net.layers[1].W.cols == 2) {
            if (!CHECK(weights(&f.net, after) == n && memcmp(before, after, n * sizeof *before) == 0))
                fprintf(stderr, "    case: %s changed the network's weights\n", cases[k].name);
        }
        fx_free(&f);
    }
    CHECK(sizeof cases / sizeof cases[0] >= 140);
}

/* mlp_grad_check's failure: +inf, and worst says nothing was checked. */
static void test_grad_check_failure_value(void)
{
    fx f;
    mlp_real err;
    fx_make(&f);
    memset(&f.worst, 0x55, sizeof f.worst);
    misuse_count = 0;
    err = mlp_grad_check(&f.net, &f.X, &f.A, 0, &f.worst);
    CHECK(err == (mlp_real)HUGE_VAL);
    CHECK(!(err < (mlp_real)1e-3)); /* a test `err < tol` fails */
    CHECK(err > (mlp_real)1e-3);    /* and a test `err > tol` catches it */
    CHECK_INT(0, f.worst.n_checked);
    CHECK(f.worst.max_rel_err == (mlp_real)HUGE_VAL);
    /* a check that runs gives a small number, and counts every parameter */
    misuse_count = 0;
    err = mlp_grad_check(&f.net, &f.X, &f.Y, 0, &f.worst);
    CHECK_INT(0, misuse_count);
    CHECK_NEAR(0.0, err, IS_FLOAT ? 2e-2 : 1e-6);
    CHECK_INT(mlp_net_param_count(&f.net), f.worst.n_checked);
    fx_free(&f);
}

/* Every loss with every output activation, of 1 and of 3 units, trained for
   one epoch: the pairs that make sense train (MLP_OK, no report); the others
   stop at the first use of the loss, once, with advice on what to use. The
   rule, from what each loss is defined on: MSE takes any output; cross-
   entropy a probability distribution (a softmax of 2 units or more); BCE
   probabilities in (0, 1) (a sigmoid, or a softmax of 2 or more); a softmax
   of one unit is the constant 1 under any loss. */
static void test_loss_and_output_pairs(void)
{
    int loss, act, width;
    for (loss = 0; loss < MLP_LOSS_COUNT; loss++)
        for (act = 0; act < MLP_ACT_COUNT; act++)
            for (width = 1; width <= 3; width += 2) {
                const int softmax_ok = act != MLP_SOFTMAX || width >= 2;
                const int ok = softmax_ok && (loss == MLP_MSE || (loss == MLP_CROSS_ENTROPY && act == MLP_SOFTMAX) ||
                                              (loss == MLP_BCE && (act == MLP_SIGMOID || act == MLP_SOFTMAX)));
                const char *advice = !softmax_ok ? "use MLP_SIGMOID" : loss == MLP_BCE ? "make the output layer MLP_SIGMOID"
                                                                                       : "use one MLP_SIGMOID unit with MLP_BCE";
                mlp_net net;
                mlp_rng rng;
                mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL};
                mlp_optim opt = mlp_sgd((mlp_real)0.1);
                int i, status;
                mlp_rng_seed(&rng, 5);
                mlp_net_new(&net, 2, (mlp_loss_kind)loss);
                mlp_net_add(&net, 4, MLP_TANH);
                mlp_net_add(&net, width, (mlp_act_kind)act);
                mlp_net_initialize(&net, &rng);
                mlp_mat_init(&X, 6, 2);
                mlp_mat_init(&Y, 6, width);
                for (i = 0; i < 12; i++) X.data[i] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
                for (i = 0; i < 6; i++) Y.data[i * width + i % width] = 1; /* one-hot: right for every loss */
                misuse_count = 0;
                misuse_msg[0] = '\0';
                status = mlp_train_epoch(&net, &opt, &X, &Y, 3, &rng, NULL);
                if (status != (ok ? MLP_OK : MLP_ERR_MISUSE) || misuse_count != !ok || (!ok && !strstr(misuse_msg, advice))) {
                    CHECK_INT(ok ? MLP_OK : MLP_ERR_MISUSE, status);
                    CHECK_INT(!ok, misuse_count);
                    CHECK(ok || strstr(misuse_msg, advice) != NULL);
                    fprintf(stderr, "    loss %s, output %s of %d units: %s\n", mlp_loss_name((mlp_loss_kind)loss),
                            mlp_act_name((mlp_act_kind)act), width, misuse_msg);
                }
                CHECK_INT(ok ? 2 : 0, opt.t); /* trained (6 samples in batches of 3: two steps), or not at all */
                mlp_net_free(&net);
                mlp_mat_free(&X);
                mlp_mat_free(&Y);
            }
}

/* ======================================================================== */
/* the source: every report in mlp.h is followed by a return               */

/* The text of mlp.h: next to this file (compiled as tests/test_misuse.c from
   the repository's root, as tests/run.sh does), or in the directory above. */
static char *read_header(void)
{
    static const char *paths[] = {"mlp.h", "../mlp.h"};
    size_t k;
    for (k = 0; k < 2; k++) {
        FILE *f = fopen(paths[k], "rb");
        long n;
        char *s;
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        rewind(f);
        s = (char *)malloc((size_t)n + 1);
        if (s && fread(s, 1, (size_t)n, f) == (size_t)n) {
            s[n] = '\0';
            fclose(f);
            return s;
        }
        free(s);
        fclose(f);
    }
    return NULL;
}

/* Every call of mlp__misuse( in mlp.h either is returned (`return
   mlp__misuse(`) or is a statement whose next statement is a return. The
   scan skips the definition; a call's statement ends at the ';' after its
   closing parenthesis (string literals in the call hold no parentheses that
   are not balanced, which the scan checks by counting). */
static void test_every_report_in_the_source_is_followed_by_a_return(void)
{
    char *src = read_header(), *p;
    int calls = 0, returned = 0, followed = 0, bad = 0;
    if (!CHECK(src != NULL)) {
        fprintf(stderr, "    mlp.h not found from the current directory (run from the repository's root)\n");
        return;
    }
    for (p = strstr(src, "mlp__misuse("); p; p = strstr(p + 1, "mlp__misuse(")) {
        const char *q, *line = p;
        int depth = 0, in_string = 0;
        while (line > src && line[-1] != '\n') line--;
        if (strncmp(line, "static int mlp__misuse(", 23) == 0) continue; /* the definition */
        calls++;
        if (p - src >= 7 && strncmp(p - 7, "return ", 7) == 0) {
            returned++;
            continue;
        }
        for (q = p + strlen("mlp__misuse"); *q; q++) { /* to the end of the call */
            if (in_string) {
                if (*q == '\\') q++;
                else if (*q == '"') in_string = 0;
            } else if (*q == '"') in_string = 1;
            else if (*q == '(') depth++;
            else if (*q == ')' && --depth == 0) break;
        }
        while (*q && *q != ';') q++;
        if (*q) q++;
        while (*q == ' ' || *q == '\n' || *q == '\t') q++;
        if (strncmp(q, "return", 6) == 0) followed++;
        else {
            int line_no = 1;
            const char *c;
            for (c = src; c < p; c++) line_no += *c == '\n';
            fprintf(stderr, "    mlp.h:%d: a misuse report not followed by a return: %.60s\n", line_no, line);
            bad++;
        }
    }
    CHECK_INT(0, bad);
    CHECK(calls >= 100 && returned >= 90); /* the scan saw the file */
    CHECK_INT(calls, returned + followed + bad);
    free(src);
}

/* ======================================================================== */
/* the failing-allocator sweep over a whole workflow                       */

/* Everything a student's program does, from building a network to saving
   it and its data, each call's status passed up: the first failure ends it. */
static int workflow(void)
{
    mlp_net net, back;
    mlp_rng rng;
    mlp_mat X = {0, 0, 0, NULL}, Y = {0, 0, 0, NULL}, P = {0, 0, 0, NULL}, C = {0, 0, 0, NULL};
    mlp_mat L = {0, 0, 0, NULL}, T = {0, 0, 0, NULL}, M = {0, 0, 0, NULL};
    mlp_optim opt = mlp_adam((mlp_real)0.01), opt2;
    mlp_fit_opts o = mlp_fit_defaults();
    mlp_split split;
    mlp_scaler scaler;
    mlp_real loss, g2, var, err;
    char path[512];
    int status;
    memset(&split, 0, sizeof split);
    memset(&scaler, 0, sizeof scaler);
    memset(&net, 0, sizeof net);
    memset(&back, 0, sizeof back);
    mlp_rng_seed(&rng, 3);
    status = mlp_toy_blobs(&X, &L, 40, 3, (mlp_real)0.3, &rng);
    if (!status) status = mlp_one_hot(&Y, &L, 3);
    if (!status) status = mlp_split_data(&split, &X, &Y, (mlp_real)0.25, 0, &rng);
    if (!status) status = mlp_scaler_fit(&scaler, &split.X_train);
    if (!status) status = mlp_scaler_apply(&scaler, &split.X_train, &split.X_train);
    if (!status) status = mlp_scaler_apply(&scaler, &split.X_val, &split.X_val);
    if (!status) status = mlp_net_new(&net, 2, MLP_CROSS_ENTROPY);
    if (!status) status = mlp_net_add(&net, 5, MLP_RELU);
    if (!status) status = mlp_net_add(&net, 3, MLP_SOFTMAX);
    if (!status) status = mlp_net_initialize(&net, &rng);
    if (!status) status = mlp_train_epoch(&net, &opt, &split.X_train, &split.Y_train, 8, &rng, &loss);
    if (!status) {
        o.epochs = 3;
        o.batch_size = 8;
        o.X_val = &split.X_val;
        o.Y_val = &split.Y_val;
        status = mlp_fit(&net, &opt, &split.X_train, &split.Y_train, &rng, &o);
    }
    if (!status) status = mlp_evaluate(&net, &split.X_val, &split.Y_val, &loss);
    if (!status) status = mlp_predict(&net, &split.X_val, &P);
    if (!status) status = mlp_confusion_matrix(&C, &P, &split.Y_val, 3);
    if (!status && !((err = mlp_grad_check(&net, &split.X_val, &split.Y_val, 0, NULL)) < 1)) status = MLP_ERR_NOMEM;
    if (!status) status = mlp_gradient_noise(&net, &split.X_train, &split.Y_train, 8, &rng, &g2, &var);
    if (!status) status = mlp_mat_mul(&M, &split.X_train, &net.layers[0].W, 0);
    if (!status) status = mlp_act_forward(MLP_TANH, 0, &T, &M);
    if (!status) {
        snprintf(path, sizeof path, "%s/sweep.net", tmp_dir);
        status = mlp_net_save(&net, &opt, path);
    }
    if (!status) status = mlp_net_load(&back, &opt2, path);
    if (!status) {
        snprintf(path, sizeof path, "%s/sweep.csv", tmp_dir);
        status = mlp_csv_save(&P, path, NULL);
    }
    if (!status) status = mlp_csv_load(&T, path, NULL);
    (void)err;
    mlp_net_free(&net);
    mlp_net_free(&back);
    mlp_split_free(&split);
    mlp_scaler_free(&scaler);
    mlp_mat_free(&X);
    mlp_mat_free(&Y);
    mlp_mat_free(&P);
    mlp_mat_free(&C);
    mlp_mat_free(&L);
    mlp_mat_free(&T);
    mlp_mat_free(&M);
    return status;
}

static void test_failing_allocator_sweep(void)
{
    long k, n_calls = 0, failures = 0;
    misuse_count = 0;
    for (k = 0;; k++) {
        long start = alloc_calls;
        int status;
        alloc_fail_at = start + k;
        status = workflow();
        n_calls = alloc_calls - start;
        alloc_fail_at = -1;
        if (k >= n_calls) { /* no allocation failed this time: all covered */
            CHECK_INT(MLP_OK, status);
            break;
        }
        if (status != MLP_ERR_NOMEM || !strstr(mlp_last_error(), "out of memory")) {
            failures++;
            if (failures <= 5)
                fprintf(stderr, "    allocation %ld of %ld failed: status %d, message: %s\n", k, n_calls, status,
                        mlp_last_error());
        }
    }
    CHECK_INT(0, failures);
    CHECK_INT(0, misuse_count); /* running out of memory is never reported as a misuse */
    CHECK(k > 40);
    printf("    failing-allocator sweep: %ld allocations of the workflow, each failed in turn\n", k);
}

int main(int argc, char **argv)
{
    static const test_case tests[] = {
        {"every_misuse_stops_with_its_status", test_every_misuse_stops_with_its_status},
        {"grad_check_failure_value", test_grad_check_failure_value},
        {"loss_and_output_pairs", test_loss_and_output_pairs},
        {"every_report_in_the_source_is_followed_by_a_return", test_every_report_in_the_source_is_followed_by_a_return},
        {"failing_allocator_sweep", test_failing_allocator_sweep},
    };
    int status;
    snprintf(tmp_dir, sizeof tmp_dir, "%s", "/tmp/mlp_test_misuse_XXXXXX");
    if (!mkdtemp(tmp_dir)) {
        fprintf(stderr, "cannot make a temporary directory\n");
        return 2;
    }
    printf("test_misuse (%s)\n", IS_FLOAT ? "float" : "double");
    status = run_tests(argc, argv, tests, (int)(sizeof tests / sizeof tests[0]));
    {
        char path[512];
        snprintf(path, sizeof path, "%s/sweep.net", tmp_dir);
        remove(path);
        snprintf(path, sizeof path, "%s/sweep.csv", tmp_dir);
        remove(path);
        rmdir(tmp_dir);
    }
    return status;
}
