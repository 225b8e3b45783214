/* The exported ABI of one-sided communication (MPI-4.0 chapter 12): windows,
 * RMA operations and their synchronization, for ts/abi/core.ts. As in
 * wmpi_abi.c only numbers cross; every function returns an MPI error class
 * and puts other results in the `out` scratch words (wmpi_out). Addresses
 * and displacements are this rank's linear-memory addresses (MPI_Aint is
 * 32-bit on wasm32: the facade checks a displacement fits before it calls).
 * Counts are ints, as mpi.h declares the RMA calls. */
#include "../src/rma/rma.h"

#define EXPORT(name) __attribute__((export_name(name)))

int64_t *wmpi_out(void);

/* Windows made for the facade report errors to it (as mpi4py sets MPI_ERRORS_RETURN on each window it makes);
 * C programs keep the standard's default, MPI_ERRORS_ARE_FATAL. */
static int made(int rc, MPI_Win win)
{
    wmpi_out()[0] = win;
    if (rc == MPI_SUCCESS)
        MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
    return rc;
}

/* ---- window creation and lifetime ---- */
/* Owns nothing: base (size bytes) stays the caller's until the window is freed. */
EXPORT("wmpi_win_create") int wmpi_win_create(void *base, double size, int disp_unit, MPI_Info info, MPI_Comm comm)
{
    MPI_Win win = MPI_WIN_NULL;
    return made(MPI_Win_create(base, (MPI_Aint)size, disp_unit, info, comm, &win), win);
}
/* shared != 0: MPI_Win_allocate_shared. out[0]: the window; out[1]: the base of this rank's segment (the core owns it). */
EXPORT("wmpi_win_allocate") int wmpi_win_allocate(int shared, double size, int disp_unit, MPI_Info info, MPI_Comm comm)
{
    MPI_Win win = MPI_WIN_NULL;
    void *base = NULL;
    int rc = shared ? MPI_Win_allocate_shared((MPI_Aint)size, disp_unit, info, comm, &base, &win)
                    : MPI_Win_allocate((MPI_Aint)size, disp_unit, info, comm, &base, &win);
    made(rc, win);
    wmpi_out()[1] = (int64_t)(uintptr_t)base;
    return rc;
}
/* MPI_Win_shared_query for the facade, which can view every rank's memory of its process (C code can load
 * only from its own: the core refuses it other ranks). out[0]: size in bytes; out[1]: disp_unit; out[2]: the
 * segment's base, an address in its owner's memory; out[3]: its owner (rank, or for MPI_PROC_NULL the lowest
 * with a non-empty segment); out[4]: the owner's rank in the job, whose memory that is. */
EXPORT("wmpi_win_shared_query") int wmpi_win_shared_query(MPI_Win win, int rank)
{
    static const char fc[] = "MPI_Win_shared_query";
    MPIR_Win *w;
    MPI_Aint own_size = 0;
    int own_unit = 0;
    void *own_base = NULL;
    int err = MPIR_Win_check(fc, win, &w);
    if (!err) /* the flavor and arguments checked as C programs get them, on this rank's own segment */
        err = MPI_Win_shared_query(win, w->rank, &own_size, &own_unit, &own_base);
    if (err)
        return err;
    int vc = 0, disp_unit = 0;
    uint32_t base = 0;
    uint64_t size = 0;
    if (rank == MPI_PROC_NULL)
        for (rank = 0; rank < w->size - 1 && MPIR_Win_peer_info(win, rank, &vc, &base, &size, &disp_unit) == MPI_SUCCESS && size == 0; rank++)
            ;
    if (rank < 0 || rank >= w->size)
        return MPIR_WIN_ERR(w, MPI_ERR_RANK, fc, "rank %d is not in the window's group of %d (rank)", rank, w->size);
    MPIR_Win_peer_info(win, rank, &vc, &base, &size, &disp_unit);
    int64_t *out = wmpi_out();
    out[0] = (int64_t)size;
    out[1] = disp_unit;
    out[2] = base;
    out[3] = rank;
    out[4] = vc;
    return MPI_SUCCESS;
}
EXPORT("wmpi_win_create_dynamic") int wmpi_win_create_dynamic(MPI_Info info, MPI_Comm comm)
{
    MPI_Win win = MPI_WIN_NULL;
    return made(MPI_Win_create_dynamic(info, comm, &win), win);
}
EXPORT("wmpi_win_attach") int wmpi_win_attach(MPI_Win win, void *base, double size)
{
    return MPI_Win_attach(win, base, (MPI_Aint)size);
}
EXPORT("wmpi_win_detach") int wmpi_win_detach(MPI_Win win, const void *base) { return MPI_Win_detach(win, base); }
/* Collective; may block until the other ranks are done with the window. */
EXPORT("wmpi_win_free") int wmpi_win_free(MPI_Win win) { return MPI_Win_free(&win); }

/* ---- window queries, names, info, error handlers ---- */
EXPORT("wmpi_win_get_group") int wmpi_win_get_group(MPI_Win win)
{
    MPI_Group g = MPI_GROUP_NULL;
    int rc = MPI_Win_get_group(win, &g);
    wmpi_out()[0] = g;
    return rc;
}
/* out[0]: flag; out[1]: the value (WIN_BASE: the address itself; the others point at theirs). */
EXPORT("wmpi_win_get_attr") int wmpi_win_get_attr(MPI_Win win, int keyval)
{
    void *v = NULL;
    int flag = 0;
    int rc = MPI_Win_get_attr(win, keyval, &v, &flag);
    int64_t *out = wmpi_out();
    out[0] = flag;
    out[1] = 0;
    if (rc == MPI_SUCCESS && flag) {
        if (keyval == MPI_WIN_BASE)
            out[1] = (int64_t)(uintptr_t)v;
        else if (keyval == MPI_WIN_SIZE)
            out[1] = (uint32_t) * (MPI_Aint *)v;
        else
            out[1] = *(int *)v;
    }
    return rc;
}
EXPORT("wmpi_win_set_name") int wmpi_win_set_name(MPI_Win win, const char *name) { return MPI_Win_set_name(win, name); }
/* out[0]: the name's length */
EXPORT("wmpi_win_get_name") int wmpi_win_get_name(MPI_Win win, char *buf)
{
    int len = 0, rc = MPI_Win_get_name(win, buf, &len);
    wmpi_out()[0] = len;
    return rc;
}
EXPORT("wmpi_win_set_info") int wmpi_win_set_info(MPI_Win win, MPI_Info info) { return MPI_Win_set_info(win, info); }
EXPORT("wmpi_win_get_info") int wmpi_win_get_info(MPI_Win win)
{
    MPI_Info info = MPI_INFO_NULL;
    int rc = MPI_Win_get_info(win, &info);
    wmpi_out()[0] = info;
    return rc;
}
EXPORT("wmpi_win_set_errhandler") int wmpi_win_set_errhandler(MPI_Win win, MPI_Errhandler eh)
{
    return MPI_Win_set_errhandler(win, eh);
}
EXPORT("wmpi_win_get_errhandler") int wmpi_win_get_errhandler(MPI_Win win)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = MPI_Win_get_errhandler(win, &eh);
    wmpi_out()[0] = eh;
    return rc;
}
EXPORT("wmpi_win_call_errhandler") int wmpi_win_call_errhandler(MPI_Win win, int code)
{
    return MPI_Win_call_errhandler(win, code);
}
/* An error the facade found (a bad target spec): raised on win's error handler (COMM_SELF's if win is not a
 * window), with the facade's message ("call: what is wrong") as the last error. */
EXPORT("wmpi_win_raise") int wmpi_win_raise(MPI_Win win, int errclass, const char *message)
{
    MPIR_Win *w = win == MPI_WIN_NULL ? NULL : MPIR_Handle_lookup(WMPI_KIND_WIN, win);
    MPIR_Err_set_text(message); /* it names its call already */
    return MPIR_Win_raise(w, errclass);
}

/* ---- RMA operations ----
 * nb != 0 starts the request-based form (MPI_Rput, ...) and puts its request in out[0].
 * Buffers are addresses of this memory the caller keeps until the operation completes locally. */
#define RMA(nb, rname, name, ...)                                                   \
    do {                                                                            \
        MPI_Request r_ = MPI_REQUEST_NULL;                                          \
        int rc_ = (nb) ? MPI_##rname(__VA_ARGS__, &r_) : MPI_##name(__VA_ARGS__);  \
        wmpi_out()[0] = r_;                                                         \
        return rc_;                                                                 \
    } while (0)
EXPORT("wmpi_put") int wmpi_put(int nb, const void *o, int oc, MPI_Datatype ot, int rank, MPI_Aint disp, int tc,
                                MPI_Datatype tt, MPI_Win win)
{
    RMA(nb, Rput, Put, o, oc, ot, rank, disp, tc, tt, win);
}
EXPORT("wmpi_get") int wmpi_get(int nb, void *o, int oc, MPI_Datatype ot, int rank, MPI_Aint disp, int tc,
                                MPI_Datatype tt, MPI_Win win)
{
    RMA(nb, Rget, Get, o, oc, ot, rank, disp, tc, tt, win);
}
EXPORT("wmpi_accumulate") int wmpi_accumulate(int nb, const void *o, int oc, MPI_Datatype ot, int rank, MPI_Aint disp,
                                              int tc, MPI_Datatype tt, MPI_Op op, MPI_Win win)
{
    RMA(nb, Raccumulate, Accumulate, o, oc, ot, rank, disp, tc, tt, op, win);
}
EXPORT("wmpi_get_accumulate") int wmpi_get_accumulate(int nb, const void *o, int oc, MPI_Datatype ot, void *r, int rc,
                                                      MPI_Datatype rt, int rank, MPI_Aint disp, int tc,
                                                      MPI_Datatype tt, MPI_Op op, MPI_Win win)
{
    RMA(nb, Rget_accumulate, Get_accumulate, o, oc, ot, r, rc, rt, rank, disp, tc, tt, op, win);
}
#undef RMA
EXPORT("wmpi_fetch_and_op") int wmpi_fetch_and_op(const void *o, void *r, MPI_Datatype t, int rank, MPI_Aint disp,
                                                  MPI_Op op, MPI_Win win)
{
    return MPI_Fetch_and_op(o, r, t, rank, disp, op, win);
}
EXPORT("wmpi_compare_and_swap") int wmpi_compare_and_swap(const void *o, const void *c, void *r, MPI_Datatype t,
                                                          int rank, MPI_Aint disp, MPI_Win win)
{
    return MPI_Compare_and_swap(o, c, r, t, rank, disp, win);
}

/* ---- synchronization: each may block until the epoch it closes (or opens) allows ---- */
EXPORT("wmpi_win_fence") int wmpi_win_fence(int assert, MPI_Win win) { return MPI_Win_fence(assert, win); }
EXPORT("wmpi_win_post") int wmpi_win_post(MPI_Group g, int assert, MPI_Win win) { return MPI_Win_post(g, assert, win); }
EXPORT("wmpi_win_start") int wmpi_win_start(MPI_Group g, int assert, MPI_Win win) { return MPI_Win_start(g, assert, win); }
EXPORT("wmpi_win_complete") int wmpi_win_complete(MPI_Win win) { return MPI_Win_complete(win); }
EXPORT("wmpi_win_wait") int wmpi_win_wait(MPI_Win win) { return MPI_Win_wait(win); }
/* out[0]: flag */
EXPORT("wmpi_win_test") int wmpi_win_test(MPI_Win win)
{
    int flag = 0, rc = MPI_Win_test(win, &flag);
    wmpi_out()[0] = flag;
    return rc;
}
EXPORT("wmpi_win_lock") int wmpi_win_lock(int type, int rank, int assert, MPI_Win win)
{
    return MPI_Win_lock(type, rank, assert, win);
}
EXPORT("wmpi_win_unlock") int wmpi_win_unlock(int rank, MPI_Win win) { return MPI_Win_unlock(rank, win); }
EXPORT("wmpi_win_lock_all") int wmpi_win_lock_all(int assert, MPI_Win win) { return MPI_Win_lock_all(assert, win); }
EXPORT("wmpi_win_unlock_all") int wmpi_win_unlock_all(MPI_Win win) { return MPI_Win_unlock_all(win); }
/* kind: 0 MPI_Win_flush, 1 MPI_Win_flush_all, 2 MPI_Win_flush_local, 3 MPI_Win_flush_local_all (rank unused by the _all forms) */
EXPORT("wmpi_win_flush") int wmpi_win_flush(int kind, int rank, MPI_Win win)
{
    switch (kind) {
    case 0: return MPI_Win_flush(rank, win);
    case 1: return MPI_Win_flush_all(win);
    case 2: return MPI_Win_flush_local(rank, win);
    default: return MPI_Win_flush_local_all(win);
    }
}
EXPORT("wmpi_win_sync") int wmpi_win_sync(MPI_Win win) { return MPI_Win_sync(win); }
