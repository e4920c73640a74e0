/* test_kernels.c - the three products of a dense layer (mlp_mat_mul, _tn, _nt)
   against the plain loops that define them.

   mlp.h promises one summation order for every element of every product (the
   "reference order" in >>matrix):
       c = accumulate ? C[i][j] : 0;  for k = 0, 1, ..., n-1: c = c + a(i,k) * b(k,j)
   The fast kernel (vectors, register tiles, packed panels, blocks of k) must
   give exactly these bits, so the checks here use ==, not a tolerance. The
   reference below is that loop, written out independently of mlp.h, over
   shapes chosen to hit every edge of the kernel: 1x1x1, primes, one less and
   one more than the tile sizes (6 rows, NR columns = 4 to 16, k blocks of
   256, and the blocks of packed A^T: 128 k steps, 60 or 120 rows), and
   empty matrices. The inputs span 2^-8 .. 2^8 with both signs, so
   that a different order of the sum shows in the last bits
   (order_is_observable checks that it does).

   Built with -DMLP_USE_CBLAS (and -lopenblas) the products come from a BLAS,
   in its own order; then the check is the standard error bound of a sum in
   any order: |got - ref| <= 2 (n + 1) eps (|C[i][j]| + sum_k |a(i,k) b(k,j)|),
   with eps the machine epsilon (twice the usual (n + 1) u bound, u = eps / 2,
   because the reference has the same error in its own order).

   mlp.h may hold more than one copy of the kernel (16-byte vectors, and
   32-byte vectors chosen at run time on x86 processors with AVX): every
   shape is checked through each copy this processor can run, forced with
   mlp__kernel_choice, and the test prints which ones it checked.

   Also checked: C's neighbours in memory are never written; a NaN or an
   infinity stays in its own row and column; no allocation happens once C has
   its size; a small product against numbers computed by hand.

   `test_kernels --digest` runs no test: it prints a hash of the bits of many
   products and of two short training runs, to compare between builds (gcc,
   clang, -O0, -O2, -march=native, scalar): see print_digest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long alloc_calls = 0; /* MLP_MALLOC + MLP_REALLOC calls so far */
static void *count_realloc(void *p, size_t n)
{
    alloc_calls++;
    return realloc(p, n);
}
#define MLP_MALLOC(n) count_realloc(NULL, n)
#define MLP_REALLOC(p, n) count_realloc(p, n)
#define MLP_FREE(p) free(p)

#define MLP_IMPLEMENTATION
#include "../mlp.h"
#include "harness.h"

typedef enum { MUL, MUL_TN, MUL_NT } product;
static const char *product_name[] = {"mlp_mat_mul", "mlp_mat_mul_tn", "mlp_mat_mul_nt"};

/* a(i,k) and b(k,j) of each product, read straight from the definitions. */
static mlp_real a_of(product pr, const mlp_mat *A, int i, int k)
{
    return pr == MUL_TN ? A->data[(size_t)k * A->cols + i] : A->data[(size_t)i * A->cols + k];
}
static mlp_real b_of(product pr, const mlp_mat *B, int k, int j)
{
    return pr == MUL_NT ? B->data[(size_t)j * B->cols + k] : B->data[(size_t)k * B->cols + j];
}

/* The reference order, one element at a time. C0 holds C before the product
   (used when accumulating). */
static void reference(product pr, mlp_mat *R, const mlp_mat *C0, const mlp_mat *A, const mlp_mat *B, int m, int n,
                      int p, int accumulate)
{
    int i, j, k;
    for (i = 0; i < m; i++)
        for (j = 0; j < p; j++) {
            mlp_real c = accumulate ? C0->data[(size_t)i * p + j] : 0;
            for (k = 0; k < n; k++) c = c + a_of(pr, A, i, k) * b_of(pr, B, k, j);
            R->data[(size_t)i * p + j] = c;
        }
}

