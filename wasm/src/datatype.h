/* Datatype objects shared by the derived-datatype files (datatype.c,
 * type_create.c, typerep.c, type_contents.c, pack.c, typed_buf.c). */
#ifndef WMPI_DATATYPE_H
#define WMPI_DATATYPE_H

#include "mpiimpl.h"

/* One contiguous run of bytes of an element: at `off` from the element's
 * origin, `len` bytes, packed at `pos` in the element's packed form. `esize`
 * is the size of the basic elements it holds (MPI_Get_elements counts them);
 * `swap` the unit external32 reverses (a complex number's part). */
typedef struct MPIR_Type_block {
    MPI_Aint off, len, pos;
    int esize, swap;
} MPIR_Type_block;

typedef struct MPIR_Dtype {
    int handle;
    int user_refs;  /* handles the user holds (the constructor's, each Get_contents'); 0: freed */
    int refs;       /* types built on it and pending operations */
    int committed;
    int combiner;   /* MPI_COMBINER_* */
    MPI_Count size; /* bytes of data in one element */
    MPI_Aint lb, ub, true_lb, true_ub;
    int align;      /* alignment of its widest basic type (the epsilon of MPI_Type_create_struct) */
    MPI_Datatype basic;
    MPI_Count nelements; /* basic elements in one element */
    /* the flattened type map of one element, in type-map order: `nrep` periods,
     * `rep_stride` bytes apart, each the runs `blocks` (pos counts from the
     * period's start; a vector keeps one period, not a run per block) */
    MPIR_Type_block *blocks;
    MPI_Aint nblocks;
    MPI_Aint nrep, rep_stride, period; /* period: packed bytes of one period */
    int is_contig;
    /* what MPI_Type_get_contents returns */
    int nints, naints, ntypes;
    int *ints;
    MPI_Aint *aints;
    MPI_Datatype *types;
    char name[MPI_MAX_OBJECT_NAME];
} MPIR_Dtype;

/* The object behind any live datatype handle (predefined ones too), or NULL. */
MPIR_Dtype *MPIR_Dtype_get(MPI_Datatype handle);
/* The same, for a handle the user may still use (not freed). */
MPIR_Dtype *MPIR_Dtype_get_user(MPI_Datatype handle);
/* A new derived type with a handle, one user reference and nothing else set. */
MPIR_Dtype *MPIR_Dtype_new(void);
/* Drops a reference (user_refs if `user`); frees the type when none is left. */
void MPIR_Dtype_release(MPIR_Dtype *t, int user);
/* Derived types alive (for leak checks in tests). */
int MPIR_Dtype_live_count(void);
/* Takes an internal reference (no-op for predefined types). */
void MPIR_Dtype_addref(MPIR_Dtype *t);
/* Looks up a datatype argument for call fc: MPI_ERR_TYPE naming `arg` if it is invalid or freed. */
int MPIR_Dtype_arg(const char *fc, MPI_Datatype handle, const char *arg, MPIR_Dtype **t);

/* Records a constructor's arguments for MPI_Type_get_contents (type_contents.c);
 * takes a reference on each type. */
int MPIR_Dtype_set_contents(MPIR_Dtype *t, int combiner, int nints, const int *ints, int naints,
                            const MPI_Aint *aints, int ntypes, const MPI_Datatype *types);

/* ---- typerep.c: building and walking the flattened type map ---- */
typedef struct MPIR_Typerep_builder {
    MPIR_Type_block *blocks;
    MPI_Aint n, cap;
    MPI_Count size, nelements;
    int64_t lb, ub;   /* bounds of the copies appended so far */
    int any;          /* a copy has been appended (bounds are set) */
    int align;
    MPI_Datatype basic;
    int mixed;        /* made of more than one basic type */
    int64_t nrep, rep_stride; /* MPIR_Typerep_repeat */
} MPIR_Typerep_builder;

void MPIR_Typerep_begin(MPIR_Typerep_builder *b);
/* Appends `count` copies of child, the first at byte displacement disp, each
 * next one child's extent further. MPI_ERR_NO_MEM or MPI_ERR_ARG (too large). */
int MPIR_Typerep_append(MPIR_Typerep_builder *b, const MPIR_Dtype *child, int64_t disp, int64_t count);
/* Repeats everything appended so far count times, stride bytes apart (the
 * last step of a vector-like constructor: nothing may be appended after it). */
int MPIR_Typerep_repeat(MPIR_Typerep_builder *b, int64_t count, int64_t stride);
/* Moves the type map into t and sets its size, bounds, basic type and flags
 * (lb/ub from the copies; 0/0 if none). */
int MPIR_Typerep_finish(MPIR_Typerep_builder *b, MPIR_Dtype *t);
void MPIR_Typerep_abandon(MPIR_Typerep_builder *b);
/* Recomputes is_contig after lb/ub changed (MPI_Type_create_resized). */
void MPIR_Typerep_set_contig(MPIR_Dtype *t);

/* Packs `n` bytes of the packed form of (buf, count, t), starting at packed
 * byte `first`, into out (external32: big-endian). Unpack is the reverse. */
void MPIR_Typerep_pack(const void *buf, const MPIR_Dtype *t, MPI_Count first, void *out, MPI_Count n, int external32);
void MPIR_Typerep_unpack(const void *in, MPI_Count first, MPI_Count n, void *buf, const MPIR_Dtype *t, int external32);
/* Basic elements in the first `bytes` packed bytes of elements of t, or MPI_UNDEFINED
 * if they end inside a basic element. */
MPI_Count MPIR_Typerep_elements(const MPIR_Dtype *t, MPI_Count bytes);
/* The packed bytes of the first `elements` basic elements of elements of t. */
MPI_Count MPIR_Typerep_bytes_of_elements(const MPIR_Dtype *t, MPI_Count elements);

#define MPIR_DTYPE_EXTENT(t) ((t)->ub - (t)->lb)

#endif
