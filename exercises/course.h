/* exercises/course.h: what every chapter's program shares.

   Each chapter of the course is one program, exercises/NN_topic.c, that
   runs an experiment, writes its data and results.yaml for the report
   (reports/README.md has the contract) and ends by checking the claims its
   report makes. This file holds what would otherwise be copied into every
   one of them: the command line, quick mode, output files, stopping on a
   failed call, writing results.yaml, and the claims.

   It is a header of static inline functions (unused ones cost nothing and
   draw no warning), included after mlp.h:

       #define MLP_IMPLEMENTATION
       #include "../mlp.h"
       #include "course.h"

   so each exercise still builds alone with `cc -std=c99 exercises/NN_topic.c -lm`.

   The life of a chapter's program:

       int main(int argc, char **argv)
       {
           course_start(argc, argv, "03_backprop", "backprop");   // OUTDIR from argv[1]
           ...                                                     // the experiment
           FILE *f = course_open("curves.tsv");                   // data for the plots
           ...
           course_close(f, "curves.tsv");
           course_put("epochs", "%d", epochs);                     // results.yaml
           course_claim_below("hand_vs_fd", "Hand-written $dW_1$ agrees with finite differences",
                              rel_err, 1e-6);
           ...
           return course_end();                                    // 1 if a claim failed
       }

   CLAIMS. A claim is one sentence of the report that the run can check: "the
   three methods agree to 1e-14", "the test error peaks near the threshold".
   Each course_claim_* call prints one line to stdout,

       check hand_vs_fd: ok (3.2e-10 vs < 1e-06)
       check peak_near_threshold: FAILED (31 vs in [15, 28])

   and course_end() writes every claim to results.yaml (the report shows them
   as a table: put a `::: claims` div where it should go) and returns 1 if any
   failed, so that `make report` and `make test` stop and name the chapter and
   the claim. A claim that holds only at the full budget goes after
   course_full_only(1): in quick mode (MLP_QUICK=1) it is still computed and
   shown, but marked "full run only" and not counted. Every chapter checks
   something in quick mode too.

   Bounds are about the teaching point, with a margin that another seed would
   not break: set MLP_SEED to run the chapter with another seed
   (course_seed), and `sh tools/seeds.sh NN_topic 10` shows every claim's
   value over ten seeds before a bound is fixed. Never tune a bound to one run.

   SELF-CHECKS. Before its experiment, a chapter checks the code that
   `make handout` turns into TODOs (its own solution regions and the parts
   of mlp.h it relies on), so that a student's wrong code stops the run and
   is named. The checks come from course_selfcheck, course_check_* and
   course_selfcheck_done below; each prints one line, `ok` or `FAILED` with
   the worst element and the TODO to look at (see "self-checks" below).

   ENVIRONMENT. MLP_QUICK=1: a shorter run, the same code paths (CI builds the
   reports this way and `make test` runs every chapter so). MLP_SEED=n: the
   seed returned by course_seed. MLP_CHECK_ONLY=1: the chapter's self-checks
   (the ones `make handout` turns into TODOs) and nothing else.
   Progress goes to stderr only when it is a terminal (course_progress).
   Nothing here reads the clock or uses rand(). */
#ifndef COURSE_H
#define COURSE_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h> /* isatty, write */

#define COURSE_MAX_CLAIMS 64

/* One checked claim, as course_end writes it to results.yaml. */
typedef struct course_claim_t {
    char id[48];      /* short name, [A-Za-z0-9_], printed in `check ID:` lines */
    char text[512];   /* the claim as the report states it (pandoc markdown, math allowed) */
    char value[96];   /* what the run measured, already formatted */
    char bound[96];   /* what it is compared with, e.g. "< 1e-06", "in [15, 28]" */
    int ok;           /* 1 if it holds */
    int full_only;    /* 1 if it is only claimed at the full budget */
} course_claim_t;

/* The run: one per program (an exercise is one translation unit). */
static struct {
    const char *name;    /* "03_backprop": the exercise, for messages */
    const char *ns;      /* "backprop": the top-level key of results.yaml */
    const char *outdir;  /* argv[1] */
    int quick;           /* MLP_QUICK=1 */
    int progress;        /* stderr is a terminal */
    int full_only;       /* claims made now hold only at the full budget */
    FILE *results;       /* OUTDIR/results.yaml, open from course_start to course_end */
    int n_claims;
    course_claim_t claims[COURSE_MAX_CLAIMS];
} course;

static inline int course__env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && atoi(v) != 0;
}

/* Stops the program: a failure the run cannot continue from (an output file
   that cannot be written, a library call that failed). */
static inline void course_die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", course.name ? course.name : "exercise");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* A library call that returns a status: stop with mlp_last_error() unless it
   is MLP_OK. `what` names the call, e.g. "mlp_train_epoch". */
