/* Datatype objects (MPI-4.0 chapter 5): the predefined types, the handle
 * table of derived ones, reference counts, and the queries, commit, free and
 * names. The constructors are in type_create.c, the type map in typerep.c. */
#include "datatype.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- predefined types: the size is encoded in the handle ---- */

static const char *const builtin_names[WMPI_NUM_BUILTIN_TYPES] = {
    "MPI_DATATYPE_NULL", "MPI_CHAR", "MPI_SIGNED_CHAR", "MPI_UNSIGNED_CHAR", "MPI_BYTE", "MPI_WCHAR",
    "MPI_SHORT", "MPI_UNSIGNED_SHORT", "MPI_INT", "MPI_UNSIGNED", "MPI_LONG", "MPI_UNSIGNED_LONG",
    "MPI_LONG_LONG_INT", "MPI_UNSIGNED_LONG_LONG", "MPI_FLOAT", "MPI_DOUBLE", "MPI_LONG_DOUBLE", "MPI_PACKED",
    "MPI_C_BOOL", "MPI_INT8_T", "MPI_INT16_T", "MPI_INT32_T", "MPI_INT64_T", "MPI_UINT8_T", "MPI_UINT16_T",
    "MPI_UINT32_T", "MPI_UINT64_T", "MPI_AINT", "MPI_OFFSET", "MPI_COUNT", "MPI_C_FLOAT_COMPLEX",
    "MPI_C_DOUBLE_COMPLEX", "MPI_C_LONG_DOUBLE_COMPLEX", "MPI_FLOAT_INT", "MPI_DOUBLE_INT", "MPI_LONG_INT",
    "MPI_2INT", "MPI_SHORT_INT", "MPI_LONG_DOUBLE_INT",
};

static MPIR_Dtype builtins[WMPI_NUM_BUILTIN_TYPES];
static MPIR_Type_block builtin_blocks[WMPI_NUM_BUILTIN_TYPES][2];
static int builtins_ready;

/* The value member of a MAXLOC/MINLOC pair type (its int follows at the value's alignment), or 0. */
static int pair_value_size(MPI_Datatype type)
{
    switch (type) {
    case MPI_FLOAT_INT: return 4;
    case MPI_DOUBLE_INT: return 8;
    case MPI_LONG_INT: return (int)sizeof(long);
    case MPI_2INT: return 4;
    case MPI_SHORT_INT: return 2;
    case MPI_LONG_DOUBLE_INT: return 16;
    default: return 0;
    }
}

static int is_complex(MPI_Datatype type)
{
    return type == MPI_C_FLOAT_COMPLEX || type == MPI_C_DOUBLE_COMPLEX || type == MPI_C_LONG_DOUBLE_COMPLEX;
}

static const MPI_Datatype builtin_handles[WMPI_NUM_BUILTIN_TYPES] = {
    MPI_DATATYPE_NULL, MPI_CHAR, MPI_SIGNED_CHAR, MPI_UNSIGNED_CHAR, MPI_BYTE, MPI_WCHAR, MPI_SHORT,
    MPI_UNSIGNED_SHORT, MPI_INT, MPI_UNSIGNED, MPI_LONG, MPI_UNSIGNED_LONG, MPI_LONG_LONG_INT,
    MPI_UNSIGNED_LONG_LONG, MPI_FLOAT, MPI_DOUBLE, MPI_LONG_DOUBLE, MPI_PACKED, MPI_C_BOOL, MPI_INT8_T,
    MPI_INT16_T, MPI_INT32_T, MPI_INT64_T, MPI_UINT8_T, MPI_UINT16_T, MPI_UINT32_T, MPI_UINT64_T, MPI_AINT,
    MPI_OFFSET, MPI_COUNT, MPI_C_FLOAT_COMPLEX, MPI_C_DOUBLE_COMPLEX, MPI_C_LONG_DOUBLE_COMPLEX, MPI_FLOAT_INT,
    MPI_DOUBLE_INT, MPI_LONG_INT, MPI_2INT, MPI_SHORT_INT, MPI_LONG_DOUBLE_INT,
};

