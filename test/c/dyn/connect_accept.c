/* Ports within one job (MPI-4.0 11.10): the lower half of world opens a port
 * and accepts, the upper half connects; they exchange over the
 * intercommunicator, merge, disconnect, and meet again on a new port. */
#include "dyn.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int na = size / 2, in_a = rank < na;
    MPI_Comm half;
    MPI_Comm_split(MPI_COMM_WORLD, in_a, rank, &half);
    for (int round = 0; round < 2; round++) {
        char port[MPI_MAX_PORT_NAME] = "";
        MPI_Comm inter;
        if (rank == 0) {
            MPI_Open_port(MPI_INFO_NULL, port);
            MPI_Send(port, MPI_MAX_PORT_NAME, MPI_CHAR, na, 0, MPI_COMM_WORLD);
        } else if (rank == na) {
            MPI_Recv(port, MPI_MAX_PORT_NAME, MPI_CHAR, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        if (in_a)
            MPI_Comm_accept(port, MPI_INFO_NULL, 0, half, &inter);
        else
            MPI_Comm_connect(port, MPI_INFO_NULL, 0, half, &inter);
        int rsize, sum = 0;
        MPI_Comm_remote_size(inter, &rsize);
        CHECK(rsize == (in_a ? size - na : na), "remote size %d", rsize);
        /* allreduce across an intercommunicator: each side gets the other's sum */
        MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, inter);
        int want = 0;
        for (int r = in_a ? na : 0; r < (in_a ? size : na); r++)
            want += r;
        CHECK(sum == want + round * 0, "round %d: sum %d, want %d", round, sum, want);
        MPI_Comm merged;
        int mrank;
        MPI_Intercomm_merge(inter, !in_a, &merged);
        MPI_Comm_rank(merged, &mrank);
        CHECK(mrank == rank, "merged rank %d", mrank);
        MPI_Comm_free(&merged);
        MPI_Comm_disconnect(&inter);
        if (rank == 0)
            MPI_Close_port(port);
    }
    MPI_Comm_free(&half);
    return ctest_finish();
}
