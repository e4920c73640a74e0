/* fuzz_net.c - the network loader (mlp_net_read) on arbitrary bytes.
   On success the network must work and the file format must be a fixed
   point: a forward pass of one zero sample runs, and writing the network
   (with its optimizer, if one was loaded) then reading that text back gives a
   network that writes exactly the same text. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The text mlp_net_write makes of a network (malloc'd; NULL if that failed). */
static char *written(const mlp_net *net, const mlp_optim *opt, size_t *len)
{
    char *text = NULL;
    FILE *m = open_memstream(&text, len);
    if (!m) return NULL;
    if (mlp_net_write(net, opt, m) != MLP_OK) abort(); /* a loaded network is always writable */
    fclose(m);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy, *text1, *text2;
    size_t len1 = 0, len2 = 0;
    FILE *f = fuzz_open(data, size, &copy);
    mlp_net net, again;
    mlp_optim opt, opt2;
    mlp_optim *o = (size & 1) ? &opt : NULL, *o2 = (size & 1) ? &opt2 : NULL; /* both ways of loading */
    mlp_mat X = {0, 0, 0, NULL};
    int status;
    if (!f) {
        free(copy);
        return 0;
    }
    mlp_clear_error();
    status = mlp_net_read(&net, o, f, "fuzz");
    fclose(f);
    free(copy);
    fuzz_check_status(status);
    if (status != MLP_OK) return 0;
    if (mlp_mat_init(&X, 1, net.n_in) == MLP_OK && !mlp_forward(&net, &X)) abort();
    mlp_mat_free(&X);
    text1 = written(&net, o, &len1);
    if (text1) {
        f = fmemopen(text1, len1, "rb");
        if (f) {
            if (mlp_net_read(&again, o2, f, "fuzz (written back)") != MLP_OK) abort();
            fclose(f);
            text2 = written(&again, o2, &len2);
            if (text2 && (len1 != len2 || memcmp(text1, text2, len1) != 0)) abort();
            free(text2);
            mlp_net_free(&again);
        }
        free(text1);
    }
    mlp_net_free(&net);
    return 0;
}
