/* Window objects: creation in its four flavors, MPI_Win_free, and what a
 * window carries (group, attributes, name, info, error handler). */
#include "rma.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int MPIR_Win_check(const char *fc, MPI_Win handle, MPIR_Win **win)
{
    MPIR_CHECK_INIT(fc);
    MPIR_Win *w = handle == MPI_WIN_NULL ? NULL : MPIR_Handle_lookup(WMPI_KIND_WIN, handle);
    if (w == NULL)
        return MPIR_ERR(NULL, MPI_ERR_WIN, fc, "invalid window (win)");
    *win = w;
    return MPI_SUCCESS;
}

int MPIR_Win_raise(MPIR_Win *win, int errclass)
{
    if (win == NULL)
        return MPIR_Err_raise(NULL, errclass);
    return MPIR_Err_raise_handler(win->errhandler, win->handle, errclass);
}

static void win_destroy(MPIR_Win *w)
{
    if (w->comm_handle != MPI_COMM_NULL)
        MPI_Comm_free(&w->comm_handle);
    if (w->owns_base)
        MPIR_Free(w->base);
    if (w->words)
        MPIR_Free(w->words);
    if (w->info != MPI_INFO_NULL)
        MPI_Info_free(&w->info);
    if (w->errhandler)
        MPIR_Errhandler_release(w->errhandler);
    free(w->peers);
    free(w->pending_to);
    free(w->locks);
    free(w->attached);
    for (int i = 0; i < w->nretired; i++)
        free(w->retired[i]);
    free(w->retired);
    free(w->start_ranks);
    free(w->post_ranks);
    free(w->complete_reqs);
    free(w);
}

/* The collective part of every flavor: a private communicator, the sync
 * words, and what every rank tells the others. `base` NULL with `allocate`:
 * the window's memory is allocated here (size bytes). */