static void init_builtin(unsigned index)
{
    MPI_Datatype h = builtin_handles[index];
    MPIR_Dtype *t = &builtins[index];
    MPIR_Type_block *b = builtin_blocks[index];
    int extent = ((unsigned)h >> 8) & 0xffu;
    t->handle = h;
    t->user_refs = 1;
    t->committed = 1;
    t->combiner = MPI_COMBINER_NAMED;
    t->basic = h;
    t->lb = t->true_lb = 0;
    t->ub = t->true_ub = extent;
    t->blocks = b;
    t->nrep = 1;
    int v = pair_value_size(h);
    if (v) {
        MPI_Aint int_at = (v + 3) & ~3; /* C aligns the int: MPI_SHORT_INT's is at 4 */
        b[0] = (MPIR_Type_block){0, v, 0, v, v};
        b[1] = (MPIR_Type_block){int_at, 4, v, 4, 4};
        t->nblocks = 2;
        t->size = v + 4;
        t->true_ub = int_at + 4;
        t->nelements = 2;
        t->align = v > 4 ? v : 4;
    } else {
        int unit = is_complex(h) ? extent / 2 : extent;
        b[0] = (MPIR_Type_block){0, extent, 0, extent, unit};
        t->nblocks = 1;
        t->size = extent;
        t->nelements = 1;
        t->align = unit ? unit : 1;
    }
    t->period = (MPI_Aint)t->size;
    snprintf(t->name, sizeof t->name, "%s", builtin_names[index]);
    MPIR_Typerep_set_contig(t);
}

/* Predefined: the table is filled the first time it is needed. */
static MPIR_Dtype *builtin(MPI_Datatype type)
{
    unsigned index = (unsigned)type & 0xffu;
    if (index == 0 || index >= WMPI_NUM_BUILTIN_TYPES || builtin_handles[index] != type)
        return NULL;
    if (!builtins_ready) {
        for (unsigned i = 1; i < WMPI_NUM_BUILTIN_TYPES; i++)
            init_builtin(i);
        builtins_ready = 1;
    }
    return &builtins[index];
}

/* ---- derived types: slot (16 bits) and generation (10 bits) in the handle index ---- */

#define SLOT_BITS 16
#define MAX_SLOTS (1u << SLOT_BITS)
#define GEN_MASK 0x3ffu

static MPIR_Dtype **slots;
static uint16_t *generation;
static unsigned nslots;

MPIR_Dtype *MPIR_Dtype_get(MPI_Datatype handle)
{
    if (HANDLE_IS_BUILTIN(handle))
        return HANDLE_KIND(handle) == WMPI_KIND_DATATYPE ? builtin(handle) : NULL;
    if (!HANDLE_IS_DYNAMIC(handle) || HANDLE_KIND(handle) != WMPI_KIND_DATATYPE)
        return NULL;
    unsigned idx = HANDLE_INDEX(handle), slot = idx & (MAX_SLOTS - 1);
    if (slot >= nslots || slots[slot] == NULL || slots[slot]->handle != handle)
        return NULL;
    return slots[slot];
}

MPIR_Dtype *MPIR_Dtype_get_user(MPI_Datatype handle)
{
    MPIR_Dtype *t = MPIR_Dtype_get(handle);
    return t && t->user_refs > 0 ? t : NULL;
}

int MPIR_Dtype_arg(const char *fc, MPI_Datatype handle, const char *arg, MPIR_Dtype **t)
{
    *t = MPIR_Dtype_get_user(handle);
    if (*t == NULL)
        return MPIR_ERR(NULL, MPI_ERR_TYPE, fc, "%s datatype 0x%x (%s)",
                        MPIR_Dtype_get(handle) ? "freed" : "invalid", (unsigned)handle, arg);
    return MPI_SUCCESS;
}

