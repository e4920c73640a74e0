/* Must NOT compile: MLP_MALLOC without MLP_REALLOC and MLP_FREE. tests/run.sh
   checks that the compiler stops with mlp.h's message. */
#include <stdlib.h>
#define MLP_MALLOC(n) malloc(n)
#define MLP_IMPLEMENTATION
#include "../../mlp.h"
int main(void) { return 0; }
