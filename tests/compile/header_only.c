/* The header with the implementation, nothing else: compiled by every
   compiler, standard and language of tests/run.sh with -Werror. */
#define MLP_IMPLEMENTATION
#include "../../mlp.h"
int main(void) { return 0; }
