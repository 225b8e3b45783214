/* MPI_Comm_spawn of this same program (MPICH's spawn1/spawn2 tests): the
 * parents spawn NCHILD children, who find their parent communicator, get
 * their own MPI_COMM_WORLD and APPNUM, and talk to the parents point-to-point
 * and collectively, also after merging. Usage: spawn [nchild] */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int errs;
#define CHECK(c, ...) do { if (!(c)) { errs++; printf("check failed: " __VA_ARGS__); printf("\n"); } } while (0)

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm parent, inter;
    MPI_Comm_get_parent(&parent);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (parent == MPI_COMM_NULL) {
        int nchild = argc > 1 ? atoi(argv[1]) : 2;
        int codes[16];
        char *args[] = {"child", NULL};
        MPI_Comm_spawn(argv[0], args, nchild, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, codes);
        for (int i = 0; i < nchild; i++)
            CHECK(codes[i] == MPI_SUCCESS, "errcode %d of child %d", codes[i], i);
        int rsize, flag;
        MPI_Comm_remote_size(inter, &rsize);
        MPI_Comm_test_inter(inter, &flag);
        CHECK(flag && rsize == nchild, "remote size %d", rsize);
        /* parents' rank 0 sends each child its rank; every child answers each parent */
        if (rank == 0)
            for (int c = 0; c < nchild; c++)
                MPI_Send(&c, 1, MPI_INT, c, 0, inter);
        for (int c = 0; c < nchild; c++) {
            int v = -1;
            MPI_Recv(&v, 1, MPI_INT, c, 1, inter, MPI_STATUS_IGNORE);
            CHECK(v == 100 * c + rank, "from child %d: %d", c, v);
        }
        int n = 12345;
        MPI_Bcast(&n, 1, MPI_INT, rank == 0 ? MPI_ROOT : MPI_PROC_NULL, inter);
    } else {
        inter = parent;
        int psize, v = -1;
        MPI_Comm_remote_size(parent, &psize);
        CHECK(strcmp(argv[1], "child") == 0, "argv[1] %s", argv[1]);
        MPI_Recv(&v, 1, MPI_INT, 0, 0, parent, MPI_STATUS_IGNORE);
        CHECK(v == rank, "got rank %d, am %d", v, rank);
        for (int p = 0; p < psize; p++) {
            int w = 100 * rank + p;
            MPI_Send(&w, 1, MPI_INT, p, 1, parent);
        }
        int n = 0;
        MPI_Bcast(&n, 1, MPI_INT, 0, parent);
        CHECK(n == 12345, "bcast %d", n);
        int *appnum, flag;
        MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &appnum, &flag);
        CHECK(flag && *appnum == 0, "appnum");
    }
    /* merged: parents first */
    MPI_Comm all;
    MPI_Intercomm_merge(inter, parent != MPI_COMM_NULL, &all);
    int arank, asize, sum = 0, one = 1;
    MPI_Comm_rank(all, &arank);
    MPI_Comm_size(all, &asize);
    MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, all);
    CHECK(sum == asize, "allreduce %d of %d", sum, asize);
    if (parent == MPI_COMM_NULL)
        CHECK(arank == rank, "merged rank %d", arank);
    MPI_Comm_free(&all);
    MPI_Comm_disconnect(&inter);
    int total = 0;
    MPI_Allreduce(&errs, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0 && total == 0)
        printf(" No Errors\n");
    MPI_Finalize();
    return total != 0;
}
