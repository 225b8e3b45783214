/* Wrong use that wmpi is expected to catch although native MPICH 4.0.2 does not (MPICH returns
 * MPI_SUCCESS and writes outside the window, or returns MPI_ERR_ARG): so this program is listed
 * as wmpi-only in the testlist and is not run under mpiexec.mpich. Every class below is the one
 * the MPI standard names for the error:
 * - a target range outside the window (past the end, across the end, through a derived type whose
 *   extent crosses it, at an address not attached to a dynamic window): MPI_ERR_RMA_RANGE, for Put,
 *   Get, Accumulate, Get_accumulate, Fetch_and_op, Compare_and_swap and Rput; a negative
 *   displacement: MPI_ERR_DISP or MPI_ERR_RMA_RANGE (the standard does not choose);
 * - an unknown lock type: MPI_ERR_LOCKTYPE (MPICH: MPI_ERR_ARG);
 * - detaching memory that is not attached: MPI_ERR_RMA_ATTACH (MPICH: success);
 * - a request-based operation outside a passive target epoch (here in a fence epoch): MPI_ERR_RMA_SYNC;
 * - an accumulate whose origin and target basic types differ: MPI_ERR_TYPE; an operation the
 *   type does not allow (BAND on double): MPI_ERR_OP.
 * A call that fails changes nothing (the window is checked run by run: a vector whose first block is
 * inside and second outside must not write the first), nothing next to the window ever changes, and
 * the window keeps working. */
#include <stdlib.h>
#include "rmatest.h"

#define N 4

