/* Attribute caching (MPI-4.0 7.7): keyvals with copy and delete callbacks,
 * attributes on communicators, and the predefined attributes. */
#include "mpiimpl.h"
#include "channel.h"
#include <stdlib.h>

typedef struct keyval {
    MPI_Comm_copy_attr_function *copy;
    MPI_Comm_delete_attr_function *del;
    void *extra_state;
    int refcount; /* the user's handle plus one per attribute set with it */
    int handle;
} keyval;

struct MPIR_Attr {
    keyval *kv;
    void *value;
    MPIR_Attr *next;
};

int MPIR_Comm_null_copy_fn(MPI_Comm comm, int kv, void *extra, void *in, void *out, int *flag)
{
    (void)comm, (void)kv, (void)extra, (void)in, (void)out;
    *flag = 0;
    return MPI_SUCCESS;
}

int MPIR_Comm_dup_fn(MPI_Comm comm, int kv, void *extra, void *in, void *out, int *flag)
{
    (void)comm, (void)kv, (void)extra;
    *(void **)out = in;
    *flag = 1;
    return MPI_SUCCESS;
}

int MPIR_Comm_null_delete_fn(MPI_Comm comm, int kv, void *value, void *extra)
{
    (void)comm, (void)kv, (void)value, (void)extra;
    return MPI_SUCCESS;
}

static void keyval_release(keyval *k)
{
    if (--k->refcount == 0) {
        MPIR_Handle_free(WMPI_KIND_KEYVAL, k->handle);
        free(k);
    }
}

