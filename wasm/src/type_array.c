/* Array datatypes: MPI_Type_create_subarray and MPI_Type_create_darray
 * (MPI-4.0 sections 5.1.3, 5.1.4). Both select, in each dimension of an
 * array of oldtype, a sorted list of indices; the type map runs over them in
 * the array's memory order, and the extent is the whole array's. */
#include "datatype.h"
#include <stdlib.h>

/* Appends the elements lists[0] x ... x lists[ndims-1] of an array of old
 * with dimensions sizes (C order: the last index varies fastest), merging
 * runs of consecutive indices in the fastest dimension. */
static int append_grid(MPIR_Typerep_builder *b, const MPIR_Dtype *old, int ndims, const int *sizes, int order,
                       int *const *lists, const int *lens)
{
    int64_t stride[ndims];
    int dims[ndims]; /* dimensions from slowest to fastest */
    for (int i = 0; i < ndims; i++)
        dims[i] = order == MPI_ORDER_C ? i : ndims - 1 - i;
    int64_t s = 1;
    for (int i = ndims - 1; i >= 0; i--) {
        stride[dims[i]] = s;
        s *= sizes[dims[i]];
    }
    for (int i = 0; i < ndims; i++)
        if (lens[i] == 0)
            return MPI_SUCCESS;
    int at[ndims];
    for (int i = 0; i < ndims; i++)
        at[i] = 0;
    int fast = dims[ndims - 1];
    int64_t extent = MPIR_DTYPE_EXTENT(old);
    for (;;) {
        int64_t base = 0;
        for (int i = 0; i < ndims - 1; i++)
            base += lists[dims[i]][at[dims[i]]] * stride[dims[i]];
        for (int k = 0; k < lens[fast];) {
            int start = k;
            while (k + 1 < lens[fast] && lists[fast][k + 1] == lists[fast][k] + 1)
                k++;
            k++;
            int rc = MPIR_Typerep_append(b, old, (base + lists[fast][start]) * extent, k - start);
            if (rc)
                return rc;
        }
        int i = ndims - 2;
        while (i >= 0 && ++at[dims[i]] == lens[dims[i]])
            at[dims[i--]] = 0;
        if (i < 0)
            return MPI_SUCCESS;
    }
}

/* Builds the type and gives it the whole array's bounds: lb 0, extent prod(sizes) * extent(old). */
static int finish_array(const char *fc, MPIR_Typerep_builder *b, int rc, const MPIR_Dtype *old, int ndims,
                        const int *sizes, MPIR_Dtype **out)
{
    int64_t total = MPIR_DTYPE_EXTENT(old);
    for (int i = 0; i < ndims; i++)
        total *= sizes[i];
    if (rc == MPI_SUCCESS && (total > INT32_MAX || total < INT32_MIN))
        rc = MPI_ERR_ARG;
    MPIR_Dtype *t = rc ? NULL : MPIR_Dtype_new();
    if (rc == MPI_SUCCESS && t == NULL)
        rc = MPI_ERR_NO_MEM;
    if (rc == MPI_SUCCESS)
        rc = MPIR_Typerep_finish(b, t);
    else
        MPIR_Typerep_abandon(b);
    if (rc) {
        if (t)
            MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, rc, fc, "%s", rc == MPI_ERR_NO_MEM ? "out of memory for the new datatype"
                                                                  : "the array is too large for MPI_Aint");
    }
    t->lb = 0;
    t->ub = (MPI_Aint)total;
    MPIR_Typerep_set_contig(t);
    *out = t;
    return MPI_SUCCESS;
}

static int record(const char *fc, MPIR_Dtype *t, int combiner, int ni, const int *ints, MPI_Datatype oldtype,
                  MPI_Datatype *newtype)
{
    if (MPIR_Dtype_set_contents(t, combiner, ni, ints, 0, NULL, 1, &oldtype)) {
        MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    }
    *newtype = t->handle;
    return MPI_SUCCESS;
}

static int array_args(const char *fc, int ndims, int order, MPI_Datatype oldtype, MPIR_Dtype **old,
                      MPI_Datatype *newtype)
{
    MPIR_CHECK_INIT(fc);
    if (newtype == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (newtype)");
    if (ndims < 1 || ndims > 64)
        return MPIR_ERR(NULL, MPI_ERR_DIMS, fc, "invalid number of dimensions %d (ndims)", ndims);
    if (order != MPI_ORDER_C && order != MPI_ORDER_FORTRAN)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "invalid order %d: MPI_ORDER_C or MPI_ORDER_FORTRAN (order)", order);
    return MPIR_Dtype_arg(fc, oldtype, "oldtype", old);
}