int main(int argc, char **argv)
{
    int rank, size, v[2] = {7, 7}, r[2];
    double d = 1;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int other = (rank + 1) % size;
    /* The window is the middle N ints of 3N: the guards on both sides must stay untouched. */
    int *mem = malloc(3 * N * sizeof(int)), *w = mem + N;
    for (int i = 0; i < 3 * N; i++) mem[i] = -1;
    MPI_Win win, dyn;
    MPI_Request req;
    CHECK_MPI(MPI_Win_create(w, N * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    CHECK_MPI(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    MPI_Datatype vec;
    MPI_Type_vector(2, 1, N, MPI_INT, &vec); /* ints 0 and N: crosses the end from any displacement */
    MPI_Type_commit(&vec);

    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, other, 0, win));
    CHECK_CLASS(MPI_Put(v, 1, MPI_INT, other, N, 1, MPI_INT, win), MPI_ERR_RMA_RANGE, "Put just past the end");
    CHECK_CLASS(MPI_Put(v, 2, MPI_INT, other, N - 1, 2, MPI_INT, win), MPI_ERR_RMA_RANGE, "Put across the end");
    CHECK_CLASS(MPI_Put(v, 2, MPI_INT, other, 0, 1, vec, win), MPI_ERR_RMA_RANGE, "Put of a vector across the end");
    CHECK_CLASS(MPI_Get(r, 1, MPI_INT, other, 100, 1, MPI_INT, win), MPI_ERR_RMA_RANGE, "Get at displacement 100");
    CHECK_CLASS(MPI_Accumulate(v, 1, MPI_INT, other, N, 1, MPI_INT, MPI_SUM, win), MPI_ERR_RMA_RANGE,
                "Accumulate past the end");
    CHECK_CLASS(MPI_Get_accumulate(v, 2, MPI_INT, r, 2, MPI_INT, other, N - 1, 2, MPI_INT, MPI_SUM, win),
                MPI_ERR_RMA_RANGE, "Get_accumulate across the end");
    CHECK_CLASS(MPI_Fetch_and_op(v, r, MPI_INT, other, N, MPI_SUM, win), MPI_ERR_RMA_RANGE, "Fetch_and_op past the end");
    CHECK_CLASS(MPI_Compare_and_swap(v, v, r, MPI_INT, other, N, win), MPI_ERR_RMA_RANGE, "Compare_and_swap past the end");
    CHECK_CLASS(MPI_Rput(v, 1, MPI_INT, other, N, 1, MPI_INT, win, &req), MPI_ERR_RMA_RANGE, "Rput past the end");
    int rc = MPI_Put(v, 1, MPI_INT, other, -1, 1, MPI_INT, win), cls = -1;
    if (rc != MPI_SUCCESS) MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_DISP || cls == MPI_ERR_RMA_RANGE, "Put at displacement -1: class %d", cls);
    CHECK_CLASS(MPI_Win_lock(999, rank, 0, win), MPI_ERR_LOCKTYPE, "lock type 999");
    CHECK_CLASS(MPI_Accumulate(v, 1, MPI_INT, other, 0, 1, MPI_DOUBLE, MPI_SUM, win), MPI_ERR_TYPE,
                "Accumulate from int into double");
    CHECK_CLASS(MPI_Accumulate(&d, 1, MPI_DOUBLE, other, 0, 1, MPI_DOUBLE, MPI_BAND, win), MPI_ERR_OP,
                "Accumulate MPI_BAND on doubles");
    CHECK_MPI(MPI_Win_unlock(other, win));

    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_CLASS(MPI_Rput(v, 1, MPI_INT, other, 0, 1, MPI_INT, win, &req), MPI_ERR_RMA_SYNC, "Rput in a fence epoch");
    CHECK_MPI(MPI_Win_fence(0, win));
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < 3 * N; i++)
        CHECK(mem[i] == -1, "%s: int %d from the window's start changed to %d by calls that failed",
              i >= N && i < 2 * N ? "inside the window" : "OUTSIDE the window", i - N, mem[i]);

    /* Dynamic window: only attached memory is a target. */
    int *att = calloc(N, sizeof(int)), notatt = 0;
    CHECK_MPI(MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &dyn));
    CHECK_MPI(MPI_Win_set_errhandler(dyn, MPI_ERRORS_RETURN));
    CHECK_MPI(MPI_Win_attach(dyn, att, N * sizeof(int)));
    MPI_Aint addr[2], *all = malloc(2 * size * sizeof(MPI_Aint));
    MPI_Get_address(att, &addr[0]);
    MPI_Get_address(&notatt, &addr[1]);
    MPI_Allgather(addr, 2, MPI_AINT, all, 2, MPI_AINT, MPI_COMM_WORLD);
    CHECK_CLASS(MPI_Win_detach(dyn, &notatt), MPI_ERR_RMA_ATTACH, "detach of memory not attached");
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, other, 0, dyn));
    CHECK_CLASS(MPI_Put(v, 1, MPI_INT, other, all[2 * other + 1], 1, MPI_INT, dyn), MPI_ERR_RMA_RANGE,
                "Put to memory not attached");
    CHECK_CLASS(MPI_Put(v, 2, MPI_INT, other, all[2 * other] + (N - 1) * sizeof(int), 2, MPI_INT, dyn),
                MPI_ERR_RMA_RANGE, "Put across the end of an attached region");
    CHECK_MPI(MPI_Put(v, 1, MPI_INT, other, all[2 * other] + (N - 1) * sizeof(int), 1, MPI_INT, dyn));
    CHECK_MPI(MPI_Win_unlock(other, dyn));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(notatt == 0 && att[N - 1] == 7, "dynamic window: not attached %d, last attached %d", notatt, att[N - 1]);
    CHECK_MPI(MPI_Win_detach(dyn, att));
    CHECK_MPI(MPI_Win_free(&dyn));

    /* The window still works. */
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Put(&rank, 1, MPI_INT, other, N - 1, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK(w[N - 1] == (rank + size - 1) % size, "the window after the errors holds %d", w[N - 1]);
    CHECK_MPI(MPI_Win_free(&win));
    MPI_Type_free(&vec);
    free(mem);
    free(att);
    free(all);
    return ctest_finish();
}
