/* Intercommunicators (MPI-4.0 7.6): created from two halves of world, point-to-
 * point across, remote group queries, merge (both orders), dup and split. */
#include "mtest.h"

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, me = mtest_rank;
    if (n < 2) {
        CHECK(0, "needs 2 ranks");
        return mtest_finalize();
    }
    /* group A: ranks < n/2 ... (the lower half), group B: the rest */
    int in_a = me < n / 2, na = n / 2, nb = n - na;
    MPI_Comm local, inter, merged, dup, split;
    MPI_Comm_split(MPI_COMM_WORLD, in_a, me, &local);
    /* leaders: local rank 0; remote leader in world: first rank of the other half */
    MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, in_a ? na : 0, 42, &inter);
    int flag, r, s, rs;
    MPI_Comm_test_inter(inter, &flag);
    MPI_Comm_rank(inter, &r);
    MPI_Comm_size(inter, &s);
    MPI_Comm_remote_size(inter, &rs);
    CHECK(flag, "test_inter");
    CHECK(s == (in_a ? na : nb) && rs == (in_a ? nb : na), "size %d remote %d", s, rs);
    CHECK(r == (in_a ? me : me - na), "rank %d", r);

    /* point-to-point: rank i of A <-> rank i % nb of B; ranks name the remote group */
    if (in_a) {
        int v = 1000 + r, back = -1;
        MPI_Send(&v, 1, MPI_INT, r % nb, 3, inter);
        MPI_Status st;
        MPI_Recv(&back, 1, MPI_INT, r % nb, 4, inter, &st);
        CHECK(back == 2000 + r % nb && st.MPI_SOURCE == r % nb, "A got %d from %d", back, st.MPI_SOURCE);
    } else {
        for (int a = r; a < na; a += nb) {
            int v = -1;
            MPI_Status st;
            MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 3, inter, &st);
            CHECK(v == 1000 + st.MPI_SOURCE && st.MPI_SOURCE % nb == r, "B got %d from %d", v, st.MPI_SOURCE);
            int w = 2000 + r;
            MPI_Send(&w, 1, MPI_INT, st.MPI_SOURCE, 4, inter);
        }
    }
    /* remote group: B's members are world ranks na.. */
    MPI_Group rg, world;
    MPI_Comm_remote_group(inter, &rg);
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int zero = 0, w;
    MPI_Group_translate_ranks(rg, 1, &zero, world, &w);
    CHECK(w == (in_a ? na : 0), "remote rank 0 is world %d", w);
    MPI_Group_free(&rg);
    MPI_Group_free(&world);

    /* merge: B high -> A first; A high -> B first */
    MPI_Intercomm_merge(inter, !in_a, &merged);
    MPI_Comm_rank(merged, &r);
    MPI_Comm_size(merged, &s);
    CHECK(s == n && r == me, "merge A-low: rank %d size %d", r, s);
    MPI_Comm_free(&merged);
    MPI_Intercomm_merge(inter, in_a, &merged);
    MPI_Comm_rank(merged, &r);
    CHECK(r == (in_a ? nb + me : me - na), "merge A-high: rank %d", r);
    int out = r, got = -1;
    MPI_Sendrecv(&out, 1, MPI_INT, (r + 1) % n, 0, &got, 1, MPI_INT, (r + n - 1) % n, 0, merged, MPI_STATUS_IGNORE);
    CHECK(got == (r + n - 1) % n, "ring on merged got %d", got);
    MPI_Comm_free(&merged);

    /* dup of an intercommunicator keeps both groups; its traffic is separate */
    MPI_Comm_dup(inter, &dup);
    MPI_Comm_test_inter(dup, &flag);
    MPI_Comm_remote_size(dup, &rs);
    CHECK(flag && rs == (in_a ? nb : na), "dup: inter %d remote %d", flag, rs);
    int cmp;
    MPI_Comm_compare(dup, inter, &cmp);
    CHECK(cmp == MPI_CONGRUENT, "dup vs inter %d", cmp);
    MPI_Comm_rank(dup, &r);
    if (r == 0) {
        int v = in_a ? 11 : 22, u = 0;
        MPI_Sendrecv(&v, 1, MPI_INT, 0, 9, &u, 1, MPI_INT, 0, 9, dup, MPI_STATUS_IGNORE);
        CHECK(u == (in_a ? 22 : 11), "leaders over dup got %d", u);
    }

    /* split of the intercommunicator: only local rank 0s keep color 0 */
    MPI_Comm_rank(inter, &r);
    MPI_Comm_split(inter, r == 0 ? 0 : MPI_UNDEFINED, 0, &split);
    CHECK((r == 0) == (split != MPI_COMM_NULL), "intercomm split: %x", (unsigned)split);
    if (split != MPI_COMM_NULL) {
        MPI_Comm_size(split, &s);
        MPI_Comm_remote_size(split, &rs);
        CHECK(s == 1 && rs == 1, "split: %d/%d", s, rs);
        int v = me, u = -1;
        MPI_Sendrecv(&v, 1, MPI_INT, 0, 1, &u, 1, MPI_INT, 0, 1, split, MPI_STATUS_IGNORE);
        CHECK(u == (in_a ? na : 0), "leaders over split got %d", u);
        MPI_Comm_free(&split);
    }

    /* Comm_create on the intercommunicator: A keeps its group reversed without its last
     * rank (if it has more than one), B all of its group; then B passes GROUP_EMPTY */
    {
        MPI_Group lg, sub;
        MPI_Comm_group(inter, &lg);
        int ls, lr;
        MPI_Comm_size(inter, &ls);
        MPI_Comm_rank(inter, &lr);
        int keep = in_a && ls > 1 ? ls - 1 : ls, ranks[16];
        for (int i = 0; i < keep; i++)
            ranks[i] = in_a ? keep - 1 - i : i;
        MPI_Group_incl(lg, keep, ranks, &sub);
        MPI_Comm created;
        MPI_Comm_create(inter, sub, &created);
        int member = lr < keep;
        CHECK(member == (created != MPI_COMM_NULL), "Comm_create on inter: %x", (unsigned)created);
        if (created != MPI_COMM_NULL) {
            int cr, cs, crs, ti;
            MPI_Comm_rank(created, &cr);
            MPI_Comm_size(created, &cs);
            MPI_Comm_remote_size(created, &crs);
            MPI_Comm_test_inter(created, &ti);
            int other_keep = !in_a && na > 1 ? na - 1 : in_a ? nb : na;
            CHECK(ti && cs == keep && crs == other_keep, "created: inter %d size %d remote %d", ti, cs, crs);
            CHECK(cr == (in_a ? keep - 1 - lr : lr), "created rank %d", cr);
            if (cr == 0) { /* the two rank 0s swap their world ranks */
                int mine = me, theirs = -1;
                MPI_Sendrecv(&mine, 1, MPI_INT, 0, 5, &theirs, 1, MPI_INT, 0, 5, created, MPI_STATUS_IGNORE);
                CHECK(theirs == (in_a ? na : (na > 1 ? na - 2 : 0)), "created: rank 0 of the other side is world %d", theirs);
            }
            MPI_Comm_free(&created);
        }
        MPI_Comm_create(inter, in_a ? sub : MPI_GROUP_EMPTY, &created);
        CHECK(created == MPI_COMM_NULL, "an empty remote subgroup gives COMM_NULL");
        MPI_Group_free(&sub);
        MPI_Group_free(&lg);
    }

    /* errors */
    MPI_Comm_set_errhandler(inter, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(local, MPI_ERRORS_RETURN);
    int v = 0;
    CHECK_CLASS(MPI_Send(&v, 1, MPI_INT, in_a ? nb : na, 0, inter), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Intercomm_merge(local, 0, &merged), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Comm_remote_size(MPI_COMM_WORLD, &rs), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Intercomm_create(local, s + 5, MPI_COMM_WORLD, 0, 1, &merged), MPI_ERR_RANK);

    MPI_Comm_free(&dup);
    MPI_Comm_free(&inter);
    MPI_Comm_free(&local);
    CHECK(MPIR_Handle_live_count(WMPI_KIND_COMM) == 0, "%d communicators leaked",
          MPIR_Handle_live_count(WMPI_KIND_COMM));
    return mtest_finalize();
}