static inline void course_ok(int status, const char *what)
{
    if (status != MLP_OK) course_die("%s failed: %s", what, mlp_last_error());
}

/* OUTDIR/file for writing; stops if it cannot be opened. */
static inline FILE *course_open(const char *file)
{
    char path[4096];
    FILE *f;
    if (snprintf(path, sizeof path, "%s/%s", course.outdir, file) >= (int)sizeof path)
        course_die("output path too long: %s/%s", course.outdir, file);
    f = fopen(path, "w");
    if (!f) course_die("cannot write %s", path);
    return f;
}

/* Closes what course_open opened; stops if anything was lost on the way. */
static inline void course_close(FILE *f, const char *file)
{
    if (ferror(f) | fclose(f)) course_die("error writing %s/%s", course.outdir, file);
}

/* Reads the command line and the environment, opens results.yaml. */
static inline void course_start(int argc, char **argv, const char *name, const char *ns)
{
    course.name = name;
    course.ns = ns;
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR   (writes the data and results.yaml of the report there;\n"
                        "       MLP_QUICK=1 for a short run, MLP_SEED=n for another seed)\n", argv[0]);
        exit(2);
    }
    course.outdir = argv[1];
    course.quick = course__env_flag("MLP_QUICK");
    course.progress = isatty(2);
    if (!course__env_flag("MLP_CHECK_ONLY")) {
        course.results = course_open("results.yaml");
        fprintf(course.results, "%s:\n", ns);
    }
}

/* The seed to use: MLP_SEED from the environment if set, else `fallback`. */
static inline unsigned long long course_seed(unsigned long long fallback)
{
    const char *v = getenv("MLP_SEED");
    char *end;
    unsigned long long s;
    if (!v || !*v) return fallback;
    s = strtoull(v, &end, 10);
    if (*end) course_die("MLP_SEED=%s is not a whole number", v);
    return s;
}

/* quick ? a : b, for the sizes that quick mode shrinks. */
static inline int course_pick(int quick_value, int full_value) { return course.quick ? quick_value : full_value; }
/* The same for a real number (a bound, a rate): course_pick would truncate it to an int. */
static inline double course_pick_real(double quick_value, double full_value) { return course.quick ? quick_value : full_value; }

/* Sorting and medians, which many chapters take over seeds, restarts or
   calls. course_sort sorts n numbers in place, smallest first;
   course_median is the middle one of n >= 1 (the mean of the two middle
   ones when n is even), v left as it is. */
static inline int course__cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static inline void course_sort(double *v, int n) { qsort(v, (size_t)n, sizeof v[0], course__cmp_double); }
static inline double course_median(const double *v, int n)
{
    double *s = (double *)malloc(sizeof *s * (size_t)n), m;
    if (!s) course_die("out of memory");
    memcpy(s, v, sizeof *s * (size_t)n);
    course_sort(s, n);
    m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    free(s);
    return m;
}

/* One line of progress on a terminal, overwriting the last ("\r"); nothing
   when stderr is a file. End a series with course_progress_done(). */
