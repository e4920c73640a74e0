/* exercises/08_optimizers.c: momentum and adaptive methods on a quadratic.

   What it shows: how gradient descent, heavy-ball momentum, AdaGrad, RMSProp
   and Adam walk down the ill-conditioned bowl
       J(beta) = (beta_1^2 + kappa beta_2^2) / 2,
   whose gradient is g = (beta_1, kappa beta_2). On a quadratic every claim
   can be checked exactly:
   - gradient descent and heavy ball are linear recurrences, solved in closed
     form (roots of a characteristic polynomial): the closed form predicts the
     number of steps to reach J <= 1e-8 J(beta_0), and the run measures it;
     the optimal step sizes and their rates, (kappa - 1)/(kappa + 1) and
     (sqrt kappa - 1)/(sqrt kappa + 1), are checked against the runs;
   - the slides' momentum (v <- eta v - alpha g; beta <- beta + v) and
     PyTorch's (b <- mu b + g; beta <- beta - lr b) give the same iterates;
   - the slides' AdaGrad and RMSProp divide the whole gradient by one number
     (a running sum of ||g||^2), the standard ones each coordinate by its own:
     the first step of the first goes along g, of the second along sign(g);
   - mlp.h's optimizers (mlp_sgd with momentum and Nesterov, mlp_adagrad,
     mlp_rmsprop, mlp_adam), trained with mlp_train_epoch on a four-point
     data set whose mean squared error IS J, follow the hand-written
     recurrences step by step.

   mlp.h functions: mlp_rng_seed, mlp_rng_uniform, mlp_mat_init, mlp_mat_free,
   mlp_net_new, mlp_net_add, mlp_net_free, mlp_sgd, mlp_adagrad, mlp_rmsprop,
   mlp_adam, mlp_train_epoch, mlp_evaluate, mlp_last_error.

   Feeds reports/08_optimizers.md. Run as `08_optimizers OUTDIR`: writes
   contours.tsv, paths.tsv, loss.tsv, alpha.tsv, hb_grid.tsv, hb_marks.tsv and
   results.yaml into OUTDIR. Nothing here is random except the extra
   starting points of the checks (MLP_SEED); MLP_QUICK=1 uses coarser grids
   and fewer of them. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SEED 8
#define KAPPA 25.0        /* condition number: the Hessian is diag(1, KAPPA) */
#define BETA0_1 (-4.0)    /* the starting point of the figures */
#define BETA0_2 1.0
#define TOL 1e-8          /* "converged": J <= TOL J(beta_0) */
#define T_MAX 5000        /* steps before giving up */
#define ALPHA_GIVEN 0.04  /* a common step size, 1/lambda_max, for GD and heavy ball */
#define ETA_GIVEN 0.9     /* a common momentum */
#define RHO 0.9           /* RMSProp's decay (the slides' rho, PyTorch's alpha) */
#define T_PATH 60         /* steps drawn over the contours */
#define T_LOSS 400        /* steps in the loss figure */
#define T_CHECK 200       /* steps compared with mlp.h */
#define T_RATE 200        /* heavy ball's rate is measured between steps T_RATE and 2 T_RATE */

static const double PI = 3.14159265358979323846;

/* ---- the methods ------------------------------------------------------------ */
typedef enum {
    GD,            /* beta <- beta - alpha g */
    HEAVY_BALL,    /* the slides' momentum: v <- eta v - alpha g; beta <- beta + v */
    ADAGRAD,       /* per coordinate: s <- s + g^2; beta <- beta - alpha g / (sqrt s + eps) */
    RMSPROP,       /* per coordinate: s <- rho s + (1 - rho) g^2; beta <- beta - alpha g / (sqrt s + eps) */
    ADAM,          /* Kingma and Ba, with PyTorch's bias corrections and eps */
    SLIDE_ADAGRAD, /* the slides: r <- r + ||g||^2; beta <- beta - alpha g / sqrt r */
    SLIDE_RMSPROP  /* the slides: r <- rho r + (1 - rho) ||g||^2; beta <- beta - alpha g / sqrt r */
} method_kind;

typedef struct {
    method_kind kind;
    double alpha, eta; /* step size; momentum (HEAVY_BALL) */
    const char *key;   /* name in results.yaml and the data files */
} method;

typedef struct {
    double beta[2];
    double v[2]; /* velocity (heavy ball), first moment (Adam) */
    double s[2]; /* per-coordinate sum or average of g^2 */
    double r;    /* the slides' scalar accumulator of ||g||^2 */
    long t;      /* steps taken */
} state;

static double J(const double beta[2]) { return 0.5 * (beta[0] * beta[0] + KAPPA * beta[1] * beta[1]); }

static void gradient(const double beta[2], double g[2])
{
    g[0] = beta[0];
    g[1] = KAPPA * beta[1];
}

/* One heavy-ball step in the slides' form (D9):
       v <- eta v - alpha g,   beta <- beta + v,
   v starting at 0. PyTorch writes the same method as b <- eta b + g,
   beta <- beta - alpha b (mlp_sgd with momentum = eta): v = -alpha b as long
   as alpha does not change. */
static void heavy_ball_step(double beta[2], double v[2], const double g[2], double alpha, double eta)
{
    int i;
    /* BEGIN SOLUTION heavy-ball: the slides' momentum step, for each
       coordinate i: first the velocity v[i] <- eta v[i] - alpha g[i], then
       the parameter beta[i] <- beta[i] + v[i] */
    for (i = 0; i < 2; i++) {
        v[i] = eta * v[i] - alpha * g[i];
        beta[i] = beta[i] + v[i];
    }
    /* END SOLUTION; stub: (void)beta, (void)v, (void)g, (void)alpha, (void)eta, (void)i; */
}

/* One step of method m, written out; the constants (eps = 1e-10 for
   AdaGrad, 1e-8 for the others; Adam's 0.9 and 0.999) are PyTorch's, as in
   mlp.h. The slides' forms have no eps: r > 0 after the first gradient. */
