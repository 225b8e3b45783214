/* Ports (MPI-4.0 11.10): two halves of world meet through a port as an
 * accepting and a connecting group, talk across the intercommunicator, merge,
 * disconnect and meet again; then the errors: a closed port, a port that is
 * not this rank's, a spawn the host refuses, the name service it lacks. */
#include "mtest.h"
#include <string.h>

/* The halves: A (the lower ranks) accepts, B connects; world rank 0 opens the port. */
static MPI_Comm meet(MPI_Comm half, int in_a, int b_root)
{
    char port[MPI_MAX_PORT_NAME] = "";
    MPI_Comm inter = MPI_COMM_NULL;
    if (mtest_rank == 0) {
        CHECK_CLASS(MPI_Open_port(MPI_INFO_NULL, port), MPI_SUCCESS);
        MPI_Send(port, MPI_MAX_PORT_NAME, MPI_CHAR, b_root, 1, MPI_COMM_WORLD);
    }
    if (mtest_rank == b_root)
        MPI_Recv(port, MPI_MAX_PORT_NAME, MPI_CHAR, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (in_a)
        CHECK_CLASS(MPI_Comm_accept(port, MPI_INFO_NULL, 0, half, &inter), MPI_SUCCESS);
    else
        CHECK_CLASS(MPI_Comm_connect(port, MPI_INFO_NULL, 0, half, &inter), MPI_SUCCESS);
    if (mtest_rank == 0)
        CHECK_CLASS(MPI_Close_port(port), MPI_SUCCESS);
    return inter;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, me = mtest_rank;
    int na = n / 2, nb = n - na, in_a = me < na;
    MPI_Comm half;
    MPI_Comm_split(MPI_COMM_WORLD, in_a, me, &half);
    for (int round = 0; round < 2; round++) {
        MPI_Comm inter = meet(half, in_a, na);
        int flag = 0, size = 0, rsize = 0, r = -1;
        MPI_Comm_test_inter(inter, &flag);
        MPI_Comm_size(inter, &size);
        MPI_Comm_remote_size(inter, &rsize);
        MPI_Comm_rank(inter, &r);
        CHECK(flag && size == (in_a ? na : nb) && rsize == (in_a ? nb : na), "sizes %d/%d", size, rsize);
        CHECK(r == (in_a ? me : me - na), "rank %d", r);
        /* a broadcast from A's rank 0 to B, and point-to-point back */
        int v = in_a ? 0 : -1;
        if (in_a)
            v = 77 + round;
        MPI_Bcast(&v, 1, MPI_INT, in_a ? (r == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0, inter);
        if (!in_a)
            CHECK(v == 77 + round, "bcast got %d", v);
        if (!in_a && r == 0)
            MPI_Send(&me, 1, MPI_INT, 0, 5, inter);
        if (in_a && r == 0) {
            int from = -1;
            MPI_Recv(&from, 1, MPI_INT, 0, 5, inter, MPI_STATUS_IGNORE);
            CHECK(from == na, "got %d", from);
        }
        /* merged, A first: the ranks of world again */
        MPI_Comm merged;
        MPI_Intercomm_merge(inter, !in_a, &merged);
        int mr = -1, sum = 0;
        MPI_Comm_rank(merged, &mr);
        CHECK(mr == me, "merged rank %d", mr);
        MPI_Allreduce(&me, &sum, 1, MPI_INT, MPI_SUM, merged);
        CHECK(sum == n * (n - 1) / 2, "sum %d", sum);
        MPI_Comm_free(&merged);
        CHECK_CLASS(MPI_Comm_disconnect(&inter), MPI_SUCCESS);
        CHECK(inter == MPI_COMM_NULL, "disconnect leaves %d", (int)inter);
    }

    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(half, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    char port[MPI_MAX_PORT_NAME], other[MPI_MAX_PORT_NAME];
    MPI_Open_port(MPI_INFO_NULL, port);
    MPI_Close_port(port);
    MPI_Comm none = MPI_COMM_NULL;
    /* a closed port: its rank cannot accept on it, nor close it again */
    CHECK_CLASS(MPI_Comm_accept(port, MPI_INFO_NULL, 0, MPI_COMM_SELF, &none), MPI_ERR_PORT);
    CHECK_CLASS(MPI_Close_port(port), MPI_ERR_PORT);
    CHECK_CLASS(MPI_Comm_connect("no such port", MPI_INFO_NULL, 0, MPI_COMM_SELF, &none), MPI_ERR_PORT);
    CHECK_CLASS(MPI_Comm_connect(port, MPI_INFO_NULL, 0, MPI_COMM_SELF, &none), MPI_ERR_PORT);
    /* the root's failure reaches every rank of the group */
    snprintf(other, sizeof other, "%s", me == 0 ? "garbage" : port);
    CHECK_CLASS(MPI_Comm_connect(other, MPI_INFO_NULL, 0, half, &none), MPI_ERR_PORT);
    CHECK(none == MPI_COMM_NULL, "a failed connect made %d", (int)none);
    /* a port another rank opened is not ours to accept on */
    if (n > 1) {
        if (me == 1)
            MPI_Open_port(MPI_INFO_NULL, other);
        MPI_Bcast(other, MPI_MAX_PORT_NAME, MPI_CHAR, 1, MPI_COMM_WORLD);
        if (me == 0)
            CHECK_CLASS(MPI_Comm_accept(other, MPI_INFO_NULL, 0, MPI_COMM_SELF, &none), MPI_ERR_PORT);
        MPI_Barrier(MPI_COMM_WORLD);
        if (me == 1)
            CHECK_CLASS(MPI_Close_port(other), MPI_SUCCESS);
    }
    int codes[2] = {-1, -1};
    MPI_Comm children;
    CHECK_CLASS(MPI_Comm_spawn("child", MPI_ARGV_NULL, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &children, codes),
                MPI_ERR_SPAWN);
    /* the root reports each child's code; the others cannot know how many there are */
    if (me == 0)
        CHECK(codes[0] == MPI_ERR_SPAWN && codes[1] == MPI_ERR_SPAWN, "errcodes %d %d", codes[0], codes[1]);
    else
        CHECK(codes[0] == -1 && codes[1] == -1, "errcodes written off the root: %d %d", codes[0], codes[1]);
    CHECK_CLASS(MPI_Comm_spawn("child", MPI_ARGV_NULL, -1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &children, codes),
                MPI_ERR_ARG);
    MPI_Comm parent = MPI_COMM_WORLD;
    MPI_Comm_get_parent(&parent);
    CHECK(parent == MPI_COMM_NULL, "a job that was not spawned has parent %d", (int)parent);
    CHECK_CLASS(MPI_Lookup_name("svc", MPI_INFO_NULL, port), MPI_ERR_UNSUPPORTED_OPERATION);
    int *universe, found = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &universe, &found);
    CHECK(found && *universe == n, "universe %d", found ? *universe : -1);
    MPI_Comm_free(&half);
    return mtest_finalize();
}
