/* exercises/01_autodiff.c: automatic differentiation by hand, on one function.

   What it shows: the derivative of
       z(a, b) = log(b) / (1 + e^(a^2 + b^2))      (natural log)
   at a = 2, b = 3, computed four ways. (1) Reverse mode: the function is
   recorded as a tape (a Wengert list: one elementary operation per node,
   each with its value and its local partial derivatives), then one reverse
   sweep carries the adjoints dz/dv from the output back to the inputs. This
   is what backpropagation does on a network. (2) Forward mode with dual
   numbers, a + a' e with e^2 = 0, one sweep per input. (3) The closed form
   derived by hand in the report. (4) Central differences for steps h from
   1e-1 down to 1e-12, whose error against h draws the V of truncation
   (h^2) and rounding (1/h). Last, the same tape at (a, b) = (20, 30), where
   e^1300 overflows: the naive graph's gradient is NaN, while the graph
   written with the sigmoid, z = log(b) sigmoid(-(a^2 + b^2)), stays finite
   and right.

   mlp.h functions: mlp_sigmoid, mlp_rng_seed, mlp_rng_uniform_range.

   Feeds reports/01_autodiff.md. Run as `01_autodiff OUTDIR`: writes
   nodes.tsv and edges.tsv (the graph), fd.tsv (the finite differences),
   fit.tsv (the fitted arms of the V) and results.yaml into OUTDIR.
   MLP_SEED=n draws the random points of the agreement test with seed n
   (the table and the figures stay at a = 2, b = 3). There is no training
   here: quick mode (MLP_QUICK=1) only tests fewer random points. */
#define _POSIX_C_SOURCE 200809L
#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "course.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define A0 2.0  /* the exercise sheet's point */
#define B0 3.0
#define A_BIG 20.0 /* a point where e^(a^2 + b^2) = e^1300 overflows (the largest double is about e^709.8) */
#define B_BIG 30.0
#define A_MID 12.0 /* e^400 is finite, but (1 + e^400)^2 is not */
#define B_MID 16.0
#define SEED 1
#define H_PER_DECADE 4     /* finite-difference steps per factor of 10 */
#define H_FIRST_DECADE 1   /* h from 10^-1 ... */
#define H_LAST_DECADE 12   /* ... to 10^-12 */
#define FD_REPORT_H 1e-5   /* the step whose error the claims quote */
#define FIT_H_MAX 1e-2     /* the fit of the right arm stops here: above it the h^4 term shows */
#define MAX_NODES 16

/* ---- the tape ---------------------------------------------------------------
   A node is one elementary operation v_k = op(v_p0[, v_p1]). The forward sweep
   computes its value and, while it has the inputs at hand, the local partial
   derivatives dv_k/dv_p0 and dv_k/dv_p1. The reverse sweep then needs nothing
   but these numbers: the chain rule is a sum of products along the edges. */
typedef enum op_kind { OP_INPUT, OP_SQUARE, OP_ADD, OP_EXP, OP_ADD_ONE, OP_LOG, OP_DIV, OP_MUL, OP_NEG, OP_SIGMOID } op_kind;

typedef struct node {
    op_kind op;
    int parent[2];     /* indices of the operands on the tape; -1 if none */
    double value;      /* v_k, from the forward sweep */
    double partial[2]; /* dv_k / dv_parent[j], from the forward sweep */
    double adjoint;    /* dz / dv_k, from the reverse sweep */
    const char *label; /* for the figure, gnuplot's enhanced text: "v_3 = (v_1)^2" */
    double x, y;       /* where the figure draws it */
} node;

typedef struct tape {
    int n;             /* nodes 0 and 1 are the inputs a and b; node n - 1 is z */
    node v[MAX_NODES];
} tape;

static int tape_push(tape *t, op_kind op, int p0, int p1, const char *label, double x, double y)
{
    node *v = &t->v[t->n];
    memset(v, 0, sizeof *v);
    v->op = op, v->parent[0] = p0, v->parent[1] = p1, v->label = label, v->x = x, v->y = y;
    return t->n++;
}

/* z = log(b) / (1 + e^(a^2 + b^2)), one operation per node, as on paper.
   (Numbered from 1 in the report and the figure: node k here is v_(k+1).) */
static void build_naive(tape *t)
{
    int a, b, a2, b2, s, e, d, l;
    t->n = 0;
    a = tape_push(t, OP_INPUT, -1, -1, "v_1 = a", 0, 1.6);
    b = tape_push(t, OP_INPUT, -1, -1, "v_2 = b", 0, -0.2);
    a2 = tape_push(t, OP_SQUARE, a, -1, "v_3 = (v_1)^2", 1, 1.6);
    b2 = tape_push(t, OP_SQUARE, b, -1, "v_4 = (v_2)^2", 1, 0.5);
    s = tape_push(t, OP_ADD, a2, b2, "v_5 = v_3 + v_4", 2, 1.05);
    e = tape_push(t, OP_EXP, s, -1, "v_6 = exp v_5", 3, 1.05);
    d = tape_push(t, OP_ADD_ONE, e, -1, "v_7 = 1 + v_6", 4, 1.05);
    l = tape_push(t, OP_LOG, b, -1, "v_8 = log v_2", 2.5, -1.0);
    tape_push(t, OP_DIV, l, d, "v_9 = v_8 / v_7", 5, 0.0);
}

/* The same z, written so that no intermediate can overflow:
   1 / (1 + e^s) = sigmoid(-s), so z = log(b) sigmoid(-(a^2 + b^2)).
   mlp_sigmoid only ever takes exp of a negative number (see mlp.h). */