static int win_make(const char *fc, void *base, MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm_handle,
                    int flavor, void *baseptr, MPI_Win *out)
{
    MPIR_CHECK_INIT(fc);
    MPIR_Comm *comm;
    int err = MPIR_Comm_check(fc, comm_handle, &comm);
    if (err)
        return err;
    if (out == NULL)
        return MPIR_ERR(comm, MPI_ERR_ARG, fc, "null pointer (win)");
    if (comm->is_inter)
        return MPIR_ERR(comm, MPI_ERR_COMM, fc, "an intercommunicator (comm): windows are made over intracommunicators");
    if (size < 0)
        return MPIR_ERR(comm, MPI_ERR_SIZE, fc, "negative size %ld (size)", (long)size);
    if (disp_unit <= 0)
        return MPIR_ERR(comm, MPI_ERR_DISP, fc, "displacement unit %d is not positive (disp_unit)", disp_unit);
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(comm, MPI_ERR_INFO, fc, "invalid info (info)");
    if ((flavor == MPI_WIN_FLAVOR_ALLOCATE || flavor == MPI_WIN_FLAVOR_SHARED) && baseptr == NULL)
        return MPIR_ERR(comm, MPI_ERR_ARG, fc, "null pointer (baseptr)");

    MPIR_Win *w = calloc(1, sizeof *w);
    if (w == NULL)
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for the window");
    w->comm_handle = MPI_COMM_NULL;
    w->info = MPI_INFO_NULL;
    w->errhandler = MPI_ERRORS_ARE_FATAL;
    w->flavor = flavor;
    w->disp_unit = disp_unit;
    w->size_bytes = size;
    w->base = base;
    if (flavor == MPI_WIN_FLAVOR_ALLOCATE || flavor == MPI_WIN_FLAVOR_SHARED) {
        err = MPIR_Alloc_mem(fc, (uint64_t)size, &w->base);
        if (err) {
            win_destroy(w);
            return MPIR_Err_raise(comm, err);
        }
        if (size > 0)
            memset(w->base, 0, (size_t)size);
        w->owns_base = 1;
    }
    void *words = NULL;
    err = MPIR_Alloc_mem(fc, sizeof(MPIR_Win_sync_words), &words);
    w->words = words;
    if (!err && info != MPI_INFO_NULL)
        err = MPI_Info_dup(info, &w->info);
    if (!err)
        err = MPI_Comm_dup(comm_handle, &w->comm_handle);
    if (err) {
        win_destroy(w);
        return MPIR_Err_raise(comm, err);
    }
    memset(w->words, 0, sizeof *w->words);
    /* errors of the window's own communication come back here and go to the window's handler */
    MPI_Comm_set_errhandler(w->comm_handle, MPI_ERRORS_RETURN);
    w->comm = MPIR_Comm_get(w->comm_handle);
    w->rank = w->comm->rank;
    w->size = w->comm->size;
    w->peers = calloc((size_t)w->size, sizeof *w->peers);
    w->pending_to = calloc((size_t)w->size, sizeof *w->pending_to);
    w->locks = calloc((size_t)w->size, 1);
    if (!w->peers || !w->pending_to || !w->locks) {
        win_destroy(w);
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for the window");
    }
    MPIR_Win_peer mine = {
        .base = (uint32_t)(uintptr_t)w->base,
        .disp_unit = disp_unit,
        .size = flavor == MPI_WIN_FLAVOR_DYNAMIC ? UINT32_MAX + (uint64_t)1 : (uint64_t)size,
        .words = (uint32_t)(uintptr_t)w->words,
        .vc = MPIR_my_lpid,
    };
    err = MPI_Allgather(&mine, sizeof mine, MPI_BYTE, w->peers, sizeof mine, MPI_BYTE, w->comm_handle);
    /* a vc means a rank to this process only (a rank of another job has one of its own here):
     * each peer's is the communicator's, not the one it sent */
    MPIR_Comm *wc = MPIR_Comm_get(w->comm_handle);
    for (int i = 0; !err && i < w->size; i++)
        w->peers[i].vc = wc->vcs[i];
    if (!err && flavor == MPI_WIN_FLAVOR_SHARED) {
        /* every rank's memory must be reachable by load and store from the others: one process of one job */
        int process = wmpi_job_process(), lowest = process, highest = process;
        err = MPI_Allreduce(MPI_IN_PLACE, &lowest, 1, MPI_INT, MPI_MIN, w->comm_handle);
        if (!err)
            err = MPI_Allreduce(MPI_IN_PLACE, &highest, 1, MPI_INT, MPI_MAX, w->comm_handle);
        if (!err && (lowest != highest || !MPIR_Comm_one_job(wc))) {
            win_destroy(w);
            return MPIR_ERR(comm, MPI_ERR_RMA_SHARED, fc,
                            "the ranks of comm are in different processes and share no memory (use "
                            "MPI_Comm_split_type with MPI_COMM_TYPE_SHARED)");
        }
    }
    if (err) {
        win_destroy(w);
        return MPIR_Err_raise(comm, err);
    }
    w->handle = MPIR_Handle_alloc(WMPI_KIND_WIN, w);
    if (w->handle == 0) {
        win_destroy(w);
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of window handles");
    }
    if (baseptr)
        *(void **)baseptr = w->base;
    *out = w->handle;
    return MPI_SUCCESS;
}