/* sum_k |a(i,k) b(k,j)|, for the tolerance of the BLAS build. */
static double abs_sum(product pr, const mlp_mat *A, const mlp_mat *B, int i, int j, int n)
{
    double s = 0;
    int k;
    for (k = 0; k < n; k++) s += fabs((double)a_of(pr, A, i, k) * (double)b_of(pr, B, k, j));
    return s;
}

/* Numbers of both signs from 2^-8 to 2^8: sums of them round differently in
   different orders. */
static void fill_random(mlp_mat *M, mlp_rng *rng)
{
    size_t t, count = (size_t)M->rows * M->cols;
    for (t = 0; t < count; t++) {
        double mant = mlp_rng_uniform_range(rng, -1, 1);
        int e = mlp_rng_below(rng, 17) - 8;
        M->data[t] = (mlp_real)ldexp(mant, e);
    }
}

static void run_product(product pr, mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate)
{
    if (pr == MUL) mlp_mat_mul(C, A, B, accumulate);
    else if (pr == MUL_TN) mlp_mat_mul_tn(C, A, B, accumulate);
    else mlp_mat_mul_nt(C, A, B, accumulate);
}

/* One product at one shape: C is m x p, the sum has n terms. C is a view into
   a larger buffer with guard values before and after it, so a store outside C
   is seen. Returns 1 if every element matched. */
static int check_shape(product pr, int m, int n, int p, int accumulate, mlp_rng *rng)
{
    enum { GUARD = 64 };
    const mlp_real sentinel = (mlp_real)-12345.5;
    mlp_mat A = {0}, B = {0}, C0 = {0}, R = {0}, C;
    mlp_real *buf;
    size_t size = (size_t)m * p, t;
    int i, j, ok = 1;
    /* shapes of the inputs for C (m x p) with n terms per sum */
    if (pr == MUL) { mlp_mat_init(&A, m, n); mlp_mat_init(&B, n, p); }
    else if (pr == MUL_TN) { mlp_mat_init(&A, n, m); mlp_mat_init(&B, n, p); }
    else { mlp_mat_init(&A, m, n); mlp_mat_init(&B, p, n); }
    mlp_mat_init(&C0, m, p);
    mlp_mat_init(&R, m, p);
    fill_random(&A, rng);
    fill_random(&B, rng);
    fill_random(&C0, rng);
    buf = (mlp_real *)malloc((size + 2 * GUARD) * sizeof(mlp_real));
    for (t = 0; t < size + 2 * GUARD; t++) buf[t] = sentinel;
    if (size) memcpy(buf + GUARD, C0.data, size * sizeof(mlp_real));
    C = mlp_mat_view(m, p, buf + GUARD);
    run_product(pr, &C, &A, &B, accumulate);
    reference(pr, &R, &C0, &A, &B, m, n, p, accumulate);
    ok &= CHECK_INT(m, C.rows) & CHECK_INT(p, C.cols);
    for (i = 0; i < m && ok; i++)
        for (j = 0; j < p && ok; j++) {
            mlp_real got = C.data[(size_t)i * p + j], want = R.data[(size_t)i * p + j];
#ifdef MLP_USE_CBLAS
            double eps = sizeof(mlp_real) == sizeof(float) ? 1.2e-7 : 2.3e-16;
            double c0 = accumulate ? fabs((double)C0.data[(size_t)i * p + j]) : 0.0;
            double tol = 2.0 * (n + 1) * eps * (abs_sum(pr, &A, &B, i, j, n) + c0);
            if (!CHECK_NEAR(want, got, tol)) ok = 0;
#else
            if (!(got == want)) { /* the same number (== does not tell -0 from +0; the digest compares bits) */
                CHECK_NEAR(want, got, 0.0);
                ok = 0;
            }
            (void)abs_sum;
#endif
        }
    for (t = 0; t < GUARD && ok; t++) {
        ok &= CHECK(buf[t] == sentinel);
        ok &= CHECK(buf[GUARD + size + t] == sentinel);
    }
    if (!ok)
        fprintf(stderr, "    in %s, C %dx%d, n = %d, accumulate = %d\n", product_name[pr], m, p, n, accumulate);
    free(buf);
    mlp_mat_free(&A);
    mlp_mat_free(&B);
    mlp_mat_free(&C0);
    mlp_mat_free(&R);
    return ok;
}