static void build_stable(tape *t)
{
    int a, b, a2, b2, s, ns, sg, l;
    t->n = 0;
    a = tape_push(t, OP_INPUT, -1, -1, "v_1 = a", 0, 1.6);
    b = tape_push(t, OP_INPUT, -1, -1, "v_2 = b", 0, -0.2);
    a2 = tape_push(t, OP_SQUARE, a, -1, "v_3 = (v_1)^2", 1, 1.6);
    b2 = tape_push(t, OP_SQUARE, b, -1, "v_4 = (v_2)^2", 1, 0.5);
    s = tape_push(t, OP_ADD, a2, b2, "v_5 = v_3 + v_4", 2, 1.05);
    ns = tape_push(t, OP_NEG, s, -1, "v_6 = -v_5", 3, 1.05);
    sg = tape_push(t, OP_SIGMOID, ns, -1, "v_7 = {/Symbol s}(v_6)", 4, 1.05);
    l = tape_push(t, OP_LOG, b, -1, "v_8 = log v_2", 2.5, -1.0);
    tape_push(t, OP_MUL, l, sg, "v_9 = v_8 v_7", 5, 0.0);
}

/* Forward sweep: every node's value and local partials, in tape order (a
   node's operands always come before it). */
static void tape_forward(tape *t, double a, double b)
{
    int k;
    for (k = 0; k < t->n; k++) {
        node *v = &t->v[k];
        double x = v->parent[0] >= 0 ? t->v[v->parent[0]].value : 0;
        double y = v->parent[1] >= 0 ? t->v[v->parent[1]].value : 0;
        v->partial[0] = v->partial[1] = 0;
        switch (v->op) {
        case OP_INPUT: v->value = k == 0 ? a : b; break;
        case OP_SQUARE: v->value = x * x, v->partial[0] = 2 * x; break;
        case OP_ADD: v->value = x + y, v->partial[0] = 1, v->partial[1] = 1; break;
        case OP_EXP: v->value = exp(x), v->partial[0] = v->value; break; /* (e^x)' = e^x: the value itself */
        case OP_ADD_ONE: v->value = 1 + x, v->partial[0] = 1; break;
        case OP_LOG: v->value = log(x), v->partial[0] = 1 / x; break;
        case OP_DIV: /* d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2 = -(x/y)/y */
            v->value = x / y, v->partial[0] = 1 / y, v->partial[1] = -v->value / y;
            break;
        case OP_MUL: v->value = x * y, v->partial[0] = y, v->partial[1] = x; break;
        case OP_NEG: v->value = -x, v->partial[0] = -1; break;
        case OP_SIGMOID: /* sigmoid'(x) = sigmoid(x) (1 - sigmoid(x)), from the value */
            v->value = (double)mlp_sigmoid((mlp_real)x), v->partial[0] = v->value * (1 - v->value);
            break;
        }
    }
}

/* Reverse sweep: the adjoint of node k is dz/dv_k. The output's is
   dz/dz = 1. A node passes to each operand its own adjoint times the local
   partial on the edge between them; an operand used by several nodes (b
   here: by b^2 and by log b) receives the sum of what each passes, which is
   the chain rule for a variable that reaches z along several paths:
       adjoint(v_p) = sum over children k of adjoint(v_k) dv_k/dv_p.
   Visiting the nodes from last to first guarantees that every child has
   passed its share before a node passes its own on. */
static void tape_reverse(tape *t)
{
    int k, j;
    for (k = 0; k < t->n; k++) t->v[k].adjoint = 0;
    /* BEGIN SOLUTION reverse-sweep: seed the output's adjoint with dz/dz = 1,
       then visit the nodes from the last to the first, and for each operand
       j of node k add adjoint(k) * partial[j] to the operand's adjoint
       (add, do not overwrite: b has two children). */
    t->v[t->n - 1].adjoint = 1;
    for (k = t->n - 1; k >= 0; k--)
        for (j = 0; j < 2; j++)
            if (t->v[k].parent[j] >= 0) t->v[t->v[k].parent[j]].adjoint += t->v[k].adjoint * t->v[k].partial[j];
    /* END SOLUTION; stub: (void)j; */
}

/* z and its gradient by reverse mode on tape t: one forward and one reverse sweep. */
static double reverse_mode(tape *t, double a, double b, double *za, double *zb)
{
    tape_forward(t, a, b);
    tape_reverse(t);
    *za = t->v[0].adjoint;
    *zb = t->v[1].adjoint;
    return t->v[t->n - 1].value;
}

/* ---- forward mode: dual numbers ----------------------------------------------
   A dual number v + d e, with e^2 = 0, carries a value and its derivative
   along one chosen input direction. Arithmetic on duals is the chain rule:
   (u + u'e)(v + v'e) = uv + (u'v + uv')e, f(v + v'e) = f(v) + f'(v) v' e.
   Seeding a' = 1, b' = 0 gives dz/da; a second sweep with a' = 0, b' = 1
   gives dz/db: forward mode costs one sweep per input. */
typedef struct dual {
    double v; /* value */
    double d; /* derivative along the seeded direction */
} dual;

static dual dual_make(double v, double d)
{
    dual r;
    r.v = v, r.d = d;
    return r;
}
static dual dual_add(dual x, dual y) { return dual_make(x.v + y.v, x.d + y.d); }
static dual dual_mul(dual x, dual y) { return dual_make(x.v * y.v, x.d * y.v + x.v * y.d); }
static dual dual_div(dual x, dual y) { return dual_make(x.v / y.v, (x.d * y.v - x.v * y.d) / (y.v * y.v)); }
static dual dual_exp(dual x)
{
    double e = exp(x.v);
    return dual_make(e, e * x.d);
}
static dual dual_log(dual x) { return dual_make(log(x.v), x.d / x.v); }

