/* mlp.h 0.1.0 - multi-layer perceptrons you can read, step through and trust. MIT license (end of file).

   ============================================================================
   QUICK START
   ============================================================================
   In exactly ONE C or C++ file, write

       #define MLP_IMPLEMENTATION
       #include "mlp.h"

   and in any other file that uses the library just `#include "mlp.h"`.
   Build with `cc -std=c99 main.c -lm`. Nothing else is needed: no other
   library, no build system, no global state but the last error message.

   The whole life of a network, in the order you will write it:

       mlp_rng rng;  mlp_net net;
       mlp_rng_seed(&rng, 42);                    // every random number comes from here
       mlp_net_new(&net, 2, MLP_CROSS_ENTROPY);   // 2 inputs; the loss it will minimize
       mlp_net_add(&net, 8, MLP_TANH);            // hidden layer: 8 units, tanh
       mlp_net_add(&net, 3, MLP_SOFTMAX);         // output layer: 3 classes
       mlp_net_initialize(&net, &rng);            // Xavier/He weights, zero biases
       mlp_optim opt = mlp_sgd(0.1);              // or mlp_adam(1e-3), ...
       for (epoch = 0; epoch < 100; epoch++)
           mlp_train_epoch(&net, &opt, &X, &Y, 32, &rng, &loss);
       mlp_predict(&net, &Xtest, &P);             // P: one row of probabilities per sample
       mlp_net_free(&net);

   Or one step at a time, exactly as in PyTorch:

       mlp_forward(&net, &X);                     // Z = X W + b, A = f(Z), layer by layer
       L = mlp_loss(&net, &Y);                    // a number
       mlp_zero_grad(&net);                       // gradients accumulate until cleared
       mlp_backward(&net, &Y);                    // dZ, dW, db, dA of every layer
       mlp_step(&net, &opt);                      // W -= lr * dW (or momentum, Adam, ...)

   A complete program that compiles is at the end of this manual (EXAMPLE PROGRAM):
   examples/01_xor.c, the first of the examples, which go on in reading order.

   ============================================================================
   WHAT mlp.h DOES NOT DO
   ============================================================================
   - No automatic differentiation. Every derivative is written out by hand, next
     to the function it differentiates; that is the point.
   - No convolutions, recurrences, attention or other layer types: dense layers only.
   - No GPU, no threads. One core, plain C loops (optionally a BLAS: MLP_USE_CBLAS).
   - No hidden state: no global random generator, no clock, no rand(). Same seed,
     same flags, same numbers.
   - It never ends the program (no exit) and never prints unless you call a printer.

   ============================================================================
   TABLE OF CONTENTS (search for ">>name" to jump to a section of the code)
   ============================================================================
   The teaching path, in reading order: everything a network does, written as
   plain loops, from the first matrix to backpropagation and training.
     >>notation       symbols used everywhere, and how they map to the slides
     >>config         compile-time options, errors, memory
     >>rng            the random number generator
     >>matrix         matrices, and the reference loops of the three products
     >>activation     identity, sigmoid, tanh, ReLU, leaky ReLU, softmax + derivatives
     >>loss           MSE, softmax cross-entropy, binary cross-entropy + gradients
     >>dense          one dense layer, forward and backward
     >>network        building a network, forward over a batch
     >>backward       backpropagation
     >>init           Xavier/Glorot, He/Kaiming, LeCun, ... initialization
     >>optim          SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW
     >>train          the mini-batch training loop
     >>schedule       learning-rate schedules
     >>fit            many epochs: validation, early stopping, schedules
     >>gradcheck      finite-difference gradient checking
     >>diagnostics    gradient norms and noise, activation statistics, NaN guard
   Appendices: the engineering. Each opens with why it exists and what it
   promises; none changes a result of the teaching path.
     >>fast           A. fast products: register tiles, packing, run-time dispatch
     >>tanh           B. tanh computed here, a vector of numbers at a time
     >>math              exp, log, log1p, sin, cos and powers computed here,
                         one number at a time
     >>io             C. files and data: saving and loading networks; CSV/TSV, IDX
     >>data              train/validation/test split, standardization, one-hot,
                         accuracy, confusion matrix
     >>toy               toy data sets: sine, piecewise, XOR, circles, spirals,
                         blobs, teacher network
     >>print          D. printers for every type

   ============================================================================
   NOTATION  (>>notation)
   ============================================================================
   A batch holds B samples, one per ROW. A dense layer maps n_in features to
   n_out units:

     symbol  shape          meaning
     ------  -------------  ------------------------------------------------------
     B       -              samples in the batch (rows of X)
     n_in    -              inputs of the layer (width of the previous layer)
     n_out   -              units of the layer
     X       B x n_in       the layer's input: the data, or the previous layer's A
     W       n_in x n_out   weights: W[k][j] connects input k to unit j
     b       1 x n_out      biases, added to every row
     Z       B x n_out      pre-activations   Z = X W + b
     A       B x n_out      activations       A = f(Z)   (f applied elementwise,
                                              except softmax, which acts on rows)
     Y       B x n_out      targets of the last layer (one-hot rows for classes)
     L       scalar         the loss, a mean over the batch
     dT      shape of T     dL/dT, the gradient of L with respect to T:
                            dZ, dW, db, dA, dX ("d" + the symbol, same shape)

   Indices: i runs over samples (rows of X, Z, A), j over the layer's units
   (columns of Z, A, W), k over the layer's inputs (columns of X, rows of W).

   The course slides write one sample as a COLUMN vector: z = W' x + b with W'
   of shape n_out x n_in. Here a batch stacks samples as rows, so the same
   layer reads Z = X W + b with W = W'^T: row i of Z is (W' x_i + b)^T. Nothing
   else changes. PyTorch's nn.Linear stores weight as n_out x n_in (like the
   slides), so W here is nn.Linear.weight transposed; b is nn.Linear.bias.

   Nielsen's "delta" of layer l (neuralnetworksanddeeplearning.com, chapter 2)
   is dZ here: delta^l = dL/dz^l. His BP1-BP4 become, for a batch:
     output layer   dZ = dA * f'(Z)          (BP1;  "*" is elementwise)
     hidden layer   dA = dZ_next W_next^T   (BP2, with dZ = dA * f'(Z))
     biases         db = column sums of dZ  (BP3)
     weights        dW = X^T dZ             (BP4)

   ============================================================================
   COMPILE-TIME OPTIONS  (define them before the #include that has MLP_IMPLEMENTATION;
   MLP_REAL must be the same in every file that includes mlp.h)
   ============================================================================
     MLP_REAL float      use float instead of double for every number (mlp_real).
     MLP_STATIC          make every function static (private to one file).
     MLP_MALLOC(n) MLP_REALLOC(p, n) MLP_FREE(p)
                         your allocator. Define all three or none (else a compile error).
     MLP_ASSERT(cond, msg)
                         what happens on misuse (see ERRORS). Default: print msg to
                         stderr and abort(). msg names the function and the shapes.
     MLP_USE_CBLAS       compute the three products of a dense layer (>>matrix) with
                         cblas_dgemm / cblas_sgemm from <cblas.h>; link a BLAS, e.g.
                         -lopenblas. Faster on big layers, but the BLAS sums in its
                         own order: the last bits differ from the default build.
     MLP_NO_DISPATCH     on x86 with gcc or clang, do not compile the second copy of
                         the product kernel and of tanh that uses AVX when the processor
                         has it (chosen at run time; mlp_kernel_name() says which one runs).
                         The results are the same to the last bit either way.
     MLP_REFERENCE_LOOPS the plain loops of the teaching path do all the work: the
                         products run their reference loops (>>matrix), tanh runs one
                         number at a time, and no fast path of Appendix A runs. The same
                         results to the last bit, and code that a debugger steps through
                         line by line; much slower. `make debug` defines it. It wins
                         over MLP_USE_CBLAS.
     MLP_HEADER_FILE "name.h"
                         this file's name, if you renamed it: mlp.h includes itself to
                         compile its vector code once per vector width (see >>fast).
   Speed without options: the products are written for vectors, and on x86 the
   default build picks 32-byte AVX vectors at run time when the processor has
   them (about twice the speed of the x86-64 baseline's 16 bytes), with the same
   results to the last bit (see >>fast and bench/README.md). -march=native
   lets the compiler use AVX everywhere else too (same results again).

   ============================================================================
   ERRORS AND OWNERSHIP
   ============================================================================
   Two kinds of failure, handled differently:
   - MISUSE (a bug in the calling program): shapes that do not match, NULL where a
     matrix is needed, backward before forward, a batch size that changed between
     forward and backward. mlp.h stops at MLP_ASSERT with a message such as
       mlp_mat_mul: C = A B needs A.cols == B.rows; got A 4x3, B 2x5
     If your MLP_ASSERT returns instead of aborting, the function returns at once
     without doing anything else.
   - FAILURE FROM OUTSIDE (out of memory, non-finite data, a loss that became NaN):
     functions return an int status, MLP_OK (0) on success and a negative
     MLP_ERR_* otherwise; mlp_last_error() says what went wrong and where.
     Functions that return a pointer return NULL instead.

   Ownership: every mlp_mat and mlp_net you initialize you also free (mlp_mat_free,
   mlp_net_free). A zeroed struct (mlp_mat m = {0}) is a valid empty matrix, and
   freeing it is harmless. mlp_mat_view wraps memory you own; mlp.h never frees it.
   mlp_forward keeps a POINTER to its input X (for the backward pass): keep X alive
   and unchanged until mlp_backward has run.

   ============================================================================
   DEBUGGING WITH GDB
   ============================================================================
   Build with `-O0 -g3 -DMLP_REFERENCE_LOOPS` (make debug): every product is then
   the loop that defines it (`step` into mlp_mat_mul and you are in it), tanh is
   computed one number at a time, and every value of the last step is a named field:
     (gdb) break mlp_dense_backward
     (gdb) print net->n_layers                 how many layers
     (gdb) print net->layers[1]                one layer: shapes, activation, all fields
     (gdb) print net->layers[1].dW             a matrix: rows, cols, data pointer
     (gdb) print *net->layers[1].dW.data@6     its 6 numbers (rows*cols), row-major
     (gdb) print *net->layers[1].X             the layer's input (a pointer: use *)
     (gdb) call mlp_mat_print(stderr, "dZ", &net->layers[1].dZ)   as a grid
     (gdb) print mlp_mat_get(&net->layers[0].W, 0, 1)             one element
     (gdb) print mlp_last_error()              why the last call failed
   Layer 0 is the first hidden layer; layers[net->n_layers - 1] is the output layer.
   With the pretty-printer of this repository, matrices print as grids with
   their shape, layers and networks as summaries with their matrices:
     (gdb) source tools/gdb/mlp_printers.py
     (gdb) print net->layers[1].dW
     $1 = 4x2 matrix
       [ -0.124694  0.124694 ]
       ...
   docs/debugging.md walks through one training step command by command.
   A few one-line comments open and close "solution regions": what
   `make handout` blanks out for students (README: "For teachers"). Being
   comments, they change nothing.

   ============================================================================
   LICENSE: MIT, at the end of the file.
*/
#if 0 /* EXAMPLE PROGRAM: examples/01_xor.c, word for word (tests/run.sh checks that, compiles it and runs it) */
/* 01_xor.c - the smallest network that needs a hidden layer.

   XOR is not linearly separable, so a network without a hidden layer cannot
   learn it; one tanh hidden layer of 4 units can. Shows: building a network
   (mlp_net_new, mlp_net_add, mlp_net_initialize), wrapping your own arrays
   as matrices (mlp_mat_view), the training loop (mlp_train_epoch),
   predictions (mlp_predict) and the printers. It is also the complete
   program at the end of mlp.h's manual (tests/run.sh keeps the two equal).
   Build and run:  cc -std=c99 -I. examples/01_xor.c -lm && ./a.out
   (or make examples && build/examples/01_xor) */
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include <stdio.h>

int main(void)
{
    mlp_real x[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    mlp_real y[4][1] = {{0}, {1}, {1}, {0}};
    mlp_mat X = mlp_mat_view(4, 2, &x[0][0]), Y = mlp_mat_view(4, 1, &y[0][0]), P = {0, 0, 0, NULL};
    mlp_rng rng;
    mlp_net net;
    mlp_optim opt = mlp_sgd(0.5);
    mlp_real loss = 0;
    int epoch;

    mlp_rng_seed(&rng, 1);
    if (mlp_net_new(&net, 2, MLP_BCE) || mlp_net_add(&net, 4, MLP_TANH) || mlp_net_add(&net, 1, MLP_SIGMOID) ||
        mlp_net_initialize(&net, &rng)) {
        fprintf(stderr, "xor: %s\n", mlp_last_error());
        return 1;
    }
    mlp_net_print(stdout, &net);
    mlp_optim_print(stdout, &opt);
    for (epoch = 1; epoch <= 2000; epoch++) {
        if (mlp_train_epoch(&net, &opt, &X, &Y, 4, &rng, &loss)) {
            fprintf(stderr, "xor: %s\n", mlp_last_error());
            return 1;
        }
        if (epoch == 1 || epoch % 500 == 0) printf("epoch %4d  loss %.5f\n", epoch, (double)loss);
    }
    mlp_predict(&net, &X, &P);
    mlp_mat_print(stdout, "P(y = 1 | x)", &P);
    mlp_mat_free(&P);
    mlp_net_free(&net);
    return 0;
}
#endif /* EXAMPLE PROGRAM */

#ifndef MLP_H_INCLUDED
#define MLP_H_INCLUDED

#include <stddef.h> /* size_t */
#include <stdio.h>  /* FILE, for the printers */

/* >>config ================================================================ */

/* The version of this file: MLP_VERSION is major * 10000 + minor * 100 +
   patch, for `#if MLP_VERSION >= ...`; MLP_VERSION_STRING is the same as
   text. (The network file format has a version of its own: v1, see >>io.) */
#define MLP_VERSION 100
#define MLP_VERSION_STRING "0.1.0"

#ifndef MLP_REAL
#define MLP_REAL double
#endif
/* Every number the library stores. double by default; `#define MLP_REAL float`
   halves memory and doubles vector width, at the price of ~7 significant digits. */
typedef MLP_REAL mlp_real;

#if defined(__GNUC__) || defined(__clang__)
#define MLP__UNUSED __attribute__((unused))
#else
#define MLP__UNUSED
#endif

#ifdef MLP_STATIC
#define MLPDEF static MLP__UNUSED
#else
#ifdef __cplusplus
#define MLPDEF extern "C"
#else
#define MLPDEF extern
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. 0 is success; every failure is negative, so `if (mlp_x(...))`
   reads as "if it failed". mlp_last_error() holds the details. */
enum {
    MLP_OK = 0,
    MLP_ERR_NOMEM = -1,    /* an allocation failed; nothing was changed */
    MLP_ERR_IO = -2,       /* a file could not be opened, read or written */
    MLP_ERR_FORMAT = -3,   /* a file or text was malformed or truncated */
    MLP_ERR_DATA = -4,     /* NaN or infinity in input data, a label out of range, ... */
    MLP_ERR_DIVERGED = -5  /* the loss became NaN or infinite during training */
};

/* The message of the last failure or misuse ("" if none), naming the function
   and what was wrong. Valid until the next failing call. Not thread-safe: the
   one piece of global state in mlp.h. */
MLPDEF const char *mlp_last_error(void);
MLPDEF void mlp_clear_error(void);

/* >>rng ===================================================================
   mlp.h owns its random numbers, so that a seed gives the same stream on
   every compiler and platform: xoshiro256** (Blackman and Vigna, 2018),
   seeded through splitmix64. Integers and uniforms are exact everywhere;
   normals use only +, -, *, / and sqrt (all correctly rounded by IEEE 754)
   and a logarithm written out in this file, so they are exact everywhere too. */
typedef struct mlp_rng {
    unsigned long long s[4]; /* xoshiro256** state; never all zero */
    int has_spare;           /* normals come in pairs: is `spare` unused? */
    double spare;            /* the second normal of the last pair */
} mlp_rng;

MLPDEF void mlp_rng_seed(mlp_rng *rng, unsigned long long seed);
MLPDEF unsigned long long mlp_rng_next(mlp_rng *rng);        /* 64 random bits */
MLPDEF double mlp_rng_uniform(mlp_rng *rng);                 /* in [0, 1), 53 bits */
MLPDEF double mlp_rng_uniform_range(mlp_rng *rng, double a, double b); /* in [a, b) */
MLPDEF double mlp_rng_normal(mlp_rng *rng, double mean, double std);
MLPDEF int mlp_rng_below(mlp_rng *rng, int n);               /* uniform in 0..n-1, n >= 1 */
MLPDEF void mlp_rng_permutation(mlp_rng *rng, int *perm, int n); /* perm = shuffled 0..n-1 */

/* >>matrix ================================================================
   A matrix is `rows x cols` numbers, row-major: element (i, j) is
   data[i * cols + j]. Invariants:
     - rows >= 0, cols >= 0, and rows * cols <= cap;
     - cap > 0 means mlp.h allocated `data` and will free or grow it;
     - cap == 0 with data != NULL is a VIEW of memory the caller owns;
     - a zeroed struct ({0}) is an empty 0x0 matrix that owns nothing.
   Buffers only grow: resizing to fewer elements keeps the allocation, so a
   training loop allocates during its first step and never again. */
typedef struct mlp_mat {
    int rows;       /* number of rows (samples, for a batch) */
    int cols;       /* number of columns (features or units) */
    size_t cap;     /* elements allocated; 0 for a view or an empty matrix */
    mlp_real *data; /* rows * cols numbers, row after row */
} mlp_mat;

MLPDEF int mlp_mat_init(mlp_mat *m, int rows, int cols);   /* allocate, zero-filled */
MLPDEF int mlp_mat_resize(mlp_mat *m, int rows, int cols); /* reshape; grows if needed; contents unspecified */
MLPDEF void mlp_mat_free(mlp_mat *m);                      /* back to {0}; a view is only forgotten */
MLPDEF mlp_mat mlp_mat_view(int rows, int cols, mlp_real *data); /* wrap caller's memory */
MLPDEF int mlp_mat_copy(mlp_mat *dst, const mlp_mat *src); /* dst = src (dst resized) */
MLPDEF void mlp_mat_fill(mlp_mat *m, mlp_real value);
MLPDEF mlp_real mlp_mat_get(const mlp_mat *m, int i, int j);
MLPDEF void mlp_mat_set(mlp_mat *m, int i, int j, mlp_real value);
MLPDEF int mlp_mat_same_shape(const mlp_mat *a, const mlp_mat *b);
/* The three products of a dense layer, none of which builds a transpose.
   `accumulate` = 0 overwrites C, 1 adds the product to C. */
MLPDEF void mlp_mat_mul(mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate);    /* C (+)= A B     e.g. Z = X W     */
MLPDEF void mlp_mat_mul_tn(mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate); /* C (+)= A^T B   e.g. dW = X^T dZ */
MLPDEF void mlp_mat_mul_nt(mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate); /* C (+)= A B^T   e.g. dX = dZ W^T */
MLPDEF const char *mlp_kernel_name(void); /* which copy of the product kernel runs here, e.g. "32-byte vectors (AVX, ...)" */
MLPDEF void mlp_mat_add(mlp_mat *C, const mlp_mat *A, const mlp_mat *B);   /* C = A + B   (elementwise) */
MLPDEF void mlp_mat_sub(mlp_mat *C, const mlp_mat *A, const mlp_mat *B);   /* C = A - B   */
MLPDEF void mlp_mat_hadamard(mlp_mat *C, const mlp_mat *A, const mlp_mat *B); /* C = A * B */
MLPDEF void mlp_mat_scale(mlp_mat *C, mlp_real s);                          /* C = s C     */
MLPDEF void mlp_mat_axpy(mlp_mat *C, mlp_real s, const mlp_mat *A);         /* C = C + s A */
MLPDEF void mlp_mat_add_row(mlp_mat *C, const mlp_mat *row);  /* C[i][j] += row[j]: bias broadcast */
MLPDEF void mlp_mat_col_sums(mlp_mat *s, const mlp_mat *A, int accumulate); /* s (+)= 1 x cols sums over rows */
MLPDEF int mlp_mat_check_finite(const mlp_mat *m, const char *name);      /* MLP_ERR_DATA naming the first NaN/Inf */

/* >>activation ============================================================
   f applied to Z gives A. Each activation's derivative is written next to it
   in the implementation, in terms of what the forward pass cached. */
typedef enum mlp_act_kind {
    MLP_IDENTITY = 0, /* f(z) = z                       PyTorch nn.Identity  */
    MLP_SIGMOID,      /* f(z) = 1 / (1 + e^-z)          nn.Sigmoid           */
    MLP_TANH,         /* f(z) = tanh z                  nn.Tanh              */
    MLP_RELU,         /* f(z) = max(0, z)               nn.ReLU              */
    MLP_LEAKY_RELU,   /* f(z) = z > 0 ? z : slope z     nn.LeakyReLU(slope)  */
    MLP_SOFTMAX,      /* f(z)_j = e^z_j / sum_k e^z_k   nn.Softmax(dim=1), on each row */
    MLP_ACT_COUNT
} mlp_act_kind;

MLPDEF const char *mlp_act_name(mlp_act_kind f); /* "identity", "sigmoid", ... */
MLPDEF mlp_real mlp_sigmoid(mlp_real z);
MLPDEF mlp_real mlp_sigmoid_deriv(mlp_real a);   /* from the cached A: a (1 - a) */
MLPDEF mlp_real mlp_tanh(mlp_real z);
MLPDEF mlp_real mlp_tanh_deriv(mlp_real a);      /* from the cached A: 1 - a^2 */
MLPDEF mlp_real mlp_relu(mlp_real z);
MLPDEF mlp_real mlp_relu_deriv(mlp_real z);      /* from the cached Z: z > 0 */
MLPDEF mlp_real mlp_leaky_relu(mlp_real z, mlp_real slope);
MLPDEF mlp_real mlp_leaky_relu_deriv(mlp_real z, mlp_real slope); /* from Z: z > 0 ? 1 : slope */
/* Whole matrices: A = f(Z); and dZ = dA * f'(Z) (for softmax, the Jacobian
   product). slope is used by MLP_LEAKY_RELU only. */
MLPDEF void mlp_act_forward(mlp_act_kind f, mlp_real slope, mlp_mat *A, const mlp_mat *Z);
MLPDEF void mlp_act_backward(mlp_act_kind f, mlp_real slope, mlp_mat *dZ, const mlp_mat *dA,
                             const mlp_mat *Z, const mlp_mat *A);

/* >>loss ==================================================================
   Reductions are PyTorch's defaults (reduction='mean'):
     MSE            mean over all B * n_out elements     nn.MSELoss()
     cross-entropy  sum over classes, mean over samples  nn.CrossEntropyLoss() on the logits Z
     BCE            mean over all B * n_out elements     nn.BCELoss() on A = sigmoid(Z)
   The 1/B of the batch mean lives here, in the loss gradient, and nowhere else. */
typedef enum mlp_loss_kind {
    MLP_MSE = 0,       /* needs any output layer                                */
    MLP_CROSS_ENTROPY, /* needs a softmax output layer; Y rows are class probabilities (one-hot) */
    MLP_BCE,           /* needs outputs in (0, 1), usually a sigmoid layer; Y in [0, 1] */
    MLP_LOSS_COUNT
} mlp_loss_kind;

MLPDEF const char *mlp_loss_name(mlp_loss_kind loss); /* "mse", "cross_entropy", "bce" */
MLPDEF mlp_real mlp_mse(const mlp_mat *A, const mlp_mat *Y);
MLPDEF void mlp_mse_grad(mlp_mat *dA, const mlp_mat *A, const mlp_mat *Y);
MLPDEF mlp_real mlp_cross_entropy(const mlp_mat *Z, const mlp_mat *Y);         /* from the logits Z */
MLPDEF void mlp_cross_entropy_grad(mlp_mat *dZ, const mlp_mat *A, const mlp_mat *Y); /* fused with softmax */
MLPDEF mlp_real mlp_bce(const mlp_mat *A, const mlp_mat *Y);
MLPDEF void mlp_bce_grad(mlp_mat *dA, const mlp_mat *A, const mlp_mat *Y);
MLPDEF mlp_real mlp_bce_with_logits(const mlp_mat *Z, const mlp_mat *Y);       /* same value, from Z, stable */
MLPDEF void mlp_bce_with_logits_grad(mlp_mat *dZ, const mlp_mat *A, const mlp_mat *Y); /* fused with sigmoid */

/* >>init ================================================================== */
typedef enum mlp_init_kind {
    MLP_INIT_AUTO = 0,       /* He normal before ReLU/leaky ReLU, Xavier uniform otherwise */
    MLP_INIT_XAVIER_UNIFORM, /* U(-a, a), a = sqrt(6 / (n_in + n_out))   Glorot and Bengio 2010 */
    MLP_INIT_XAVIER_NORMAL,  /* N(0, 2 / (n_in + n_out)) */
    MLP_INIT_HE_UNIFORM,     /* U(-a, a), a = sqrt(3) g / sqrt(n_in)     He et al. 2015 */
    MLP_INIT_HE_NORMAL,      /* N(0, g^2 / n_in), g^2 = 2 / (1 + slope^2) */
    MLP_INIT_LECUN_NORMAL,   /* N(0, 1 / n_in)                            LeCun et al. 1998 */
    MLP_INIT_UNIFORM,        /* U(init_a, init_b) */
    MLP_INIT_NORMAL,         /* N(0, init_a^2): init_a is the standard deviation */
    MLP_INIT_CONSTANT,       /* every weight = init_a */
    MLP_INIT_PYTORCH,        /* nn.Linear's default: W and b from U(-1/sqrt(n_in), 1/sqrt(n_in)) */
    MLP_INIT_COUNT
} mlp_init_kind;
MLPDEF const char *mlp_init_name(mlp_init_kind init);

/* >>network ===============================================================
   One dense layer: Z = X W + b, A = f(Z); the fields below are everything the
   layer knows, so that `print net->layers[l]` in gdb shows the whole story of
   the last forward and backward pass.
   Invariants after mlp_forward with a batch of B rows:
     X points to a B x n_in matrix; Z and A are B x n_out.
   After mlp_backward: dZ is B x n_out; dW and db hold the gradients ADDED
   since the last mlp_zero_grad; dA is B x n_out (gradient reaching A; for the
   output layer with a fused loss (softmax + cross-entropy, sigmoid + BCE) the
   loss gives dZ directly and dA stays 0 x 0). */
typedef struct mlp_layer {
    int n_in, n_out;    /* W is n_in x n_out */
    mlp_act_kind act;   /* f */
    mlp_real slope;     /* negative slope of MLP_LEAKY_RELU (default 0.01, like PyTorch) */
    mlp_init_kind init; /* how mlp_net_initialize fills W (default MLP_INIT_AUTO) */
    mlp_real init_a, init_b; /* parameters of MLP_INIT_UNIFORM/NORMAL/CONSTANT */
    mlp_real dropout;   /* probability of zeroing each output in training (0 = no dropout; hidden layers only) */
    /* parameters */
    mlp_mat W;          /* n_in x n_out */
    mlp_mat b;          /* 1 x n_out */
    /* gradients of the loss with respect to the parameters */
    mlp_mat dW;         /* n_in x n_out */
    mlp_mat db;         /* 1 x n_out */
    /* last forward pass */
    const mlp_mat *X;   /* B x n_in: the input (the data, or the previous layer's A) */
    mlp_mat Z;          /* B x n_out: X W + b */
    mlp_mat A;          /* B x n_out: f(Z) */
    mlp_mat M;          /* B x n_out: dropout mask of the last forward, 0 or 1/(1 - dropout) */
    mlp_mat D;          /* B x n_out: A * M, what the next layer reads when dropout is on */
    /* last backward pass */
    mlp_mat dA;         /* B x n_out: dL/dA (A before dropout) */
    mlp_mat dZ;         /* B x n_out: dL/dZ = dA * f'(Z) */
    /* optimizer state (see >>optim for what each optimizer keeps) */
    mlp_mat mW, mb;     /* first moment: momentum buffer / Adam's m */
    mlp_mat vW, vb;     /* second moment: AdaGrad's sum, RMSProp's and Adam's v */
} mlp_layer;

/* A network: layers[0] reads the data, layers[n_layers - 1] is the output. */
typedef struct mlp_net {
    int n_in;           /* features of the input */
    int n_layers;       /* dense layers, hidden + output */
    mlp_layer *layers;  /* n_layers layers */
    int cap_layers;     /* allocated layers */
    mlp_loss_kind loss; /* what mlp_loss and mlp_backward compute */
    int batch;          /* B of the last mlp_forward; 0 before the first */
    int training;       /* 1: dropout is applied (the default, like a new PyTorch module); 0: evaluation */
    int dropout_on;     /* did the last forward apply dropout? */
    int keep_masks;     /* 1: forward reuses the last dropout masks (the gradient check sets it) */
    mlp_rng rng;        /* the network's own generator for dropout, seeded by mlp_net_initialize */
    /* the training loop's buffers (allocated once, grown on demand) */
    mlp_mat batch_X, batch_Y; /* the current mini-batch, gathered rows */
    int *perm;          /* sample order of the current epoch */
    int perm_cap;
} mlp_net;

MLPDEF int mlp_net_new(mlp_net *net, int n_in, mlp_loss_kind loss);    /* an empty network */
MLPDEF int mlp_net_add(mlp_net *net, int n_out, mlp_act_kind act);     /* append a dense layer */
MLPDEF int mlp_net_initialize(mlp_net *net, mlp_rng *rng); /* W per layer's init, b = 0, grads and state cleared */
MLPDEF void mlp_net_free(mlp_net *net);
MLPDEF long mlp_net_param_count(const mlp_net *net);       /* number of weights and biases */
MLPDEF int mlp_net_n_out(const mlp_net *net);               /* width of the output layer */
MLPDEF mlp_layer *mlp_net_output_layer(mlp_net *net);

/* >>dense: one layer. Z = X W + b, A = f(Z); and its backward pass. */
MLPDEF int mlp_dense_forward(mlp_layer *layer, const mlp_mat *X);
MLPDEF int mlp_dense_backward(mlp_layer *layer, mlp_mat *dX); /* dX may be NULL (first layer) */

/* Forward over a batch (X: B x n_in); returns the output A (B x n_out), owned
   by the network, or NULL if memory ran out. */
MLPDEF const mlp_mat *mlp_forward(mlp_net *net, const mlp_mat *X);
MLPDEF mlp_real mlp_loss(const mlp_net *net, const mlp_mat *Y); /* of the last forward */
/* >>backward: seeds the output layer with the loss gradient, then runs every
   layer's backward pass from the last to the first. Adds to dW and db. */
MLPDEF int mlp_backward(mlp_net *net, const mlp_mat *Y);
MLPDEF void mlp_zero_grad(mlp_net *net);
MLPDEF int mlp_predict(mlp_net *net, const mlp_mat *X, mlp_mat *out); /* out = forward output (resized) */

/* >>optim =================================================================
   An optimizer is a plain struct of hyperparameters, made by one of the
   constructors below with PyTorch's defaults; change fields before use.
   The state it needs (momentum buffers, squared-gradient averages) lives in
   each layer (mW, mb, vW, vb), allocated by the first mlp_step. */
typedef enum mlp_optim_kind {
    MLP_OPT_SGD = 0,   /* torch.optim.SGD (momentum, dampening, nesterov) */
    MLP_OPT_ADAGRAD,   /* torch.optim.Adagrad */
    MLP_OPT_RMSPROP,   /* torch.optim.RMSprop (momentum; not centered) */
    MLP_OPT_ADAM,      /* torch.optim.Adam */
    MLP_OPT_ADAMW,     /* torch.optim.AdamW: weight decay decoupled from the gradient */
    MLP_OPT_COUNT
} mlp_optim_kind;

typedef struct mlp_optim {
    mlp_optim_kind kind;
    mlp_real lr;           /* learning rate (alpha in the slides) */
    mlp_real momentum;     /* SGD, RMSProp: momentum factor (0 = none) */
    mlp_real dampening;    /* SGD: dampening of the momentum (0) */
    int nesterov;          /* SGD: Nesterov momentum (0/1) */
    mlp_real alpha;        /* RMSProp: smoothing constant (0.99) */
    mlp_real beta1, beta2; /* Adam(W): moment decay rates (0.9, 0.999) */
    mlp_real eps;          /* added to the denominator (1e-8; AdaGrad 1e-10) */
    mlp_real lr_decay;     /* AdaGrad: lr / (1 + (t - 1) lr_decay) (0) */
    mlp_real weight_decay; /* L2 penalty coefficient (0; AdamW 0.01, decoupled) */
    mlp_real l1;           /* L1 penalty coefficient (0); with weight_decay: elastic net */
    int decay_bias;        /* apply weight decay and L1 to biases too? (0: weights only) */
    mlp_real clip_norm;    /* clip the global gradient norm to this before the step (0: off) */
    long t;                /* steps taken so far */
} mlp_optim;

MLPDEF mlp_optim mlp_sgd(mlp_real lr);
MLPDEF mlp_optim mlp_adagrad(mlp_real lr);
MLPDEF mlp_optim mlp_rmsprop(mlp_real lr);
MLPDEF mlp_optim mlp_adam(mlp_real lr);
MLPDEF mlp_optim mlp_adamw(mlp_real lr);
MLPDEF const char *mlp_optim_name(mlp_optim_kind kind);
MLPDEF int mlp_step(mlp_net *net, mlp_optim *opt); /* one update of every W and b from dW, db */

/* >>train ================================================================
   One epoch of mini-batch training: shuffles the samples with rng (in order if
   rng is NULL), cuts them into batches of batch_size rows (the last one may be
   smaller), and for each does forward, loss, zero_grad, backward, step.
   *mean_loss (may be NULL) receives the epoch's loss averaged over samples.
   Fails with MLP_ERR_DATA on NaN/Inf in X or Y and MLP_ERR_DIVERGED when a
   batch's loss is not finite (that batch's step is not applied). */
MLPDEF int mlp_train_epoch(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y,
                           int batch_size, mlp_rng *rng, mlp_real *mean_loss);
/* Mean loss over a whole data set, in chunks, in evaluation mode (no dropout, no training). */
MLPDEF int mlp_evaluate(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real *mean_loss);

/* >>schedule: the learning rate as a function of the epoch (or step) t.
   Closed forms of PyTorch's schedulers, with base = the optimizer's lr:
     CONSTANT     base
     STEP         base * gamma^floor(t / step_size)                   StepLR
     EXPONENTIAL  base * gamma^t                                      ExponentialLR
     COSINE       eta_min + (base - eta_min)(1 + cos(pi t / T_max))/2  CosineAnnealingLR
     CYCLIC       triangle between base and max_lr, rising for step_size steps,
                  falling for step_size                               CyclicLR(mode='triangular')
   Optional linear warm-up: for t < warmup the rate grows linearly from
   warmup_start * lr(0) to lr(0), and the schedule proper starts after it
   (PyTorch: SequentialLR of LinearLR(warmup_start, 1, warmup) and the schedule). */
typedef enum mlp_schedule_kind {
    MLP_SCHED_CONSTANT = 0,
    MLP_SCHED_STEP,
    MLP_SCHED_EXPONENTIAL,
    MLP_SCHED_COSINE,
    MLP_SCHED_CYCLIC,
    MLP_SCHED_COUNT
} mlp_schedule_kind;

typedef struct mlp_schedule {
    mlp_schedule_kind kind;
    int step_size;         /* STEP: epochs between decays; CYCLIC: length of the rising half */
    mlp_real gamma;        /* STEP, EXPONENTIAL: decay factor */
    int T_max;             /* COSINE: epochs from base down to eta_min */
    mlp_real eta_min;      /* COSINE: the lowest rate */
    mlp_real max_lr;       /* CYCLIC: the peak rate (the optimizer's lr is the trough) */
    int warmup;            /* epochs of linear warm-up before the schedule (0 = none) */
    mlp_real warmup_start; /* the warm-up starts at this fraction of the rate (1/3, like LinearLR) */
} mlp_schedule;

MLPDEF mlp_schedule mlp_schedule_constant(void);
MLPDEF mlp_schedule mlp_schedule_step(int step_size, mlp_real gamma);
MLPDEF mlp_schedule mlp_schedule_exponential(mlp_real gamma);
MLPDEF mlp_schedule mlp_schedule_cosine(int T_max, mlp_real eta_min);
MLPDEF mlp_schedule mlp_schedule_cyclic(mlp_real max_lr, int step_size);
MLPDEF mlp_real mlp_schedule_lr(const mlp_schedule *s, mlp_real base_lr, long t);

/* >>fit: many epochs, with an optional validation set, early stopping and a
   schedule. Options and results share one struct: start from
   mlp_fit_defaults(), set what you need, read the results after. */
typedef struct mlp_fit_opts {
    int epochs;                /* at most this many epochs (100) */
    int batch_size;            /* mini-batch size (32) */
    const mlp_mat *X_val;      /* validation set (NULL: none) */
    const mlp_mat *Y_val;
    int patience;              /* early stopping: stop after this many epochs without
                                  improvement of the validation loss (0: never stop early) */
    mlp_real min_delta;        /* an improvement must lower the validation loss by more than this (0) */
    int restore_best;          /* with a validation set: end with the weights of the best epoch (1) */
    const mlp_schedule *schedule; /* learning rate per epoch (NULL: constant) */
    mlp_real *train_loss;      /* if not NULL: epochs entries, the mean training loss of each epoch */
    mlp_real *val_loss;        /* if not NULL: epochs entries, the validation loss after each epoch */
    FILE *log;                 /* if not NULL: one progress line per epoch is printed here */
    /* results */
    int epochs_run;            /* epochs actually run */
    int best_epoch;            /* 1-based epoch of the lowest validation loss (0 without validation) */
    mlp_real best_val_loss;
    int stopped_early;         /* 1 if patience ran out */
} mlp_fit_opts;

MLPDEF mlp_fit_opts mlp_fit_defaults(void);
MLPDEF int mlp_fit(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y, mlp_rng *rng, mlp_fit_opts *o);

/* >>gradcheck ============================================================
   Compares backprop's gradient with central differences
       (L(theta + h) - L(theta - h)) / 2h
   for every weight and bias, on the batch (X, Y). Returns the largest relative
   error  |analytic - numeric| / max(|analytic|, |numeric|, floor)  with
   floor = 1e-4 in double and 1e-2 in float (why: see mlp_grad_check), or NaN
   if memory ran out. `worst` (may be NULL) tells which parameter it was.
   h <= 0 picks a default step (1e-5 in double, 1e-2 in float). Leaves the
   analytic gradient in dW and db; the parameters are restored exactly.
   Typical results: < 1e-7 in double is right; > 1e-3 is a bug. */
typedef struct mlp_gradcheck {
    mlp_real max_rel_err; /* the largest relative error found */
    int layer;            /* where it was: layer index, */
    int is_bias;          /* W (0) or b (1), */
    int row, col;         /* and element */
    mlp_real analytic;    /* the two gradients there */
    mlp_real numeric;
    long n_checked;       /* parameters compared */
} mlp_gradcheck;
MLPDEF mlp_real mlp_grad_check(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real h,
                               mlp_gradcheck *worst);

/* >>diagnostics: what is happening inside a network. */
typedef struct mlp_layer_stats {
    mlp_real a_mean, a_var;  /* mean and variance of A over the last batch (all elements) */
    mlp_real dead_fraction;  /* ReLU/leaky ReLU: fraction of units with z <= 0 on every sample
                                of the last batch (they pass no gradient to W); 0 otherwise */
    mlp_real w_norm;         /* ||W|| (Frobenius) */
    mlp_real dw_norm;        /* ||dW|| of the last backward */
    mlp_real db_norm;        /* ||db|| */
} mlp_layer_stats;
MLPDEF mlp_layer_stats mlp_layer_statistics(const mlp_layer *layer);
/* sqrt(sum of dW^2 and db^2 over every layer): the norm clip_norm clips. */
MLPDEF mlp_real mlp_net_grad_norm(const mlp_net *net);
/* MLP_ERR_DIVERGED if any parameter, gradient or cached value is NaN or
   infinite; the message names the layer and the quantity, e.g.
   "layer 1: dW[3][0] is NaN". */
MLPDEF int mlp_net_check_finite(const mlp_net *net);
/* Exercise sheet 001's two measures, with J the mean loss over all N samples:
     *grad_norm_sq   = ||grad J(theta)||^2,  the full-data gradient
     *batch_variance = (1/N_b) sum_b ||grad J_b(theta) - grad J(theta)||^2
   over the N_b mini-batches of batch_size samples an epoch would use (shuffled
   with rng, in order if rng is NULL; every gradient a mean over its samples).
   In evaluation mode (no dropout); leaves dW, db holding grad J; allocates
   two vectors of the parameter count. */
MLPDEF int mlp_gradient_noise(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, int batch_size, mlp_rng *rng,
                              mlp_real *grad_norm_sq, mlp_real *batch_variance);

/* >>io ====================================================================
   Files in and out. Two kinds of function, named for what they take:
     ..._load / ..._save   a path; saving writes `path.tmp` in the same
                           directory and renames it over `path` only once it
                           is complete, so an existing file survives any failure;
     ..._read / ..._write  an open FILE* (stdin, a pipe, a socket, fmemopen),
                           with a `name` used in error messages.
   Readers never trust a file: every count, shape and number is checked, and
   a failure returns MLP_ERR_IO (could not open, read or write), MLP_ERR_FORMAT
   (malformed, truncated, unknown version) or MLP_ERR_DATA (NaN or infinity
   where numbers must be finite, a label out of range), with mlp_last_error()
   saying `file:line: what was wrong`. On failure the destination is left
   exactly as it was, and no partial file is left behind.

   A network file is text (format v1, shown line by line in the implementation
   under >>io, "the network file"): architecture, then every W and b one
   matrix row per line, then optionally the optimizer and its state, written
   with 17 significant digits in double (9 in float): enough to read back the
   same bits, so a loaded network gives bit-identical outputs and training
   continues as if never interrupted. */

/* Save a network and, if opt is not NULL, the optimizer *opt with the state it
   keeps in the layers (mW, mb, vW, vb). Refuses (MLP_ERR_DATA) a network
   holding NaN or infinity, which could not be loaded back. */
MLPDEF int mlp_net_save(const mlp_net *net, const mlp_optim *opt, const char *path);
/* Load a network saved by mlp_net_save. Like mlp_net_new, it treats *net as
   fresh storage: free the network it held first (mlp_net_free), or that one
   leaks. *net (and *opt) are written only on success; on failure they are
   untouched. With opt != NULL the file must hold an optimizer, which is loaded
   into *opt and the layers' state; with opt == NULL any optimizer in the file
   is checked and dropped. The loaded net is in training mode if it was saved
   so, with the dropout generator where it was. */
MLPDEF int mlp_net_load(mlp_net *net, mlp_optim *opt, const char *path);
/* The same on an open stream. The writer checks every fprintf but leaves f
   open (and does not fflush: check fflush/fclose yourself). The reader reads
   up to the line `end` and requires nothing else after it. */
MLPDEF int mlp_net_write(const mlp_net *net, const mlp_optim *opt, FILE *f);
MLPDEF int mlp_net_read(mlp_net *net, mlp_optim *opt, FILE *f, const char *name);

/* CSV and TSV: a matrix, one row per line, fields separated by `sep`.
   Reading: lines may end in \n or \r\n; blank lines and lines starting with
   the comment character are skipped; fields may be padded with spaces and
   double-quoted ("1.5"; "" is a quote inside quotes); every row must have as
   many fields as the first. A field that is not a finite number is an error
   naming the file, line and column (`data.csv:7: column 3: 'abc' is not a
   number`), unless it is a missing value and allow_nan admits those.
   Writing: every number with enough digits to read back the same bits. */
typedef struct mlp_csv_opts {
    char sep;           /* separator: ',' ';' '\t', or ' ' (runs of spaces and tabs).
                           0 (the default): reading looks at the first line: a tab
                           if it has one, else ';' if it has one, else ',' if it has
                           one, else ' ' if blanks separate words, else ',' (one
                           column); writing uses ',' */
    int header;         /* reading: 1 the first line is a header (skipped), 0 there is
                           none, -1 (default) it is one if a field of it holds text that
                           is not a number (empty fields do not count) */
    char comment;       /* reading: lines starting with it are skipped ('#'; 0: none) */
    int allow_nan;      /* reading: 1 = empty fields and nan, NaN, NA read as NaN (0: error).
                           Infinities (and numbers too large for mlp_real) are always an error. */
    const char *names;  /* writing: a header line to write first, without the newline (NULL: none) */
    /* results of the last read */
    char sep_used;      /* the separator it used */
    int header_found;   /* 1 if it skipped a header line */
    long nan_count;     /* NaN values it read (allow_nan) */
} mlp_csv_opts;

MLPDEF mlp_csv_opts mlp_csv_defaults(void);
/* M (a valid matrix: {0}, allocated or a view of the right size) is resized to
   the rows x columns of the data; untouched on failure. opts NULL: defaults. */
MLPDEF int mlp_csv_load(mlp_mat *M, const char *path, mlp_csv_opts *opts);
MLPDEF int mlp_csv_read(mlp_mat *M, FILE *f, const char *name, mlp_csv_opts *opts);
/* NaN is written as `nan` (readable with allow_nan); infinity is refused (MLP_ERR_DATA). */
MLPDEF int mlp_csv_save(const mlp_mat *M, const char *path, const mlp_csv_opts *opts);
MLPDEF int mlp_csv_write(const mlp_mat *M, FILE *f, const mlp_csv_opts *opts);

/* IDX, the format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist):
   a big-endian header (magic 0x00000803 for images: unsigned bytes, 3
   dimensions N, rows, cols; 0x00000801 for labels: bytes, 1 dimension N),
   then the bytes. The files must be decompressed first (gzip -dc; mlp.h does
   not link zlib): `make fashion` does it. The size of a file must match its
   header exactly (a mismatch is a truncated or damaged file).
   Images become X: N x (rows * cols), one image per row (row-major pixels),
   each pixel byte / 255, in [0, 1]. Labels become an N x 1 matrix of class
   indices, each checked to be < n_classes (MLP_ERR_DATA otherwise); turn them
   into targets with mlp_one_hot. */
MLPDEF int mlp_idx_load_images(mlp_mat *X, const char *path);
MLPDEF int mlp_idx_read_images(mlp_mat *X, FILE *f, const char *name);
MLPDEF int mlp_idx_load_labels(mlp_mat *labels, const char *path, int n_classes);
MLPDEF int mlp_idx_read_labels(mlp_mat *labels, FILE *f, const char *name, int n_classes);

/* >>data ==================================================================
   Preparing data. Class labels are N x 1 matrices of class indices 0..K-1
   (exact in float up to 2^24), so that every data set is an mlp_mat that
   gdb prints and mlp_mat_free frees. Scores P are a network's outputs:
   N x K (the class is the column of the largest), or N x 1 for a binary
   classifier (the class is 1 if P >= 0.5, else 0). */

/* A random split of the rows of X (and the same rows of Y, which may be NULL)
   into train, validation and test parts of round(N * val_fraction) and
   round(N * test_fraction) rows for validation and test, the rest for
   training (which must keep at least one row). The rows are shuffled with
   mlp_rng_permutation(rng); rng NULL keeps their order (train first).
   s must be zeroed or hold an earlier split, which is freed on success. */
typedef struct mlp_split {
    mlp_mat X_train, Y_train; /* n_train rows */
    mlp_mat X_val, Y_val;     /* n_val rows (0 x cols if val_fraction is 0) */
    mlp_mat X_test, Y_test;   /* n_test rows */
} mlp_split;
MLPDEF int mlp_split_data(mlp_split *s, const mlp_mat *X, const mlp_mat *Y, mlp_real val_fraction,
                          mlp_real test_fraction, mlp_rng *rng);
MLPDEF void mlp_split_free(mlp_split *s);

/* z-score standardization, fitted on training data and applied to any data:
       Z[i][j] = (X[i][j] - mean[j]) / std[j]
   with the population standard deviation (divide by N), as sklearn's
   StandardScaler. A column whose training values are all equal has no
   spread to divide by: its std is stored as 1, so it is only centered (it
   becomes exactly 0 on the training data), again as sklearn does. */
typedef struct mlp_scaler {
    mlp_mat mean; /* 1 x d: column means of the training data */
    mlp_mat std;  /* 1 x d: column standard deviations (1 for a constant column) */
} mlp_scaler;
/* MLP_ERR_DATA if X has NaN or infinity or no rows. s must be zeroed or fitted before. */
MLPDEF int mlp_scaler_fit(mlp_scaler *s, const mlp_mat *X);
MLPDEF int mlp_scaler_apply(const mlp_scaler *s, mlp_mat *Z, const mlp_mat *X);  /* Z = (X - mean) / std; Z may be X */
MLPDEF int mlp_scaler_invert(const mlp_scaler *s, mlp_mat *X, const mlp_mat *Z); /* X = Z std + mean; X may be Z */
MLPDEF void mlp_scaler_free(mlp_scaler *s);

/* Y (N x n_classes) = one-hot rows of the N x 1 labels: Y[i][labels[i]] = 1.
   MLP_ERR_DATA (Y untouched) if a label is not an integer in 0..n_classes-1. */
MLPDEF int mlp_one_hot(mlp_mat *Y, const mlp_mat *labels, int n_classes);
/* idx (N x 1) = the column of the largest score of each row of P (the first
   one if several are equal; NaN never wins unless the whole row is NaN). */
MLPDEF int mlp_argmax(mlp_mat *idx, const mlp_mat *P);
/* The fraction of rows whose predicted class (from scores P, see above) is
   the class in T: N x 1 labels, or N x K one-hot rows (their argmax).
   NaN if there are no rows. */
MLPDEF mlp_real mlp_accuracy(const mlp_mat *P, const mlp_mat *T);
/* C (n_classes x n_classes) = counts: C[t][p] is how many rows of class t
   (from T, as for mlp_accuracy) were predicted p (from P): the diagonal is
   right, row t sums to the number of samples of class t (sklearn's layout).
   MLP_ERR_DATA (C untouched) if a class is outside 0..n_classes-1. */
MLPDEF int mlp_confusion_matrix(mlp_mat *C, const mlp_mat *P, const mlp_mat *T, int n_classes);

/* >>toy ===================================================================
   Small data sets, each drawn from the generator rng, so that a seed gives
   the same data everywhere. X and Y are resized; every draw is listed in the
   order it is made, sample after sample. Regression sets give Y: n x 1
   targets; classification sets give labels: n x 1 class indices (sample i
   has class i mod K, so the classes are balanced), ready for mlp_one_hot. */

/* 1-D regression, Bishop's curve: for each sample, x ~ U(0, 1), then
   y = sin(2 pi x) + e with e ~ N(0, noise^2) (e is drawn only if noise > 0). */
MLPDEF int mlp_toy_sine(mlp_mat *X, mlp_mat *Y, int n, mlp_real noise, mlp_rng *rng);
/* 1-D regression with a piecewise-linear target g (practical session 000,
   simplicity bias): x ~ U(-1, 1), y = g(x) + e, e ~ N(0, noise^2) (drawn
   only if noise > 0). g joins the points (-1, 0.5), (-0.6, 0), (-0.2, 0.8),
   (0.3, 0.3), (0.7, 1), (1, 0.6) by straight lines: five pieces, values in
   [0, 1], so that a ReLU output unit can fit it. mlp_toy_piecewise_target
   evaluates g itself (at any x; constant outside [-1, 1]), for plots. */
MLPDEF int mlp_toy_piecewise(mlp_mat *X, mlp_mat *Y, int n, mlp_real noise, mlp_rng *rng);
MLPDEF mlp_real mlp_toy_piecewise_target(mlp_real x);
/* 2-D classification, as in TensorFlow Playground; points lie in about
   [-1, 1]^2; noise is the standard deviation of a Gaussian N(0, noise^2)
   added to each coordinate after the class is decided (0: none, no draw).
   xor:     x1, x2 ~ U(-1, 1) each; class 1 if x1 x2 < 0 (the 2nd and 4th
            quadrants), else 0. (The class comes from the point, not i mod 2.)
   circles: class 0 (even i) a disc, radius r ~ U(0, 0.5); class 1 a ring,
            r ~ U(0.7, 1); angle a ~ U(0, 2 pi) drawn after r; x = r (cos a, sin a).
   spirals: t ~ U(0, 1); radius t, angle 3.5 pi t + pi * class: two arms of
            1.75 turns each, the second the first turned by half a turn.
   blobs:   n_classes Gaussian clouds x ~ N(c_k, blob_std^2 I) (two draws),
            centres c_k = (cos 2 pi k/K, sin 2 pi k/K) on the unit circle; no
            extra noise. */
MLPDEF int mlp_toy_xor(mlp_mat *X, mlp_mat *labels, int n, mlp_real noise, mlp_rng *rng);
MLPDEF int mlp_toy_circles(mlp_mat *X, mlp_mat *labels, int n, mlp_real noise, mlp_rng *rng);
MLPDEF int mlp_toy_spirals(mlp_mat *X, mlp_mat *labels, int n, mlp_real noise, mlp_rng *rng);
MLPDEF int mlp_toy_blobs(mlp_mat *X, mlp_mat *labels, int n, int n_classes, mlp_real blob_std, mlp_rng *rng);
/* Teacher-student regression (exercise sheet 001, double descent).
   mlp_toy_teacher_net builds the fixed random teacher: n_in -> n_hidden tanh
   -> n_out identity, weights LeCun normal N(0, 1/fan_in), biases 0, drawn by
   mlp_net_initialize(teacher, rng). mlp_toy_teacher_data then draws, for each
   sample, x ~ N(0, I) (n_in draws), and after all inputs the noise:
   y = teacher(x) + e, e ~ N(0, noise^2 I) (n_out draws per sample, none if
   noise is 0). The best possible test MSE (mlp.h's MSE, a mean over all
   elements) is therefore noise^2, reached by the teacher itself. Any network
   can serve as the teacher; it must map n_in to the width of Y. */
MLPDEF int mlp_toy_teacher_net(mlp_net *teacher, int n_in, int n_hidden, int n_out, mlp_rng *rng);
MLPDEF int mlp_toy_teacher_data(mlp_mat *X, mlp_mat *Y, int n, mlp_net *teacher, mlp_real noise, mlp_rng *rng);

/* >>print: every type has a printer (to any FILE*, e.g. stdout or stderr). */
MLPDEF void mlp_mat_print(FILE *f, const char *name, const mlp_mat *m);
MLPDEF void mlp_layer_print(FILE *f, const mlp_layer *layer, int index);
MLPDEF void mlp_net_print(FILE *f, const mlp_net *net);
MLPDEF void mlp_optim_print(FILE *f, const mlp_optim *opt);

#ifdef __cplusplus
}
#endif
#endif /* MLP_H_INCLUDED */

/* ==========================================================================
   IMPLEMENTATION
   Everything below is compiled in exactly one file, the one that defines
   MLP_IMPLEMENTATION. It reads top to bottom in teaching order: no name is
   used before the section that explains it, except where the teaching path
   hands work to an appendix: there a declaration says what the appendix
   function does and where it is (Appendix A, >>fast; Appendix B, >>tanh).
   ========================================================================== */
#if defined(MLP_IMPLEMENTATION) && !defined(MLP_IMPLEMENTATION_DONE)
#define MLP_IMPLEMENTATION_DONE
#define MLP__IMPLEMENTING 1 /* until the end of the file (see "One text, several copies" in >>fast) */

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* >>config: memory ----------------------------------------------------------
   All or none: a custom MLP_MALLOC with the default MLP_FREE would hand memory
   from one allocator to another. */
#if defined(MLP_MALLOC) && defined(MLP_REALLOC) && defined(MLP_FREE)
/* the user's allocator */
#elif !defined(MLP_MALLOC) && !defined(MLP_REALLOC) && !defined(MLP_FREE)
#define MLP_MALLOC(n) malloc(n)
#define MLP_REALLOC(p, n) realloc(p, n)
#define MLP_FREE(p) free(p)
#else
#error "mlp.h: define all of MLP_MALLOC, MLP_REALLOC and MLP_FREE, or none of them"
#endif

/* >>config: errors ----------------------------------------------------------
   The one piece of global state: the text of the last failure. */
static char mlp__error_text[512];

MLPDEF const char *mlp_last_error(void) { return mlp__error_text; }
MLPDEF void mlp_clear_error(void) { mlp__error_text[0] = '\0'; }

static void mlp__vformat(const char *fmt, va_list ap)
{
    vsnprintf(mlp__error_text, sizeof mlp__error_text, fmt, ap);
}

/* A failure from outside: record why, return the status to pass up. */
static int mlp__fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mlp__vformat(fmt, ap);
    va_end(ap);
    return status;
}

/* Misuse: a bug in the calling program. The message is kept as the last error
   (so a debugger or a forgiving MLP_ASSERT can still read it), then MLP_ASSERT
   decides what happens. Callers return right after, in case it returns. */
#ifndef MLP_ASSERT
static void mlp__assert_default(const char *msg)
{
    fprintf(stderr, "mlp.h: misuse: %s\n", msg);
    abort();
}
#define MLP_ASSERT(cond, msg) ((cond) ? (void)0 : mlp__assert_default(msg))
#endif

static void mlp__misuse(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mlp__vformat(fmt, ap);
    va_end(ap);
    MLP_ASSERT(0, mlp__error_text);
}

/* Math in the precision of mlp_real. exp, log and log1p, and the sin, cos
   and integer powers used further on, are computed by mlp.h itself in
   double, the same bits on every machine (Appendix B, >>math), not taken from
   libm; the float build rounds their results. For sqrt (exact everywhere),
   sizeof is a constant, so the compiler keeps exactly one branch; no macro
   is needed and both builds share the code. */
static double mlp__exp_double(double x);           /* Appendix B: e^x */
static double mlp__log_double(double x);           /* Appendix B: log x */
static double mlp__log1p_double(double x);         /* Appendix B: log(1 + x) */
static double mlp__sin_double(double x);           /* Appendix B: sin x */
static double mlp__cos_double(double x);           /* Appendix B: cos x */
static double mlp__powi_double(double b, long n);  /* Appendix B: b^n for an integer n */
static mlp_real mlp__exp(mlp_real x) { return (mlp_real)mlp__exp_double((double)x); }
static mlp_real mlp__log(mlp_real x) { return (mlp_real)mlp__log_double((double)x); }
static mlp_real mlp__log1p(mlp_real x) { return (mlp_real)mlp__log1p_double((double)x); }
static mlp_real mlp__sqrt(mlp_real x) { return sizeof(mlp_real) == sizeof(float) ? (mlp_real)sqrtf((float)x) : (mlp_real)sqrt((double)x); }
static mlp_real mlp__fabs(mlp_real x) { return x < 0 ? -x : x; }
static int mlp__isfinite(mlp_real x) { return x - x == 0; } /* false for NaN and +-Inf, without C99's isfinite macro (C++-safe) */

/* The fast paths of the appendices: on (1), or off (0) with
   MLP_REFERENCE_LOOPS, and then the plain loops of the teaching path do all
   the work, with the same results (see >>matrix, and the option in the
   manual). The teaching path offers work to an appendix in one line,
       if (MLP__FAST_PATHS && mlp__fast_...(...)) return;
   before the loop that defines the result. */
#ifdef MLP_REFERENCE_LOOPS
#define MLP__FAST_PATHS 0
#else
#define MLP__FAST_PATHS 1
#endif

/* >>rng =====================================================================
   xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
   generators", 2018): 256 bits of state, period 2^256 - 1, passes BigCrush.
   The state is filled from the seed by splitmix64 (Steele et al. 2014), so
   that nearby seeds give unrelated streams and the state is never all zero. */
static unsigned long long mlp__splitmix64(unsigned long long *x)
{
    unsigned long long z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

MLPDEF void mlp_rng_seed(mlp_rng *rng, unsigned long long seed)
{
    int k;
    for (k = 0; k < 4; k++) rng->s[k] = mlp__splitmix64(&seed);
    rng->has_spare = 0;
    rng->spare = 0;
}

static unsigned long long mlp__rotl(unsigned long long x, int k) { return (x << k) | (x >> (64 - k)); }

MLPDEF unsigned long long mlp_rng_next(mlp_rng *rng)
{
    unsigned long long *s = rng->s;
    unsigned long long result = mlp__rotl(s[1] * 5, 7) * 9;
    unsigned long long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = mlp__rotl(s[3], 45);
    return result;
}

/* The top 53 bits, scaled by 2^-53: every double k/2^53 in [0, 1) equally likely. */
MLPDEF double mlp_rng_uniform(mlp_rng *rng)
{
    return (double)(mlp_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

MLPDEF double mlp_rng_uniform_range(mlp_rng *rng, double a, double b)
{
    return a + (b - a) * mlp_rng_uniform(rng);
}

/* An integer in 0..n-1 without modulo bias: draws that fall in the incomplete
   last block of n values (fewer than n of the 2^64) are rejected and redrawn. */
MLPDEF int mlp_rng_below(mlp_rng *rng, int n)
{
    unsigned long long un, limit, x;
    if (n < 1) {
        mlp__misuse("mlp_rng_below: n must be >= 1, got %d", n);
        return 0;
    }
    un = (unsigned long long)n;
    limit = 0xFFFFFFFFFFFFFFFFULL - (0xFFFFFFFFFFFFFFFFULL % un); /* a multiple of n */
    do x = mlp_rng_next(rng); while (x >= limit);
    return (int)(x % un);
}

/* Fisher-Yates: position k takes a uniformly chosen element of those not yet placed. */
MLPDEF void mlp_rng_permutation(mlp_rng *rng, int *perm, int n)
{
    int k;
    for (k = 0; k < n; k++) perm[k] = k;
    for (k = n - 1; k > 0; k--) {
        int r = mlp_rng_below(rng, k + 1), tmp = perm[k];
        perm[k] = perm[r];
        perm[r] = tmp;
    }
}

/* Natural logarithm with + - * / only, so that normals are the same on every
   platform (libm's log may differ in the last bit between libraries and CPUs).
   Write x = m 2^e with m in [sqrt(1/2), sqrt(2)) (frexp is exact), then
       log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...),   s = (m - 1)/(m + 1),
   and |s| < 0.172, so 12 terms reach 2^-60. ln 2 is split in two parts (the
   high part has trailing zero bits, so e * ln2_hi is exact). */
static double mlp__portable_log(double x)
{
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    int e, k;
    double m = frexp(x, &e), s, s2, sum;
    if (m < 0.70710678118654752440) {
        m *= 2;
        e -= 1;
    }
    s = (m - 1) / (m + 1);
    s2 = s * s;
    sum = 2.0 / 23.0;
    for (k = 21; k >= 1; k -= 2) sum = 2.0 / k + s2 * sum; /* Horner, fixed order */
    return e * ln2_hi + (s * sum + e * ln2_lo);
}

/* Normal deviates by Marsaglia's polar method: a point (u, v) uniform in the
   unit disc gives two independent N(0, 1) values u f and v f with
   f = sqrt(-2 log(s) / s), s = u^2 + v^2. The second is kept for the next call. */
MLPDEF double mlp_rng_normal(mlp_rng *rng, double mean, double std)
{
    double u, v, s, f;
    if (rng->has_spare) {
        rng->has_spare = 0;
        return mean + std * rng->spare;
    }
    do {
        u = 2 * mlp_rng_uniform(rng) - 1;
        v = 2 * mlp_rng_uniform(rng) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    f = sqrt(-2 * mlp__portable_log(s) / s);
    rng->spare = v * f;
    rng->has_spare = 1;
    return mean + std * (u * f);
}

/* >>matrix ==================================================================
   Legend for the loops: i runs over rows of the result (samples), j over its
   columns (units), k over the summed dimension (inputs, or samples in A^T B). */

MLPDEF int mlp_mat_resize(mlp_mat *m, int rows, int cols)
{
    size_t need;
    if (!m || rows < 0 || cols < 0) {
        mlp__misuse("mlp_mat_resize: need a matrix and rows, cols >= 0; got %dx%d", rows, cols);
        return MLP_ERR_NOMEM;
    }
    need = (size_t)rows * (size_t)cols;
    if (cols > 0 && need / (size_t)cols != (size_t)rows)
        return mlp__fail(MLP_ERR_NOMEM, "mlp_mat_resize: %dx%d elements do not fit in memory", rows, cols);
    if (need > m->cap) {
        mlp_real *p;
        if (m->cap == 0 && m->data) {
            if (need > (size_t)m->rows * (size_t)m->cols) {
                mlp__misuse("mlp_mat_resize: cannot grow a view (%dx%d) to %dx%d", m->rows, m->cols, rows, cols);
                return MLP_ERR_NOMEM;
            }
        } else {
            /* No object may be larger than half the address space (PTRDIFF_MAX):
               refuse such a size here rather than count on the allocator to. */
            if (need > (size_t)-1 / 2 / sizeof(mlp_real))
                return mlp__fail(MLP_ERR_NOMEM, "mlp_mat_resize: %dx%d elements do not fit in memory", rows, cols);
            p = (mlp_real *)MLP_REALLOC(m->data, need * sizeof(mlp_real));
            if (!p)
                return mlp__fail(MLP_ERR_NOMEM, "mlp_mat_resize: out of memory for a %dx%d matrix (%lu bytes)",
                                 rows, cols, (unsigned long)(need * sizeof(mlp_real)));
            m->data = p;
            m->cap = need;
        }
    }
    m->rows = rows;
    m->cols = cols;
    return MLP_OK;
}

MLPDEF int mlp_mat_init(mlp_mat *m, int rows, int cols)
{
    int status;
    if (!m) {
        mlp__misuse("mlp_mat_init: m is NULL");
        return MLP_ERR_NOMEM;
    }
    m->rows = m->cols = 0;
    m->cap = 0;
    m->data = NULL;
    status = mlp_mat_resize(m, rows, cols);
    if (status == MLP_OK) mlp_mat_fill(m, 0);
    return status;
}

MLPDEF void mlp_mat_free(mlp_mat *m)
{
    if (!m) return;
    if (m->cap > 0) MLP_FREE(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
    m->cap = 0;
}

MLPDEF mlp_mat mlp_mat_view(int rows, int cols, mlp_real *data)
{
    mlp_mat m;
    m.rows = rows;
    m.cols = cols;
    m.cap = 0;
    m.data = data;
    return m;
}

MLPDEF void mlp_mat_fill(mlp_mat *m, mlp_real value)
{
    size_t n = (size_t)m->rows * (size_t)m->cols, k;
    for (k = 0; k < n; k++) m->data[k] = value;
}

MLPDEF int mlp_mat_copy(mlp_mat *dst, const mlp_mat *src)
{
    int status;
    if (dst == src) return MLP_OK;
    status = mlp_mat_resize(dst, src->rows, src->cols);
    if (status) return status;
    if (src->rows && src->cols)
        memcpy(dst->data, src->data, (size_t)src->rows * (size_t)src->cols * sizeof(mlp_real));
    return MLP_OK;
}

MLPDEF mlp_real mlp_mat_get(const mlp_mat *m, int i, int j)
{
    if (i < 0 || i >= m->rows || j < 0 || j >= m->cols) {
        mlp__misuse("mlp_mat_get: (%d, %d) is outside a %dx%d matrix", i, j, m->rows, m->cols);
        return 0;
    }
    return m->data[(size_t)i * m->cols + j];
}

MLPDEF void mlp_mat_set(mlp_mat *m, int i, int j, mlp_real value)
{
    if (i < 0 || i >= m->rows || j < 0 || j >= m->cols) {
        mlp__misuse("mlp_mat_set: (%d, %d) is outside a %dx%d matrix", i, j, m->rows, m->cols);
        return;
    }
    m->data[(size_t)i * m->cols + j] = value;
}

MLPDEF int mlp_mat_same_shape(const mlp_mat *a, const mlp_mat *b)
{
    return a->rows == b->rows && a->cols == b->cols;
}

/* Shape checks shared by the products: the message names the product, the
   rule and both shapes, e.g. "mlp_mat_mul: C = A B needs A.cols == B.rows;
   got A 4x3, B 2x5". Returns 1 if the shapes fit. */
static int mlp__check_product(const char *fn, const char *formula, const char *rule,
                              int fits, const mlp_mat *A, const mlp_mat *B)
{
    if (!fits) {
        mlp__misuse("%s: %s needs %s; got A %dx%d, B %dx%d", fn, formula, rule, A->rows, A->cols, B->rows, B->cols);
        return 0;
    }
    return 1;
}

/* The output of a product must not alias an input (it is written while they
   are read), and when accumulating it must already have the right shape. */
static int mlp__prepare_output(const char *fn, mlp_mat *C, const mlp_mat *A, const mlp_mat *B,
                               int rows, int cols, int accumulate)
{
    if (C == A || C == B || (C->data && (C->data == A->data || C->data == B->data))) {
        mlp__misuse("%s: the output C must not be one of the inputs", fn);
        return 0;
    }
    if (accumulate) {
        if (C->rows != rows || C->cols != cols) {
            mlp__misuse("%s: accumulating into C %dx%d, but the product is %dx%d", fn, C->rows, C->cols, rows, cols);
            return 0;
        }
        return 1;
    }
    return mlp_mat_resize(C, rows, cols) == MLP_OK;
}

/* The three products of a dense layer: Z = X W (forward), dW = X^T dZ and
   dX = dZ W^T (backward), none of which builds a transpose.

   THE REFERENCE ORDER. Every product computes every element of C as

       c = accumulate ? C[i][j] : 0;
       for (k = 0; k < n; k++)
           c = c + a(i,k) * b(k,j);      (rounded after the * and after the +)
       C[i][j] = c;

   with a(i,k) = A[i][k] (or A[k][i] for A^T) and b(k,j) = B[k][j] (or B[j][k]
   for B^T). Floating-point addition is not associative: (x + y) + z and
   x + (y + z) can differ in the last bit, so the order of the sum is part of
   the result. Writing it down here, and never letting the compiler choose
   another one (no -ffast-math; no FMA contraction, which rounds a*b+c once
   instead of twice: -ffp-contract=off), makes gcc and clang, -O0 and -O2, C
   and C++ give the same bits.

   The three loops below are exactly this: they define the products. Each
   first offers the work to Appendix A (>>fast), which computes the same sums
   in the same order, a vector and a register tile at a time, about ten times
   faster (or, with MLP_USE_CBLAS, hands them to a BLAS, which sums in its own
   order). In the build with MLP_REFERENCE_LOOPS (make debug) MLP__FAST_PATHS
   is 0, the offer is never made, and these loops do the work.
   tests/test_kernels.c checks the fast products against the reference loops
   with ==, at many odd shapes. */
static int mlp__fast_product(mlp_mat *C, const mlp_mat *A, int a_transposed, const mlp_mat *B, int b_transposed,
                             int accumulate); /* Appendix A: 1 if it computed C */

/* C = A B, A: m x n, B: n x p.  C[i][j] = sum_k A[i][k] B[k][j].  e.g. Z = X W */
MLPDEF void mlp_mat_mul(mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate)
{
    int i, j, k, m, n, p;
    if (!mlp__check_product("mlp_mat_mul", "C = A B", "A.cols == B.rows", A->cols == B->rows, A, B)) return;
    if (!mlp__prepare_output("mlp_mat_mul", C, A, B, A->rows, B->cols, accumulate)) return;
    if (MLP__FAST_PATHS && mlp__fast_product(C, A, 0, B, 0, accumulate)) return;
    m = A->rows;
    n = A->cols;
    p = B->cols;
    for (i = 0; i < m; i++)
        for (j = 0; j < p; j++) {
            mlp_real c = accumulate ? C->data[(size_t)i * p + j] : 0;
            for (k = 0; k < n; k++) c = c + A->data[(size_t)i * n + k] * B->data[(size_t)k * p + j];
            C->data[(size_t)i * p + j] = c;
        }
}

/* C = A^T B, A: n x m, B: n x p, C: m x p.  C[i][j] = sum_k A[k][i] B[k][j].
   e.g. dW = X^T dZ, where k runs over the samples of the batch. A^T is never
   built: the loop reads A[k][i] where A^T B would read A^T[i][k]. */
MLPDEF void mlp_mat_mul_tn(mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate)
{
    int i, j, k, m, n, p;
    if (!mlp__check_product("mlp_mat_mul_tn", "C = A^T B", "A.rows == B.rows", A->rows == B->rows, A, B)) return;
    if (!mlp__prepare_output("mlp_mat_mul_tn", C, A, B, A->cols, B->cols, accumulate)) return;
    if (MLP__FAST_PATHS && mlp__fast_product(C, A, 1, B, 0, accumulate)) return;
    m = A->cols;
    n = A->rows;
    p = B->cols;
    for (i = 0; i < m; i++)
        for (j = 0; j < p; j++) {
            mlp_real c = accumulate ? C->data[(size_t)i * p + j] : 0;
            for (k = 0; k < n; k++) c = c + A->data[(size_t)k * m + i] * B->data[(size_t)k * p + j];
            C->data[(size_t)i * p + j] = c;
        }
}

/* C = A B^T, A: m x n, B: p x n, C: m x p.  C[i][j] = sum_k A[i][k] B[j][k]:
   the dot product of row i of A and row j of B.  e.g. dX = dZ W^T */
MLPDEF void mlp_mat_mul_nt(mlp_mat *C, const mlp_mat *A, const mlp_mat *B, int accumulate)
{
    int i, j, k, m, n, p;
    if (!mlp__check_product("mlp_mat_mul_nt", "C = A B^T", "A.cols == B.cols", A->cols == B->cols, A, B)) return;
    if (!mlp__prepare_output("mlp_mat_mul_nt", C, A, B, A->rows, B->rows, accumulate)) return;
    if (MLP__FAST_PATHS && mlp__fast_product(C, A, 0, B, 1, accumulate)) return;
    m = A->rows;
    n = A->cols;
    p = B->rows;
    for (i = 0; i < m; i++)
        for (j = 0; j < p; j++) {
            mlp_real c = accumulate ? C->data[(size_t)i * p + j] : 0;
            for (k = 0; k < n; k++) c = c + A->data[(size_t)i * n + k] * B->data[(size_t)j * n + k];
            C->data[(size_t)i * p + j] = c;
        }
}

/* Elementwise operations: C and the inputs have one shape (C is resized when
   it is not an input). */
static int mlp__elementwise_shapes(const char *fn, mlp_mat *C, const mlp_mat *A, const mlp_mat *B)
{
    if (!mlp_mat_same_shape(A, B)) {
        mlp__misuse("%s: A and B must have the same shape; got A %dx%d, B %dx%d", fn, A->rows, A->cols, B->rows, B->cols);
        return 0;
    }
    if (C != A && C != B) return mlp_mat_resize(C, A->rows, A->cols) == MLP_OK;
    return 1;
}

MLPDEF void mlp_mat_add(mlp_mat *C, const mlp_mat *A, const mlp_mat *B)
{
    size_t k, n;
    if (!mlp__elementwise_shapes("mlp_mat_add", C, A, B)) return;
    n = (size_t)A->rows * A->cols;
    for (k = 0; k < n; k++) C->data[k] = A->data[k] + B->data[k];
}

MLPDEF void mlp_mat_sub(mlp_mat *C, const mlp_mat *A, const mlp_mat *B)
{
    size_t k, n;
    if (!mlp__elementwise_shapes("mlp_mat_sub", C, A, B)) return;
    n = (size_t)A->rows * A->cols;
    for (k = 0; k < n; k++) C->data[k] = A->data[k] - B->data[k];
}

MLPDEF void mlp_mat_hadamard(mlp_mat *C, const mlp_mat *A, const mlp_mat *B)
{
    size_t k, n;
    if (!mlp__elementwise_shapes("mlp_mat_hadamard", C, A, B)) return;
    n = (size_t)A->rows * A->cols;
    for (k = 0; k < n; k++) C->data[k] = A->data[k] * B->data[k];
}

MLPDEF void mlp_mat_scale(mlp_mat *C, mlp_real s)
{
    size_t k, n = (size_t)C->rows * C->cols;
    for (k = 0; k < n; k++) C->data[k] *= s;
}

MLPDEF void mlp_mat_axpy(mlp_mat *C, mlp_real s, const mlp_mat *A)
{
    size_t k, n;
    if (!mlp_mat_same_shape(C, A)) {
        mlp__misuse("mlp_mat_axpy: C and A must have the same shape; got C %dx%d, A %dx%d", C->rows, C->cols, A->rows, A->cols);
        return;
    }
    n = (size_t)C->rows * C->cols;
    for (k = 0; k < n; k++) C->data[k] += s * A->data[k];
}

/* The three loops below run on every step of training; Appendix A (>>fast)
   has each a vector at a time, with the same operations on every number in
   the same order, and returns 1 when it did the work. */
static int mlp__fast_add_row(mlp_mat *C, const mlp_mat *row);  /* Appendix A */
static int mlp__fast_col_sums(mlp_mat *s, const mlp_mat *A);    /* Appendix A */
static int mlp__fast_all_finite(const mlp_mat *m);              /* Appendix A: 1 if every element is finite */

/* Bias broadcast: the same 1 x cols row added to every row of C. */
MLPDEF void mlp_mat_add_row(mlp_mat *C, const mlp_mat *row)
{
    int i, j;
    if (row->rows != 1 || row->cols != C->cols) {
        mlp__misuse("mlp_mat_add_row: row must be 1x%d to add to C %dx%d; got %dx%d", C->cols, C->rows, C->cols, row->rows, row->cols);
        return;
    }
    if (MLP__FAST_PATHS && mlp__fast_add_row(C, row)) return;
    for (i = 0; i < C->rows; i++)
        for (j = 0; j < C->cols; j++) C->data[(size_t)i * C->cols + j] += row->data[j];
}

/* s = the 1 x cols row of column sums of A (rows added in order 0, 1, ...). */
MLPDEF void mlp_mat_col_sums(mlp_mat *s, const mlp_mat *A, int accumulate)
{
    int i, j;
    if (s == A) {
        mlp__misuse("mlp_mat_col_sums: the output must not be the input");
        return;
    }
    if (accumulate) {
        if (s->rows != 1 || s->cols != A->cols) {
            mlp__misuse("mlp_mat_col_sums: accumulating into %dx%d, but the sums of A %dx%d are 1x%d", s->rows, s->cols, A->rows, A->cols, A->cols);
            return;
        }
    } else {
        if (mlp_mat_resize(s, 1, A->cols)) return;
        mlp_mat_fill(s, 0);
    }
    if (MLP__FAST_PATHS && mlp__fast_col_sums(s, A)) return;
    for (i = 0; i < A->rows; i++) /* each column summed in row order */
        for (j = 0; j < A->cols; j++) s->data[j] += A->data[(size_t)i * A->cols + j];
}

/* MLP_ERR_DATA naming the first element that is NaN or infinite. Training
   runs this on every step, so Appendix A first tests the whole matrix at once
   (fast, without saying where); only if that test fails, or in the reference
   build, does the loop look for the culprit. */
MLPDEF int mlp_mat_check_finite(const mlp_mat *m, const char *name)
{
    int i, j;
    if (MLP__FAST_PATHS && mlp__fast_all_finite(m)) return MLP_OK;
    for (i = 0; i < m->rows; i++)
        for (j = 0; j < m->cols; j++) {
            mlp_real x = m->data[(size_t)i * m->cols + j];
            if (!mlp__isfinite(x))
                return mlp__fail(MLP_ERR_DATA, "%s[%d][%d] is %s (row %d, column %d of a %dx%d matrix)",
                                 name ? name : "matrix", i, j, x != x ? "NaN" : "infinite", i, j, m->rows, m->cols);
        }
    return MLP_OK;
}

/* >>activation ==============================================================
   Each activation f comes with its derivative f', written in terms of what the
   forward pass cached, so that the backward pass needs no recomputation:
     activation   f(z)                    f'(z), as computed       reads
     identity     z                       1                        -
     sigmoid      1 / (1 + e^-z)          a (1 - a)                A
     tanh         tanh z                  1 - a^2                  A
     ReLU         max(0, z)               1 if z > 0, else 0       Z
     leaky ReLU   z if z > 0, else s z    1 if z > 0, else s       Z
     softmax      e^z_j / sum_k e^z_k     (a Jacobian, see below)  A
   At z = 0, ReLU's derivative is taken as 0 (PyTorch does the same). */

MLPDEF const char *mlp_act_name(mlp_act_kind f)
{
    static const char *names[MLP_ACT_COUNT] = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"};
    return (f >= 0 && f < MLP_ACT_COUNT) ? names[f] : "unknown";
}

/* sigmoid(z) = 1 / (1 + e^-z). For z < 0, e^-z overflows for z < -709 (in
   double); the same value written as e^z / (1 + e^z) only ever takes exp of a
   negative number, so both branches stay finite for every z. */
MLPDEF mlp_real mlp_sigmoid(mlp_real z)
{
    if (z >= 0) return 1 / (1 + mlp__exp(-z));
    else {
        mlp_real e = mlp__exp(z);
        return e / (1 + e);
    }
}
/* sigmoid'(z) = e^-z / (1 + e^-z)^2 = a (1 - a), with a = sigmoid(z): the cached A. */
MLPDEF mlp_real mlp_sigmoid_deriv(mlp_real a) { return a * (1 - a); }

/* tanh is computed by mlp.h itself, a vector of numbers at a time and to the
   same bits in every build: Appendix B (>>tanh) says how, and why. */
static void mlp__tanh_block(mlp_real *a, const mlp_real *z, size_t n); /* Appendix B: a[k] = tanh z[k], k < n */
static mlp_real mlp__tanh_one(mlp_real z);                             /* Appendix B: the same, for one number */

MLPDEF mlp_real mlp_tanh(mlp_real z) { return mlp__tanh_one(z); }
/* tanh'(z) = 1 - tanh^2 z = 1 - a^2: the cached A. */
MLPDEF mlp_real mlp_tanh_deriv(mlp_real a) { return 1 - a * a; }

MLPDEF mlp_real mlp_relu(mlp_real z) { return z > 0 ? z : 0; }
/* relu'(z) = 1 for z > 0, 0 otherwise: reads the cached Z (A would do as well,
   since a > 0 exactly when z > 0, but Z states the rule as written). */
MLPDEF mlp_real mlp_relu_deriv(mlp_real z) { return z > 0 ? 1 : 0; }

MLPDEF mlp_real mlp_leaky_relu(mlp_real z, mlp_real slope) { return z > 0 ? z : slope * z; }
/* leaky_relu'(z) = 1 for z > 0, slope otherwise: reads the cached Z. */
MLPDEF mlp_real mlp_leaky_relu_deriv(mlp_real z, mlp_real slope) { return z > 0 ? 1 : slope; }

/* ReLU's two loops in mlp_act_forward and mlp_act_backward, without a jump
   that the processor would have to guess: Appendix A, the same values; each
   returns 1 when it did the work. */
static int mlp__fast_relu(mlp_real *a, const mlp_real *z, size_t n);
static int mlp__fast_relu_backward(mlp_real *dz, const mlp_real *da, const mlp_real *z, size_t n);

/* softmax of one row: a_j = e^(z_j - m) / sum_k e^(z_k - m), m = max_k z_k.
   Subtracting m changes nothing mathematically (it cancels) but keeps every
   exponent <= 0, so nothing overflows and the largest term is exactly 1. */
static void mlp__softmax_row(mlp_real *a, const mlp_real *z, int n)
{
    mlp_real m = z[0], sum = 0;
    int j;
    for (j = 1; j < n; j++)
        if (z[j] > m) m = z[j];
    for (j = 0; j < n; j++) sum += (a[j] = mlp__exp(z[j] - m));
    for (j = 0; j < n; j++) a[j] /= sum;
}

MLPDEF void mlp_act_forward(mlp_act_kind f, mlp_real slope, mlp_mat *A, const mlp_mat *Z)
{
    size_t k, n;
    int i;
    if (A == Z) {
        mlp__misuse("mlp_act_forward: A must not be Z");
        return;
    }
    if (mlp_mat_resize(A, Z->rows, Z->cols)) return;
    n = (size_t)Z->rows * Z->cols;
    switch (f) {
    case MLP_IDENTITY:
        for (k = 0; k < n; k++) A->data[k] = Z->data[k];
        break;
    case MLP_SIGMOID:
        for (k = 0; k < n; k++) A->data[k] = mlp_sigmoid(Z->data[k]);
        break;
    case MLP_TANH:
        mlp__tanh_block(A->data, Z->data, n);
        break;
    case MLP_RELU:
        if (MLP__FAST_PATHS && mlp__fast_relu(A->data, Z->data, n)) break;
        for (k = 0; k < n; k++) A->data[k] = Z->data[k] > 0 ? Z->data[k] : 0;
        break;
    case MLP_LEAKY_RELU:
        for (k = 0; k < n; k++) A->data[k] = Z->data[k] > 0 ? Z->data[k] : slope * Z->data[k];
        break;
    case MLP_SOFTMAX:
        if (Z->cols > 0)
            for (i = 0; i < Z->rows; i++)
                mlp__softmax_row(A->data + (size_t)i * Z->cols, Z->data + (size_t)i * Z->cols, Z->cols);
        break;
    default:
        mlp__misuse("mlp_act_forward: unknown activation %d", (int)f);
    }
}

/* Activation backward.
   shapes:   dZ, dA, Z, A: B x n.
   given:    dA = dL/dA, and the cached Z and A of the forward pass.
   computes: dZ = dL/dZ.
   why:      a_ij = f(z_ij) depends on z_ij alone, so by the chain rule
             dL/dz_ij = dL/da_ij f'(z_ij): an elementwise product.
             Softmax is the exception: every a_ij of row i depends on every
             z_ij'. Its Jacobian is da_ij/dz_ij' = a_ij (delta_jj' - a_ij'), so
               dz_ij' = sum_j da_ij a_ij (delta_jj' - a_ij')
                      = a_ij' (da_ij' - sum_j da_ij a_ij).
             (With cross-entropy this simplifies to A - Y: see >>loss.)
   checked:  tests/test_mlp.c, gradcheck_* (finite differences, every activation). */
MLPDEF void mlp_act_backward(mlp_act_kind f, mlp_real slope, mlp_mat *dZ, const mlp_mat *dA,
                             const mlp_mat *Z, const mlp_mat *A)
{
    size_t k, n;
    int i, j;
    if (!mlp_mat_same_shape(dA, Z) || !mlp_mat_same_shape(dA, A)) {
        mlp__misuse("mlp_act_backward: dA %dx%d, Z %dx%d and A %dx%d must have one shape",
                    dA->rows, dA->cols, Z->rows, Z->cols, A->rows, A->cols);
        return;
    }
    if (dZ == dA || dZ == Z || dZ == A) {
        mlp__misuse("mlp_act_backward: dZ must not be one of the inputs");
        return;
    }
    if (mlp_mat_resize(dZ, dA->rows, dA->cols)) return;
    n = (size_t)dA->rows * dA->cols;
    switch (f) {
    case MLP_IDENTITY: /* f' = 1 */
        for (k = 0; k < n; k++) dZ->data[k] = dA->data[k];
        break;
    case MLP_SIGMOID: /* f' = a (1 - a), from A */
        for (k = 0; k < n; k++) dZ->data[k] = dA->data[k] * (A->data[k] * (1 - A->data[k]));
        break;
    case MLP_TANH: /* f' = 1 - a^2, from A */
        /* BEGIN SOLUTION tanh-derivative: dZ = dA * f'(Z) elementwise, f' from the cached A */
        for (k = 0; k < n; k++) dZ->data[k] = dA->data[k] * (1 - A->data[k] * A->data[k]);
        /* END SOLUTION; stub: mlp_mat_fill(dZ, 0); */
        break;
    case MLP_RELU: /* f' = [z > 0], from Z */
        if (MLP__FAST_PATHS && mlp__fast_relu_backward(dZ->data, dA->data, Z->data, n)) break;
        for (k = 0; k < n; k++) dZ->data[k] = Z->data[k] > 0 ? dA->data[k] : 0;
        break;
    case MLP_LEAKY_RELU: /* f' = z > 0 ? 1 : slope, from Z */
        for (k = 0; k < n; k++) dZ->data[k] = Z->data[k] > 0 ? dA->data[k] : slope * dA->data[k];
        break;
    case MLP_SOFTMAX: /* dz_j = a_j (da_j - sum_k da_k a_k), row by row, from A */
        for (i = 0; i < dA->rows; i++) {
            const mlp_real *a = A->data + (size_t)i * A->cols, *da = dA->data + (size_t)i * dA->cols;
            mlp_real *dz = dZ->data + (size_t)i * dZ->cols, dot = 0;
            for (j = 0; j < dA->cols; j++) dot += da[j] * a[j];
            for (j = 0; j < dA->cols; j++) dz[j] = a[j] * (da[j] - dot);
        }
        break;
    default:
        mlp__misuse("mlp_act_backward: unknown activation %d", (int)f);
    }
}

/* >>loss ====================================================================
   Each loss L(A, Y) comes with its gradient. All three average, so each
   gradient carries the 1/B (or 1/(B n)) of that average: it is the only place
   in mlp.h where the batch size enters the backward pass. */

MLPDEF const char *mlp_loss_name(mlp_loss_kind loss)
{
    static const char *names[MLP_LOSS_COUNT] = {"mse", "cross_entropy", "bce"};
    return (loss >= 0 && loss < MLP_LOSS_COUNT) ? names[loss] : "unknown";
}

static int mlp__loss_shapes(const char *fn, const mlp_mat *A, const mlp_mat *Y)
{
    if (!mlp_mat_same_shape(A, Y) || A->rows == 0) {
        mlp__misuse("%s: the output (%dx%d) and the targets Y (%dx%d) must have one shape, with at least one row",
                    fn, A->rows, A->cols, Y->rows, Y->cols);
        return 0;
    }
    return 1;
}

/* Mean squared error, as nn.MSELoss(): the mean over all B n elements,
       L = 1/(B n) sum_ij (a_ij - y_ij)^2. */
MLPDEF mlp_real mlp_mse(const mlp_mat *A, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real sum = 0;
    if (!mlp__loss_shapes("mlp_mse", A, Y)) return 0;
    n = (size_t)A->rows * A->cols;
    for (k = 0; k < n; k++) {
        mlp_real e = A->data[k] - Y->data[k];
        sum += e * e;
    }
    return sum / (mlp_real)n;
}
/* dL/da_ij = 2 (a_ij - y_ij) / (B n). (Some texts use L/2 to drop the 2;
   PyTorch does not, and neither do we.) */
MLPDEF void mlp_mse_grad(mlp_mat *dA, const mlp_mat *A, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real scale;
    if (!mlp__loss_shapes("mlp_mse_grad", A, Y) || mlp_mat_resize(dA, A->rows, A->cols)) return;
    n = (size_t)A->rows * A->cols;
    scale = 2 / (mlp_real)n;
    for (k = 0; k < n; k++) dA->data[k] = scale * (A->data[k] - Y->data[k]);
}

/* Softmax cross-entropy, as nn.CrossEntropyLoss() given the logits Z (the
   output layer's pre-activations) and class probabilities Y (one-hot rows):
       L = -1/B sum_i sum_j y_ij log a_ij,   a_ij = softmax(z_i)_j.
   log a_ij = z_ij - m_i - log sum_k e^(z_ik - m_i)  (m_i = max_k z_ik) is
   computed from Z directly: log(softmax) would give log 0 = -inf as soon as a
   probability underflows, while this form stays finite. */
MLPDEF mlp_real mlp_cross_entropy(const mlp_mat *Z, const mlp_mat *Y)
{
    int i, j, n;
    mlp_real total = 0;
    if (!mlp__loss_shapes("mlp_cross_entropy", Z, Y)) return 0;
    n = Z->cols;
    for (i = 0; i < Z->rows; i++) {
        const mlp_real *z = Z->data + (size_t)i * n, *y = Y->data + (size_t)i * n;
        mlp_real m = z[0], sum = 0, logsum;
        for (j = 1; j < n; j++)
            if (z[j] > m) m = z[j];
        for (j = 0; j < n; j++) sum += mlp__exp(z[j] - m);
        logsum = m + mlp__log(sum);
        for (j = 0; j < n; j++)
            if (y[j] != 0) total -= y[j] * (z[j] - logsum);
    }
    return total / (mlp_real)Z->rows;
}
/* Cross-entropy and softmax, differentiated together.
   shapes:   dZ, A, Y: B x n.
   given:    A = softmax(Z) of the output layer; Y, whose rows sum to 1.
   computes: dZ = dL/dZ = (A - Y) / B.
   why:      dL/da_ij = -y_ij / (B a_ij); through the softmax Jacobian (see
             mlp_act_backward) dz_ij' = a_ij' (da_ij' - sum_j da_ij a_ij)
             = a_ij' (-y_ij'/(B a_ij') + sum_j y_ij / B) = (a_ij' - y_ij') / B,
             because sum_j y_ij = 1. Cheaper and exact where a underflows.
   checked:  tests/test_mlp.c, gradcheck_* with MLP_CROSS_ENTROPY. */
MLPDEF void mlp_cross_entropy_grad(mlp_mat *dZ, const mlp_mat *A, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real inv_b;
    if (!mlp__loss_shapes("mlp_cross_entropy_grad", A, Y) || mlp_mat_resize(dZ, A->rows, A->cols)) return;
    n = (size_t)A->rows * A->cols;
    inv_b = 1 / (mlp_real)A->rows;
    for (k = 0; k < n; k++) dZ->data[k] = (A->data[k] - Y->data[k]) * inv_b;
}

/* Binary cross-entropy, as nn.BCELoss(): for outputs a in [0, 1] and targets
   y in [0, 1], the mean over all B n elements of
       -(y log a + (1 - y) log(1 - a)),
   with each log clamped at -100 as PyTorch does, so that a = 0 or 1 gives a
   large but finite loss. */
MLPDEF mlp_real mlp_bce(const mlp_mat *A, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real sum = 0;
    if (!mlp__loss_shapes("mlp_bce", A, Y)) return 0;
    n = (size_t)A->rows * A->cols;
    for (k = 0; k < n; k++) {
        mlp_real a = A->data[k], y = Y->data[k];
        mlp_real log_a = a > 0 ? mlp__log(a) : -100, log_1a = a < 1 ? mlp__log(1 - a) : -100;
        if (log_a < -100) log_a = -100;
        if (log_1a < -100) log_1a = -100;
        sum -= y * log_a + (1 - y) * log_1a;
    }
    return sum / (mlp_real)n;
}
/* dL/da = (a - y) / (a (1 - a)) / (B n); the denominator a (1 - a) is kept
   >= 1e-12 as in PyTorch, so that a = 0 or 1 does not divide by zero. */
MLPDEF void mlp_bce_grad(mlp_mat *dA, const mlp_mat *A, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real inv_n;
    if (!mlp__loss_shapes("mlp_bce_grad", A, Y) || mlp_mat_resize(dA, A->rows, A->cols)) return;
    n = (size_t)A->rows * A->cols;
    inv_n = 1 / (mlp_real)n;
    for (k = 0; k < n; k++) {
        mlp_real a = A->data[k], d = a * (1 - a);
        if (d < (mlp_real)1e-12) d = (mlp_real)1e-12;
        dA->data[k] = (a - Y->data[k]) / d * inv_n;
    }
}

/* BCE of a = sigmoid(z), computed from z, as nn.BCEWithLogitsLoss():
       -(y log a + (1 - y) log(1 - a)) = max(z, 0) - z y + log(1 + e^-|z|),
   which never takes the log of a number that rounded to 0. Where a is not
   extreme it equals mlp_bce(A, Y) to rounding. */
MLPDEF mlp_real mlp_bce_with_logits(const mlp_mat *Z, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real sum = 0;
    if (!mlp__loss_shapes("mlp_bce_with_logits", Z, Y)) return 0;
    n = (size_t)Z->rows * Z->cols;
    for (k = 0; k < n; k++) {
        mlp_real z = Z->data[k], y = Y->data[k];
        sum += (z > 0 ? z : 0) - z * y + mlp__log1p(mlp__exp(-mlp__fabs(z)));
    }
    return sum / (mlp_real)n;
}
/* BCE and sigmoid, differentiated together.
   shapes:   dZ, A, Y: B x n.
   given:    A = sigmoid(Z) of the output layer; Y.
   computes: dZ = dL/dZ = (A - Y) / (B n).
   why:      dL/da = (a - y) / (a (1 - a)) / (B n) and da/dz = a (1 - a): the
             two a (1 - a) cancel. The same form as softmax + cross-entropy.
   checked:  tests/test_mlp.c, gradcheck_* with MLP_BCE. */
MLPDEF void mlp_bce_with_logits_grad(mlp_mat *dZ, const mlp_mat *A, const mlp_mat *Y)
{
    size_t k, n;
    mlp_real inv_n;
    if (!mlp__loss_shapes("mlp_bce_with_logits_grad", A, Y) || mlp_mat_resize(dZ, A->rows, A->cols)) return;
    n = (size_t)A->rows * A->cols;
    inv_n = 1 / (mlp_real)n;
    for (k = 0; k < n; k++) dZ->data[k] = (A->data[k] - Y->data[k]) * inv_n;
}

/* >>dense ===================================================================
   One dense layer, forward:  Z = X W + b,  A = f(Z).
   In the column-vector form of the slides, for one sample x (n_in x 1):
   z = W'x + b with W' = W^T; stacking B samples as rows gives Z = X W + b. */
MLPDEF int mlp_dense_forward(mlp_layer *layer, const mlp_mat *X)
{
    int status;
    if (X->cols != layer->n_in || X->rows < 1) {
        mlp__misuse("mlp_dense_forward: the layer takes %d inputs, so X must be B x %d with B >= 1; got X %dx%d",
                    layer->n_in, layer->n_in, X->rows, X->cols);
        return MLP_ERR_DATA;
    }
    /* Size the outputs first, so that a failure (out of memory) is reported
       here and nothing below can fail. */
    if ((status = mlp_mat_resize(&layer->Z, X->rows, layer->n_out))) return status;
    if ((status = mlp_mat_resize(&layer->A, X->rows, layer->n_out))) return status;
    layer->X = X;                              /* kept for dW = X^T dZ */
    mlp_mat_mul(&layer->Z, X, &layer->W, 0);   /* Z = X W   (B x n_in)(n_in x n_out) */
    mlp_mat_add_row(&layer->Z, &layer->b);     /* Z += b    (every row) */
    mlp_act_forward(layer->act, layer->slope, &layer->A, &layer->Z); /* A = f(Z) */
    return MLP_OK;
}

/* One dense layer, backward (the linear part; the activation's part,
   dZ = dA * f'(Z), was done by mlp_act_backward or by the loss).
   shapes:   X: B x n_in; dZ: B x n_out; W, dW: n_in x n_out; b, db: 1 x n_out;
             dX: B x n_in.
   given:    dZ = dL/dZ, and X, W from the forward pass.
   computes: dW += X^T dZ;  db += column sums of dZ;  dX = dZ W^T (if dX != NULL).
   why:      z_ij = sum_k x_ik w_kj + b_j, so
               dL/dw_kj = sum_i dL/dz_ij dz_ij/dw_kj = sum_i x_ik dz_ij    = (X^T dZ)_kj
               dL/db_j  = sum_i dz_ij                                     (column sums)
               dL/dx_ik = sum_j dz_ij w_kj                                = (dZ W^T)_ik
             The sums over samples i are plain sums: the 1/B of the mean is
             already inside dZ (it came from the loss gradient).
   checked:  tests/test_mlp.c: hand-computed values (backward_by_hand) and
             finite differences (gradcheck_*). */
MLPDEF int mlp_dense_backward(mlp_layer *layer, mlp_mat *dX)
{
    const mlp_mat *X = layer->X;
    int status;
    if (!X || X->rows != layer->dZ.rows || layer->dZ.cols != layer->n_out || X->cols != layer->n_in) {
        mlp__misuse("mlp_dense_backward: needs X (B x %d) from the forward pass and dZ (B x %d); got X %dx%d, dZ %dx%d",
                    layer->n_in, layer->n_out, X ? X->rows : 0, X ? X->cols : 0, layer->dZ.rows, layer->dZ.cols);
        return MLP_ERR_DATA;
    }
    if (dX && (status = mlp_mat_resize(dX, X->rows, layer->n_in))) return status;
    /* BEGIN SOLUTION dense-backward: dW += X^T dZ; db += column sums of dZ; dX = dZ W^T (if dX) */
    mlp_mat_mul_tn(&layer->dW, X, &layer->dZ, 1);   /* dW += X^T dZ */
    mlp_mat_col_sums(&layer->db, &layer->dZ, 1);    /* db += sum over samples of dZ */
    if (dX) mlp_mat_mul_nt(dX, &layer->dZ, &layer->W, 0); /* dX = dZ W^T */
    /* END SOLUTION; stub: if (dX) mlp_mat_fill(dX, 0); */
    return MLP_OK;
}

/* >>network =================================================================
   A network is a list of dense layers; layer l reads layer l-1's A. */

MLPDEF int mlp_net_new(mlp_net *net, int n_in, mlp_loss_kind loss)
{
    if (!net) {
        mlp__misuse("mlp_net_new: net is NULL");
        return MLP_ERR_DATA;
    }
    memset(net, 0, sizeof *net);
    if (n_in < 1 || loss < 0 || loss >= MLP_LOSS_COUNT) {
        mlp__misuse("mlp_net_new: needs n_in >= 1 and a known loss; got n_in %d, loss %d", n_in, (int)loss);
        return MLP_ERR_DATA;
    }
    net->n_in = n_in;
    net->loss = loss;
    net->training = 1;
    mlp_rng_seed(&net->rng, 0); /* mlp_net_initialize reseeds it from the caller's generator */
    return MLP_OK;
}

MLPDEF int mlp_net_add(mlp_net *net, int n_out, mlp_act_kind act)
{
    mlp_layer *layer;
    int status;
    if (n_out < 1 || act < 0 || act >= MLP_ACT_COUNT || net->n_in < 1) {
        mlp__misuse("mlp_net_add: needs a network made by mlp_net_new, n_out >= 1 and a known activation; got n_out %d, activation %d",
                    n_out, (int)act);
        return MLP_ERR_DATA;
    }
    if (net->n_layers == net->cap_layers) {
        int cap = net->cap_layers ? 2 * net->cap_layers : 4;
        mlp_layer *p = (mlp_layer *)MLP_REALLOC(net->layers, (size_t)cap * sizeof *p);
        if (!p) return mlp__fail(MLP_ERR_NOMEM, "mlp_net_add: out of memory for %d layers", cap);
        net->layers = p;
        net->cap_layers = cap;
    }
    layer = &net->layers[net->n_layers];
    memset(layer, 0, sizeof *layer);
    layer->n_in = net->n_layers ? net->layers[net->n_layers - 1].n_out : net->n_in;
    layer->n_out = n_out;
    layer->act = act;
    layer->slope = (mlp_real)0.01;
    layer->init = MLP_INIT_AUTO;
    if ((status = mlp_mat_init(&layer->W, layer->n_in, n_out)) || (status = mlp_mat_init(&layer->b, 1, n_out)) ||
        (status = mlp_mat_init(&layer->dW, layer->n_in, n_out)) || (status = mlp_mat_init(&layer->db, 1, n_out))) {
        mlp_mat_free(&layer->W);
        mlp_mat_free(&layer->b);
        mlp_mat_free(&layer->dW);
        mlp_mat_free(&layer->db);
        return status;
    }
    net->n_layers++;
    return MLP_OK;
}

MLPDEF void mlp_net_free(mlp_net *net)
{
    int l;
    if (!net) return;
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        mlp_mat *mats[] = {&layer->W, &layer->b, &layer->dW, &layer->db, &layer->Z, &layer->A, &layer->M, &layer->D,
                           &layer->dA, &layer->dZ, &layer->mW, &layer->mb, &layer->vW, &layer->vb};
        size_t k;
        for (k = 0; k < sizeof mats / sizeof mats[0]; k++) mlp_mat_free(mats[k]);
    }
    MLP_FREE(net->layers);
    mlp_mat_free(&net->batch_X);
    mlp_mat_free(&net->batch_Y);
    MLP_FREE(net->perm);
    memset(net, 0, sizeof *net);
}

MLPDEF long mlp_net_param_count(const mlp_net *net)
{
    long count = 0;
    int l;
    for (l = 0; l < net->n_layers; l++) count += (long)(net->layers[l].n_in + 1) * net->layers[l].n_out;
    return count;
}

MLPDEF int mlp_net_n_out(const mlp_net *net)
{
    return net->n_layers ? net->layers[net->n_layers - 1].n_out : 0;
}

MLPDEF mlp_layer *mlp_net_output_layer(mlp_net *net)
{
    return net->n_layers ? &net->layers[net->n_layers - 1] : NULL;
}

/* Inverted dropout (Srivastava et al. 2014), in training only: each output
   of the layer is kept with probability 1 - p and then scaled by 1/(1 - p),
   so that its expected value is unchanged and evaluation needs no rescaling:
       M[i][j] = 1/(1 - p) with probability 1 - p, else 0;   D = A * M.
   The next layer reads D. Backward: dL/dA = dL/dD * M (see mlp_backward).
   As torch.nn.Dropout(p), with mlp.h's own random numbers. */
static int mlp__dropout_forward(mlp_net *net, mlp_layer *layer)
{
    size_t k, n = (size_t)layer->A.rows * layer->A.cols;
    mlp_real keep_scale = 1 / (1 - layer->dropout);
    int status;
    if (!(net->keep_masks && mlp_mat_same_shape(&layer->M, &layer->A))) {
        if ((status = mlp_mat_resize(&layer->M, layer->A.rows, layer->A.cols))) return status;
        for (k = 0; k < n; k++) layer->M.data[k] = mlp_rng_uniform(&net->rng) < (double)layer->dropout ? 0 : keep_scale;
    }
    if ((status = mlp_mat_resize(&layer->D, layer->A.rows, layer->A.cols))) return status;
    for (k = 0; k < n; k++) layer->D.data[k] = layer->A.data[k] * layer->M.data[k];
    return MLP_OK;
}

/* Forward over a batch: layer 0 reads X, layer l reads layer l-1's A (or
   its dropped-out copy D, in training with dropout). */
MLPDEF const mlp_mat *mlp_forward(mlp_net *net, const mlp_mat *X)
{
    const mlp_mat *input = X;
    int l;
    if (net->n_layers < 1 || X->cols != net->n_in || X->rows < 1) {
        mlp__misuse("mlp_forward: the network has %d layers and %d inputs, so X must be B x %d with B >= 1; got X %dx%d",
                    net->n_layers, net->n_in, net->n_in, X->rows, X->cols);
        return NULL;
    }
    net->batch = 0; /* until the whole pass has succeeded */
    net->dropout_on = 0;
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        if (!(layer->dropout >= 0 && layer->dropout < 1) || (layer->dropout > 0 && l == net->n_layers - 1)) {
            mlp__misuse("mlp_forward: layer %d has dropout %g; it must be in [0, 1), and 0 on the output layer",
                        l, (double)layer->dropout);
            return NULL;
        }
        if (mlp_dense_forward(layer, input)) return NULL;
        input = &layer->A;
        if (net->training && layer->dropout > 0) {
            if (mlp__dropout_forward(net, layer)) return NULL;
            input = &layer->D;
            net->dropout_on = 1;
        }
    }
    net->batch = X->rows;
    return input;
}

/* Which losses need which output layer: cross-entropy is defined on
   probabilities that sum to 1, so its output layer must be a softmax. */
static int mlp__check_ready(const char *fn, const mlp_net *net, const mlp_mat *Y)
{
    const mlp_layer *out;
    if (net->n_layers < 1 || net->batch < 1) {
        mlp__misuse("%s: run mlp_forward first (the network has %d layers and no forward pass)", fn, net->n_layers);
        return 0;
    }
    out = &net->layers[net->n_layers - 1];
    if (Y->rows != net->batch || Y->cols != out->n_out) {
        mlp__misuse("%s: Y must be %dx%d (batch of the last forward x outputs); got Y %dx%d", fn, net->batch,
                    out->n_out, Y->rows, Y->cols);
        return 0;
    }
    if (net->loss == MLP_CROSS_ENTROPY && out->act != MLP_SOFTMAX) {
        mlp__misuse("%s: cross-entropy needs a softmax output layer, but the last layer is %s "
                    "(PyTorch's CrossEntropyLoss applies the softmax itself; mlp.h makes it the last layer, so that A holds probabilities)",
                    fn, mlp_act_name(out->act));
        return 0;
    }
    return 1;
}

/* The loss of the last forward pass against targets Y. */
MLPDEF mlp_real mlp_loss(const mlp_net *net, const mlp_mat *Y)
{
    const mlp_layer *out;
    if (!mlp__check_ready("mlp_loss", net, Y)) return 0;
    out = &net->layers[net->n_layers - 1];
    switch (net->loss) {
    case MLP_MSE: return mlp_mse(&out->A, Y);
    case MLP_CROSS_ENTROPY: return mlp_cross_entropy(&out->Z, Y);
    case MLP_BCE: return out->act == MLP_SIGMOID ? mlp_bce_with_logits(&out->Z, Y) : mlp_bce(&out->A, Y);
    default: mlp__misuse("mlp_loss: unknown loss %d", (int)net->loss); return 0;
    }
}

/* >>backward ================================================================
   Backpropagation over the whole network.
   shapes:   as in the forward pass, per layer.
   given:    the forward pass of a batch (every layer's X, Z, A) and targets Y.
   computes: for every layer, dA, dZ, and dW += dL/dW, db += dL/db.
   why:      the chain rule, applied from the loss backwards. The output
             layer's dA (or directly its dZ, when loss and activation are
             differentiated together) comes from the loss gradient. Then, for
             l = last ... 0:
               dZ_l   = dA_l * f_l'(Z_l)      (mlp_act_backward)
               dW_l  += X_l^T dZ_l            (mlp_dense_backward)
               db_l  += column sums of dZ_l
               dA_l-1 = dZ_l W_l^T            (the input gradient of layer l
                                               is the output gradient of l-1)
   checked:  tests/test_mlp.c: a 2-2-1 network by hand (backward_by_hand);
             finite differences for every activation, loss and depth. */
MLPDEF int mlp_backward(mlp_net *net, const mlp_mat *Y)
{
    mlp_layer *out;
    int l, status, fused;
    if (!mlp__check_ready("mlp_backward", net, Y)) return MLP_ERR_DATA;
    out = &net->layers[net->n_layers - 1];
    if (!net->layers[0].X || net->layers[0].X->rows != net->batch || net->layers[0].X->cols != net->n_in) {
        mlp__misuse("mlp_backward: the input X given to mlp_forward changed shape or is gone");
        return MLP_ERR_DATA;
    }
    /* Size every buffer first: after this loop nothing can fail. */
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        if ((status = mlp_mat_resize(&layer->dZ, net->batch, layer->n_out))) return status;
        if ((status = mlp_mat_resize(&layer->dA, net->batch, layer->n_out))) return status;
    }
    /* Seed the chain rule with the loss gradient (this is where 1/B enters). */
    fused = 0;
    switch (net->loss) {
    case MLP_MSE:
        mlp_mse_grad(&out->dA, &out->A, Y);
        break;
    case MLP_CROSS_ENTROPY: /* softmax output, checked above */
        mlp_cross_entropy_grad(&out->dZ, &out->A, Y);
        fused = 1;
        break;
    case MLP_BCE:
        if (out->act == MLP_SIGMOID) {
            mlp_bce_with_logits_grad(&out->dZ, &out->A, Y);
            fused = 1;
        } else
            mlp_bce_grad(&out->dA, &out->A, Y);
        break;
    default:
        mlp__misuse("mlp_backward: unknown loss %d", (int)net->loss);
        return MLP_ERR_DATA;
    }
    if (fused) mlp_mat_resize(&out->dA, 0, out->n_out); /* not computed: dZ came from the loss */
    for (l = net->n_layers - 1; l >= 0; l--) {
        mlp_layer *layer = &net->layers[l];
        if (net->dropout_on && layer->dropout > 0) /* the next layer read D = A * M: dL/dA = dL/dD * M */
            mlp_mat_hadamard(&layer->dA, &layer->dA, &layer->M);
        if (!(fused && l == net->n_layers - 1))
            mlp_act_backward(layer->act, layer->slope, &layer->dZ, &layer->dA, &layer->Z, &layer->A); /* dZ = dA * f'(Z) */
        mlp_dense_backward(layer, l > 0 ? &net->layers[l - 1].dA : NULL); /* dW, db, and dA of layer l-1 */
    }
    return MLP_OK;
}

/* Gradients accumulate (dW += ...), as in PyTorch, so that several batches can
   add up before one step; clear them before each backward pass. */
MLPDEF void mlp_zero_grad(mlp_net *net)
{
    int l;
    for (l = 0; l < net->n_layers; l++) {
        mlp_mat_fill(&net->layers[l].dW, 0);
        mlp_mat_fill(&net->layers[l].db, 0);
    }
}

/* Predictions are made in evaluation mode: no dropout. */
MLPDEF int mlp_predict(mlp_net *net, const mlp_mat *X, mlp_mat *out)
{
    int training = net->training;
    const mlp_mat *A;
    net->training = 0;
    A = mlp_forward(net, X);
    net->training = training;
    if (!A) return MLP_ERR_NOMEM;
    return mlp_mat_copy(out, A);
}

/* >>init ====================================================================
   Why the scale of the initial weights matters. For one unit,
   z = sum_k w_k x_k over n_in inputs, with w_k drawn independently (mean 0,
   variance s^2) and independent of the x_k:
       Var(z) = n_in s^2 E[x^2].
   - If x is the output of a tanh or sigmoid layer near its linear regime,
     E[x^2] ~ Var(previous z), so s^2 = 1/n_in keeps the variance layer after
     layer (LeCun). Asking the same of the backward pass gives s^2 = 1/n_out;
     Xavier/Glorot takes the compromise s^2 = 2/(n_in + n_out).
   - If x = ReLU(z_prev) with z_prev symmetric around 0, half of the mass is
     cut to 0 and E[x^2] = Var(z_prev)/2. Then Var(z) = n_in s^2 Var(z_prev)/2,
     which stays constant exactly when s^2 = 2/n_in (He/Kaiming). For a leaky
     ReLU with slope a, E[x^2] = (1 + a^2) Var(z_prev)/2, so s^2 = 2/((1 + a^2) n_in).
   Smaller s makes the signal shrink geometrically with depth (and the
   gradients with it); larger s makes it explode. Exercise sheet 001 derives
   this; a uniform U(-r, r) has variance r^2/3, hence the sqrt(3) and sqrt(6).
   Weights are drawn row by row (W[0][0], W[0][1], ...), then biases, layer by
   layer from the first. */

MLPDEF const char *mlp_init_name(mlp_init_kind init)
{
    static const char *names[MLP_INIT_COUNT] = {"auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal",
                                                "lecun_normal", "uniform", "normal", "constant", "pytorch"};
    return (init >= 0 && init < MLP_INIT_COUNT) ? names[init] : "unknown";
}

static void mlp__init_layer(mlp_layer *layer, mlp_rng *rng)
{
    size_t k, n = (size_t)layer->n_in * layer->n_out;
    double fan_in = layer->n_in, fan_out = layer->n_out, r = 0, s = 0;
    double slope = layer->act == MLP_LEAKY_RELU ? (double)layer->slope : 0.0;
    double gain2 = 2.0 / (1.0 + slope * slope); /* He's gain^2 */
    mlp_init_kind kind = layer->init;
    int uniform = 1;
    if (kind == MLP_INIT_AUTO)
        kind = (layer->act == MLP_RELU || layer->act == MLP_LEAKY_RELU) ? MLP_INIT_HE_NORMAL : MLP_INIT_XAVIER_UNIFORM;
    switch (kind) {
    case MLP_INIT_XAVIER_UNIFORM: r = sqrt(6.0 / (fan_in + fan_out)); break;
    case MLP_INIT_XAVIER_NORMAL: s = sqrt(2.0 / (fan_in + fan_out)); uniform = 0; break;
    case MLP_INIT_HE_UNIFORM: r = sqrt(3.0 * gain2 / fan_in); break;
    case MLP_INIT_HE_NORMAL: s = sqrt(gain2 / fan_in); uniform = 0; break;
    case MLP_INIT_LECUN_NORMAL: s = sqrt(1.0 / fan_in); uniform = 0; break;
    case MLP_INIT_NORMAL: s = (double)layer->init_a; uniform = 0; break;
    case MLP_INIT_PYTORCH: r = 1.0 / sqrt(fan_in); break;
    default: break;
    }
    for (k = 0; k < n; k++) {
        double w;
        if (kind == MLP_INIT_CONSTANT) w = (double)layer->init_a;
        else if (kind == MLP_INIT_UNIFORM) w = mlp_rng_uniform_range(rng, (double)layer->init_a, (double)layer->init_b);
        else if (uniform) w = mlp_rng_uniform_range(rng, -r, r);
        else w = mlp_rng_normal(rng, 0.0, s);
        layer->W.data[k] = (mlp_real)w;
    }
    for (k = 0; k < (size_t)layer->n_out; k++) /* biases: 0, except nn.Linear's default */
        layer->b.data[k] = kind == MLP_INIT_PYTORCH ? (mlp_real)mlp_rng_uniform_range(rng, -r, r) : 0;
}

MLPDEF int mlp_net_initialize(mlp_net *net, mlp_rng *rng)
{
    int l;
    if (!rng || net->n_layers < 1) {
        mlp__misuse("mlp_net_initialize: needs a seeded mlp_rng and at least one layer (got %d layers)", net->n_layers);
        return MLP_ERR_DATA;
    }
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        if (layer->init < 0 || layer->init >= MLP_INIT_COUNT) {
            mlp__misuse("mlp_net_initialize: layer %d has an unknown init %d", l, (int)layer->init);
            return MLP_ERR_DATA;
        }
        mlp__init_layer(layer, rng);
        mlp_mat_fill(&layer->dW, 0);
        mlp_mat_fill(&layer->db, 0);
        mlp_mat_fill(&layer->mW, 0); /* optimizer state, if any */
        mlp_mat_fill(&layer->mb, 0);
        mlp_mat_fill(&layer->vW, 0);
        mlp_mat_fill(&layer->vb, 0);
    }
    mlp_rng_seed(&net->rng, mlp_rng_next(rng)); /* dropout's generator, drawn after the weights */
    net->batch = 0;
    return MLP_OK;
}

/* >>optim ===================================================================
   Every optimizer updates each parameter tensor P (W or b) from its gradient
   G (dW or db). Notation: t is the step number (1 for the first step), g an
   element of G, p of P, lr the learning rate, wd the weight decay.
   Coupled weight decay (all but AdamW) adds the gradient of (wd/2) ||W||^2 to
   g: g <- g + wd p. It applies to weights only unless decay_bias is set
   (PyTorch applies it to every parameter it is given: pass it only the
   weights, as a parameter group, to compare). AdamW instead shrinks p itself.
   L1 adds the (sub)gradient of l1 ||W||_1: g <- g + l1 sign(p), with
   sign(0) = 0, the subgradient PyTorch's autograd picks for |p| at 0. Both
   together are the elastic net; the slides' lambda (r |w| + (1 - r)/2 w^2)
   is l1 = lambda r and weight_decay = lambda (1 - r). PyTorch has no L1 in
   its optimizers: there one adds l1 * sum |p| to the loss, with the same
   gradient. With clip_norm > 0 the gradient of the loss (dW, db, before any
   penalty) is first scaled by min(1, clip_norm / (||g|| + 1e-6)), ||g|| over
   every dW and db together, as torch.nn.utils.clip_grad_norm_ does (the scaled
   gradient stays in dW, db); the penalties are added after it, as PyTorch's
   weight_decay is. So with clipping AND l1, the PyTorch equivalent adds
   l1 * sign(p) to p.grad after clip_grad_norm_, not l1 * sum |p| to the loss
   (which would clip the penalty too and give different iterates).
   The update rules are PyTorch 1.13's torch.optim, operation for operation.

   The slides write momentum as v <- beta v - alpha g, p <- p + v. PyTorch (and
   mlp.h) write b <- mu b + g, p <- p - lr b: the same iterates, with
   v = -lr b, when lr is constant. The slides' AdaGrad and RMSProp accumulate
   the scalar ||g||^2 of the whole gradient; the standard algorithms (Duchi et
   al. 2011; Tieleman and Hinton 2012), PyTorch and mlp.h accumulate g^2 for
   each parameter separately, giving each its own step size. */

MLPDEF const char *mlp_optim_name(mlp_optim_kind kind)
{
    static const char *names[MLP_OPT_COUNT] = {"sgd", "adagrad", "rmsprop", "adam", "adamw"};
    return (kind >= 0 && kind < MLP_OPT_COUNT) ? names[kind] : "unknown";
}

static mlp_optim mlp__optim(mlp_optim_kind kind, mlp_real lr)
{
    mlp_optim o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.lr = lr;
    o.alpha = (mlp_real)0.99;
    o.beta1 = (mlp_real)0.9;
    o.beta2 = (mlp_real)0.999;
    o.eps = (mlp_real)1e-8;
    return o;
}

/* SGD (Robbins and Monro 1951), with momentum (Polyak 1964) and Nesterov's
   variant as formulated by Sutskever et al. 2013:
       g <- g + wd p                               (if wd != 0)
       b <- g at t = 1, else b <- mu b + (1 - dampening) g   (if mu != 0)
       g <- g + mu b (Nesterov)  or  g <- b         (if mu != 0)
       p <- p - lr g */
MLPDEF mlp_optim mlp_sgd(mlp_real lr) { return mlp__optim(MLP_OPT_SGD, lr); }

/* AdaGrad (Duchi, Hazan and Singer 2011):
       s <- s + g^2;   p <- p - lr_t g / (sqrt(s) + eps),   lr_t = lr / (1 + (t - 1) lr_decay)
   Defaults as torch.optim.Adagrad: eps = 1e-10, lr_decay = 0, s starts at 0. */
MLPDEF mlp_optim mlp_adagrad(mlp_real lr)
{
    mlp_optim o = mlp__optim(MLP_OPT_ADAGRAD, lr);
    o.eps = (mlp_real)1e-10;
    return o;
}

/* RMSProp (Tieleman and Hinton 2012, lecture 6.5):
       v <- alpha v + (1 - alpha) g^2;   d = sqrt(v) + eps
       p <- p - lr g / d                         (no momentum)
       b <- mu b + g / d;  p <- p - lr b         (momentum mu)
   Defaults as torch.optim.RMSprop: alpha = 0.99, eps = 1e-8. Note eps is
   added outside the square root (Keras adds it inside). */
MLPDEF mlp_optim mlp_rmsprop(mlp_real lr) { return mlp__optim(MLP_OPT_RMSPROP, lr); }

/* Adam (Kingma and Ba 2015):
       m <- beta1 m + (1 - beta1) g;   v <- beta2 v + (1 - beta2) g^2
       p <- p - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
   This is the paper's m_hat / (sqrt(v_hat) + eps) with the bias corrections
   moved out, as PyTorch computes it (eps is added after the correction). */
MLPDEF mlp_optim mlp_adam(mlp_real lr) { return mlp__optim(MLP_OPT_ADAM, lr); }

/* AdamW (Loshchilov and Hutter 2019): p <- p (1 - lr wd), then Adam without
   weight decay in g. Default wd = 0.01, as torch.optim.AdamW. */
MLPDEF mlp_optim mlp_adamw(mlp_real lr)
{
    mlp_optim o = mlp__optim(MLP_OPT_ADAMW, lr);
    o.weight_decay = (mlp_real)0.01;
    return o;
}

/* Make optimizer state S the shape of P, zeroed on the optimizer's first step. */
static int mlp__state(mlp_mat *S, const mlp_mat *P, long t)
{
    if (!mlp_mat_same_shape(S, P) || t == 0) {
        int status = mlp_mat_resize(S, P->rows, P->cols);
        if (status) return status;
        mlp_mat_fill(S, 0);
    }
    return MLP_OK;
}

/* The penalties' share of the gradient: g + wd p + l1 sign(p) (wd = 0 for AdamW). */
static mlp_real mlp__penalized(mlp_real g, mlp_real p, mlp_real wd, mlp_real l1)
{
    if (wd != 0) g = g + wd * p;
    if (l1 != 0) g = g + (p > 0 ? l1 : p < 0 ? -l1 : 0);
    return g;
}

/* Each optimizer is one function that updates one parameter tensor P (W or
   b) from its gradient G (dW or db) and its state M, V (mW, vW or mb, vb);
   decay is 1 if the penalties apply to P (weights always, biases with
   decay_bias), and o->t is already this step's number. Every hyperparameter
   is first copied into a local constant: the loops then read nothing through
   `o`, which the compiler would otherwise load again after every store to
   p[k] (it cannot prove that they do not overlap). Two loops run on every
   step of most trainings: plain SGD and Adam without penalties. Appendix A
   (>>fast) has both a vector at a time, with the same operations on every
   number in the same order, and returns 1 when it did the work. */
static int mlp__fast_sgd(mlp_real *p, const mlp_real *grad, mlp_real lr, size_t n); /* Appendix A */
static int mlp__fast_adam(mlp_real *p, mlp_real *m, mlp_real *v, const mlp_real *grad, size_t n, mlp_real b1,
                          mlp_real b2, mlp_real eps, mlp_real step_size, mlp_real bc2_sqrt); /* Appendix A */

/* SGD, with momentum and Nesterov's variant: the rule at mlp_sgd. */
static void mlp__sgd_update(const mlp_optim *o, mlp_mat *P, const mlp_mat *G, mlp_mat *M, mlp_mat *V, int decay)
{
    size_t k, n = (size_t)P->rows * P->cols;
    mlp_real *p = P->data, *m = M->data;
    const mlp_real *grad = G->data;
    const mlp_real lr = o->lr, wd = decay ? o->weight_decay : 0, l1 = decay ? o->l1 : 0;
    const mlp_real mu = o->momentum, damp = 1 - o->dampening;
    const int first = o->t == 1, nesterov = o->nesterov;
    (void)V;
    if (MLP__FAST_PATHS && mu == 0 && wd == 0 && l1 == 0 && mlp__fast_sgd(p, grad, lr, n)) return;
    for (k = 0; k < n; k++) {
        mlp_real g = mlp__penalized(grad[k], p[k], wd, l1);
        if (mu != 0) {
            m[k] = first ? g : mu * m[k] + damp * g;
            g = nesterov ? g + mu * m[k] : m[k];
        }
        p[k] = p[k] - lr * g;
    }
}

/* AdaGrad: the rule at mlp_adagrad. */
static void mlp__adagrad_update(const mlp_optim *o, mlp_mat *P, const mlp_mat *G, mlp_mat *M, mlp_mat *V, int decay)
{
    size_t k, n = (size_t)P->rows * P->cols;
    mlp_real *p = P->data, *v = V->data;
    const mlp_real *grad = G->data;
    const mlp_real wd = decay ? o->weight_decay : 0, l1 = decay ? o->l1 : 0;
    const mlp_real clr = o->lr / (1 + (mlp_real)(o->t - 1) * o->lr_decay), eps = o->eps;
    (void)M;
    for (k = 0; k < n; k++) {
        mlp_real g = mlp__penalized(grad[k], p[k], wd, l1);
        v[k] = v[k] + g * g;
        p[k] = p[k] - clr * (g / (mlp__sqrt(v[k]) + eps));
    }
}

/* RMSProp, with or without momentum: the rule at mlp_rmsprop. */
static void mlp__rmsprop_update(const mlp_optim *o, mlp_mat *P, const mlp_mat *G, mlp_mat *M, mlp_mat *V, int decay)
{
    size_t k, n = (size_t)P->rows * P->cols;
    mlp_real *p = P->data, *m = M->data, *v = V->data;
    const mlp_real *grad = G->data;
    const mlp_real lr = o->lr, wd = decay ? o->weight_decay : 0, l1 = decay ? o->l1 : 0;
    const mlp_real mu = o->momentum, alpha = o->alpha, eps = o->eps;
    for (k = 0; k < n; k++) {
        mlp_real g = mlp__penalized(grad[k], p[k], wd, l1), d;
        v[k] = alpha * v[k] + (1 - alpha) * (g * g);
        d = mlp__sqrt(v[k]) + eps;
        if (mu != 0) {
            m[k] = mu * m[k] + g / d;
            p[k] = p[k] - lr * m[k];
        } else
            p[k] = p[k] - lr * (g / d);
    }
}

/* Adam: the rule at mlp_adam. */
static void mlp__adam_update(const mlp_optim *o, mlp_mat *P, const mlp_mat *G, mlp_mat *M, mlp_mat *V, int decay)
{
    /* BEGIN SOLUTION adam-step: m[k], v[k] and p[k] by the rule at mlp_adam, for every
       element k of P (g with the penalties, as in the other optimizers) */
    size_t k, n = (size_t)P->rows * P->cols;
    mlp_real *p = P->data, *m = M->data, *v = V->data;
    const mlp_real *grad = G->data;
    const mlp_real wd = decay ? o->weight_decay : 0, l1 = decay ? o->l1 : 0;
    const mlp_real b1 = o->beta1, b2 = o->beta2, eps = o->eps;
    const mlp_real bc1 = 1 - (mlp_real)mlp__powi_double((double)b1, o->t);
    const mlp_real bc2_sqrt = mlp__sqrt(1 - (mlp_real)mlp__powi_double((double)b2, o->t));
    const mlp_real step_size = o->lr / bc1;
    if (MLP__FAST_PATHS && wd == 0 && l1 == 0 && mlp__fast_adam(p, m, v, grad, n, b1, b2, eps, step_size, bc2_sqrt))
        return;
    for (k = 0; k < n; k++) {
        mlp_real g = mlp__penalized(grad[k], p[k], wd, l1);
        m[k] = b1 * m[k] + (1 - b1) * g;
        v[k] = b2 * v[k] + (1 - b2) * (g * g);
        p[k] = p[k] - step_size * (m[k] / (mlp__sqrt(v[k]) / bc2_sqrt + eps));
    }
    /* END SOLUTION; stub: (void)o, (void)P, (void)G, (void)M, (void)V, (void)decay; */
}

/* AdamW: the weight decay shrinks p itself, p <- p (1 - lr wd), and the rest
   is Adam's step with no weight decay in g (the rule at mlp_adamw). */
static void mlp__adamw_update(const mlp_optim *o, mlp_mat *P, const mlp_mat *G, mlp_mat *M, mlp_mat *V, int decay)
{
    size_t k, n = (size_t)P->rows * P->cols;
    const mlp_real shrink = 1 - o->lr * (decay ? o->weight_decay : 0);
    mlp_optim adam = *o;
    for (k = 0; k < n; k++) P->data[k] = P->data[k] * shrink;
    adam.weight_decay = 0;
    mlp__adam_update(&adam, P, G, M, V, decay);
}

/* One optimizer, one function: the table that mlp_step looks up. */
typedef void (*mlp__update_fn)(const mlp_optim *o, mlp_mat *P, const mlp_mat *G, mlp_mat *M, mlp_mat *V, int decay);
static const mlp__update_fn mlp__updates[MLP_OPT_COUNT] = {
    mlp__sgd_update,     /* MLP_OPT_SGD */
    mlp__adagrad_update, /* MLP_OPT_ADAGRAD */
    mlp__rmsprop_update, /* MLP_OPT_RMSPROP */
    mlp__adam_update,    /* MLP_OPT_ADAM */
    mlp__adamw_update    /* MLP_OPT_ADAMW */
};

/* The size of the whole gradient, sqrt(sum of dW^2 and db^2 over every
   layer): what clip_norm limits. Summed in double. */
static mlp_real mlp__sum_squares(const mlp_mat *m)
{
    size_t k, n = (size_t)m->rows * m->cols;
    double s = 0;
    for (k = 0; k < n; k++) s += (double)m->data[k] * (double)m->data[k];
    return (mlp_real)s;
}

MLPDEF mlp_real mlp_net_grad_norm(const mlp_net *net)
{
    double s = 0;
    int l;
    for (l = 0; l < net->n_layers; l++) s += (double)mlp__sum_squares(&net->layers[l].dW) + (double)mlp__sum_squares(&net->layers[l].db);
    return (mlp_real)sqrt(s);
}

MLPDEF int mlp_step(mlp_net *net, mlp_optim *opt)
{
    int l, status;
    if (opt->kind < 0 || opt->kind >= MLP_OPT_COUNT || !(opt->lr >= 0) || net->n_layers < 1) {
        mlp__misuse("mlp_step: needs a network with layers and an optimizer from mlp_sgd/mlp_adam/...; got kind %d, lr %g",
                    (int)opt->kind, (double)opt->lr);
        return MLP_ERR_DATA;
    }
    /* The state this optimizer reads: allocated (and zeroed) on its first step. */
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        if ((status = mlp__state(&layer->mW, &layer->W, opt->t)) || (status = mlp__state(&layer->mb, &layer->b, opt->t)) ||
            (status = mlp__state(&layer->vW, &layer->W, opt->t)) || (status = mlp__state(&layer->vb, &layer->b, opt->t)))
            return status;
    }
    if (opt->clip_norm > 0) {
        mlp_real norm = mlp_net_grad_norm(net), coef = opt->clip_norm / (norm + (mlp_real)1e-6);
        if (coef < 1)
            for (l = 0; l < net->n_layers; l++) {
                mlp_mat_scale(&net->layers[l].dW, coef);
                mlp_mat_scale(&net->layers[l].db, coef);
            }
    }
    opt->t++;
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        mlp__updates[opt->kind](opt, &layer->W, &layer->dW, &layer->mW, &layer->vW, 1);
        mlp__updates[opt->kind](opt, &layer->b, &layer->db, &layer->mb, &layer->vb, opt->decay_bias);
    }
    return MLP_OK;
}

/* >>train =================================================================== */

static int mlp__check_dataset(const char *fn, const mlp_net *net, const mlp_mat *X, const mlp_mat *Y)
{
    if (net->n_layers < 1 || X->rows < 1 || X->rows != Y->rows || X->cols != net->n_in || Y->cols != mlp_net_n_out(net)) {
        mlp__misuse("%s: the network maps %d inputs to %d outputs, so X must be N x %d and Y N x %d with N >= 1; got X %dx%d, Y %dx%d",
                    fn, net->n_in, mlp_net_n_out(net), net->n_in, mlp_net_n_out(net), X->rows, X->cols, Y->rows, Y->cols);
        return 0;
    }
    return 1;
}

/* Room for N sample indices in net->perm, grown once and kept for later epochs. */
static int mlp__perm_room(mlp_net *net, int N, const char *fn)
{
    if (net->perm_cap < N) {
        int *p = (int *)MLP_REALLOC(net->perm, (size_t)N * sizeof *p);
        if (!p) return mlp__fail(MLP_ERR_NOMEM, "%s: out of memory for %d sample indices", fn, N);
        net->perm = p;
        net->perm_cap = N;
    }
    return MLP_OK;
}

/* The order of an epoch: net->perm[0..N-1] is 0..N-1 shuffled with rng, or
   in order if rng is NULL. */
static void mlp__shuffle(mlp_net *net, int N, mlp_rng *rng)
{
    int i;
    if (rng) mlp_rng_permutation(rng, net->perm, N);
    else
        for (i = 0; i < N; i++) net->perm[i] = i;
}

/* Copy rows perm[start .. start+b-1] of src into dst (b x cols). */
static void mlp__gather(mlp_mat *dst, const mlp_mat *src, const int *perm, int start, int b)
{
    int r;
    for (r = 0; r < b; r++)
        memcpy(dst->data + (size_t)r * src->cols, src->data + (size_t)perm[start + r] * src->cols,
               (size_t)src->cols * sizeof(mlp_real));
}

/* The mini-batch of the samples perm[start .. start+b-1]: their rows of X and
   Y gathered into net->batch_X and net->batch_Y. */
static int mlp__load_batch(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, int start, int b)
{
    int status;
    if ((status = mlp_mat_resize(&net->batch_X, b, X->cols)) || (status = mlp_mat_resize(&net->batch_Y, b, Y->cols)))
        return status;
    mlp__gather(&net->batch_X, X, net->perm, start, b);
    mlp__gather(&net->batch_Y, Y, net->perm, start, b);
    return MLP_OK;
}

/* The NaN guard: MLP_ERR_DIVERGED if any parameter, gradient or cached value
   of any layer is NaN or infinite, naming the first one found. */
MLPDEF int mlp_net_check_finite(const mlp_net *net)
{
    static const char *names[] = {"W", "b", "Z", "A", "dA", "dZ", "dW", "db"};
    int l, q, status;
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *layer = &net->layers[l];
        const mlp_mat *mats[8];
        mats[0] = &layer->W; mats[1] = &layer->b; mats[2] = &layer->Z; mats[3] = &layer->A;
        mats[4] = &layer->dA; mats[5] = &layer->dZ; mats[6] = &layer->dW; mats[7] = &layer->db;
        for (q = 0; q < 8; q++)
            if ((status = mlp_mat_check_finite(mats[q], names[q]))) {
                char what[sizeof mlp__error_text];
                memcpy(what, mlp__error_text, sizeof what);
                return mlp__fail(MLP_ERR_DIVERGED, "layer %d: %s", l, what);
            }
    }
    return MLP_OK;
}

/* One step on the mini-batch in net->batch_X, batch_Y (samples start ..
   start+b-1 of the epoch): forward, loss (into *L), zero_grad, backward, step.
   A loss or a gradient that is not finite stops it before the step. */
static int mlp__train_step(mlp_net *net, mlp_optim *opt, int start, int b, mlp_real *L)
{
    int status, l;
    if (!mlp_forward(net, &net->batch_X)) return MLP_ERR_NOMEM;
    *L = mlp_loss(net, &net->batch_Y);
    if (!mlp__isfinite(*L))
        return mlp__fail(MLP_ERR_DIVERGED,
                         "mlp_train_epoch: the loss became %s on the batch of samples %d..%d (after %ld steps of %s, lr %g); "
                         "the step was not applied; try a smaller learning rate",
                         *L != *L ? "NaN" : "infinite", start, start + b - 1, opt->t, mlp_optim_name(opt->kind), (double)opt->lr);
    mlp_zero_grad(net);
    if ((status = mlp_backward(net, &net->batch_Y))) return status;
    /* A finite loss can still overflow a gradient. Look at the gradients
       (a fast test), and only if one is not finite at everything, to say
       in which layer and quantity it started. */
    for (l = 0; l < net->n_layers; l++)
        if (mlp_mat_check_finite(&net->layers[l].dW, "dW") || mlp_mat_check_finite(&net->layers[l].db, "db"))
            break;
    if (l < net->n_layers && (status = mlp_net_check_finite(net))) {
        char what[sizeof mlp__error_text]; /* the guard's message, before it is overwritten */
        memcpy(what, mlp__error_text, sizeof what);
        return mlp__fail(status, "mlp_train_epoch: on the batch of samples %d..%d (after %ld steps), %s; the step was not applied",
                         start, start + b - 1, opt->t, what);
    }
    return mlp_step(net, opt);
}

MLPDEF int mlp_train_epoch(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y,
                           int batch_size, mlp_rng *rng, mlp_real *mean_loss)
{
    int N = X->rows, start, status;
    double total = 0;
    if (!mlp__check_dataset("mlp_train_epoch", net, X, Y)) return MLP_ERR_DATA;
    if (batch_size < 1) {
        mlp__misuse("mlp_train_epoch: batch_size must be >= 1, got %d", batch_size);
        return MLP_ERR_DATA;
    }
    if ((status = mlp_mat_check_finite(X, "mlp_train_epoch: X")) || (status = mlp_mat_check_finite(Y, "mlp_train_epoch: Y")))
        return status;
    if (batch_size > N) batch_size = N;
    /* Every buffer first, at its largest: the loop below allocates nothing. */
    if ((status = mlp__perm_room(net, N, "mlp_train_epoch"))) return status;
    if ((status = mlp_mat_resize(&net->batch_X, batch_size, X->cols)) || (status = mlp_mat_resize(&net->batch_Y, batch_size, Y->cols)))
        return status;
    mlp__shuffle(net, N, rng);
    net->training = 1;
    for (start = 0; start < N; start += batch_size) {
        int b = N - start < batch_size ? N - start : batch_size;
        mlp_real L;
        mlp__load_batch(net, X, Y, start, b); /* within capacity: cannot fail */
        if ((status = mlp__train_step(net, opt, start, b, &L))) return status;
        total += (double)L * b;
    }
    if (mean_loss) *mean_loss = (mlp_real)(total / N);
    return MLP_OK;
}

MLPDEF int mlp_evaluate(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real *mean_loss)
{
    const int chunk = 256;
    int start, training = net->training;
    double total = 0;
    if (!mlp__check_dataset("mlp_evaluate", net, X, Y)) return MLP_ERR_DATA;
    net->training = 0;
    for (start = 0; start < X->rows; start += chunk) {
        int b = X->rows - start < chunk ? X->rows - start : chunk;
        mlp_mat xv = mlp_mat_view(b, X->cols, X->data + (size_t)start * X->cols);
        mlp_mat yv = mlp_mat_view(b, Y->cols, Y->data + (size_t)start * Y->cols);
        if (!mlp_forward(net, &xv)) {
            net->training = training;
            return MLP_ERR_NOMEM;
        }
        total += (double)mlp_loss(net, &yv) * b;
    }
    net->training = training;
    /* The last forward pass read views that die here: forget it, so that a
       backward pass now is caught as "backward before forward". */
    net->batch = 0;
    net->layers[0].X = NULL;
    if (mean_loss) *mean_loss = (mlp_real)(total / X->rows);
    return MLP_OK;
}

/* >>schedule ================================================================
   Closed forms (see the declaration); t counts from 0. */
static mlp_schedule mlp__schedule(mlp_schedule_kind kind)
{
    mlp_schedule s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.gamma = (mlp_real)0.1;
    s.step_size = 10;
    s.T_max = 100;
    s.warmup_start = (mlp_real)(1.0 / 3.0);
    return s;
}
MLPDEF mlp_schedule mlp_schedule_constant(void) { return mlp__schedule(MLP_SCHED_CONSTANT); }
MLPDEF mlp_schedule mlp_schedule_step(int step_size, mlp_real gamma)
{
    mlp_schedule s = mlp__schedule(MLP_SCHED_STEP);
    s.step_size = step_size;
    s.gamma = gamma;
    return s;
}
MLPDEF mlp_schedule mlp_schedule_exponential(mlp_real gamma)
{
    mlp_schedule s = mlp__schedule(MLP_SCHED_EXPONENTIAL);
    s.gamma = gamma;
    return s;
}
MLPDEF mlp_schedule mlp_schedule_cosine(int T_max, mlp_real eta_min)
{
    mlp_schedule s = mlp__schedule(MLP_SCHED_COSINE);
    s.T_max = T_max;
    s.eta_min = eta_min;
    return s;
}
MLPDEF mlp_schedule mlp_schedule_cyclic(mlp_real max_lr, int step_size)
{
    mlp_schedule s = mlp__schedule(MLP_SCHED_CYCLIC);
    s.max_lr = max_lr;
    s.step_size = step_size;
    return s;
}

MLPDEF mlp_real mlp_schedule_lr(const mlp_schedule *s, mlp_real base_lr, long t)
{
    const double pi = 3.14159265358979323846;
    double lr = (double)base_lr, warm = 1;
    if (s->kind < 0 || s->kind >= MLP_SCHED_COUNT || t < 0 || ((s->kind == MLP_SCHED_STEP || s->kind == MLP_SCHED_CYCLIC) && s->step_size < 1) ||
        (s->kind == MLP_SCHED_COSINE && s->T_max < 1) || s->warmup < 0) {
        mlp__misuse("mlp_schedule_lr: schedule %d with step_size %d, T_max %d, warmup %d at t = %ld is not valid",
                    (int)s->kind, s->step_size, s->T_max, s->warmup, t);
        return base_lr;
    }
    if (t < s->warmup) { /* linear warm-up: factor from warmup_start to 1 */
        warm = (double)s->warmup_start + (1 - (double)s->warmup_start) * (double)t / s->warmup;
        t = 0;
    } else
        t -= s->warmup;
    switch (s->kind) {
    case MLP_SCHED_STEP: lr = lr * mlp__powi_double((double)s->gamma, t / s->step_size); break;
    case MLP_SCHED_EXPONENTIAL: lr = lr * mlp__powi_double((double)s->gamma, t); break;
    case MLP_SCHED_COSINE:
        lr = (double)s->eta_min + (lr - (double)s->eta_min) * (1 + mlp__cos_double(pi * (double)t / s->T_max)) / 2;
        break;
    case MLP_SCHED_CYCLIC: {
        /* position x in [0, 1) within the current cycle of 2 step_size; the
           height rises linearly over the first half and falls over the second */
        double cycle_len = 2.0 * s->step_size, cycle = floor(1 + (double)t / cycle_len);
        double x = 1 + (double)t / cycle_len - cycle, scale = x <= 0.5 ? x / 0.5 : (x - 1) / (0.5 - 1);
        lr = lr + ((double)s->max_lr - lr) * scale;
        break;
    }
    default: break;
    }
    return (mlp_real)(lr * warm);
}

/* >>fit =====================================================================
   Early stopping (the slides; Prechelt 1998): the validation loss is noisy,
   so training stops only after `patience` epochs in a row without an
   improvement larger than min_delta, and the weights of the best epoch are
   put back. Those weights are kept in a copy made when the best epoch
   happens (allocated once, on the first improvement). */
MLPDEF mlp_fit_opts mlp_fit_defaults(void)
{
    mlp_fit_opts o;
    memset(&o, 0, sizeof o);
    o.epochs = 100;
    o.batch_size = 32;
    o.restore_best = 1;
    return o;
}

/* Copy every W and b of `from` into `to` (a list of 2 n_layers matrices). */
static int mlp__snapshot(mlp_mat *to, const mlp_net *from)
{
    int l, status;
    for (l = 0; l < from->n_layers; l++)
        if ((status = mlp_mat_copy(&to[2 * l], &from->layers[l].W)) || (status = mlp_mat_copy(&to[2 * l + 1], &from->layers[l].b)))
            return status;
    return MLP_OK;
}

MLPDEF int mlp_fit(mlp_net *net, mlp_optim *opt, const mlp_mat *X, const mlp_mat *Y, mlp_rng *rng, mlp_fit_opts *o)
{
    mlp_real base_lr = opt->lr, train_loss = 0, val_loss = 0;
    mlp_mat *best = NULL;
    int epoch, l, status = MLP_OK, wait = 0, have_val = o->X_val != NULL;
    if (o->epochs < 0 || (have_val != (o->Y_val != NULL)) || o->patience < 0) {
        mlp__misuse("mlp_fit: needs epochs >= 0, patience >= 0, and X_val and Y_val both set or both NULL");
        return MLP_ERR_DATA;
    }
    if (have_val && !mlp__check_dataset("mlp_fit (validation set)", net, o->X_val, o->Y_val)) return MLP_ERR_DATA;
    o->epochs_run = o->best_epoch = o->stopped_early = 0;
    o->best_val_loss = 0;
    if (have_val && o->restore_best) {
        best = (mlp_mat *)MLP_REALLOC(NULL, 2 * (size_t)net->n_layers * sizeof *best);
        if (!best) return mlp__fail(MLP_ERR_NOMEM, "mlp_fit: out of memory for a copy of the best weights");
        memset(best, 0, 2 * (size_t)net->n_layers * sizeof *best);
    }
    for (epoch = 0; epoch < o->epochs; epoch++) {
        if (o->schedule) opt->lr = mlp_schedule_lr(o->schedule, base_lr, epoch);
        if ((status = mlp_train_epoch(net, opt, X, Y, o->batch_size, rng, &train_loss))) break;
        if (have_val && (status = mlp_evaluate(net, o->X_val, o->Y_val, &val_loss))) break;
        o->epochs_run = epoch + 1;
        if (o->train_loss) o->train_loss[epoch] = train_loss;
        if (o->val_loss) o->val_loss[epoch] = val_loss;
        if (o->log) {
            fprintf(o->log, "epoch %4d  lr %-10.4g train loss %.6g", epoch + 1, (double)opt->lr, (double)train_loss);
            if (have_val) fprintf(o->log, "  validation loss %.6g", (double)val_loss);
            fprintf(o->log, "\n");
        }
        if (!have_val) continue;
        if (o->best_epoch == 0 || val_loss < o->best_val_loss - o->min_delta) {
            o->best_epoch = epoch + 1;
            o->best_val_loss = val_loss;
            wait = 0;
            if (best && (status = mlp__snapshot(best, net))) break;
        } else if (o->patience > 0 && ++wait >= o->patience) {
            o->stopped_early = 1;
            break;
        }
    }
    if (o->schedule) opt->lr = base_lr; /* the optimizer keeps its base rate */
    if (best) {
        if (status == MLP_OK && o->best_epoch > 0)
            for (l = 0; l < net->n_layers; l++) {
                mlp_mat_copy(&net->layers[l].W, &best[2 * l]); /* same shapes: cannot fail */
                mlp_mat_copy(&net->layers[l].b, &best[2 * l + 1]);
            }
        for (l = 0; l < 2 * net->n_layers; l++) mlp_mat_free(&best[l]);
        MLP_FREE(best);
    }
    return status;
}

/* >>gradcheck ===============================================================
   The central difference (L(p + h) - L(p - h)) / 2h approximates dL/dp with
   error of order h^2 L''' (truncation) plus eps L / h (rounding of the two
   losses, eps = 2.2e-16 in double, 1.2e-7 in float). The two balance near
   h = eps^(1/3): 1e-5 in double (total error ~1e-10) and 1e-2 in float
   (~1e-5). A relative error means nothing for a gradient smaller than that
   noise, so the denominator is at least `floor` (1e-4 in double, 1e-2 in
   float): small gradients are judged by their absolute error.
   We divide by the step actually taken, (p + h) - (p - h) as rounded, not
   by 2h: that removes the rounding of p + h from the estimate. */
MLPDEF mlp_real mlp_grad_check(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real h, mlp_gradcheck *worst)
{
    const int is_float = sizeof(mlp_real) == sizeof(float);
    const mlp_real floor_ = is_float ? (mlp_real)1e-2 : (mlp_real)1e-4;
    mlp_gradcheck w;
    int l, which;
    memset(&w, 0, sizeof w);
    if (h <= 0) h = is_float ? (mlp_real)1e-2 : (mlp_real)1e-5;
    if (!mlp__check_dataset("mlp_grad_check", net, X, Y)) return 0;
    if (!mlp_forward(net, X)) return (mlp_real)NAN;
    mlp_zero_grad(net);
    if (mlp_backward(net, Y)) return (mlp_real)NAN;
    net->keep_masks = 1; /* with dropout: every perturbed forward uses the same masks */
    for (l = 0; l < net->n_layers; l++)
        for (which = 0; which < 2; which++) {
            mlp_layer *layer = &net->layers[l];
            mlp_mat *P = which ? &layer->b : &layer->W, *G = which ? &layer->db : &layer->dW;
            size_t k, n = (size_t)P->rows * P->cols;
            for (k = 0; k < n; k++) {
                mlp_real old = P->data[k], up = old + h, down = old - h, Lup, Ldown, num, ana, den, rel;
                P->data[k] = up;
                mlp_forward(net, X);
                Lup = mlp_loss(net, Y);
                P->data[k] = down;
                mlp_forward(net, X);
                Ldown = mlp_loss(net, Y);
                P->data[k] = old; /* restored exactly */
                num = (Lup - Ldown) / (up - down);
                ana = G->data[k];
                den = mlp__fabs(ana) > mlp__fabs(num) ? mlp__fabs(ana) : mlp__fabs(num);
                if (den < floor_) den = floor_;
                rel = mlp__fabs(ana - num) / den;
                /* keep the worst; a NaN is worse than any number, and stays */
                if (w.n_checked == 0 || rel > w.max_rel_err || (rel != rel && w.max_rel_err == w.max_rel_err)) {
                    w.max_rel_err = rel;
                    w.layer = l;
                    w.is_bias = which;
                    w.row = (int)(k / (size_t)P->cols);
                    w.col = (int)(k % (size_t)P->cols);
                    w.analytic = ana;
                    w.numeric = num;
                }
                w.n_checked++;
            }
        }
    mlp_forward(net, X); /* leave the cached values of the unperturbed network */
    net->keep_masks = 0;
    if (worst) *worst = w;
    return w.max_rel_err;
}

/* >>diagnostics ============================================================= */

MLPDEF mlp_layer_stats mlp_layer_statistics(const mlp_layer *layer)
{
    mlp_layer_stats st;
    size_t k, n = (size_t)layer->A.rows * layer->A.cols;
    double sum = 0, sum2 = 0;
    int i, j, dead = 0;
    memset(&st, 0, sizeof st);
    for (k = 0; k < n; k++) {
        sum += (double)layer->A.data[k];
        sum2 += (double)layer->A.data[k] * (double)layer->A.data[k];
    }
    if (n) {
        st.a_mean = (mlp_real)(sum / n);
        st.a_var = (mlp_real)(sum2 / n - (sum / n) * (sum / n));
    }
    if ((layer->act == MLP_RELU || layer->act == MLP_LEAKY_RELU) && layer->Z.rows > 0) {
        for (j = 0; j < layer->Z.cols; j++) {
            for (i = 0; i < layer->Z.rows; i++)
                if (layer->Z.data[(size_t)i * layer->Z.cols + j] > 0) break;
            dead += i == layer->Z.rows; /* z <= 0 for every sample */
        }
        st.dead_fraction = (mlp_real)dead / (mlp_real)layer->Z.cols;
    }
    st.w_norm = mlp__sqrt(mlp__sum_squares(&layer->W));
    st.dw_norm = mlp__sqrt(mlp__sum_squares(&layer->dW));
    st.db_norm = mlp__sqrt(mlp__sum_squares(&layer->db));
    return st;
}

/* The gradient of every parameter, flattened layer by layer (W then b), into g. */
static void mlp__flat_grad(const mlp_net *net, mlp_real *g)
{
    int l;
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *layer = &net->layers[l];
        size_t nw = (size_t)layer->dW.rows * layer->dW.cols;
        memcpy(g, layer->dW.data, nw * sizeof *g);
        memcpy(g + nw, layer->db.data, (size_t)layer->db.cols * sizeof *g);
        g += nw + (size_t)layer->db.cols;
    }
}

/* The other way: a flattened gradient g back into every dW and db. */
static void mlp__set_flat_grad(mlp_net *net, const mlp_real *g)
{
    int l;
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *layer = &net->layers[l];
        size_t nw = (size_t)layer->dW.rows * layer->dW.cols;
        memcpy(layer->dW.data, g, nw * sizeof *g);
        memcpy(layer->db.data, g + nw, (size_t)layer->db.cols * sizeof *g);
        g += nw + (size_t)layer->db.cols;
    }
}

/* 1. grad J into full (P numbers): the gradient of the mean loss over all N
   samples, summed over chunks of 256 as (chunk size / N) times the chunk's
   mean gradient. gb is room for one more gradient. */
static int mlp__full_gradient(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, mlp_real *full, mlp_real *gb, size_t P)
{
    const int N = X->rows;
    int start, status;
    size_t k;
    for (k = 0; k < P; k++) full[k] = 0;
    for (start = 0; start < N; start += 256) {
        int b = N - start < 256 ? N - start : 256;
        mlp_mat xv = mlp_mat_view(b, X->cols, X->data + (size_t)start * X->cols);
        mlp_mat yv = mlp_mat_view(b, Y->cols, Y->data + (size_t)start * Y->cols);
        if (!mlp_forward(net, &xv)) return MLP_ERR_NOMEM;
        mlp_zero_grad(net);
        if ((status = mlp_backward(net, &yv))) return status;
        mlp__flat_grad(net, gb);
        for (k = 0; k < P; k++) full[k] += (mlp_real)b / (mlp_real)N * gb[k];
    }
    return MLP_OK;
}

/* 2. The mini-batches an epoch would use (mlp_train_epoch's shuffle and
   batches): *sum_sq = the sum over batches of || grad J_b - grad J ||^2,
   *n_batches how many there were. gb is room for one gradient. */
static int mlp__batch_deviations(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, int batch_size, mlp_rng *rng,
                                 const mlp_real *full, mlp_real *gb, size_t P, double *sum_sq, int *n_batches)
{
    const int N = X->rows;
    int start, status;
    size_t k;
    if ((status = mlp__perm_room(net, N, "mlp_gradient_noise"))) return status;
    mlp__shuffle(net, N, rng);
    for (start = 0; start < N; start += batch_size) {
        int b = N - start < batch_size ? N - start : batch_size;
        double d2 = 0;
        if ((status = mlp__load_batch(net, X, Y, start, b))) return status;
        if (!mlp_forward(net, &net->batch_X)) return MLP_ERR_NOMEM;
        mlp_zero_grad(net);
        if ((status = mlp_backward(net, &net->batch_Y))) return status;
        mlp__flat_grad(net, gb);
        for (k = 0; k < P; k++) d2 += ((double)gb[k] - (double)full[k]) * ((double)gb[k] - (double)full[k]);
        *sum_sq += d2;
        (*n_batches)++;
    }
    return MLP_OK;
}

MLPDEF int mlp_gradient_noise(mlp_net *net, const mlp_mat *X, const mlp_mat *Y, int batch_size, mlp_rng *rng,
                              mlp_real *grad_norm_sq, mlp_real *batch_variance)
{
    size_t P, k;
    mlp_real *full, *gb;
    double norm_sq = 0, var = 0;
    int training = net->training, status, n_batches = 0;
    if (!mlp__check_dataset("mlp_gradient_noise", net, X, Y)) return MLP_ERR_DATA;
    if (batch_size < 1) {
        mlp__misuse("mlp_gradient_noise: batch_size must be >= 1, got %d", batch_size);
        return MLP_ERR_DATA;
    }
    P = (size_t)mlp_net_param_count(net);
    full = (mlp_real *)MLP_REALLOC(NULL, 2 * P * sizeof *full);
    if (!full) return mlp__fail(MLP_ERR_NOMEM, "mlp_gradient_noise: out of memory for 2 x %lu gradients", (unsigned long)P);
    gb = full + P;
    net->training = 0;
    status = mlp__full_gradient(net, X, Y, full, gb, P);
    if (!status) {
        for (k = 0; k < P; k++) norm_sq += (double)full[k] * (double)full[k];
        status = mlp__batch_deviations(net, X, Y, batch_size, rng, full, gb, P, &var, &n_batches);
    }
    net->training = training;
    if (!status) { /* leave grad J in dW, db */
        mlp__set_flat_grad(net, full);
        if (grad_norm_sq) *grad_norm_sq = (mlp_real)norm_sq;
        if (batch_variance) *batch_variance = (mlp_real)(var / n_batches);
    }
    MLP_FREE(full);
    return status;
}

/* ==========================================================================
   APPENDICES
   The teaching path ends here. What follows makes mlp.h fast and useful
   without changing a single result of the code above.
   ========================================================================== */


/* >>fast ====================================================================
   APPENDIX A. Fast products: register tiles, packing, run-time dispatch.

   Why it exists. Z = X W (forward), dW = X^T dZ and dX = dZ W^T (backward)
   are where a network spends its time: for a 784-128 layer and a batch of 32
   each is 3.2 million multiply-adds, against 4096 activations. The reference
   loops of >>matrix leave most of the processor idle: on one AMD EPYC core,
   gcc 12 -O2, for that layer and batch, they ran at 0.9-1.4 GFLOP/s, and the
   code below at 13-17 (with AVX; more figures at the end of this comment).
   It also runs a few other loops of every training step a vector at a time.

   What it promises: the same bits. Each function here does the work of a
   plain loop of the teaching path, named where it is defined, with the same
   operations on every number in the same order (THE REFERENCE ORDER, in
   >>matrix). The teaching path calls it in one line, before that loop:
       if (MLP__FAST_PATHS && mlp__fast_product(C, A, 0, B, 0, accumulate)) return;
   With MLP_REFERENCE_LOOPS (`make debug`) MLP__FAST_PATHS is 0, none of this
   code runs, and the plain loops do all the work. tests/test_kernels.c checks
   every product against the reference loops with ==, at many odd shapes, and
   tests/same_bits.sh compares whole builds, that one included.

   Making it fast means doing the SAME arithmetic with better memory access,
   in four steps (the same four a tuned BLAS takes, without its assembly):

   1. Vectorize across j, never across k. C[i][j] and C[i][j+1] are separate
      sums; one vector instruction advances 2, 4 or 8 of them (one per lane),
      each still in the order k = 0, 1, ... . Vectorizing one dot product
      across k instead would need partial sums added at the end: a different
      order and a result that depends on the vector width.

   2. Keep a tile of C in registers. The micro-kernel holds MR = 6 rows by
      NR = 2 vectors of C in 12 accumulators for a whole run of k; at each k
      it loads 2 vectors of b(k, .) and 6 numbers a(., k), and does 12 vector
      multiplies and 12 vector adds. Each number loaded is used 2 or 6 times,
      and C is read and written once per run instead of once per k. Twelve
      independent sums also hide the adder's latency: an add waits 3-4 cycles
      for the previous add to the same sum, and the others fill the gap.
      (gcc 12 at -O2 does not vectorize loops by itself, and neither compiler
      reliably keeps an array of accumulators in registers; so the tile is
      twelve named variables of a vector type, see mlp__vec.)

   3. Pack a panel of B. Before the kernel sweeps down the rows of A, the
      kc x NR block b(k0.., j0..) it will read at every row is copied into a
      small contiguous buffer on the stack (zeros past the last column of C).
      This is the only place where the three products differ: for B it copies
      pieces of rows, for B^T pieces of columns (a small transpose), so one
      kernel serves all three, and A^T needs no copy at all because the
      kernel reads a(i,k) one number at a time, with any strides. (When C
      has few rows, the copy would not be paid back, and pieces of rows of B
      are read where they are.)

   4. Block k for the cache. k runs in blocks of at most MLP__KC = 256: the
      packed panel (8 or 16 KB) stays in the L1 cache while every row of A
      passes by. Between blocks the tile goes back to C and is reloaded, which
      changes no value: the order is still k = 0, 1, ..., n-1.

   A cheaper trick for A B^T splits each dot product into 4 partial sums
   (k mod 4) added in a fixed order: reproducible too, but scalar, and a
   second order to document. Measured on one core with gcc 12 -O2 (see
   bench/README.md): plain loops in the cache-friendly i-k-j order ran at 2-7
   GFLOP/s, the 4 partial sums at 11-13; these tiles run at about 15 (double)
   and 30 (float) GFLOP/s with the x86-64 baseline's 16-byte vectors, 30-40
   and 60-80 with 32-byte AVX vectors (OpenBLAS, which uses FMA: about 50 and
   100).

   Speed never changes the numbers: the vector width (16 or 32 bytes, chosen
   at run time, see mlp__kernel_pick) only changes how many lanes run at
   once. With MLP_USE_CBLAS the products go to a BLAS instead
   (cblas_dgemm/sgemm): faster on large matrices, but in the BLAS's own
   order, so the last bits differ from the plain build. */

/* A vector of mlp_real: 2 or 4 doubles, 4 or 8 floats. gcc and clang (and
   g++) define +, * between vectors, and between a number and a vector (the
   number is used in every lane), so the kernel reads like scalar code.
   mlp__vec is the width the compiler was told it may use: 16 bytes at the
   x86-64 baseline (SSE2; also ARM NEON), 32 bytes when AVX is enabled at
   compile time (-mavx2, -march=native). Other compilers, MLP__NO_VECTORS
   (used by the tests) and MLP_REFERENCE_LOOPS get a "vector" of one number:
   the same code, the same order, scalar instructions.
   Almost every x86-64 machine of the last ten years has AVX, but a program
   built for the baseline may not assume it. So on x86 with gcc or clang the
   kernel (and tanh, Appendix B) is compiled twice: once for mlp__vec, and
   once more for 32-byte vectors with __attribute__((target("avx"))), which
   lets the compiler use AVX in those functions only. At run time
   mlp__kernel_pick asks the processor (__builtin_cpu_supports) and takes the
   wider copy when it can. AVX brings no FMA instruction, so the copy cannot
   contract a*b + c whatever the flags; and since the width never changes the
   order of a sum, both copies give the same bits (tests/test_kernels.c runs
   every product through each copy; tests/same_bits.sh compares whole
   builds). MLP_NO_DISPATCH keeps only the first copy. Not 64 bytes with
   AVX-512: the tile is sized for 16 vector registers, and on the machine the
   benchmarks ran on 64-byte vectors were no faster (see bench/README.md). */
/* 32-bit x86 without SSE2 arithmetic (gcc -m32's default) computes with the
   x87 unit in long double (__FLT_EVAL_METHOD__ 2), which vectors of double
   cannot follow: there the one-number path is used. */
#if defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ != 0 && !defined(MLP__NO_VECTORS)
#define MLP__NO_VECTORS 1
#endif
#if (defined(__GNUC__) || defined(__clang__)) && !defined(MLP__NO_VECTORS) && !defined(MLP_REFERENCE_LOOPS)
#define MLP__VECTORS 1
#if defined(__AVX__)
typedef mlp_real mlp__vec __attribute__((vector_size(32)));
#else
typedef mlp_real mlp__vec __attribute__((vector_size(16)));
#if (defined(__x86_64__) || defined(__i386__)) && !defined(MLP_NO_DISPATCH)
#define MLP__AVX_AT_RUN_TIME 1
typedef mlp_real mlp__vec_avx __attribute__((vector_size(32)));
#endif
#endif
#else
typedef mlp_real mlp__vec;
#endif

enum {
    MLP__VL = (int)(sizeof(mlp__vec) / sizeof(mlp_real)), /* lanes of mlp__vec */
    MLP__MR = 6,                                          /* rows of the register tile */
    MLP__NR_MAX = 2 * 32 / (int)sizeof(mlp_real),         /* columns of the widest tile: 2 vectors of 32 bytes */
    MLP__KC = 256                                         /* k steps per packed panel */
};

/* One text, several copies. C has no templates, so the code that must exist
   once per vector type (the kernel here, tanh's lanes in Appendix B) is
   written once, as ordinary lines between `#if MLP__COPY == ...` and
   `#endif`, and compiled by mlp.h including itself (MLP_HEADER_FILE) with
   mlp__vec defined as the type wanted: everything else in the file is
   skipped then, and every copy has the real line numbers of the one text,
   for gdb and for the compiler's messages. The first copy is for mlp__vec;
   the AVX copy renames every function and type of the text with #defines
   (mlp__vec -> mlp__vec_avx, mlp__kernel_6xNR -> mlp__kernel_6xNR_avx, ...),
   so that both copies exist side by side, and MLP__TARGET gives its
   functions __attribute__((target("avx"))). The segments of ordinary code
   are bracketed by `#if defined(MLP__IMPLEMENTING) && !defined(MLP__COPY)`. */
#ifndef MLP_HEADER_FILE
#define MLP_HEADER_FILE "mlp.h"
#endif

#endif /* MLP__IMPLEMENTING: ordinary code pauses for the copy text below */

#if defined(MLP__COPY) && MLP__COPY == 1 /* ---- the kernel's text, compiled once per vector type ---------- */

/* Loads and stores of mlp__vec through memcpy: any alignment, no aliasing
   questions, and the compiler turns each into one vector load or store. */
static MLP__TARGET MLP__UNUSED mlp__vec mlp__vload(const mlp_real *p)
{
    mlp__vec v;
    memcpy(&v, p, sizeof v);
    return v;
}
static MLP__TARGET MLP__UNUSED void mlp__vstore(mlp_real *p, mlp__vec v) { memcpy(p, &v, sizeof v); }

/* The micro-kernel: the 6 x NR tile of C at c (row stride ldc) becomes
       tile (or 0 if zero) + sum over k < kc of a(r, k) * b[k * ldb + 0..NR-1]
   with a(r, k) = a[r * ars + k * acs] (so A and A^T are both just strides),
   NR = 2 vectors, and b either the packed panel (ldb = NR) or B itself, when
   NR neighbouring numbers of a row of B are what the kernel needs (ldb = p).
   Why 6 x 2 vectors: 12 accumulators + 2 vectors of b + 1 number of a = 15
   of the 16 vector registers of SSE2 and AVX2. Measured: 4 x 2 is 30% slower
   (fewer uses per load), 8 x 2 runs out of registers.
   At the bottom edge of C fewer than 6 rows are left (rows < 6): the missing
   rows then repeat the last real row of A, and the caller keeps only the
   real rows of the tile. Computing a few rows twice costs less than a second,
   slower kernel for the leftovers would. */
static MLP__TARGET MLP__UNUSED void mlp__kernel_6xNR(mlp_real *c, size_t ldc, int zero, const mlp_real *a, size_t ars,
                                                     size_t acs, int rows, const mlp_real *b, size_t ldb, int kc)
{
    const size_t last = (size_t)rows - 1, vl = sizeof(mlp__vec) / sizeof(mlp_real); /* numbers per vector */
    const mlp_real *a0 = a, *a1 = a + (1 < rows ? 1 : last) * ars, *a2 = a + (2 < rows ? 2 : last) * ars,
                   *a3 = a + (3 < rows ? 3 : last) * ars, *a4 = a + (4 < rows ? 4 : last) * ars,
                   *a5 = a + (5 < rows ? 5 : last) * ars;
    mlp__vec c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, b0, b1;
    int k;
    if (zero) {
        memset(&c00, 0, sizeof c00); /* all bits zero is +0.0 in every lane */
        c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c00;
    } else {
        c00 = mlp__vload(c);           c01 = mlp__vload(c + vl);
        c10 = mlp__vload(c + ldc);     c11 = mlp__vload(c + ldc + vl);
        c20 = mlp__vload(c + 2 * ldc); c21 = mlp__vload(c + 2 * ldc + vl);
        c30 = mlp__vload(c + 3 * ldc); c31 = mlp__vload(c + 3 * ldc + vl);
        c40 = mlp__vload(c + 4 * ldc); c41 = mlp__vload(c + 4 * ldc + vl);
        c50 = mlp__vload(c + 5 * ldc); c51 = mlp__vload(c + 5 * ldc + vl);
    }
    for (k = 0; k < kc; k++) {
        mlp_real x; /* a(r, k), row by row */
        b0 = mlp__vload(b); /* b(k, j0 .. j0+NR-1) */
        b1 = mlp__vload(b + vl);
        x = *a0; c00 += x * b0; c01 += x * b1; /* c = c + a*b, in every lane */
        x = *a1; c10 += x * b0; c11 += x * b1;
        x = *a2; c20 += x * b0; c21 += x * b1;
        x = *a3; c30 += x * b0; c31 += x * b1;
        x = *a4; c40 += x * b0; c41 += x * b1;
        x = *a5; c50 += x * b0; c51 += x * b1;
        a0 += acs; a1 += acs; a2 += acs; a3 += acs; a4 += acs; a5 += acs;
        b += ldb;
    }
    mlp__vstore(c, c00);           mlp__vstore(c + vl, c01);
    mlp__vstore(c + ldc, c10);     mlp__vstore(c + ldc + vl, c11);
    mlp__vstore(c + 2 * ldc, c20); mlp__vstore(c + 2 * ldc + vl, c21);
    mlp__vstore(c + 3 * ldc, c30); mlp__vstore(c + 3 * ldc + vl, c31);
    mlp__vstore(c + 4 * ldc, c40); mlp__vstore(c + 4 * ldc + vl, c41);
    mlp__vstore(c + 5 * ldc, c50); mlp__vstore(c + 5 * ldc + vl, c51);
}

#endif /* MLP__COPY == 1 */

#if defined(MLP__IMPLEMENTING) && !defined(MLP__COPY) /* ordinary code again */

/* The kernel's copies: the text above, compiled for mlp__vec and, on x86
   with gcc or clang, once more for 32-byte AVX vectors. */
#define MLP__COPY 1
#define MLP__TARGET
#include MLP_HEADER_FILE
#undef MLP__TARGET
#ifdef MLP__AVX_AT_RUN_TIME
#define MLP__TARGET __attribute__((target("avx")))
#define mlp__vec mlp__vec_avx
#define mlp__vload mlp__vload_avx
#define mlp__vstore mlp__vstore_avx
#define mlp__kernel_6xNR mlp__kernel_6xNR_avx
#include MLP_HEADER_FILE
#undef MLP__TARGET
#undef mlp__vec
#undef mlp__vload
#undef mlp__vstore
#undef mlp__kernel_6xNR
#endif
#undef MLP__COPY

/* The copies of the kernel, and which one runs. mlp__kernel_choice is for
   the tests: -1 (the default) picks the widest the processor supports, and
   0, 1, ... force an entry of mlp__kernels (one the processor supports). */
typedef void (*mlp__kernel_fn)(mlp_real *c, size_t ldc, int zero, const mlp_real *a, size_t ars, size_t acs, int rows,
                               const mlp_real *b, size_t ldb, int kc);
typedef struct {
    mlp__kernel_fn run;
    int nr;           /* columns of its tile: 2 vectors */
    int avx;          /* 1 for the copies compiled with target("avx"), used only if the processor has AVX */
    const char *name; /* for mlp_kernel_name */
} mlp__kernel;
static const mlp__kernel mlp__kernels[] = {
#if !defined(MLP__VECTORS)
    {mlp__kernel_6xNR, 2 * MLP__VL, 0, "scalar, 6 x 2 tile"},
#elif defined(__AVX__)
    {mlp__kernel_6xNR, 2 * MLP__VL, 0, "32-byte vectors (AVX at compile time), 6 x 2 tile"},
#else
    {mlp__kernel_6xNR, 2 * MLP__VL, 0, "16-byte vectors, 6 x 2 tile"},
#endif
#ifdef MLP__AVX_AT_RUN_TIME
    {mlp__kernel_6xNR_avx, 2 * (int)(sizeof(mlp__vec_avx) / sizeof(mlp_real)), 1,
     "32-byte vectors (AVX, chosen at run time), 6 x 2 tile"},
#endif
};
enum { MLP__KERNELS = (int)(sizeof mlp__kernels / sizeof mlp__kernels[0]) };
static MLP__UNUSED int mlp__kernel_choice = -1;

/* 1 if this processor can run mlp__kernels[i]. */
static MLP__UNUSED int mlp__kernel_runs_here(int i)
{
    if (i < 0 || i >= MLP__KERNELS) return 0;
#ifdef MLP__AVX_AT_RUN_TIME
    if (mlp__kernels[i].avx) return __builtin_cpu_supports("avx") != 0;
#endif
    return 1;
}
static MLP__UNUSED const mlp__kernel *mlp__kernel_pick(void)
{
    int i;
    if (mlp__kernel_choice >= 0 && mlp__kernel_choice < MLP__KERNELS) return &mlp__kernels[mlp__kernel_choice];
    for (i = MLP__KERNELS - 1; i > 0 && !mlp__kernel_runs_here(i); i--) continue;
    return &mlp__kernels[i];
}
MLPDEF const char *mlp_kernel_name(void) { return mlp__kernel_pick()->name; }

/* One tile of C through the kernel: rows i0 .. i0+rows-1 (rows <= 6) and
   columns j0 .. j0+nc-1 (nc <= nr) of C (m x p), summing the kc terms of the
   block that a and b point at. At an edge of C (fewer than 6 rows or nr
   columns left) the kernel works on a copy of the tile padded to 6 x nr,
   and only the real part is copied back. */
static MLP__UNUSED void mlp__tile(const mlp__kernel *kernel, mlp_real *C, int p, int i0, int rows, int j0, int nc, int zero,
                                  const mlp_real *a, size_t ars, size_t acs, const mlp_real *b, size_t ldb, int kc)
{
    mlp_real edge[MLP__MR * MLP__NR_MAX];
    const int nr = kernel->nr;
    mlp_real *c = C + (size_t)i0 * p + j0, *t = c;
    size_t ldt = (size_t)p;
    int r;
    if (rows < MLP__MR || nc < nr) {
        t = edge;
        ldt = (size_t)nr;
        if (!zero) {
            memset(edge, 0, sizeof edge); /* the padding: computed, never stored */
            for (r = 0; r < rows; r++) memcpy(edge + r * nr, c + (size_t)r * p, (size_t)nc * sizeof(mlp_real));
        }
    }
    kernel->run(t, ldt, zero, a, ars, acs, rows, b, ldb, kc);
    if (t == edge)
        for (r = 0; r < rows; r++) memcpy(c + (size_t)r * p, edge + r * nr, (size_t)nc * sizeof(mlp_real));
}

/* Copy columns j0 .. j0+nc-1 of rows k0 .. k0+kc-1 of b(k, j) into panel
   (panel[k * nr + jj]), zeros past column nc. */
static MLP__UNUSED void mlp__pack(mlp_real *panel, int nr, const mlp_real *B, size_t bks, size_t bjs, int k0, int kc, int j0,
                                  int nc)
{
    int k, jj;
    if (bjs == 1) { /* pieces of rows of B: one short copy per k */
        for (k = 0; k < kc; k++) {
            memcpy(panel + k * nr, B + (size_t)(k0 + k) * bks + (size_t)j0, (size_t)nc * sizeof(mlp_real));
            for (jj = nc; jj < nr; jj++) panel[k * nr + jj] = 0;
        }
    } else { /* pieces of columns of B (for B^T): a small transpose */
        for (jj = 0; jj < nr; jj++) {
            const mlp_real *src = B + (size_t)k0 * bks + (size_t)(j0 + jj) * bjs;
            if (jj < nc)
                for (k = 0; k < kc; k++) panel[k * nr + jj] = src[(size_t)k * bks];
            else
                for (k = 0; k < kc; k++) panel[k * nr + jj] = 0;
        }
    }
}

/* C (m x p, row-major) (+)= the product with a(i,k) = A[i * ars + k * acs]
   and b(k,j) = B[k * bks + j * bjs], k < n, in the reference order. The three
   products call this with their strides:
       C = A B     a(i,k) = A[i][k]: ars = n, acs = 1;  b(k,j) = B[k][j]: bks = p, bjs = 1
       C = A^T B   a(i,k) = A[k][i]: ars = 1, acs = m;  b as for A B
       C = A B^T   a as for A B;                        b(k,j) = B[j][k]: bks = 1, bjs = n
   Loops, outside in: blocks of k (step 4), strips of NR columns of C (step 3:
   pack the panel once, if needed), tiles of 6 rows (step 2: the kernel). No
   allocation: the panel and an edge tile live on the stack (16 KB + 0.4 KB).
   One exception to the loop order, for A^T B when the block of B is small
   (dW = X^T dZ): see below. Neither order changes a sum: each element of C
   still adds its terms k = 0, 1, ... in order.
   (Unused, hence MLP__UNUSED, when MLP_USE_CBLAS sends the products to a BLAS
   and when MLP_REFERENCE_LOOPS keeps them in >>matrix.) */
static MLP__UNUSED void mlp__gemm(mlp_real *C, int m, int n, int p, const mlp_real *A, size_t ars, size_t acs,
                                  const mlp_real *B, size_t bks, size_t bjs, int accumulate)
{
    const mlp__kernel *kernel = mlp__kernel_pick();
    const int nr = kernel->nr;
    mlp_real panel[MLP__KC * MLP__NR_MAX]; /* panel[k * nr + jj] = b(k0 + k, j0 + jj), 0 past column p */
    int i0, j0, k0, kc, nc, rows;
    if (n == 0) { /* an empty sum: C = 0, or C unchanged */
        if (!accumulate)
            for (i0 = 0; i0 < m; i0++)
                for (j0 = 0; j0 < p; j0++) C[(size_t)i0 * p + j0] = 0;
        return;
    }
    for (k0 = 0; k0 < n; k0 += MLP__KC) {
        int zero = (k0 == 0 && !accumulate); /* the first block starts each sum from 0 */
        kc = n - k0 < MLP__KC ? n - k0 : MLP__KC;
        if (acs != 1 && bjs == 1 && (size_t)kc * (size_t)p * sizeof(mlp_real) <= 32 * 1024) {
            /* A^T B with a block of B that fits in the L1 cache: tiles of 6 rows
               outside, strips inside. A tile reads a(i, k) = A[k][i]: one number
               from each of kc rows of A, a row apart in memory; in the usual
               order those kc cache lines are fetched again for every strip, in
               this one they are fetched once and stay in the L1 cache while the
               tile sweeps along the row of C. B is read in place (it is small and
               stays in the cache too), except the last strip when it is narrower
               than nr: that one is copied into the panel once. */
            const int pfull = p - p % nr;
            if (pfull < p) mlp__pack(panel, nr, B, bks, bjs, k0, kc, pfull, p - pfull);
            for (i0 = 0; i0 < m; i0 += rows) {
                const mlp_real *a = A + (size_t)i0 * ars + (size_t)k0 * acs;
                rows = m - i0 < MLP__MR ? m - i0 : MLP__MR;
                for (j0 = 0; j0 < p; j0 += nr) {
                    nc = p - j0 < nr ? p - j0 : nr;
                    if (nc == nr)
                        mlp__tile(kernel, C, p, i0, rows, j0, nc, zero, a, ars, acs, B + (size_t)k0 * bks + (size_t)j0, bks, kc);
                    else
                        mlp__tile(kernel, C, p, i0, rows, j0, nc, zero, a, ars, acs, panel, (size_t)nr, kc);
                }
            }
            continue;
        }
        for (j0 = 0; j0 < p; j0 += nr) {
            const mlp_real *b = panel; /* what the kernel reads: b(k0 + k, j0 + jj) = b[k * ldb + jj] */
            size_t ldb = (size_t)nr;
            nc = p - j0 < nr ? p - j0 : nr;
            if (bjs == 1 && nc == nr && (m <= 8 * MLP__MR || (bks * sizeof(mlp_real)) % 256 != 0)) {
                /* Pieces of rows of B, and few rows of C to reuse a copy, or rows
                   of B that are not a multiple of 256 bytes apart: read B in place.
                   (A copy costs about as much as one sweep of the kernel; for many
                   rows it pays back when rows of B a power of two apart in memory
                   would compete for a few sets of the L1 cache, while the kc rows
                   of a panel fill it evenly.) */
                b = B + (size_t)k0 * bks + (size_t)j0;
                ldb = bks;
            } else
                mlp__pack(panel, nr, B, bks, bjs, k0, kc, j0, nc);
            for (i0 = 0; i0 < m; i0 += rows) {
                rows = m - i0 < MLP__MR ? m - i0 : MLP__MR;
                mlp__tile(kernel, C, p, i0, rows, j0, nc, zero, A + (size_t)i0 * ars + (size_t)k0 * acs, ars, acs, b, ldb, kc);
            }
        }
    }
}

#ifdef MLP_USE_CBLAS
/* The same product by a BLAS: C = alpha op(A) op(B) + beta C with alpha = 1
   and beta = 1 to accumulate, 0 to overwrite. Leading dimensions must be at
   least 1 even for empty matrices. */
#include <cblas.h>
static MLP__UNUSED void mlp__gemm_blas(mlp_real *C, int m, int n, int p, const mlp_real *A, int lda, int trans_a,
                                       const mlp_real *B, int ldb, int trans_b, int accumulate)
{
    enum CBLAS_TRANSPOSE ta = trans_a ? CblasTrans : CblasNoTrans, tb = trans_b ? CblasTrans : CblasNoTrans;
    if (m == 0 || p == 0) return;
    if (sizeof(mlp_real) == sizeof(float))
        cblas_sgemm(CblasRowMajor, ta, tb, m, p, n, 1.0f, (const float *)A, lda > 1 ? lda : 1, (const float *)B,
                    ldb > 1 ? ldb : 1, accumulate ? 1.0f : 0.0f, (float *)C, p);
    else
        cblas_dgemm(CblasRowMajor, ta, tb, m, p, n, 1.0, (const double *)A, lda > 1 ? lda : 1, (const double *)B,
                    ldb > 1 ? ldb : 1, accumulate ? 1.0 : 0.0, (double *)C, p);
}
#endif

/* The products' entry point, called by the reference loops of >>matrix with
   C already shaped: C (+)= op(A) op(B), op(A) = A^T if a_transposed, op(B) =
   B^T if b_transposed, as mlp__gemm's strides (or the BLAS's flags). */
static MLP__UNUSED int mlp__fast_product(mlp_mat *C, const mlp_mat *A, int a_transposed, const mlp_mat *B,
                                         int b_transposed, int accumulate)
{
    const int m = a_transposed ? A->cols : A->rows, n = a_transposed ? A->rows : A->cols;
    const int p = b_transposed ? B->rows : B->cols;
#ifdef MLP_USE_CBLAS
    mlp__gemm_blas(C->data, m, n, p, A->data, A->cols, a_transposed, B->data, B->cols, b_transposed, accumulate);
#else
    mlp__gemm(C->data, m, n, p, A->data, a_transposed ? 1 : (size_t)n, a_transposed ? (size_t)m : 1, B->data,
              b_transposed ? 1 : (size_t)p, b_transposed ? (size_t)n : 1, accumulate);
#endif
    return 1;
}

/* ---- the other loops of a training step, a vector at a time ---------------
   Each function below does what the plain loop after its call does, for
   MLP__VL numbers at once: every lane the same operations on its number, and
   a scalar loop for the last few. Each returns 1: it did the work. */

/* mlp_mat_add_row: c[j] = c[j] + row[j], on every row of C. */
static MLP__UNUSED int mlp__fast_add_row(mlp_mat *C, const mlp_mat *row)
{
    int i, j;
    for (i = 0; i < C->rows; i++) {
        mlp_real *c = C->data + (size_t)i * C->cols;
        for (j = 0; j + MLP__VL <= C->cols; j += MLP__VL) mlp__vstore(c + j, mlp__vload(c + j) + mlp__vload(row->data + j));
        for (; j < C->cols; j++) c[j] += row->data[j];
    }
    return 1;
}

/* mlp_mat_col_sums: s[j] = s[j] + A[i][j], for rows i = 0, 1, ... in order. */
static MLP__UNUSED int mlp__fast_col_sums(mlp_mat *s, const mlp_mat *A)
{
    int i, j;
    for (i = 0; i < A->rows; i++) {
        const mlp_real *a = A->data + (size_t)i * A->cols;
        for (j = 0; j + MLP__VL <= A->cols; j += MLP__VL) mlp__vstore(s->data + j, mlp__vload(s->data + j) + mlp__vload(a + j));
        for (; j < A->cols; j++) s->data[j] += a[j];
    }
    return 1;
}

/* mlp_mat_check_finite's quick test, 1 if every element of m is finite:
   x * 0 is 0 for every finite x and NaN for NaN and +-Inf, so the sums below
   are all exactly 0 if and only if every element is finite. There is no
   branch in the loop, and four vectors of sums (4 x MLP__VL numbers) keep four
   additions in flight (with one or two, each addition would wait for the one
   before: the loop would run at the adder's latency, not at the speed of
   memory). The order of these sums does not matter: every term is 0 or NaN.
   When it returns 0, mlp_mat_check_finite looks for the first culprit. */
static MLP__UNUSED int mlp__fast_all_finite(const mlp_mat *m)
{
    size_t k, n = (size_t)m->rows * m->cols;
    static const mlp_real zeros[MLP__VL] = {0};
    mlp__vec s0 = mlp__vload(zeros), s1 = s0, s2 = s0, s3 = s0;
    mlp_real s[MLP__VL], total = 0;
    int i;
    for (k = 0; k + 4 * MLP__VL <= n; k += 4 * MLP__VL) {
        s0 += mlp__vload(m->data + k) * 0;
        s1 += mlp__vload(m->data + k + MLP__VL) * 0;
        s2 += mlp__vload(m->data + k + 2 * MLP__VL) * 0;
        s3 += mlp__vload(m->data + k + 3 * MLP__VL) * 0;
    }
    for (; k < n; k++) total += m->data[k] * 0;
    s0 = (s0 + s1) + (s2 + s3); /* one store of one vector at the end: gcc then keeps the sums in registers */
    mlp__vstore(s, s0);
    for (i = 0; i < MLP__VL; i++) total += s[i];
    return total == 0;
}

/* x if keep is 1, +0 if keep is 0, exactly as keep ? x : 0, but without a
   jump: the bits of x are ANDed with all ones or all zeros. */
static MLP__UNUSED mlp_real mlp__keep(mlp_real x, int keep)
{
    if (sizeof(mlp_real) == sizeof(unsigned int)) {
        unsigned int u;
        memcpy(&u, &x, sizeof u);
        u &= 0u - (unsigned int)keep;
        memcpy(&x, &u, sizeof u);
    } else if (sizeof(mlp_real) == sizeof(unsigned long long)) {
        unsigned long long u;
        memcpy(&u, &x, sizeof u);
        u &= 0ull - (unsigned long long)keep;
        memcpy(&x, &u, sizeof u);
    } else
        x = keep ? x : 0;
    return x;
}

/* ReLU in mlp_act_forward (a = z > 0 ? z : 0) and mlp_act_backward
   (dz = z > 0 ? da : 0). The plain loops compile to a jump that the
   processor has to guess, and the sign of z is close to a coin toss: a wrong
   guess costs more than the rest of the work (measured: W3 of
   bench/README.md, about 20% of its training time). mlp__keep gives the same
   values without a jump. */
static MLP__UNUSED int mlp__fast_relu(mlp_real *a, const mlp_real *z, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) a[k] = mlp__keep(z[k], z[k] > 0);
    return 1;
}
static MLP__UNUSED int mlp__fast_relu_backward(mlp_real *dz, const mlp_real *da, const mlp_real *z, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) dz[k] = mlp__keep(da[k], z[k] > 0);
    return 1;
}

/* mlp__sgd_update without momentum or penalties: p <- p - lr g. */
static MLP__UNUSED int mlp__fast_sgd(mlp_real *p, const mlp_real *grad, mlp_real lr, size_t n)
{
    size_t k;
    for (k = 0; k + MLP__VL <= n; k += MLP__VL) mlp__vstore(p + k, mlp__vload(p + k) - lr * mlp__vload(grad + k));
    for (; k < n; k++) p[k] = p[k] - lr * grad[k];
    return 1;
}

/* The square root of every lane. +, -, *, / work on vectors, but GNU C has
   no vector sqrt; one sqrt per lane gives the same, correctly rounded,
   results (the compiler turns it into one square-root instruction per lane). */
#if defined(MLP__VECTORS) && defined(__AVX__)
typedef float mlp__v8f __attribute__((vector_size(32)));
typedef double mlp__v4d __attribute__((vector_size(32)));
#define MLP__AVX_SQRT 1
#elif defined(MLP__VECTORS) && defined(__SSE2__)
typedef float mlp__v4f __attribute__((vector_size(16)));
typedef double mlp__v2d __attribute__((vector_size(16)));
#define MLP__SSE_SQRT 1
#endif
static MLP__UNUSED mlp__vec mlp__vsqrt(mlp__vec v)
{
    mlp_real t[MLP__VL];
    int i;
    /* x86 has a vector square root (SSE2 for 16-byte vectors, AVX for 32):
       the same results, all lanes in one instruction */
#if defined(MLP__AVX_SQRT)
    if (sizeof(mlp_real) == sizeof(float)) return (mlp__vec)__builtin_ia32_sqrtps256((mlp__v8f)v);
    return (mlp__vec)__builtin_ia32_sqrtpd256((mlp__v4d)v);
#elif defined(MLP__SSE_SQRT)
    if (sizeof(mlp_real) == sizeof(float)) return (mlp__vec)__builtin_ia32_sqrtps((mlp__v4f)v);
    return (mlp__vec)__builtin_ia32_sqrtpd((mlp__v2d)v);
#endif
    mlp__vstore(t, v);
    for (i = 0; i < MLP__VL; i++) t[i] = mlp__sqrt(t[i]);
    return mlp__vload(t);
}

/* mlp__adam_update without penalties: m, v and p by Adam's rule. */
static MLP__UNUSED int mlp__fast_adam(mlp_real *p, mlp_real *m, mlp_real *v, const mlp_real *grad, size_t n, mlp_real b1,
                                      mlp_real b2, mlp_real eps, mlp_real step_size, mlp_real bc2_sqrt)
{
    size_t k;
    for (k = 0; k + MLP__VL <= n; k += MLP__VL) {
        const mlp__vec g = mlp__vload(grad + k);
        const mlp__vec mk = b1 * mlp__vload(m + k) + (1 - b1) * g;
        const mlp__vec vk = b2 * mlp__vload(v + k) + (1 - b2) * (g * g);
        mlp__vstore(m + k, mk);
        mlp__vstore(v + k, vk);
        mlp__vstore(p + k, mlp__vload(p + k) - step_size * (mk / (mlp__vsqrt(vk) / bc2_sqrt + eps)));
    }
    for (; k < n; k++) {
        const mlp_real g = grad[k];
        m[k] = b1 * m[k] + (1 - b1) * g;
        v[k] = b2 * v[k] + (1 - b2) * (g * g);
        p[k] = p[k] - step_size * (m[k] / (mlp__sqrt(v[k]) / bc2_sqrt + eps));
    }
    return 1;
}

/* >>tanh ====================================================================
   APPENDIX B. tanh computed here, a vector of numbers at a time.

   Why it exists. A tanh layer needs one tanh per unit and sample. libm's
   tanh, called one number at a time, took about half the training time of a
   small tanh network (W2 in bench/README.md), so mlp.h computes tanh itself:
   for a whole array, several numbers at once in the lanes of a vector
   (mlp__vec, see >>fast). The teaching path calls it in one line, in
   mlp_act_forward and mlp_tanh.

   What it promises: the same bits in every build, whatever the vector width,
   one number at a time included (that is how the build with
   MLP_REFERENCE_LOOPS runs it), within 1.4 ulp of the true tanh (figures
   below). Not the same bits as libm's tanh, which differs between libraries
   anyway: the tanh of mlp.h is this one.

   The method. tanh is odd, so the work is done on x = |z| and the sign of z
   is put back at the end (so that tanh(-0) = -0). Two formulas cover x >= 0:

   - x < 0.55: tanh x = x + x^3 P(x^2), with P a polynomial of degree 4
     (float) or 10 (double). The Taylor series x - x^3/3 + 2x^5/15 - ... would
     need more terms for the same accuracy; P is instead fitted to make the
     largest relative error over [0, 0.55] as small as possible
     (tools/fit_tanh.py computes its coefficients). The correction x^3 P is
     less than a tenth of x, so its rounding errors hardly show, and a tiny x
     (even a subnormal one) gives exactly x.

   - x >= 0.55: tanh x = (e^2x - 1) / (e^2x + 1) = 1 - 2 / (e^2x + 1). The
     subtraction from 1 is why this formula is not used below 0.55: there
     tanh x is small, and the rounding error of 2 / (e^2x + 1), a fraction of
     an ulp of a number near 1/2, would be many ulps of the result. From
     x = 0.5493 on, tanh x >= 1/2, whose ulp is at least that of the quotient,
     and the error stays below 1.5 ulp. The switch is at 0.55, just above.

   e^y, y = 2x (exact), is computed here too. Write y = n ln 2 + r with n the
   integer nearest to y / ln 2; then e^y = 2^n e^r, with |r| <= (ln 2)/2:
   - n: y log2(e) + 1.5*2^52 lies between 2^52 and 2^53, where the spacing of
     doubles is exactly 1, so this addition rounds to an integer; subtracting
     1.5*2^52 again gives n exactly. (Float: 1.5*2^23.)
   - r = (y - n ln2_hi) - n ln2_lo, with ln 2 = ln2_hi + ln2_lo split so that
     ln2_hi has only 32 significant bits (float: 16): n ln2_hi is exact for
     every n met here (n <= 56), so is y - n ln2_hi (two close numbers), and
     the small remainder n ln2_lo adds the rest of ln 2 with an error far
     below r's ulp (the Cody-Waite reduction).
   - e^r - 1 = r + r^2 Q(r), Q of degree 9 (float: 4), fitted like P.
   - Rather than e^y itself, the code forms (e^y + 1) / 2^n = (1 + 2^-n) +
     (e^r - 1): 1 + 2^-n is exact, e^r - 1 is small, so the sum has a
     single rounding that matters. 2^-n is the number whose exponent field
     holds 1023 - n (float: 127 - n) and whose significand bits are 0, built
     from the bits of n; multiplying by it is exact. So
         tanh x = 1 - (2 / ((1 + 2^-n) + (e^r - 1))) 2^-n.
   For x > 19.06 (float: 9.01), 2 / (e^2x + 1) is below half an ulp of 1 and
   tanh x rounds to 1. x is clamped at 19.5 (float: 9.5), which gives exactly
   1 and keeps every step in range, also for z = +-inf (tanh = +-1). A NaN
   passes the clamp (any comparison with a NaN is false) and every operation
   after it, and comes out as a NaN.

   Lanes. A vector computes both formulas in every lane and keeps, per lane,
   the one that applies: mlp__vselect picks with the bits of a comparison, not
   with a jump. The few operations on bits (|z|, the sign, 2^-n, the choice)
   are small helpers, written once for vectors (whose lanes are integers of
   the width of mlp_real) and once for one number (the MLP__NO_VECTORS build).

   Reproducible. Every lane does the same IEEE operations in the same order,
   and each +, -, *, / rounds to nearest the same way on every machine, so a
   lane's result depends on its own z only: not on the vector width (16 or 32
   bytes, or one number), the compiler, C or C++, or -O0 or -O2. The end of
   an array and mlp_tanh(z), a "block" of one number, run the same code (see
   mlp__tanh_block). What would break it: libm (its tanh differs between
   libraries and versions), contracting p * s + c into one fused multiply-add
   (one rounding instead of two, in some builds and not others: hence
   -ffp-contract=off, see >>matrix), or -ffast-math (which lets the compiler
   reorder and replace operations, e.g. 2 / d by 2 * (1 / d)).
   tools/tanh_accuracy.c --digest prints a hash of the results at all floats
   (or 1.3e7 doubles): the same from gcc and clang at -O0 and -O2, through
   both copies of the code in the default build (16-byte vectors, and
   32-byte AVX vectors chosen at run time: see "Two copies, one text"
   below), with MLP_NO_DISPATCH, -mavx2 and -march=native, with
   MLP__NO_VECTORS and as C++.

   Accuracy (tools/tanh_accuracy.c; an ulp is the spacing of floating-point
   numbers at the true result; a correctly rounded result is within 1/2 ulp):
     float:  all 2^31 - 2^23 + 1 non-negative floats, against tanh in double:
             max error 1.35 ulp (at x = 0.5563); 99.85% correctly rounded.
     double: 1.33e7 points in [0, 20] (uniform, log-uniform from 2^-40, and
             around 0.55 and 19.06), against tanhl (long double): max error
             1.37 ulp (at x = 0.55); in the uniform sample 98.9% correctly
             rounded.
   The largest errors are just above the switch, as explained above.

   Speed (tools/tanh_accuracy.c --speed: n = 2048, one core of an AMD EPYC at
   2.6 GHz; ns per number, medians of 5 runs, and in brackets libm's tanh
   called in a loop):
     default flags, 16-byte copy:           double 5.8 (10.2), float 1.9 (11.2)
     default flags, AVX copy (run time):    double 2.9,        float 1.0
     -march=native (32-byte vectors):       double 2.7 (10.3), float 0.9 (11.3)
   Training W2 (bench/README.md, batch 32), epochs/s, when mlp.h began to
   compute tanh itself (libm before -> mlp.h after):
     default flags:  double 1530 -> 1730, float 2110 -> 3540
     -march=native:  double  960 -> 1890, float 1950 -> 3750
   and later, default flags, when the AVX copy was added (16-byte copy ->
   AVX copy; medians of 5 runs alternating the two builds, measured at
   another time than the figures above, so compare within a pair only): W2 batch 32,
   double 1790 -> 2150, float 3860 -> 4420; W2 full batch, double
   2240 -> 2820, float 5060 -> 5770.
   mlp_tanh(z) on its own, one call per number, takes about 35 ns (a whole
   vector's work for one number): for arrays, mlp_act_forward is the way. */

/* Coefficients from tools/fit_tanh.py, c[0] first: P for the small-x formula,
   Q for e^r. The float build reads the float tables, the double build the
   double ones (each is exact in its own precision). */
static const mlp_real mlp__tanh_p_float[5] = {-0.333333164f, 0.13332586f, -0.0538523085f, 0.0210716669f, -0.00627422472f};
static const mlp_real mlp__tanh_q_float[5] = {0.49999994f, 0.166665152f, 0.041668456f, 0.00836941134f, 0.00138131564f};
static const mlp_real mlp__tanh_p_double[11] = {
    -0.33333333333333298,    0.13333333333326619,     -0.053968253963760357,   0.021869488385849439,
    -0.0088632326013469032,  0.0035920920295618606,   -0.0014555428405278281,  0.00058844446608847785,
    -0.00023338151704893064, 8.3316381910750461e-05,  -1.9494649013170534e-05};
static const mlp_real mlp__tanh_q_double[10] = {
    0.50000000000000122,   0.16666666666666385,   0.041666666666519268,  0.0083333333335074995,
    0.001388888894688503,  0.00019841269486427937, 2.4801489392317234e-05, 2.7557597026925834e-06,
    2.7631671931823582e-07, 2.4999017957485458e-08};

/* Two copies, one text. Like the product kernel (Appendix A), the lane code
   below is written once, between `#if MLP__COPY == 2` and its #endif, and
   compiled once for mlp__vec and, in the default build on x86
   (MLP__AVX_AT_RUN_TIME), once more for 32-byte vectors with
   __attribute__((target("avx"))), every name with _avx; mlp__tanh_block runs
   the copy that mlp__kernel_pick chose for the products. AVX has 32-byte
   arithmetic, comparisons and bitwise operations for floats and doubles;
   the few integer operations on lanes (in mlp__vexp2_minus) need AVX2 at
   that width, so without it the compiler does them in two 16-byte halves,
   which gives the same bits. "avx" enables no FMA, so nothing is contracted.
   Other builds (MLP_NO_DISPATCH, -march=native, MLP__NO_VECTORS,
   MLP_REFERENCE_LOOPS, other processors or compilers) have the first copy
   only. The copies give the same bits for the reason given under
   "Reproducible" above; tests/test_mlp.c runs every tanh test through each
   copy and compares the copies at 4.3 million floats (300000 doubles), bit
   for bit.

   The lane helpers. mlp__vbits gives the bits of each lane as an integer of
   the lane's width (the mask type mlp__vmask), mlp__vfrombits turns them
   back, mlp__vless compares lane by lane: all ones where a < b, 0 elsewhere.
   gcc and clang define <, &, |, ~, +, -, << on vectors lane by lane, and the
   result of a vector comparison is a vector of such integers, which names
   the type (for the AVX copy, mlp__vmask_avx: the same lanes in 32 bytes).
   For one number (no vectors), the mask is an unsigned long long holding the
   number's bits (a float's in the low 32). */
#ifdef MLP__VECTORS
typedef __typeof__(mlp__vload(0) < mlp__vload(0)) mlp__vmask;
#ifdef MLP__AVX_AT_RUN_TIME
typedef __typeof__((mlp__vload(0) < mlp__vload(0))[0]) mlp__vlane; /* int (float) or long long (double) */
typedef mlp__vlane mlp__vmask_avx __attribute__((vector_size(32)));
#endif
#else
typedef unsigned long long mlp__vmask;
#endif

/* The rest is written once for both, vectors and one number (mlp__vec is
   then mlp_real, and mlp__vmask an unsigned long long):
   - mlp__vsplat: c in every lane.
   - mlp__vselect: mask ? a : b, lane by lane.
   - mlp__vabs and mlp__vsign_of: |v| and "t with the sign of z", by clearing
     or copying the sign bit (the only bit set in -0).
   - mlp__vexp2_minus: 2^-n from k = 1.5*2^52 + n (float: 1.5*2^23 + n),
     whose bits minus those of 1.5*2^52 are n: 1023 - n (float: 127 - n)
     shifted into the exponent field. The & 63 keeps n's six bits
     (0 <= n <= 56); it only matters in a NaN lane, whose bits are not an
     integer, and keeps the shift in range.
   - mlp__tanh_vec: tanh in every lane of z, as described above. Each
     polynomial is evaluated by Horner's rule twice over: once for the even
     and once for the odd coefficients, in powers of t^2,
         c0 + c1 t + c2 t^2 + ... = (c0 + t^2 (c2 + t^2 (c4 + ...))) + t (c1 + t^2 (c3 + ...)),
     two chains of half the length that the processor runs side by side
     (one chain of multiply-then-add steps, each waiting for the one before,
     was what limited the speed). For x >= 0.55 it computes
     1 - 2 / (e^y + 1), y = 2x, e^y = 2^n e^r. Dividing through by 2^n,
     e^y + 1 = 2^n (e^r + 2^-n), and e^r + 2^-n = (1 + 2^-n) + (e^r - 1) has
     a single rounding that matters: 1 + 2^-n is exact (in float, for
     n <= 23; beyond, tanh is within 2^-25 of 1 anyway), and e^r - 1 is
     small. Scaling by 2^-n is exact.
   - mlp__tanh_lanes: a[k] = tanh z[k] for k < n, a vector (vl numbers) at a
     time; a and z must not overlap. When n is not a multiple of vl, the
     last vector is the one that ends at a[n - 1]: it overlaps the one
     before, whose lanes it computes again, to the same bits. An array
     shorter than one vector is padded with zeros. (Written so that
     mlp__tanh_vec is called in one place only: the compiler then puts it
     inline and keeps its constants in registers.) */
#endif /* MLP__IMPLEMENTING: ordinary code pauses for the copy text below */

#if defined(MLP__COPY) && MLP__COPY == 2 /* ---- tanh's lanes, compiled once per vector type ------------ */

#ifdef MLP__VECTORS
static MLP__TARGET mlp__vmask mlp__vless(mlp__vec a, mlp__vec b) { return a < b; }
static MLP__TARGET mlp__vmask mlp__vbits(mlp__vec v)
{
    mlp__vmask m;
    memcpy(&m, &v, sizeof m);
    return m;
}
static MLP__TARGET mlp__vec mlp__vfrombits(mlp__vmask m)
{
    mlp__vec v;
    memcpy(&v, &m, sizeof v);
    return v;
}
#else
static mlp__vmask mlp__vless(mlp__vec a, mlp__vec b) { return a < b ? ~0ull : 0; }
static mlp__vmask mlp__vbits(mlp__vec v)
{
    if (sizeof v == sizeof(unsigned int)) {
        unsigned int u;
        memcpy(&u, &v, sizeof u);
        return u;
    } else {
        unsigned long long u;
        memcpy(&u, &v, sizeof u);
        return u;
    }
}
static mlp__vec mlp__vfrombits(mlp__vmask m)
{
    mlp__vec v;
    if (sizeof v == sizeof(unsigned int)) {
        unsigned int u = (unsigned int)m;
        memcpy(&v, &u, sizeof v);
    } else
        memcpy(&v, &m, sizeof v);
    return v;
}
#endif
static MLP__TARGET mlp__vec mlp__vsplat(mlp_real c)
{
    mlp_real lanes[sizeof(mlp__vec) / sizeof(mlp_real)];
    mlp__vec v;
    size_t i;
    for (i = 0; i < sizeof lanes / sizeof lanes[0]; i++) lanes[i] = c;
    memcpy(&v, lanes, sizeof v);
    return v;
}
static MLP__TARGET mlp__vec mlp__vselect(mlp__vmask mask, mlp__vec a, mlp__vec b)
{
    return mlp__vfrombits((mlp__vbits(a) & mask) | (mlp__vbits(b) & ~mask));
}
static MLP__TARGET mlp__vec mlp__vabs(mlp__vec v)
{
    return mlp__vfrombits(mlp__vbits(v) & ~mlp__vbits(mlp__vsplat((mlp_real)-0.0)));
}
static MLP__TARGET mlp__vec mlp__vsign_of(mlp__vec t, mlp__vec z)
{
    const mlp__vmask sign = mlp__vbits(mlp__vsplat((mlp_real)-0.0));
    return mlp__vfrombits(mlp__vbits(t) | (mlp__vbits(z) & sign));
}
static MLP__TARGET mlp__vec mlp__vexp2_minus(mlp__vec k, mlp_real shifter)
{
    const int is_float = sizeof(mlp_real) == sizeof(float);
    mlp__vmask n = (mlp__vbits(k) - mlp__vbits(mlp__vsplat(shifter))) & 63;
    return mlp__vfrombits(((is_float ? 127 : 1023) - n) << (is_float ? 23 : 52));
}
static MLP__TARGET mlp__vec mlp__tanh_vec(mlp__vec z)
{
    const int is_float = sizeof(mlp_real) == sizeof(float);
    const mlp_real *c;
    const mlp_real x_switch = (mlp_real)0.55;
    const mlp_real x_clamp = (mlp_real)(is_float ? 9.5 : 19.5);
    const mlp_real log2e = (mlp_real)(is_float ? 1.44269502f : 1.4426950408889634);
    const mlp_real ln2_hi = (mlp_real)(is_float ? 0.693145751953125 : 0.6931471806019545);
    const mlp_real ln2_lo = (mlp_real)(is_float ? 1.42860677e-06f : -4.2009150726810846e-11);
    const mlp_real shifter = (mlp_real)(is_float ? 12582912.0 : 6755399441055744.0); /* 1.5*2^23, 1.5*2^52 */
    mlp__vec x, s, s2, p, small, y, k, n, r, r2, q, em1, two_minus_n, d, large;

    x = mlp__vabs(z);
    /* min(x, x_clamp); a NaN stays */
    x = mlp__vselect(mlp__vless(mlp__vsplat(x_clamp), x), mlp__vsplat(x_clamp), x);

    /* x < 0.55: x + x^3 P(x^2) */
    s = x * x;
    s2 = s * s;
    if (is_float) {
        c = mlp__tanh_p_float;
        p = (c[0] + s2 * (c[2] + s2 * c[4])) + s * (c[1] + s2 * c[3]);
    } else {
        c = mlp__tanh_p_double;
        p = (c[0] + s2 * (c[2] + s2 * (c[4] + s2 * (c[6] + s2 * (c[8] + s2 * c[10])))))
            + s * (c[1] + s2 * (c[3] + s2 * (c[5] + s2 * (c[7] + s2 * c[9]))));
    }
    small = x + (x * s) * p;

    /* x >= 0.55: 1 - (2 / ((1 + 2^-n) + (e^r - 1))) 2^-n */
    y = x + x;
    k = y * log2e + shifter; /* shifter + n, n = round(y / ln 2) */
    n = k - shifter;         /* n, exactly */
    r = (y - n * ln2_hi) - n * ln2_lo;
    r2 = r * r;
    if (is_float) {
        c = mlp__tanh_q_float;
        q = (c[0] + r2 * (c[2] + r2 * c[4])) + r * (c[1] + r2 * c[3]);
    } else {
        c = mlp__tanh_q_double;
        q = (c[0] + r2 * (c[2] + r2 * (c[4] + r2 * (c[6] + r2 * c[8]))))
            + r * (c[1] + r2 * (c[3] + r2 * (c[5] + r2 * (c[7] + r2 * c[9]))));
    }
    em1 = r + r2 * q; /* e^r - 1 */
    two_minus_n = mlp__vexp2_minus(k, shifter);
    d = (1 + two_minus_n) + em1;       /* (e^y + 1) / 2^n */
    large = 1 - (2 / d) * two_minus_n; /* 1 - 2 / (e^y + 1) */

    return mlp__vsign_of(mlp__vselect(mlp__vless(x, mlp__vsplat(x_switch)), small, large), z);
}
static MLP__TARGET void mlp__tanh_lanes(mlp_real *a, const mlp_real *z, size_t n)
{
    const size_t vl = sizeof(mlp__vec) / sizeof(mlp_real);
    mlp_real z_pad[sizeof(mlp__vec) / sizeof(mlp_real)] = {0}, a_pad[sizeof(mlp__vec) / sizeof(mlp_real)];
    const mlp_real *in = z;
    mlp_real *out = a;
    size_t m = n, k, j;
    mlp__vec v;
    if (n == 0) return;
    if (n < vl) {
        memcpy(z_pad, z, n * sizeof *z);
        in = z_pad;
        out = a_pad;
        m = vl;
    }
    for (k = 0; k < m; k += vl) {
        j = k + vl <= m ? k : m - vl;
        v = mlp__vload(in + j);
        v = mlp__tanh_vec(v);
        mlp__vstore(out + j, v);
    }
    if (out == a_pad) memcpy(a, a_pad, n * sizeof *a);
}

#endif /* MLP__COPY == 2 */

#if defined(MLP__IMPLEMENTING) && !defined(MLP__COPY) /* ordinary code again */

/* tanh's copies: the text above, compiled for mlp__vec and, on x86 with gcc
   or clang, once more for 32-byte AVX vectors. */
#define MLP__COPY 2
#define MLP__TARGET
#include MLP_HEADER_FILE
#undef MLP__TARGET
#ifdef MLP__AVX_AT_RUN_TIME
#define MLP__TARGET __attribute__((target("avx")))
#define mlp__vec mlp__vec_avx
#define mlp__vmask mlp__vmask_avx
#define mlp__vload mlp__vload_avx
#define mlp__vstore mlp__vstore_avx
#define mlp__vless mlp__vless_avx
#define mlp__vbits mlp__vbits_avx
#define mlp__vfrombits mlp__vfrombits_avx
#define mlp__vsplat mlp__vsplat_avx
#define mlp__vselect mlp__vselect_avx
#define mlp__vabs mlp__vabs_avx
#define mlp__vsign_of mlp__vsign_of_avx
#define mlp__vexp2_minus mlp__vexp2_minus_avx
#define mlp__tanh_vec mlp__tanh_vec_avx
#define mlp__tanh_lanes mlp__tanh_lanes_avx
#include MLP_HEADER_FILE
#undef MLP__TARGET
#undef mlp__vec
#undef mlp__vmask
#undef mlp__vload
#undef mlp__vstore
#undef mlp__vless
#undef mlp__vbits
#undef mlp__vfrombits
#undef mlp__vsplat
#undef mlp__vselect
#undef mlp__vabs
#undef mlp__vsign_of
#undef mlp__vexp2_minus
#undef mlp__tanh_vec
#undef mlp__tanh_lanes
#endif
#undef MLP__COPY

/* a[k] = tanh z[k] for k < n, through the copy that the products use: the
   AVX one when mlp__kernel_pick takes an AVX kernel (the processor has AVX,
   or a test forces that entry with mlp__kernel_choice), else mlp__vec's.
   Both give the same bits (tests/test_mlp.c compares them). */
static void mlp__tanh_block(mlp_real *a, const mlp_real *z, size_t n)
{
#ifdef MLP__AVX_AT_RUN_TIME
    if (mlp__kernel_pick()->avx) {
        mlp__tanh_lanes_avx(a, z, n);
        return;
    }
#endif
    mlp__tanh_lanes(a, z, n);
}

/* One number: a block of one, so exactly what a tanh layer computes. */
static mlp_real mlp__tanh_one(mlp_real z)
{
    mlp_real a;
    mlp__tanh_block(&a, &z, 1);
    return a;
}

/* >>math ====================================================================
   Appendix B, continued: exp, log, log1p, sin, cos and powers computed here,
   one number at a time.

   Why it exists. The C library's exp, log, log1p, sin, cos and pow are
   accurate, but not the same everywhere: two libraries (glibc, and the musl
   of WebAssembly's wasi-libc) differ in the last bit of about 1 result in
   1000 for exp and log1p and 3 in 100 for sin and cos, and glibc itself
   picks other code (with fused multiply-adds) on processors that have them.
   One last bit of a softmax, a loss or a toy data set is enough to make two
   trainings drift apart. The teaching path calls them through mlp__exp,
   mlp__log and mlp__log1p (>>config), and by name in Adam, the schedules
   and the toy data sets.

   What it promises: the same bits on every IEEE 754 machine and in every
   build, with + - * / in a fixed order (and frexp, which is exact), within
   0.9 ulp of the true values (figures below): the playground page
   (playground/, WebAssembly in a browser) trains to the same weights as the
   C program. Everything is computed in double; the float build rounds the
   double result to float.

   The series are the textbook ones, with their exact coefficients (1/k!,
   2/(2k+1)): no fitted constants. Each is cut where the next term is far
   below an ulp (2^-53 relative) on the reduced range, so the error is that
   of the rounding of the arithmetic, and each method arranges its last
   steps so that the large part of the result is added last, to a small
   correction that carries the rounding errors made before (two-sum: for
   s = a + b rounded, (a - (s - b)) + (b - (s - (s - b))) is exactly what
   the rounding lost).

   - e^x. x = n ln 2 + r with n the integer nearest to x / ln 2 and
     |r| <= (ln 2)/2, by the Cody-Waite reduction described for tanh above
     (>>tanh; the same constants): hi = x - n ln2_hi is exact, lo = n ln2_lo, and
     r = hi - lo. Then e^r = 1 + hi - lo + r^2 q(r) with q(r) = 1/2! + r/3!
     + ... + r^11/13! (the next term, r^14/14!, is below 2^-57), computed as
     (1 + hi) plus its rounding error plus the small rest, and e^x = 2^n e^r
     with 2^n built from its exponent bits. A subnormal result is scaled in
     two steps, so that only the last one rounds.
   - log x. x = m 2^e with m in [sqrt(1/2), sqrt(2)) (frexp is exact) and
     f = m - 1 (exact). With s = f / (2 + f), log(1 + f) = 2 atanh s =
     2s + s R, R = 2s^2/3 + 2s^4/5 + ... + 2s^22/23 (|s| < 0.172: the next
     term is below 2^-61), and since 2s = f - s f, with h = f^2/2,
         log(1 + f) = f - (h - s (h + R)):
     f exact, and a correction below f/4 whose rounding errors shrink with
     it. log x = (e ln2_hi + f) + (e ln2_lo + the rest), the first sum with
     its rounding error added back (e ln2_hi is exact). (The random
     generator keeps its own, older logarithm, mlp__portable_log, of the
     same family: changing it would change every normal deviate's last bit.)
   - log1p x = log(1 + x), for x near 0 where 1 + x itself rounds: with u =
     1 + x as rounded and d = (1 + x) - u (exact, by two-sum), log(1 + x) =
     log u + log(1 + d/u), and log(1 + d/u) = d/u to far below an ulp.
   - sin x and cos x. x = n pi/2 + r with |r| <= pi/4 and pi/2 split into
     three parts p1 + p2 + p3 (33, 33 and 53 bits), so that n p1 and n p2 are
     exact for |n| < 2^20 (|x| < 1.6e6; beyond, the results are the same
     everywhere but less accurate). r is kept as r + r_lo, two numbers,
     because near a multiple of pi/2 the result is r itself and all its bits
     count. sin r = r + r^3 (-1/3! + r^2/5! - ... + r^14/17!), cos r = 1 -
     r^2/2 + r^4 (1/4! - ... + r^12/16!) with the rounding error of 1 - r^2/2
     added back; r_lo enters through the slope (cos r, -sin r). n mod 4 says
     which of +-sin r, +-cos r is wanted. |x| >= 2^50 gives NaN: there x's
     bits say nothing about sin x any more (mlp.h never asks).
   - b^n for an integer n (Adam's bias corrections beta^t, the step and
     exponential schedules' gamma^t): square-and-multiply, with the base and
     the result each kept as a pair (hi + lo) 2^E whose product is exact
     (Dekker's: each factor split in halves of 26 bits, whose products are
     exact) and E counted apart, so that nothing under- or overflows on the
     way: only the final hi + lo rounds (the pairs carry about 100 bits).

   Accuracy (tools/math_accuracy.c, against glibc's long double functions,
   whose 11 more bits measure an error to 1/2048 ulp; an ulp is the spacing
   of doubles at the true result, and a correctly rounded result is within
   0.5 ulp):
     exp    12.7 million points in [-745.2, 709.8] (uniform over the whole
            range, in [-40, 0] where softmax and sigmoid call it, log-uniform
            near 0, near overflow, subnormal results): max error 0.79 ulp
            (0.75 for results above 2^-1022); 1.6% not correctly rounded.
     log    11 million (log-uniform over all positive doubles, uniform in
            [0.5, 2], consecutive doubles around 1, around sqrt(1/2)): max
            0.86 ulp (just above the switch at sqrt(1/2)); 4% not correctly
            rounded in [0.5, 2], 0.005% over the whole range.
     log1p  8 million (|x| log-uniform from 2^-60 to 1, uniform in [-0.999, 1],
            log-uniform up to 2^100): max 0.81 ulp; 3.9% not correctly
            rounded in [0, 1] (BCE's log1p(e^-|z|)).
     sin, cos  9 million each (uniform in [-pi, pi], [-100, 100], [-1e5, 1e5],
            log-uniform near 0, consecutive doubles around k pi/2 for
            k = 1..1000): max 0.79 ulp; 3% not correctly rounded, and within
            0.5 ulp around the multiples of pi/2, where the result is tiny.
     b^n    3.5 million (b in [0.5, 2], n up to 700000, results in the normal
            range), against pairs of long doubles (glibc's powl is less
            accurate than that): max 0.500 ulp. The 0.03% that differ from
            the reference rounded are within its resolution (1/2048 ulp) of a
            halfway point, where it cannot tell which way is right.
     float  every float x of the domain (2.2e9 for exp, 2.1e9 for log, 3.2e9
            for log1p): mlp.h's double result rounded to float is at every
            one the float that libm's double result rounds to (that is, the
            correctly rounded float, but where rounding twice can miss it, in
            about 1 case in 2^29, and then by an ulp of float).
   Speed (tools/math_accuracy.c --speed, ns per call on a busy 2-core AMD
   EPYC, libm in brackets): exp 23 (16), log 36 (14), log1p 39 (16), sin 26
   (27), cos 29 (36), b^n 640 (48, pow). The slowest, b^n, is called twice
   per optimizer step, not per number.
   A NaN argument gives a NaN; exp(+inf) = +inf, exp(-inf) = 0, log 0 =
   -inf, log of a negative number NaN, sin and cos of +-inf NaN. */

/* 2^n for an integer -1022 <= n <= 1023: the exponent field holds n + 1023. */
static double mlp__pow2(int n)
{
    unsigned long long bits = (unsigned long long)(n + 1023) << 52;
    double p;
    memcpy(&p, &bits, sizeof p);
    return p;
}

static double mlp__exp_double(double x)
{
    static const double c[12] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
                                 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800};
    const double log2e = 1.4426950408889634, ln2_hi = 0.6931471806019545, ln2_lo = -4.2009150726810846e-11;
    const double shifter = 6755399441055744.0; /* 1.5*2^52, see tanh */
    double k, n, hi, lo, r, q, p, e1;
    int i, ni;
    if (x != x) return x + x;                 /* NaN */
    if (x > 709.78271289338397) return x * 1e308; /* e^x overflows: +inf */
    if (x < -745.13321910194122) return 0;    /* below half the smallest subnormal */
    k = x * log2e + shifter;
    n = k - shifter; /* round(x / ln 2), exactly */
    hi = x - n * ln2_hi;
    lo = n * ln2_lo;
    r = hi - lo;
    q = c[11];
    for (i = 10; i >= 0; i--) q = c[i] + r * q; /* Horner, from the smallest term */
    /* e^r = 1 + hi + (r^2 q - lo): 1 + hi rounds, its error e1 is exactly
       (1 - p) + hi (|hi| < 1), and is added back with the small terms */
    p = 1 + hi;
    e1 = (1 - p) + hi;
    p = p + (e1 + (r * r * q - lo));
    ni = (int)n;
    if (ni > 1023) return (p * 2) * mlp__pow2(ni - 1);
    if (ni < -1022) return (p * mlp__pow2(ni + 60)) * mlp__pow2(-60); /* the second product rounds */
    return p * mlp__pow2(ni);
}

/* log(m 2^e) + c, for m in [sqrt(1/2), sqrt(2)) and a small correction c. */
static double mlp__log_reduced(double m, int e, double c)
{
    const double ln2_hi = 0.6931471806019545, ln2_lo = -4.2009150726810846e-11;
    static const double t[11] = {2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13,
                                 2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23};
    double f = m - 1, s = f / (2 + f), z = s * s, R = t[10], h = 0.5 * f * f, a = e * ln2_hi, sum, a2, f2;
    int i;
    for (i = 9; i >= 0; i--) R = t[i] + z * R;
    R *= z;
    /* e ln2_hi + f, as sum plus its rounding error (two-sum: a2 and f2 are
       the parts of a and f that made it into sum) */
    sum = a + f;
    a2 = sum - f;
    f2 = sum - a2;
    return sum + (((a - a2) + (f - f2)) - (h - (s * (h + R) + (e * ln2_lo + c))));
}

static double mlp__log_double(double x)
{
    double m;
    int e;
    if (!(x > 0)) return x == 0 ? -1 / (x * x) : (x - x) / (x - x); /* -inf; NaN for x < 0 or NaN */
    if (x - x != 0) return x;                                          /* +inf */
    m = frexp(x, &e);
    if (m < 0.70710678118654752) {
        m *= 2;
        e -= 1;
    }
    return mlp__log_reduced(m, e, 0);
}

static double mlp__log1p_double(double x)
{
    double u = 1 + x, d, m;
    int e;
    if (!(x > -1)) return x == -1 ? -1 / ((x + 1) * (x + 1)) : (x - x) / (x - x); /* -inf, or NaN */
    if (x - x != 0) return x;                                                        /* +inf */
    if (u == 1) return x; /* |x| < 2^-53: log(1 + x) = x - x^2/2 + ... rounds to x */
    d = (x > 1 ? 1 - (u - x) : x - (u - 1)); /* (1 + x) - u, exactly */
    m = frexp(u, &e);
    if (m < 0.70710678118654752) {
        m *= 2;
        e -= 1;
    }
    return mlp__log_reduced(m, e, d / u);
}

/* sin x (want_cos 0) or cos x (want_cos 1). */
static double mlp__sin_cos(double x, int want_cos)
{
    static const double S[8] = {-1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800,
                                1.0 / 6227020800, -1.0 / 1307674368000, 1.0 / 355687428096000};
    static const double C[7] = {1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800, 1.0 / 479001600,
                                -1.0 / 87178291200, 1.0 / 20922789888000};
    const double two_over_pi = 0.63661977236758138, shifter = 6755399441055744.0;
    const double p1 = 1.5707963267341256, p2 = 6.077100506303966e-11, p3 = 2.0222662487959506e-21;
    double n, a, b, r, r_lo, bb, t, z, v, h, w;
    int i, quadrant, use_cos, negate;
    if (!(x - x == 0) || x > 1125899906842624.0 || x < -1125899906842624.0) return (x - x) / (x - x); /* NaN */
    if (x == 0) return want_cos ? 1 : x; /* sin(-0) = -0, which the sums below would lose */
    n = (x * two_over_pi + shifter) - shifter; /* the integer nearest to x / (pi/2) */
    a = x - n * p1;                            /* exact */
    b = n * p2;                                /* exact */
    r = a - b;                                 /* with r_lo: a - b exactly (two-sum) */
    bb = r - a;
    r_lo = (a - (r - bb)) - (b + bb);
    r_lo -= n * p3;
    t = r + r_lo; /* again r the large part, r_lo below half its ulp */
    r_lo -= t - r;
    r = t;
    z = r * r;
    /* n mod 4: sin x is sin r, cos r, -sin r, -cos r; cos x is cos r, -sin r, -cos r, sin r */
    quadrant = (int)((long long)n & 3);
    use_cos = want_cos ^ (quadrant & 1);
    negate = want_cos ? quadrant == 1 || quadrant == 2 : quadrant >= 2;
    if (!use_cos) {
        v = S[7];
        for (i = 6; i >= 0; i--) v = S[i] + z * v;
        v = r + ((r * z) * v + r_lo * (1 - 0.5 * z)); /* r_lo times the slope of sin, cos r */
    } else {
        v = C[6];
        for (i = 5; i >= 0; i--) v = C[i] + z * v;
        h = 0.5 * z;
        w = 1 - h;
        /* (1 - w) - h is the rounding error of w, exactly; r r_lo: r_lo times the slope of cos, -sin r */
        v = w + (((1 - w) - h) + ((z * z) * v - r * r_lo));
    }
    return negate ? -v : v;
}
static double mlp__sin_double(double x) { return mlp__sin_cos(x, 0); }
static double mlp__cos_double(double x) { return mlp__sin_cos(x, 1); }

/* a b = p + e exactly (Dekker): each factor is split into two halves of 26
   bits (by the multiplication by 2^27 + 1), whose products are exact.
   Needs |a|, |b| < 2^996 and no underflow: the caller sees to it. */
static void mlp__two_prod(double a, double b, double *p, double *e)
{
    const double split = 134217729.0; /* 2^27 + 1 */
    double ca = split * a, ah = ca - (ca - a), al = a - ah;
    double cb = split * b, bh = cb - (cb - b), bl = b - bh;
    *p = a * b;
    *e = ((ah * bh - *p) + ah * bl + al * bh) + al * bl;
}

/* (h + l) = (h + l)(yh + yl), pairs whose low part is below half the high part's ulp. */
static void mlp__pair_mul(double *h, double *l, double yh, double yl)
{
    double p, e, s;
    mlp__two_prod(*h, yh, &p, &e);
    e += *h * yl + *l * yh;
    s = p + e;
    *l = e - (s - p);
    *h = s;
}

/* x 2^e for any integer e, with a single rounding (when the result is
   subnormal, the second product is the one that rounds). */
static double mlp__scale2(double x, double e)
{
    if (e > 2100) e = 2100; /* x 2^2100 overflows for any x that is not 0; this keeps the steps few */
    if (e < -2200) e = -2200;
    while (e > 1023) x *= mlp__pow2(1023), e -= 1023;
    while (e < -1022) {
        if (e >= -1022 - 60) return (x * mlp__pow2((int)e + 60)) * mlp__pow2(-60);
        x *= mlp__pow2(-1022), e += 1022;
    }
    return x * mlp__pow2((int)e);
}

/* b^n for an integer n, by square-and-multiply on pairs. The base and the
   result are each kept as (hi + lo) 2^E with |hi| in [1/2, 1), so that no
   product under- or overflows whatever n is: a product of two such pairs is
   in [1/4, 1), and doubling hi and lo (exact) brings it back. E is counted
   in a double (exact up to 2^53, and beyond that b^n is 0 or infinite anyway). */
static double mlp__powi_double(double b, long n)
{
    double rh = 1, rl = 0, re = 0, bh, bl = 0, be, v;
    unsigned long m = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
    int k;
    if (b == 0 || !(b - b == 0)) { /* 0, +-inf or NaN: plain products give IEEE's answer */
        for (v = 1; m; m >>= 1, b *= b)
            if (m & 1) v *= b;
        return n < 0 ? 1 / v : v;
    }
    bh = frexp(b, &k);
    be = k;
    while (m) {
        if (m & 1) {
            mlp__pair_mul(&rh, &rl, bh, bl);
            re += be;
            if (rh < 0.5 && rh > -0.5) rh *= 2, rl *= 2, re -= 1;
        }
        m >>= 1;
        if (m) {
            mlp__pair_mul(&bh, &bl, bh, bl);
            be += be;
            if (bh < 0.5 && bh > -0.5) bh *= 2, bl *= 2, be -= 1;
        }
    }
    v = rh + rl;
    return n < 0 ? mlp__scale2(1 / v, -re) : mlp__scale2(v, re);
}

/* >>io ======================================================================
   APPENDIX C. Files and data: saving and loading networks, CSV/TSV and IDX
   files (>>io), preparing data (>>data), toy data sets (>>toy).

   Why it exists. The teaching path takes its matrices from the caller and
   forgets a network when the program ends. Real work needs more: data read
   from files, split and standardized before training, scored after it, and
   a trained network kept for later; and a course needs small data sets whose
   difficulty is known, drawn the same way on every machine.

   What it promises: nothing here changes what a network computes. A saved
   network loads back to the same bits (17 significant digits in double, 9 in
   float), so it predicts, and goes on training, exactly as if never saved;
   a file is never trusted, and a failure leaves the caller's matrices and
   the files on disk as they were (the three rules below). The data sets are
   drawn from the caller's mlp_rng only, so a seed gives the same data
   everywhere.

   Saving and loading. Three rules shape everything below:
   - Nothing on disk is lost. A save writes `path.tmp`, checks every write and
     the final fclose (a full disk often shows only there), and only then
     renames it over `path`. rename() replaces the destination in one step on
     POSIX systems, so a reader sees the old file or the new one, never half
     of one. (Windows' rename refuses to replace a file: there the save fails
     and the old file stays.) On any failure the temporary file is removed.
   - A file is never trusted. Readers check every count against limits and
     against the bytes actually left in the file before allocating (a 30-byte
     file must not make us allocate 30 GB), every number for being a finite
     number, and the end of the file for truncation or trailing garbage.
   - A reader that fails changes nothing the caller owns: it builds into a
     temporary and moves it into place only after the last check.
   Files are opened in binary mode ("rb", "wb"): we handle \r\n ourselves,
   and byte counts then mean the same on every system.
   Numbers go through printf("%.17g") and strtod, which follow the C locale's
   LC_NUMERIC: a program that calls setlocale(LC_ALL, "") in a locale with a
   decimal comma would write commas. Programs that never call setlocale are
   in the "C" locale and write a point. */

#include <errno.h>
#include <float.h>
#include <limits.h> /* LONG_MAX: a long has 32 bits on some platforms (Windows, wasm32, -m32), 64 on others */

/* Limits on counts read from a file, beyond any real network or data set,
   so that no product of two of them overflows. */
enum {
    MLP__MAX_DIM = 1 << 24,   /* units of a layer, inputs, columns, image side */
    MLP__MAX_LAYERS = 1 << 16 /* layers of a network */
};

/* Significant digits that make printf -> strtod return the same bits:
   17 for a double, 9 for a float (IEEE 754, section 5.12.2). */
static int mlp__digits(void) { return sizeof(mlp_real) == sizeof(float) ? 9 : 17; }

/* A failure located in a file: "name:line: what", or "name: what" when line
   is 0 (a binary file has no lines). Returns status. gcc and clang check
   each call's arguments against its format, as they do for printf. */
#if defined(__GNUC__) || defined(__clang__)
static int mlp__fail_at(int status, const char *name, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#endif
static int mlp__fail_at(int status, const char *name, long line, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (line > 0) n = snprintf(mlp__error_text, sizeof mlp__error_text, "%s:%ld: ", name, line);
    else n = snprintf(mlp__error_text, sizeof mlp__error_text, "%s: ", name);
    if (n < 0 || (size_t)n >= sizeof mlp__error_text) return status;
    va_start(ap, fmt);
    vsnprintf(mlp__error_text + n, sizeof mlp__error_text - (size_t)n, fmt, ap);
    va_end(ap);
    return status;
}

/* Bytes left in f from its current position, or -1 if f cannot seek (a pipe,
   a terminal): then readers rely on the allocator failing cleanly instead. */
static long long mlp__stream_left(FILE *f)
{
    long pos = ftell(f), end;
    if (pos < 0) return -1;
    if (fseek(f, 0, SEEK_END) != 0) {
        clearerr(f);
        return -1;
    }
    end = ftell(f);
    if (fseek(f, pos, SEEK_SET) != 0 || end < pos) return -1;
    return (long long)end - pos;
}

/* Parse a whole string as a number. 1 if all of s was one number (which may
   still be NaN or infinite: strtod reads "nan" and "inf"), else 0. */
static int mlp__parse_double(const char *s, double *v)
{
    char *end;
    if (!*s) return 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0';
}

/* Does v fit in an mlp_real without becoming infinite? Always in double;
   in float, |v| <= FLT_MAX (converting a larger double to float is
   undefined behavior in C, so it must be checked before the cast). */
static int mlp__fits_real(double v)
{
    return sizeof(mlp_real) == sizeof(double) || (v <= FLT_MAX && v >= -FLT_MAX);
}

/* Move a freshly built matrix into the caller's: a view (memory the caller
   owns) receives a copy, which it must have room for; anything else is freed
   and takes over tmp's buffer without copying. tmp ends empty either way. */
static int mlp__mat_take(mlp_mat *dst, mlp_mat *tmp)
{
    int status = MLP_OK;
    if (dst->cap == 0 && dst->data) {
        status = mlp_mat_copy(dst, tmp);
        mlp_mat_free(tmp);
        return status;
    }
    mlp_mat_free(dst);
    *dst = *tmp;
    tmp->rows = tmp->cols = 0;
    tmp->cap = 0;
    tmp->data = NULL;
    return status;
}

/* ---- opening: to read, and to save through a temporary file ---------------
   mlp__save_begin opens `path.tmp` (*tmp receives the name, allocated);
   mlp__save_end closes it and, if everything worked, renames it over path,
   else removes it. Between them, writers only record whether a write failed. */
static int mlp__open_read(const char *fn, const char *path, FILE **f)
{
    int err;
    errno = 0;
    *f = fopen(path, "rb");
    if (!*f) {
        err = errno;
        return mlp__fail(MLP_ERR_IO, "%s: cannot open '%s': %s", fn, path, err ? strerror(err) : "fopen failed");
    }
    return MLP_OK;
}

static int mlp__save_begin(const char *fn, const char *path, char **tmp, FILE **f)
{
    size_t n = strlen(path);
    int err;
    *f = NULL;
    *tmp = (char *)MLP_MALLOC(n + 5);
    if (!*tmp) return mlp__fail(MLP_ERR_NOMEM, "%s: out of memory for the name of the temporary file", fn);
    memcpy(*tmp, path, n);
    memcpy(*tmp + n, ".tmp", 5);
    errno = 0;
    *f = fopen(*tmp, "wb");
    if (!*f) {
        err = errno;
        mlp__fail(MLP_ERR_IO, "%s: cannot create '%s' (written first, then renamed to '%s'): %s", fn, *tmp, path,
                  err ? strerror(err) : "fopen failed");
        MLP_FREE(*tmp);
        *tmp = NULL;
        return MLP_ERR_IO;
    }
    return MLP_OK;
}

static int mlp__save_end(const char *fn, const char *path, char *tmp, FILE *f, int status)
{
    int err;
    errno = 0;
    if (fclose(f) != 0 && status == MLP_OK) { /* the last buffered bytes are written here */
        err = errno;
        status = mlp__fail(MLP_ERR_IO, "%s: writing '%s' failed when closing it: %s", fn, tmp,
                           err ? strerror(err) : "fclose failed");
    }
    if (status == MLP_OK) {
        errno = 0;
        if (rename(tmp, path) != 0) {
            err = errno;
            status = mlp__fail(MLP_ERR_IO, "%s: cannot rename '%s' to '%s': %s", fn, tmp, path,
                               err ? strerror(err) : "rename failed");
        }
    }
    if (status != MLP_OK) remove(tmp); /* the destination was never touched */
    MLP_FREE(tmp);
    return status;
}

/* A writer that remembers whether any fprintf failed, so that the code
   writing a file reads as the file it writes, without a check on each line. */
typedef struct mlp__writer {
    FILE *f;
    int failed;
} mlp__writer;

static void mlp__out(mlp__writer *w, const char *fmt, ...)
{
    va_list ap;
    if (w->failed) return;
    va_start(ap, fmt);
    if (vfprintf(w->f, fmt, ap) < 0) w->failed = 1;
    va_end(ap);
}

/* One number, exactly: NaN as "nan" (printf may write "-nan"). */
static void mlp__out_real(mlp__writer *w, double v)
{
    if (v != v) mlp__out(w, "nan");
    else mlp__out(w, "%.*g", mlp__digits(), v);
}

/* ---- reading text: a tokenizer that knows lines -----------------------------
   The network format is line-oriented: each line is a key and its values.
   The reader splits the stream into tokens (runs of non-blank characters)
   and remembers, for each, its line, whether it starts the line and whether
   it ends it, which is all it takes to check the layout and to say where it
   is wrong. It reads with getc, so lines of any length are fine (a row of a
   wide W is one long line); a token longer than tok is an error (no number
   needs 64 characters). `used` counts the bytes read, so that `size - used`
   is what is left of the file. */
typedef struct mlp__reader {
    FILE *f;
    const char *name;   /* for messages */
    long line;          /* line of the current token, from 1 */
    long scan_line;     /* line the scanner is on */
    int first;          /* the current token is the first of its line */
    int eol;            /* nothing but blanks follows it on its line */
    long long size;     /* bytes from the start of reading to the end; -1 unknown */
    long long used;     /* bytes read so far */
    char tok[64];       /* the current token, NUL-terminated */
} mlp__reader;

static void mlp__reader_init(mlp__reader *r, FILE *f, const char *name)
{
    memset(r, 0, sizeof *r);
    r->f = f;
    r->name = name ? name : "(stream)";
    r->line = r->scan_line = 1;
    r->eol = 1; /* so that the first token starts a line */
    r->size = mlp__stream_left(f);
}

static int mlp__bad(mlp__reader *r, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return mlp__fail_at(MLP_ERR_FORMAT, r->name, r->line, "%s", what);
}

/* The next token. Returns 1, or 0 at the end of the file, or an error. */
static int mlp__next(mlp__reader *r)
{
    int c, n = 0, newline = r->eol;
    while ((c = getc(r->f)) == ' ' || c == '\t' || c == '\r' || c == '\n') {
        r->used++;
        if (c == '\n') {
            r->scan_line++;
            newline = 1;
        }
    }
    r->line = r->scan_line;
    r->tok[0] = '\0';
    if (c == EOF) {
        if (ferror(r->f)) return mlp__fail_at(MLP_ERR_IO, r->name, r->line, "read error");
        r->first = newline;
        r->eol = 1;
        return 0;
    }
    r->first = newline;
    while (c != EOF && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        r->used++;
        if (c == '\0') return mlp__bad(r, "a NUL byte: this is not a text file");
        if (n == (int)sizeof r->tok - 1) {
            r->tok[n] = '\0';
            return mlp__bad(r, "a word longer than %d characters, starting '%.20s'", n, r->tok);
        }
        r->tok[n++] = (char)c;
        c = getc(r->f);
    }
    r->tok[n] = '\0';
    while (c == ' ' || c == '\t' || c == '\r') { /* look ahead to the end of the line */
        r->used++;
        c = getc(r->f);
    }
    if (c == EOF && ferror(r->f)) return mlp__fail_at(MLP_ERR_IO, r->name, r->line, "read error");
    r->eol = c == '\n' || c == EOF;
    if (c != EOF) ungetc(c, r->f); /* one character of pushback is always allowed */
    return 1;
}

/* A line that must start with `key`. */
static int mlp__key(mlp__reader *r, const char *key)
{
    int s = mlp__next(r);
    if (s < 0) return s;
    if (s == 0) return mlp__bad(r, "the file ends where a line '%s ...' was expected (truncated?)", key);
    if (!r->first) return mlp__bad(r, "unexpected '%s' at the end of the line (before '%s')", r->tok, key);
    if (strcmp(r->tok, key) != 0) return mlp__bad(r, "expected a line '%s ...', found '%s'", key, r->tok);
    return MLP_OK;
}

/* The next value on the current line. */
static int mlp__value(mlp__reader *r, const char *what)
{
    int s;
    if (r->eol) return mlp__bad(r, "%s is missing (the line ends too early)", what);
    s = mlp__next(r);
    return s < 0 ? s : MLP_OK;
}

/* Nothing more on this line. */
static int mlp__end_line(mlp__reader *r, const char *what)
{
    int s;
    if (r->eol) return MLP_OK;
    if ((s = mlp__next(r)) < 0) return s;
    return mlp__bad(r, "unexpected '%s' after %s", r->tok, what);
}

/* An integer in [lo, hi], digits only (and a leading minus): no locale, no
   overflow (we stop accumulating beyond hi). */
static int mlp__int(mlp__reader *r, const char *what, long lo, long hi, long *out)
{
    const char *p;
    long v = 0;
    int s, neg, big = 0;
    if ((s = mlp__value(r, what))) return s;
    p = r->tok;
    neg = *p == '-';
    if (neg) p++;
    if (!*p) return mlp__bad(r, "%s: expected an integer, found '%s'", what, r->tok);
    for (; *p; p++) {
        if (*p < '0' || *p > '9') return mlp__bad(r, "%s: expected an integer, found '%s'", what, r->tok);
        if (v > (LONG_MAX - (*p - '0')) / 10) big = 1; /* 10 v + digit would overflow a long */
        else v = 10 * v + (*p - '0');
    }
    if (neg) v = -v;
    if (big || v < lo || v > hi) return mlp__bad(r, "%s is %s; it must be in %ld..%ld", what, r->tok, lo, hi);
    *out = v;
    return MLP_OK;
}

/* The current token as a finite double. */
static int mlp__double_token(mlp__reader *r, const char *what, double *out)
{
    if (!mlp__parse_double(r->tok, out)) return mlp__bad(r, "%s: expected a number, found '%s'", what, r->tok);
    if (!(*out - *out == 0)) return mlp__bad(r, "%s is '%s': only finite numbers are allowed", what, r->tok);
    return MLP_OK;
}

/* The current token as a finite number that fits in an mlp_real. */
static int mlp__real_token(mlp__reader *r, const char *what, mlp_real *out)
{
    double v = 0; /* set by mlp__double_token on success; 0 quiets gcc's flow analysis */
    int s = mlp__double_token(r, what, &v);
    if (s) return s;
    if (!mlp__fits_real(v)) return mlp__bad(r, "%s is %s, too large for a float", what, r->tok);
    *out = (mlp_real)v;
    return MLP_OK;
}

/* The next value on the line, as a number. */
static int mlp__real_value(mlp__reader *r, const char *what, mlp_real *out)
{
    int s = mlp__value(r, what);
    return s ? s : mlp__real_token(r, what, out);
}

/* One of the names of an enum (from its name function, e.g. mlp_act_name). */
static int mlp__name_value(mlp__reader *r, const char *what, const char *(*name_of)(int), int count, int *out)
{
    int k, s;
    if ((s = mlp__value(r, what))) return s;
    for (k = 0; k < count; k++)
        if (strcmp(r->tok, name_of(k)) == 0) {
            *out = k;
            return MLP_OK;
        }
    return mlp__bad(r, "unknown %s '%s'", what, r->tok);
}
/* The name functions take enums; these adapters let one lookup serve all. */
static const char *mlp__act_name_i(int k) { return mlp_act_name((mlp_act_kind)k); }
static const char *mlp__loss_name_i(int k) { return mlp_loss_name((mlp_loss_kind)k); }
static const char *mlp__init_name_i(int k) { return mlp_init_name((mlp_init_kind)k); }
static const char *mlp__optim_name_i(int k) { return mlp_optim_name((mlp_optim_kind)k); }

/* 64 bits written as 16 hexadecimal digits. */
static int mlp__hex64(mlp__reader *r, const char *what, unsigned long long *out)
{
    const char *p;
    unsigned long long v = 0;
    int s;
    if ((s = mlp__value(r, what))) return s;
    if (strlen(r->tok) != 16) return mlp__bad(r, "%s: expected 16 hexadecimal digits, found '%s'", what, r->tok);
    for (p = r->tok; *p; p++) {
        int d = (*p >= '0' && *p <= '9') ? *p - '0' : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10 : -1;
        if (d < 0) return mlp__bad(r, "%s: expected 16 hexadecimal digits, found '%s'", what, r->tok);
        v = (v << 4) | (unsigned long long)d;
    }
    *out = v;
    return MLP_OK;
}

/* Would rows x cols numbers fit in what is left of the file? Each needs at
   least two bytes (a digit and a separator), so a header promising more is
   a truncated or forged file, and we say so before allocating anything. */
static int mlp__plausible(mlp__reader *r, const char *what, long rows, long cols)
{
    long long need = 2 * (long long)rows * (long long)cols;
    if (r->size >= 0 && need > r->size - r->used)
        return mlp__bad(r, "%s needs %ld x %ld numbers, but only %lld bytes are left in the file (truncated?)", what,
                        rows, cols, r->size - r->used);
    return MLP_OK;
}

/* A matrix: the line "key rows cols", then one line of cols numbers per row.
   Its shape must be rows x cols, or 0 x 0 if allow_empty (optimizer state
   that no step has created yet). M is resized to the shape read. */
static int mlp__read_matrix(mlp__reader *r, const char *key, const char *owner, mlp_mat *M, int rows, int cols,
                            int allow_empty)
{
    char what[96];
    long R, C;
    int i, j, s;
    if ((s = mlp__key(r, key))) return s;
    snprintf(what, sizeof what, "%s: the rows of %s", owner, key);
    if ((s = mlp__int(r, what, 0, MLP__MAX_DIM, &R))) return s;
    snprintf(what, sizeof what, "%s: the columns of %s", owner, key);
    if ((s = mlp__int(r, what, 0, MLP__MAX_DIM, &C)) || (s = mlp__end_line(r, "the shape"))) return s;
    if (!(R == rows && C == cols) && !(allow_empty && R == 0 && C == 0))
        return mlp__bad(r, "%s: %s is %ldx%ld, but the network needs %dx%d%s", owner, key, R, C, rows, cols,
                        allow_empty ? " (or 0x0)" : "");
    if ((s = mlp__plausible(r, key, R, C)) || (s = mlp_mat_resize(M, (int)R, (int)C))) return s;
    for (i = 0; i < R; i++) {
        for (j = 0; j < C; j++) {
            if (j > 0 && r->eol) return mlp__bad(r, "%s: row %d of %s has %d numbers; it needs %ld", owner, i, key, j, C);
            if ((s = mlp__next(r)) < 0) return s;
            if (s == 0) return mlp__bad(r, "%s: the file ends in row %d of %s (truncated?)", owner, i, key);
            if (j == 0 && !r->first) return mlp__bad(r, "%s: row %d of %s must start a new line", owner, i, key);
            snprintf(what, sizeof what, "%s: %s[%d][%d]", owner, key, i, j);
            if ((s = mlp__real_token(r, what, &M->data[(size_t)i * (size_t)C + (size_t)j]))) return s;
        }
        if (!r->eol) {
            if ((s = mlp__next(r)) < 0) return s;
            return mlp__bad(r, "%s: row %d of %s has more than %ld numbers (found '%s')", owner, i, key, C, r->tok);
        }
    }
    return MLP_OK;
}

/* ---- the network file, format v1 -------------------------------------------
   One key per line, then its values; matrices one row per line. For a 2-8-3
   classifier trained by Adam:

       mlp.h network v1
       real double                      the build that wrote it (double or float)
       inputs 2
       loss cross_entropy               mlp_loss_name
       training 1                       dropout on (1) or evaluation mode (0)
       rng 5c1e... 9a0b... 77f1... 03d2... 0 0    the dropout generator:
                                        4 x 64-bit state in hex, has_spare, spare
       layers 2
       layer 0
       units 8
       activation tanh                  mlp_act_name
       slope 0.01                       leaky ReLU's slope
       init auto 0 0                    mlp_init_name, init_a, init_b
       dropout 0
       W 2 8                            n_in x n_out, then n_in lines of n_out numbers
       0.12345678901234567 -0.5 ...
       ...
       b 1 8
       0 0 0 0 0 0 0 0
       layer 1
       ...                              as layer 0
       optimizer adam                   mlp_optim_name, or `none` (then `end` follows)
       lr 0.001
       momentum 0
       dampening 0
       nesterov 0
       alpha 0.98999999999999999
       betas 0.90000000000000002 0.999
       eps 1e-08
       lr_decay 0
       weight_decay 0
       l1 0
       decay_bias 0
       clip_norm 0
       t 1200                           steps taken
       state 0                          the optimizer's state of layer 0:
       mW 2 8                           shaped as W and b, or 0 0 before the first step
       ...
       mb 1 8
       vW 2 8
       vb 1 8
       state 1
       ...
       end

   A reader of version 1 rejects any other version: a later version that adds
   a key gets a new number, so an old mlp.h says "version v2 is not supported"
   instead of misreading it. Decimal numbers make the file readable and
   diffable; they cost about 20 bytes per parameter. */

/* A matrix as the reader expects it: the line "key rows cols", then one line
   of cols numbers per row. */
static void mlp__write_matrix(mlp__writer *w, const char *key, const mlp_mat *M)
{
    int i, j;
    mlp__out(w, "%s %d %d\n", key, M->rows, M->cols);
    for (i = 0; i < M->rows; i++)
        for (j = 0; j < M->cols; j++) {
            mlp__out_real(w, (double)M->data[(size_t)i * M->cols + j]);
            mlp__out(w, j + 1 < M->cols ? " " : "\n");
        }
}

/* One line "key value", the value exactly. */
static void mlp__write_value(mlp__writer *w, const char *key, mlp_real v)
{
    mlp__out(w, "%s ", key);
    mlp__out_real(w, (double)v);
    mlp__out(w, "\n");
}

/* The first lines: the magic line, the build, inputs, loss, mode, the
   dropout generator (its spare normal is a double in every build, hence
   %.17g) and the number of layers. */
static void mlp__write_header(mlp__writer *w, const mlp_net *net)
{
    const mlp_rng *g = &net->rng;
    mlp__out(w, "mlp.h network v1\nreal %s\ninputs %d\nloss %s\ntraining %d\n",
             sizeof(mlp_real) == sizeof(float) ? "float" : "double", net->n_in, mlp_loss_name(net->loss),
             net->training ? 1 : 0);
    mlp__out(w, "rng %016llx %016llx %016llx %016llx %d ", g->s[0], g->s[1], g->s[2], g->s[3], g->has_spare ? 1 : 0);
    mlp__out(w, "%.17g\nlayers %d\n", g->spare, net->n_layers);
}

/* Layer l: its description, then W and b. */
static void mlp__write_layer(mlp__writer *w, const mlp_layer *L, int l)
{
    mlp__out(w, "layer %d\nunits %d\nactivation %s\n", l, L->n_out, mlp_act_name(L->act));
    mlp__write_value(w, "slope", L->slope);
    mlp__out(w, "init %s ", mlp_init_name(L->init));
    mlp__out_real(w, (double)L->init_a);
    mlp__out(w, " ");
    mlp__out_real(w, (double)L->init_b);
    mlp__out(w, "\n");
    mlp__write_value(w, "dropout", L->dropout);
    mlp__write_matrix(w, "W", &L->W);
    mlp__write_matrix(w, "b", &L->b);
}

/* The optimizer: its name and hyperparameters, then the state it keeps in
   each layer (mW, mb, vW, vb). */
static void mlp__write_optim(mlp__writer *w, const mlp_net *net, const mlp_optim *opt)
{
    int l;
    mlp__out(w, "optimizer %s\n", mlp_optim_name(opt->kind));
    mlp__write_value(w, "lr", opt->lr);
    mlp__write_value(w, "momentum", opt->momentum);
    mlp__write_value(w, "dampening", opt->dampening);
    mlp__out(w, "nesterov %d\n", opt->nesterov ? 1 : 0);
    mlp__write_value(w, "alpha", opt->alpha);
    mlp__out(w, "betas ");
    mlp__out_real(w, (double)opt->beta1);
    mlp__out(w, " ");
    mlp__out_real(w, (double)opt->beta2);
    mlp__out(w, "\n");
    mlp__write_value(w, "eps", opt->eps);
    mlp__write_value(w, "lr_decay", opt->lr_decay);
    mlp__write_value(w, "weight_decay", opt->weight_decay);
    mlp__write_value(w, "l1", opt->l1);
    mlp__out(w, "decay_bias %d\n", opt->decay_bias ? 1 : 0);
    mlp__write_value(w, "clip_norm", opt->clip_norm);
    mlp__out(w, "t %ld\n", opt->t);
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        mlp__out(w, "state %d\n", l);
        mlp__write_matrix(w, "mW", &L->mW);
        mlp__write_matrix(w, "mb", &L->mb);
        mlp__write_matrix(w, "vW", &L->vW);
        mlp__write_matrix(w, "vb", &L->vb);
    }
}

MLPDEF int mlp_net_write(const mlp_net *net, const mlp_optim *opt, FILE *f)
{
    mlp__writer w;
    int l;
    if (!net || !f || net->n_layers < 1) {
        mlp__misuse("mlp_net_write: needs a network with at least one layer and an open file");
        return MLP_ERR_IO;
    }
    w.f = f;
    w.failed = 0;
    mlp__write_header(&w, net);
    for (l = 0; l < net->n_layers; l++) mlp__write_layer(&w, &net->layers[l], l);
    if (opt) mlp__write_optim(&w, net, opt);
    else mlp__out(&w, "optimizer none\n");
    mlp__out(&w, "end\n");
    if (w.failed || ferror(f)) return mlp__fail(MLP_ERR_IO, "mlp_net_write: a write failed (disk full?)");
    return MLP_OK;
}

/* What the loader would refuse, refused before writing: a file that cannot
   be loaded back is worse than no file. */
static int mlp__check_savable(const mlp_net *net, const mlp_optim *opt)
{
    char name[64];
    int l, m, status;
    for (l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        const mlp_mat *mats[6];
        const char *key[6] = {"W", "b", "mW", "mb", "vW", "vb"};
        mats[0] = &L->W;
        mats[1] = &L->b;
        mats[2] = &L->mW;
        mats[3] = &L->mb;
        mats[4] = &L->vW;
        mats[5] = &L->vb;
        for (m = 0; m < (opt ? 6 : 2); m++) {
            snprintf(name, sizeof name, "mlp_net_save: layer %d: %s", l, key[m]);
            if ((status = mlp_mat_check_finite(mats[m], name))) return status;
        }
        if (!mlp__isfinite(L->slope) || !mlp__isfinite(L->init_a) || !mlp__isfinite(L->init_b) ||
            !mlp__isfinite(L->dropout))
            return mlp__fail(MLP_ERR_DATA, "mlp_net_save: layer %d: slope, init_a, init_b or dropout is not finite", l);
    }
    if (opt && (!mlp__isfinite(opt->lr) || !mlp__isfinite(opt->momentum) || !mlp__isfinite(opt->dampening) ||
                !mlp__isfinite(opt->alpha) || !mlp__isfinite(opt->beta1) || !mlp__isfinite(opt->beta2) ||
                !mlp__isfinite(opt->eps) || !mlp__isfinite(opt->lr_decay) || !mlp__isfinite(opt->weight_decay) ||
                !mlp__isfinite(opt->l1) || !mlp__isfinite(opt->clip_norm)))
        return mlp__fail(MLP_ERR_DATA, "mlp_net_save: a hyperparameter of the optimizer is not finite");
    return MLP_OK;
}

MLPDEF int mlp_net_save(const mlp_net *net, const mlp_optim *opt, const char *path)
{
    char *tmp;
    FILE *f;
    int status;
    if (!net || !path || net->n_layers < 1) {
        mlp__misuse("mlp_net_save: needs a network with at least one layer and a path");
        return MLP_ERR_IO;
    }
    if ((status = mlp__check_savable(net, opt))) return status;
    if ((status = mlp__save_begin("mlp_net_save", path, &tmp, &f))) return status;
    status = mlp_net_write(net, opt, f);
    if (status) mlp__fail(MLP_ERR_IO, "mlp_net_save: writing '%s' failed (disk full?)", tmp);
    return mlp__save_end("mlp_net_save", path, tmp, f, status);
}

/* The optimizer part of a file, after its name (already read: kind):
   hyperparameters, then each layer's state. */
static int mlp__read_optim(mlp__reader *r, mlp_net *net, mlp_optim *o, int kind)
{
    char owner[32];
    long v = 0;
    int l, s;
    memset(o, 0, sizeof *o);
    o->kind = (mlp_optim_kind)kind;
    if ((s = mlp__end_line(r, "the optimizer"))) return s;
    if ((s = mlp__key(r, "lr")) || (s = mlp__real_value(r, "lr", &o->lr)) || (s = mlp__end_line(r, "lr")))
        return s;
    if (o->lr < 0) return mlp__bad(r, "the learning rate is negative");
    if ((s = mlp__key(r, "momentum")) || (s = mlp__real_value(r, "momentum", &o->momentum)) ||
        (s = mlp__end_line(r, "momentum")) || (s = mlp__key(r, "dampening")) ||
        (s = mlp__real_value(r, "dampening", &o->dampening)) || (s = mlp__end_line(r, "dampening")) ||
        (s = mlp__key(r, "nesterov")) || (s = mlp__int(r, "nesterov", 0, 1, &v)) || (s = mlp__end_line(r, "nesterov")))
        return s;
    o->nesterov = (int)v;
    if ((s = mlp__key(r, "alpha")) || (s = mlp__real_value(r, "alpha", &o->alpha)) || (s = mlp__end_line(r, "alpha")) ||
        (s = mlp__key(r, "betas")) || (s = mlp__real_value(r, "beta1", &o->beta1)) ||
        (s = mlp__real_value(r, "beta2", &o->beta2)) || (s = mlp__end_line(r, "the betas")) ||
        (s = mlp__key(r, "eps")) || (s = mlp__real_value(r, "eps", &o->eps)) || (s = mlp__end_line(r, "eps")) ||
        (s = mlp__key(r, "lr_decay")) || (s = mlp__real_value(r, "lr_decay", &o->lr_decay)) ||
        (s = mlp__end_line(r, "lr_decay")) || (s = mlp__key(r, "weight_decay")) ||
        (s = mlp__real_value(r, "weight_decay", &o->weight_decay)) || (s = mlp__end_line(r, "weight_decay")) ||
        (s = mlp__key(r, "l1")) || (s = mlp__real_value(r, "l1", &o->l1)) || (s = mlp__end_line(r, "l1")) ||
        (s = mlp__key(r, "decay_bias")) || (s = mlp__int(r, "decay_bias", 0, 1, &v)) ||
        (s = mlp__end_line(r, "decay_bias")))
        return s;
    o->decay_bias = (int)v;
    if ((s = mlp__key(r, "clip_norm")) || (s = mlp__real_value(r, "clip_norm", &o->clip_norm)) ||
        (s = mlp__end_line(r, "clip_norm")) || (s = mlp__key(r, "t")) ||
        (s = mlp__int(r, "t (steps taken)", 0, LONG_MAX, &v)) || (s = mlp__end_line(r, "t")))
        return s;
    o->t = v;
    for (l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layers[l];
        if ((s = mlp__key(r, "state")) || (s = mlp__int(r, "the layer of the state", l, l, &v)) ||
            (s = mlp__end_line(r, "the layer")))
            return s;
        snprintf(owner, sizeof owner, "layer %d", l);
        if ((s = mlp__read_matrix(r, "mW", owner, &L->mW, L->n_in, L->n_out, 1)) ||
            (s = mlp__read_matrix(r, "mb", owner, &L->mb, 1, L->n_out, 1)) ||
            (s = mlp__read_matrix(r, "vW", owner, &L->vW, L->n_in, L->n_out, 1)) ||
            (s = mlp__read_matrix(r, "vb", owner, &L->vb, 1, L->n_out, 1)))
            return s;
    }
    return MLP_OK;
}

/* One layer's description and parameters, appended to net. */
static int mlp__read_layer(mlp__reader *r, mlp_net *net, int l, int n_layers)
{
    char owner[32];
    mlp_layer *L;
    mlp_real slope = 0, init_a = 0, init_b = 0, dropout = 0;
    long v = 0, n_in = l ? net->layers[l - 1].n_out : net->n_in;
    int s, act = 0, init = 0; /* set before use; initialized for the compiler's flow analysis */
    if ((s = mlp__key(r, "layer")) || (s = mlp__int(r, "the layer number", l, l, &v)) ||
        (s = mlp__end_line(r, "the layer number")))
        return s;
    snprintf(owner, sizeof owner, "layer %d", l);
    if ((s = mlp__key(r, "units")) || (s = mlp__int(r, "units", 1, MLP__MAX_DIM, &v)) || (s = mlp__end_line(r, "units")) ||
        (s = mlp__key(r, "activation")) ||
        (s = mlp__name_value(r, "activation", mlp__act_name_i, MLP_ACT_COUNT, &act)) ||
        (s = mlp__end_line(r, "the activation")) || (s = mlp__key(r, "slope")) ||
        (s = mlp__real_value(r, "slope", &slope)) || (s = mlp__end_line(r, "the slope")) ||
        (s = mlp__key(r, "init")) || (s = mlp__name_value(r, "init", mlp__init_name_i, MLP_INIT_COUNT, &init)) ||
        (s = mlp__real_value(r, "init_a", &init_a)) || (s = mlp__real_value(r, "init_b", &init_b)) ||
        (s = mlp__end_line(r, "init")) || (s = mlp__key(r, "dropout")) ||
        (s = mlp__real_value(r, "dropout", &dropout)) || (s = mlp__end_line(r, "dropout")))
        return s;
    /* what mlp_forward would stop at must be a format error here */
    if (!(dropout >= 0 && dropout < 1)) return mlp__bad(r, "%s: dropout must be in [0, 1)", owner);
    if (dropout > 0 && l == n_layers - 1) return mlp__bad(r, "%s: the output layer cannot have dropout", owner);
    /* before mlp_net_add allocates W, b, dW, db: are they in the file at all? */
    if ((s = mlp__plausible(r, "the layer's W and b", n_in + 1, v))) return s;
    if ((s = mlp_net_add(net, (int)v, (mlp_act_kind)act))) return s;
    L = &net->layers[l];
    L->slope = slope;
    L->init = (mlp_init_kind)init;
    L->init_a = init_a;
    L->init_b = init_b;
    L->dropout = dropout;
    if ((s = mlp__read_matrix(r, "W", owner, &L->W, L->n_in, L->n_out, 0)) ||
        (s = mlp__read_matrix(r, "b", owner, &L->b, 1, L->n_out, 0)))
        return s;
    return MLP_OK;
}

/* The whole file into net (fresh storage; the caller frees it on failure). */
static int mlp__read_net(mlp__reader *r, mlp_net *net, mlp_optim *o, int *has_opt)
{
    unsigned long long state[4];
    long n_in = 0, n_layers = 0, training = 0, has_spare = 0;
    double spare = 0; /* a double in every build: the generator's normals are doubles */
    int s, l, loss = 0, k;
    *has_opt = 0;
    /* the magic line first: tell "not ours" from "ours, but broken" */
    if ((s = mlp__next(r)) < 0) return s;
    if (s == 0) return mlp__bad(r, "empty file (a network file starts with 'mlp.h network v1')");
    if (strcmp(r->tok, "mlp.h") != 0 || r->eol || mlp__next(r) != 1 || strcmp(r->tok, "network") != 0)
        return mlp__bad(r, "not an mlp.h network file (it should start with 'mlp.h network v1')");
    if ((s = mlp__value(r, "the version"))) return s;
    if (strcmp(r->tok, "v1") != 0) return mlp__bad(r, "version '%s' is not supported (this mlp.h reads v1)", r->tok);
    if ((s = mlp__end_line(r, "the version"))) return s;
    if ((s = mlp__key(r, "real")) || (s = mlp__value(r, "real"))) return s;
    if (strcmp(r->tok, "double") != 0 && strcmp(r->tok, "float") != 0)
        return mlp__bad(r, "real must be double or float, found '%s'", r->tok);
    if ((s = mlp__end_line(r, "real")) || (s = mlp__key(r, "inputs")) ||
        (s = mlp__int(r, "inputs", 1, MLP__MAX_DIM, &n_in)) || (s = mlp__end_line(r, "inputs")) ||
        (s = mlp__key(r, "loss")) || (s = mlp__name_value(r, "loss", mlp__loss_name_i, MLP_LOSS_COUNT, &loss)) ||
        (s = mlp__end_line(r, "the loss")) || (s = mlp__key(r, "training")) ||
        (s = mlp__int(r, "training", 0, 1, &training)) || (s = mlp__end_line(r, "training")) ||
        (s = mlp__key(r, "rng")))
        return s;
    for (k = 0; k < 4; k++)
        if ((s = mlp__hex64(r, "the generator's state", &state[k]))) return s;
    if ((s = mlp__int(r, "has_spare", 0, 1, &has_spare)) || (s = mlp__value(r, "spare")) ||
        (s = mlp__double_token(r, "spare", &spare)) || (s = mlp__end_line(r, "the generator")))
        return s;
    if (!(state[0] | state[1] | state[2] | state[3]))
        return mlp__bad(r, "the generator's state is all zero, which xoshiro256** never reaches");
    if ((s = mlp__key(r, "layers")) || (s = mlp__int(r, "layers", 1, MLP__MAX_LAYERS, &n_layers)) ||
        (s = mlp__end_line(r, "layers")))
        return s;
    if ((s = mlp_net_new(net, (int)n_in, (mlp_loss_kind)loss))) return s;
    net->training = (int)training;
    for (k = 0; k < 4; k++) net->rng.s[k] = state[k];
    net->rng.has_spare = (int)has_spare;
    net->rng.spare = spare;
    for (l = 0; l < n_layers; l++)
        if ((s = mlp__read_layer(r, net, l, (int)n_layers))) return s;
    if (net->loss == MLP_CROSS_ENTROPY && net->layers[n_layers - 1].act != MLP_SOFTMAX)
        return mlp__bad(r, "the loss is cross_entropy, which needs a softmax output layer, but it is %s",
                        mlp_act_name(net->layers[n_layers - 1].act));
    if ((s = mlp__key(r, "optimizer")) || (s = mlp__value(r, "the optimizer"))) return s;
    if (strcmp(r->tok, "none") == 0) {
        if ((s = mlp__end_line(r, "the optimizer"))) return s;
    } else {
        for (k = 0; k < MLP_OPT_COUNT && strcmp(r->tok, mlp__optim_name_i(k)) != 0; k++) continue;
        if (k == MLP_OPT_COUNT) return mlp__bad(r, "unknown optimizer '%s'", r->tok);
        if ((s = mlp__read_optim(r, net, o, k))) return s;
        *has_opt = 1;
    }
    if ((s = mlp__key(r, "end")) || (s = mlp__end_line(r, "end"))) return s;
    if ((s = mlp__next(r)) < 0) return s;
    if (s == 1) return mlp__bad(r, "unexpected '%s' after 'end' (trailing garbage)", r->tok);
    return MLP_OK;
}

MLPDEF int mlp_net_read(mlp_net *net, mlp_optim *opt, FILE *f, const char *name)
{
    mlp__reader r;
    mlp_net tmp;
    mlp_optim o;
    int status, has_opt, l;
    if (!net || !f) {
        mlp__misuse("mlp_net_read: needs a network to fill and an open file");
        return MLP_ERR_IO;
    }
    memset(&tmp, 0, sizeof tmp);
    memset(&o, 0, sizeof o);
    mlp__reader_init(&r, f, name);
    status = mlp__read_net(&r, &tmp, &o, &has_opt);
    if (status == MLP_OK && opt && !has_opt)
        status = mlp__fail_at(MLP_ERR_FORMAT, r.name, 0,
                              "the file holds no optimizer (it was saved with opt NULL); load it with opt NULL");
    if (status != MLP_OK) {
        mlp_net_free(&tmp); /* everything built so far; *net and *opt were not touched */
        return status;
    }
    if (!opt) /* the caller did not ask for the optimizer's state: do not keep it */
        for (l = 0; l < tmp.n_layers; l++) {
            mlp_mat_free(&tmp.layers[l].mW);
            mlp_mat_free(&tmp.layers[l].mb);
            mlp_mat_free(&tmp.layers[l].vW);
            mlp_mat_free(&tmp.layers[l].vb);
        }
    *net = tmp; /* a struct copy: the layers live on the heap, nothing points into tmp */
    if (opt) *opt = o;
    return MLP_OK;
}

MLPDEF int mlp_net_load(mlp_net *net, mlp_optim *opt, const char *path)
{
    FILE *f;
    int status;
    if (!net || !path) {
        mlp__misuse("mlp_net_load: needs a network to fill and a path");
        return MLP_ERR_IO;
    }
    if ((status = mlp__open_read("mlp_net_load", path, &f))) return status;
    status = mlp_net_read(net, opt, f, path);
    fclose(f); /* only read from: nothing to lose if closing fails */
    return status;
}

/* ---- CSV and TSV -------------------------------------------------------------
   A CSV file has no header that says how many rows follow, so the reader
   collects numbers in a buffer that doubles when full (amortized O(1) per
   number) and hands that buffer to the caller's matrix at the end. Each line
   is read whole (any length), then cut into fields in place. */

MLPDEF mlp_csv_opts mlp_csv_defaults(void)
{
    mlp_csv_opts o;
    memset(&o, 0, sizeof o);
    o.header = -1;
    o.comment = '#';
    return o;
}

/* A line of any length: the buffer grows as needed and is reused line after line. */
typedef struct mlp__line {
    char *s;
    size_t len, cap;
} mlp__line;

/* The next line into l->s, NUL-terminated, without its \n or \r\n.
   Returns 1, 0 at the end of the file, or an error. */
static int mlp__read_line(FILE *f, mlp__line *l, const char *name, long line)
{
    int c = getc(f);
    l->len = 0;
    if (c == EOF) return ferror(f) ? mlp__fail_at(MLP_ERR_IO, name, line, "read error") : 0;
    for (;;) {
        if (l->len + 1 >= l->cap) { /* room for this character and the final NUL */
            size_t cap = l->cap ? 2 * l->cap : 256;
            char *p = (char *)MLP_REALLOC(l->s, cap);
            if (!p) return mlp__fail_at(MLP_ERR_NOMEM, name, line, "out of memory for a line of %lu bytes",
                                        (unsigned long)cap);
            l->s = p;
            l->cap = cap;
        }
        if (c == EOF || c == '\n') break;
        if (c == '\0') return mlp__fail_at(MLP_ERR_FORMAT, name, line, "a NUL byte: this is not a text file");
        l->s[l->len++] = (char)c;
        c = getc(f);
    }
    if (c == EOF && ferror(f)) return mlp__fail_at(MLP_ERR_IO, name, line, "read error");
    if (l->len > 0 && l->s[l->len - 1] == '\r') l->len--;
    l->s[l->len] = '\0';
    return 1;
}

/* Is c padding around a field? Spaces always; tabs too, unless they separate. */
static int mlp__csv_pad(char c, char sep) { return c == ' ' || (c == '\t' && sep != '\t'); }

/* Cuts the next field off the text at *p, in place, and returns it (quotes
   removed, padding trimmed). *p becomes NULL after the last field of the
   line. With sep ' ' any run of spaces and tabs separates. *bad is set to 1
   for a quote that never closes and to 2 for text after a closing quote. */
static char *mlp__csv_field(char **p, char sep, int *bad)
{
    char *s = *p, *start, *end, *next;
    while (mlp__csv_pad(*s, sep)) s++;
    start = s;
    if (*s == '"') { /* "..." with "" for a quote inside: copy down over the quotes */
        char *w = s;
        s++;
        for (;;) {
            if (*s == '\0') {
                *bad = 1;
                *p = NULL;
                return start;
            }
            if (*s == '"' && s[1] == '"') {
                *w++ = '"';
                s += 2;
            } else if (*s == '"') {
                s++;
                break;
            } else *w++ = *s++;
        }
        end = w;
        while (mlp__csv_pad(*s, sep)) s++;
        if (*s && *s != sep && sep != ' ') *bad = 2;
    } else {
        while (*s && *s != sep && !(sep == ' ' && *s == '\t')) s++;
        end = s;
        while (end > start && mlp__csv_pad(end[-1], sep)) end--;
    }
    if (sep == ' ') {
        while (*s == ' ' || *s == '\t') s++;
        next = *s ? s : NULL;
    } else next = *s == sep ? s + 1 : NULL;
    *end = '\0'; /* after `next` was decided: end may be where s was */
    *p = next;
    return start;
}

/* The separator of a line, as documented at mlp_csv_opts. */
static char mlp__csv_detect(const char *s)
{
    const char *p;
    if (strchr(s, '\t')) return '\t';
    if (strchr(s, ';')) return ';';
    if (strchr(s, ',')) return ',';
    while (*s == ' ') s++;
    for (p = s; *p; p++)
        if (*p == ' ' && p[1] && p[1] != ' ') return ' ';
    return ',';
}

/* A missing value, when allow_nan admits them: an empty field, NA or any
   spelling of NaN that strtod accepts (nan, NaN, nan(...)). */
static int mlp__csv_missing(const char *s)
{
    double v;
    return !*s || strcmp(s, "NA") == 0 || (mlp__parse_double(s, &v) && v != v);
}

/* One field as a number, or why it is not one. Returns MLP_OK and *out, or an error naming the place. */
static int mlp__csv_number(const char *s, const mlp_csv_opts *o, const char *name, long line, int col, mlp_real *out)
{
    double v;
    if (o->allow_nan && mlp__csv_missing(s)) {
        *out = (mlp_real)NAN;
        return MLP_OK;
    }
    if (!*s)
        return mlp__fail_at(MLP_ERR_FORMAT, name, line, "column %d is empty (a missing value; allow_nan reads it as NaN)", col);
    if (!mlp__parse_double(s, &v))
        return mlp__fail_at(MLP_ERR_FORMAT, name, line, "column %d: '%.40s' is not a number", col, s);
    if (v != v)
        return mlp__fail_at(MLP_ERR_DATA, name, line, "column %d is '%.40s', NaN, which is not allowed (allow_nan reads it)", col, s);
    if (!(v - v == 0) || !mlp__fits_real(v))
        return mlp__fail_at(MLP_ERR_DATA, name, line, "column %d: '%.40s' is infinite or too large for a%s", col, s,
                            sizeof(mlp_real) == sizeof(float) ? " float" : " double");
    *out = (mlp_real)v;
    return MLP_OK;
}

/* Would this first line be a header? Yes if a field holds text that is not a
   number (nor a missing value, when those are allowed). An empty field alone
   does not make a header (it is a missing number, or pandas' unnamed index
   column next to named ones); a broken quote is left for the reader to report. */
static int mlp__csv_is_header(char *s, char sep, int allow_nan)
{
    char *p = s, *field;
    double v;
    int bad = 0;
    while (p) {
        field = mlp__csv_field(&p, sep, &bad);
        if (bad) return 0;
        if (!*field || (allow_nan && mlp__csv_missing(field))) continue;
        if (!mlp__parse_double(field, &v)) return 1;
    }
    return 0;
}

/* A CSV read in progress: what the first line decided, and the numbers so
   far in a buffer that doubles when full (amortized O(1) per number). */
typedef struct mlp__csv {
    mlp_csv_opts o;       /* the options, with the separator decided */
    const char *name;     /* for messages */
    long line;            /* the line being read, from 1 */
    long rows;            /* rows of numbers read so far */
    int cols;             /* fields of the first row: every row must have as many */
    long first_row_line;  /* where the first row was, for messages */
    int header_found;     /* the first line was a header (skipped) */
    long nans;            /* NaN values read (allow_nan) */
    mlp_real *data;       /* rows * cols numbers, row after row */
    size_t n, cap;        /* numbers in data, and its room */
} mlp__csv;

/* The first line that is not blank nor a comment decides the separator (if
   opts left it to us) and whether it is a header. Returns 1 if it is a
   header, 0 if it is the first row, or an error. */
static int mlp__csv_first_line(mlp__csv *c, const mlp__line *l)
{
    char *copy;
    if (!c->o.sep) c->o.sep = mlp__csv_detect(l->s);
    if (c->o.header != -1) return c->o.header == 1;
    copy = (char *)MLP_MALLOC(l->len + 1); /* the test cuts the line into fields: on a copy */
    if (!copy) return mlp__fail(MLP_ERR_NOMEM, "mlp_csv_read: out of memory");
    memcpy(copy, l->s, l->len + 1);
    c->header_found = mlp__csv_is_header(copy, c->o.sep, c->o.allow_nan);
    MLP_FREE(copy);
    return c->header_found;
}

/* Room for one more number in c->data. */
static int mlp__csv_room(mlp__csv *c)
{
    size_t new_cap;
    mlp_real *q;
    if (c->n < c->cap) return MLP_OK;
    new_cap = c->cap ? 2 * c->cap : 1024;
    if (new_cap > (size_t)-1 / sizeof(mlp_real)) q = NULL;
    else q = (mlp_real *)MLP_REALLOC(c->data, new_cap * sizeof(mlp_real));
    if (!q) return mlp__fail_at(MLP_ERR_NOMEM, c->name, c->line, "out of memory after %lu numbers", (unsigned long)c->n);
    c->data = q;
    c->cap = new_cap;
    return MLP_OK;
}

/* One row: every field of the line parsed, where it stands, into c->data
   (so that an error names its line and column), then the count of fields
   checked against the first row's. */
static int mlp__csv_row(mlp__csv *c, char *text)
{
    char *p = text, *field;
    int col = 0, bad = 0, status;
    while (p) {
        field = mlp__csv_field(&p, c->o.sep, &bad);
        col++;
        if (bad)
            return mlp__fail_at(MLP_ERR_FORMAT, c->name, c->line, bad == 1 ? "column %d: a quote that is never closed"
                                                                           : "column %d: text after the closing quote", col);
        if (c->rows > 0 && col > c->cols)
            return mlp__fail_at(MLP_ERR_FORMAT, c->name, c->line, "more than the %d columns of the first row", c->cols);
        if (col > MLP__MAX_DIM) return mlp__fail_at(MLP_ERR_FORMAT, c->name, c->line, "more than %d columns", (int)MLP__MAX_DIM);
        if ((status = mlp__csv_room(c))) return status;
        if ((status = mlp__csv_number(field, &c->o, c->name, c->line, col, &c->data[c->n]))) return status;
        if (c->data[c->n] != c->data[c->n]) c->nans++;
        c->n++;
    }
    if (c->rows == 0) {
        c->cols = col;
        c->first_row_line = c->line;
    } else if (col != c->cols)
        return mlp__fail_at(MLP_ERR_FORMAT, c->name, c->line, "%d columns, but the first row (line %ld) has %d", col,
                            c->first_row_line, c->cols);
    if (c->rows == 0x7fffffffL) return mlp__fail_at(MLP_ERR_FORMAT, c->name, c->line, "more rows than an mlp_mat can hold");
    c->rows++;
    return MLP_OK;
}

/* The reader in one pass: blank and comment lines are skipped; the first
   remaining line decides the separator and whether it is a header; every
   later line is one row, whose field count must match the first row's. Only
   after the last line does the buffer become the caller's matrix. */
MLPDEF int mlp_csv_read(mlp_mat *M, FILE *f, const char *name, mlp_csv_opts *opts)
{
    mlp__csv c;
    mlp__line l = {NULL, 0, 0};
    mlp_mat tmp = {0, 0, 0, NULL};
    int status = MLP_OK, s, seen_first = 0;
    if (!M || !f) {
        mlp__misuse("mlp_csv_read: needs a matrix to fill and an open file");
        return MLP_ERR_IO;
    }
    memset(&c, 0, sizeof c);
    c.o = opts ? *opts : mlp_csv_defaults();
    c.name = name ? name : "(stream)";
    while (status == MLP_OK && (s = mlp__read_line(f, &l, c.name, c.line + 1)) != 0) {
        char *p;
        if (s < 0) {
            status = s;
            break;
        }
        c.line++;
        p = l.s;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || (c.o.comment && *p == c.o.comment)) continue; /* blank line or comment */
        if (!seen_first) {
            seen_first = 1;
            if ((s = mlp__csv_first_line(&c, &l)) < 0) {
                status = s;
                break;
            }
            c.header_found = s;
            if (s) continue; /* the header */
        }
        status = mlp__csv_row(&c, l.s);
    }
    MLP_FREE(l.s);
    if (status == MLP_OK && c.rows == 0)
        status = mlp__fail_at(MLP_ERR_FORMAT, c.name, 0, c.header_found ? "a header line but no rows of numbers"
                                                                        : "no rows of numbers (an empty file?)");
    if (status != MLP_OK) {
        MLP_FREE(c.data);
        return status;
    }
    tmp.rows = (int)c.rows;
    tmp.cols = c.cols;
    tmp.cap = c.cap;
    tmp.data = c.data;
    if ((status = mlp__mat_take(M, &tmp))) return status;
    if (opts) {
        opts->sep_used = c.o.sep;
        opts->header_found = c.header_found;
        opts->nan_count = c.nans;
    }
    return MLP_OK;
}

MLPDEF int mlp_csv_load(mlp_mat *M, const char *path, mlp_csv_opts *opts)
{
    FILE *f;
    int status;
    if (!M || !path) {
        mlp__misuse("mlp_csv_load: needs a matrix to fill and a path");
        return MLP_ERR_IO;
    }
    if ((status = mlp__open_read("mlp_csv_load", path, &f))) return status;
    status = mlp_csv_read(M, f, path, opts);
    fclose(f);
    return status;
}

/* Infinity cannot be written so that it reads back (the reader refuses it). */
static int mlp__csv_check_writable(const char *fn, const mlp_mat *M)
{
    size_t k, n = (size_t)M->rows * (size_t)M->cols;
    for (k = 0; k < n; k++)
        if (M->data[k] == M->data[k] && !mlp__isfinite(M->data[k]))
            return mlp__fail(MLP_ERR_DATA, "%s: element [%d][%d] is infinite, which a CSV file cannot hold", fn,
                             (int)(k / (size_t)M->cols), (int)(k % (size_t)M->cols));
    return MLP_OK;
}

MLPDEF int mlp_csv_write(const mlp_mat *M, FILE *f, const mlp_csv_opts *opts)
{
    mlp__writer w;
    char sep = opts && opts->sep ? opts->sep : ',';
    int i, j, status;
    if (!M || !f) {
        mlp__misuse("mlp_csv_write: needs a matrix and an open file");
        return MLP_ERR_IO;
    }
    if ((status = mlp__csv_check_writable("mlp_csv_write", M))) return status;
    w.f = f;
    w.failed = 0;
    if (opts && opts->names) mlp__out(&w, "%s\n", opts->names);
    for (i = 0; i < M->rows; i++)
        for (j = 0; j < M->cols; j++) {
            mlp__out_real(&w, (double)M->data[(size_t)i * M->cols + j]);
            mlp__out(&w, "%c", j + 1 < M->cols ? sep : '\n');
        }
    if (w.failed || ferror(f)) return mlp__fail(MLP_ERR_IO, "mlp_csv_write: a write failed (disk full?)");
    return MLP_OK;
}

MLPDEF int mlp_csv_save(const mlp_mat *M, const char *path, const mlp_csv_opts *opts)
{
    char *tmp;
    FILE *f;
    int status;
    if (!M || !path) {
        mlp__misuse("mlp_csv_save: needs a matrix and a path");
        return MLP_ERR_IO;
    }
    if ((status = mlp__csv_check_writable("mlp_csv_save", M))) return status;
    if ((status = mlp__save_begin("mlp_csv_save", path, &tmp, &f))) return status;
    status = mlp_csv_write(M, f, opts);
    if (status) mlp__fail(MLP_ERR_IO, "mlp_csv_save: writing '%s' failed (disk full?)", tmp);
    return mlp__save_end("mlp_csv_save", path, tmp, f, status);
}

/* ---- IDX ------------------------------------------------------------------------
   Header: 2 zero bytes, a type byte (0x08: unsigned bytes; the only type the
   MNIST family uses) and the number of dimensions d, then d sizes as 32-bit
   big-endian integers, most significant byte first. We assemble them from
   bytes, so the byte order of the machine never matters. For example the
   Fashion-MNIST training images start 00 00 08 03 | 00 00 ea 60 | 00 00 00 1c |
   00 00 00 1c: bytes, 3 dimensions, 60000 images of 28 x 28; then 60000 * 784
   pixel bytes, so the file is exactly 16 + 47 040 000 bytes long. There is
   no checksum: the size is the only check of integrity the format allows,
   so we insist on it. */

static unsigned long mlp__be32(const unsigned char *p)
{
    return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) | ((unsigned long)p[2] << 8) | (unsigned long)p[3];
}

/* Reads and checks the header of an IDX file of `n_dims` dimensions (3 for
   images, 1 for labels). dims receives the sizes, *count their product
   (the number of bytes that must follow). */
static int mlp__idx_header(FILE *f, const char *name, int n_dims, unsigned long dims[3], unsigned long long *count)
{
    unsigned char h[16];
    size_t got = fread(h, 1, 4, f);
    int k;
    const char *kind = n_dims == 3 ? "images" : "labels";
    if (ferror(f)) return mlp__fail_at(MLP_ERR_IO, name, 0, "read error");
    if (got == 0) return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "empty file (an IDX file starts with a 4-byte magic number)");
    if (got >= 2 && h[0] == 0x1f && h[1] == 0x8b)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "a gzip file: decompress it first (gzip -dc file.gz > file)");
    if (got < 4) return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "truncated header (%lu bytes)", (unsigned long)got);
    if (h[0] != 0 || h[1] != 0)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "bad magic 0x%02x%02x%02x%02x: not an IDX file (%s start with 0x0000080%d)",
                            h[0], h[1], h[2], h[3], kind, n_dims == 3 ? 3 : 1);
    if (h[2] != 0x08)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "bad magic 0x%02x%02x%02x%02x: element type 0x%02x is not supported (only 0x08, unsigned bytes)",
                            h[0], h[1], h[2], h[3], h[2]);
    if (h[3] != n_dims)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "bad magic 0x%02x%02x%02x%02x: %d dimensions, but IDX %s have %d (magic 0x0000080%d)",
                            h[0], h[1], h[2], h[3], h[3], kind, n_dims, n_dims);
    got = fread(h + 4, 1, (size_t)(4 * n_dims), f);
    if (ferror(f)) return mlp__fail_at(MLP_ERR_IO, name, 0, "read error");
    if (got < (size_t)(4 * n_dims))
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "truncated header: %d sizes of 4 bytes expected", n_dims);
    *count = 1;
    for (k = 0; k < n_dims; k++) {
        dims[k] = mlp__be32(h + 4 + 4 * k);
        if (dims[k] == 0) return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "size %d in the header is 0: no %s", k, kind);
    }
    if (dims[0] > 0x7fffffffUL)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "%lu %s: more than an mlp_mat can hold", dims[0], kind);
    if (n_dims == 3 && (dims[1] > MLP__MAX_DIM || dims[2] > MLP__MAX_DIM || dims[1] * dims[2] > MLP__MAX_DIM))
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "images of %lu x %lu pixels: more than %d pixels", dims[1], dims[2],
                            (int)MLP__MAX_DIM);
    for (k = 0; k < n_dims; k++) *count *= dims[k];
    return MLP_OK;
}

/* The `count` bytes after the header: the file must hold exactly these. When
   the stream can seek we compare sizes before allocating anything. */
static int mlp__idx_check_size(FILE *f, const char *name, unsigned long long count, const char *what)
{
    long long left = mlp__stream_left(f);
    if (left >= 0 && (unsigned long long)left < count)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "truncated: the header promises %s (%llu bytes), but only %lld bytes follow",
                            what, count, left);
    if (left >= 0 && (unsigned long long)left > count)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "%lld bytes follow the header, but it promises %s (%llu bytes): trailing data or a wrong header",
                            left, what, count);
    return MLP_OK;
}

/* Reads M's rows * cols bytes into its numbers, each byte / divisor (255 for
   pixels, 1 for labels); labels (n_classes > 0) are checked against the
   number of classes. Then the file must end. */
static int mlp__idx_body(FILE *f, const char *name, mlp_mat *M, mlp_real divisor, int n_classes)
{
    unsigned char buf[4096];
    size_t n = (size_t)M->rows * (size_t)M->cols, done = 0, k, got;
    while (done < n) {
        size_t want = n - done < sizeof buf ? n - done : sizeof buf;
        got = fread(buf, 1, want, f);
        if (ferror(f)) return mlp__fail_at(MLP_ERR_IO, name, 0, "read error");
        if (got < want)
            return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "truncated: the file ends after %lu of %lu data bytes",
                                (unsigned long)(done + got), (unsigned long)n);
        for (k = 0; k < got; k++) {
            if (n_classes > 0 && buf[k] >= n_classes)
                return mlp__fail_at(MLP_ERR_DATA, name, 0, "label %d of sample %lu is outside 0..%d", buf[k],
                                    (unsigned long)(done + k), n_classes - 1);
            M->data[done + k] = (mlp_real)buf[k] / divisor;
        }
        done += got;
    }
    if (getc(f) != EOF)
        return mlp__fail_at(MLP_ERR_FORMAT, name, 0, "trailing data after the %lu bytes the header promises", (unsigned long)n);
    return MLP_OK;
}

MLPDEF int mlp_idx_read_images(mlp_mat *X, FILE *f, const char *name)
{
    unsigned long dims[3];
    unsigned long long count;
    char what[96];
    mlp_mat tmp = {0, 0, 0, NULL};
    int status;
    if (!X || !f) {
        mlp__misuse("mlp_idx_read_images: needs a matrix to fill and an open file");
        return MLP_ERR_IO;
    }
    name = name ? name : "(stream)";
    if ((status = mlp__idx_header(f, name, 3, dims, &count))) return status;
    snprintf(what, sizeof what, "%lu images of %lu x %lu", dims[0], dims[1], dims[2]);
    if ((status = mlp__idx_check_size(f, name, count, what)) ||
        (status = mlp_mat_resize(&tmp, (int)dims[0], (int)(dims[1] * dims[2]))) ||
        (status = mlp__idx_body(f, name, &tmp, 255, 0))) {
        mlp_mat_free(&tmp);
        return status;
    }
    return mlp__mat_take(X, &tmp);
}

MLPDEF int mlp_idx_read_labels(mlp_mat *labels, FILE *f, const char *name, int n_classes)
{
    unsigned long dims[3];
    unsigned long long count;
    char what[64];
    mlp_mat tmp = {0, 0, 0, NULL};
    int status;
    if (!labels || !f || n_classes < 1 || n_classes > 256) {
        mlp__misuse("mlp_idx_read_labels: needs a matrix, an open file and 1 <= n_classes <= 256; got n_classes %d",
                    n_classes);
        return MLP_ERR_IO;
    }
    name = name ? name : "(stream)";
    if ((status = mlp__idx_header(f, name, 1, dims, &count))) return status;
    snprintf(what, sizeof what, "%lu labels", dims[0]);
    if ((status = mlp__idx_check_size(f, name, count, what)) || (status = mlp_mat_resize(&tmp, (int)dims[0], 1)) ||
        (status = mlp__idx_body(f, name, &tmp, 1, n_classes))) {
        mlp_mat_free(&tmp);
        return status;
    }
    return mlp__mat_take(labels, &tmp);
}

MLPDEF int mlp_idx_load_images(mlp_mat *X, const char *path)
{
    FILE *f;
    int status;
    if (!X || !path) {
        mlp__misuse("mlp_idx_load_images: needs a matrix to fill and a path");
        return MLP_ERR_IO;
    }
    if ((status = mlp__open_read("mlp_idx_load_images", path, &f))) return status;
    status = mlp_idx_read_images(X, f, path);
    fclose(f);
    return status;
}

MLPDEF int mlp_idx_load_labels(mlp_mat *labels, const char *path, int n_classes)
{
    FILE *f;
    int status;
    if (!labels || !path) {
        mlp__misuse("mlp_idx_load_labels: needs a matrix to fill and a path");
        return MLP_ERR_IO;
    }
    if ((status = mlp__open_read("mlp_idx_load_labels", path, &f))) return status;
    status = mlp_idx_read_labels(labels, f, path, n_classes);
    fclose(f);
    return status;
}

/* >>data ======================================================================
   Preparing data: split, standardize, encode, score.
   Why in this order: the test set must stay unseen until the very end, so it
   is split off first; the standardization's mean and spread are then fitted
   on the training part only and applied unchanged to validation and test
   data (fitting them on all the data would leak information about the test
   set into training, and the test error would be optimistic). */

/* Copy the rows rows[0..n-1] of src into dst (resized to n x src->cols). */
static int mlp__gather_rows(mlp_mat *dst, const mlp_mat *src, const int *rows, int n)
{
    int i, status = mlp_mat_resize(dst, n, src->cols);
    if (status) return status;
    for (i = 0; i < n; i++)
        if (src->cols)
            memcpy(dst->data + (size_t)i * src->cols, src->data + (size_t)rows[i] * src->cols,
                   (size_t)src->cols * sizeof(mlp_real));
    return MLP_OK;
}

MLPDEF void mlp_split_free(mlp_split *s)
{
    if (!s) return;
    mlp_mat_free(&s->X_train);
    mlp_mat_free(&s->Y_train);
    mlp_mat_free(&s->X_val);
    mlp_mat_free(&s->Y_val);
    mlp_mat_free(&s->X_test);
    mlp_mat_free(&s->Y_test);
}

/* One permutation of 0..N-1 decides every part: its first n_train entries
   are the training rows, the next n_val validation, the last n_test test.
   X and Y go through the same permutation, so row i of X_train still
   belongs with row i of Y_train. */
MLPDEF int mlp_split_data(mlp_split *s, const mlp_mat *X, const mlp_mat *Y, mlp_real val_fraction,
                          mlp_real test_fraction, mlp_rng *rng)
{
    mlp_split t;
    int *perm, N, n_val, n_test, n_train, k, status;
    if (!s || !X || (Y && Y->rows != X->rows) || !(val_fraction >= 0 && test_fraction >= 0 && val_fraction + test_fraction <= 1)) {
        mlp__misuse("mlp_split_data: needs X, Y with as many rows (got %d and %d) and fractions >= 0 summing to at most 1 (got %g, %g)",
                    X ? X->rows : -1, Y ? Y->rows : -1, (double)val_fraction, (double)test_fraction);
        return MLP_ERR_DATA;
    }
    N = X->rows;
    n_val = (int)floor((double)N * (double)val_fraction + 0.5); /* round half up */
    n_test = (int)floor((double)N * (double)test_fraction + 0.5);
    n_train = N - n_val - n_test;
    if (n_train < 1)
        return mlp__fail(MLP_ERR_DATA, "mlp_split_data: %d rows leave no training rows after %d for validation and %d for test",
                         N, n_val, n_test);
    perm = (int *)MLP_MALLOC((size_t)N * sizeof(int));
    if (!perm) return mlp__fail(MLP_ERR_NOMEM, "mlp_split_data: out of memory for %d row indices", N);
    if (rng) mlp_rng_permutation(rng, perm, N);
    else
        for (k = 0; k < N; k++) perm[k] = k;
    memset(&t, 0, sizeof t);
    status = mlp__gather_rows(&t.X_train, X, perm, n_train);
    if (!status) status = mlp__gather_rows(&t.X_val, X, perm + n_train, n_val);
    if (!status) status = mlp__gather_rows(&t.X_test, X, perm + n_train + n_val, n_test);
    if (!status && Y) status = mlp__gather_rows(&t.Y_train, Y, perm, n_train);
    if (!status && Y) status = mlp__gather_rows(&t.Y_val, Y, perm + n_train, n_val);
    if (!status && Y) status = mlp__gather_rows(&t.Y_test, Y, perm + n_train + n_val, n_test);
    MLP_FREE(perm);
    if (status) {
        mlp_split_free(&t);
        return status;
    }
    mlp_split_free(s);
    *s = t;
    return MLP_OK;
}

/* Standardization. Why it helps: with inputs of very different scales the
   loss surface is a long narrow valley, and one learning rate is too large
   along one axis and too small along another; after standardization every
   input has mean 0 and variance 1, and initializations such as Xavier and He
   (>>init) assume exactly that. Means and variances are summed in double,
   in two passes (the mean first, then squared deviations from it), which
   avoids the cancellation of sum(x^2) - N mean^2. A constant column keeps
   its value as the mean exactly (a sum divided by N could round), so it
   becomes exactly 0. */
MLPDEF int mlp_scaler_fit(mlp_scaler *s, const mlp_mat *X)
{
    mlp_scaler t;
    int i, j, status;
    if (!s || !X) {
        mlp__misuse("mlp_scaler_fit: needs a scaler and a matrix");
        return MLP_ERR_DATA;
    }
    if (X->rows < 1) return mlp__fail(MLP_ERR_DATA, "mlp_scaler_fit: X has no rows (%dx%d)", X->rows, X->cols);
    if ((status = mlp_mat_check_finite(X, "mlp_scaler_fit: X"))) return status;
    memset(&t, 0, sizeof t);
    if ((status = mlp_mat_init(&t.mean, 1, X->cols)) || (status = mlp_mat_init(&t.std, 1, X->cols))) {
        mlp_scaler_free(&t);
        return status;
    }
    for (j = 0; j < X->cols; j++) {
        double mean = 0, var = 0;
        int constant = 1;
        for (i = 0; i < X->rows; i++) {
            mean += (double)X->data[(size_t)i * X->cols + j];
            constant = constant && X->data[(size_t)i * X->cols + j] == X->data[j];
        }
        mean /= X->rows;
        for (i = 0; i < X->rows; i++) {
            double d = (double)X->data[(size_t)i * X->cols + j] - mean;
            var += d * d;
        }
        var /= X->rows; /* population variance, as StandardScaler */
        t.mean.data[j] = constant ? X->data[j] : (mlp_real)mean;
        t.std.data[j] = constant ? 1 : (mlp_real)sqrt(var);
        if (t.std.data[j] == 0) t.std.data[j] = 1; /* a variance below float's range */
    }
    mlp_scaler_free(s);
    *s = t;
    return MLP_OK;
}

MLPDEF int mlp_scaler_apply(const mlp_scaler *s, mlp_mat *Z, const mlp_mat *X)
{
    int i, j, status;
    if (!s || !Z || !X || s->mean.cols != X->cols || s->std.cols != X->cols) {
        mlp__misuse("mlp_scaler_apply: the scaler was fitted on %d columns, X has %d", s ? s->mean.cols : -1, X ? X->cols : -1);
        return MLP_ERR_DATA;
    }
    if (Z != X && (status = mlp_mat_resize(Z, X->rows, X->cols))) return status;
    for (i = 0; i < X->rows; i++)
        for (j = 0; j < X->cols; j++) {
            size_t k = (size_t)i * X->cols + j;
            Z->data[k] = (X->data[k] - s->mean.data[j]) / s->std.data[j];
        }
    return MLP_OK;
}

MLPDEF int mlp_scaler_invert(const mlp_scaler *s, mlp_mat *X, const mlp_mat *Z)
{
    int i, j, status;
    if (!s || !Z || !X || s->mean.cols != Z->cols || s->std.cols != Z->cols) {
        mlp__misuse("mlp_scaler_invert: the scaler was fitted on %d columns, Z has %d", s ? s->mean.cols : -1, Z ? Z->cols : -1);
        return MLP_ERR_DATA;
    }
    if (Z != X && (status = mlp_mat_resize(X, Z->rows, Z->cols))) return status;
    for (i = 0; i < Z->rows; i++)
        for (j = 0; j < Z->cols; j++) {
            size_t k = (size_t)i * Z->cols + j;
            X->data[k] = Z->data[k] * s->std.data[j] + s->mean.data[j];
        }
    return MLP_OK;
}

MLPDEF void mlp_scaler_free(mlp_scaler *s)
{
    if (!s) return;
    mlp_mat_free(&s->mean);
    mlp_mat_free(&s->std);
}

/* A label must be a whole number in 0..n_classes-1; -1 if it is not. */
static int mlp__label(mlp_real v, int n_classes)
{
    if (!(v >= 0 && v < n_classes)) return -1; /* also NaN */
    if ((mlp_real)(int)v != v) return -1;
    return (int)v;
}

/* One-hot rows are what softmax + cross-entropy compares its output with:
   the target distribution that puts all its mass on the true class. */
MLPDEF int mlp_one_hot(mlp_mat *Y, const mlp_mat *labels, int n_classes)
{
    int i, status;
    if (!Y || !labels || labels->cols != 1 || n_classes < 1) {
        mlp__misuse("mlp_one_hot: needs N x 1 labels and n_classes >= 1; got %dx%d labels, %d classes",
                    labels ? labels->rows : -1, labels ? labels->cols : -1, n_classes);
        return MLP_ERR_DATA;
    }
    for (i = 0; i < labels->rows; i++)
        if (mlp__label(labels->data[i], n_classes) < 0)
            return mlp__fail(MLP_ERR_DATA, "mlp_one_hot: label %d is %g, not a class in 0..%d", i, (double)labels->data[i],
                             n_classes - 1);
    if ((status = mlp_mat_resize(Y, labels->rows, n_classes))) return status;
    mlp_mat_fill(Y, 0);
    for (i = 0; i < labels->rows; i++) Y->data[(size_t)i * n_classes + (int)labels->data[i]] = 1;
    return MLP_OK;
}

/* The class a row of scores predicts: the first largest column, or for a
   single column (a sigmoid's probability of class 1) the threshold 0.5. */
static int mlp__predicted_class(const mlp_mat *P, int i)
{
    const mlp_real *p = P->data + (size_t)i * P->cols;
    int j, best = 0;
    if (P->cols == 1) return p[0] >= (mlp_real)0.5;
    for (j = 1; j < P->cols; j++)
        if (p[j] > p[best] || (p[best] != p[best] && p[j] == p[j])) best = j;
    return best;
}

/* The class a row of targets holds: a label (-1 if it is not a whole number
   >= 0, which then matches no prediction), or the argmax of a one-hot row. */
static int mlp__target_class(const mlp_mat *T, int i)
{
    return T->cols == 1 ? mlp__label(T->data[i], 0x7fffffff) : mlp__predicted_class(T, i);
}

MLPDEF int mlp_argmax(mlp_mat *idx, const mlp_mat *P)
{
    int i, status;
    if (!idx || !P || P->cols < 1 || idx == P) {
        mlp__misuse("mlp_argmax: needs a matrix of scores with at least one column and a different idx");
        return MLP_ERR_DATA;
    }
    if ((status = mlp_mat_resize(idx, P->rows, 1))) return status;
    for (i = 0; i < P->rows; i++) {
        const mlp_real *p = P->data + (size_t)i * P->cols;
        int j, best = 0;
        for (j = 1; j < P->cols; j++)
            if (p[j] > p[best] || (p[best] != p[best] && p[j] == p[j])) best = j;
        idx->data[i] = (mlp_real)best;
    }
    return MLP_OK;
}

MLPDEF mlp_real mlp_accuracy(const mlp_mat *P, const mlp_mat *T)
{
    int i;
    long right = 0;
    if (!P || !T || P->rows != T->rows || P->cols < 1 || T->cols < 1) {
        mlp__misuse("mlp_accuracy: scores P and targets T need as many rows; got P %dx%d, T %dx%d", P ? P->rows : -1,
                    P ? P->cols : -1, T ? T->rows : -1, T ? T->cols : -1);
        return (mlp_real)NAN;
    }
    if (P->rows == 0) return (mlp_real)NAN;
    for (i = 0; i < P->rows; i++) right += mlp__predicted_class(P, i) == mlp__target_class(T, i);
    return (mlp_real)((double)right / P->rows);
}

/* Accuracy in one number hides which classes are confused with which; the
   confusion matrix shows it (on Fashion-MNIST: shirts taken for T-shirts,
   coats and pullovers). Every class is checked before C is touched. */
MLPDEF int mlp_confusion_matrix(mlp_mat *C, const mlp_mat *P, const mlp_mat *T, int n_classes)
{
    int i, status;
    if (!C || !P || !T || P->rows != T->rows || P->cols < 1 || T->cols < 1 || n_classes < 1) {
        mlp__misuse("mlp_confusion_matrix: scores P and targets T need as many rows, n_classes >= 1; got P %dx%d, T %dx%d, %d classes",
                    P ? P->rows : -1, P ? P->cols : -1, T ? T->rows : -1, T ? T->cols : -1, n_classes);
        return MLP_ERR_DATA;
    }
    for (i = 0; i < P->rows; i++) {
        int t = T->cols == 1 ? mlp__label(T->data[i], n_classes) : mlp__target_class(T, i);
        int p = mlp__predicted_class(P, i);
        if (t < 0 || t >= n_classes)
            return mlp__fail(MLP_ERR_DATA, "mlp_confusion_matrix: the target of row %d is not a class in 0..%d", i, n_classes - 1);
        if (p >= n_classes)
            return mlp__fail(MLP_ERR_DATA, "mlp_confusion_matrix: row %d is predicted as class %d, outside 0..%d", i, p,
                             n_classes - 1);
    }
    if ((status = mlp_mat_resize(C, n_classes, n_classes))) return status;
    mlp_mat_fill(C, 0);
    for (i = 0; i < P->rows; i++) {
        int t = mlp__target_class(T, i), p = mlp__predicted_class(P, i);
        C->data[(size_t)t * n_classes + p] += 1;
    }
    return MLP_OK;
}

/* >>toy =======================================================================
   Small data sets from the library's generator. Every function draws in the
   order its comment lists, sample after sample, so a seed fixes the data.
   Each is small enough to plot and hard in one instructive way: the sine
   curve and the piecewise target need hidden units to bend; XOR and the two
   circles are not linearly separable (one hidden layer suffices); the
   spirals need several layers or many units; the teacher gives regression
   data whose best possible test error is known in advance. */

static const double mlp__pi = 3.14159265358979323846;

static int mlp__toy_begin(const char *fn, mlp_mat *X, mlp_mat *Y, int n, int d_x, int d_y, mlp_rng *rng)
{
    int status;
    if (!X || !Y || X == Y || n < 1 || !rng) {
        mlp__misuse("%s: needs two different matrices, n >= 1 and a generator; got n %d", fn, n);
        return MLP_ERR_DATA;
    }
    if ((status = mlp_mat_resize(X, n, d_x)) || (status = mlp_mat_resize(Y, n, d_y))) return status;
    return MLP_OK;
}

MLPDEF int mlp_toy_sine(mlp_mat *X, mlp_mat *Y, int n, mlp_real noise, mlp_rng *rng)
{
    int i, status = mlp__toy_begin("mlp_toy_sine", X, Y, n, 1, 1, rng);
    if (status) return status;
    for (i = 0; i < n; i++) {
        double x = mlp_rng_uniform(rng), y = mlp__sin_double(2 * mlp__pi * x);
        if (noise > 0) y += mlp_rng_normal(rng, 0, (double)noise);
        X->data[i] = (mlp_real)x;
        Y->data[i] = (mlp_real)y;
    }
    return MLP_OK;
}

/* g by linear interpolation between the listed points: find the piece k with
   px[k] < x <= px[k+1] and move along it by the fraction (x - px[k]) /
   (px[k+1] - px[k]). A ReLU network computes exactly such functions (sums of
   max(0, w x + b) are piecewise linear), so g is reachable with five kinks,
   and the session's question is whether a much wider network adds wiggles. */
MLPDEF mlp_real mlp_toy_piecewise_target(mlp_real x)
{
    static const double px[6] = {-1, -0.6, -0.2, 0.3, 0.7, 1}, py[6] = {0.5, 0, 0.8, 0.3, 1, 0.6};
    double t = (double)x;
    int k;
    if (!(t > px[0])) return (mlp_real)py[0]; /* also NaN: a constant, never a crash */
    if (t >= px[5]) return (mlp_real)py[5];
    for (k = 0; t > px[k + 1]; k++) continue;
    return (mlp_real)(py[k] + (py[k + 1] - py[k]) * (t - px[k]) / (px[k + 1] - px[k]));
}

MLPDEF int mlp_toy_piecewise(mlp_mat *X, mlp_mat *Y, int n, mlp_real noise, mlp_rng *rng)
{
    int i, status = mlp__toy_begin("mlp_toy_piecewise", X, Y, n, 1, 1, rng);
    if (status) return status;
    for (i = 0; i < n; i++) {
        double x = mlp_rng_uniform_range(rng, -1, 1), y = (double)mlp_toy_piecewise_target((mlp_real)x);
        if (noise > 0) y += mlp_rng_normal(rng, 0, (double)noise);
        X->data[i] = (mlp_real)x;
        Y->data[i] = (mlp_real)y;
    }
    return MLP_OK;
}

/* The 2-D sets share their last step: a point, its class, optional noise. */
static void mlp__toy_point(mlp_mat *X, mlp_mat *labels, int i, double x1, double x2, int c, mlp_real noise, mlp_rng *rng)
{
    if (noise > 0) {
        x1 += mlp_rng_normal(rng, 0, (double)noise);
        x2 += mlp_rng_normal(rng, 0, (double)noise);
    }
    X->data[2 * (size_t)i] = (mlp_real)x1;
    X->data[2 * (size_t)i + 1] = (mlp_real)x2;
    labels->data[i] = (mlp_real)c;
}

/* XOR: no line separates the classes (the two class-1 quadrants are
   opposite corners), so a network without a hidden layer stays at chance;
   two hidden units can draw the two lines it takes. */
MLPDEF int mlp_toy_xor(mlp_mat *X, mlp_mat *labels, int n, mlp_real noise, mlp_rng *rng)
{
    int i, status = mlp__toy_begin("mlp_toy_xor", X, labels, n, 2, 1, rng);
    if (status) return status;
    for (i = 0; i < n; i++) {
        double x1 = mlp_rng_uniform_range(rng, -1, 1), x2 = mlp_rng_uniform_range(rng, -1, 1);
        mlp__toy_point(X, labels, i, x1, x2, x1 * x2 < 0, noise, rng);
    }
    return MLP_OK;
}

/* Circles: the boundary is a closed curve, which a hidden layer builds from
   a few half-planes (three or more units make a polygon around the disc).
   The gap between radius 0.5 and 0.7 leaves a margin that noise fills. */
MLPDEF int mlp_toy_circles(mlp_mat *X, mlp_mat *labels, int n, mlp_real noise, mlp_rng *rng)
{
    int i, status = mlp__toy_begin("mlp_toy_circles", X, labels, n, 2, 1, rng);
    if (status) return status;
    for (i = 0; i < n; i++) {
        int c = i % 2;
        double r = c ? mlp_rng_uniform_range(rng, 0.7, 1) : mlp_rng_uniform_range(rng, 0, 0.5);
        double a = mlp_rng_uniform_range(rng, 0, 2 * mlp__pi);
        mlp__toy_point(X, labels, i, r * mlp__cos_double(a), r * mlp__sin_double(a), c, noise, rng);
    }
    return MLP_OK;
}

/* Spirals: the two arms wind around each other, so near the centre points of
   different classes are close and the boundary turns many times; this is the
   set where depth (or many units) visibly pays off. t is uniform but the arm
   lengthens faster than t near the rim, so points crowd near the centre,
   where the arms are closest and the task is hardest. */
MLPDEF int mlp_toy_spirals(mlp_mat *X, mlp_mat *labels, int n, mlp_real noise, mlp_rng *rng)
{
    int i, status = mlp__toy_begin("mlp_toy_spirals", X, labels, n, 2, 1, rng);
    if (status) return status;
    for (i = 0; i < n; i++) {
        int c = i % 2;
        double t = mlp_rng_uniform(rng), a = 3.5 * mlp__pi * t + mlp__pi * c;
        mlp__toy_point(X, labels, i, t * mlp__cos_double(a), t * mlp__sin_double(a), c, noise, rng);
    }
    return MLP_OK;
}

/* Blobs: K Gaussian clouds on the unit circle, linearly separable when
   blob_std is small (softmax regression, no hidden layer, suffices) and
   overlapping as it grows: the set for multi-class outputs and for the
   confusion matrix. */
MLPDEF int mlp_toy_blobs(mlp_mat *X, mlp_mat *labels, int n, int n_classes, mlp_real blob_std, mlp_rng *rng)
{
    int i, status;
    if (n_classes < 1 || !(blob_std >= 0)) {
        mlp__misuse("mlp_toy_blobs: needs n_classes >= 1 and blob_std >= 0; got %d, %g", n_classes, (double)blob_std);
        return MLP_ERR_DATA;
    }
    if ((status = mlp__toy_begin("mlp_toy_blobs", X, labels, n, 2, 1, rng))) return status;
    for (i = 0; i < n; i++) {
        int c = i % n_classes;
        double a = 2 * mlp__pi * c / n_classes;
        double x1 = mlp_rng_normal(rng, mlp__cos_double(a), (double)blob_std), x2 = mlp_rng_normal(rng, mlp__sin_double(a), (double)blob_std);
        mlp__toy_point(X, labels, i, x1, x2, c, 0, rng);
    }
    return MLP_OK;
}

/* Why a teacher: with y = f*(x) + e and e independent of x with variance
   noise^2 per output, the expected squared error of any predictor g is
   E|g(x) - f*(x)|^2 + noise^2 (the cross term vanishes because E[e] = 0),
   so no student can go below noise^2, and a student's test MSE minus
   noise^2 measures exactly how far it is from the teacher. */
MLPDEF int mlp_toy_teacher_net(mlp_net *teacher, int n_in, int n_hidden, int n_out, mlp_rng *rng)
{
    int status;
    if (!teacher || !rng || n_in < 1 || n_hidden < 1 || n_out < 1) {
        mlp__misuse("mlp_toy_teacher_net: needs a network, a generator and sizes >= 1; got %d -> %d -> %d", n_in, n_hidden, n_out);
        return MLP_ERR_DATA;
    }
    if ((status = mlp_net_new(teacher, n_in, MLP_MSE)) || (status = mlp_net_add(teacher, n_hidden, MLP_TANH)) ||
        (status = mlp_net_add(teacher, n_out, MLP_IDENTITY))) {
        mlp_net_free(teacher);
        return status;
    }
    teacher->layers[0].init = MLP_INIT_LECUN_NORMAL;
    teacher->layers[1].init = MLP_INIT_LECUN_NORMAL;
    return mlp_net_initialize(teacher, rng);
}

MLPDEF int mlp_toy_teacher_data(mlp_mat *X, mlp_mat *Y, int n, mlp_net *teacher, mlp_real noise, mlp_rng *rng)
{
    size_t k, count;
    int status;
    if (!teacher || teacher->n_layers < 1) {
        mlp__misuse("mlp_toy_teacher_data: needs a teacher network");
        return MLP_ERR_DATA;
    }
    if ((status = mlp__toy_begin("mlp_toy_teacher_data", X, Y, n, teacher->n_in, mlp_net_n_out(teacher), rng))) return status;
    count = (size_t)n * (size_t)teacher->n_in;
    for (k = 0; k < count; k++) X->data[k] = (mlp_real)mlp_rng_normal(rng, 0, 1);
    if ((status = mlp_predict(teacher, X, Y))) return status;
    if (noise > 0) {
        count = (size_t)n * (size_t)Y->cols;
        for (k = 0; k < count; k++) Y->data[k] += (mlp_real)mlp_rng_normal(rng, 0, (double)noise);
    }
    return MLP_OK;
}

/* >>print ===================================================================
   APPENDIX D. Printing.

   Why it exists: to see what a network holds, in a program or from gdb
   (`call mlp_mat_print(stderr, "dW", &net->layers[0].dW)`), without writing
   loops. What it promises: a printer only reads, writes only to the FILE*
   it is given; nothing else in mlp.h prints, except mlp_fit's progress lines
   when asked (opts->log) and the default MLP_ASSERT's message. Large matrices are shortened: at most 10 rows and 8 columns, with
   "..." for the rest. */

MLPDEF void mlp_mat_print(FILE *f, const char *name, const mlp_mat *m)
{
    const int max_rows = 10, max_cols = 8;
    int i, j;
    fprintf(f, "%s (%dx%d) =\n", name ? name : "matrix", m->rows, m->cols);
    for (i = 0; i < m->rows; i++) {
        if (m->rows > max_rows && i == max_rows - 2) {
            fprintf(f, "  ...  (%d rows not shown)\n", m->rows - (max_rows - 1));
            i = m->rows - 1;
        }
        fprintf(f, "  [");
        for (j = 0; j < m->cols; j++) {
            if (m->cols > max_cols && j == max_cols - 2) {
                fprintf(f, "  ...");
                j = m->cols - 1;
            }
            fprintf(f, " % .6g", (double)m->data[(size_t)i * m->cols + j]);
        }
        fprintf(f, " ]\n");
    }
}

MLPDEF void mlp_layer_print(FILE *f, const mlp_layer *layer, int index)
{
    fprintf(f, "layer %d: dense %d -> %d, %s", index, layer->n_in, layer->n_out, mlp_act_name(layer->act));
    if (layer->act == MLP_LEAKY_RELU) fprintf(f, " (slope %g)", (double)layer->slope);
    fprintf(f, ", W %dx%d + b 1x%d = %ld parameters, init %s\n", layer->W.rows, layer->W.cols, layer->b.cols,
            (long)(layer->n_in + 1) * layer->n_out, mlp_init_name(layer->init));
}

MLPDEF void mlp_net_print(FILE *f, const mlp_net *net)
{
    int l;
    fprintf(f, "network: %d inputs, %d layers, loss %s, %ld parameters", net->n_in, net->n_layers,
            mlp_loss_name(net->loss), mlp_net_param_count(net));
    if (net->batch) fprintf(f, ", last batch B = %d", net->batch);
    fprintf(f, "\n");
    for (l = 0; l < net->n_layers; l++) {
        fprintf(f, "  ");
        mlp_layer_print(f, &net->layers[l], l);
    }
}

MLPDEF void mlp_optim_print(FILE *f, const mlp_optim *o)
{
    fprintf(f, "%s: lr %g", mlp_optim_name(o->kind), (double)o->lr);
    switch (o->kind) {
    case MLP_OPT_SGD:
        fprintf(f, ", momentum %g, dampening %g, nesterov %d", (double)o->momentum, (double)o->dampening, o->nesterov);
        break;
    case MLP_OPT_ADAGRAD: fprintf(f, ", lr_decay %g, eps %g", (double)o->lr_decay, (double)o->eps); break;
    case MLP_OPT_RMSPROP:
        fprintf(f, ", alpha %g, eps %g, momentum %g", (double)o->alpha, (double)o->eps, (double)o->momentum);
        break;
    default: fprintf(f, ", betas (%g, %g), eps %g", (double)o->beta1, (double)o->beta2, (double)o->eps); break;
    }
    fprintf(f, ", weight_decay %g%s, step %ld\n", (double)o->weight_decay, o->decay_bias ? " (biases too)" : "", o->t);
}

#undef MLP__IMPLEMENTING
#endif /* MLP__IMPLEMENTING && !MLP__COPY */

/*
   ----------------------------------------------------------------------------
   LICENSE (MIT)

   Copyright (c) 2026 the mlp.h authors

   Permission is hereby granted, free of charge, to any person obtaining a copy
   of this software and associated documentation files (the "Software"), to deal
   in the Software without restriction, including without limitation the rights
   to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
   copies of the Software, and to permit persons to whom the Software is
   furnished to do so, subject to the following conditions:

   The above copyright notice and this permission notice shall be included in
   all copies or substantial portions of the Software.

   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
   SOFTWARE.
   ----------------------------------------------------------------------------
*/
