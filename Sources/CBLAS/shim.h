// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). `cblas.h` from OpenBLAS also
// declares openblas_set_num_threads / openblas_get_num_threads.
#include <cblas.h>