static void hand_step(const method *m, state *st)
{
    double g[2], n2;
    int i;
    gradient(st->beta, g);
    st->t++;
    n2 = g[0] * g[0] + g[1] * g[1];
    switch (m->kind) {
    case GD:
        for (i = 0; i < 2; i++) st->beta[i] -= m->alpha * g[i];
        break;
    case HEAVY_BALL: heavy_ball_step(st->beta, st->v, g, m->alpha, m->eta); break;
    case ADAGRAD:
        for (i = 0; i < 2; i++) {
            st->s[i] += g[i] * g[i];
            st->beta[i] -= m->alpha * (g[i] / (sqrt(st->s[i]) + 1e-10));
        }
        break;
    case RMSPROP:
        for (i = 0; i < 2; i++) {
            st->s[i] = RHO * st->s[i] + (1 - RHO) * (g[i] * g[i]);
            st->beta[i] -= m->alpha * (g[i] / (sqrt(st->s[i]) + 1e-8));
        }
        break;
    case ADAM: {
        const double b1 = 0.9, b2 = 0.999;
        double bc1 = 1 - pow(b1, (double)st->t), bc2_sqrt = sqrt(1 - pow(b2, (double)st->t));
        for (i = 0; i < 2; i++) {
            st->v[i] = b1 * st->v[i] + (1 - b1) * g[i];
            st->s[i] = b2 * st->s[i] + (1 - b2) * (g[i] * g[i]);
            st->beta[i] -= (m->alpha / bc1) * (st->v[i] / (sqrt(st->s[i]) / bc2_sqrt + 1e-8));
        }
        break;
    }
    case SLIDE_ADAGRAD:
        st->r += n2;
        for (i = 0; i < 2; i++) st->beta[i] -= m->alpha / sqrt(st->r) * g[i];
        break;
    case SLIDE_RMSPROP:
        st->r = RHO * st->r + (1 - RHO) * n2;
        for (i = 0; i < 2; i++) st->beta[i] -= m->alpha / sqrt(st->r) * g[i];
        break;
    }
}

static void start(state *st, const double beta0[2])
{
    memset(st, 0, sizeof *st);
    st->beta[0] = beta0[0], st->beta[1] = beta0[1];
}

/* The step count of a run: the number of steps after which J stays at or
   below TOL J(beta_0) for good (up to T_MAX), 0 if it does not end there.
   A method whose loss goes up and down (momentum does) can dip below TOL
   and come back; only the last crossing counts. */
static int settle_count(const double *J_ratio, int T)
{
    int t, last_above = 0;
    if (!(J_ratio[T] <= TOL)) return 0;
    for (t = 1; t <= T; t++)
        if (!(J_ratio[t] <= TOL)) last_above = t;
    return last_above + 1;
}

static double J_ratio_buf[T_MAX + 1];

/* The largest J / J0 over the last 500 steps of a run: where the method
   ended up, if it hovers instead of converging. */
#define T_LATE 500
static double late_max(const double *J_ratio)
{
    double m = 0;
    int t;
    for (t = T_MAX - T_LATE + 1; t <= T_MAX; t++) m = fmax(m, J_ratio[t]);
    return m;
}

static int steps_to_tol(const method *m, const double beta0[2])
{
    state st;
    double J0 = J(beta0);
    start(&st, beta0);
    J_ratio_buf[0] = 1;
    while (st.t < T_MAX) {
        hand_step(m, &st);
        J_ratio_buf[st.t] = J(st.beta) / J0;
    }
    return settle_count(J_ratio_buf, T_MAX);
}

/* ---- the closed forms ---------------------------------------------------------
   Along an eigenvector with eigenvalue lambda (here the two axes, lambda = 1
   and KAPPA), gradient descent multiplies the coordinate by (1 - alpha
   lambda) per step: beta_t = (1 - alpha lambda)^t beta_0. Heavy ball is the
   recurrence beta_{t+1} = (1 + eta - alpha lambda) beta_t - eta beta_{t-1}
   with beta_{-1} = beta_0 (v starts at 0), whose solution is built from the
   roots of r^2 - (1 + eta - alpha lambda) r + eta = 0:
     two real roots     beta_t = A r1^t + B r2^t
     one double root    beta_t = (beta_0 + C t) r^t
     complex pair       beta_t = rho^t (beta_0 cos(t theta) + D sin(t theta)),  rho = sqrt(eta)
   with the constants fixed by beta_0 and beta_1 = (1 - alpha lambda) beta_0.
   GD is heavy ball with eta = 0 (roots 1 - alpha lambda and 0). */
static double hb_closed(double lambda, double alpha, double eta, double b0, long t)
{
    double p = 1 + eta - alpha * lambda, disc = p * p - 4 * eta, b1 = (1 - alpha * lambda) * b0;
    double scale = fmax(p * p, 4 * eta);
    if (t == 0) return b0;
    if (eta == 0) return pow(p, (double)t) * b0;
    if (disc > 1e-12 * scale) {
        double r1 = (p + sqrt(disc)) / 2, r2 = (p - sqrt(disc)) / 2, A = (b1 - r2 * b0) / (r1 - r2);
        return A * pow(r1, (double)t) + (b0 - A) * pow(r2, (double)t);
    }
    if (disc < -1e-12 * scale) {
        double rho = sqrt(eta), theta = atan2(sqrt(-disc), p), D = (b1 / rho - b0 * cos(theta)) / sin(theta);
        return pow(rho, (double)t) * (b0 * cos(t * theta) + D * sin(t * theta));
    }
    {
        double r = p / 2, C = b1 / r - b0;
        return (b0 + C * t) * pow(r, (double)t);
    }
}

/* The closed form's step count, for GD (eta = 0) and heavy ball. */
static int predicted_steps(double alpha, double eta, const double beta0[2])
{
    double J0 = J(beta0);
    long t;
    J_ratio_buf[0] = 1;
    for (t = 1; t <= T_MAX; t++) {
        double b[2] = {hb_closed(1, alpha, eta, beta0[0], t), hb_closed(KAPPA, alpha, eta, beta0[1], t)};
        J_ratio_buf[t] = J(b) / J0;
    }
    return settle_count(J_ratio_buf, T_MAX);
}

/* The asymptotic rate: the largest |root| over both eigenvalues. */
static double spectral_radius(double alpha, double eta)
{
    const double lambdas[2] = {1, KAPPA};
    double worst = 0;
    int i;
    for (i = 0; i < 2; i++) {
        double p = 1 + eta - alpha * lambdas[i], disc = p * p - 4 * eta, r;
        if (disc >= 0) r = fmax(fabs((p + sqrt(disc)) / 2), fabs((p - sqrt(disc)) / 2));
        else r = sqrt(eta);
        worst = fmax(worst, r);
    }
    return worst;
}

