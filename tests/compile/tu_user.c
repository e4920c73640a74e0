/* The other translation unit: declarations only (no MLP_IMPLEMENTATION), so
   linking it with tu_impl.c proves that the header can be included twice in
   one program without duplicate symbols. */
#include "../../mlp.h"
#include <stdio.h>

long tu_impl_params(void);

int main(void)
{
    mlp_rng rng;
    mlp_rng_seed(&rng, 1);
    /* (3+1)*4 + (4+1)*2 = 26 parameters */
    if (tu_impl_params() != 26 || mlp_rng_below(&rng, 10) < 0) {
        printf("two translation units: wrong result\n");
        return 1;
    }
    printf("two translation units: ok\n");
    return 0;
}
