/* tanh_accuracy.c - how close mlp.h's tanh is to the true tanh, whether every
   build computes the same bits, and how fast it is (see "tanh, computed here"
   under >>activation in mlp.h, which quotes this program's output).

   Build it like the library's users do, in each precision:
     cc -std=c99 -O2 -ffp-contract=off -o build/tanh_acc_double tools/tanh_accuracy.c -lm
     cc -std=c99 -O2 -ffp-contract=off -DMLP_REAL=float -o build/tanh_acc_float tools/tanh_accuracy.c -lm
   and run it:
     tanh_accuracy           the largest error in ulps (about a minute):
                             float: every non-negative float, against tanh in
                             double (then rounded to float: correctly rounded
                             for practical purposes);
                             double: 1.3e7 points in [0, 20], against tanhl
                             (long double, 11 more bits on x86-64);
                             and, bit for bit, mlp_tanh(x) (one number) against
                             the block function (at every 16th float), and
                             tanh(-x) against -tanh(x)
     tanh_accuracy --digest  only a hash of the bits of all those results:
                             compare it between builds (gcc, clang, -O0, -O2,
                             -march=native, -DMLP_NO_DISPATCH,
                             -DMLP__NO_VECTORS, C++). Where mlp.h holds two
                             copies of its tanh code (16-byte vectors, and
                             32-byte AVX vectors chosen at run time), the hash
                             is computed with each copy the processor runs,
                             and the program fails if they differ
     tanh_accuracy --speed   nanoseconds per number for n = 2048: mlp.h's block
                             function with each copy of its code that runs
                             here, mlp_tanh one number at a time, and libm's
                             tanh (tanhf in float) in a loop

   An ulp is the spacing of floating-point numbers at the true result: 2^-24
   for results in [1/2, 1) in float, 2^-53 in double. A correctly rounded
   result is within 1/2 ulp of the true value. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime, for bench/timing.h */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "../bench/timing.h"

static const int IS_FLOAT = sizeof(mlp_real) == sizeof(float);

enum { CHUNK = 4096 };

/* mlp_tanh(x), one number at a time, is compared with the block's result
   at every point in double, at every 16th float (it is the slow part). */
static int check_one_every = 1;

/* The bits of a result, for hashes and for comparing with ==, which would
   call a NaN different from itself and -0 equal to +0. */
static unsigned long long bits_of(mlp_real x)
{
    if (sizeof x == sizeof(unsigned int)) {
        unsigned int u;
        memcpy(&u, &x, sizeof u);
        return u;
    } else {
        unsigned long long u;
        memcpy(&u, &x, sizeof u);
        return u;
    }
}
static mlp_real real_of(unsigned long long b)
{
    mlp_real x;
    if (sizeof x == sizeof(unsigned int)) {
        unsigned int u = (unsigned int)b;
        memcpy(&x, &u, sizeof x);
    } else
        memcpy(&x, &b, sizeof x);
    return x;
}

/* The ulp of mlp_real at the true value v >= 0. */
static long double ulp_at(long double v)
{
    int e;
    int digits = IS_FLOAT ? FLT_MANT_DIG : DBL_MANT_DIG;
    int min_exp = IS_FLOAT ? FLT_MIN_EXP : DBL_MIN_EXP;
    frexpl(v, &e); /* v = m 2^e, m in [1/2, 1) */
    if (e < min_exp) e = min_exp; /* subnormal: a fixed spacing */
    return ldexpl(1.0L, e - digits);
}

/* The true tanh: in double for float, in long double for double. */
static long double reference(mlp_real x) { return IS_FLOAT ? (long double)tanh((double)x) : tanhl((long double)x); }

typedef struct {
    double max_ulps;       /* largest |got - true| / ulp */
    mlp_real worst_x;      /* where */
    long n, not_rounded;   /* points; results that differ from the rounded true value */
    long one_differs;      /* mlp_tanh(x) not bit for bit the block's result */
    long odd_differs;      /* tanh(-x) not bit for bit -tanh(x) */
    unsigned long long hash;
} tally;

static void hash_in(tally *t, mlp_real a)
{
    t->hash = (t->hash ^ bits_of(a)) * 0x100000001b3ULL; /* FNV-1a, a word at a time */
}