int MPI_Win_create(void *base, MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, MPI_Win *win)
{
    MPIR_TRACE_CALL("MPI_Win_create", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    if (size > 0 && base == NULL)
        return MPIR_ERR(MPIR_Comm_get(comm), MPI_ERR_ARG, "MPI_Win_create", "null base for %ld bytes (base)", (long)size);
    return win_make("MPI_Win_create", base, size, disp_unit, info, comm, MPI_WIN_FLAVOR_CREATE, NULL, win);
}

int MPI_Win_allocate(MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    MPIR_TRACE_CALL("MPI_Win_allocate", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    return win_make("MPI_Win_allocate", NULL, size, disp_unit, info, comm, MPI_WIN_FLAVOR_ALLOCATE, baseptr, win);
}

int MPI_Win_allocate_shared(MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    MPIR_TRACE_CALL("MPI_Win_allocate_shared", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    return win_make("MPI_Win_allocate_shared", NULL, size, disp_unit, info, comm, MPI_WIN_FLAVOR_SHARED, baseptr, win);
}

int MPI_Win_create_dynamic(MPI_Info info, MPI_Comm comm, MPI_Win *win)
{
    MPIR_TRACE_CALL("MPI_Win_create_dynamic", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    return win_make("MPI_Win_create_dynamic", MPI_BOTTOM, 0, 1, info, comm, MPI_WIN_FLAVOR_DYNAMIC, NULL, win);
}

int MPI_Win_shared_query(MPI_Win win, int rank, MPI_Aint *size, int *disp_unit, void *baseptr)
{
    static const char fc[] = "MPI_Win_shared_query";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->flavor != MPI_WIN_FLAVOR_SHARED)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_FLAVOR, fc, "the window was not made by MPI_Win_allocate_shared (win)");
    if (size == NULL || disp_unit == NULL || baseptr == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, fc, "null pointer (size, disp_unit or baseptr)");
    if (rank == MPI_PROC_NULL) /* the first rank with a non-empty segment */
        for (rank = 0; rank < w->size - 1 && w->peers[rank].size == 0; rank++)
            ;
    if (rank < 0 || rank >= w->size)
        return MPIR_WIN_ERR(w, MPI_ERR_RANK, fc, "rank %d is not in the window's group of %d (rank)", rank, w->size);
    if (rank != w->rank)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SHARED, fc,
                            "rank %d's segment is in its own WebAssembly memory, which C code of rank %d cannot "
                            "load from; use MPI_Get/MPI_Put (the TypeScript facade's Shared_query gives a view)",
                            rank, w->rank);
    *size = (MPI_Aint)w->peers[rank].size;
    *disp_unit = w->peers[rank].disp_unit;
    *(void **)baseptr = w->base;
    return MPI_SUCCESS;
}

int MPIR_Win_peer_info(MPI_Win win, int rank, int *vc, uint32_t *base, uint64_t *size, int *disp_unit)
{
    MPIR_Win *w = MPIR_Handle_lookup(WMPI_KIND_WIN, win);
    if (w == NULL || rank < 0 || rank >= w->size)
        return MPI_ERR_ARG;
    *vc = w->peers[rank].vc;
    *base = w->peers[rank].base;
    *size = w->peers[rank].size;
    *disp_unit = w->peers[rank].disp_unit;
    return MPI_SUCCESS;
}

/* Where origins find this rank's attached regions (rma/ops.c checks target addresses against
 * them): `table` (n regions, new) replaces the current one, under the version word; the old
 * table is kept for origins that may be reading it. */
static int publish_regions(MPIR_Win *w, MPIR_Win_region *table, int n)
{
    MPIR_Win_region **retired = realloc(w->retired, (size_t)(w->nretired + 1) * sizeof *retired);
    if (retired == NULL)
        return MPI_ERR_NO_MEM;
    w->retired = retired;
    if (w->attached)
        w->retired[w->nretired++] = w->attached;
    MPIR_Win_sync_words *words = w->words;
    __atomic_add_fetch(&words->version, 1, __ATOMIC_SEQ_CST); /* odd: changing */
    __atomic_store_n(&words->regions, (uint32_t)(uintptr_t)table, __ATOMIC_SEQ_CST);
    __atomic_store_n(&words->nregions, n, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&words->version, 1, __ATOMIC_SEQ_CST); /* even: stable */
    w->attached = table;
    w->nattached = n;
    return MPI_SUCCESS;
}

int MPI_Win_attach(MPI_Win win, void *base, MPI_Aint size)
{
    static const char fc[] = "MPI_Win_attach";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->flavor != MPI_WIN_FLAVOR_DYNAMIC)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_FLAVOR, fc, "the window was not made by MPI_Win_create_dynamic (win)");
    if (size < 0)
        return MPIR_WIN_ERR(w, MPI_ERR_SIZE, fc, "negative size %ld (size)", (long)size);
    if (size > 0 && base == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_ATTACH, fc, "null base (base)");
    uint32_t b = (uint32_t)(uintptr_t)base;
    for (int i = 0; i < w->nattached; i++) {
        uint64_t a = w->attached[i].base;
        if (b < a + w->attached[i].size && a < (uint64_t)b + (uint64_t)size)
            return MPIR_WIN_ERR(w, MPI_ERR_RMA_ATTACH, fc, "memory at %p overlaps a region already attached (base)", base);
    }
    MPIR_Win_region *table = malloc((size_t)(w->nattached + 1) * sizeof *table);
    if (table == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory");
    if (w->nattached)
        memcpy(table, w->attached, (size_t)w->nattached * sizeof *table);
    table[w->nattached] = (MPIR_Win_region){b, (uint32_t)size};
    if (publish_regions(w, table, w->nattached + 1)) {
        free(table);
        return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory");
    }
    return MPI_SUCCESS;
}

