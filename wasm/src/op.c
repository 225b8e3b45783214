/* Reduction operations (MPI-4.0 section 6.9): predefined and user-defined op
 * objects, MPI_Reduce_local, and the one routine every reduction applies
 * an op with (collectives, and one-sided accumulate with MPI_REPLACE / MPI_NO_OP). */
#include "mpiimpl.h"
#include "channel.h"
#include "op_predefined.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { USER_C, USER_C_LARGE, USER_JS } user_kind;

/* A user-defined op. Its references: the user's handle and every operation
 * under way that will apply it; the slot is reused when the last one goes,
 * under a new generation, so a stale handle is refused rather than taken for
 * the op now in its slot. Handle index: generation << SLOT_BITS | slot. */
#define SLOT_BITS 16
#define MAX_SLOTS (1 << SLOT_BITS)
#define GENERATION_MASK 0x3ffu

typedef struct user_op {
    int refcount; /* 0: the slot is free */
    unsigned generation;
    int commute;
    user_kind kind;
    MPI_User_function *fn;
    MPI_User_function_c *fn_c;
    int js_id;
} user_op;

static user_op *user_ops;
static int user_ops_len;

static const char *const builtin_names[] = {
    "MPI_OP_NULL", "MPI_MAX", "MPI_MIN", "MPI_SUM", "MPI_PROD", "MPI_LAND", "MPI_BAND", "MPI_LOR",
    "MPI_BOR", "MPI_LXOR", "MPI_BXOR", "MPI_MINLOC", "MPI_MAXLOC", "MPI_REPLACE", "MPI_NO_OP",
};

/* The live user op behind a handle, or NULL. */
static user_op *user_op_get(MPI_Op op)
{
    if (!HANDLE_IS_DYNAMIC(op) || HANDLE_KIND(op) != WMPI_KIND_OP)
        return NULL;
    unsigned slot = HANDLE_INDEX(op) & (MAX_SLOTS - 1), generation = HANDLE_INDEX(op) >> SLOT_BITS;
    if (slot >= (unsigned)user_ops_len || user_ops[slot].refcount == 0 || user_ops[slot].generation != generation)
        return NULL;
    return &user_ops[slot];
}

const char *MPIR_Op_name(MPI_Op op)
{
    int index = MPIR_Op_builtin_index(op);
    return index ? builtin_names[index] : "user-defined op";
}

/* Writes "MPI_INT" or "datatype 0x... (of MPI_INT)" into buf. */
static const char *type_desc(MPI_Datatype type, MPI_Datatype basic, char *buf, size_t len)
{
    const char *name = MPIR_Builtin_type_name(type);
    const char *basic_name = MPIR_Builtin_type_name(basic);
    if (name)
        return name;
    if (basic_name)
        snprintf(buf, len, "datatype 0x%x (of %s)", (unsigned)type, basic_name);
    else
        snprintf(buf, len, "datatype 0x%x (of several predefined types)", (unsigned)type);
    return buf;
}

/* Records why op cannot be applied to type in call fc and returns the class,
 * or returns MPI_SUCCESS. rma: MPI_REPLACE and MPI_NO_OP are allowed. */
static int op_validate(const char *fc, MPI_Op op, MPI_Datatype type, int rma, MPIR_Datatype_info *info)
{
    int index = MPIR_Op_builtin_index(op);
    if (!index && !user_op_get(op))
        return MPIR_Err_set(MPI_ERR_OP, fc, "invalid operation 0x%x (op)", (unsigned)op);
    if (MPIR_Datatype_query(type, info) != MPI_SUCCESS)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "invalid datatype 0x%x (datatype)", (unsigned)type);
    if (!index)
        return MPI_SUCCESS; /* a user function takes any datatype */
    if (!rma && (op == MPI_REPLACE || op == MPI_NO_OP))
        return MPIR_Err_set(MPI_ERR_OP, fc, "%s is only for one-sided accumulate calls (op)", MPIR_Op_name(op));
    if (info->size > 0 && !MPIR_Op_builtin_applies(op, info->basic)) { /* no elements: nothing to apply */
        char buf[96];
        return MPIR_Err_set(MPI_ERR_OP, fc, "%s is not defined for %s (op, datatype)", MPIR_Op_name(op),
                            type_desc(type, info->basic, buf, sizeof buf));
    }
    return MPI_SUCCESS;
}

int MPIR_Op_check(const char *fc, MPIR_Comm *comm, MPI_Op op, MPI_Datatype type)
{
    MPIR_Datatype_info info;
    int rc = op_validate(fc, op, type, 0, &info);
    return rc == MPI_SUCCESS ? rc : MPIR_Err_raise(comm, rc);
}

int MPIR_Op_is_commutative(MPI_Op op)
{
    user_op *u = user_op_get(op);
    return u ? u->commute : 1; /* every predefined op is, as in MPICH */
}

/* ---- applying an op ---- */

/* Whether count elements of a type made of basic sit as one array of basic
 * elements from true_lb on (any order inside an element is fine: in and
 * inout share the layout). Sets *n to the number of basic elements. */
