/* MPI_Isend/MPI_Irecv with every rank exchanging with every other, completed by MPI_Waitall;
 * then MPI_Waitany and MPI_Testall over a second round. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *out = malloc(size * sizeof(int)), *in = malloc(size * sizeof(int));
    MPI_Request *req = malloc(2 * size * sizeof(MPI_Request));
    MPI_Status *st = malloc(2 * size * sizeof(MPI_Status));

    for (int p = 0; p < size; p++) {
        in[p] = -1;
        out[p] = rank * 1000 + p;
        MPI_Irecv(&in[p], 1, MPI_INT, p, 5, MPI_COMM_WORLD, &req[p]);
    }
    for (int p = 0; p < size; p++) MPI_Isend(&out[p], 1, MPI_INT, p, 5, MPI_COMM_WORLD, &req[size + p]);
    MPI_Waitall(2 * size, req, st);
    for (int p = 0; p < size; p++) {
        CHECK(in[p] == p * 1000 + rank, "from %d got %d", p, in[p]);
        CHECK(st[p].MPI_SOURCE == p && st[p].MPI_TAG == 5, "status %d/%d", st[p].MPI_SOURCE, st[p].MPI_TAG);
        CHECK(req[p] == MPI_REQUEST_NULL && req[size + p] == MPI_REQUEST_NULL, "request %d not freed", p);
    }

    /* Round two: receives completed one at a time by MPI_Waitany, sends polled with MPI_Testall. */
    for (int p = 0; p < size; p++) {
        in[p] = -1;
        MPI_Irecv(&in[p], 1, MPI_INT, p, 6, MPI_COMM_WORLD, &req[p]);
    }
    for (int p = 0; p < size; p++) MPI_Isend(&out[p], 1, MPI_INT, p, 6, MPI_COMM_WORLD, &req[size + p]);
    int got = 0;
    for (int i = 0; i < size; i++) {
        int idx;
        MPI_Status s;
        MPI_Waitany(size, req, &idx, &s);
        CHECK(idx >= 0 && idx < size && s.MPI_SOURCE == idx, "waitany index %d source %d", idx, s.MPI_SOURCE);
        got++;
    }
    int idx;
    MPI_Waitany(size, req, &idx, MPI_STATUS_IGNORE);
    CHECK(idx == MPI_UNDEFINED, "waitany over null requests gave %d", idx);
    int flag = 0;
    while (!flag) MPI_Testall(size, req + size, &flag, MPI_STATUSES_IGNORE);
    CHECK(got == size, "waitany completed %d", got);
    for (int p = 0; p < size; p++) CHECK(in[p] == p * 1000 + rank, "round 2 from %d got %d", p, in[p]);
    free(out), free(in), free(req), free(st);
    return ctest_finish();
}
