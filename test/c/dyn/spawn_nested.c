/* A spawned job spawns in turn: the first job spawns 2 children, which spawn
 * 1 grandchild together (root 0 of their world). The grandchild's parents are
 * the children; it reaches them, they reach their own parents. */
#include "dyn.h"
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm parent, inter;
    MPI_Comm_get_parent(&parent);
    const char *role = parent == MPI_COMM_NULL ? "first" : argv[1];
    if (strcmp(role, "first") == 0) {
        char *args[] = {"child", NULL};
        MPI_Comm_spawn(argv[0], args, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, MPI_ERRCODES_IGNORE);
        int word = 0;
        MPI_Recv(&word, 1, MPI_INT, 0, 5, inter, MPI_STATUS_IGNORE);
        CHECK(word == 4242, "word from the children: %d", word);
        collect_from_children(inter);
        MPI_Comm_disconnect(&inter);
    } else if (strcmp(role, "child") == 0) {
        char *args[] = {"grandchild", NULL};
        MPI_Comm grand;
        MPI_Comm_spawn(argv[0], args, 1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &grand, MPI_ERRCODES_IGNORE);
        int rsize, word = 0;
        MPI_Comm_remote_size(grand, &rsize);
        CHECK(rsize == 1, "grandchildren %d", rsize);
        /* the grandchild sends 42 to each child; the children pass 4242 up */
        MPI_Recv(&word, 1, MPI_INT, 0, 4, grand, MPI_STATUS_IGNORE);
        CHECK(word == 42, "word from the grandchild: %d", word);
        int rank;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        if (rank == 0) {
            word = 4242;
            MPI_Send(&word, 1, MPI_INT, 0, 5, parent);
        }
        collect_from_children(grand);
        MPI_Comm_disconnect(&grand);
        report_to_parent(parent);
        MPI_Comm_disconnect(&parent);
    } else {
        int psize, word = 42;
        MPI_Comm_remote_size(parent, &psize);
        CHECK(psize == 2, "the grandchild's parents: %d", psize);
        for (int p = 0; p < psize; p++)
            MPI_Send(&word, 1, MPI_INT, p, 4, parent);
        report_to_parent(parent);
        MPI_Comm_disconnect(&parent);
    }
    if (strcmp(role, "first") == 0)
        return ctest_finish();
    MPI_Finalize();
    return 0;
}
