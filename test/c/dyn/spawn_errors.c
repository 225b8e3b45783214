/* Spawns that cannot be satisfied fail with MPI_ERR_SPAWN and a code per
 * child, on every rank of the group, and never hang: a program that does not
 * exist, more ranks than the universe holds (run with --universe-size 4),
 * and bad arguments; a good spawn still works after them. */
#include "dyn.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm parent, inter = MPI_COMM_WORLD;
    MPI_Comm_get_parent(&parent);
    if (parent != MPI_COMM_NULL) {
        report_to_parent(parent);
        MPI_Comm_disconnect(&parent);
        MPI_Finalize();
        return 0;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int size, codes[8];
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int i = 0; i < 8; i++)
        codes[i] = -1;
    int rc = MPI_Comm_spawn("no_such_program.wasm", MPI_ARGV_NULL, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, codes);
    CHECK(error_class(rc) == MPI_ERR_SPAWN, "missing program: class %d", error_class(rc));
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    /* the root reports each child's code (the others cannot know how many there are) */
    if (rank == 0)
        CHECK(error_class(codes[0]) == MPI_ERR_SPAWN && error_class(codes[1]) == MPI_ERR_SPAWN && codes[2] == -1,
              "errcodes %d %d %d", codes[0], codes[1], codes[2]);
    else
        CHECK(codes[0] == -1, "errcodes written at a rank other than the root: %d", codes[0]);
    CHECK(inter == MPI_COMM_NULL, "a failed spawn made an intercommunicator");
    int *universe, flag;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &universe, &flag);
    CHECK(flag && *universe == 4, "universe size %d", flag ? *universe : -1);
    rc = MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, 4 - size + 1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, codes);
    CHECK(error_class(rc) == MPI_ERR_SPAWN, "too many: class %d", error_class(rc));
    rc = MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, -1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, codes);
    CHECK(error_class(rc) == MPI_ERR_ARG, "maxprocs -1: class %d", error_class(rc));
    rc = MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, 1, MPI_INFO_NULL, size, MPI_COMM_WORLD, &inter, codes);
    CHECK(error_class(rc) == MPI_ERR_ROOT, "root %d: class %d", size, error_class(rc));
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "host", "no-such-host.invalid");
    rc = MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, 1, info, 0, MPI_COMM_WORLD, &inter, codes);
    CHECK(error_class(rc) == MPI_ERR_SPAWN, "unknown host: class %d", error_class(rc));
    MPI_Info_free(&info);
    /* what fits still starts */
    rc = MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, 4 - size, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, codes);
    CHECK(rc == MPI_SUCCESS, "the spawn that fits: %d", rc);
    if (rc == MPI_SUCCESS) {
        collect_from_children(inter);
        MPI_Comm_disconnect(&inter);
    }
    return ctest_finish();
}