/* Sizes around every edge of the kernel: 6-row tiles, NR = 4..16 columns
   (2 vectors of 2..8 numbers), k blocks of 256, blocks of packed A^T. */
static const int sizes_small[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 32, 33};
static const int sizes_k[] = {1, 2, 5, 64, 255, 256, 257, 511, 513};

static int check_all_shapes_one_kernel(product pr)
{
    mlp_rng rng;
    int a, b, c, acc, fails = 0, shapes = 0;
    const int ns = (int)(sizeof sizes_small / sizeof sizes_small[0]), nk = (int)(sizeof sizes_k / sizeof sizes_k[0]);
    mlp_rng_seed(&rng, 1000 + (unsigned)pr);
    for (acc = 0; acc <= 1; acc++) {
        /* every m x p from the small sizes, with a short and a long sum */
        for (a = 0; a < ns; a++)
            for (c = 0; c < ns; c++) {
                fails += !check_shape(pr, sizes_small[a], 3, sizes_small[c], acc, &rng);
                fails += !check_shape(pr, sizes_small[a], 37, sizes_small[c], acc, &rng);
                shapes += 2;
            }
        /* every length of sum around the k blocks, at a few m x p */
        for (b = 0; b < nk; b++) {
            fails += !check_shape(pr, 5, sizes_k[b], 7, acc, &rng);
            fails += !check_shape(pr, 8, sizes_k[b], 33, acc, &rng);
            fails += !check_shape(pr, 1, sizes_k[b], 1, acc, &rng);
            shapes += 3;
        }
        /* a few layer-like shapes, primes and non-multiples of everything */
        fails += !check_shape(pr, 1, 1, 1, acc, &rng);
        fails += !check_shape(pr, 13, 101, 67, acc, &rng);
        fails += !check_shape(pr, 32, 97, 10, acc, &rng);
        fails += !check_shape(pr, 37, 300, 41, acc, &rng);
        fails += !check_shape(pr, 100, 100, 100, acc, &rng);
        /* more than 48 rows: the kernel reads a packed copy of B, not B */
        fails += !check_shape(pr, 49, 257, 9, acc, &rng);
        fails += !check_shape(pr, 50, 513, 20, acc, &rng);
        /* A^T B with a block of A over 128 KB: mlp.h packs A^T in blocks of
           128 k steps and 60 (double) or 120 (float) rows; these end with a
           short block of rows, a tile of 5 rows, a block of 1 or 44 steps */
        fails += !check_shape(pr, 131, 300, 37, acc, &rng);
        fails += !check_shape(pr, 300, 129, 64, acc, &rng);
        shapes += 9;
    }
    if (fails)
        fprintf(stderr, "    %s with %s: %d of %d shapes differ from the reference\n", product_name[pr], mlp_kernel_name(),
                fails, shapes);
    return CHECK_INT(0, fails);
}

/* Every shape through every copy of the kernel that runs here. */
static void check_all_shapes(product pr)
{
    int i, checked = 0;
    for (i = 0; i < MLP__KERNELS; i++) {
        if (!mlp__kernel_runs_here(i)) {
            printf("    (%s: %s does not run on this processor)\n", product_name[pr], mlp__kernels[i].name);
            continue;
        }
        mlp__kernel_choice = i;
        check_all_shapes_one_kernel(pr);
        checked++;
        printf("    %s: every shape with %s\n", product_name[pr], mlp_kernel_name());
    }
    mlp__kernel_choice = -1;
    CHECK(checked >= 1);
}