/* Evaluate x[0..n-1] and add them to the tally. */
static void measure(tally *t, const mlp_real *x, int n, int digest_only)
{
    mlp_real a[CHUNK], neg[CHUNK], aneg[CHUNK];
    int i;
    mlp__tanh_block(a, x, (size_t)n);
    for (i = 0; i < n; i++) hash_in(t, a[i]);
    t->n += n;
    if (digest_only) return;
    for (i = 0; i < n; i++) neg[i] = -x[i];
    mlp__tanh_block(aneg, neg, (size_t)n);
    for (i = 0; i < n; i++) {
        long double ref = reference(x[i]);
        double err = (double)(fabsl((long double)a[i] - ref) / ulp_at(fabsl(ref)));
        if (i % check_one_every == 0 && bits_of(mlp_tanh(x[i])) != bits_of(a[i])) t->one_differs++;
        if (bits_of(aneg[i]) != bits_of(-a[i])) t->odd_differs++;
        if (a[i] != (mlp_real)ref) t->not_rounded++;
        if (err > t->max_ulps) {
            t->max_ulps = err;
            t->worst_x = x[i];
        }
    }
}

static void report(const char *what, const tally *t, int digest_only)
{
    if (digest_only) return;
    printf("%-48s %10ld points: max error %.3f ulp at x = %.9g; %.4f%% not correctly rounded; "
           "mlp_tanh differs %ld, odd symmetry broken %ld\n",
           what, t->n, t->max_ulps, (double)t->worst_x, 100.0 * (double)t->not_rounded / (double)t->n,
           t->one_differs, t->odd_differs);
}

/* float: every non-negative float, +0 up to +inf. */
static void all_floats(tally *total, int digest_only)
{
    mlp_real x[CHUNK];
    unsigned long long b = 0, last = 0x7F800000ULL; /* +inf */
    tally t = {0, 0, 0, 0, 0, 0, 0};
    t.hash = total->hash;
    check_one_every = 16;
    while (b <= last) {
        int n = 0;
        while (n < CHUNK && b <= last) x[n++] = real_of(b++);
        measure(&t, x, n, digest_only);
    }
    report("all non-negative floats (0 .. inf)", &t, digest_only);
    *total = t;
}

/* double: points spread over [0, 20] several ways, CHUNK at a time. */
static void sampled_doubles(tally *total, int digest_only)
{
    static const struct { const char *what; int kind; double lo, hi; long count; } sets[] = {
        {"uniform in [0, 20]", 0, 0, 20, 5000000},
        {"log-uniform in [2^-40, 20]", 1, -40, 4.321928094887363, 5000000},
        {"uniform in [0.5, 0.6] (the switch at 0.55)", 0, 0.5, 0.6, 1000000},
        {"consecutive doubles around 0.55", 2, 0.55, 0, 2000000},
        {"uniform in [18, 20] (where tanh reaches 1)", 0, 18, 20, 100000},
        {"consecutive doubles at 19.06155 (e^2x = 2^55)", 2, 19.061547465398496, 0, 200000},
    };
    mlp_rng rng;
    mlp_real x[CHUNK];
    int s;
    mlp_rng_seed(&rng, 2026);
    for (s = 0; s < (int)(sizeof sets / sizeof sets[0]); s++) {
        tally t = {0, 0, 0, 0, 0, 0, 0};
        long done = 0;
        t.hash = total->hash;
        while (done < sets[s].count) {
            int n = 0;
            for (; n < CHUNK && done < sets[s].count; n++, done++) {
                if (sets[s].kind == 0) x[n] = (mlp_real)mlp_rng_uniform_range(&rng, sets[s].lo, sets[s].hi);
                else if (sets[s].kind == 1) x[n] = (mlp_real)exp2(mlp_rng_uniform_range(&rng, sets[s].lo, sets[s].hi));
                else x[n] = real_of(bits_of((mlp_real)sets[s].lo) - (unsigned long long)sets[s].count / 2 + (unsigned long long)done);
            }
            measure(&t, x, n, digest_only);
        }
        report(sets[s].what, &t, digest_only);
        total->hash = t.hash;
        total->n += t.n;
        total->not_rounded += t.not_rounded;
        total->one_differs += t.one_differs;
        total->odd_differs += t.odd_differs;
        if (t.max_ulps > total->max_ulps) {
            total->max_ulps = t.max_ulps;
            total->worst_x = t.worst_x;
        }
    }
    report("all of the above", total, digest_only);
}