MPIR_Dtype *MPIR_Dtype_new(void)
{
    unsigned slot = 0;
    while (slot < nslots && slots[slot] != NULL)
        slot++;
    if (slot == nslots) {
        if (nslots == MAX_SLOTS)
            return NULL;
        unsigned n = nslots ? nslots * 2 : 64;
        MPIR_Dtype **s = realloc(slots, n * sizeof *s);
        if (s == NULL)
            return NULL;
        slots = s;
        uint16_t *g = realloc(generation, n * sizeof *g);
        if (g == NULL)
            return NULL;
        generation = g;
        memset(slots + nslots, 0, (n - nslots) * sizeof *slots);
        memset(generation + nslots, 0, (n - nslots) * sizeof *generation);
        nslots = n;
    }
    MPIR_Dtype *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    generation[slot] = (uint16_t)((generation[slot] + 1) & GEN_MASK);
    t->handle = HANDLE_MAKE_DYNAMIC(WMPI_KIND_DATATYPE, ((unsigned)generation[slot] << SLOT_BITS) | slot);
    t->user_refs = 1;
    slots[slot] = t;
    return t;
}

int MPIR_Dtype_live_count(void)
{
    int n = 0;
    for (unsigned i = 0; i < nslots; i++)
        n += slots[i] != NULL;
    return n;
}

void MPIR_Dtype_addref(MPIR_Dtype *t)
{
    if (HANDLE_IS_DYNAMIC(t->handle))
        t->refs++;
}

void MPIR_Dtype_release(MPIR_Dtype *t, int user)
{
    if (!HANDLE_IS_DYNAMIC(t->handle))
        return;
    if (user)
        t->user_refs--;
    else
        t->refs--;
    if (t->user_refs > 0 || t->refs > 0)
        return;
    slots[HANDLE_INDEX(t->handle) & (MAX_SLOTS - 1)] = NULL;
    for (int i = 0; i < t->ntypes; i++) {
        MPIR_Dtype *child = MPIR_Dtype_get(t->types[i]);
        if (child)
            MPIR_Dtype_release(child, 0);
    }
    free(t->blocks);
    free(t->ints);
    free(t->aints);
    free(t->types);
    free(t);
}

/* ---- the MPI layer's interface (mpiimpl.h) ---- */

int MPIR_Datatype_size(MPI_Datatype type)
{
    MPIR_Dtype *t = MPIR_Dtype_get_user(type);
    return t == NULL || t->size > INT_MAX ? -1 : (int)t->size;
}

int MPIR_Datatype_query(MPI_Datatype type, MPIR_Datatype_info *info)
{
    MPIR_Dtype *t = MPIR_Dtype_get(type);
    if (t == NULL)
        return MPI_ERR_TYPE;
    info->size = t->size;
    info->lb = t->lb;
    info->extent = MPIR_DTYPE_EXTENT(t);
    info->true_lb = t->true_lb;
    info->true_extent = t->true_ub - t->true_lb;
    info->is_contig = t->is_contig;
    info->basic = t->basic;
    return MPI_SUCCESS;
}

/* ---- queries ---- */

int MPI_Type_size_c(MPI_Datatype datatype, MPI_Count *size)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_size", datatype, "datatype", &t);
    if (rc == MPI_SUCCESS)
        *size = t->size;
    return rc;
}

int MPI_Type_size(MPI_Datatype datatype, int *size)
{
    MPI_Count s;
    int rc = MPI_Type_size_c(datatype, &s);
    if (rc == MPI_SUCCESS)
        *size = s > INT_MAX ? MPI_UNDEFINED : (int)s;
    return rc;
}

int MPI_Type_get_extent_c(MPI_Datatype datatype, MPI_Count *lb, MPI_Count *extent)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_get_extent", datatype, "datatype", &t);
    if (rc == MPI_SUCCESS) {
        *lb = t->lb;
        *extent = MPIR_DTYPE_EXTENT(t);
    }
    return rc;
}

int MPI_Type_get_extent(MPI_Datatype datatype, MPI_Aint *lb, MPI_Aint *extent)
{
    MPI_Count l, e;
    int rc = MPI_Type_get_extent_c(datatype, &l, &e);
    if (rc == MPI_SUCCESS) {
        *lb = (MPI_Aint)l;
        *extent = (MPI_Aint)e;
    }
    return rc;
}