static void test_mul_matches_reference(void) { check_all_shapes(MUL); }
static void test_mul_tn_matches_reference(void) { check_all_shapes(MUL_TN); }
static void test_mul_nt_matches_reference(void) { check_all_shapes(MUL_NT); }

/* Empty matrices: an empty sum (n = 0) gives C = 0, or leaves C as it was
   when accumulating; no rows or no columns is a valid empty C. */
static void test_empty_shapes(void)
{
    mlp_rng rng;
    product pr;
    int acc;
    mlp_rng_seed(&rng, 7);
    for (pr = MUL; pr <= MUL_NT; pr = (product)(pr + 1))
        for (acc = 0; acc <= 1; acc++) {
            CHECK(check_shape(pr, 3, 0, 5, acc, &rng));
            CHECK(check_shape(pr, 0, 4, 5, acc, &rng));
            CHECK(check_shape(pr, 3, 4, 0, acc, &rng));
            CHECK(check_shape(pr, 0, 0, 0, acc, &rng));
        }
}

/* The numbers of a small product, worked out by hand:
     A = [1 2 3; 4 5 6],  B = [1 0; 0 1; 2 -1]
     A B   = [1+0+6  0+2-3; 4+0+12  0+5-6] = [7 -1; 16 -1]
     A^T A = [1+16 2+20 3+24; 2+20 4+25 6+30; 3+24 6+30 9+36] (as mul_tn(A, A))
     A A^T = [1+4+9 4+10+18; 4+10+18 16+25+36] = [14 32; 32 77] (as mul_nt(A, A))
   and accumulating adds: C = [1 1; 1 1] + A B = [8 0; 17 0]. */
static void test_small_by_hand(void)
{
    mlp_real a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 2, -1};
    mlp_real ones[4] = {1, 1, 1, 1};
    mlp_mat A = mlp_mat_view(2, 3, a), B = mlp_mat_view(3, 2, b), C = {0}, D = mlp_mat_view(2, 2, ones);
    const mlp_real ab[4] = {7, -1, 16, -1}, ata[9] = {17, 22, 27, 22, 29, 36, 27, 36, 45}, aat[4] = {14, 32, 32, 77};
    const mlp_real acc[4] = {8, 0, 17, 0};
    int t;
    mlp_mat_mul(&C, &A, &B, 0);
    CHECK_INT(2, C.rows);
    CHECK_INT(2, C.cols);
    for (t = 0; t < 4; t++) CHECK_NEAR(ab[t], C.data[t], 0.0);
    mlp_mat_mul_tn(&C, &A, &A, 0);
    CHECK_INT(3, C.rows);
    CHECK_INT(3, C.cols);
    for (t = 0; t < 9; t++) CHECK_NEAR(ata[t], C.data[t], 0.0);
    mlp_mat_mul_nt(&C, &A, &A, 0);
    CHECK_INT(2, C.rows);
    CHECK_INT(2, C.cols);
    for (t = 0; t < 4; t++) CHECK_NEAR(aat[t], C.data[t], 0.0);
    mlp_mat_mul(&D, &A, &B, 1);
    for (t = 0; t < 4; t++) CHECK_NEAR(acc[t], D.data[t], 0.0);
    mlp_mat_free(&C);
}

/* The exact checks above can fail: with these inputs, summing in another
   order (here: k from n-1 down to 0) changes the last bits of most sums. If
   it did not, == against the reference would prove nothing about the order. */
static void test_order_is_observable(void)
{
    mlp_rng rng;
    mlp_mat A = {0}, B = {0};
    int i, j, k, differ = 0;
    mlp_rng_seed(&rng, 99);
    mlp_mat_init(&A, 8, 100);
    mlp_mat_init(&B, 100, 8);
    fill_random(&A, &rng);
    fill_random(&B, &rng);
    for (i = 0; i < 8; i++)
        for (j = 0; j < 8; j++) {
            mlp_real up = 0, down = 0;
            for (k = 0; k < 100; k++) up = up + A.data[i * 100 + k] * B.data[k * 8 + j];
            for (k = 99; k >= 0; k--) down = down + A.data[i * 100 + k] * B.data[k * 8 + j];
            differ += up != down;
        }
    CHECK(differ >= 16); /* of 64 */
    mlp_mat_free(&A);
    mlp_mat_free(&B);
}

