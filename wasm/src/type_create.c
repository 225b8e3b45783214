/* The datatype constructors (MPI-4.0 sections 5.1.2-5.1.8): each checks its
 * arguments, appends copies of its old types to a type map, and records its
 * arguments for MPI_Type_get_contents. New types are uncommitted. */
#include "datatype.h"
#include <stdlib.h>

/* Finishes a type whose map `b` has been built (rc: how building went). */
static int make(const char *fc, MPIR_Typerep_builder *b, int rc, MPIR_Dtype **out)
{
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
                                                                  : "the datatype's displacements do not fit in MPI_Aint");
    }
    *out = t;
    return MPI_SUCCESS;
}

/* Records the contents and hands the handle out; frees the type if that fails. */
static int publish(const char *fc, MPIR_Dtype *t, int combiner, int ni, const int *ints, int na, const MPI_Aint *aints,
                   int nt, const MPI_Datatype *types, MPI_Datatype *newtype)
{
    if (MPIR_Dtype_set_contents(t, combiner, ni, ints, na, aints, nt, types)) {
        MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    }
    *newtype = t->handle;
    return MPI_SUCCESS;
}

/* The checks every constructor starts with. */
static int common_args(const char *fc, int count, MPI_Datatype *newtype)
{
    MPIR_CHECK_INIT(fc);
    if (newtype == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (newtype)");
    if (count < 0)
        return MPIR_ERR(NULL, MPI_ERR_COUNT, fc, "negative count %d (count)", count);
    return MPI_SUCCESS;
}

static int check_blocklengths(const char *fc, int count, const int *bls, const void *disps)
{
    if (count > 0 && (bls == NULL || disps == NULL))
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (%s)", bls ? "array_of_displacements" : "array_of_blocklengths");
    for (int i = 0; i < count; i++)
        if (bls[i] < 0)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "negative blocklength %d (array_of_blocklengths[%d])", bls[i], i);
    return MPI_SUCCESS;
}

/* ---- contiguous, vector, hvector ---- */

int MPI_Type_contiguous(int count, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_contiguous";
    MPIR_Dtype *old, *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = MPIR_Dtype_arg(fc, oldtype, "oldtype", &old)))
        return rc;
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    rc = MPIR_Typerep_append(&b, old, 0, count > 0);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Typerep_repeat(&b, count, MPIR_DTYPE_EXTENT(old));
    if ((rc = make(fc, &b, rc, &t)))
        return rc;
    return publish(fc, t, MPI_COMBINER_CONTIGUOUS, 1, &count, 0, NULL, 1, &oldtype, newtype);
}

static int hvector(const char *fc, int count, int blocklength, int64_t stride_bytes, MPI_Datatype oldtype,
                   MPIR_Dtype **t)
{
    MPIR_Dtype *old;
    int rc = MPIR_Dtype_arg(fc, oldtype, "oldtype", &old);
    if (rc)
        return rc;
    if (blocklength < 0)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "negative blocklength %d (blocklength)", blocklength);
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    rc = MPIR_Typerep_append(&b, old, 0, count > 0 ? blocklength : 0);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Typerep_repeat(&b, count, stride_bytes);
    return make(fc, &b, rc, t);
}

int MPI_Type_vector(int count, int blocklength, int stride, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_vector";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc)
        return rc;
    MPIR_Dtype *old = MPIR_Dtype_get_user(oldtype);
    int64_t extent = old ? MPIR_DTYPE_EXTENT(old) : 0;
    if ((rc = hvector(fc, count, blocklength, stride * extent, oldtype, &t)))
        return rc;
    int ints[3] = {count, blocklength, stride};
    return publish(fc, t, MPI_COMBINER_VECTOR, 3, ints, 0, NULL, 1, &oldtype, newtype);
}

int MPI_Type_create_hvector(int count, int blocklength, MPI_Aint stride, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_hvector";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = hvector(fc, count, blocklength, stride, oldtype, &t)))
        return rc;
    int ints[2] = {count, blocklength};
    return publish(fc, t, MPI_COMBINER_HVECTOR, 2, ints, 1, &stride, 1, &oldtype, newtype);
}

/* ---- indexed forms: displacements in elements (int) or bytes (MPI_Aint) ---- */

static int indexed(const char *fc, int count, const int *bls, int one_bl, const int *idisps, const MPI_Aint *adisps,
                   MPI_Datatype oldtype, MPIR_Dtype **t)
{
    MPIR_Dtype *old;
    int rc = MPIR_Dtype_arg(fc, oldtype, "oldtype", &old);
    if (rc)
        return rc;
    if (bls) {
        if ((rc = check_blocklengths(fc, count, bls, idisps ? (const void *)idisps : (const void *)adisps)))
            return rc;
    } else if (one_bl < 0) {
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "negative blocklength %d (blocklength)", one_bl);
    } else if (count > 0 && !idisps && !adisps) {
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (array_of_displacements)");
    }
    int64_t extent = MPIR_DTYPE_EXTENT(old);
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    for (int i = 0; i < count && rc == MPI_SUCCESS; i++)
        rc = MPIR_Typerep_append(&b, old, idisps ? idisps[i] * extent : (int64_t)adisps[i], bls ? bls[i] : one_bl);
    return make(fc, &b, rc, t);
}

