/* fuzz_common.h - what the three fuzz targets share.

   A fuzz target is a function libFuzzer calls with millions of generated
   inputs; AddressSanitizer and UndefinedBehaviorSanitizer turn any memory
   error, leak or undefined operation into a crash that libFuzzer saves as a
   file. Each target hands its input to one reader of mlp.h as if it were a
   file, and checks the reader's promises: it returns MLP_OK or a negative
   status with a message, and on success the result is consistent.
   Build and run: `make fuzz FUZZ_SECONDS=60` (mk/data.mk). */
#define _GNU_SOURCE /* fmemopen */
#define MLP_IMPLEMENTATION
#define MLP_ASSERT(cond, msg) ((cond) ? (void)0 : abort()) /* misuse is a bug the fuzzer must report */
#include "mlp.h" /* built with -I. from the top of the repository */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The input as a read-only stream that can seek, like a file. fmemopen
   takes a non-const buffer, so the data is copied (glibc 2.22 and later
   accept size 0: an empty stream). */
static FILE *fuzz_open(const uint8_t *data, size_t size, char **copy)
{
    *copy = (char *)malloc(size + 1);
    if (!*copy) return NULL;
    if (size) memcpy(*copy, data, size);
    return fmemopen(*copy, size, "rb");
}

/* A failed read must say why. */
static void fuzz_check_status(int status)
{
    if (status > 0 || (status < 0 && mlp_last_error()[0] == '\0')) abort();
}