/* A NaN or infinity in A reaches only its own row of C (and one in B only its
   own column): the padded lanes of the kernel's edge tiles are never stored. */
static void test_nonfinite_stays_in_place(void)
{
    mlp_rng rng;
    mlp_mat A = {0}, B = {0}, C = {0};
    int i, j;
    mlp_rng_seed(&rng, 5);
    mlp_mat_init(&A, 7, 9);
    mlp_mat_init(&B, 9, 11);
    fill_random(&A, &rng);
    fill_random(&B, &rng);
    A.data[2 * 9 + 4] = (mlp_real)HUGE_VAL;      /* row 2 of A: infinite */
    B.data[3 * 11 + 10] = (mlp_real)(0.0 * HUGE_VAL); /* column 10 of B: NaN */
    mlp_mat_mul(&C, &A, &B, 0);
    for (i = 0; i < 7; i++)
        for (j = 0; j < 11; j++) {
            mlp_real c = C.data[i * 11 + j];
            int finite = c - c == 0;
            if (i == 2 || j == 10) CHECK(!finite);
            else CHECK(finite);
        }
    mlp_mat_free(&A);
    mlp_mat_free(&B);
    mlp_mat_free(&C);
}

/* Once C has its size, no product allocates: the kernel's buffers are on the
   stack. (Training relies on it: no allocation after the first step.) */
static void test_no_allocation_once_sized(void)
{
    mlp_rng rng;
    mlp_mat X = {0}, W = {0}, dZ = {0}, Z = {0}, dW = {0}, dX = {0};
    long before;
    mlp_rng_seed(&rng, 3);
    mlp_mat_init(&X, 32, 300);
    mlp_mat_init(&W, 300, 70);
    mlp_mat_init(&dZ, 32, 70);
    mlp_mat_init(&Z, 32, 70);
    mlp_mat_init(&dW, 300, 70);
    mlp_mat_init(&dX, 32, 300);
    fill_random(&X, &rng);
    fill_random(&W, &rng);
    fill_random(&dZ, &rng);
    before = alloc_calls;
    mlp_mat_mul(&Z, &X, &W, 0);
    mlp_mat_mul_tn(&dW, &X, &dZ, 1);
    mlp_mat_mul_nt(&dX, &dZ, &W, 0);
    CHECK_INT(0, alloc_calls - before);
    mlp_mat_free(&X);
    mlp_mat_free(&W);
    mlp_mat_free(&dZ);
    mlp_mat_free(&Z);
    mlp_mat_free(&dW);
    mlp_mat_free(&dX);
}

/* ---- the digest: the same bits from every build -------------------------

   `test_kernels --digest` prints one 64-bit hash (FNV-1a) of the bytes of
   the three products at many shapes and of the weights after a short
   training run (two networks, tanh and ReLU, SGD and Adam). Built with gcc
   and with clang, at -O0 and -O2, with and without -march=native, and with
   MLP__NO_VECTORS (scalar), it must print the same hash in every build of
   one precision: that is the promise of the reference order. */
static unsigned long long digest_bytes(unsigned long long h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t t;
    for (t = 0; t < n; t++) h = (h ^ b[t]) * 1099511628211ULL;
    return h;
}

static unsigned long long digest_mat(unsigned long long h, const mlp_mat *M)
{
    return digest_bytes(h, M->data, (size_t)M->rows * M->cols * sizeof(mlp_real));
}

