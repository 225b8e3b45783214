/* Ends the way argv[1] says: "return" (rank 1 returns 5 from main), "abort" (rank 1 calls
 * MPI_Abort with 7), "exit" (rank 1 calls exit(9)); the other ranks wait in a barrier. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const char *how = argc > 1 ? argv[1] : "";
    if (rank == 1) {
        if (strcmp(how, "abort") == 0)
            MPI_Abort(MPI_COMM_WORLD, 7);
        if (strcmp(how, "exit") == 0)
            exit(9);
        if (strcmp(how, "return") == 0)
            return 5;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    return 0;
}
