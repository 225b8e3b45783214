/* Nonblocking collectives (MPI-4.0 6.12): several outstanding at once on one
 * communicator (two of the same kind among them) and on another, completed
 * in any order by Wait, Waitall and Test loops, with blocking collectives
 * issued while they run; the communicator and a user op freed while a
 * collective that uses them runs; Request_free and Cancel refused. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

static void maxabs_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)dt;
    for (int i = 0; i < *len; i++) {
        int a = abs(((int *)in)[i]), b = abs(((int *)inout)[i]);
        ((int *)inout)[i] = a > b ? a : b;
    }
}

#define N 3000 /* ints: past the eager limit */

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int rank = mtest_rank, size = mtest_size;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int *bc = malloc(sizeof(int) * N), *s1 = malloc(sizeof(int) * N), *r1 = malloc(sizeof(int) * N);
    int *s2 = malloc(sizeof(int) * N), *r2 = malloc(sizeof(int) * N);
    int *a2a_s = malloc(sizeof(int) * (size_t)size * 4), *a2a_r = malloc(sizeof(int) * (size_t)size * 4);
    int *gat = malloc(sizeof(int) * (size_t)size);
    for (int iter = 0; iter < 20; iter++) {
        MPI_Comm dup;
        MPI_Comm_dup(MPI_COMM_WORLD, &dup);
        MPI_Op maxabs;
        MPI_Op_create(maxabs_fn, 1, &maxabs);
        int root = iter % size;
        for (int i = 0; i < N; i++) {
            bc[i] = rank == root ? i * 3 + iter : -1;
            s1[i] = rank + i;
            s2[i] = (rank % 2 ? -1 : 1) * (rank * 10 + i % 7);
        }
        for (int i = 0; i < size * 4; i++)
            a2a_s[i] = rank * 1000 + i;
        MPI_Request reqs[7];
        int me = rank + iter, dsum = -1, dmax = -1;
        MPI_Ibcast(bc, N, MPI_INT, root, MPI_COMM_WORLD, &reqs[0]);
        MPI_Iallreduce(s1, r1, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &reqs[1]);
        MPI_Ibarrier(MPI_COMM_WORLD, &reqs[2]);
        MPI_Iallreduce(s2, r2, N, MPI_INT, maxabs, MPI_COMM_WORLD, &reqs[3]);
        MPI_Ialltoall(a2a_s, 4, MPI_INT, a2a_r, 4, MPI_INT, dup, &reqs[4]);
        MPI_Iallreduce(&me, &dsum, 1, MPI_INT, MPI_SUM, dup, &reqs[5]);
        MPI_Iallgather(&me, 1, MPI_INT, gat, 1, MPI_INT, dup, &reqs[6]);
        /* both may go away while the collectives run */
        MPI_Op_free(&maxabs);
        MPI_Comm_free(&dup);
        /* a blocking collective on the same communicator meanwhile */
        MPI_Allreduce(&me, &dmax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        CHECK(dmax == size - 1 + iter, "blocking allreduce during nonblocking ones: %d", dmax);
        if (iter % 3 == 0) {
            for (int k = 6; k >= 0; k--)
                CHECK(MPI_Wait(&reqs[k], MPI_STATUS_IGNORE) == MPI_SUCCESS, "wait %d", k);
        } else if (iter % 3 == 1) {
            MPI_Status st[7];
            CHECK(MPI_Waitall(7, reqs, st) == MPI_SUCCESS, "waitall");
        } else {
            int flag = 0;
            while (!flag)
                MPI_Testall(7, reqs, &flag, MPI_STATUSES_IGNORE);
        }
        for (int k = 0; k < 7; k++)
            CHECK(reqs[k] == MPI_REQUEST_NULL, "request %d not freed", k);
        for (int i = 0; i < N; i++) {
            int sum = size * i + size * (size - 1) / 2, mx = 0;
            for (int r = 0; r < size; r++)
                mx = mx > r * 10 + i % 7 ? mx : r * 10 + i % 7;
            if (bc[i] != i * 3 + iter || r1[i] != sum || r2[i] != mx) {
                CHECK(0, "iter %d element %d: bcast %d allreduce %d (want %d) maxabs %d (want %d)", iter, i, bc[i],
                      r1[i], sum, r2[i], mx);
                break;
            }
        }
        for (int q = 0; q < size; q++) {
            for (int j = 0; j < 4; j++)
                CHECK(a2a_r[q * 4 + j] == q * 1000 + rank * 4 + j, "alltoall from %d [%d] = %d", q, j, a2a_r[q * 4 + j]);
            CHECK(gat[q] == q + iter, "allgather [%d] = %d", q, gat[q]);
        }
        CHECK(dsum == size * (size - 1) / 2 + size * iter, "allreduce on the freed duplicate: %d", dsum);
    }
    /* Request_free and Cancel are erroneous on a collective's request (MPI-4.0 6.12) */
    MPI_Request r;
    MPI_Ibarrier(MPI_COMM_WORLD, &r);
    CHECK_CLASS(MPI_Request_free(&r), MPI_ERR_REQUEST);
    CHECK_CLASS(MPI_Cancel(&r), MPI_ERR_REQUEST);
    MPI_Status st;
    memset(&st, 0x55, sizeof st);
    CHECK(MPI_Wait(&r, &st) == MPI_SUCCESS && r == MPI_REQUEST_NULL, "wait after refused free");
    int count = -1;
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(count == 0, "a collective's status: count %d", count);
    free(bc), free(s1), free(r1), free(s2), free(r2), free(a2a_s), free(a2a_r), free(gat);
    return mtest_finalize();
}
