/* math_accuracy.c - how close mlp.h's own exp, log, log1p, sin, cos and
   integer powers are to the true values, and how fast they are (see >>math,
   in Appendix B of mlp.h, which quotes this program's output).

   Build it like the library's users do:
     cc -std=c99 -O2 -ffp-contract=off -o build/math_accuracy tools/math_accuracy.c -lm
   and run it:
     math_accuracy           the largest error in ulps of each function, in
                             double, on a few million points per function
                             (uniform and log-uniform samples over the whole
                             range, and the hard places: around 1 for log,
                             near multiples of pi/2 for sin and cos, near
                             overflow and underflow for exp), against glibc's
                             long double functions (11 more bits); and the
                             float results (the float build rounds the
                             double result), at every float of the domain
                             of exp, log and log1p, against the double
                             result of libm rounded to float (about a minute)
     math_accuracy --quick   the double samples only, a tenth of them
     math_accuracy --floats  the float sweeps only
     math_accuracy --digest  only a hash of the bits of all the double
                             results: compare it between builds (gcc, clang,
                             -O0, -O2, -march=native, -m32 -msse2
                             -mfpmath=sse, WebAssembly: tests/same_bits.sh)
     math_accuracy --speed   nanoseconds per call, mlp.h's and libm's

   An ulp is the spacing of doubles at the true result: 2^-53 for results in
   [1/2, 1), and 2^-1074 for subnormal results. A correctly rounded result is
   within 1/2 ulp of the true value. The program needs x86-64's long double
   (64-bit significand) for its reference values; elsewhere (where long
   double is double) it says so and only prints the digest. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MLP_IMPLEMENTATION
#include "../mlp.h"

enum { RUNS = 7 }; /* timed runs of --speed: median, min and max */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

enum { F_EXP, F_LOG, F_LOG1P, F_SIN, F_COS, F_POW, F_COUNT };
static const char *const names[F_COUNT] = {"exp", "log", "log1p", "sin", "cos", "powi"};

/* mlp.h's function number f at x (for powi: b = x, n = m). */
static double ours(int f, double x, long m)
{
    switch (f) {
    case F_EXP: return mlp__exp_double(x);
    case F_LOG: return mlp__log_double(x);
    case F_LOG1P: return mlp__log1p_double(x);
    case F_SIN: return mlp__sin_double(x);
    case F_COS: return mlp__cos_double(x);
    default: return mlp__powi_double(x, m);
    }
}
/* b^n in long double pairs (h + l, Dekker's exact product with halves of
   32 bits), by square-and-multiply: a relative error of about n 2^-128,
   nothing at the scale of a double's ulp. (Plain long double would not do:
   each squaring doubles the relative error so far, which grows to n 2^-64;
   glibc's powl is no better for large n.) */
static void ld_mul(long double *h, long double *l, long double bh, long double bl)
{
    const long double split = 4294967297.0L; /* 2^32 + 1 */
    long double ca = split * *h, ah = ca - (ca - *h), al = *h - ah;
    long double cb = split * bh, bh1 = cb - (cb - bh), bl1 = bh - bh1;
    long double p = *h * bh, e = ((ah * bh1 - p) + ah * bl1 + al * bh1) + al * bl1, s;
    e += *h * bl + *l * bh;
    s = p + e;
    *l = e - (s - p);
    *h = s;
}
static long double powi_long_double(long double b, long n)
{
    long double rh = 1, rl = 0, bh = b, bl = 0;
    for (; n; n >>= 1) {
        if (n & 1) ld_mul(&rh, &rl, bh, bl);
        if (n > 1) ld_mul(&bh, &bl, bh, bl);
    }
    return rh + rl;
}

static long double reference(int f, double x, long m)
{
    switch (f) {
    case F_EXP: return expl(x);
    case F_LOG: return logl(x);
    case F_LOG1P: return log1pl(x);
    case F_SIN: return sinl(x);
    case F_COS: return cosl(x);
    default: return powi_long_double(x, m);
    }
}
static double libm(int f, double x, long m)
{
    switch (f) {
    case F_EXP: return exp(x);
    case F_LOG: return log(x);
    case F_LOG1P: return log1p(x);
    case F_SIN: return sin(x);
    case F_COS: return cos(x);
    default: return pow(x, (double)m);
    }
}

