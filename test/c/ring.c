/* A token around a ring; every rank prints its argv[1] and $GREETING (only what --env passes). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, token = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0) {
        token = 1;
        MPI_Send(&token, 1, MPI_INT, 1 % size, 0, MPI_COMM_WORLD);
        MPI_Recv(&token, 1, MPI_INT, size - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
        MPI_Recv(&token, 1, MPI_INT, rank - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        token++;
        MPI_Send(&token, 1, MPI_INT, (rank + 1) % size, 0, MPI_COMM_WORLD);
    }
    const char *greeting = getenv("GREETING"), *path = getenv("PATH");
    printf("rank %d of %d: token %d, arg %s, GREETING %s, PATH %s\n", rank, size, token, argc > 1 ? argv[1] : "-",
           greeting ? greeting : "(unset)", path ? path : "(unset)");
    MPI_Finalize();
    return 0;
}
