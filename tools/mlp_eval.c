/* mlp_eval.c - the C side of the PyTorch bridge (tools/mlp_torch.py).

   Two commands, each on network files written by mlp_net_save (or by
   tools/mlp_torch.py, which writes the same format):

     mlp_eval predict NET IN.csv OUT.csv
         loads NET with mlp_net_load, reads the inputs (one sample per row)
         with mlp_csv_load, and writes the network's outputs with
         mlp_csv_save (17 significant digits: the same bits read back).
         Dropout is off (evaluation mode), as in mlp_predict.
         tools/mlp_torch.py calls this to compare PyTorch's outputs with
         mlp.h's.

     mlp_eval compare A.net B.net [N]
         loads both networks and compares them: architecture and loss,
         every weight and bias bit for bit, and the outputs on N random
         inputs (default 1000, drawn from N(0, 1) with mlp.h's generator,
         seed 1). Prints what it found; exits 0 if the outputs agree to
         1e-12 (relative to the largest output), 1 if not, 2 on an error.

   Build (tools/mlp_torch.py does it for you, into build/tools/mlp_eval):
       cc -std=c99 -O2 -ffp-contract=off -o build/tools/mlp_eval tools/mlp_eval.c -lm */
#define MLP_IMPLEMENTATION
#include "../mlp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOLERANCE 1e-12

static int usage(void)
{
    fprintf(stderr, "usage: mlp_eval predict NET IN.csv OUT.csv\n"
                    "       mlp_eval compare A.net B.net [N]\n");
    return 2;
}

static int load(mlp_net *net, const char *path)
{
    if (mlp_net_load(net, NULL, path)) {
        fprintf(stderr, "mlp_eval: %s\n", mlp_last_error());
        return 0;
    }
    net->training = 0; /* no dropout: the network as a function */
    return 1;
}

static int predict(const char *net_path, const char *in_path, const char *out_path)
{
    mlp_net net;
    mlp_mat X = {0}, P = {0};
    int status = 2;
    if (!load(&net, net_path)) return 2;
    if (mlp_csv_load(&X, in_path, NULL)) {
        fprintf(stderr, "mlp_eval: %s\n", mlp_last_error());
    } else if (X.cols != net.n_in) {
        fprintf(stderr, "mlp_eval: %s has %d columns, but the network %s has %d inputs\n", in_path, X.cols,
                net_path, net.n_in);
    } else if (mlp_predict(&net, &X, &P) || mlp_csv_save(&P, out_path, NULL)) {
        fprintf(stderr, "mlp_eval: %s\n", mlp_last_error());
    } else
        status = 0;
    mlp_mat_free(&X), mlp_mat_free(&P);
    mlp_net_free(&net);
    return status;
}

/* Same bits? (== would call -0 equal to +0.) */
static int same_bits(mlp_real a, mlp_real b) { return memcmp(&a, &b, sizeof a) == 0; }

static int compare(const char *a_path, const char *b_path, int n)
{
    mlp_net A, B;
    mlp_mat X = {0}, PA = {0}, PB = {0};
    mlp_rng rng;
    long params = 0, same = 0;
    double worst_param = 0, worst_out = 0, scale = 0;
    int l, i, status = 2;
    size_t k;
    if (!load(&A, a_path)) return 2;
    if (!load(&B, b_path)) {
        mlp_net_free(&A);
        return 2;
    }
    if (A.n_in != B.n_in || A.n_layers != B.n_layers || A.loss != B.loss) {
        fprintf(stderr, "mlp_eval: different networks: %s has %d inputs, %d layers, loss %s; %s has %d, %d, %s\n",
                a_path, A.n_in, A.n_layers, mlp_loss_name(A.loss), b_path, B.n_in, B.n_layers, mlp_loss_name(B.loss));
        goto done;
    }
    for (l = 0; l < A.n_layers; l++) {
        const mlp_layer *LA = &A.layers[l], *LB = &B.layers[l];
        if (LA->n_out != LB->n_out || LA->act != LB->act || LA->dropout != LB->dropout ||
            (LA->act == MLP_LEAKY_RELU && LA->slope != LB->slope)) {
            fprintf(stderr, "mlp_eval: layer %d differs: %d units %s (dropout %g) in %s, %d units %s (dropout %g) in %s\n",
                    l, LA->n_out, mlp_act_name(LA->act), (double)LA->dropout, a_path, LB->n_out,
                    mlp_act_name(LB->act), (double)LB->dropout, b_path);
            goto done;
        }
        for (k = 0; k < (size_t)LA->n_in * LA->n_out; k++, params++) {
            same += same_bits(LA->W.data[k], LB->W.data[k]);
            worst_param = fmax(worst_param, fabs((double)LA->W.data[k] - (double)LB->W.data[k]));
        }
        for (k = 0; k < (size_t)LA->n_out; k++, params++) {
            same += same_bits(LA->b.data[k], LB->b.data[k]);
            worst_param = fmax(worst_param, fabs((double)LA->b.data[k] - (double)LB->b.data[k]));
        }
    }
    if (mlp_mat_init(&X, n, A.n_in)) {
        fprintf(stderr, "mlp_eval: %s\n", mlp_last_error());
        goto done;
    }
    mlp_rng_seed(&rng, 1);
    for (k = 0; k < (size_t)n * A.n_in; k++) X.data[k] = (mlp_real)mlp_rng_normal(&rng, 0, 1);
    if (mlp_predict(&A, &X, &PA) || mlp_predict(&B, &X, &PB)) {
        fprintf(stderr, "mlp_eval: %s\n", mlp_last_error());
        goto done;
    }
    for (i = 0; i < PA.rows * PA.cols; i++) {
        worst_out = fmax(worst_out, fabs((double)PA.data[i] - (double)PB.data[i]));
        scale = fmax(scale, fabs((double)PA.data[i]));
    }
    printf("mlp_eval: %s and %s: %d inputs, %d layers, loss %s; %ld of %ld weights and biases have the same bits "
           "(largest difference %.3g)\n",
           a_path, b_path, A.n_in, A.n_layers, mlp_loss_name(A.loss), same, params, worst_param);
    status = !(worst_out <= TOLERANCE * fmax(scale, 1));
    printf("mlp_eval: outputs on %d random inputs: largest difference %.3g (largest output %.3g): %s\n", n,
           worst_out, scale, worst_out == 0 ? "the same to the last bit" : status ? "DIFFERENT" : "the same to 1e-12");
done:
    mlp_mat_free(&X), mlp_mat_free(&PA), mlp_mat_free(&PB);
    mlp_net_free(&A), mlp_net_free(&B);
    return status;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "predict") == 0) return predict(argv[2], argv[3], argv[4]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "compare") == 0) {
        int n = argc == 5 ? atoi(argv[4]) : 1000;
        if (n < 1) return usage();
        return compare(argv[2], argv[3], n);
    }
    return usage();
}