int MPI_Type_indexed(int count, const int bls[], const int disps[], MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_indexed";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = indexed(fc, count, bls, 0, disps, NULL, oldtype, &t)))
        return rc;
    int *ints = malloc(sizeof(int) * (2 * (size_t)count + 1));
    if (ints == NULL) {
        MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    }
    ints[0] = count;
    for (int i = 0; i < count; i++) {
        ints[1 + i] = bls[i];
        ints[1 + count + i] = disps[i];
    }
    rc = publish(fc, t, MPI_COMBINER_INDEXED, 2 * count + 1, ints, 0, NULL, 1, &oldtype, newtype);
    free(ints);
    return rc;
}

int MPI_Type_create_hindexed(int count, const int bls[], const MPI_Aint disps[], MPI_Datatype oldtype,
                             MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_hindexed";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = indexed(fc, count, bls, 0, NULL, disps, oldtype, &t)))
        return rc;
    int *ints = malloc(sizeof(int) * ((size_t)count + 1));
    if (ints == NULL) {
        MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    }
    ints[0] = count;
    for (int i = 0; i < count; i++)
        ints[1 + i] = bls[i];
    rc = publish(fc, t, MPI_COMBINER_HINDEXED, count + 1, ints, count, disps, 1, &oldtype, newtype);
    free(ints);
    return rc;
}

int MPI_Type_create_indexed_block(int count, int blocklength, const int disps[], MPI_Datatype oldtype,
                                  MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_indexed_block";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = indexed(fc, count, NULL, blocklength, disps, NULL, oldtype, &t)))
        return rc;
    int *ints = malloc(sizeof(int) * ((size_t)count + 2));
    if (ints == NULL) {
        MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    }
    ints[0] = count;
    ints[1] = blocklength;
    for (int i = 0; i < count; i++)
        ints[2 + i] = disps[i];
    rc = publish(fc, t, MPI_COMBINER_INDEXED_BLOCK, count + 2, ints, 0, NULL, 1, &oldtype, newtype);
    free(ints);
    return rc;
}

int MPI_Type_create_hindexed_block(int count, int blocklength, const MPI_Aint disps[], MPI_Datatype oldtype,
                                   MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_hindexed_block";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = indexed(fc, count, NULL, blocklength, NULL, disps, oldtype, &t)))
        return rc;
    int ints[2] = {count, blocklength};
    return publish(fc, t, MPI_COMBINER_HINDEXED_BLOCK, 2, ints, count, disps, 1, &oldtype, newtype);
}

/* ---- struct ---- */

int MPI_Type_create_struct(int count, const int bls[], const MPI_Aint disps[], const MPI_Datatype types[],
                           MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_struct";
    MPIR_Dtype *t;
    int rc = common_args(fc, count, newtype);
    if (rc || (rc = check_blocklengths(fc, count, bls, disps)))
        return rc;
    if (count > 0 && types == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (array_of_types)");
    for (int i = 0; i < count; i++) {
        if (MPIR_Dtype_get_user(types[i]) == NULL)
            return MPIR_ERR(NULL, MPI_ERR_TYPE, fc, "%s datatype 0x%x (array_of_types[%d])",
                            MPIR_Dtype_get(types[i]) ? "freed" : "invalid", (unsigned)types[i], i);
    }
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    for (int i = 0; i < count && rc == MPI_SUCCESS; i++)
        rc = MPIR_Typerep_append(&b, MPIR_Dtype_get(types[i]), disps[i], bls[i]);
    if ((rc = make(fc, &b, rc, &t)))
        return rc;
    /* the epsilon of MPI-4.0 5.1.6: the extent rounds up to the widest member's alignment */
    MPI_Aint extent = MPIR_DTYPE_EXTENT(t);
    if (extent > 0 && extent % t->align)
        t->ub += t->align - extent % t->align;
    MPIR_Typerep_set_contig(t);
    int *ints = malloc(sizeof(int) * ((size_t)count + 1));
    if (ints == NULL) {
        MPIR_Dtype_release(t, 1);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for the new datatype");
    }
    ints[0] = count;
    for (int i = 0; i < count; i++)
        ints[1 + i] = bls[i];
    rc = publish(fc, t, MPI_COMBINER_STRUCT, count + 1, ints, count, disps, count, types, newtype);
    free(ints);
    return rc;
}

/* ---- resized, dup ---- */

int MPI_Type_create_resized(MPI_Datatype oldtype, MPI_Aint lb, MPI_Aint extent, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_create_resized";
    MPIR_Dtype *old, *t;
    int rc = common_args(fc, 0, newtype);
    if (rc || (rc = MPIR_Dtype_arg(fc, oldtype, "oldtype", &old)))
        return rc;
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    if ((rc = make(fc, &b, MPIR_Typerep_append(&b, old, 0, 1), &t)))
        return rc;
    t->lb = lb;
    t->ub = lb + extent;
    MPIR_Typerep_set_contig(t);
    MPI_Aint aints[2] = {lb, extent};
    return publish(fc, t, MPI_COMBINER_RESIZED, 0, NULL, 2, aints, 1, &oldtype, newtype);
}

int MPI_Type_dup(MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    const char *fc = "MPI_Type_dup";
    MPIR_Dtype *old, *t;
    int rc = common_args(fc, 0, newtype);
    if (rc || (rc = MPIR_Dtype_arg(fc, oldtype, "oldtype", &old)))
        return rc;
    MPIR_Typerep_builder b;
    MPIR_Typerep_begin(&b);
    if ((rc = make(fc, &b, MPIR_Typerep_append(&b, old, 0, 1), &t)))
        return rc;
    t->committed = old->committed;
    return publish(fc, t, MPI_COMBINER_DUP, 0, NULL, 0, NULL, 1, &oldtype, newtype);
}