static int is_dense(const MPIR_Datatype_info *info, const MPIR_Datatype_info *b, MPI_Count count, size_t *n)
{
    MPI_Count k = info->size / b->size;
    *n = (size_t)(count * k);
    return info->size == k * b->size && info->true_lb == info->lb && info->extent == k * b->extent &&
           info->true_extent == (k - 1) * b->extent + b->true_extent;
}

/* A predefined op on count elements of a derived type that is not dense:
 * pack both buffers into arrays of basic, reduce, unpack into inout. */
static int apply_packed(MPI_Op op, const void *in, void *inout, MPI_Count count, MPI_Datatype type,
                        MPI_Datatype basic, size_t n, MPI_Aint bext)
{
    char *tin = MPIR_Malloc(n * (size_t)bext), *tinout = MPIR_Malloc(n * (size_t)bext);
    int rc = MPI_ERR_NO_MEM;
    if (tin && tinout && (rc = MPIR_Localcopy(in, count, type, tin, (MPI_Count)n, basic)) == MPI_SUCCESS &&
        (rc = MPIR_Localcopy(inout, count, type, tinout, (MPI_Count)n, basic)) == MPI_SUCCESS) {
        MPIR_Op_builtin_apply(op, basic, tin, tinout, n);
        rc = MPIR_Localcopy(tinout, (MPI_Count)n, basic, inout, count, type);
    }
    MPIR_Free(tin);
    MPIR_Free(tinout);
    return rc;
}

static int apply_user(const char *fc, user_op *u, MPI_Op op, const void *in, void *inout, MPI_Count count, MPI_Datatype type,
                      MPI_Aint extent)
{
    MPI_Datatype dt = type;
    switch (u->kind) {
    case USER_C_LARGE: {
        MPI_Count len = count;
        u->fn_c((void *)in, inout, &len, &dt);
        return MPI_SUCCESS;
    }
    case USER_C:
        /* MPI_User_function takes an int count: apply it in pieces */
        while (count > 0) {
            int len = count > INT_MAX ? INT_MAX : (int)count;
            u->fn((void *)in, inout, &len, &dt);
            in = (const char *)in + (size_t)len * (size_t)extent;
            inout = (char *)inout + (size_t)len * (size_t)extent;
            count -= len;
        }
        return MPI_SUCCESS;
    case USER_JS:
        if (wmpi_op_call(u->js_id, in, inout, (double)count, type) != 0)
            return MPIR_Err_set(MPI_ERR_OTHER, fc, "the JS function of op 0x%x threw an exception (op)",
                                (unsigned)op);
        return MPI_SUCCESS;
    }
    return MPI_ERR_INTERN;
}

/* MPIR_Reduce_local_impl with errors recorded as call fc. */
static int reduce_local(const char *fc, const void *in, void *inout, MPI_Count count, MPI_Datatype type, MPI_Op op)
{
    /* the common case, a predefined op on a predefined type it applies to: one array of count elements */
    if (HANDLE_IS_BUILTIN(type) && MPIR_Op_builtin_applies(op, type)) {
        MPIR_Op_builtin_apply(op, type, in, inout, count > 0 ? (size_t)count : 0);
        return MPI_SUCCESS;
    }
    MPIR_Datatype_info info, b;
    int rc = op_validate(fc, op, type, 1, &info);
    if (rc != MPI_SUCCESS)
        return rc;
    user_op *u = user_op_get(op);
    if (u)
        return count > 0 ? apply_user(fc, u, op, in, inout, count, type, info.extent) : MPI_SUCCESS;
    if (count == 0 || info.size == 0 || op == MPI_NO_OP)
        return MPI_SUCCESS;
    MPIR_Datatype_query(info.basic, &b);
    size_t n;
    int dense = is_dense(&info, &b, count, &n);
    if (n == 0)
        return MPI_SUCCESS;
    if (!dense)
        return apply_packed(op, in, inout, count, type, info.basic, n, b.extent);
    MPIR_Op_builtin_apply(op, info.basic, (const char *)in + info.true_lb, (char *)inout + info.true_lb, n);
    return MPI_SUCCESS;
}

int MPIR_Reduce_local_impl(const void *in, void *inout, MPI_Count count, MPI_Datatype type, MPI_Op op)
{
    return reduce_local("reduction", in, inout, count, type, op);
}

/* ---- user-defined ops ---- */

static int user_op_new(const char *fc, user_kind kind, int commute, MPI_Op *op, user_op **out)
{
    int index = 0;
    while (index < user_ops_len && user_ops[index].refcount != 0)
        index++;
    if (index == MAX_SLOTS)
        return MPIR_ERR(NULL, MPI_ERR_OTHER, fc, "%d user-defined ops exist already", MAX_SLOTS);
    if (index == user_ops_len) {
        int len = user_ops_len ? 2 * user_ops_len : 16;
        user_op *grown = realloc(user_ops, (size_t)len * sizeof *grown);
        if (!grown)
            return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "no memory for another op");
        memset(grown + user_ops_len, 0, (size_t)(len - user_ops_len) * sizeof *grown);
        user_ops = grown;
        user_ops_len = len;
    }
    user_op *u = &user_ops[index];
    unsigned generation = u->generation;
    memset(u, 0, sizeof *u);
    u->generation = generation;
    u->refcount = 1;
    u->commute = commute != 0;
    u->kind = kind;
    *op = HANDLE_MAKE_DYNAMIC(WMPI_KIND_OP, generation << SLOT_BITS | (unsigned)index);
    *out = u;
    return MPI_SUCCESS;
}

