/* MPI_Comm_idup (MPI-4.0 7.4.2) as a nonblocking agreement: several pending at
 * once, on world and on a split communicator, mixed with blocking creations;
 * every new communicator works and has its own context. */
#include "mtest.h"

static void ring(MPI_Comm comm, int tag, const char *what)
{
    int r, s, out, in = -1;
    MPI_Comm_rank(comm, &r);
    MPI_Comm_size(comm, &s);
    out = r * 100 + tag;
    MPI_Sendrecv(&out, 1, MPI_INT, (r + 1) % s, tag, &in, 1, MPI_INT, (r + s - 1) % s, tag, comm, MPI_STATUS_IGNORE);
    CHECK(in == ((r + s - 1) % s) * 100 + tag, "%s: ring got %d", what, in);
}

#define MANY 80

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm d1, d2, d3, half, blocking, many[MANY];
    MPI_Request r[3], rm[MANY];
    MPI_Comm_idup(MPI_COMM_WORLD, &d1, &r[0]);
    MPI_Comm_split(MPI_COMM_WORLD, mtest_rank % 2, 0, &half); /* blocking, while d1 is pending */
    MPI_Comm_idup(MPI_COMM_WORLD, &d2, &r[1]);
    MPI_Comm_idup(half, &d3, &r[2]);
    MPI_Comm_dup(MPI_COMM_WORLD, &blocking);
    MPI_Waitall(3, r, MPI_STATUSES_IGNORE);
    ring(d1, 1, "idup 1");
    ring(d2, 2, "idup 2");
    ring(d3, 3, "idup of split");
    ring(blocking, 4, "dup while idups pending");
    int cmp;
    MPI_Comm_compare(d1, MPI_COMM_WORLD, &cmp);
    CHECK(cmp == MPI_CONGRUENT, "idup vs world %d", cmp);
    /* distinct contexts: a message on d1 is not seen on d2, blocking or world */
    int v = 7, flag = 1;
    MPI_Send(&v, 1, MPI_INT, mtest_rank, 9, d1);
    MPI_Iprobe(MPI_ANY_SOURCE, 9, d2, &flag, MPI_STATUS_IGNORE);
    CHECK(!flag, "d1's message seen on d2");
    MPI_Iprobe(MPI_ANY_SOURCE, 9, blocking, &flag, MPI_STATUS_IGNORE);
    CHECK(!flag, "d1's message seen on a blocking dup");
    MPI_Recv(&v, 1, MPI_INT, mtest_rank, 9, d1, MPI_STATUS_IGNORE);

    /* many pending at once, then freed */
    for (int i = 0; i < MANY; i++)
        MPI_Comm_idup(i % 2 ? half : MPI_COMM_WORLD, &many[i], &rm[i]);
    MPI_Waitall(MANY, rm, MPI_STATUSES_IGNORE);
    for (int i = 0; i < MANY; i += 7)
        ring(many[i], 10 + i, "one of many idups");
    for (int i = 0; i < MANY; i++)
        MPI_Comm_free(&many[i]);

    /* idup_with_info: the new communicator gets the given hints */
    {
        MPI_Info hints, got;
        MPI_Comm hc;
        MPI_Request rh;
        char val[16];
        int flag = 0;
        MPI_Info_create(&hints);
        MPI_Info_set(hints, "mpi_assert_exact_length", "true");
        MPI_Comm_idup_with_info(MPI_COMM_WORLD, hints, &hc, &rh);
        MPI_Info_free(&hints); /* the call keeps its own copy */
        MPI_Wait(&rh, MPI_STATUS_IGNORE);
        MPI_Comm_get_info(hc, &got);
        MPI_Info_get(got, "mpi_assert_exact_length", 15, val, &flag);
        CHECK(flag && val[0] == 't', "idup_with_info hints: flag %d", flag);
        MPI_Info_free(&got);
        ring(hc, 6, "idup_with_info");
        MPI_Comm_free(&hc);
    }

    /* the parent may be freed before the idup completes */
    MPI_Comm tmp, child;
    MPI_Request rt;
    MPI_Comm_dup(MPI_COMM_WORLD, &tmp);
    MPI_Comm_idup(tmp, &child, &rt);
    MPI_Comm_free(&tmp);
    MPI_Wait(&rt, MPI_STATUS_IGNORE);
    ring(child, 5, "idup of a freed parent");
    MPI_Comm_free(&child);

    MPI_Comm_free(&d1);
    MPI_Comm_free(&d2);
    MPI_Comm_free(&d3);
    MPI_Comm_free(&half);
    MPI_Comm_free(&blocking);
    CHECK(MPIR_Handle_live_count(WMPI_KIND_COMM) == 0, "%d communicators leaked", MPIR_Handle_live_count(WMPI_KIND_COMM));
    return mtest_finalize();
}