static dual z_dual(dual a, dual b)
{
    dual one = dual_make(1, 0);
    return dual_div(dual_log(b), dual_add(one, dual_exp(dual_add(dual_mul(a, a), dual_mul(b, b)))));
}

static double forward_mode(double a, double b, double *za, double *zb)
{
    dual z = z_dual(dual_make(a, 1), dual_make(b, 0)); /* direction a */
    *za = z.d;
    z = z_dual(dual_make(a, 0), dual_make(b, 1)); /* direction b */
    *zb = z.d;
    return z.v;
}

/* ---- the closed form (derived in the report) ---------------------------------
   With s = a^2 + b^2 and E = e^s:
     dz/da = -2a log(b) E / (1 + E)^2
     dz/db = 1 / (b (1 + E)) - 2b log(b) E / (1 + E)^2 */
static double closed_form(double a, double b, double *za, double *zb)
{
    double E = exp(a * a + b * b), q = E / ((1 + E) * (1 + E));
    *za = -2 * a * log(b) * q;
    *zb = 1 / (b * (1 + E)) - 2 * b * log(b) * q;
    return log(b) / (1 + E);
}

static double z_plain(double a, double b) { return log(b) / (1 + exp(a * a + b * b)); }

/* Central differences. We divide by the step actually taken, (x + h) - (x - h)
   as rounded, rather than by 2h: the rounding of x + h then cancels out
   (as in mlp_grad_check). */
static void central_differences(double a, double b, double h, double *za, double *zb)
{
    double up = a + h, down = a - h;
    *za = (z_plain(up, b) - z_plain(down, b)) / (up - down);
    up = b + h, down = b - h;
    *zb = (z_plain(a, up) - z_plain(a, down)) / (up - down);
}

/* ---- the exact values, in logarithms ------------------------------------------
   At (20, 30) the gradient is about 1e-563, far below the smallest double
   (4.9e-324): no floating-point evaluation can return it, but its logarithm
   is an ordinary number. With softplus(x) = log(1 + e^x), computed without
   overflow, log sigmoid(x) = -softplus(-x), and
     z     = log(b) sigmoid(-s)
     dz/da = -2a log(b) sigmoid(s) sigmoid(-s)
     dz/db = sigmoid(-s) (1/b - 2b log(b) sigmoid(s)).
   Each is sign * e^L; exact_value rounds it to the nearest double (0 when it
   underflows) and exact_text writes it as "-1.23e-563". Valid for b > 1. */
typedef struct lognum {
    int sign;
    double L; /* natural log of the magnitude */
} lognum;

static double softplus(double x) { return fmax(x, 0) + log1p(exp(-fabs(x))); }

static void exact_log(double a, double b, lognum *z, lognum *za, lognum *zb)
{
    double s = a * a + b * b, lb = log(b), sig_s = (double)mlp_sigmoid((mlp_real)s);
    double bracket = 1 / b - 2 * b * lb * sig_s;
    z->sign = 1, z->L = log(lb) - softplus(s);
    za->sign = a > 0 ? -1 : 1, za->L = log(2 * fabs(a) * lb) - softplus(-s) - softplus(s);
    zb->sign = bracket > 0 ? 1 : -1, zb->L = -softplus(s) + log(fabs(bracket));
}

static double exact_value(lognum x) { return x.sign * exp(x.L); } /* exp underflows to 0 gracefully */

static void exact_text(char *out, size_t n, lognum x)
{
    double e10 = floor(x.L / log(10.0)), m = exp(x.L - e10 * log(10.0));
    if (m >= 9.995) m /= 10, e10 += 1; /* 9.9996 would print as 10.00 */
    snprintf(out, n, "%s%.3fe%d", x.sign < 0 ? "-" : "", m, (int)e10);
}

/* A double as the report prints it: 17 significant digits, and NaN and
   infinity spelled out (printf writes -nan for a NaN with its sign bit set). */
static void text17(char *out, size_t n, double x)
{
    if (x != x) snprintf(out, n, "NaN");
    else if (isinf(x)) snprintf(out, n, "%s", x > 0 ? "inf" : "-inf");
    else snprintf(out, n, "%.17g", x);
}

static void text4(char *out, size_t n, double x)
{
    if (x != x) snprintf(out, n, "NaN");
    else if (isinf(x)) snprintf(out, n, "%s", x > 0 ? "inf" : "-inf");
    else snprintf(out, n, "%.4g", x);
}

/* The power of ten of x's leading digit: -6 for -9.93e-06. */
static int decimal_exponent(double x) { return (int)floor(log10(fabs(x))); }

/* results.yaml key "KEY_m": x / 10^e with 17 significant digits, where e is
   the decimal exponent of `ref`. The digits are printf's own (%.16e), moved
   by string surgery rather than by a division, which would round. */
static void put_mantissa17(const char *key, double x, double ref)
{
    char buf[64], digits[32], name[64];
    int e, shift, i, n = 0, neg = x < 0;
    snprintf(buf, sizeof buf, "%.16e", fabs(x)); /* d.dddddddddddddddde-XX */
    e = atoi(strchr(buf, 'e') + 1);
    shift = e - decimal_exponent(ref); /* 0 normally; 1 or -1 if x crossed a power of ten */
    for (i = 0; buf[i] != 'e'; i++)
        if (buf[i] != '.') digits[n++] = buf[i];
    digits[n] = 0;
    snprintf(name, sizeof name, "%s_m", key);
    if (shift == 0) course_put(name, "%s%c.%s", neg ? "-" : "", digits[0], digits + 1);
    else if (shift == 1) course_put(name, "%s%c%c.%s", neg ? "-" : "", digits[0], digits[1], digits + 2);
    else course_put(name, "%s0.%s", neg ? "-" : "", digits);
}

