/* Spawn, disconnect, spawn again: each round's child finds its parents, they
 * exchange a word, and both disconnect; after the last round the parents'
 * universe has grown by one rank per round. */
#include "dyn.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm parent;
    MPI_Comm_get_parent(&parent);
    int spawned = parent != MPI_COMM_NULL;
    if (!spawned) {
        for (int round = 0; round < 3; round++) {
            MPI_Comm inter;
            MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, 1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, MPI_ERRCODES_IGNORE);
            int rank, word = -1;
            MPI_Comm_rank(MPI_COMM_WORLD, &rank);
            if (rank == 0)
                MPI_Send(&round, 1, MPI_INT, 0, 0, inter);
            MPI_Bcast(&word, 1, MPI_INT, 0, inter);
            CHECK(word == round + 10, "round %d: %d", round, word);
            collect_from_children(inter);
            MPI_Comm_disconnect(&inter);
            CHECK(inter == MPI_COMM_NULL, "disconnect left a communicator");
        }
    } else {
        int round = -1;
        MPI_Recv(&round, 1, MPI_INT, 0, 0, parent, MPI_STATUS_IGNORE);
        round += 10;
        MPI_Bcast(&round, 1, MPI_INT, MPI_ROOT, parent);
        report_to_parent(parent);
        MPI_Comm_disconnect(&parent);
        MPI_Comm again;
        MPI_Comm_get_parent(&again);
        CHECK(again == MPI_COMM_NULL, "a parent after disconnect");
    }
    if (!spawned)
        return ctest_finish();
    MPI_Finalize();
    return 0;
}
