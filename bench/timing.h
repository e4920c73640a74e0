/* bench/timing.h - what the benchmark programs share: a clock, the median
   (with min and max) of repeated runs, and the peak memory of the process.
   Every figure `make bench` prints is the median of RUNS timed runs. */
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>

enum { RUNS = 7 };

/* Seconds on a clock that only moves forward. */
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

/* median, min, max of RUNS values (sorts them) */
static void summarize(double *v, double *med, double *lo, double *hi)
{
    qsort(v, RUNS, sizeof *v, cmp_double);
    *med = v[RUNS / 2];
    *lo = v[0];
    *hi = v[RUNS - 1];
}

/* The most memory the process has held at once, in KB (Linux's ru_maxrss). */
static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}
