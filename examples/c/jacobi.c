/* 2-D heat equation (Laplace) by Jacobi iteration on a Cartesian process grid.
 *
 * The NX x NY interior of a plate is held at 0 to start; its top edge is held at 100 degrees and
 * its left edge at 50, the others at 0. Each process owns a block of the grid (MPI_Dims_create
 * chooses the process grid; blocks differ by at most one row or column) with a one-cell halo,
 * swapped with its four neighbours every iteration by MPI_Sendrecv: rows as contiguous doubles,
 * columns as an MPI_Type_vector. Neighbours come from MPI_Cart_shift; on the plate's edge they
 * are MPI_PROC_NULL and the halo keeps the boundary value.
 *
 * After a fixed number of iterations the program prints a checksum, the sum over the plate of
 * round(u * 1e6) as an integer, so the same for any number of processes, and the largest change
 * of the last iteration. Usage: jacobi [nx ny iterations] (default 64 48 500). */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#define TOP 100.0
#define LEFT 50.0

/* The first global index and the length of part `coord` of n items split `parts` ways. */
static void split(int n, int parts, int coord, int *first, int *len)
{
    int base = n / parts, extra = n % parts;
    *len = base + (coord < extra);
    *first = coord * base + (coord < extra ? coord : extra);
}

int main(int argc, char *argv[])
{
    int nx = 64, ny = 48, iters = 500;
    int rank, size, dims[2] = {0, 0}, periods[2] = {0, 0}, coords[2];
    int up, down, left, right;
    MPI_Comm grid;

    MPI_Init(&argc, &argv);
    if (argc > 3) {
        nx = atoi(argv[1]);
        ny = atoi(argv[2]);
        iters = atoi(argv[3]);
    }
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Dims_create(size, 2, dims);
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 1, &grid);
    MPI_Comm_rank(grid, &rank);
    MPI_Cart_coords(grid, rank, 2, coords);
    MPI_Cart_shift(grid, 0, 1, &up, &down);    /* dimension 0: rows of processes, top to bottom */
    MPI_Cart_shift(grid, 1, 1, &left, &right); /* dimension 1: columns, left to right */

    int row0, rows, col0, cols;
    split(ny, dims[0], coords[0], &row0, &rows);
    split(nx, dims[1], coords[1], &col0, &cols);
    int w = cols + 2; /* a local row with its two halo cells */
    double *u = calloc((size_t)(rows + 2) * w, sizeof(double));
    double *unew = calloc((size_t)(rows + 2) * w, sizeof(double));
#define U(a, i, j) a[(i) * w + (j)]

    /* Boundary values in the halo cells that lie on the plate's edge (corners are never read). */
    for (int a = 0; a < 2; a++) {
        double *v = a ? unew : u;
        if (up == MPI_PROC_NULL)
            for (int j = 1; j <= cols; j++) U(v, 0, j) = TOP;
        if (left == MPI_PROC_NULL)
            for (int i = 1; i <= rows; i++) U(v, i, 0) = LEFT;
    }

    MPI_Datatype column;
    MPI_Type_vector(rows, 1, w, MPI_DOUBLE, &column);
    MPI_Type_commit(&column);

    double change = 0.0;
    for (int it = 0; it < iters; it++) {
        /* Halo exchange: send my first row up and receive my bottom halo from below, and so on. */
        MPI_Sendrecv(&U(u, 1, 1), cols, MPI_DOUBLE, up, 0, &U(u, rows + 1, 1), cols, MPI_DOUBLE, down, 0, grid, MPI_STATUS_IGNORE);
        MPI_Sendrecv(&U(u, rows, 1), cols, MPI_DOUBLE, down, 1, &U(u, 0, 1), cols, MPI_DOUBLE, up, 1, grid, MPI_STATUS_IGNORE);
        MPI_Sendrecv(&U(u, 1, 1), 1, column, left, 2, &U(u, 1, cols + 1), 1, column, right, 2, grid, MPI_STATUS_IGNORE);
        MPI_Sendrecv(&U(u, 1, cols), 1, column, right, 3, &U(u, 1, 0), 1, column, left, 3, grid, MPI_STATUS_IGNORE);

        double mychange = 0.0;
        for (int i = 1; i <= rows; i++)
            for (int j = 1; j <= cols; j++) {
                U(unew, i, j) = 0.25 * (U(u, i - 1, j) + U(u, i + 1, j) + U(u, i, j - 1) + U(u, i, j + 1));
                double d = fabs(U(unew, i, j) - U(u, i, j));
                if (d > mychange) mychange = d;
            }
        double *t = u;
        u = unew;
        unew = t;
        if (it == iters - 1) MPI_Allreduce(&mychange, &change, 1, MPI_DOUBLE, MPI_MAX, grid);
    }

    long long mysum = 0, sum = 0;
    for (int i = 1; i <= rows; i++)
        for (int j = 1; j <= cols; j++) mysum += llround(U(u, i, j) * 1e6);
    MPI_Reduce(&mysum, &sum, 1, MPI_LONG_LONG, MPI_SUM, 0, grid);
    if (rank == 0) {
        printf("jacobi %dx%d, %d iterations on a %dx%d process grid\n", nx, ny, iters, dims[0], dims[1]);
        printf("checksum %lld, last change %.6e\n", sum, change);
        fflush(stdout);
    }
    MPI_Type_free(&column);
    MPI_Comm_free(&grid);
    free(u);
    free(unew);
    MPI_Finalize();
    return 0;
}