/* Special values: printed, to be read. */
static void specials(tally *t, int digest_only)
{
    const mlp_real inf = (mlp_real)HUGE_VAL;
    const mlp_real x[8] = {0, -(mlp_real)0, IS_FLOAT ? (mlp_real)1e-40 : (mlp_real)1e-310, inf, -inf, (mlp_real)NAN,
                           (mlp_real)0.55, -(mlp_real)30};
    mlp_real a[8];
    int i;
    mlp__tanh_block(a, x, 8);
    for (i = 0; i < 8; i++) {
        hash_in(t, a[i]);
        if (!digest_only) printf("tanh(%g) = %.17g%s\n", (double)x[i], (double)a[i], signbit(a[i]) ? " (sign bit set)" : "");
    }
}

static void speed(void)
{
    enum { N = 2048, REPS = 2000 };
    static mlp_real z[N], a[N];
    double t[RUNS], med, lo, hi, sink = 0;
    char name[64];
    mlp_rng rng;
    int way, run, rep, k;
    (void)peak_rss_kb; /* from timing.h, not needed here */
    mlp_rng_seed(&rng, 7);
    for (k = 0; k < N; k++) z[k] = (mlp_real)mlp_rng_uniform_range(&rng, -4, 4);
    /* ways 0 .. MLP__KERNELS - 1: the block function with that copy of the
       code (forced like the tests do, see mlp__kernel_choice); then mlp_tanh
       (with the copy chosen at run time) and libm */
    for (way = 0; way < MLP__KERNELS + 2; way++) {
        if (way < MLP__KERNELS && !mlp__kernel_runs_here(way)) continue;
        mlp__kernel_choice = way < MLP__KERNELS ? way : -1;
        if (way < MLP__KERNELS)
            sprintf(name, "mlp.h block, %d lanes (copy %d)", mlp__kernels[way].nr / 2, way);
        else
            strcpy(name, way == MLP__KERNELS ? "mlp_tanh, one number at a time" : "libm tanh in a loop");
        for (run = -1; run < RUNS; run++) { /* run -1: warm-up */
            double start = now();
            for (rep = 0; rep < REPS; rep++) {
                if (way < MLP__KERNELS) mlp__tanh_block(a, z, N);
                else if (way == MLP__KERNELS)
                    for (k = 0; k < N; k++) a[k] = mlp_tanh(z[k]);
                else if (IS_FLOAT)
                    for (k = 0; k < N; k++) a[k] = (mlp_real)tanhf((float)z[k]);
                else
                    for (k = 0; k < N; k++) a[k] = (mlp_real)tanh((double)z[k]);
                sink += (double)a[rep % N];
            }
            if (run >= 0) t[run] = (now() - start) / ((double)REPS * N) * 1e9;
        }
        summarize(t, &med, &lo, &hi);
        printf("tanh speed %-6s %-32s %6.2f ns per number (min %.2f, max %.2f), n = %d\n", IS_FLOAT ? "float" : "double",
               name, med, lo, hi, N);
    }
    if (sink == 12345) printf("\n"); /* keeps the results alive */
}

/* Every result once, through the copy of mlp.h's tanh code chosen by
   mlp__kernel_choice (-1: the one mlp.h picks at run time). */
static tally run_all(int digest_only)
{
    tally total = {0, 0, 0, 0, 0, 0, 0};
    total.hash = 0xcbf29ce484222325ULL;
    specials(&total, digest_only);
    if (IS_FLOAT) all_floats(&total, digest_only);
    else sampled_doubles(&total, digest_only);
    return total;
}

int main(int argc, char **argv)
{
    const char *precision = IS_FLOAT ? "float" : "double";
    tally total;
    unsigned long long hash[MLP__KERNELS];
    int copy, differ = 0;
    if (argc > 1 && strcmp(argv[1], "--speed") == 0) {
        speed();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--digest") == 0) {
        for (copy = 0; copy < MLP__KERNELS; copy++) {
            if (!mlp__kernel_runs_here(copy)) continue;
            mlp__kernel_choice = copy;
            hash[copy] = run_all(1).hash;
            differ |= hash[copy] != hash[0];
        }
        mlp__kernel_choice = -1;
        if (!differ) {
            printf("tanh digest %s %016llx\n", precision, hash[0]);
            return 0;
        }
        for (copy = 0; copy < MLP__KERNELS; copy++)
            if (mlp__kernel_runs_here(copy))
                printf("tanh digest %s %016llx from copy %d (%d lanes): the copies differ\n", precision, hash[copy], copy,
                       mlp__kernels[copy].nr / 2);
        return 1;
    }
    printf("mlp.h tanh, %s, %d lanes\n", precision, mlp__kernel_pick()->nr / 2);
    total = run_all(0);
    return total.one_differs || total.odd_differs;
}