/* The rate of convergence as a run shows it: (J_2T / J_T)^(1 / 2T) with
   T = T_RATE, late enough for the slowest mode to dominate, early enough
   for J to be far from underflow. (The square root because J is quadratic
   in beta.) */
static double measured_rate(const method *m, const double beta0[2])
{
    state st;
    double J_T;
    start(&st, beta0);
    while (st.t < T_RATE) hand_step(m, &st);
    J_T = J(st.beta);
    while (st.t < 2 * T_RATE) hand_step(m, &st);
    return pow(J(st.beta) / J_T, 1.0 / (2 * T_RATE));
}

/* ---- the same methods in mlp.h --------------------------------------------------
   A network with 2 inputs, one linear output unit and no hidden layer is
   z = beta_1 x_1 + beta_2 x_2 + b, with W = (beta_1, beta_2)^T. On the four
   samples x = (1, 0), (-1, 0), (0, sqrt kappa), (0, -sqrt kappa), all with
   target 0, mlp.h's MSE (a mean over the 4 samples, no 1/2) is
       (beta_1^2 + beta_1^2 + kappa beta_2^2 + kappa beta_2^2) / 4 = J(beta)
   while b = 0, and the gradient of b is a sum of +-z in pairs: exactly 0 at
   b = 0, so b never moves. One mlp_train_epoch with batch 4 is one full
   gradient step. */
static void quadratic_net(mlp_net *net, mlp_mat *X, mlp_mat *Y, const double beta0[2])
{
    const double sk = sqrt(KAPPA);
    course_ok(mlp_net_new(net, 2, MLP_MSE) || mlp_net_add(net, 1, MLP_IDENTITY) || mlp_mat_init(X, 4, 2) ||
              mlp_mat_init(Y, 4, 1),
          "building the quadratic's network");
    /* X is zero-filled; the pairs +-x stay next to each other, so that the
       column sum giving db adds z and -z first */
    X->data[0] = 1, X->data[2] = -1;
    X->data[5] = (mlp_real)sk, X->data[7] = (mlp_real)-sk;
    net->layers[0].W.data[0] = (mlp_real)beta0[0];
    net->layers[0].W.data[1] = (mlp_real)beta0[1];
    net->layers[0].b.data[0] = 0;
}

/* T steps of opt through mlp.h and of m by hand from beta0; the largest
   distance between the two parameter vectors over the run, relative to
   ||beta_0||. Also checks that b stayed exactly 0. */
static double mlp_vs_hand(mlp_optim opt, const method *m, const double beta0[2], int T)
{
    mlp_net net;
    mlp_mat X = {0}, Y = {0};
    state st;
    double worst = 0, n0 = sqrt(beta0[0] * beta0[0] + beta0[1] * beta0[1]);
    int t;
    quadratic_net(&net, &X, &Y, beta0);
    start(&st, beta0);
    for (t = 1; t <= T; t++) {
        double d0, d1;
        course_ok(mlp_train_epoch(&net, &opt, &X, &Y, 4, NULL, NULL), "mlp_train_epoch");
        hand_step(m, &st);
        d0 = (double)net.layers[0].W.data[0] - st.beta[0];
        d1 = (double)net.layers[0].W.data[1] - st.beta[1];
        worst = fmax(worst, sqrt(d0 * d0 + d1 * d1) / n0);
        if (net.layers[0].b.data[0] != 0) worst = INFINITY;
    }
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Y);
    return worst;
}

/* Nesterov's momentum (Sutskever et al.'s form, as PyTorch and mlp.h), by
   hand: b <- mu b + g; beta <- beta - lr (g + mu b). Only for the check. */
static double nesterov_vs_mlp(double lr, double mu, const double beta0[2], int T)
{
    mlp_net net;
    mlp_mat X = {0}, Y = {0};
    mlp_optim opt = mlp_sgd((mlp_real)lr);
    double beta[2] = {beta0[0], beta0[1]}, b[2] = {0, 0}, worst = 0;
    double n0 = sqrt(beta0[0] * beta0[0] + beta0[1] * beta0[1]);
    int t, i;
    opt.momentum = (mlp_real)mu;
    opt.nesterov = 1;
    quadratic_net(&net, &X, &Y, beta0);
    for (t = 1; t <= T; t++) {
        double g[2], d0, d1;
        course_ok(mlp_train_epoch(&net, &opt, &X, &Y, 4, NULL, NULL), "mlp_train_epoch");
        gradient(beta, g);
        for (i = 0; i < 2; i++) {
            b[i] = t == 1 ? g[i] : mu * b[i] + g[i];
            beta[i] -= lr * (g[i] + mu * b[i]);
        }
        d0 = (double)net.layers[0].W.data[0] - beta[0];
        d1 = (double)net.layers[0].W.data[1] - beta[1];
        worst = fmax(worst, sqrt(d0 * d0 + d1 * d1) / n0);
    }
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Y);
    return worst;
}

/* ---- self-check ------------------------------------------------------------------
   1. heavy_ball_step (the TODO) against the closed form of its recurrence,
      hb_closed, at the given (alpha, eta) (complex roots) and at the optimal
      ones (a double root), for T_CHECK steps: the two agree to rounding
      (~1e-15); a slip in the step (a sign, the order of the two updates, a
      missing eta) is off by far more than the 1e-9 allowed.
   2. mlp.h's Adam, through mlp_step with the gradient dW set by hand (so
      that nothing but the optimizer is involved), against the hand-written
      Adam above. */
static double hb_vs_closed(double alpha, double eta, const double beta0[2])
{
    method hb = {HEAVY_BALL, alpha, eta, "hb"};
    state st;
    double worst = 0, n0 = sqrt(beta0[0] * beta0[0] + beta0[1] * beta0[1]);
    start(&st, beta0);
    while (st.t < T_CHECK) {
        double d0, d1;
        hand_step(&hb, &st);
        d0 = st.beta[0] - hb_closed(1, alpha, eta, beta0[0], st.t);
        d1 = st.beta[1] - hb_closed(KAPPA, alpha, eta, beta0[1], st.t);
        worst = fmax(worst, sqrt(d0 * d0 + d1 * d1) / n0);
    }
    return worst;
}

