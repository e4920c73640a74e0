/* fuzz_csv.c - the CSV reader (mlp_csv_read) on arbitrary bytes, with the
   options taken from the first byte (separator, header, NaN allowed).
   On success the matrix has rows and columns, its numbers are finite unless
   NaN was allowed, and writing it then reading that text back gives the
   same bits. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char seps[4] = {0, ',', '\t', ' '};
    mlp_csv_opts o = mlp_csv_defaults();
    mlp_mat M = {0, 0, 0, NULL};
    char *copy;
    FILE *f;
    int status;
    size_t k;
    if (size > 0) {
        o.sep = seps[data[0] & 3];
        o.header = (int)((data[0] >> 2) % 3) - 1;
        o.allow_nan = (data[0] >> 4) & 1;
        data++;
        size--;
    }
    f = fuzz_open(data, size, &copy);
    if (!f) {
        free(copy);
        return 0;
    }
    mlp_clear_error();
    status = mlp_csv_read(&M, f, "fuzz", &o);
    fclose(f);
    free(copy);
    fuzz_check_status(status);
    if (status == MLP_OK) {
        char *text = NULL;
        size_t len = 0;
        FILE *m;
        if (M.rows < 1 || M.cols < 1) abort();
        for (k = 0; k < (size_t)M.rows * M.cols; k++)
            if (!(M.data[k] - M.data[k] == 0) && !(o.allow_nan && M.data[k] != M.data[k])) abort();
        m = open_memstream(&text, &len);
        if (m) {
            mlp_csv_opts w = mlp_csv_defaults();
            mlp_mat B = {0, 0, 0, NULL};
            if (mlp_csv_write(&M, m, &w) != MLP_OK) abort();
            fclose(m);
            w.allow_nan = 1;
            w.header = 0;
            w.sep = ',';
            f = fmemopen(text, len, "rb");
            if (f) {
                if (mlp_csv_read(&B, f, "fuzz (written back)", &w) != MLP_OK || B.rows != M.rows || B.cols != M.cols ||
                    memcmp(B.data, M.data, (size_t)M.rows * M.cols * sizeof(mlp_real)) != 0)
                    abort();
                fclose(f);
            }
            mlp_mat_free(&B);
            free(text);
        }
    }
    mlp_mat_free(&M);
    return 0;
}