int MPI_Type_create_subarray(int ndims, const int sizes[], const int subsizes[], const int starts[], int order,
                             MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_subarray";
    MPIR_Dtype *old, *t;
    int rc = array_args(fc, ndims, order, oldtype, &old, newtype);
    if (rc)
        return rc;
    if (!sizes || !subsizes || !starts)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (an array argument)");
    for (int i = 0; i < ndims; i++) {
        if (sizes[i] < 1)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "size %d is not positive (array_of_sizes[%d])", sizes[i], i);
        if (subsizes[i] < 0 || subsizes[i] > sizes[i])
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "subsize %d is not in 0..%d (array_of_subsizes[%d])", subsizes[i],
                            sizes[i], i);
        if (starts[i] < 0 || starts[i] > sizes[i] - subsizes[i])
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "start %d is not in 0..%d (array_of_starts[%d])", starts[i],
                            sizes[i] - subsizes[i], i);
    }
    int *lists[ndims], lens[ndims];
    int64_t cells = 0;
    for (int i = 0; i < ndims; i++)
        cells += subsizes[i];
    int *pool = malloc(sizeof(int) * (size_t)(cells ? cells : 1));
    if (pool == NULL)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    for (int i = 0, at = 0; i < ndims; at += subsizes[i++]) {
        lists[i] = pool + at;
        lens[i] = subsizes[i];
        for (int k = 0; k < subsizes[i]; k++)
            lists[i][k] = starts[i] + k;
    }
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    rc = append_grid(&b, old, ndims, sizes, order, lists, lens);
    free(pool);
    if ((rc = finish_array(fc, &b, rc, old, ndims, sizes, &t)))
        return rc;
    int ints[3 * ndims + 2];
    ints[0] = ndims;
    for (int i = 0; i < ndims; i++) {
        ints[1 + i] = sizes[i];
        ints[1 + ndims + i] = subsizes[i];
        ints[1 + 2 * ndims + i] = starts[i];
    }
    ints[1 + 3 * ndims] = order;
    return record(fc, t, MPI_COMBINER_SUBARRAY, 3 * ndims + 2, ints, oldtype, newtype);
}

/* The indices of one dimension of g elements that process coordinate c of p owns. */
static int darray_dim(const char *fc, int d, int g, int distrib, int darg, int p, int c, int *list, int *len)
{
    *len = 0;
    if (distrib == MPI_DISTRIBUTE_NONE) {
        if (p != 1)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "MPI_DISTRIBUTE_NONE needs 1 process, not %d (array_of_psizes[%d])", p, d);
        for (int k = 0; k < g; k++)
            list[(*len)++] = k;
        return MPI_SUCCESS;
    }
    if (distrib != MPI_DISTRIBUTE_BLOCK && distrib != MPI_DISTRIBUTE_CYCLIC)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "invalid distribution %d (array_of_distribs[%d])", distrib, d);
    if (darg != MPI_DISTRIBUTE_DFLT_DARG && darg < 1)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "invalid distribution argument %d (array_of_dargs[%d])", darg, d);
    int block;
    if (distrib == MPI_DISTRIBUTE_BLOCK) {
        block = darg == MPI_DISTRIBUTE_DFLT_DARG ? (g + p - 1) / p : darg;
        if ((int64_t)block * p < g)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "blocks of %d over %d processes do not cover %d elements (array_of_dargs[%d])",
                            block, p, g, d);
    } else {
        block = darg == MPI_DISTRIBUTE_DFLT_DARG ? 1 : darg;
    }
    for (int64_t start = (int64_t)c * block; start < g; start += (int64_t)p * block)
        for (int64_t k = start; k < start + block && k < g; k++)
            list[(*len)++] = (int)k;
    return MPI_SUCCESS;
}

int MPI_Type_create_darray(int size, int rank, int ndims, const int gsizes[], const int distribs[], const int dargs[],
                           const int psizes[], int order, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_darray";
    MPIR_Dtype *old, *t;
    int rc = array_args(fc, ndims, order, oldtype, &old, newtype);
    if (rc)
        return rc;
    if (!gsizes || !distribs || !dargs || !psizes)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (an array argument)");
    if (size < 1)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "size %d is not positive (size)", size);
    if (rank < 0 || rank >= size)
        return MPIR_ERR(NULL, MPI_ERR_RANK, fc, "rank %d is not in 0..%d (rank)", rank, size - 1);
    int64_t procs = 1, cells = 0;
    for (int i = 0; i < ndims; i++) {
        if (gsizes[i] < 1)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "size %d is not positive (array_of_gsizes[%d])", gsizes[i], i);
        if (psizes[i] < 1)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "process count %d is not positive (array_of_psizes[%d])", psizes[i], i);
        procs *= psizes[i];
        cells += gsizes[i];
    }
    if (procs != size)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "the process grid has %lld processes, not size %d (array_of_psizes)",
                        (long long)procs, size);
    int *pool = malloc(sizeof(int) * (size_t)cells);
    if (pool == NULL)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    int *lists[ndims], lens[ndims];
    int coords[ndims]; /* the process grid is row-major whatever the array's order */
    for (int i = ndims - 1, r = rank; i >= 0; i--) {
        coords[i] = r % psizes[i];
        r /= psizes[i];
    }
    for (int i = 0, at = 0; i < ndims && rc == MPI_SUCCESS; at += gsizes[i++]) {
        lists[i] = pool + at;
        rc = darray_dim(fc, i, gsizes[i], distribs[i], dargs[i], psizes[i], coords[i], lists[i], &lens[i]);
    }
    if (rc) {
        free(pool);
        return rc;
    }
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    rc = append_grid(&b, old, ndims, gsizes, order, lists, lens);
    free(pool);
    if ((rc = finish_array(fc, &b, rc, old, ndims, gsizes, &t)))
        return rc;
    int ints[4 * ndims + 4];
    ints[0] = size;
    ints[1] = rank;
    ints[2] = ndims;
    for (int i = 0; i < ndims; i++) {
        ints[3 + i] = gsizes[i];
        ints[3 + ndims + i] = distribs[i];
        ints[3 + 2 * ndims + i] = dargs[i];
        ints[3 + 3 * ndims + i] = psizes[i];
    }
    ints[3 + 4 * ndims] = order;
    return record(fc, t, MPI_COMBINER_DARRAY, 4 * ndims + 4, ints, oldtype, newtype);
}