static unsigned long long bits_of(double x)
{
    unsigned long long u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* The ulp of a double (or, digits = 24, of a float) at the true value v. */
static long double ulp_at(long double v, int digits, int min_exp)
{
    int e;
    frexpl(fabsl(v), &e); /* |v| = m 2^e, m in [1/2, 1) */
    if (e < min_exp) e = min_exp; /* subnormal: a fixed spacing */
    return ldexpl(1.0L, e - digits);
}

typedef struct {
    double max_ulps;        /* largest |got - true| / ulp */
    double worst_x;         /* where */
    long worst_m;
    long n, not_rounded;    /* points; results that differ from the true value rounded */
    unsigned long long hash;
} tally;

static void add(tally *t, int f, double x, long m, int digest_only)
{
    double got = ours(f, x, m);
    t->hash = (t->hash ^ bits_of(got)) * 0x100000001b3ULL; /* FNV-1a, a word at a time */
    t->n++;
    if (!digest_only) {
        long double ref = reference(f, x, m);
        double err;
        if (ref != ref || isinf((double)ref)) { /* NaN, or beyond the doubles: must be the same */
            err = (got != got) == (ref != ref) && (ref != ref || got == (double)ref) ? 0 : 1e9;
        } else
            err = (double)(fabsl((long double)got - ref) / ulp_at(ref, DBL_MANT_DIG, DBL_MIN_EXP));
        if (got != (double)ref && !(got != got && ref != ref)) t->not_rounded++;
        if (err > t->max_ulps || err != err) {
            t->max_ulps = err;
            t->worst_x = x;
            t->worst_m = m;
        }
    }
}

static void report(int f, const char *what, const tally *t)
{
    if (f == F_POW)
        printf("%-6s %-52s %9ld points: max error %.3f ulp at %.17g^%ld; %.4f%% not correctly rounded\n", names[f], what,
               t->n, t->max_ulps, t->worst_x, t->worst_m, 100.0 * (double)t->not_rounded / (double)t->n);
    else
        printf("%-6s %-52s %9ld points: max error %.3f ulp at x = %.17g; %.4f%% not correctly rounded\n", names[f], what,
               t->n, t->max_ulps, t->worst_x, 100.0 * (double)t->not_rounded / (double)t->n);
}

/* The samples. kind: 0 uniform in [lo, hi]; 1 2^u with u uniform in [lo, hi]
   (log-uniform); 2 the same with a random sign; 3 consecutive doubles
   around lo; 4 consecutive doubles around k pi/2 for k = 1..count/2000
   (sin, cos); 5 powers: b uniform in [lo, hi], n uniform in 0..m. */
typedef struct {
    int f;
    const char *what;
    int kind;
    double lo, hi;
    long count, m;
} sample_set;

static const sample_set sets[] = {
    {F_EXP, "uniform in [-745.2, 709.8] (the whole range)", 0, -745.2, 709.8, 4000000, 0},
    {F_EXP, "uniform in [-1, 1]", 0, -1, 1, 4000000, 0},
    {F_EXP, "log-uniform, |x| in [2^-60, 1], both signs", 2, -60, 0, 2000000, 0},
    {F_EXP, "uniform in [-40, 0] (softmax, sigmoid)", 0, -40, 0, 2000000, 0},
    {F_EXP, "uniform in [709, 709.79] (near overflow)", 0, 709, 709.79, 200000, 0},
    {F_EXP, "uniform in [-745.2, -708] (subnormal results)", 0, -745.2, -708, 500000, 0},
    {F_LOG, "log-uniform in [2^-1074, 2^1024] (the whole range)", 1, -1074, 1024, 4000000, 0},
    {F_LOG, "uniform in [0.5, 2]", 0, 0.5, 2, 4000000, 0},
    {F_LOG, "consecutive doubles around 1", 3, 1, 0, 2000000, 0},
    {F_LOG, "uniform in [0.70, 0.72] (the switch at sqrt(1/2))", 0, 0.70, 0.72, 1000000, 0},
    {F_LOG1P, "log-uniform, |x| in [2^-60, 1], both signs", 2, -60, -1e-9, 3000000, 0},
    {F_LOG1P, "uniform in [0, 1] (BCE: log1p(exp(-|z|)))", 0, 0, 1, 3000000, 0},
    {F_LOG1P, "uniform in [-0.999, 0]", 0, -0.999, 0, 1000000, 0},
    {F_LOG1P, "log-uniform in [1, 2^100]", 1, 0, 100, 1000000, 0},
    {F_SIN, "uniform in [-pi, pi]", 0, -3.1415926535897931, 3.1415926535897931, 3000000, 0},
    {F_SIN, "uniform in [-100, 100]", 0, -100, 100, 2000000, 0},
    {F_SIN, "uniform in [-1e5, 1e5]", 0, -1e5, 1e5, 1000000, 0},
    {F_SIN, "log-uniform, |x| in [2^-60, 1], both signs", 2, -60, 0, 1000000, 0},
    {F_SIN, "consecutive doubles around k pi/2, k = 1..1000", 4, 0, 0, 2000000, 0},
    {F_COS, "uniform in [-pi, pi]", 0, -3.1415926535897931, 3.1415926535897931, 3000000, 0},
    {F_COS, "uniform in [-100, 100]", 0, -100, 100, 2000000, 0},
    {F_COS, "uniform in [-1e5, 1e5]", 0, -1e5, 1e5, 1000000, 0},
    {F_COS, "log-uniform, |x| in [2^-60, 1], both signs", 2, -60, 0, 1000000, 0},
    {F_COS, "consecutive doubles around k pi/2, k = 1..1000", 4, 0, 0, 2000000, 0},
    {F_POW, "b uniform in [0.5, 1], n in 0..1000", 5, 0.5, 1, 1000000, 1000},
    {F_POW, "b uniform in [0.9, 1], n in 0..6000", 5, 0.9, 1, 1000000, 6000},
    {F_POW, "b uniform in [0.999, 1] (Adam's beta2), n in 0..700000", 5, 0.999, 1, 1000000, 700000},
    {F_POW, "b uniform in [1, 2], n in 0..1000", 5, 1, 2, 500000, 1000},
};

/* 2^u for the log-uniform samples, by mlp.h's own exp: libm's exp2 would
   make the inputs, and so the digest, depend on the C library. */
static double pow2_of(double u) { return mlp__exp_double(u * 0.69314718055994531); }

static tally run_set(const sample_set *s, double scale, unsigned long long hash, int digest_only, mlp_rng *rng)
{
    tally t = {0, 0, 0, 0, 0, 0};
    long i, count = (long)((double)s->count * scale);
    t.hash = hash;
    for (i = 0; i < count; i++) {
        double x = 0;
        long m = 0;
        switch (s->kind) {
        case 0: x = mlp_rng_uniform_range(rng, s->lo, s->hi); break;
        case 1: x = pow2_of(mlp_rng_uniform_range(rng, s->lo, s->hi)); break;
        case 2: x = (mlp_rng_below(rng, 2) ? -1 : 1) * pow2_of(mlp_rng_uniform_range(rng, s->lo, s->hi)); break;
        case 3: {
            unsigned long long b = bits_of(s->lo) - (unsigned long long)count / 2 + (unsigned long long)i;
            memcpy(&x, &b, sizeof x);
            break;
        }
        case 4: {
            long per = 2000, k = 1 + i / per;
            double c = (double)k * 1.5707963267948966;
            unsigned long long b = bits_of(c) - (unsigned long long)per / 2 + (unsigned long long)(i % per);
            memcpy(&x, &b, sizeof x);
            break;
        }
        default:
            x = mlp_rng_uniform_range(rng, s->lo, s->hi);
            m = mlp_rng_below(rng, (int)s->m + 1);
        }
        add(&t, s->f, x, m, digest_only);
    }
    return t;
}

/* float: (float) of the double result, at every float x in [lo, hi], against
   libm's double result rounded to float (correctly rounded but for double
   rounding, about 1 in 2^29). */
/* Floats in order: the key of a float is its bits for x >= 0 and minus the
   bits of |x| for x < 0, so consecutive keys are consecutive floats. */
static long float_key(float x)
{
    unsigned int b;
    memcpy(&b, &x, sizeof b);
    return b & 0x80000000u ? -(long)(b & 0x7FFFFFFFu) : (long)b;
}
static float float_of_key(long k)
{
    unsigned int b = k < 0 ? (unsigned int)(-k) | 0x80000000u : (unsigned int)k;
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
}

static void all_floats(int f, float lo, float hi)
{
    long k, n = 0, not_rounded = 0;
    double max_ulps = 0, worst = 0;
    for (k = float_key(lo); k <= float_key(hi); k++) {
        float x = float_of_key(k), got = (float)ours(f, (double)x, 0);
        double ref = libm(f, (double)x, 0);
        if (got != (float)ref && !(got != got && ref != ref)) not_rounded++;
        if (ref == ref && !isinf((float)ref)) { /* beyond the floats, only the count above can tell */
            double err = fabs((double)got - ref) / (double)ulp_at(ref, FLT_MANT_DIG, FLT_MIN_EXP);
            if (err > max_ulps) max_ulps = err, worst = x;
        }
        n++;
    }
    printf("%-6s float, every float in [%g, %g]: %ld floats: max error %.3f ulp at x = %.9g; %.6f%% not correctly rounded\n",
           names[f], (double)lo, (double)hi, n, max_ulps, worst, 100.0 * (double)not_rounded / (double)n);
}

static void speed(void)
{
    enum { N = 4096, REPS = 500 };
    static double x[N][F_COUNT], y[N];
    mlp_rng rng;
    int f, way, run, rep, k;
    double sink = 0;
    mlp_rng_seed(&rng, 7);
    for (k = 0; k < N; k++) {
        x[k][F_EXP] = mlp_rng_uniform_range(&rng, -30, 5);
        x[k][F_LOG] = mlp_rng_uniform_range(&rng, 1e-3, 10);
        x[k][F_LOG1P] = mlp_rng_uniform_range(&rng, 0, 1);
        x[k][F_SIN] = x[k][F_COS] = mlp_rng_uniform_range(&rng, 0, 15);
        x[k][F_POW] = mlp_rng_uniform_range(&rng, 0.9, 1);
    }
    for (f = 0; f < F_COUNT; f++)
        for (way = 0; way < 2; way++) {
            double t[RUNS], med, lo, hi;
            for (run = -1; run < RUNS; run++) {
                double start = now();
                for (rep = 0; rep < REPS; rep++) {
                    if (way == 0)
                        for (k = 0; k < N; k++) y[k] = ours(f, x[k][f], 1000 + k);
                    else
                        for (k = 0; k < N; k++) y[k] = libm(f, x[k][f], 1000 + k);
                    sink += y[rep % N];
                }
                if (run >= 0) t[run] = (now() - start) / ((double)REPS * N) * 1e9;
            }
            qsort(t, RUNS, sizeof t[0], cmp_double);
            med = t[RUNS / 2], lo = t[0], hi = t[RUNS - 1];
            printf("%-6s %-8s %6.2f ns per call (min %.2f, max %.2f)\n", names[f], way ? "libm" : "mlp.h", med, lo, hi);
        }
    if (sink == 12345) printf("\n"); /* keeps the results alive */
}

/* Special values: printed, to be read; hashed. */
static unsigned long long specials(unsigned long long h, int digest_only)
{
    const double inf = HUGE_VAL, nan = NAN;
    const double x[] = {0, -0.0, 1, -1, 0.5, 2, 1e-310, 709.78271289338397, 709.79, -745.13321910194122, -745.2,
                        inf, -inf, nan, 1.5707963267948966, 3.1415926535897931, 1e6, -1e300};
    int f;
    size_t i;
    for (f = 0; f < F_POW; f++)
        for (i = 0; i < sizeof x / sizeof x[0]; i++) {
            double y = ours(f, x[i], 0);
            h = (h ^ bits_of(y)) * 0x100000001b3ULL;
            if (!digest_only && (f != F_SIN && f != F_COS ? i < 14 : i >= 11))
                printf("%s(%.17g) = %.17g (libm: %.17g)\n", names[f], x[i], y, libm(f, x[i], 0));
        }
    return h;
}

int main(int argc, char **argv)
{
    int digest_only = argc > 1 && strcmp(argv[1], "--digest") == 0, quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    int floats = argc > 1 && strcmp(argv[1], "--floats") == 0;
    unsigned long long hash = 0xcbf29ce484222325ULL;
    mlp_rng rng;
    size_t s;
    if (argc > 1 && strcmp(argv[1], "--speed") == 0) {
        speed();
        return 0;
    }
    if (!digest_only && LDBL_MANT_DIG < 64) {
        printf("long double has %d bits here, too few for reference values: printing the digest only\n", LDBL_MANT_DIG);
        digest_only = 1;
    }
    if (floats) {
        all_floats(F_EXP, -104.0f, 89.0f);
        all_floats(F_LOG, 1e-45f, FLT_MAX);
        all_floats(F_LOG1P, -0.99999994f, FLT_MAX);
        return 0;
    }
    hash = specials(hash, digest_only);
    mlp_rng_seed(&rng, 2026);
    for (s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        tally t = run_set(&sets[s], digest_only ? 0.05 : quick ? 0.1 : 1, hash, digest_only, &rng);
        hash = t.hash;
        if (!digest_only) report(sets[s].f, sets[s].what, &t);
    }
    if (digest_only) {
        printf("math digest %016llx\n", hash);
        return 0;
    }
    if (!quick) {
        all_floats(F_EXP, -104.0f, 89.0f);
        all_floats(F_LOG, 1e-45f, FLT_MAX);
        all_floats(F_LOG1P, -0.99999994f, FLT_MAX);
    }
    return 0;
}