int MPI_Type_get_true_extent_c(MPI_Datatype datatype, MPI_Count *true_lb, MPI_Count *true_extent)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_get_true_extent", datatype, "datatype", &t);
    if (rc == MPI_SUCCESS) {
        *true_lb = t->true_lb;
        *true_extent = t->true_ub - t->true_lb;
    }
    return rc;
}

int MPI_Type_get_true_extent(MPI_Datatype datatype, MPI_Aint *true_lb, MPI_Aint *true_extent)
{
    MPI_Count l, e;
    int rc = MPI_Type_get_true_extent_c(datatype, &l, &e);
    if (rc == MPI_SUCCESS) {
        *true_lb = (MPI_Aint)l;
        *true_extent = (MPI_Aint)e;
    }
    return rc;
}

/* ---- commit, free, names ---- */

int MPI_Type_commit(MPI_Datatype *datatype)
{
    MPIR_CHECK_INIT("MPI_Type_commit");
    if (datatype == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_commit", "null pointer (datatype)");
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_commit", *datatype, "datatype", &t);
    if (rc == MPI_SUCCESS)
        t->committed = 1;
    return rc;
}

int MPI_Type_free(MPI_Datatype *datatype)
{
    MPIR_CHECK_INIT("MPI_Type_free");
    if (datatype == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_free", "null pointer (datatype)");
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_free", *datatype, "datatype", &t);
    if (rc)
        return rc;
    if (!HANDLE_IS_DYNAMIC(*datatype))
        return MPIR_ERR(NULL, MPI_ERR_TYPE, "MPI_Type_free", "cannot free predefined datatype %s (datatype)", t->name);
    MPIR_Dtype_release(t, 1); /* pending operations and types built on it keep the object */
    *datatype = MPI_DATATYPE_NULL;
    return MPI_SUCCESS;
}

int MPI_Type_set_name(MPI_Datatype datatype, const char *name)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_set_name", datatype, "datatype", &t);
    if (rc)
        return rc;
    if (name == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_set_name", "null pointer (type_name)");
    snprintf(t->name, sizeof t->name, "%s", name);
    return MPI_SUCCESS;
}

int MPI_Type_get_name(MPI_Datatype datatype, char *name, int *resultlen)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_get_name", datatype, "datatype", &t);
    if (rc)
        return rc;
    if (name == NULL || resultlen == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_get_name", "null pointer (%s)", name ? "resultlen" : "type_name");
    *resultlen = (int)strlen(t->name);
    memcpy(name, t->name, (size_t)*resultlen + 1);
    return MPI_SUCCESS;
}

/* MPI_Type_match_size (MPI-4.0 19.1.9): the predefined C type of that class and size. */
int MPI_Type_match_size(int typeclass, int size, MPI_Datatype *datatype)
{
    static const MPI_Datatype reals[] = {MPI_FLOAT, MPI_DOUBLE, MPI_LONG_DOUBLE};
    static const MPI_Datatype ints[] = {MPI_INT8_T, MPI_INT16_T, MPI_INT32_T, MPI_INT64_T};
    static const MPI_Datatype complexes[] = {MPI_C_FLOAT_COMPLEX, MPI_C_DOUBLE_COMPLEX, MPI_C_LONG_DOUBLE_COMPLEX};
    const MPI_Datatype *list;
    int n;
    switch (typeclass) {
    case MPI_TYPECLASS_REAL: list = reals, n = 3; break;
    case MPI_TYPECLASS_INTEGER: list = ints, n = 4; break;
    case MPI_TYPECLASS_COMPLEX: list = complexes, n = 3; break;
    default: return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_match_size", "invalid type class %d (typeclass)", typeclass);
    }
    for (int i = 0; i < n; i++)
        if (MPIR_Datatype_size(list[i]) == size) {
            *datatype = list[i];
            return MPI_SUCCESS;
        }
    return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_match_size", "no type of class %d has %d bytes (size)", typeclass, size);
}