/* results.yaml key "PREFIX_WHAT": x with 4 significant digits. */
static void put_text4(const char *prefix, const char *what, double x)
{
    char key[64], buf[64];
    snprintf(key, sizeof key, "%s_%s", prefix, what);
    text4(buf, sizeof buf, x);
    course_put(key, "%s", buf);
}

static double rel_diff(double x, double ref) { return fabs(x - ref) / fabs(ref); }

/* ---- self-check ------------------------------------------------------------------
   The reverse sweep against dual numbers, on both tapes, at the sheet's
   point and at points where the naive graph is still safe. A sweep that
   overwrites instead of adding, runs in the wrong order, forgets the seed or
   a partial, is off by far more than rounding. Returns 1 if all agree. */
static int reverse_self_check(void)
{
    static const double pts[4][2] = {{A0, B0}, {0.5, 1.5}, {-1.2, 2.2}, {1.7, 0.6}};
    tape t;
    int p, which;
    for (which = 0; which < 2; which++) {
        if (which == 0) build_naive(&t);
        else build_stable(&t);
        for (p = 0; p < 4; p++) {
            double ra, rb, fa, fb, err;
            reverse_mode(&t, pts[p][0], pts[p][1], &ra, &rb);
            forward_mode(pts[p][0], pts[p][1], &fa, &fb);
            err = fmax(rel_diff(ra, fa), rel_diff(rb, fb));
            /* 1e-12: rounding is 1e-16, a slip is off by 1e-1 or more. The stable
               tape's sigmoid is mlp.h's, in float when MLP_REAL is float. */
            if (!(err < (which == 1 && sizeof(mlp_real) == sizeof(float) ? 1e-5 : 1e-12))) {
                fprintf(stderr, "01_autodiff: FAILED: reverse sweep of the %s tape at (a, b) = (%g, %g) gives "
                                "dz/da = %.6g, dz/db = %.6g; dual numbers give %.6g, %.6g: see TODO(reverse-sweep) "
                                "in exercises/01_autodiff.c, tape_reverse\n",
                        which ? "stable" : "naive", pts[p][0], pts[p][1], ra, rb, fa, fb);
                return 0;
            }
        }
    }
    return 1;
}

/* Least-squares line through (x_i, y_i): slope and its standard error. */
static void fit_line(const double *x, const double *y, int n, double *slope, double *icept, double *se)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0, rss = 0;
    int i;
    for (i = 0; i < n; i++) mx += x[i] / n, my += y[i] / n;
    for (i = 0; i < n; i++) sxx += (x[i] - mx) * (x[i] - mx), sxy += (x[i] - mx) * (y[i] - my);
    *slope = sxy / sxx;
    *icept = my - *slope * mx;
    for (i = 0; i < n; i++) {
        double r = y[i] - (*icept + *slope * x[i]);
        rss += r * r;
    }
    *se = n > 2 ? sqrt(rss / (n - 2) / sxx) : 0;
}

#define N_H ((H_LAST_DECADE - H_FIRST_DECADE) * H_PER_DECADE + 1)

