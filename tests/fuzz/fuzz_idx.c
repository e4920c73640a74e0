/* fuzz_idx.c - the IDX readers (images and labels) on arbitrary bytes; the
   first byte picks which. On success pixels are in [0, 1] and labels in
   0..9. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mlp_mat M = {0, 0, 0, NULL};
    char *copy;
    FILE *f;
    int status, labels = 0;
    size_t k;
    if (size > 0) {
        labels = data[0] & 1;
        data++;
        size--;
    }
    f = fuzz_open(data, size, &copy);
    if (!f) {
        free(copy);
        return 0;
    }
    mlp_clear_error();
    status = labels ? mlp_idx_read_labels(&M, f, "fuzz", 10) : mlp_idx_read_images(&M, f, "fuzz");
    fclose(f);
    free(copy);
    fuzz_check_status(status);
    if (status == MLP_OK)
        for (k = 0; k < (size_t)M.rows * M.cols; k++)
            if (labels ? !(M.data[k] >= 0 && M.data[k] <= 9) : !(M.data[k] >= 0 && M.data[k] <= 1)) abort();
    mlp_mat_free(&M);
    return 0;
}
