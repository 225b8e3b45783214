/* Intracommunicators (MPI-4.0 7.4): dup, split, split_type, create,
 * create_group, compare, names, free; messages on a new communicator never
 * match receives on another; context ids are recycled. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

/* A ring exchange on comm, checking ranks and that the data arrived. */
static void ring(MPI_Comm comm, int tag, const char *what)
{
    int r, s;
    MPI_Comm_rank(comm, &r);
    MPI_Comm_size(comm, &s);
    int out = r * 100 + tag, in = -1;
    MPI_Status st;
    MPI_Sendrecv(&out, 1, MPI_INT, (r + 1) % s, tag, &in, 1, MPI_INT, (r + s - 1) % s, tag, comm, &st);
    CHECK(in == ((r + s - 1) % s) * 100 + tag, "%s: ring got %d", what, in);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, me = mtest_rank;
    MPI_Comm dup, half, rev, none, c;

    /* dup: same group, its own context */
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    int cmp, r, s;
    MPI_Comm_compare(dup, MPI_COMM_WORLD, &cmp);
    CHECK(cmp == MPI_CONGRUENT, "dup vs world: %d", cmp);
    MPI_Comm_compare(dup, dup, &cmp);
    CHECK(cmp == MPI_IDENT, "dup vs dup: %d", cmp);
    ring(dup, 1, "dup");
    /* isolation: a message on world is not received on dup with the same tag */
    int x = 7, y = 0, flag = 1;
    MPI_Request req;
    MPI_Irecv(&y, 1, MPI_INT, MPI_ANY_SOURCE, 5, dup, &req);
    MPI_Send(&x, 1, MPI_INT, me, 5, MPI_COMM_WORLD);
    mtest_barrier();
    MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
    CHECK(!flag, "a send on world matched a receive on dup");
    MPI_Recv(&y, 1, MPI_INT, me, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Send(&x, 1, MPI_INT, me, 5, dup);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    CHECK(y == 7, "dup receive got %d", y);

    /* split in halves; key reverses the order */
    MPI_Comm_split(MPI_COMM_WORLD, me % 2, -me, &half);
    MPI_Comm_rank(half, &r);
    MPI_Comm_size(half, &s);
    int my_half = me % 2 == 0 ? (n + 1) / 2 : n / 2;
    CHECK(s == my_half, "split size %d, want %d", s, my_half);
    CHECK(r == (my_half - 1 - me / 2), "split rank %d", r);
    ring(half, 2, "split");
    MPI_Comm_compare(half, MPI_COMM_WORLD, &cmp);
    CHECK(cmp == (n == 1 ? MPI_CONGRUENT : MPI_UNEQUAL), "half vs world: %d", cmp);

    /* split with one color and reversed keys: similar to world */
    MPI_Comm_split(MPI_COMM_WORLD, 0, n - me, &rev);
    MPI_Comm_rank(rev, &r);
    CHECK(r == n - 1 - me, "reversed rank %d", r);
    MPI_Comm_compare(rev, MPI_COMM_WORLD, &cmp);
    CHECK(cmp == (n == 1 ? MPI_CONGRUENT : MPI_SIMILAR), "reversed vs world: %d", cmp);
    ring(rev, 3, "reversed");

    /* UNDEFINED color: COMM_NULL for those ranks */
    MPI_Comm_split(MPI_COMM_WORLD, me == 0 ? MPI_UNDEFINED : 1, 0, &none);
    CHECK((me == 0) == (none == MPI_COMM_NULL), "UNDEFINED split gave %x", (unsigned)none);
    if (none != MPI_COMM_NULL) {
        ring(none, 4, "split without rank 0");
        MPI_Comm_free(&none);
    }

    /* split_type: the ranks of one process (WMPI_TEST_PPN of them, default all) share memory */
    const char *ppn_env = getenv("WMPI_TEST_PPN");
    int ppn = ppn_env && atoi(ppn_env) > 0 ? atoi(ppn_env) : n;
    int mine = (me / ppn) * ppn + ppn <= n ? ppn : n - (me / ppn) * ppn;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &c);
    MPI_Comm_size(c, &s);
    CHECK(s == mine, "split_type SHARED size %d, want %d", s, mine);
    MPI_Comm_free(&c);
    /* HW_UNGUIDED: only a strict subset of the parent */
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_UNGUIDED, 0, MPI_INFO_NULL, &c);
    CHECK((c == MPI_COMM_NULL) == (mine == n), "HW_UNGUIDED gave %x", (unsigned)c);
    if (c != MPI_COMM_NULL) {
        MPI_Comm_size(c, &s);
        CHECK(s == mine, "HW_UNGUIDED size %d, want %d", s, mine);
        MPI_Comm_free(&c);
    }
    /* HW_GUIDED: the resource named by mpi_hw_resource_type; one wmpi does not know gives COMM_NULL */
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, MPI_INFO_NULL, &c);
    CHECK(c == MPI_COMM_NULL, "HW_GUIDED without a resource type gave %x", (unsigned)c);
    MPI_Info hw;
    MPI_Info_create(&hw);
    MPI_Info_set(hw, "mpi_hw_resource_type", "mpi_shared_memory");
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, hw, &c);
    MPI_Comm_size(c, &s);
    CHECK(s == mine, "HW_GUIDED mpi_shared_memory size %d, want %d", s, mine);
    ring(c, 5, "split_type");
    MPI_Comm_free(&c);
    MPI_Info_set(hw, "mpi_hw_resource_type", "NUMANode");
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, hw, &c);
    CHECK(c == MPI_COMM_NULL, "HW_GUIDED NUMANode gave %x", (unsigned)c);
    MPI_Info_free(&hw);

    /* create from a group of the even ranks, and create_group by its members only */
    MPI_Group world, evens;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int ev[16], ne = 0;
    for (int i = 0; i < n; i += 2)
        ev[ne++] = i;
    MPI_Group_incl(world, ne, ev, &evens);
    MPI_Comm_create(MPI_COMM_WORLD, evens, &c);
    CHECK((me % 2 == 0) == (c != MPI_COMM_NULL), "create: %x", (unsigned)c);
    if (c != MPI_COMM_NULL) {
        MPI_Comm_rank(c, &r);
        CHECK(r == me / 2, "create rank %d", r);
        ring(c, 6, "create");
        MPI_Comm_free(&c);
    }
    if (me % 2 == 0) {
        MPI_Comm_create_group(MPI_COMM_WORLD, evens, 77, &c);
        MPI_Comm_size(c, &s);
        CHECK(s == ne, "create_group size %d", s);
        ring(c, 7, "create_group");
        MPI_Comm_free(&c);
    }
    MPI_Group_free(&evens);

    /* Comm_group gives the members in order */
    MPI_Group hg;
    MPI_Comm_group(half, &hg);
    int zero = 0, w;
    MPI_Group_translate_ranks(hg, 1, &zero, world, &w);
    CHECK(w % 2 == me % 2, "half's rank 0 is world rank %d", w);
    MPI_Group_free(&hg);
    MPI_Group_free(&world);

    /* names */
    char name[MPI_MAX_OBJECT_NAME];
    int len;
    MPI_Comm_get_name(MPI_COMM_WORLD, name, &len);
    CHECK(strcmp(name, "MPI_COMM_WORLD") == 0 && len == 14, "world's name %s", name);
    MPI_Comm_get_name(dup, name, &len);
    CHECK(len == 0, "a new communicator has an empty name, got %s", name);
    MPI_Comm_set_name(dup, "my dup");
    MPI_Comm_get_name(dup, name, &len);
    CHECK(strcmp(name, "my dup") == 0, "set name: %s", name);

    /* context ids are recycled: many more communicators than slots over time */
    for (int i = 0; i < 1500; i++) {
        MPI_Comm t;
        MPI_Comm_dup(half, &t);
        if (i % 500 == 0)
            ring(t, 8, "recycled dup");
        MPI_Comm_free(&t);
    }
    /* nested dups of dups keep working */
    MPI_Comm a = dup, b;
    for (int i = 0; i < 5; i++) {
        MPI_Comm_dup(a, &b);
        if (a != dup)
            MPI_Comm_free(&a);
        a = b;
    }
    ring(a, 9, "dup of dups");
    MPI_Comm_free(&a);

    /* idup */
    MPI_Comm_idup(MPI_COMM_WORLD, &c, &req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    ring(c, 10, "idup");
    MPI_Comm_free(&c);

    /* errors */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Comm world_h = MPI_COMM_WORLD;
    CHECK_CLASS(MPI_Comm_free(&world_h), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Comm_split(MPI_COMM_WORLD, -5, 0, &c), MPI_ERR_ARG);
    MPI_Comm freed = half;
    MPI_Comm_free(&half);
    CHECK(half == MPI_COMM_NULL, "freed handle is COMM_NULL");
    CHECK_CLASS(MPI_Comm_size(freed, &s), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Send(&x, 1, MPI_INT, 0, 0, freed), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Comm_dup(MPI_COMM_NULL, &c), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Comm_split_type(MPI_COMM_WORLD, 99, 0, MPI_INFO_NULL, &c), MPI_ERR_ARG);

    MPI_Comm_free(&rev);
    MPI_Comm_free(&dup);
    CHECK(MPIR_Handle_live_count(WMPI_KIND_COMM) == 0, "%d communicators leaked",
          MPIR_Handle_live_count(WMPI_KIND_COMM));
    return mtest_finalize();
}
