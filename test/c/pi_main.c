/* compute-pi in two files: the midpoint rule here, the integrand in pi_f.c (via -I and -D), libm. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include "pi_f.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long n = INTERVALS;
    MPI_Bcast(&n, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    double h = 1.0 / (double)n, sum = 0.0, pi = 0.0;
    for (long i = rank; i < n; i += size)
        sum += f(h * ((double)i + 0.5));
    double mine = h * sum;
    MPI_Reduce(&mine, &pi, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0)
        printf("pi is about %.12f, error %.2e\n", pi, fabs(pi - M_PI));
    MPI_Finalize();
    return 0;
}