int main(int argc, char **argv)
{
    tape naive, stable;
    double z_rev, za_rev, zb_rev, z_fwd, za_fwd, zb_fwd, z_cf, za_cf, zb_cf, za_fd, zb_fd;
    double h[N_H], err_a[N_H], err_b[N_H], round_a[N_H], round_b[N_H];
    double worst_exact = 0, worst_sheet, worst_stable_naive = 0, fd_err_report;
    double slope_a, icept_a, se_a, slope_b, icept_b, se_b, lslope_a, licept_a, lse_a, lslope_b, licept_b, lse_b;
    double fx[N_H], fy[N_H], best_h = 0, best_err = INFINITY, h_cross, h_model;
    int i, k, n_points, n_fit_a = 0, n_fit_b = 0, n_left_a = 0, n_left_b = 0;
    double fit_lo_a = 0, fit_lo_b = 0, left_hi_a = 0, left_hi_b = 0;
    unsigned long long seed;
    mlp_rng rng;
    char buf[64], key[64];
    FILE *f;

    course_start(argc, argv, "01_autodiff", "autodiff");
    seed = course_seed(SEED);
    n_points = course_pick(1000, 10000);

    /* ---- self-check; MLP_CHECK_ONLY=1 stops after it ---- */
    if (!reverse_self_check()) return 1;
    if (getenv("MLP_CHECK_ONLY") && atoi(getenv("MLP_CHECK_ONLY")) != 0) {
        printf("01_autodiff: self-check passed\n");
        return 0;
    }

    /* ---- the sheet's point: four ways ---- */
    build_naive(&naive);
    build_stable(&stable);
    z_rev = reverse_mode(&naive, A0, B0, &za_rev, &zb_rev);
    z_fwd = forward_mode(A0, B0, &za_fwd, &zb_fwd);
    z_cf = closed_form(A0, B0, &za_cf, &zb_cf);
    central_differences(A0, B0, FD_REPORT_H, &za_fd, &zb_fd);
    worst_sheet = fmax(fmax(rel_diff(za_fwd, za_rev), rel_diff(zb_fwd, zb_rev)),
                       fmax(rel_diff(za_cf, za_rev), rel_diff(zb_cf, zb_rev)));
    fd_err_report = fmax(rel_diff(za_fd, za_rev), rel_diff(zb_fd, zb_rev));

    /* The graph, with this point's values, partials and adjoints. */
    f = course_open("nodes.tsv");
    fprintf(f, "# x\ty\tlabel\tvalue\tadjoint\n");
    for (k = 0; k < naive.n; k++)
        fprintf(f, "%g\t%g\t\"%s\"\t%.17g\t%.17g\n", naive.v[k].x, naive.v[k].y, naive.v[k].label, naive.v[k].value,
                naive.v[k].adjoint);
    course_close(f, "nodes.tsv");
    f = course_open("edges.tsv");
    fprintf(f, "# x_from\ty_from\tx_to\ty_to\tlocal_partial\n");
    for (k = 0; k < naive.n; k++)
        for (i = 0; i < 2; i++)
            if (naive.v[k].parent[i] >= 0) {
                const node *p = &naive.v[naive.v[k].parent[i]];
                fprintf(f, "%g\t%g\t%g\t%g\t%.17g\n", p->x, p->y, naive.v[k].x, naive.v[k].y, naive.v[k].partial[i]);
            }
    course_close(f, "edges.tsv");

    /* ---- many points: do the exact methods agree everywhere, not just here? ----
       a in [0.5, 3], b in [2, 4]: b > 1 keeps log b away from 0, and there
       neither partial derivative passes through zero, so a relative
       difference measures rounding and not a cancellation. */
    mlp_rng_seed(&rng, seed);
    for (i = 0; i < n_points; i++) {
        double a = mlp_rng_uniform_range(&rng, 0.5, 3), b = mlp_rng_uniform_range(&rng, 2, 4);
        double ra, rb, fa, fb, ca, cb, sa, sb;
        reverse_mode(&naive, a, b, &ra, &rb);
        forward_mode(a, b, &fa, &fb);
        closed_form(a, b, &ca, &cb);
        reverse_mode(&stable, a, b, &sa, &sb);
        worst_exact = fmax(worst_exact, fmax(fmax(rel_diff(fa, ra), rel_diff(fb, rb)),
                                             fmax(rel_diff(ca, ra), rel_diff(cb, rb))));
        worst_stable_naive = fmax(worst_stable_naive, fmax(rel_diff(sa, ra), rel_diff(sb, rb)));
    }
    worst_exact = fmax(worst_exact, worst_sheet);

    /* ---- finite differences: the V ----
       For each h, the relative error of the central difference, and the
       level rounding alone would give: each z(x +- h) carries a relative
       rounding error of about eps, so their difference is uncertain by about
       eps |z| and the quotient by eps |z| / h. */
    for (k = 0; k < N_H; k++) {
        double za, zb;
        h[k] = pow(10.0, -(H_FIRST_DECADE + (double)k / H_PER_DECADE));
        central_differences(A0, B0, h[k], &za, &zb);
        err_a[k] = rel_diff(za, za_rev);
        err_b[k] = rel_diff(zb, zb_rev);
        round_a[k] = DBL_EPSILON * fabs(z_rev) / (h[k] * fabs(za_rev));
        round_b[k] = DBL_EPSILON * fabs(z_rev) / (h[k] * fabs(zb_rev));
        if (fmax(err_a[k], err_b[k]) < best_err) best_err = fmax(err_a[k], err_b[k]), best_h = h[k];
    }
    /* The right arm: where the error is more than 100 times the rounding
       level (so truncation dominates), and h <= FIT_H_MAX (so that the next
       term of the Taylor series, of order h^4, is still small). */
    for (k = 0; k < N_H; k++)
        if (h[k] <= FIT_H_MAX * 1.0000001 && err_a[k] > 100 * round_a[k]) {
            fx[n_fit_a] = log10(h[k]), fy[n_fit_a++] = log10(err_a[k]);
            fit_lo_a = h[k];
        }
    fit_line(fx, fy, n_fit_a, &slope_a, &icept_a, &se_a);
    for (k = 0; k < N_H; k++)
        if (h[k] <= FIT_H_MAX * 1.0000001 && err_b[k] > 100 * round_b[k]) {
            fx[n_fit_b] = log10(h[k]), fy[n_fit_b++] = log10(err_b[k]);
            fit_lo_b = h[k];
        }
    fit_line(fx, fy, n_fit_b, &slope_b, &icept_b, &se_b);
    /* The left arm: where the fitted truncation error is below a hundredth
       of the rounding level. An exact 0 (both evaluations rounded alike)
       has no logarithm and is left out. */
    for (k = 0; k < N_H; k++)
        if (pow(10.0, icept_a) * pow(h[k], slope_a) < round_a[k] / 100 && err_a[k] > 0) {
            if (!n_left_a) left_hi_a = h[k];
            fx[n_left_a] = log10(h[k]), fy[n_left_a++] = log10(err_a[k]);
        }
    fit_line(fx, fy, n_left_a, &lslope_a, &licept_a, &lse_a);
    for (k = 0; k < N_H; k++)
        if (pow(10.0, icept_b) * pow(h[k], slope_b) < round_b[k] / 100 && err_b[k] > 0) {
            if (!n_left_b) left_hi_b = h[k];
            fx[n_left_b] = log10(h[k]), fy[n_left_b++] = log10(err_b[k]);
        }
    fit_line(fx, fy, n_left_b, &lslope_b, &licept_b, &lse_b);
    /* Where the two fitted arms of dz/da cross; and the minimum of the model
       error C h^2 + D / h, with C fitted on the right arm and D = eps |z| / |z'|
       the rounding level: 2 C h = D / h^2 gives h = (D / 2C)^(1/3). */
    h_cross = pow(pow(10.0, licept_a - icept_a), 1.0 / (slope_a - lslope_a));
    h_model = cbrt(DBL_EPSILON * fabs(z_rev) / fabs(za_rev) / (2 * pow(10.0, icept_a)));

    f = course_open("fd.tsv");
    fprintf(f, "# h\trel_err_dz_da\trel_err_dz_db\trounding_level_da\trounding_level_db\n");
    for (k = 0; k < N_H; k++)
        fprintf(f, "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", h[k], err_a[k], err_b[k], round_a[k], round_b[k]);
    course_close(f, "fd.tsv");
    f = course_open("fit.tsv");
    fprintf(f, "# h\tright_arm_fit_da\tleft_arm_fit_da\tright_arm_fit_db\tleft_arm_fit_db (each NaN outside its range)\n");
    for (k = 0; k < N_H; k++) {
        int in_r_a = h[k] >= fit_lo_a * 0.9999999 && h[k] <= FIT_H_MAX * 1.0000001;
        int in_r_b = h[k] >= fit_lo_b * 0.9999999 && h[k] <= FIT_H_MAX * 1.0000001;
        int in_l_a = h[k] <= left_hi_a * 1.0000001, in_l_b = h[k] <= left_hi_b * 1.0000001;
        fprintf(f, "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", h[k],
                in_r_a ? pow(10.0, icept_a + slope_a * log10(h[k])) : NAN,
                in_l_a ? pow(10.0, licept_a + lslope_a * log10(h[k])) : NAN,
                in_r_b ? pow(10.0, icept_b + slope_b * log10(h[k])) : NAN,
                in_l_b ? pow(10.0, licept_b + lslope_b * log10(h[k])) : NAN);
    }
    course_close(f, "fit.tsv");

    /* ---- results: the sheet's point ---- */
    course_put("a", "%g", A0);
    course_put("b", "%g", B0);
    course_put("s", "%g", A0 * A0 + B0 * B0);
    course_put("seed", "%llu", seed);
    course_put("n_points", "%d", n_points);
    reverse_mode(&naive, A0, B0, &za_rev, &zb_rev); /* the tape holds the last random point: back to the sheet's */
    for (k = 0; k < naive.n; k++) {
        const node *v = &naive.v[k];
        snprintf(key, sizeof key, "v%d_value", k + 1), text4(buf, sizeof buf, v->value), course_put(key, "%s", buf);
        snprintf(key, sizeof key, "v%d_adj", k + 1), text4(buf, sizeof buf, v->adjoint), course_put(key, "%s", buf);
        for (i = 0; i < 2; i++)
            if (v->parent[i] >= 0) {
                snprintf(key, sizeof key, "v%d_d%d", k + 1, i), text4(buf, sizeof buf, v->partial[i]);
                course_put(key, "%s", buf);
            }
    }
    /* The table of the four answers shows 17 significant digits as a
       mantissa, with the power of ten in the column's heading (the same
       for every method: all agree to far more than their first digit). */
    put_mantissa17("za_rev", za_rev, za_rev), put_mantissa17("zb_rev", zb_rev, zb_rev);
    put_mantissa17("za_fwd", za_fwd, za_rev), put_mantissa17("zb_fwd", zb_fwd, zb_rev);
    put_mantissa17("za_cf", za_cf, za_rev), put_mantissa17("zb_cf", zb_cf, zb_rev);
    put_mantissa17("za_fd", za_fd, za_rev), put_mantissa17("zb_fd", zb_fd, zb_rev);
    put_mantissa17("z", z_rev, z_rev);
    course_put("za_exp", "%d", decimal_exponent(za_rev));
    course_put("zb_exp", "%d", decimal_exponent(zb_rev));
    course_put("z_exp", "%d", decimal_exponent(z_rev));
    course_put_sci("z_methods_rel", fmax(rel_diff(z_fwd, z_rev), rel_diff(z_cf, z_rev)), 1);
    course_put_sci("za_short", za_rev, 4);
    course_put_sci("zb_short", zb_rev, 4);
    text17(buf, sizeof buf, za_rev), course_put("za_rev", "%s", buf);
    text17(buf, sizeof buf, zb_rev), course_put("zb_rev", "%s", buf);
    course_put_sci("za_fwd_rel", rel_diff(za_fwd, za_rev), 2);
    course_put_sci("zb_fwd_rel", rel_diff(zb_fwd, zb_rev), 2);
    course_put_sci("za_cf_rel", rel_diff(za_cf, za_rev), 2);
    course_put_sci("zb_cf_rel", rel_diff(zb_cf, zb_rev), 2);
    course_put_sci("za_fd_rel", rel_diff(za_fd, za_rev), 2);
    course_put_sci("zb_fd_rel", rel_diff(zb_fd, zb_rev), 2);
    course_put_sci("worst_sheet", worst_sheet, 2);
    course_put_sci("worst_exact", worst_exact, 2);
    course_put_sci("worst_stable_naive", worst_stable_naive, 2);
    course_put_sci("fd_h", FD_REPORT_H, 1);
    course_put_sci("fd_err", fd_err_report, 2);
    course_put_sci("eps", DBL_EPSILON, 3);
    course_put_sci("eps_cbrt", cbrt(DBL_EPSILON), 2);
    course_put_sci("eps_23", pow(DBL_EPSILON, 2.0 / 3), 1);
    {
        /* the two paths into b, as the closed form writes them */
        double E = exp(A0 * A0 + B0 * B0);
        course_put_sci("zb_path_log", 1 / (B0 * (1 + E)), 2);
        course_put_sci("zb_path_exp", -2 * B0 * log(B0) * E / ((1 + E) * (1 + E)), 2);
        course_put_sci("exp_s", E, 2);
        course_put_sci("z_short", z_rev, 2);
        course_put_sci("exp_mid", exp(A_MID * A_MID + B_MID * B_MID), 1);
    }
    {
        /* -z / (1 + e^s) at the middle point, from logarithms: log z - softplus(s) */
        lognum q;
        double s_mid = A_MID * A_MID + B_MID * B_MID;
        q.sign = -1, q.L = log(log(B_MID)) - 2 * softplus(s_mid);
        exact_text(buf, sizeof buf, q);
        course_put("mid_partial_exact", "%s", buf);
    }
    course_put("n_h", "%d", N_H);
    course_put("h_per_decade", "%d", H_PER_DECADE);
    course_put("h_first", "%d", -H_FIRST_DECADE);
    course_put("h_last", "%d", -H_LAST_DECADE);
    course_put("slope_a", "%.3f", slope_a);
    course_put("slope_b", "%.3f", slope_b);
    course_put("slope_se_a", "%.1g", se_a);
    course_put("slope_se_b", "%.1g", se_b);
    course_put("n_fit_a", "%d", n_fit_a);
    course_put("n_fit_b", "%d", n_fit_b);
    course_put_sci("fit_lo_a", fit_lo_a, 2);
    course_put_sci("fit_lo_b", fit_lo_b, 2);
    course_put_sci("fit_hi", FIT_H_MAX, 1);
    course_put("trunc_coef_a", "%.2g", pow(10.0, icept_a));
    course_put("trunc_coef_b", "%.2g", pow(10.0, icept_b));
    course_put("left_slope_a", "%.2f", lslope_a);
    course_put("left_slope_b", "%.2f", lslope_b);
    course_put("n_left_a", "%d", n_left_a);
    course_put("n_left_b", "%d", n_left_b);
    course_put_sci("left_hi_a", left_hi_a, 2);
    course_put_sci("left_hi_b", left_hi_b, 2);
    course_put_sci("best_h", best_h, 2);
    course_put_sci("best_err", best_err, 2);
    course_put_sci("h_cross", h_cross, 2);
    course_put_sci("h_model", h_model, 2);
    course_put("h_model_ratio", "%.2f", h_model / cbrt(DBL_EPSILON));
    course_put_sci("err_at_1e-12", fmax(err_a[N_H - 1], err_b[N_H - 1]), 2);

    /* ---- results: three points, naive graph against stable graph ---- */
    {
        static const double pts[3][2] = {{A0, B0}, {A_MID, B_MID}, {A_BIG, B_BIG}};
        static const char *names[3] = {"sheet", "mid", "big"};
        double nz[3], na[3], nb[3], sz[3], sa[3], sb[3], ez[3], ea[3], eb[3];
        int p, stable_right = 1, naive_nan_big, naive_wrong_mid;
        for (p = 0; p < 3; p++) {
            lognum lz, la, lb;
            nz[p] = reverse_mode(&naive, pts[p][0], pts[p][1], &na[p], &nb[p]);
            sz[p] = reverse_mode(&stable, pts[p][0], pts[p][1], &sa[p], &sb[p]);
            exact_log(pts[p][0], pts[p][1], &lz, &la, &lb);
            ez[p] = exact_value(lz), ea[p] = exact_value(la), eb[p] = exact_value(lb);
            snprintf(key, sizeof key, "%s_a", names[p]), course_put(key, "%g", pts[p][0]);
            snprintf(key, sizeof key, "%s_b", names[p]), course_put(key, "%g", pts[p][1]);
            snprintf(key, sizeof key, "%s_s", names[p]), course_put(key, "%g", pts[p][0] * pts[p][0] + pts[p][1] * pts[p][1]);
            put_text4(names[p], "naive_z", nz[p]), put_text4(names[p], "naive_za", na[p]);
            put_text4(names[p], "naive_zb", nb[p]), put_text4(names[p], "stable_z", sz[p]);
            put_text4(names[p], "stable_za", sa[p]), put_text4(names[p], "stable_zb", sb[p]);
            exact_text(buf, sizeof buf, lz), snprintf(key, sizeof key, "%s_exact_z", names[p]), course_put(key, "%s", buf);
            exact_text(buf, sizeof buf, la), snprintf(key, sizeof key, "%s_exact_za", names[p]), course_put(key, "%s", buf);
            exact_text(buf, sizeof buf, lb), snprintf(key, sizeof key, "%s_exact_zb", names[p]), course_put(key, "%s", buf);
            /* The stable graph is right if it returns the nearest double to the
               exact value: to 1e-12 relative where that is a normal number,
               exactly 0 where the exact value underflows. */
            {
                double got[3] = {sz[p], sa[p], sb[p]}, want[3] = {ez[p], ea[p], eb[p]};
                int c;
                for (c = 0; c < 3; c++) {
                    int ok = want[c] == 0 ? got[c] == 0 : rel_diff(got[c], want[c]) < 1e-12;
                    if (!ok) stable_right = 0;
                }
            }
        }
        naive_nan_big = na[2] != na[2] && nb[2] != nb[2];
        naive_wrong_mid = !(rel_diff(na[1], ea[1]) < 0.5 && rel_diff(nb[1], eb[1]) < 0.5);
        course_put("underflow_min", "4.9e-324");

        printf("01_autodiff: z(%g, %g) = %.17g\n", A0, B0, z_rev);
        printf("  dz/da: reverse %.17g  forward %.17g  closed form %.17g  central difference (h = %g) %.17g\n", za_rev,
               za_fwd, za_cf, FD_REPORT_H, za_fd);
        printf("  dz/db: reverse %.17g  forward %.17g  closed form %.17g  central difference (h = %g) %.17g\n", zb_rev,
               zb_fwd, zb_cf, FD_REPORT_H, zb_fd);
        printf("  worst relative difference of the exact methods over %d points: %.2g\n", n_points, worst_exact);
        printf("  finite differences: best h %.2g (error %.2g); right arm slope %.3f (dz/da), %.3f (dz/db)\n", best_h,
               best_err, slope_a, slope_b);
        {
            char t1[32], t2[32], t3[32], t4[32];
            text4(t1, sizeof t1, na[2]), text4(t2, sizeof t2, nb[2]), text4(t3, sizeof t3, sa[2]), text4(t4, sizeof t4, sb[2]);
            printf("  at (%g, %g): naive dz/da %s, dz/db %s; stable %s, %s\n", A_BIG, B_BIG, t1, t2, t3, t4);
        }

        /* ---- claims ----
           This chapter is deterministic at the sheet's point; MLP_SEED only
           moves the random points of `exact_methods_agree`. Bounds, from
           `sh tools/seeds.sh 01_autodiff 10` (and QUICK=1): see the comment
           on each. */
        /* Observed over seeds 1-10: 5.9e-16 to 7.6e-16 (1e4 points each; quick
           mode, 1e3 points: 4.8e-16 to 6.5e-16): a few ulps. 1e-14 is the
           course's "about 1e-14", with a margin of more than 10. */
        course_claim_below("exact_methods_agree",
                           "Reverse mode, forward mode (dual numbers) and the closed form agree: largest relative "
                           "difference of $\\partial z/\\partial a$, $\\partial z/\\partial b$ at $(2, 3)$ and at "
                           "random points with $a \\in [0.5, 3]$, $b \\in [2, 4]$",
                           worst_exact, 1e-14);
        /* Deterministic: 4.3e-10 (dz/db; the truncation error C h^2 at h = 1e-5,
           C = 4.3). */
        course_claim_below("fd_close_at_h_1e5", "Central differences with $h = 10^{-5}$: relative error at $(2, 3)$",
                           fd_err_report, 1e-8);
        /* Deterministic: 2.00 for both partials (standard errors of the fits
           7e-5 and 3e-5). The band 2 +- 0.05 separates slope 2 from slope 1
           (a one-sided difference) and slope 4 by far. */
        course_claim_between("v_right_arm_slope_a",
                             "Slope of the V's right arm (truncation), $\\partial z/\\partial a$: least-squares fit "
                             "of $\\log_{10}$ error against $\\log_{10} h$ where truncation dominates",
                             slope_a, 1.95, 2.05);
        course_claim_between("v_right_arm_slope_b", "The same for $\\partial z/\\partial b$", slope_b, 1.95, 2.05);
        /* Deterministic: -0.89 and -1.05. Rounding noise scatters around
           eps/h (and its pattern depends on the last bits of exp and log,
           which vary with the CPU): a wide band, that still tells 1/h
           from a flat floor (0) or from 1/h^2. */
        course_claim_between("v_left_arm_slope_a", "Slope of the V's left arm (rounding), $\\partial z/\\partial a$",
                             lslope_a, -1.5, -0.5);
        course_claim_between("v_left_arm_slope_b", "The same for $\\partial z/\\partial b$", lslope_b, -1.5, -0.5);
        /* Deterministic: the arms cross at 2.9e-6 = 0.48 eps^(1/3). A factor
           of 10 either way is what "near eps^(1/3)" can mean when the
           constants C and D are not 1. */
        course_claim_between("best_h_near_cbrt_eps",
                             "The fitted arms cross near $\\epsilon^{1/3}$: the step where they meet, in multiples of "
                             "$\\epsilon^{1/3}$",
                             h_cross / cbrt(DBL_EPSILON), 0.1, 10);
        snprintf(buf, sizeof buf, "%s, %s", isnan(na[2]) ? "NaN" : "number", isnan(nb[2]) ? "NaN" : "number");
        course_claim_true("naive_nan_at_20_30",
                          "At $(a, b) = (20, 30)$, $e^{1300}$ overflows and the naive graph's gradient is NaN",
                          naive_nan_big, buf, "NaN, NaN");
        snprintf(buf, sizeof buf, "%.2g, %.2g", na[1], nb[1]);
        course_claim_true("naive_wrong_at_12_16",
                          "At $(12, 16)$ nothing is NaN, but the naive gradient is wrong: "
                          "$\\partial v_9/\\partial v_7 = -z/(1 + e^{400})$ underflows to 0",
                          naive_wrong_mid, buf, "not the exact values");
        course_claim_true("stable_right_everywhere",
                          "The stable graph ($\\sigma(-s)$) returns $z$ and its gradient rounded correctly at all "
                          "three points (relative error below $10^{-12}$, or exactly 0 where the exact value is "
                          "below the smallest double)",
                          stable_right, stable_right ? "yes" : "no", "yes");
        /* At random points where the naive graph is safe, the two graphs
           compute the same numbers by different operations. Observed over seeds
           1-10: 5.4e-16 to 7.5e-16 (full and quick). */
        course_claim_below("stable_equals_naive_where_safe",
                           "Where nothing overflows, the stable graph's gradient equals the naive one's (largest "
                           "relative difference over the random points)",
                           worst_stable_naive, 1e-13);
    }
    return course_end();
}
