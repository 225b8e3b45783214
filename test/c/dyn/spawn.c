/* MPI_Comm_spawn of this same program (as MPICH's spawn1/spawn2): the parents
 * spawn NCHILD children (argv[1], default 2), who find their parent
 * communicator and their own MPI_COMM_WORLD and APPNUM, and talk to the
 * parents point-to-point and collectively, also after merging. */
#include "dyn.h"
#include <stdlib.h>
#include <string.h>

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
        int psize, v = -1, flag;
        char name[MPI_MAX_OBJECT_NAME];
        MPI_Comm_remote_size(parent, &psize);
        CHECK(argc > 1 && strcmp(argv[1], "child") == 0, "argv[1] %s", argc > 1 ? argv[1] : "(none)");
        MPI_Recv(&v, 1, MPI_INT, 0, 0, parent, MPI_STATUS_IGNORE);
        CHECK(v == rank, "got rank %d, am %d", v, rank);
        for (int p = 0; p < psize; p++) {
            int w = 100 * rank + p;
            MPI_Send(&w, 1, MPI_INT, p, 1, parent);
        }
        int n = 0;
        MPI_Bcast(&n, 1, MPI_INT, 0, parent);
        CHECK(n == 12345, "bcast %d", n);
        int *appnum;
        MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &appnum, &flag);
        CHECK(flag && *appnum == 0, "appnum %d", flag ? *appnum : -1);
        int len;
        MPI_Comm_get_name(parent, name, &len);
        (void)name; /* MPICH names it MPI_COMM_PARENT too; the standard does not require it */
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
    if (parent == MPI_COMM_NULL)
        collect_from_children(inter);
    else
        report_to_parent(parent);
    MPI_Comm_disconnect(&inter);
    if (parent == MPI_COMM_NULL)
        return ctest_finish();
    MPI_Finalize();
    return 0;
}