static inline void course_progress(const char *fmt, ...)
{
    va_list ap;
    if (!course.progress) return;
    fputc('\r', stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\033[K", stderr); /* clear the rest of the line */
    fflush(stderr);
}

static inline void course_progress_done(void)
{
    if (course.progress) fputc('\n', stderr);
}

/* ---- results.yaml --------------------------------------------------------
   One value per key under the chapter's namespace, printed already rounded
   as the report should read it. */

static inline void course_put(const char *key, const char *fmt, ...)
{
    va_list ap;
    if (!course.results) return;
    fprintf(course.results, "  %s: ", key);
    va_start(ap, fmt);
    vfprintf(course.results, fmt, ap);
    va_end(ap);
    fputc('\n', course.results);
}

/* A number in e-notation with `digits` significant digits (3.2e-10); an exact
   0 reads "0". */
static inline void course_put_sci(const char *key, double x, int digits)
{
    if (x == 0) course_put(key, "0");
    else course_put(key, "%.*e", digits - 1, x);
}

/* ---- claims --------------------------------------------------------------- */

/* A number as a claim line shows it: 3 significant digits (0.0864, 98.3,
   3.26e-10, 1e-12), whole numbers up to a billion as they are (12346). */
static inline void course__num(char *out, size_t n, double x)
{
    double a = fabs(x);
    if (a >= 1e3 && a < 1e9) snprintf(out, n, "%.0f", x);
    else snprintf(out, n, "%.3g", x);
}

/* Claims made after course_full_only(1) hold only at the full budget. */
static inline void course_full_only(int on) { course.full_only = on; }

/* Records and prints one claim; returns ok. The other course_claim_*
   functions format value and bound and call this. */
static inline int course_claim(const char *id, const char *text, int ok, const char *value, const char *bound)
{
    course_claim_t *c = &course.claims[course.n_claims];
    const char *status;
    if (course.n_claims == COURSE_MAX_CLAIMS) course_die("more than %d claims", COURSE_MAX_CLAIMS);
    if (!*id || strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(id) || strlen(id) >= sizeof c->id)
        course_die("claim id '%s': use 1 to %d of [A-Za-z0-9_]", id, (int)sizeof c->id - 1);
    course.n_claims++;
    snprintf(c->id, sizeof c->id, "%s", id);
    snprintf(c->text, sizeof c->text, "%s", text);
    snprintf(c->value, sizeof c->value, "%s", value);
    snprintf(c->bound, sizeof c->bound, "%s", bound);
    c->ok = ok != 0;
    c->full_only = course.full_only;
    if (c->full_only && course.quick) status = ok ? "ok, full run only" : "not held in this quick run (full run only)";
    else status = ok ? "ok" : "FAILED";
    printf("check %s: %s (%s vs %s)\n", id, status, value, bound);
    fflush(stdout);
    return ok;
}

/* value < bound. Written as !(value < bound) is false, so NaN fails. */
static inline int course_claim_below(const char *id, const char *text, double value, double bound)
{
    char v[32], b[40];
    course__num(v, sizeof v, value);
    course__num(b + 2, sizeof b - 2, bound);
    b[0] = '<', b[1] = ' ';
    return course_claim(id, text, value < bound, v, b);
}

/* value > bound; NaN fails. */
static inline int course_claim_above(const char *id, const char *text, double value, double bound)
{
    char v[32], b[40];
    course__num(v, sizeof v, value);
    course__num(b + 2, sizeof b - 2, bound);
    b[0] = '>', b[1] = ' ';
    return course_claim(id, text, value > bound, v, b);
}

/* lo <= value <= hi; NaN fails. */
static inline int course_claim_between(const char *id, const char *text, double value, double lo, double hi)
{
    char v[32], l[32], h[32], b[80];
    course__num(v, sizeof v, value);
    course__num(l, sizeof l, lo);
    course__num(h, sizeof h, hi);
    snprintf(b, sizeof b, "in [%s, %s]", l, h);
    return course_claim(id, text, value >= lo && value <= hi, v, b);
}

/* A count that must be exactly `expected`. */
static inline int course_claim_equal(const char *id, const char *text, long value, long expected)
{
    char v[32], b[40];
    snprintf(v, sizeof v, "%ld", value);
    snprintf(b, sizeof b, "= %ld", expected);
    return course_claim(id, text, value == expected, v, b);
}

/* A yes/no claim: `value` says what was seen ("NaN vs -1.2e-300"), `bound`
   what was expected ("NaN vs finite"). */
static inline int course_claim_true(const char *id, const char *text, int ok, const char *value, const char *bound)
{
    return course_claim(id, text, ok, value, bound);
}

/* YAML single-quoted string: backslashes stay as they are (LaTeX), a quote
   is doubled. */
static inline void course__yaml_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'') fputc('\'', f);
        if (*s == '\n') fputc(' ', f);
        else fputc(*s, f);
    }
    fputc('\'', f);
}

/* Writes the claims to results.yaml (after every other key: a list named
   claims, and claims_summary for the index), closes it, prints a summary and
   returns the exit status: 0 if every claim that counts in this run holds. */
static inline int course_end(void)
{
    int i, counted = 0, failed = 0, skipped = 0;
    for (i = 0; i < course.n_claims; i++) {
        const course_claim_t *c = &course.claims[i];
        if (c->full_only && course.quick) skipped++;
        else counted++, failed += !c->ok;
    }
    if (course.results) {
        FILE *f = course.results;
        if (skipped)
            course_put("claims_summary", "%d of %d ok (%d more in the full run)", counted - failed, counted, skipped);
        else
            course_put("claims_summary", "%d of %d ok", counted - failed, counted);
        fprintf(f, "  claims:\n");
        for (i = 0; i < course.n_claims; i++) {
            const course_claim_t *c = &course.claims[i];
            const char *result = c->full_only && course.quick ? "full run only" : c->ok ? "ok" : "FAILED";
            fprintf(f, "    - id: %s\n      text: ", c->id);
            course__yaml_string(f, c->text);
            fprintf(f, "\n      value: ");
            course__yaml_string(f, c->value);
            fprintf(f, "\n      bound: ");
            course__yaml_string(f, c->bound);
            fprintf(f, "\n      result: '%s'\n", result);
        }
        course.results = NULL;
        course_close(f, "results.yaml");
    }
    if (counted == 0 && !course__env_flag("MLP_CHECK_ONLY")) {
        fprintf(stderr, "%s: no claim was checked in this run (every chapter checks something, quick mode too)\n",
                course.name);
        return 1;
    }
    if (failed) {
        fprintf(stderr, "%s: %d of %d claims FAILED:", course.name, failed, counted);
        for (i = 0; i < course.n_claims; i++)
            if (!course.claims[i].ok && !(course.claims[i].full_only && course.quick))
                fprintf(stderr, " %s", course.claims[i].id);
        fputc('\n', stderr);
        return 1;
    }
    printf("%s: %d claims ok%s\n", course.name, counted, skipped ? " (the full run checks more)" : "");
    return 0;
}

