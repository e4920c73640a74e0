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
#include <unistd.h> /* isatty */

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

#endif /* COURSE_H */
