/* One of two translation units linked together (tests/run.sh): this one
   holds the implementation and a function that uses the library. */
#define MLP_IMPLEMENTATION
#include "../../mlp.h"

long tu_impl_params(void)
{
    mlp_net net;
    long n;
    if (mlp_net_new(&net, 3, MLP_MSE) || mlp_net_add(&net, 4, MLP_TANH) || mlp_net_add(&net, 2, MLP_IDENTITY)) return -1;
    n = mlp_net_param_count(&net);
    mlp_net_free(&net);
    return n;
}