/* ---- self-checks -----------------------------------------------------------
   The handout (`make handout`, tools/handout.sh) blanks the solution regions
   of mlp.h and of the chapters; a chapter's self-check then fails until its
   TODOs are done, and names the TODO to look at. A self-check compares what
   the code of a TODO computes with a value that does not depend on that code
   (central differences, which need only the forward pass; a value worked out
   by hand in the comments; the same quantity computed another way). The
   life of one:

       course_selfcheck("backprop-by-hand", "exercises/03_backprop.c, backprop_by_hand"); // what the next checks judge
       course_selfcheck_batch(B);                                     // B, for the ratio's hint
       course_check_mats("dW1 by hand vs central differences", "dW1", "by hand", &dW1,
                         "central differences", &G1, 1e-3);
       course_selfcheck("dense-backward", "mlp.h, mlp_dense_backward");
       course_check_backward("2-5-3, identity then softmax", &net, &X, &Y, 1e-3);
       course_check_accumulates("2-5-3, identity then softmax", &net, &X, &Y);
       ...
       if (!course_selfcheck_done()) return 1;   // "03_backprop: self-check passed (11 checks)"
       if (course_check_only()) return 0;        // MLP_CHECK_ONLY=1

   The checks: course_check (a yes or no, with what was seen),
   course_check_values and course_check_mats (two arrays or matrices, element
   by element), course_check_layers (a matrix per layer), course_check_grads
   (every W and b of a network), course_check_backward (mlp_backward against
   central differences), course_check_accumulates (two backward passes add
   up), and course_check_skipped for a check that waits for another TODO.
   Each prints one line, to stderr (unbuffered, so that the lines come in
   order and are seen on the terminal even when stdout goes to a file):

       03_backprop: ok: dW1 by hand vs central differences (worst relative error 7.4e-09 < 0.001)
       03_backprop: FAILED: 2-5-3, identity then softmax: mlp_backward vs central differences: see TODO(dense-backward) in mlp.h, mlp_dense_backward
           worst element: layer 1 W[2][0]: backprop -1.3358e-05, central differences -0.000427455 (relative error 0.97, should be < 0.001)
           ratio 0.03125 = 1/B, the same for every element: a 1/B too many (the mean's 1/B is needed once)
           matrices that fail (worst relative error): layer 0 W (0.97), layer 1 W (0.97)

   The worst element is the one with the largest relative error
   |got - ref| / max(|got|, |ref|, 1e-4 s), s the largest |ref| of the matrix
   (so that elements near zero are judged against the matrix's scale, not
   their own). The ratio got/ref at that element, and whether every element
   shares it, says more than the error: -1 a sign, 2 or 1/2 a factor 2, B or
   1/B the batch mean's 1/B missing or doubled, 0 a value never computed; a
   ratio that changes from element to element points at a wrong term or
   index (a transposed product, Z for A, a missing f').

   MISUSE AND CRASHES. A product of the wrong shape (X dZ for X^T dZ) stops
   at mlp.h's MLP_ASSERT, which aborts; an index outside a matrix may crash.
   While a self-check runs, course.h catches the abort and the crash, prints
   which TODO was being checked, and lets the program stop as it would have.
   (Under AddressSanitizer, `make debug SANITIZE=1`, crashes are left to the
   sanitizer, whose report names the line.) */

static struct {
    const char *todo;    /* the TODO the current checks judge, e.g. "dense-backward" */
    const char *where;   /* where it is, e.g. "mlp.h, mlp_dense_backward" */
    int batch;           /* B of the current checks, for the ratio's hint (0: none) */
    int n_checks, n_failed;
    char failed_todos[512];   /* "TODO(a), TODO(b)": what the summary names */
    char on_abort[700];       /* what the signal handler prints, ready-made */
    char on_crash[700];
    int handlers;             /* installed? */
} course_sc;

static inline void course__on_signal(int sig)
{
    const char *m = sig == SIGABRT ? course_sc.on_abort : course_sc.on_crash;
    size_t n = 0;
    while (m[n]) n++;
    if (n && write(2, m, n) < 0) n = 0; /* nothing more can be done in a handler */
    signal(sig, SIG_DFL);
    raise(sig);
}

#if defined(__SANITIZE_ADDRESS__)
#define COURSE__ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COURSE__ASAN 1
#endif
#endif