static int op_create(const char *fc, user_kind kind, void *fn, int commute, MPI_Op *op)
{
    MPIR_CHECK_INIT(fc);
    if (fn == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null function (user_fn)");
    if (op == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (op)");
    user_op *u;
    int rc = user_op_new(fc, kind, commute, op, &u);
    if (rc == MPI_SUCCESS) {
        if (kind == USER_C)
            u->fn = (MPI_User_function *)fn;
        else
            u->fn_c = (MPI_User_function_c *)fn;
    }
    return rc;
}

int MPI_Op_create(MPI_User_function *user_fn, int commute, MPI_Op *op)
{
    return op_create("MPI_Op_create", USER_C, (void *)user_fn, commute, op);
}

int MPI_Op_create_c(MPI_User_function_c *user_fn, int commute, MPI_Op *op)
{
    return op_create("MPI_Op_create_c", USER_C_LARGE, (void *)user_fn, commute, op);
}

int MPIR_Op_create_js(int js_id, int commute, MPI_Op *op)
{
    MPIR_CHECK_INIT("MPI_Op_create");
    user_op *u;
    int rc = user_op_new("MPI_Op_create", USER_JS, commute, op, &u);
    if (rc == MPI_SUCCESS)
        u->js_id = js_id;
    return rc;
}

void MPIR_Op_ref(MPI_Op op)
{
    user_op *u = user_op_get(op);
    if (u)
        u->refcount++;
}

void MPIR_Op_release(MPI_Op op)
{
    user_op *u = user_op_get(op);
    if (!u || --u->refcount > 0)
        return;
    u->generation = (u->generation + 1) & GENERATION_MASK;
    if (u->kind == USER_JS)
        wmpi_op_release(u->js_id);
}

int MPI_Op_free(MPI_Op *op)
{
    static const char fc[] = "MPI_Op_free";
    MPIR_CHECK_INIT(fc);
    if (op == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (op)");
    if (MPIR_Op_builtin_index(*op))
        return MPIR_ERR(NULL, MPI_ERR_OP, fc, "cannot free the predefined op %s (op)", MPIR_Op_name(*op));
    if (!user_op_get(*op))
        return MPIR_ERR(NULL, MPI_ERR_OP, fc, "invalid operation 0x%x (op)", (unsigned)*op);
    MPIR_Op_release(*op);
    *op = MPI_OP_NULL;
    return MPI_SUCCESS;
}

int MPI_Op_commutative(MPI_Op op, int *commute)
{
    static const char fc[] = "MPI_Op_commutative";
    MPIR_CHECK_INIT(fc);
    if (!MPIR_Op_builtin_index(op) && !user_op_get(op))
        return MPIR_ERR(NULL, MPI_ERR_OP, fc, "invalid operation 0x%x (op)", (unsigned)op);
    if (commute == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (commute)");
    *commute = MPIR_Op_is_commutative(op);
    return MPI_SUCCESS;
}

/* ---- MPI_Reduce_local ---- */

int MPI_Reduce_local_c(const void *inbuf, void *inoutbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op)
{
    static const char fc[] = "MPI_Reduce_local";
    MPIR_CHECK_INIT(fc);
    if (count < 0)
        return MPIR_ERR(NULL, MPI_ERR_COUNT, fc, "negative count %lld (count)", (long long)count);
    int rc = MPIR_Op_check(fc, NULL, op, datatype);
    if (rc != MPI_SUCCESS)
        return rc;
    if (inbuf == MPI_IN_PLACE || inoutbuf == MPI_IN_PLACE)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed (%s)",
                        inbuf == MPI_IN_PLACE ? "inbuf" : "inoutbuf");
    if (count > 0 && inbuf == NULL)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, fc, "null buffer with count %lld (inbuf)", (long long)count);
    if (count > 0 && inoutbuf == NULL)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, fc, "null buffer with count %lld (inoutbuf)", (long long)count);
    if (count > 0 && inbuf == inoutbuf)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, fc, "inbuf and inoutbuf are the same buffer (inoutbuf)");
    rc = reduce_local(fc, inbuf, inoutbuf, count, datatype, op);
    return rc == MPI_SUCCESS ? rc : MPIR_Err_raise(NULL, rc);
}

int MPI_Reduce_local(const void *inbuf, void *inoutbuf, int count, MPI_Datatype datatype, MPI_Op op)
{
    return MPI_Reduce_local_c(inbuf, inoutbuf, count, datatype, op);
}
