/* MPI_Comm_spawn_multiple: two commands (this program with arguments "a" and
 * "b", 1 and 2 ranks) share one MPI_COMM_WORLD of 3; MPI_APPNUM says which
 * command each runs; errcodes has one entry per child. */
#include "dyn.h"
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm parent, inter;
    MPI_Comm_get_parent(&parent);
    if (parent == MPI_COMM_NULL) {
        char *cmds[2] = {argv[0], argv[0]};
        char *args_a[] = {"a", NULL}, *args_b[] = {"b", "x", NULL};
        char **argvs[2] = {args_a, args_b};
        int maxprocs[2] = {1, 2}, codes[3] = {-1, -1, -1};
        MPI_Info infos[2] = {MPI_INFO_NULL, MPI_INFO_NULL};
        MPI_Comm_spawn_multiple(2, cmds, argvs, maxprocs, infos, 0, MPI_COMM_WORLD, &inter, codes);
        int rank;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        if (rank == 0) /* the root reports them (elsewhere MPI leaves them to the implementation) */
            CHECK(codes[0] == 0 && codes[1] == 0 && codes[2] == 0, "errcodes %d %d %d", codes[0], codes[1], codes[2]);
        int rsize;
        MPI_Comm_remote_size(inter, &rsize);
        CHECK(rsize == 3, "remote size %d", rsize);
        /* each child says its appnum and argument count */
        for (int c = 0; c < 3; c++) {
            int got[2] = {-1, -1};
            MPI_Recv(got, 2, MPI_INT, c, 0, inter, MPI_STATUS_IGNORE);
            CHECK(got[0] == (c == 0 ? 0 : 1) && got[1] == (c == 0 ? 2 : 3), "child %d: appnum %d argc %d", c, got[0],
                  got[1]);
        }
        collect_from_children(inter);
    } else {
        inter = parent;
        int rank, size, *appnum, flag;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        CHECK(size == 3, "world size %d", size);
        MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &appnum, &flag);
        CHECK(flag, "no APPNUM");
        CHECK(strcmp(argv[1], *appnum == 0 ? "a" : "b") == 0, "appnum %d with argument %s", *appnum, argv[1]);
        int psize;
        MPI_Comm_remote_size(parent, &psize);
        int mine[2] = {flag ? *appnum : -1, argc};
        for (int p = 0; p < psize; p++)
            MPI_Send(mine, 2, MPI_INT, p, 0, parent);
        report_to_parent(parent);
    }
    MPI_Comm_disconnect(&inter);
    if (parent == MPI_COMM_NULL)
        return ctest_finish();
    MPI_Finalize();
    return 0;
}