/* The checks that follow judge TODO(todo), found at `where`. */
static inline void course_selfcheck(const char *todo, const char *where)
{
    const char *name = course.name ? course.name : "exercise";
    course_sc.todo = todo;
    course_sc.where = where;
    snprintf(course_sc.on_abort, sizeof course_sc.on_abort,
             "%s: FAILED: stopped by the misuse above, during the self-check of TODO(%s) in %s: look there for a "
             "matrix of the wrong shape (a product with an operand transposed, or the wrong matrix)\n",
             name, todo, where);
    snprintf(course_sc.on_crash, sizeof course_sc.on_crash,
             "%s: FAILED: crashed during the self-check of TODO(%s) in %s: an index outside a matrix? "
             "(make debug SANITIZE=1, then run the check again: the sanitizer names the line)\n",
             name, todo, where);
    if (!course_sc.handlers) {
        course_sc.handlers = 1;
        signal(SIGABRT, course__on_signal);
#ifndef COURSE__ASAN
        signal(SIGSEGV, course__on_signal);
        signal(SIGFPE, course__on_signal);
#ifdef SIGBUS
        signal(SIGBUS, course__on_signal);
#endif
#endif
    }
}

/* B of the batch the next checks use (until the next call): a ratio of B
   or 1/B is then named as the batch mean's 1/B, missing or doubled. */
static inline void course_selfcheck_batch(int B) { course_sc.batch = B; }

static inline void course__check_counted(int ok)
{
    char t[96];
    course_sc.n_checks++;
    if (ok) return;
    course_sc.n_failed++;
    snprintf(t, sizeof t, "TODO(%s)", course_sc.todo ? course_sc.todo : "?");
    if (!strstr(course_sc.failed_todos, t)) {
        size_t n = strlen(course_sc.failed_todos);
        snprintf(course_sc.failed_todos + n, sizeof course_sc.failed_todos - n, "%s%s", n ? ", " : "", t);
    }
}

/* The FAILED line: names the TODO. */
static inline void course__failed_line(const char *what)
{
    fprintf(stderr, "%s: FAILED: %s: see TODO(%s) in %s\n", course.name ? course.name : "exercise", what,
            course_sc.todo ? course_sc.todo : "?", course_sc.where ? course_sc.where : "?");
}

/* A check that is a yes or a no: `detail` (printf) says what was seen, and
   for a failure what was expected. */
static inline int course_check(const char *what, int ok, const char *detail, ...)
{
    char d[600];
    va_list ap;
    va_start(ap, detail);
    vsnprintf(d, sizeof d, detail, ap);
    va_end(ap);
    course__check_counted(ok);
    if (ok) fprintf(stderr, "%s: ok: %s (%s)\n", course.name, what, d);
    else {
        course__failed_line(what);
        fprintf(stderr, "    %s\n", d);
    }
    return ok;
}

/* A check that cannot judge its TODO until another passes: one line, not
   counted ("skipped: WHAT (REASON)"). */
static inline void course_check_skipped(const char *what, const char *reason)
{
    fprintf(stderr, "%s: skipped: %s (%s)\n", course.name, what, reason);
}

/* |x / y - want| is small: x is `want` times y. */
static inline int course__ratio_is(double r, double want) { return fabs(r - want) <= 1e-3 * fabs(want); }

/* What the ratio got/ref at the worst element suggests; `uniform`: every
   element has it. */
static inline void course__ratio_hint(char *out, size_t n, double got, double ref, int uniform)
{
    const double r = got / ref;
    const int B = course_sc.batch;
    const char *same = uniform ? ", the same for every element" : "";
    if (got != got) snprintf(out, n, "got NaN: a 0/0, a square root of a negative number, or a value never set");
    else if (ref == 0) snprintf(out, n, "should be 0 here: a term that does not belong, or a value from another element");
    else if (got == 0)
        snprintf(out, n, "ratio 0%s: nothing was computed here (still zero?), or a factor that is 0 (a derivative "
                         "from the wrong matrix?)", same);
    else if (course__ratio_is(r, -1)) snprintf(out, n, "ratio -1%s: the sign is flipped", same);
    else if (B > 1 && course__ratio_is(r, B))
        snprintf(out, n, "ratio %g = B%s: the 1/B of the batch mean is missing", r, same);
    else if (B > 1 && course__ratio_is(r, 1.0 / B))
        snprintf(out, n, "ratio %g = 1/B%s: a 1/B too many (the mean's 1/B is needed once)", r, same);
    else if (course__ratio_is(r, 2) || course__ratio_is(r, 0.5) || course__ratio_is(r, -2) || course__ratio_is(r, -0.5))
        snprintf(out, n, "ratio %g%s: a factor 2 missing or one too many (the 2 of a square? a term added twice?)", r,
                 same);
    else if (uniform)
        snprintf(out, n, "ratio %g, the same for every element: a constant factor missing or one too many", r);
    else
        snprintf(out, n, "ratio %g here, other ratios at other elements: not one constant factor but a wrong term or "
                         "index (a transposed product, Z for A, a missing factor such as f', a value from another "
                         "sample or step)", r);
}