static int self_check(void)
{
    const double beta0[2] = {BETA0_1, BETA0_2}, sk = sqrt(KAPPA);
    const double alpha_opt = 4 / ((1 + sk) * (1 + sk)), eta_opt = ((sk - 1) / (sk + 1)) * ((sk - 1) / (sk + 1));
    method adam = {ADAM, 0.1, 0, "adam"};
    mlp_optim opt = mlp_adam((mlp_real)0.1);
    mlp_net net;
    mlp_mat X = {0}, Y = {0};
    state st;
    double d = fmax(hb_vs_closed(ALPHA_GIVEN, ETA_GIVEN, beta0), hb_vs_closed(alpha_opt, eta_opt, beta0));
    if (!(d < 1e-9)) {
        fprintf(stderr, "08_optimizers: FAILED: heavy ball by hand leaves its closed form by %.2g (relative) within "
                        "%d steps: see TODO(heavy-ball) in exercises/08_optimizers.c, heavy_ball_step\n", d, T_CHECK);
        return 0;
    }
    quadratic_net(&net, &X, &Y, beta0);
    start(&st, beta0);
    d = 0;
    while (st.t < T_CHECK) {
        double g[2], d0, d1;
        gradient(st.beta, g);
        net.layers[0].dW.data[0] = (mlp_real)g[0], net.layers[0].dW.data[1] = (mlp_real)g[1];
        net.layers[0].db.data[0] = 0;
        course_ok(mlp_step(&net, &opt), "mlp_step");
        hand_step(&adam, &st);
        /* the next gradient from the hand-written iterate: both follow one trajectory */
        d0 = (double)net.layers[0].W.data[0] - st.beta[0];
        d1 = (double)net.layers[0].W.data[1] - st.beta[1];
        d = fmax(d, sqrt(d0 * d0 + d1 * d1) / sqrt(beta0[0] * beta0[0] + beta0[1] * beta0[1]));
    }
    mlp_net_free(&net);
    mlp_mat_free(&X), mlp_mat_free(&Y);
    if (!(d < 1e-9)) {
        fprintf(stderr, "08_optimizers: FAILED: mlp_step's Adam and Adam by hand part by %.2g (relative) within %d "
                        "steps: see TODO(adam-step) in mlp.h, mlp__adam_update\n", d, T_CHECK);
        return 0;
    }
    return 1;
}

/* ---- angles ------------------------------------------------------------------------ */
static double angle_deg(const double a[2], const double b[2])
{
    /* atan2 of |cross| and dot: accurate near 0, unlike acos of the cosine */
    return atan2(fabs(a[0] * b[1] - a[1] * b[0]), a[0] * b[0] + a[1] * b[1]) * 180 / PI;
}

/* The first step of method m from beta0, in d. */
static void first_step(const method *m, const double beta0[2], double d[2])
{
    state st;
    start(&st, beta0);
    hand_step(m, &st);
    d[0] = st.beta[0] - beta0[0], d[1] = st.beta[1] - beta0[1];
}

/* A point of the ellipse J = J(beta0 of the figures) at angle phi. */
static void on_ellipse(double phi, double beta[2])
{
    const double b0[2] = {BETA0_1, BETA0_2};
    double J0 = J(b0);
    beta[0] = sqrt(2 * J0) * cos(phi);
    beta[1] = sqrt(2 * J0 / KAPPA) * sin(phi);
}

enum { M_GD_OPT, M_GD, M_HB_OPT, M_HB, M_ADAGRAD, M_RMSPROP, M_ADAM, M_SLIDE_ADAGRAD, M_SLIDE_RMSPROP, N_METHODS };

