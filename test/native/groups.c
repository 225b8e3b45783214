/* Groups (MPI-4.0 7.3): set operations, incl/excl and ranges, translation and
 * comparison, checked against the definitions on world's group. */
#include "mtest.h"

static void check_members(MPI_Group g, int n, const int *want, const char *what)
{
    MPI_Group world;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int size, ranks[16], out[16];
    MPI_Group_size(g, &size);
    CHECK(size == n, "%s: size %d, want %d", what, size, n);
    for (int i = 0; i < size && i < 16; i++)
        ranks[i] = i;
    MPI_Group_translate_ranks(g, size < 16 ? size : 16, ranks, world, out);
    for (int i = 0; i < size && i < n; i++)
        CHECK(out[i] == want[i], "%s: member %d is world rank %d, want %d", what, i, out[i], want[i]);
    int r;
    MPI_Group_rank(g, &r);
    int expect = MPI_UNDEFINED;
    for (int i = 0; i < n; i++)
        if (want[i] == mtest_rank)
            expect = i;
    CHECK(r == expect, "%s: rank %d, want %d", what, r, expect);
    MPI_Group_free(&world);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size;
    MPI_Group world, evens, odds, first2, u, in, diff, g;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int all[16], ev[16], od[16], ne = 0, no = 0;
    for (int i = 0; i < n; i++) {
        all[i] = i;
        if (i % 2 == 0)
            ev[ne++] = i;
        else
            od[no++] = i;
    }
    check_members(world, n, all, "world");
    MPI_Group_incl(world, ne, ev, &evens);
    check_members(evens, ne, ev, "incl evens");
    MPI_Group_excl(world, ne, ev, &odds);
    check_members(odds, no, od, "excl evens");
    int ranges[1][3] = {{0, n - 1, 2}};
    MPI_Group_range_incl(world, 1, ranges, &g);
    check_members(g, ne, ev, "range_incl 0..n-1 step 2");
    MPI_Group_free(&g);
    MPI_Group_range_excl(world, 1, ranges, &g);
    check_members(g, no, od, "range_excl 0..n-1 step 2");
    MPI_Group_free(&g);
    int down[1][3] = {{n - 1, 0, -1}}, rev[16];
    for (int i = 0; i < n; i++)
        rev[i] = n - 1 - i;
    MPI_Group_range_incl(world, 1, down, &g);
    check_members(g, n, rev, "range_incl reversed");
    int cmp;
    MPI_Group_compare(g, world, &cmp);
    CHECK(cmp == (n > 1 ? MPI_SIMILAR : MPI_IDENT), "reversed vs world: %d", cmp);
    MPI_Group_compare(world, world, &cmp);
    CHECK(cmp == MPI_IDENT, "world vs world: %d", cmp);
    MPI_Group_free(&g);

    int f2[2] = {0, n > 1 ? 1 : 0};
    int nf = n > 1 ? 2 : 1;
    MPI_Group_incl(world, nf, f2, &first2);
    MPI_Group_union(odds, first2, &u); /* odds, then 0 (1 is already there) */
    int want_u[16], k = 0;
    for (int i = 0; i < no; i++)
        want_u[k++] = od[i];
    want_u[k++] = 0;
    check_members(u, k, want_u, "union odds+{0,1}");
    MPI_Group_intersection(evens, first2, &in);
    int want_in[1] = {0};
    check_members(in, 1, want_in, "intersection evens*{0,1}");
    MPI_Group_difference(world, evens, &diff);
    check_members(diff, no, od, "difference world-evens");
    MPI_Group_compare(diff, odds, &cmp);
    CHECK(cmp == MPI_IDENT, "difference vs odds: %d", cmp);
    MPI_Group_intersection(evens, odds, &g);
    CHECK(g == MPI_GROUP_EMPTY, "empty intersection is MPI_GROUP_EMPTY");
    int sz;
    MPI_Group_size(MPI_GROUP_EMPTY, &sz);
    CHECK(sz == 0, "GROUP_EMPTY size %d", sz);
    MPI_Group_free(&g);

    /* translate: PROC_NULL stays, non-members are MPI_UNDEFINED */
    int src[2] = {MPI_PROC_NULL, 0}, dst[2];
    MPI_Group_translate_ranks(world, 2, src, odds, dst);
    CHECK(dst[0] == MPI_PROC_NULL && dst[1] == MPI_UNDEFINED, "translate: %d %d", dst[0], dst[1]);

    /* errors */
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int bad[2] = {0, 0};
    CHECK_CLASS(MPI_Group_incl(world, 2, bad, &g), n >= 2 ? MPI_ERR_RANK : MPI_ERR_ARG); /* a duplicate */
    bad[0] = n;
    CHECK_CLASS(MPI_Group_incl(world, 1, bad, &g), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Group_size(MPI_GROUP_NULL, &sz), MPI_ERR_GROUP);
    int r0[1][3] = {{0, 0, 0}};
    CHECK_CLASS(MPI_Group_range_incl(world, 1, r0, &g), MPI_ERR_ARG);
    MPI_Group freed = evens;
    MPI_Group_free(&evens);
    CHECK(evens == MPI_GROUP_NULL, "freed handle is GROUP_NULL");
    CHECK_CLASS(MPI_Group_size(freed, &sz), MPI_ERR_GROUP);

    MPI_Group_free(&odds);
    MPI_Group_free(&first2);
    MPI_Group_free(&u);
    MPI_Group_free(&in);
    MPI_Group_free(&diff);
    MPI_Group_free(&world);
    CHECK(MPIR_Handle_live_count(WMPI_KIND_GROUP) == 0, "%d groups leaked", MPIR_Handle_live_count(WMPI_KIND_GROUP));
    return mtest_finalize();
}
