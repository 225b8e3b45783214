/* Groups: MPI_Group_incl, MPI_Group_excl, MPI_Group_translate_ranks, MPI_Group_union,
 * MPI_Group_intersection, MPI_Group_difference, MPI_Group_compare and MPI_Group_rank. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, res, n, r;
    MPI_Group world, rev, firsthalf, rest, un, in, diff;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int *ranks = malloc(size * sizeof(int)), *out = malloc(size * sizeof(int));
    for (int i = 0; i < size; i++) ranks[i] = size - 1 - i;
    MPI_Group_incl(world, size, ranks, &rev);
    MPI_Group_rank(rev, &r);
    CHECK(r == size - 1 - rank, "rank in reversed group %d", r);
    MPI_Group_compare(world, rev, &res);
    CHECK(res == (size == 1 ? MPI_IDENT : MPI_SIMILAR), "world vs reversed %d", res);
    for (int i = 0; i < size; i++) ranks[i] = i;
    MPI_Group_translate_ranks(rev, size, ranks, world, out);
    for (int i = 0; i < size; i++) CHECK(out[i] == size - 1 - i, "translate %d -> %d", i, out[i]);

    int h = size / 2;
    MPI_Group_incl(world, h, ranks, &firsthalf);
    MPI_Group_excl(world, h, ranks, &rest);
    MPI_Group_size(rest, &n);
    CHECK(n == size - h, "excl size %d", n);
    MPI_Group_rank(rest, &r);
    CHECK(r == (rank < h ? MPI_UNDEFINED : rank - h), "rank in excl group %d", r);
    int probe = 0;
    MPI_Group_translate_ranks(world, 1, &probe, rest, out);
    CHECK(out[0] == (h > 0 ? MPI_UNDEFINED : 0), "translating an excluded rank gave %d", out[0]);

    MPI_Group_union(rest, firsthalf, &un); /* rest's members first, then firsthalf's */
    MPI_Group_size(un, &n);
    MPI_Group_rank(un, &r);
    CHECK(n == size, "union size %d", n);
    CHECK(r == (rank < h ? size - h + rank : rank - h), "rank in union %d", r);
    MPI_Group_compare(un, world, &res);
    CHECK(res == (h == 0 ? MPI_IDENT : MPI_SIMILAR), "union vs world %d", res);
    MPI_Group_intersection(rest, firsthalf, &in);
    CHECK(in == MPI_GROUP_EMPTY || (MPI_Group_size(in, &n), n == 0), "intersection not empty");
    MPI_Group_difference(world, firsthalf, &diff);
    MPI_Group_compare(diff, rest, &res);
    CHECK(res == MPI_IDENT, "world minus first half vs rest %d", res);

    MPI_Group gs[] = {rev, firsthalf, rest, un, in, diff, world};
    for (int i = 0; i < 7; i++)
        if (gs[i] != MPI_GROUP_EMPTY) MPI_Group_free(&gs[i]);
    free(ranks), free(out);
    return ctest_finish();
}