int MPI_Win_detach(MPI_Win win, const void *base)
{
    static const char fc[] = "MPI_Win_detach";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->flavor != MPI_WIN_FLAVOR_DYNAMIC)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_FLAVOR, fc, "the window was not made by MPI_Win_create_dynamic (win)");
    for (int i = 0; i < w->nattached; i++) {
        if (w->attached[i].base == (uint32_t)(uintptr_t)base) {
            MPIR_Win_region *table = malloc((size_t)w->nattached * sizeof *table);
            if (table == NULL)
                return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory");
            memcpy(table, w->attached, (size_t)w->nattached * sizeof *table);
            table[i] = table[w->nattached - 1];
            if (publish_regions(w, table, w->nattached - 1)) {
                free(table);
                return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory");
            }
            return MPI_SUCCESS;
        }
    }
    return MPIR_WIN_ERR(w, MPI_ERR_RMA_ATTACH, fc, "no region attached at %p (base)", base);
}

int MPI_Win_free(MPI_Win *win)
{
    MPIR_TRACE_CALL("MPI_Win_free", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win ? *win : MPI_WIN_NULL, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_free";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win ? *win : MPI_WIN_NULL, &w);
    if (err)
        return err;
    if (w->nlocks > 0 || w->start_ranks || w->post_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "an epoch is still open (%s)",
                            w->nlocks ? "a lock is held" : w->start_ranks ? "MPI_Win_start without MPI_Win_complete"
                                                                          : "MPI_Win_post without MPI_Win_wait");
    MPIR_Rma_wait_target(w, -1);
    /* nobody may reach this memory once any rank has freed it */
    err = MPI_Barrier(w->comm_handle);
    if (err)
        return MPIR_Win_raise(w, err);
    MPIR_Handle_free(WMPI_KIND_WIN, w->handle);
    win_destroy(w);
    *win = MPI_WIN_NULL;
    return MPI_SUCCESS;
}

int MPI_Win_get_group(MPI_Win win, MPI_Group *group)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_get_group", win, &w);
    if (err)
        return err;
    if (group == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, "MPI_Win_get_group", "null pointer (group)");
    return MPI_Comm_group(w->comm_handle, group);
}