/* The comparison of got with ref, element by element (rows x cols each). */
typedef struct course__cmp {
    double err;        /* the largest relative error (NaN counts as infinite) */
    int at;            /* its element */
    int uniform;       /* every element with |ref| above 1% of the scale has one ratio got/ref */
} course__cmp;

static inline course__cmp course__compare(const double *got, const double *ref, int n)
{
    course__cmp c;
    double scale = 0, floor_, rmin = INFINITY, rmax = -INFINITY;
    int k, n_ratio = 0;
    c.err = 0, c.at = 0, c.uniform = 0;
    for (k = 0; k < n; k++) scale = fmax(scale, fabs(ref[k]));
    if (scale == 0)
        for (k = 0; k < n; k++) scale = fmax(scale, fabs(got[k]));
    floor_ = 1e-4 * scale;
    for (k = 0; k < n; k++) {
        double den = fmax(fmax(fabs(got[k]), fabs(ref[k])), floor_);
        double e = den > 0 ? fabs(got[k] - ref[k]) / den : (got[k] == ref[k] ? 0 : INFINITY);
        if (e != e) e = INFINITY;
        if (e > c.err) c.err = e, c.at = k;
        if (fabs(ref[k]) > 1e-2 * scale && scale > 0) {
            double r = got[k] / ref[k];
            rmin = fmin(rmin, r), rmax = fmax(rmax, r);
            n_ratio++;
        }
    }
    c.uniform = n_ratio >= 2 && rmax - rmin <= 1e-4 * fmax(fabs(rmin), fabs(rmax));
    return c;
}

/* "W[1][2]", "b[2]" or "w" for element k of a rows x cols matrix. */
static inline void course__element(char *out, size_t n, const char *name, int k, int rows, int cols)
{
    if (rows * cols == 1) snprintf(out, n, "%s", name);
    else if (rows == 1 || cols == 1) snprintf(out, n, "%s[%d]", name, k);
    else snprintf(out, n, "%s[%d][%d]", name, k / cols, k % cols);
}

/* The two detail lines of a failed comparison. */
static inline void course__print_worst(const char *element, const char *got_name, double got, const char *ref_name,
                                       double ref, double err, double tol, int uniform, const char *note)
{
    char hint[400];
    course__ratio_hint(hint, sizeof hint, got, ref, uniform);
    fprintf(stderr, "    worst element: %s: %s %.6g, %s %.6g (relative error %.2g, should be < %g)\n", element, got_name,
            got, ref_name, ref, err, tol);
    fprintf(stderr, "    %s%s%s\n", hint, note && *note ? "; " : "", note ? note : "");
}

/* got against ref, n = rows x cols numbers each, both double: ok if every
   element's relative error (see above) is below tol. `name` names the
   matrix in the message ("layer 0 W", "dW1", "m"); `got_name` and
   `ref_name` say where each comes from ("by hand", "central differences").
   `note` (may be NULL) is added to the hint of a failure. */
static inline int course_check_values(const char *what, const char *name, const char *got_name, const double *got,
                                      const char *ref_name, const double *ref, int rows, int cols, double tol,
                                      const char *note)
{
    course__cmp c = course__compare(got, ref, rows * cols);
    int ok = c.err < tol;
    course__check_counted(ok);
    if (ok) fprintf(stderr, "%s: ok: %s (worst relative error %.2g < %g)\n", course.name, what, c.err, tol);
    else {
        char el[160];
        course__element(el, sizeof el, name, c.at, rows, cols);
        course__failed_line(what);
        course__print_worst(el, got_name, got[c.at], ref_name, ref[c.at], c.err, tol, c.uniform, note);
    }
    return ok;
}

/* The same for two matrices of mlp_real (which must have one shape: a shape
   that differs is a failure too). */
static inline int course_check_mats(const char *what, const char *name, const char *got_name, const mlp_mat *got,
                                    const char *ref_name, const mlp_mat *ref, double tol)
{
    int k, n = ref->rows * ref->cols, ok;
    double *g, *r;
    if (got->rows != ref->rows || got->cols != ref->cols)
        return course_check(what, 0, "%s is %dx%d (%s), should be %dx%d (%s)", name, got->rows, got->cols, got_name,
                            ref->rows, ref->cols, ref_name);
    g = (double *)malloc(sizeof *g * (size_t)(2 * n + 1));
    if (!g) course_die("out of memory");
    r = g + n;
    for (k = 0; k < n; k++) g[k] = (double)got->data[k], r[k] = (double)ref->data[k];
    ok = course_check_values(what, name, got_name, g, ref_name, r, ref->rows, ref->cols, tol, NULL);
    free(g);
    return ok;
}

