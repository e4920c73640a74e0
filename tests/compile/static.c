/* MLP_STATIC: every function is private to this file; unused ones must not
   warn under -Wall -Wextra -Werror. */
#define MLP_STATIC
#define MLP_IMPLEMENTATION
#include "../../mlp.h"

int main(void) { return mlp_sigmoid(0) == (mlp_real)0.5 ? 0 : 1; }
