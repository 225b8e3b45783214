/* Pass a token around a ring of processes: rank 0 starts it, every rank adds its rank and hands
 * it on, for a number of laps. Usage: ring [laps] (default 3). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
    int rank, size, laps = 3;
    long token = 0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc > 1) laps = atoi(argv[1]);

    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    for (int lap = 0; lap < laps; lap++) {
        if (rank == 0) {
            /* Send and receive in one call: safe also when rank 0 is its own neighbour. */
            MPI_Sendrecv_replace(&token, 1, MPI_LONG, next, lap, prev, lap, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(&token, 1, MPI_LONG, prev, lap, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            token += rank;
            MPI_Send(&token, 1, MPI_LONG, next, lap, MPI_COMM_WORLD);
        }
    }
    if (rank == 0) {
        printf("token after %d laps of %d processes: %ld\n", laps, size, token);
        fflush(stdout);
    }
    MPI_Finalize();
    return 0;
}