int main(int argc, char **argv)
{
    const double beta0[2] = {BETA0_1, BETA0_2};
    const double sk = sqrt(KAPPA);
    const double alpha_gd_opt = 2 / (1 + KAPPA);                 /* 2 / (lambda_min + lambda_max) */
    const double alpha_hb_opt = 4 / ((1 + sk) * (1 + sk));        /* 4 / (sqrt lambda_min + sqrt lambda_max)^2 */
    const double eta_hb_opt = ((sk - 1) / (sk + 1)) * ((sk - 1) / (sk + 1));
    const double rate_gd = (KAPPA - 1) / (KAPPA + 1), rate_hb = (sk - 1) / (sk + 1);
    method meth[N_METHODS] = {
        {GD, alpha_gd_opt, 0, "gd_opt"},           {GD, ALPHA_GIVEN, 0, "gd"},
        {HEAVY_BALL, alpha_hb_opt, eta_hb_opt, "hb_opt"}, {HEAVY_BALL, ALPHA_GIVEN, ETA_GIVEN, "hb"},
        {ADAGRAD, 0, 0, "adagrad"},                {RMSPROP, 0, 0, "rmsprop"},
        {ADAM, 0, 0, "adam"},                      {SLIDE_ADAGRAD, 0, 0, "slide_adagrad"},
        {SLIDE_RMSPROP, 0, 0, "slide_rmsprop"}};
    int n_alpha, n_grid, n_starts, steps[N_METHODS], predicted[4], mismatches = 0, counts_compared = 0;
    double final_loss[N_METHODS], late[N_METHODS];
    int settled_rmsprop = 0;                  /* RMSProp runs that settled below TOL (none should) */
    double cycle_ew, cycle_slide;             /* RMSProp's 2-cycles, J / J0 */
    double gd_rate_measured, hb_rate_measured, hb_given_rate_measured, grid_min_radius = INFINITY;
    int grid_best = 0, grid_best_i = 0, grid_best_j = 0;
    double forms_const = 0, forms_sched = 0;  /* the two momentum forms apart, constant and changing alpha */
    double elementwise_vs_sign = 0, slide_vs_g = 0, angle_g_sign0 = 0; /* first steps, degrees */
    double first_len[3][2]; /* element-wise AdaGrad, slides' AdaGrad, slides' AdaGrad as printed; J and 100 J */
    double mlp_worst = 0, mlp_diff[6], net_loss_err;
    unsigned long long seed;
    mlp_rng rng;
    FILE *f;
    int i, k, t;

    course_start(argc, argv, "08_optimizers", "optimizers");
    seed = course_seed(SEED);
    n_alpha = course_pick(13, 31);  /* step sizes tried, 10^-3 .. 1 (at most 64) */
    n_grid = course_pick(31, 81);   /* heavy ball's (alpha, eta) grid, per side */
    n_starts = course_pick(10, 40); /* random starting points for the checks */

    /* ---- self-check; MLP_CHECK_ONLY=1 stops after it ---- */
    if (!self_check()) return 1;
    if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
        printf("08_optimizers: self-check passed\n");
        return 0;
    }

    /* ---- step sizes: the adaptive methods at the best alpha of a grid ----
       alpha from 10^-3 to 1 (larger steps jump across the bowl: the first
       element-wise step is alpha in each coordinate). "Best": the fewest
       steps to settle below TOL. RMSProp, in either form, settles at no
       alpha (it hovers at a distance proportional to alpha, see late_max):
       it runs with Adam's alpha, of which it is the part without momentum.
       The grid, every method's count on it (0: never) and RMSProp's late
       level go to alpha.tsv, GD's and heavy ball's (at the optimal eta) too. */
    f = course_open("alpha.tsv");
    fprintf(f, "# alpha\tgd\thb_eta_opt\tadagrad\trmsprop\tadam\tslide_adagrad\tslide_rmsprop"
               "\trmsprop_late_max\tslide_rmsprop_late_max\t(steps until J stays <= %g J0; 0 = never within %d)\n",
            TOL, T_MAX);
    for (k = 0; k < n_alpha; k++) {
        double alpha = pow(10, -3 + 3.0 * k / (n_alpha - 1)), late_rms[2] = {0, 0};
        method gd = {GD, alpha, 0, "gd"}, hb = {HEAVY_BALL, alpha, eta_hb_opt, "hb"};
        fprintf(f, "%.17g\t%d\t%d", alpha, steps_to_tol(&gd, beta0), steps_to_tol(&hb, beta0));
        for (i = M_ADAGRAD; i < N_METHODS; i++) {
            method m = meth[i];
            int n;
            m.alpha = alpha;
            n = steps_to_tol(&m, beta0);
            fprintf(f, "\t%d", n);
            if (m.kind == RMSPROP || m.kind == SLIDE_RMSPROP) {
                late_rms[m.kind == SLIDE_RMSPROP] = late_max(J_ratio_buf);
                settled_rmsprop += n > 0;
            } else if (n > 0 && (meth[i].alpha == 0 || n < steps[i]))
                meth[i].alpha = alpha, steps[i] = n;
        }
        fprintf(f, "\t%.17g\t%.17g\n", late_rms[0], late_rms[1]);
    }
    course_close(f, "alpha.tsv");
    for (i = M_ADAGRAD; i < N_METHODS; i++)
        if (meth[i].kind != RMSPROP && meth[i].kind != SLIDE_RMSPROP && meth[i].alpha == 0)
            course_die("%s settled below %g J0 at no step size of the grid", meth[i].key, TOL);
    meth[M_RMSPROP].alpha = meth[M_SLIDE_RMSPROP].alpha = meth[M_ADAM].alpha;
    /* Where RMSProp ends. Element-wise: once the second moment s has
       caught up with g^2, every step moves each coordinate by alpha |g| /
       sqrt(s) = alpha, and the iterate jumps between +-(alpha/2, alpha/2).
       The slides' form moves by alpha along g: the only 2-cycle has
       beta parallel to g, on the steep axis, +-(0, alpha/2). */
    {
        double a = meth[M_RMSPROP].alpha;
        cycle_ew = 0.5 * (1 + KAPPA) * (a / 2) * (a / 2) / J(beta0);
        cycle_slide = 0.5 * KAPPA * (a / 2) * (a / 2) / J(beta0);
    }

    /* ---- every method from beta0: steps, paths, loss curves ---- */
    {
        double path[N_METHODS][T_PATH + 1][2], loss[N_METHODS][T_LOSS + 1];
        for (i = 0; i < N_METHODS; i++) {
            state st;
            steps[i] = steps_to_tol(&meth[i], beta0); /* leaves J / J0 of every step in J_ratio_buf */
            for (t = 0; t <= T_LOSS; t++) loss[i][t] = J_ratio_buf[t];
            final_loss[i] = J_ratio_buf[T_MAX];
            late[i] = late_max(J_ratio_buf);
            start(&st, beta0);
            for (t = 0; t <= T_PATH; t++) {
                if (t > 0) hand_step(&meth[i], &st);
                path[i][t][0] = st.beta[0], path[i][t][1] = st.beta[1];
            }
        }
        f = course_open("paths.tsv");
        fprintf(f, "# step");
        for (i = 0; i < N_METHODS; i++) fprintf(f, "\t%s_b1\t%s_b2", meth[i].key, meth[i].key);
        fprintf(f, "\n");
        for (t = 0; t <= T_PATH; t++) {
            fprintf(f, "%d", t);
            for (i = 0; i < N_METHODS; i++) fprintf(f, "\t%.17g\t%.17g", path[i][t][0], path[i][t][1]);
            fprintf(f, "\n");
        }
        course_close(f, "paths.tsv");
        f = course_open("loss.tsv");
        fprintf(f, "# step");
        for (i = 0; i < N_METHODS; i++) fprintf(f, "\t%s", meth[i].key);
        fprintf(f, "\t(J / J0)\n");
        for (t = 0; t <= T_LOSS; t++) {
            fprintf(f, "%d", t);
            for (i = 0; i < N_METHODS; i++) fprintf(f, "\t%.17g", loss[i][t]);
            fprintf(f, "\n");
        }
        course_close(f, "loss.tsv");
    }

    /* ---- contours of J, for the paths figure: levels J0 2^-k ---- */
    f = course_open("contours.tsv");
    fprintf(f, "# b1\tb2\tJ/J0 on the level set (one block per level)\n");
    for (k = 0; k < 12; k++) {
        double level = pow(2, -k);
        for (t = 0; t <= 200; t++) {
            double b[2];
            on_ellipse(2 * PI * t / 200, b);
            fprintf(f, "%.17g\t%.17g\t%.17g\n", b[0] * sqrt(level), b[1] * sqrt(level), level);
        }
        fprintf(f, "\n\n");
    }
    course_close(f, "contours.tsv");

    /* ---- closed forms against the runs, from beta0 and n_starts random points ---- */
    {
        static const int closed[4] = {M_GD_OPT, M_GD, M_HB_OPT, M_HB};
        mlp_rng_seed(&rng, seed);
        for (k = 0; k <= n_starts; k++) {
            double b0[2];
            if (k == 0) b0[0] = beta0[0], b0[1] = beta0[1];
            else on_ellipse(2 * PI * mlp_rng_uniform(&rng), b0);
            for (i = 0; i < 4; i++) {
                const method *m = &meth[closed[i]];
                int p = predicted_steps(m->alpha, m->kind == GD ? 0 : m->eta, b0);
                if (k == 0) predicted[i] = p;
                mismatches += p != steps_to_tol(m, b0);
                counts_compared++;
            }
        }
    }

    /* ---- rates ---- */
    {
        /* GD at alpha*: both coordinates shrink by exactly (kappa - 1)/(kappa + 1) per step */
        state st;
        start(&st, beta0);
        for (t = 0; t < steps[M_GD_OPT]; t++) hand_step(&meth[M_GD_OPT], &st);
        gd_rate_measured = pow(J(st.beta) / J(beta0), 1.0 / (2 * steps[M_GD_OPT]));
        hb_rate_measured = measured_rate(&meth[M_HB_OPT], beta0);
        hb_given_rate_measured = measured_rate(&meth[M_HB], beta0);
    }

    /* ---- heavy ball over an (alpha, eta) grid: steps and the spectral radius ---- */
    f = course_open("hb_grid.tsv");
    fprintf(f, "# alpha\teta\tsteps (0 = not within %d)\tspectral_radius\n", T_MAX);
    for (i = 0; i < n_grid; i++) {
        for (k = 0; k < n_grid; k++) {
            double alpha = 0.3 * (i + 1) / n_grid, eta = 0.95 * k / (n_grid - 1);
            method m = {HEAVY_BALL, alpha, eta, "hb"};
            int n = steps_to_tol(&m, beta0);
            double rho = spectral_radius(alpha, eta);
            grid_min_radius = fmin(grid_min_radius, rho);
            if (n > 0 && (grid_best == 0 || n < grid_best)) grid_best = n, grid_best_i = i, grid_best_j = k;
            fprintf(f, "%.17g\t%.17g\t%d\t%.17g\n", alpha, eta, n, rho);
        }
        fprintf(f, "\n");
    }
    course_close(f, "hb_grid.tsv");
    f = course_open("hb_marks.tsv");
    fprintf(f, "# alpha\teta\tsteps\twhat\n");
    fprintf(f, "%.17g\t%.17g\t%d\toptimum\n", alpha_hb_opt, eta_hb_opt, steps[M_HB_OPT]);
    fprintf(f, "%.17g\t%.17g\t%d\tfewest\n", 0.3 * (grid_best_i + 1) / n_grid, 0.95 * grid_best_j / (n_grid - 1), grid_best);
    course_close(f, "hb_marks.tsv");

    /* ---- the slides' momentum against PyTorch's, constant and changing alpha ---- */
    {
        int sched;
        for (sched = 0; sched < 2; sched++) {
            double v[2] = {0, 0}, b[2] = {0, 0}, p1[2] = {beta0[0], beta0[1]}, p2[2] = {beta0[0], beta0[1]};
            double n0 = sqrt(beta0[0] * beta0[0] + beta0[1] * beta0[1]), worst = 0;
            for (t = 1; t <= T_CHECK; t++) {
                double alpha = sched && t > 10 ? ALPHA_GIVEN / 2 : ALPHA_GIVEN, g[2], d0, d1;
                gradient(p1, g);
                heavy_ball_step(p1, v, g, alpha, ETA_GIVEN); /* slides */
                gradient(p2, g);
                for (k = 0; k < 2; k++) { /* PyTorch: b <- mu b + g (b = g at the first step), p <- p - lr b */
                    b[k] = t == 1 ? g[k] : ETA_GIVEN * b[k] + g[k];
                    p2[k] -= alpha * b[k];
                }
                d0 = p1[0] - p2[0], d1 = p1[1] - p2[1];
                worst = fmax(worst, sqrt(d0 * d0 + d1 * d1) / n0);
            }
            if (sched) forms_sched = worst;
            else forms_const = worst;
        }
    }

    /* ---- the first adaptive step: along sign(g) or along g? ---- */
    {
        mlp_rng_seed(&rng, seed + 1);
        for (k = 0; k <= n_starts; k++) {
            double b0[2], g[2], sg[2], d[2];
            if (k == 0) b0[0] = beta0[0], b0[1] = beta0[1];
            else on_ellipse(2 * PI * mlp_rng_uniform(&rng), b0);
            gradient(b0, g);
            sg[0] = -(g[0] > 0 ? 1.0 : -1.0), sg[1] = -(g[1] > 0 ? 1.0 : -1.0);
            for (i = M_ADAGRAD; i <= M_ADAM; i++) {
                first_step(&meth[i], b0, d);
                elementwise_vs_sign = fmax(elementwise_vs_sign, angle_deg(d, sg));
            }
            g[0] = -g[0], g[1] = -g[1];
            for (i = M_SLIDE_ADAGRAD; i <= M_SLIDE_RMSPROP; i++) {
                first_step(&meth[i], b0, d);
                slide_vs_g = fmax(slide_vs_g, angle_deg(d, g));
            }
            if (k == 0) angle_g_sign0 = angle_deg(g, sg);
        }
        /* Scale: J and 100 J. The first step of element-wise AdaGrad is
           alpha (1, 1) in length sqrt 2 alpha, of the slides' alpha g / ||g||,
           in length alpha: neither depends on the scale of J. The slides'
           formula as printed, r <- r + ||g|| (no square), steps by
           alpha g / sqrt ||g||, of length alpha sqrt ||g||: ten times longer
           for 100 J. */
        for (k = 0; k < 2; k++) {
            double c = k ? 100 : 1, g[2], n;
            gradient(beta0, g);
            g[0] *= c, g[1] *= c;
            n = sqrt(g[0] * g[0] + g[1] * g[1]);
            first_len[0][k] = meth[M_ADAGRAD].alpha * sqrt(pow(g[0] / (fabs(g[0]) + 1e-10), 2) +
                                                           pow(g[1] / (fabs(g[1]) + 1e-10), 2));
            first_len[1][k] = meth[M_SLIDE_ADAGRAD].alpha * n / sqrt(n * n);
            first_len[2][k] = meth[M_SLIDE_ADAGRAD].alpha * n / sqrt(n);
        }
    }

    /* ---- mlp.h against the hand recurrences ---- */
    {
        mlp_optim sgd = mlp_sgd((mlp_real)meth[M_GD_OPT].alpha), mom = mlp_sgd((mlp_real)alpha_hb_opt);
        mlp_optim ada = mlp_adagrad((mlp_real)meth[M_ADAGRAD].alpha), rms = mlp_rmsprop((mlp_real)meth[M_RMSPROP].alpha);
        mlp_net net;
        mlp_mat X = {0}, Y = {0};
        mlp_real L;
        mom.momentum = (mlp_real)eta_hb_opt;
        rms.alpha = (mlp_real)RHO;
        mlp_diff[0] = mlp_vs_hand(sgd, &meth[M_GD_OPT], beta0, T_CHECK);
        mlp_diff[1] = mlp_vs_hand(mom, &meth[M_HB_OPT], beta0, T_CHECK);
        mlp_diff[2] = nesterov_vs_mlp(ALPHA_GIVEN, ETA_GIVEN, beta0, T_CHECK);
        mlp_diff[3] = mlp_vs_hand(ada, &meth[M_ADAGRAD], beta0, T_CHECK);
        mlp_diff[4] = mlp_vs_hand(rms, &meth[M_RMSPROP], beta0, T_CHECK);
        mlp_diff[5] = mlp_vs_hand(mlp_adam((mlp_real)meth[M_ADAM].alpha), &meth[M_ADAM], beta0, T_CHECK);
        for (i = 0; i < 6; i++) mlp_worst = fmax(mlp_worst, mlp_diff[i]);
        quadratic_net(&net, &X, &Y, beta0);
        course_ok(mlp_evaluate(&net, &X, &Y, &L), "mlp_evaluate");
        net_loss_err = fabs((double)L / J(beta0) - 1);
        mlp_net_free(&net);
        mlp_mat_free(&X), mlp_mat_free(&Y);
    }

    /* ---- results ---- */
    course_put("seed", "%llu", seed);
    course_put("kappa", "%g", KAPPA);
    course_put("sqrt_kappa", "%g", sk);
    course_put("beta0_1", "%g", BETA0_1);
    course_put("beta0_2", "%g", BETA0_2);
    course_put("J0", "%g", J(beta0));
    course_put("tol", "%g", TOL);
    course_put("t_max", "%d", T_MAX);
    course_put("rho", "%g", RHO);
    course_put("alpha_given", "%g", ALPHA_GIVEN);
    course_put("eta_given", "%g", ETA_GIVEN);
    course_put("eta_hb_opt", "%.4f", eta_hb_opt);
    course_put("rate_gd", "%.4f", rate_gd);
    course_put("rate_hb", "%.4f", rate_hb);
    course_put("rate_gd_measured", "%.4f", gd_rate_measured);
    course_put("rate_hb_measured", "%.4f", hb_rate_measured);
    course_put("rate_hb_given", "%.4f", sqrt(ETA_GIVEN));
    course_put("rate_hb_given_measured", "%.4f", hb_given_rate_measured);
    course_put("rate_gd_given", "%.4f", 1 - ALPHA_GIVEN);
    course_put("t_rate", "%d", T_RATE);
    course_put("steps_ratio_rate", "%.1f", log(rate_hb) / log(rate_gd));
    course_put("steps_ratio", "%.1f", (double)steps[M_GD_OPT] / steps[M_HB_OPT]);
    for (i = 0; i < N_METHODS; i++) {
        char key[64];
        snprintf(key, sizeof key, "steps_%s", meth[i].key);
        if (steps[i]) course_put(key, "%d", steps[i]);
        else course_put(key, "not within %d", T_MAX);
        snprintf(key, sizeof key, "alpha_%s", meth[i].key);
        course_put(key, "%.3g", meth[i].alpha);
        snprintf(key, sizeof key, "final_%s", meth[i].key);
        course_put_sci(key, final_loss[i], 2);
        snprintf(key, sizeof key, "late_%s", meth[i].key);
        course_put_sci(key, late[i], 2);
    }
    for (i = 0; i < 4; i++) {
        static const char *names[4] = {"gd_opt", "gd", "hb_opt", "hb"};
        char key[64];
        snprintf(key, sizeof key, "predicted_%s", names[i]);
        course_put(key, "%d", predicted[i]);
    }
    course_put("n_starts", "%d", n_starts);
    course_put("counts_compared", "%d", counts_compared);
    course_put("grid_n", "%d", n_grid);
    course_put("grid_best", "%d", grid_best);
    course_put("grid_best_alpha", "%.3f", 0.3 * (grid_best_i + 1) / n_grid);
    course_put("grid_best_eta", "%.3f", 0.95 * grid_best_j / (n_grid - 1));
    course_put("grid_min_radius", "%.4f", grid_min_radius);
    course_put_sci("forms_const", forms_const, 2);
    course_put("forms_sched", "%.2g", forms_sched);
    course_put("angle_g_sign0", "%.1f", angle_g_sign0);
    course_put_sci("elementwise_vs_sign", elementwise_vs_sign, 2);
    course_put_sci("slide_vs_g", slide_vs_g, 2);
    course_put("first_len_ew", "%.3g", first_len[0][0]);
    course_put("first_len_ew_100", "%.3g", first_len[0][1]);
    course_put("first_len_slide", "%.3g", first_len[1][0]);
    course_put("first_len_slide_100", "%.3g", first_len[1][1]);
    course_put("first_len_printed", "%.3g", first_len[2][0]);
    course_put("first_len_printed_100", "%.3g", first_len[2][1]);
    {
        static const char *names[6] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};
        for (i = 0; i < 6; i++) {
            char key[64];
            snprintf(key, sizeof key, "mlp_diff_%s", names[i]);
            course_put_sci(key, mlp_diff[i], 2);
        }
    }
    course_put_sci("net_loss_err", net_loss_err, 2);
    course_put("t_check", "%d", T_CHECK);
    course_put("t_path", "%d", T_PATH);
    course_put("n_alpha", "%d", n_alpha);
    course_put("t_late", "%d", T_LATE);
    course_put("cycle_rmsprop", "%.2g", cycle_ew);
    course_put("cycle_slide_rmsprop", "%.2g", cycle_slide);

    printf("08_optimizers: kappa = %g, from (%g, %g); steps to J <= %g J0:\n", KAPPA, BETA0_1, BETA0_2, TOL);
    for (i = 0; i < N_METHODS; i++)
        printf("  %-14s alpha %-8.4g steps %5d   J/J0 after %d steps %.2g\n", meth[i].key, meth[i].alpha, steps[i],
               T_MAX, final_loss[i]);
    printf("08_optimizers: closed form vs run: %d of %d step counts differ; rates GD %.6f (theory %.6f), "
           "HB %.4f (theory %.4f)\n", mismatches, counts_compared, gd_rate_measured, rate_gd, hb_rate_measured, rate_hb);
    printf("08_optimizers: heavy ball grid: fewest steps %d at alpha %.3f, eta %.3f (optimum's %d); min radius %.6f\n",
           grid_best, 0.3 * (grid_best_i + 1) / n_grid, 0.95 * grid_best_j / (n_grid - 1), steps[M_HB_OPT],
           grid_min_radius);
    printf("08_optimizers: momentum forms: %.2g (constant alpha), %.2g (alpha halved at step 10)\n", forms_const,
           forms_sched);
    printf("08_optimizers: first step: element-wise vs sign(g) %.2g deg, slides vs g %.2g deg, g vs sign(g) %.1f deg\n",
           elementwise_vs_sign, slide_vs_g, angle_g_sign0);
    printf("08_optimizers: mlp.h vs hand: worst %.2g; net loss vs J %.2g\n", mlp_worst, net_loss_err);

    /* ---- claims ----
       Everything here is deterministic but the extra starting points
       (MLP_SEED); bounds checked over seeds 1-20, full and quick
       (sh tools/seeds.sh 08_optimizers 20, and with QUICK=1). Counts are
       compared exactly. Rounding claims allow 1e-12 where 3e-16 is seen.
       The heavy-ball rate allows 1% for the factor t of the double root
       (0.35% seen); the angle to sign(g) allows 1e-3 degrees for eps
       (at most 6e-5 seen over the random starts); the 2-cycles allow 1e-3
       (1.7e-8 seen: the cycle is reached, not approached). */
    {
        char v[96], b[96];
        snprintf(v, sizeof v, "%d of %d differ", mismatches, counts_compared);
        course_claim_equal("counts_match", "Steps to $J \\le 10^{-8} J_0$ for GD and heavy ball (optimal and given "
                           "$\\alpha, \\eta$, from the figures' start and from random ones): counts that differ "
                           "between the closed form and the run", mismatches, 0);
        course_claim_below("gd_rate", "GD at $\\alpha^* = 2/(1+\\kappa)$ contracts by $(\\kappa-1)/(\\kappa+1)$ per "
                           "step (relative error of the measured rate)", fabs(gd_rate_measured / rate_gd - 1), 1e-9);
        course_claim_below("hb_rate", "Heavy ball at its optimal $(\\alpha, \\eta)$ converges at rate "
                           "$(\\kappa^{1/2}-1)/(\\kappa^{1/2}+1)$ (relative error of the rate measured between steps "
                           "200 and 400)", fabs(hb_rate_measured / rate_hb - 1), 0.01);
        course_claim_above("hb_optimum_is_best", "No $(\\alpha, \\eta)$ on the grid has a spectral radius below the "
                           "optimum's $(\\kappa^{1/2}-1)/(\\kappa^{1/2}+1)$ (smallest radius on the grid)",
                           grid_min_radius, rate_hb * (1 - 1e-12));
        snprintf(v, sizeof v, "%d vs %d", steps[M_HB_OPT], grid_best);
        snprintf(b, sizeof b, "within 25%%");
        course_claim_true("hb_optimum_near_fewest", "... and in steps: the optimum's count against the fewest "
                          "on the grid", steps[M_HB_OPT] <= 1.25 * grid_best, v, b);
        course_claim_below("momentum_forms_equal", "The slides' momentum and PyTorch's give the same iterates for "
                           "a constant $\\alpha$ (largest distance over $\\|\\beta_0\\|$)", forms_const, 1e-12);
        course_claim_above("momentum_forms_differ", "... but not when $\\alpha$ changes (halved after step 10)",
                           forms_sched, 1e-3);
        course_claim_below("elementwise_along_sign", "First step of element-wise AdaGrad, RMSProp, Adam: angle "
                           "to $-\\mathrm{sign}(g)$, degrees (largest over the starts; not 0 because of $\\epsilon$)",
                           elementwise_vs_sign, 1e-3);
        course_claim_below("slides_along_g", "First step of the slides' AdaGrad and RMSProp: angle to $-g$, degrees",
                           slide_vs_g, 1e-6);
        snprintf(v, sizeof v, "%d of %d", settled_rmsprop, 2 * n_alpha);
        course_claim_equal("rmsprop_never_settles", "With a constant $\\alpha$, RMSProp (element-wise and the "
                           "slides' form) never settles below $10^{-8} J_0$: runs over the step-size grid that do",
                           settled_rmsprop, 0);
        course_claim_below("rmsprop_two_cycle", "... it ends in the 2-cycle $\\beta = \\pm(\\alpha/2, \\alpha/2)$: "
                           "largest $J/J_0$ of the last 500 steps against that cycle's $(1+\\kappa)\\alpha^2/(8 J_0)$ "
                           "(relative difference)", fabs(late[M_RMSPROP] / cycle_ew - 1), 1e-3);
        course_claim_below("slide_rmsprop_two_cycle", "... the slides' form in $\\beta = \\pm(0, \\alpha/2)$, along "
                           "the steep axis: against $\\kappa\\alpha^2/(8 J_0)$ (relative difference)",
                           fabs(late[M_SLIDE_RMSPROP] / cycle_slide - 1), 1e-3);
        course_claim_below("mlp_equals_hand", "`mlp_step` (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam) "
                           "follows the hand recurrences: largest distance over 200 steps, over $\\|\\beta_0\\|$",
                           mlp_worst, 1e-12);
        course_claim_below("net_loss_is_J", "The four-point network's MSE is $J$ (relative difference)", net_loss_err,
                           1e-15);
    }
    return course_end();
}