/* Every dW and db of net, layer by layer (W row by row, then b), into a new
   array (free it); *n receives its length. */
static inline double *course_grads(const mlp_net *net, int *n)
{
    int l, k, total = 0, at = 0;
    double *G;
    for (l = 0; l < net->n_layers; l++) total += (net->layers[l].n_in + 1) * net->layers[l].n_out;
    G = (double *)malloc(sizeof *G * (size_t)(total + 1));
    if (!G) course_die("out of memory");
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        for (k = 0; k < L->n_in * L->n_out; k++) G[at++] = (double)L->dW.data[k];
        for (k = 0; k < L->n_out; k++) G[at++] = (double)L->db.data[k];
    }
    *n = total;
    return G;
}

/* Several matrices compared at once: part k is a rows x cols matrix named
   name[k] ("layer 0 W"), laid out in got and ref one after the other. One
   comparison per part (each element judged against its own part's scale);
   one line for all of them if they pass, else the worst part's worst
   element and the list of parts that fail. */
#define COURSE_MAX_PARTS 64
typedef struct course_part {
    char name[48];
    int rows, cols;
} course_part;

static inline int course__check_parts(const char *what, const course_part *part, int n_parts, const char *got_name,
                                      const double *got, const char *ref_name, const double *ref, double tol,
                                      const char *note)
{
    int k, at = 0, worst_k = -1, worst_at = 0, ok;
    double worst = 0;
    course__cmp worst_c = {0, 0, 0};
    char failing[600] = "";
    for (k = 0; k < n_parts; k++) {
        int n = part[k].rows * part[k].cols;
        course__cmp c = course__compare(got + at, ref + at, n);
        if (!(c.err < tol)) {
            size_t len = strlen(failing);
            snprintf(failing + len, sizeof failing - len, "%s%.47s (%.2g)", len ? ", " : "", part[k].name, c.err);
        }
        if (worst_k < 0 || c.err > worst) worst = c.err, worst_k = k, worst_c = c, worst_at = at;
        at += n;
    }
    ok = worst < tol;
    course__check_counted(ok);
    if (ok) fprintf(stderr, "%s: ok: %s (worst relative error %.2g < %g)\n", course.name, what, worst, tol);
    else {
        char el[160];
        course__element(el, sizeof el, part[worst_k].name, worst_c.at, part[worst_k].rows, part[worst_k].cols);
        course__failed_line(what);
        course__print_worst(el, got_name, got[worst_at + worst_c.at], ref_name, ref[worst_at + worst_c.at], worst, tol,
                            worst_c.uniform, note);
        if (n_parts > 1) fprintf(stderr, "    matrices that fail (worst relative error): %s\n", failing);
    }
    return ok;
}

/* got against ref, both laid out as course_grads lays them out (every W
   and b of net), as course__check_parts compares them. `note` (may be NULL)
   is added to the hint of a failure. */
static inline int course_check_grads(const char *what, const mlp_net *net, const char *got_name, const double *got,
                                     const char *ref_name, const double *ref, double tol, const char *note)
{
    course_part part[COURSE_MAX_PARTS];
    int l, n = 0;
    if (2 * net->n_layers > COURSE_MAX_PARTS) course_die("course_check_grads: more than %d layers", COURSE_MAX_PARTS / 2);
    for (l = 0; l < net->n_layers; l++) {
        snprintf(part[n].name, sizeof part[n].name, "layer %d W", l);
        part[n].rows = net->layers[l].n_in, part[n].cols = net->layers[l].n_out, n++;
        snprintf(part[n].name, sizeof part[n].name, "layer %d b", l);
        part[n].rows = 1, part[n].cols = net->layers[l].n_out, n++;
    }
    return course__check_parts(what, part, n, got_name, got, ref_name, ref, tol, note);
}

/* n matrices got[l] against ref[l] (same shapes), named "layer l NAME". */
static inline int course_check_layers(const char *what, const char *name, int n, const char *got_name,
                                      const mlp_mat *got, const char *ref_name, const mlp_mat *ref, double tol)
{
    course_part part[COURSE_MAX_PARTS];
    double *g, *r;
    int l, k, total = 0, at = 0, ok;
    if (n > COURSE_MAX_PARTS) course_die("course_check_layers: more than %d matrices", COURSE_MAX_PARTS);
    for (l = 0; l < n; l++) {
        if (got[l].rows != ref[l].rows || got[l].cols != ref[l].cols)
            return course_check(what, 0, "layer %d %s is %dx%d (%s), should be %dx%d (%s)", l, name, got[l].rows,
                                got[l].cols, got_name, ref[l].rows, ref[l].cols, ref_name);
        total += ref[l].rows * ref[l].cols;
    }
    g = (double *)malloc(sizeof *g * (size_t)(2 * total + 1));
    if (!g) course_die("out of memory");
    r = g + total;
    for (l = 0; l < n; l++) {
        snprintf(part[l].name, sizeof part[l].name, "layer %d %s", l, name);
        part[l].rows = ref[l].rows, part[l].cols = ref[l].cols;
        for (k = 0; k < ref[l].rows * ref[l].cols; k++, at++) g[at] = (double)got[l].data[k], r[at] = (double)ref[l].data[k];
    }
    ok = course__check_parts(what, part, n, got_name, g, ref_name, r, tol, NULL);
    free(g);
    return ok;
}

