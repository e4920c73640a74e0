/* harness.h - the smallest test harness that does its job.

   A test is a plain function `static void test_name(void)`, listed in a table
   in main; run one under gdb with `break test_name`. Checks print, on failure,
   what was checked, the expected value, the value got and their difference.
   NaN never passes. The program ends with the line `N passed, M failed` and
   exits non-zero if any test failed.

       static void test_two(void) { CHECK_NEAR(2.0, 1.0 + 1.0, 0.0); }
       int main(int argc, char **argv) {
           static const test_case tests[] = {{"two", test_two}};
           return run_tests(argc, argv, tests, sizeof tests / sizeof tests[0]);
       }

   Usage of a test program: `./test_x [-v] [substring]`: only tests whose name
   contains the substring run; -v prints every test's name as it runs. */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

static const char *harness_current = "";
static int harness_current_failed = 0;
static int harness_failed_checks = 0;

static void harness_fail_header(const char *file, int line, const char *what)
{
    if (!harness_current_failed) fprintf(stderr, "FAIL %s\n", harness_current);
    harness_current_failed = 1;
    harness_failed_checks++;
    fprintf(stderr, "  %s:%d: %s\n", file, line, what);
}

/* A condition. */
static int harness_check(int ok, const char *what, const char *file, int line)
{
    if (!ok) harness_fail_header(file, line, what);
    return ok;
}

/* |got - expected| <= abs_tol + rel_tol * |expected|; NaN fails. */
static int harness_check_near(double expected, double got, double abs_tol, double rel_tol, const char *what,
                              const char *file, int line)
{
    double diff = fabs(got - expected);
    int ok = diff <= abs_tol + rel_tol * fabs(expected); /* false if anything is NaN */
    if (!ok) {
        harness_fail_header(file, line, what);
        fprintf(stderr, "    expected %.17g\n    got      %.17g\n    diff     %.3g (allowed %.3g)\n", expected, got, diff,
                abs_tol + rel_tol * fabs(expected));
    }
    return ok;
}

static int harness_check_int(long expected, long got, const char *what, const char *file, int line)
{
    if (expected != got) {
        harness_fail_header(file, line, what);
        fprintf(stderr, "    expected %ld\n    got      %ld\n", expected, got);
    }
    return expected == got;
}

/* These macros only add the text of the check and where it is. */
#define CHECK(cond) harness_check((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_NEAR(expected, got, abs_tol) \
    harness_check_near((double)(expected), (double)(got), (abs_tol), 0.0, #got, __FILE__, __LINE__)
#define CHECK_REL(expected, got, rel_tol) \
    harness_check_near((double)(expected), (double)(got), 0.0, (rel_tol), #got, __FILE__, __LINE__)
#define CHECK_INT(expected, got) harness_check_int((long)(expected), (long)(got), #got, __FILE__, __LINE__)

static int run_tests(int argc, char **argv, const test_case *tests, int n)
{
    const char *filter = NULL;
    int verbose = 0, passed = 0, failed = 0, k;
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "-v") == 0) verbose = 1;
        else filter = argv[k];
    }
    for (k = 0; k < n; k++) {
        if (filter && !strstr(tests[k].name, filter)) continue;
        harness_current = tests[k].name;
        harness_current_failed = 0;
        if (verbose) fprintf(stderr, "run  %s\n", tests[k].name);
        tests[k].fn();
        if (harness_current_failed) failed++;
        else passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif
