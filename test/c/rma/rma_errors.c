/* Wrong use of RMA with MPI_ERRORS_RETURN on the window: each erroneous call returns the class the
 * standard gives it (native MPICH returns the same) and leaves the window usable. Epoch errors are
 * MPI_ERR_RMA_SYNC (a Put/Get/Accumulate/Rput outside any epoch or after MPI_MODE_NOSUCCEED,
 * unlock or flush of a rank not locked, unlock_all without lock_all, complete without start, wait
 * without post, locking twice, a fence inside a lock epoch, freeing a locked window); a bad target
 * is MPI_ERR_RANK (MPI_PROC_NULL is a no-op); MPI_WIN_NULL is MPI_ERR_WIN; the wrong flavor is
 * MPI_ERR_RMA_FLAVOR; bad arguments are MPI_ERR_COUNT, MPI_ERR_TYPE, MPI_ERR_OP, MPI_ERR_SIZE,
 * MPI_ERR_DISP. The checks MPICH does not make (a displacement outside the window, ...) are in
 * rma_errors_strict.c. */
#include <stdlib.h>
#include "rmatest.h"

static void user_op(void *in, void *inout, int *len, MPI_Datatype *type) {}

int main(int argc, char **argv)
{
    int rank, size, v = 1, r = 0;
    double d = 1;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* Errors on MPI_WIN_NULL have no window to raise them on: they go to MPI_COMM_SELF (MPI-4 9.3). */
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int other = (rank + 1) % size, *w = calloc(4, sizeof(int));
    MPI_Win win, bad;
    MPI_Request req;
    CHECK_MPI(MPI_Win_create(w, 4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    CHECK_MPI(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));

    /* No epoch yet. */
    CHECK_CLASS(MPI_Put(&v, 1, MPI_INT, other, 0, 1, MPI_INT, win), MPI_ERR_RMA_SYNC, "Put outside an epoch");
    CHECK_CLASS(MPI_Get(&v, 1, MPI_INT, other, 0, 1, MPI_INT, win), MPI_ERR_RMA_SYNC, "Get outside an epoch");
    CHECK_CLASS(MPI_Accumulate(&v, 1, MPI_INT, other, 0, 1, MPI_INT, MPI_SUM, win), MPI_ERR_RMA_SYNC,
                "Accumulate outside an epoch");
    CHECK_CLASS(MPI_Rput(&v, 1, MPI_INT, other, 0, 1, MPI_INT, win, &req), MPI_ERR_RMA_SYNC, "Rput outside an epoch");
    CHECK_CLASS(MPI_Win_unlock(other, win), MPI_ERR_RMA_SYNC, "unlock of a rank not locked");
    CHECK_CLASS(MPI_Win_flush(other, win), MPI_ERR_RMA_SYNC, "flush of a rank not locked");
    CHECK_CLASS(MPI_Win_unlock_all(win), MPI_ERR_RMA_SYNC, "unlock_all without lock_all");
    CHECK_CLASS(MPI_Win_complete(win), MPI_ERR_RMA_SYNC, "complete without start");
    CHECK_CLASS(MPI_Win_wait(win), MPI_ERR_RMA_SYNC, "wait without post");

    /* MPI_WIN_NULL, flavors, creation arguments. */
    CHECK_CLASS(MPI_Put(&v, 1, MPI_INT, other, 0, 1, MPI_INT, MPI_WIN_NULL), MPI_ERR_WIN, "Put on MPI_WIN_NULL");
    CHECK_CLASS(MPI_Win_fence(0, MPI_WIN_NULL), MPI_ERR_WIN, "fence on MPI_WIN_NULL");
    CHECK_CLASS(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, MPI_WIN_NULL), MPI_ERR_WIN, "lock on MPI_WIN_NULL");
    bad = MPI_WIN_NULL;
    CHECK_CLASS(MPI_Win_free(&bad), MPI_ERR_WIN, "MPI_Win_free(MPI_WIN_NULL)");
    MPI_Aint qsize;
    int *qbase;
    CHECK_CLASS(MPI_Win_shared_query(win, rank, &qsize, &r, &qbase), MPI_ERR_RMA_FLAVOR, "shared_query, not shared");
    CHECK_CLASS(MPI_Win_attach(win, &v, sizeof v), MPI_ERR_RMA_FLAVOR, "attach to a window not dynamic");
    CHECK_CLASS(MPI_Win_create(w, -4, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &bad), MPI_ERR_SIZE,
                "Win_create of size -4");
    CHECK_CLASS(MPI_Win_create(w, 16, 0, MPI_INFO_NULL, MPI_COMM_WORLD, &bad), MPI_ERR_DISP, "Win_create, disp_unit 0");

    /* Inside a lock epoch on `other`. */
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, other, 0, win));
    CHECK_CLASS(MPI_Win_lock(MPI_LOCK_SHARED, other, 0, win), MPI_ERR_RMA_SYNC, "locking a rank twice");
    CHECK_CLASS(MPI_Win_lock(MPI_LOCK_SHARED, size, 0, win), MPI_ERR_RANK, "lock of rank size");
    CHECK_CLASS(MPI_Win_fence(0, win), MPI_ERR_RMA_SYNC, "fence inside a lock epoch");
    CHECK_CLASS(MPI_Win_lock_all(0, win), MPI_ERR_RMA_SYNC, "lock_all inside a lock epoch");
    CHECK_CLASS(MPI_Put(&v, 1, MPI_INT, size, 0, 1, MPI_INT, win), MPI_ERR_RANK, "Put to rank size");
    CHECK_CLASS(MPI_Put(&v, 1, MPI_INT, -5, 0, 1, MPI_INT, win), MPI_ERR_RANK, "Put to rank -5");
    CHECK_CLASS(MPI_Get(&v, 1, MPI_INT, size + 1, 0, 1, MPI_INT, win), MPI_ERR_RANK, "Get from rank size + 1");
    CHECK_MPI(MPI_Put(&v, 1, MPI_INT, MPI_PROC_NULL, 0, 1, MPI_INT, win));
    CHECK_CLASS(MPI_Put(&v, -1, MPI_INT, other, 0, 1, MPI_INT, win), MPI_ERR_COUNT, "Put of count -1");
    CHECK_CLASS(MPI_Put(&v, 1, MPI_DATATYPE_NULL, other, 0, 1, MPI_INT, win), MPI_ERR_TYPE, "Put of MPI_DATATYPE_NULL");
    MPI_Datatype uncommitted;
    MPI_Type_contiguous(1, MPI_INT, &uncommitted);
    CHECK_CLASS(MPI_Put(&v, 1, uncommitted, other, 0, 1, uncommitted, win), MPI_ERR_TYPE, "Put of an uncommitted type");
    MPI_Type_free(&uncommitted);
    MPI_Op uop;
    MPI_Op_create(user_op, 1, &uop);
    CHECK_CLASS(MPI_Accumulate(&v, 1, MPI_INT, other, 0, 1, MPI_INT, MPI_OP_NULL, win), MPI_ERR_OP,
                "Accumulate with MPI_OP_NULL");
    CHECK_CLASS(MPI_Accumulate(&v, 1, MPI_INT, other, 0, 1, MPI_INT, uop, win), MPI_ERR_OP,
                "Accumulate with a user-defined op");
    CHECK_CLASS(MPI_Accumulate(&v, 1, MPI_INT, other, 0, 1, MPI_INT, MPI_NO_OP, win), MPI_ERR_OP,
                "Accumulate with MPI_NO_OP");
    CHECK_CLASS(MPI_Compare_and_swap(&d, &d, &d, MPI_DOUBLE, other, 0, win), MPI_ERR_TYPE,
                "Compare_and_swap on doubles");
    MPI_Op_free(&uop);
    CHECK_CLASS(MPI_Win_free(&win), MPI_ERR_RMA_SYNC, "MPI_Win_free inside a lock epoch");
    CHECK_MPI(MPI_Win_unlock(other, win));

    /* After MPI_MODE_NOSUCCEED no epoch is open. */
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    CHECK_CLASS(MPI_Put(&v, 1, MPI_INT, other, 0, 1, MPI_INT, win), MPI_ERR_RMA_SYNC, "Put after NOSUCCEED");

    /* The window still works. */
    v = 100 + rank;
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Put(&v, 1, MPI_INT, other, 1, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK(w[1] == 100 + (rank + size - 1) % size, "the window after the errors holds %d", w[1]);
    CHECK_MPI(MPI_Win_free(&win));
    free(w);
    return ctest_finish();
}
