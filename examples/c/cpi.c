/* Compute pi by integrating 4/(1+x^2) on [0,1] with the midpoint rule, the classic MPICH
 * example. Usage: cpi [intervals] (default 10000). */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static double f(double a)
{
    return 4.0 / (1.0 + a * a);
}

int main(int argc, char *argv[])
{
    int n, myid, numprocs, namelen;
    double PI25DT = 3.141592653589793238462643;
    double mypi, pi, h, sum, x, startwtime = 0.0, endwtime;
    char processor_name[MPI_MAX_PROCESSOR_NAME];

    MPI_Init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &numprocs);
    MPI_Comm_rank(MPI_COMM_WORLD, &myid);
    MPI_Get_processor_name(processor_name, &namelen);
    fprintf(stderr, "Process %d of %d is on %s\n", myid, numprocs, processor_name);

    n = 10000;
    if (myid == 0) {
        if (argc > 1) n = atoi(argv[1]);
        startwtime = MPI_Wtime();
    }
    MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);

    h = 1.0 / (double)n;
    sum = 0.0;
    for (int i = myid + 1; i <= n; i += numprocs) {
        x = h * ((double)i - 0.5);
        sum += f(x);
    }
    mypi = h * sum;

    MPI_Reduce(&mypi, &pi, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);

    if (myid == 0) {
        endwtime = MPI_Wtime();
        printf("pi is approximately %.16f, Error is %.16f\n", pi, fabs(pi - PI25DT));
        printf("wall clock time = %f\n", endwtime - startwtime);
        fflush(stdout);
    }
    MPI_Finalize();
    return 0;
}
