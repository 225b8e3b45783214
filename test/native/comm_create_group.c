/* MPI_Comm_create_group by overlapping groups with the same tag, one after the
 * other: a creation's messages never match another's (MPI-4.0 7.4.2), so every
 * member of a new communicator agrees on its context id. */
#include "mtest.h"
#include <unistd.h>

static int ctx_of(MPI_Comm comm)
{
    return MPIR_Comm_get(comm)->context_id;
}

static MPI_Comm create_group(int a, int b)
{
    MPI_Group world, g;
    int ranks[2] = {a, b};
    MPI_Comm c = MPI_COMM_NULL;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_incl(world, 2, ranks, &g);
    int rc = MPI_Comm_create_group(MPI_COMM_WORLD, g, 9, &c);
    CHECK(rc == MPI_SUCCESS, "create_group {%d,%d}: %d", a, b, rc);
    MPI_Group_free(&g);
    MPI_Group_free(&world);
    return c;
}

/* Both members of the two-process comm c report the same context id. */
static void check_agreed(MPI_Comm c, int other, const char *what)
{
    int mine = ctx_of(c), theirs = -1;
    MPI_Sendrecv(&mine, 1, MPI_INT, other, 3, &theirs, 1, MPI_INT, other, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(mine == theirs, "%s: context id %d here, %d at world rank %d", what, mine, theirs, other);
    if (mine != theirs)
        return; /* a message on c would never arrive */
    int r, x = mtest_rank, y = -1;
    MPI_Comm_rank(c, &r);
    MPI_Sendrecv(&x, 1, MPI_INT, 1 - r, 0, &y, 1, MPI_INT, 1 - r, 0, c, MPI_STATUS_IGNORE);
    CHECK(y == other, "%s: got %d from the other member", what, y);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    if (mtest_size >= 3) {
        MPI_Comm mine = MPI_COMM_NULL, g1 = MPI_COMM_NULL, g2 = MPI_COMM_NULL;
        /* world rank 0 alone holds one more context id than ranks 1 and 2 */
        if (mtest_rank == 0)
            MPI_Comm_dup(MPI_COMM_SELF, &mine);
        if (mtest_rank == 0) {
            usleep(300 * 1000); /* rank 2's message of G2 reaches rank 1 first */
            g1 = create_group(1, 0);
        } else if (mtest_rank == 1) {
            g1 = create_group(1, 0);
            g2 = create_group(1, 2);
        } else if (mtest_rank == 2) {
            g2 = create_group(1, 2);
        }
        if (g1 != MPI_COMM_NULL)
            check_agreed(g1, mtest_rank == 0 ? 1 : 0, "G1 {1,0}");
        if (g2 != MPI_COMM_NULL)
            check_agreed(g2, mtest_rank == 1 ? 2 : 1, "G2 {1,2}");
        if (g1 != MPI_COMM_NULL)
            MPI_Comm_free(&g1);
        if (g2 != MPI_COMM_NULL)
            MPI_Comm_free(&g2);
        if (mine != MPI_COMM_NULL)
            MPI_Comm_free(&mine);
    }
    return mtest_finalize();
}