/* mlp_backward on the batch (X, Y) against central differences of mlp_loss,
   (L(p + h) - L(p - h)) / 2h for every weight and bias p (h = 1e-5 in
   double, 1e-2 in float, as mlp_grad_check), which need only the forward
   pass. The network is left as it was, with the gradients of one backward
   pass in dW and db. `what` names the network in the message. */
static inline int course_check_backward(const char *what, mlp_net *net, const mlp_mat *X, const mlp_mat *Y, double tol)
{
    const mlp_real h = (mlp_real)(sizeof(mlp_real) == sizeof(float) ? 1e-2 : 1e-5);
    int l, p, n, at = 0, ok;
    double *G, *F;
    char line[300];
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    mlp_zero_grad(net);
    course_ok(mlp_backward(net, Y), "mlp_backward");
    G = course_grads(net, &n);
    F = (double *)malloc(sizeof *F * (size_t)(n + 1));
    if (!F) course_die("out of memory");
    for (l = 0; l < net->n_layers; l++)
        for (p = 0; p < 2; p++) {
            mlp_mat *P = p ? &net->layers[l].b : &net->layers[l].W;
            int k;
            for (k = 0; k < P->rows * P->cols; k++, at++) {
                const mlp_real old = P->data[k], up = old + h, down = old - h;
                mlp_real Lup, Ldown;
                P->data[k] = up;
                if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
                Lup = mlp_loss(net, Y);
                P->data[k] = down;
                if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
                Ldown = mlp_loss(net, Y);
                P->data[k] = old;
                F[at] = ((double)Lup - (double)Ldown) / ((double)up - (double)down);
            }
        }
    /* leave the network as one forward and backward pass left it */
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    mlp_zero_grad(net);
    course_ok(mlp_backward(net, Y), "mlp_backward");
    snprintf(line, sizeof line, "%s: mlp_backward vs central differences", what);
    ok = course_check_grads(line, net, "backprop", G, "central differences", F, tol, NULL);
    free(G), free(F);
    return ok;
}

/* Gradients add up until mlp_zero_grad clears them (PyTorch's rule, which
   mlp_backward's comment states): one forward pass on (X, Y), then
   mlp_backward twice without mlp_zero_grad, must give twice the dW and db of
   one. Catches `=` where the dense layer needs `+=`. */
static inline int course_check_accumulates(const char *what, mlp_net *net, const mlp_mat *X, const mlp_mat *Y)
{
    int n, k, ok;
    double *once, *twice;
    char line[300];
    if (!mlp_forward(net, X)) course_ok(MLP_ERR_NOMEM, "mlp_forward");
    mlp_zero_grad(net);
    course_ok(mlp_backward(net, Y), "mlp_backward");
    once = course_grads(net, &n);
    course_ok(mlp_backward(net, Y), "mlp_backward");
    twice = course_grads(net, &n);
    for (k = 0; k < n; k++) once[k] *= 2;
    snprintf(line, sizeof line, "%s: two mlp_backward without mlp_zero_grad add up to twice the gradient", what);
    ok = course_check_grads(line, net, "after two", twice, "2 x after one", once, 1e-9,
                             "a ratio of 1/2 would mean that the second pass overwrote the first: dW and db are "
                             "added to (+=, accumulate = 1), never set");
    free(once), free(twice);
    return ok;
}

/* The end of the self-checks: "NAME: self-check passed (N checks)" and 1, or
   a summary naming every TODO that failed and 0. The signal handlers stay
   but say nothing from here on. */
static inline int course_selfcheck_done(void)
{
    int ok = course_sc.n_failed == 0;
    course_sc.on_abort[0] = course_sc.on_crash[0] = '\0';
    if (ok)
        fprintf(stderr, "%s: self-check passed (%d check%s)\n", course.name, course_sc.n_checks,
                course_sc.n_checks == 1 ? "" : "s");
    else
        fprintf(stderr, "%s: self-check FAILED (%d of %d checks): see %s\n", course.name, course_sc.n_failed,
                course_sc.n_checks, course_sc.failed_todos);
    return ok;
}

/* MLP_CHECK_ONLY=1: the run stops after the self-checks. */
static inline int course_check_only(void) { return course__env_flag("MLP_CHECK_ONLY"); }

#endif /* COURSE_H */