int MPI_Win_get_attr(MPI_Win win, int keyval, void *attribute_val, int *flag)
{
    static const char fc[] = "MPI_Win_get_attr";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (attribute_val == NULL || flag == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, fc, "null pointer (attribute_val or flag)");
    *flag = 1;
    w->attr_size = w->size_bytes;
    w->attr_disp_unit = w->disp_unit;
    w->attr_flavor = w->flavor;
    w->attr_model = MPI_WIN_UNIFIED;
    switch (keyval) {
    case MPI_WIN_BASE: *(void **)attribute_val = w->base; break;
    case MPI_WIN_SIZE: *(MPI_Aint **)attribute_val = &w->attr_size; break;
    case MPI_WIN_DISP_UNIT: *(int **)attribute_val = &w->attr_disp_unit; break;
    case MPI_WIN_CREATE_FLAVOR: *(int **)attribute_val = &w->attr_flavor; break;
    case MPI_WIN_MODEL: *(int **)attribute_val = &w->attr_model; break;
    default:
        *flag = 0;
        return MPIR_WIN_ERR(w, MPI_ERR_KEYVAL, fc, "keyval %#x is not a window attribute (win_keyval)", (unsigned)keyval);
    }
    return MPI_SUCCESS;
}

int MPI_Win_set_name(MPI_Win win, const char *name)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_set_name", win, &w);
    if (err)
        return err;
    if (name == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, "MPI_Win_set_name", "null pointer (win_name)");
    snprintf(w->name, sizeof w->name, "%s", name);
    return MPI_SUCCESS;
}

int MPI_Win_get_name(MPI_Win win, char *name, int *resultlen)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_get_name", win, &w);
    if (err)
        return err;
    if (name == NULL || resultlen == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, "MPI_Win_get_name", "null pointer (win_name or resultlen)");
    *resultlen = snprintf(name, MPI_MAX_OBJECT_NAME, "%s", w->name);
    return MPI_SUCCESS;
}

int MPI_Win_set_info(MPI_Win win, MPI_Info info)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_set_info", win, &w);
    if (err)
        return err;
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_WIN_ERR(w, MPI_ERR_INFO, "MPI_Win_set_info", "invalid info (info)");
    MPI_Info copy = MPI_INFO_NULL;
    if (info != MPI_INFO_NULL && (err = MPI_Info_dup(info, &copy)))
        return MPIR_Win_raise(w, err);
    if (w->info != MPI_INFO_NULL)
        MPI_Info_free(&w->info);
    w->info = copy;
    return MPI_SUCCESS;
}

int MPI_Win_get_info(MPI_Win win, MPI_Info *info_used)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_get_info", win, &w);
    if (err)
        return err;
    if (info_used == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, "MPI_Win_get_info", "null pointer (info_used)");
    err = w->info != MPI_INFO_NULL ? MPI_Info_dup(w->info, info_used) : MPI_Info_create(info_used);
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Win_set_errhandler(MPI_Win win, MPI_Errhandler errhandler)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_set_errhandler", win, &w);
    if (err)
        return err;
    if (!MPIR_Errhandler_valid(errhandler))
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, "MPI_Win_set_errhandler", "invalid error handler (errhandler)");
    MPIR_Errhandler_ref(errhandler);
    MPIR_Errhandler_release(w->errhandler);
    w->errhandler = errhandler;
    return MPI_SUCCESS;
}

int MPI_Win_get_errhandler(MPI_Win win, MPI_Errhandler *errhandler)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_get_errhandler", win, &w);
    if (err)
        return err;
    if (errhandler == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, "MPI_Win_get_errhandler", "null pointer (errhandler)");
    MPIR_Errhandler_ref(w->errhandler); /* a new reference, for the caller to free */
    *errhandler = w->errhandler;
    return MPI_SUCCESS;
}

int MPI_Win_call_errhandler(MPI_Win win, int errorcode)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_call_errhandler", win, &w);
    if (err)
        return err;
    MPIR_Err_set(errorcode, "MPI_Win_call_errhandler", "error code %d raised by the program", errorcode);
    MPIR_Win_raise(w, errorcode);
    return MPI_SUCCESS;
}