int MPI_Comm_create_keyval(MPI_Comm_copy_attr_function *copy, MPI_Comm_delete_attr_function *del, int *comm_keyval,
                           void *extra_state)
{
    const char *fc = "MPI_Comm_create_keyval";
    MPIR_CHECK_INIT(fc);
    if (comm_keyval == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (comm_keyval)");
    keyval *k = malloc(sizeof *k);
    int h = k ? MPIR_Handle_alloc(WMPI_KIND_KEYVAL, k) : 0;
    if (h == 0) {
        free(k);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for a keyval");
    }
    k->copy = copy ? copy : MPIR_Comm_null_copy_fn;
    k->del = del ? del : MPIR_Comm_null_delete_fn;
    k->extra_state = extra_state;
    k->refcount = 1;
    k->handle = h;
    *comm_keyval = h;
    return MPI_SUCCESS;
}

int MPI_Comm_free_keyval(int *comm_keyval)
{
    const char *fc = "MPI_Comm_free_keyval";
    MPIR_CHECK_INIT(fc);
    keyval *k = comm_keyval ? MPIR_Handle_lookup(WMPI_KIND_KEYVAL, *comm_keyval) : NULL;
    if (k == NULL)
        return MPIR_ERR(NULL, MPI_ERR_KEYVAL, fc, "invalid keyval (comm_keyval)");
    keyval_release(k); /* attributes still set with it keep it alive */
    *comm_keyval = MPI_KEYVAL_INVALID;
    return MPI_SUCCESS;
}

static MPIR_Attr **find(MPIR_Attr **list, const keyval *k)
{
    while (*list && (*list)->kv != k)
        list = &(*list)->next;
    return list;
}

static int delete_one(MPI_Comm comm, MPIR_Attr **link)
{
    MPIR_Attr *a = *link;
    int rc = a->kv->del(comm, a->kv->handle, a->value, a->kv->extra_state);
    if (rc != MPI_SUCCESS)
        return rc;
    *link = a->next;
    keyval_release(a->kv);
    free(a);
    return MPI_SUCCESS;
}

int MPIR_Attr_delete_all(MPI_Comm owner, MPIR_Attr **list)
{
    /* MPI-4.0 7.7.2 leaves the order open; MPICH deletes the newest first, as the list is kept */
    while (*list) {
        int rc = delete_one(owner, list);
        if (rc)
            return rc;
    }
    return MPI_SUCCESS;
}

static int set(MPI_Comm owner, MPIR_Attr **list, keyval *k, void *value)
{
    MPIR_Attr **link = find(list, k);
    if (*link) { /* replacing an attribute deletes the old value first */
        int rc = k->del(owner, k->handle, (*link)->value, k->extra_state);
        if (rc)
            return rc;
        (*link)->value = value;
        return MPI_SUCCESS;
    }
    MPIR_Attr *a = malloc(sizeof *a);
    if (a == NULL)
        return MPI_ERR_NO_MEM;
    a->kv = k;
    a->value = value;
    a->next = *list;
    *list = a;
    k->refcount++;
    return MPI_SUCCESS;
}

int MPIR_Attr_copy_all(MPI_Comm old, MPIR_Attr *src, MPIR_Attr **dst)
{
    /* copy oldest first so the new list keeps the order */
    int n = 0;
    for (MPIR_Attr *a = src; a; a = a->next)
        n++;
    MPIR_Attr **stack = malloc(sizeof(MPIR_Attr *) * (size_t)(n > 0 ? n : 1));
    if (stack == NULL)
        return MPI_ERR_NO_MEM;
    n = 0;
    for (MPIR_Attr *a = src; a; a = a->next)
        stack[n++] = a;
    int rc = MPI_SUCCESS;
    while (rc == MPI_SUCCESS && n-- > 0) {
        MPIR_Attr *a = stack[n];
        void *out = NULL;
        int flag = 0;
        rc = a->kv->copy(old, a->kv->handle, a->kv->extra_state, a->value, &out, &flag);
        if (rc == MPI_SUCCESS && flag)
            rc = set(MPI_COMM_NULL, dst, a->kv, out);
    }
    free(stack);
    return rc;
}

static int check(const char *fc, MPI_Comm comm, int kv, MPIR_Comm **c, keyval **k)
{
    int rc = MPIR_Comm_check(fc, comm, c);
    if (rc)
        return rc;
    *k = MPIR_Handle_lookup(WMPI_KIND_KEYVAL, kv);
    if (*k == NULL)
        return MPIR_ERR(*c, MPI_ERR_KEYVAL, fc, "%s keyval 0x%x (comm_keyval)",
                        HANDLE_IS_BUILTIN(kv) ? "predefined attributes cannot be changed:" : "invalid", (unsigned)kv);
    return MPI_SUCCESS;
}

int MPI_Comm_set_attr(MPI_Comm comm, int comm_keyval, void *attribute_val)
{
    MPIR_Comm *c;
    keyval *k;
    int rc = check("MPI_Comm_set_attr", comm, comm_keyval, &c, &k);
    if (rc)
        return rc;
    rc = set(comm, &c->attrs, k, attribute_val);
    return rc ? MPIR_ERR(c, rc, "MPI_Comm_set_attr", "%s", rc == MPI_ERR_NO_MEM ? "out of memory"
                                                           : "the delete callback of the old value failed")
              : MPI_SUCCESS;
}

int MPI_Comm_delete_attr(MPI_Comm comm, int comm_keyval)
{
    MPIR_Comm *c;
    keyval *k;
    int rc = check("MPI_Comm_delete_attr", comm, comm_keyval, &c, &k);
    if (rc)
        return rc;
    MPIR_Attr **link = find(&c->attrs, k);
    if (*link == NULL)
        return MPIR_ERR(c, MPI_ERR_KEYVAL, "MPI_Comm_delete_attr", "no attribute is set with keyval 0x%x (comm_keyval)",
                        (unsigned)comm_keyval);
    rc = delete_one(comm, link);
    return rc ? MPIR_ERR(c, rc, "MPI_Comm_delete_attr", "the delete callback failed") : MPI_SUCCESS;
}

/* The predefined attributes (MPI-4.0 9.1.2), on every communicator. */
static int *predefined(int kv)
{
    static int tag_ub = MPI_TAG_UB_VALUE, host = MPI_PROC_NULL, io = MPI_ANY_SOURCE, wtime_global = 0,
               universe, appnum = 0, lastused = MPI_ERR_LASTCODE;
    universe = wmpi_job_universe_size();
    appnum = wmpi_job_appnum();
    switch (kv) {
    case MPI_TAG_UB: return &tag_ub;
    case MPI_HOST: return &host;
    case MPI_IO: return &io;
    case MPI_WTIME_IS_GLOBAL: return &wtime_global;
    case MPI_UNIVERSE_SIZE: return &universe;
    case MPI_APPNUM: return &appnum;
    case MPI_LASTUSEDCODE: return &lastused;
    default: return NULL;
    }
}

int MPI_Comm_get_attr(MPI_Comm comm, int comm_keyval, void *attribute_val, int *flag)
{
    const char *fc = "MPI_Comm_get_attr";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc)
        return rc;
    if (attribute_val == NULL || flag == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", flag ? "attribute_val" : "flag");
    int *value = predefined(comm_keyval);
    if (value) {
        *flag = 1;
        *(int **)attribute_val = value;
        return MPI_SUCCESS;
    }
    keyval *k = MPIR_Handle_lookup(WMPI_KIND_KEYVAL, comm_keyval);
    if (k == NULL)
        return MPIR_ERR(c, MPI_ERR_KEYVAL, fc, "invalid keyval 0x%x (comm_keyval)", (unsigned)comm_keyval);
    MPIR_Attr *a = *find(&c->attrs, k);
    *flag = a != NULL;
    if (a)
        *(void **)attribute_val = a->value;
    return MPI_SUCCESS;
}
