/* bench/timing.h - what the benchmark programs share: a clock (processor
   time), the median (with min and max) of repeated runs, and the peak
   memory of the process.
   Every figure `make bench` prints is the median of RUNS timed runs. */
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>

enum { RUNS = 7 };

/* Seconds of processor time this process has used (all its threads; the
   benchmarks run one). Not the wall clock: on a machine shared with other
   work, a process waits for a core now and then, and the wall clock counts
   the wait. And waits do not fall evenly on the runs they interrupt: on a
   2-core machine with a load of 10, runs of mlp.h and OpenBLAS a few
   milliseconds long, alternating in one process, fell into step with the
   scheduler. Timed pair by pair (X^T dZ, 256x256x256, double), the wait,
   8 ms each time, fell on mlp.h's run in 11 pairs of 15 and on OpenBLAS's
   in the other 4: a median ratio of 0.13 by the wall clock, for a product
   that ran at 0.65 of OpenBLAS by processor time. Processor time still
   includes what a neighbour costs (caches it evicted), not its turns.
   bench_torch.py measures the same way (time.process_time). */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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