static int print_digest(void)
{
    static const int shapes[][3] = {{1, 1, 1},     {7, 13, 5},   {32, 784, 128},   {100, 100, 100},
                                    {37, 300, 41}, {50, 513, 20}, {131, 300, 37} /* packed A^T */};
    unsigned long long h = 14695981039346656037ULL;
    mlp_rng rng;
    int s, acc, net_kind, epoch;
    product pr;
    mlp_rng_seed(&rng, 2024);
    for (s = 0; s < (int)(sizeof shapes / sizeof shapes[0]); s++)
        for (pr = MUL; pr <= MUL_NT; pr = (product)(pr + 1))
            for (acc = 0; acc <= 1; acc++) {
                int m = shapes[s][0], n = shapes[s][1], p = shapes[s][2];
                mlp_mat A = {0}, B = {0}, C = {0};
                if (pr == MUL) { mlp_mat_init(&A, m, n); mlp_mat_init(&B, n, p); }
                else if (pr == MUL_TN) { mlp_mat_init(&A, n, m); mlp_mat_init(&B, n, p); }
                else { mlp_mat_init(&A, m, n); mlp_mat_init(&B, p, n); }
                mlp_mat_init(&C, m, p);
                fill_random(&A, &rng);
                fill_random(&B, &rng);
                fill_random(&C, &rng);
                run_product(pr, &C, &A, &B, acc);
                h = digest_mat(h, &C);
                mlp_mat_free(&A);
                mlp_mat_free(&B);
                mlp_mat_free(&C);
            }
    for (net_kind = 0; net_kind < 2; net_kind++) {
        mlp_mat X = {0}, Y = {0};
        mlp_net net;
        mlp_optim opt = net_kind ? mlp_adam((mlp_real)1e-3) : mlp_sgd((mlp_real)0.05);
        int l, n_in = net_kind ? 8 : 3, n_out = net_kind ? 8 : 2;
        mlp_mat_init(&X, 100, n_in);
        mlp_mat_init(&Y, 100, n_out);
        fill_random(&X, &rng);
        mlp_mat_scale(&X, (mlp_real)(1.0 / 256));
        fill_random(&Y, &rng);
        mlp_mat_scale(&Y, (mlp_real)(1.0 / 256));
        if (mlp_net_new(&net, n_in, MLP_MSE) || mlp_net_add(&net, 50, net_kind ? MLP_RELU : MLP_TANH) ||
            mlp_net_add(&net, 30, net_kind ? MLP_RELU : MLP_TANH) || mlp_net_add(&net, n_out, MLP_IDENTITY) ||
            mlp_net_initialize(&net, &rng)) {
            fprintf(stderr, "digest: %s\n", mlp_last_error());
            return 1;
        }
        for (epoch = 0; epoch < 20; epoch++)
            if (mlp_train_epoch(&net, &opt, &X, &Y, 16, &rng, NULL)) {
                fprintf(stderr, "digest: %s\n", mlp_last_error());
                return 1;
            }
        for (l = 0; l < net.n_layers; l++) {
            h = digest_mat(h, &net.layers[l].W);
            h = digest_mat(h, &net.layers[l].b);
        }
        mlp_net_free(&net);
        mlp_mat_free(&X);
        mlp_mat_free(&Y);
    }
    printf("digest %s %016llx\n", sizeof(mlp_real) == sizeof(float) ? "float" : "double", h);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--digest")) return print_digest();
    static const test_case tests[] = {
        {"mul_matches_reference", test_mul_matches_reference},
        {"mul_tn_matches_reference", test_mul_tn_matches_reference},
        {"mul_nt_matches_reference", test_mul_nt_matches_reference},
        {"empty_shapes", test_empty_shapes},
        {"small_by_hand", test_small_by_hand},
        {"order_is_observable", test_order_is_observable},
        {"nonfinite_stays_in_place", test_nonfinite_stays_in_place},
        {"no_allocation_once_sized", test_no_allocation_once_sized},
    };
    return run_tests(argc, argv, tests, sizeof tests / sizeof tests[0]);
}
