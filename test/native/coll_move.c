/* The data-movement collectives (MPI-4.0 6.3-6.8), blocking and nonblocking:
 * Barrier, Bcast, Gather(v), Scatter(v), Allgather(v), Alltoall(v,w) on
 * COMM_WORLD, COMM_SELF, a duplicate and split halves, every root, counts
 * from 0 to past the eager limit and the long-message thresholds, with and
 * without MPI_IN_PLACE, against the values a sequential reference gives. The
 * testlist reruns it with thresholds that force each algorithm. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

static int val(int rank, int i, int salt) { return rank * 100003 + i * 7 + salt; }

/* Waits for the nonblocking form's request, or does nothing for the blocking one. */
static int nb;
static void finish(int rc, MPI_Request *req, const char *what)
{
    CHECK(rc == MPI_SUCCESS, "%s returned %d", what, rc);
    if (nb && rc == MPI_SUCCESS) {
        rc = MPI_Wait(req, MPI_STATUS_IGNORE);
        CHECK(rc == MPI_SUCCESS && *req == MPI_REQUEST_NULL, "%s: wait returned %d", what, rc);
    }
}
#define RUN(what, blocking, nonblocking)             \
    do {                                             \
        MPI_Request req_ = MPI_REQUEST_NULL;         \
        int rc_ = nb ? (nonblocking) : (blocking);   \
        finish(rc_, &req_, what);                    \
    } while (0)
#define REQ (&req_)

static void test_barrier(MPI_Comm comm)
{
    for (int k = 0; k < 3; k++)
        RUN("barrier", MPI_Barrier(comm), MPI_Ibarrier(comm, REQ));
}

static void test_bcast(MPI_Comm comm, int rank, int size, int count)
{
    int *buf = malloc(sizeof(int) * (size_t)(count + 1));
    for (int root = 0; root < size; root++) {
        for (int i = 0; i < count; i++)
            buf[i] = rank == root ? val(root, i, 1) : -1;
        RUN("bcast", MPI_Bcast(buf, count, MPI_INT, root, comm), MPI_Ibcast(buf, count, MPI_INT, root, comm, REQ));
        for (int i = 0; i < count; i++)
            if (buf[i] != val(root, i, 1)) {
                CHECK(0, "bcast count %d root %d: [%d] = %d", count, root, i, buf[i]);
                break;
            }
    }
    free(buf);
}

static void test_gather(MPI_Comm comm, int rank, int size, int count)
{
    int *sbuf = malloc(sizeof(int) * (size_t)(count + 1)), *rbuf = malloc(sizeof(int) * (size_t)(count * size + 1));
    int *counts = malloc(sizeof(int) * (size_t)size), *displs = malloc(sizeof(int) * (size_t)size);
    for (int root = 0; root < size; root++) {
        for (int in_place = 0; in_place < 2; in_place++) {
            for (int i = 0; i < count; i++)
                sbuf[i] = val(rank, i, 2);
            for (int i = 0; i < count * size; i++)
                rbuf[i] = -1;
            const void *s = sbuf;
            if (in_place && rank == root) {
                memcpy(rbuf + root * count, sbuf, sizeof(int) * (size_t)count);
                s = MPI_IN_PLACE;
            }
            RUN("gather", MPI_Gather(s, count, MPI_INT, rbuf, count, MPI_INT, root, comm),
                MPI_Igather(s, count, MPI_INT, rbuf, count, MPI_INT, root, comm, REQ));
            if (rank == root)
                for (int i = 0; i < count * size; i++)
                    if (rbuf[i] != val(i / count, i % count, 2)) {
                        CHECK(0, "gather count %d root %d in_place %d: [%d] = %d", count, root, in_place, i, rbuf[i]);
                        break;
                    }
            /* gatherv: rank r sends count - r % 3 (at least 0) elements, blocks in reverse order with gaps */
            int total = 0;
            for (int r = size - 1; r >= 0; r--) {
                counts[r] = count > 2 ? count - r % 3 : count;
                displs[r] = total;
                total += counts[r] + 1;
            }
            int *vbuf = malloc(sizeof(int) * (size_t)(total + 1));
            for (int i = 0; i < total; i++)
                vbuf[i] = -1;
            s = sbuf;
            if (in_place && rank == root) {
                memcpy(vbuf + displs[root], sbuf, sizeof(int) * (size_t)counts[root]);
                s = MPI_IN_PLACE;
            }
            RUN("gatherv", MPI_Gatherv(s, counts[rank], MPI_INT, vbuf, counts, displs, MPI_INT, root, comm),
                MPI_Igatherv(s, counts[rank], MPI_INT, vbuf, counts, displs, MPI_INT, root, comm, REQ));
            if (rank == root)
                for (int r = 0; r < size; r++) {
                    for (int i = 0; i < counts[r]; i++)
                        if (vbuf[displs[r] + i] != val(r, i, 2)) {
                            CHECK(0, "gatherv count %d root %d: from %d [%d] = %d", count, root, r, i,
                                  vbuf[displs[r] + i]);
                            break;
                        }
                    CHECK(vbuf[displs[r] + counts[r]] == -1, "gatherv wrote into a gap");
                }
            free(vbuf);
        }
    }
    free(sbuf);
    free(rbuf);
    free(counts);
    free(displs);
}

static void test_scatter(MPI_Comm comm, int rank, int size, int count)
{
    int *sbuf = malloc(sizeof(int) * (size_t)(count * size + 1)), *rbuf = malloc(sizeof(int) * (size_t)(count + 1));
    int *counts = malloc(sizeof(int) * (size_t)size), *displs = malloc(sizeof(int) * (size_t)size);
    for (int root = 0; root < size; root++) {
        for (int in_place = 0; in_place < 2; in_place++) {
            for (int i = 0; i < count * size; i++)
                sbuf[i] = rank == root ? val(i / count, i % count, 3) : -2;
            for (int i = 0; i < count; i++)
                rbuf[i] = -1;
            void *r = in_place && rank == root ? MPI_IN_PLACE : rbuf;
            RUN("scatter", MPI_Scatter(sbuf, count, MPI_INT, r, count, MPI_INT, root, comm),
                MPI_Iscatter(sbuf, count, MPI_INT, r, count, MPI_INT, root, comm, REQ));
            if (r != MPI_IN_PLACE)
                for (int i = 0; i < count; i++)
                    if (rbuf[i] != val(rank, i, 3)) {
                        CHECK(0, "scatter count %d root %d: [%d] = %d", count, root, i, rbuf[i]);
                        break;
                    }
            /* scatterv: blocks of count - r % 3, in reverse order with gaps */
            int total = 0;
            for (int q = size - 1; q >= 0; q--) {
                counts[q] = count > 2 ? count - q % 3 : count;
                displs[q] = total;
                total += counts[q] + 1;
            }
            int *vbuf = malloc(sizeof(int) * (size_t)(total + 1));
            for (int q = 0; q < size; q++)
                for (int i = 0; i < counts[q]; i++)
                    vbuf[displs[q] + i] = val(q, i, 4);
            for (int i = 0; i < count; i++)
                rbuf[i] = -1;
            RUN("scatterv", MPI_Scatterv(vbuf, counts, displs, MPI_INT, r, counts[rank], MPI_INT, root, comm),
                MPI_Iscatterv(vbuf, counts, displs, MPI_INT, r, counts[rank], MPI_INT, root, comm, REQ));
            if (r != MPI_IN_PLACE)
                for (int i = 0; i < counts[rank]; i++)
                    if (rbuf[i] != val(rank, i, 4)) {
                        CHECK(0, "scatterv count %d root %d: [%d] = %d", count, root, i, rbuf[i]);
                        break;
                    }
            free(vbuf);
        }
    }
    free(sbuf);
    free(rbuf);
    free(counts);
    free(displs);
}

static void test_allgather(MPI_Comm comm, int rank, int size, int count)
{
    int *sbuf = malloc(sizeof(int) * (size_t)(count + 1)), *rbuf = malloc(sizeof(int) * (size_t)(count * size + 1));
    int *counts = malloc(sizeof(int) * (size_t)size), *displs = malloc(sizeof(int) * (size_t)size);
    for (int in_place = 0; in_place < 2; in_place++) {
        for (int i = 0; i < count; i++)
            sbuf[i] = val(rank, i, 5);
        for (int i = 0; i < count * size; i++)
            rbuf[i] = -1;
        const void *s = sbuf;
        if (in_place) {
            memcpy(rbuf + rank * count, sbuf, sizeof(int) * (size_t)count);
            s = MPI_IN_PLACE;
        }
        RUN("allgather", MPI_Allgather(s, count, MPI_INT, rbuf, count, MPI_INT, comm),
            MPI_Iallgather(s, count, MPI_INT, rbuf, count, MPI_INT, comm, REQ));
        for (int i = 0; i < count * size; i++)
            if (rbuf[i] != val(i / count, i % count, 5)) {
                CHECK(0, "allgather count %d in_place %d: [%d] = %d", count, in_place, i, rbuf[i]);
                break;
            }
        int total = 0;
        for (int r = size - 1; r >= 0; r--) {
            counts[r] = count > 2 ? count - r % 3 : count;
            displs[r] = total;
            total += counts[r] + 1;
        }
        int *vbuf = malloc(sizeof(int) * (size_t)(total + 1));
        for (int i = 0; i < total; i++)
            vbuf[i] = -1;
        s = sbuf;
        if (in_place) {
            memcpy(vbuf + displs[rank], sbuf, sizeof(int) * (size_t)counts[rank]);
            s = MPI_IN_PLACE;
        }
        RUN("allgatherv", MPI_Allgatherv(s, counts[rank], MPI_INT, vbuf, counts, displs, MPI_INT, comm),
            MPI_Iallgatherv(s, counts[rank], MPI_INT, vbuf, counts, displs, MPI_INT, comm, REQ));
        for (int r = 0; r < size; r++) {
            for (int i = 0; i < counts[r]; i++)
                if (vbuf[displs[r] + i] != val(r, i, 5)) {
                    CHECK(0, "allgatherv count %d: from %d [%d] = %d", count, r, i, vbuf[displs[r] + i]);
                    break;
                }
            CHECK(vbuf[displs[r] + counts[r]] == -1, "allgatherv wrote into a gap");
        }
        free(vbuf);
    }
    free(sbuf);
    free(rbuf);
    free(counts);
    free(displs);
}

/* element i of the block from rank `from` to rank `to` */
static int a2a(int from, int to, int i) { return from * 1000003 + to * 1009 + i; }

static void test_alltoall(MPI_Comm comm, int rank, int size, int count)
{
    size_t n = (size_t)count * (size_t)size;
    int *sbuf = malloc(sizeof(int) * (n + 1)), *rbuf = malloc(sizeof(int) * (n + 1));
    for (int in_place = 0; in_place < 2; in_place++) {
        for (int to = 0; to < size; to++)
            for (int i = 0; i < count; i++)
                (in_place ? rbuf : sbuf)[to * count + i] = a2a(rank, to, i);
        if (!in_place)
            for (size_t i = 0; i < n; i++)
                rbuf[i] = -1;
        const void *s = in_place ? MPI_IN_PLACE : sbuf;
        RUN("alltoall", MPI_Alltoall(s, count, MPI_INT, rbuf, count, MPI_INT, comm),
            MPI_Ialltoall(s, count, MPI_INT, rbuf, count, MPI_INT, comm, REQ));
        for (int from = 0; from < size; from++)
            for (int i = 0; i < count; i++)
                if (rbuf[from * count + i] != a2a(from, rank, i)) {
                    CHECK(0, "alltoall count %d in_place %d: from %d [%d] = %d", count, in_place, from, i,
                          rbuf[from * count + i]);
                    from = size;
                    break;
                }
    }
    /* alltoallv: the block from r to q has (r + 2 q) % 4 + count / 2 elements; displacements with gaps, reversed */
    int *sc = malloc(sizeof(int) * (size_t)size), *sd = malloc(sizeof(int) * (size_t)size);
    int *rc = malloc(sizeof(int) * (size_t)size), *rd = malloc(sizeof(int) * (size_t)size);
    int stotal = 0, rtotal = 0;
    for (int q = size - 1; q >= 0; q--) {
        sc[q] = (rank + 2 * q) % 4 + count / 2;
        rc[q] = (q + 2 * rank) % 4 + count / 2;
        sd[q] = stotal;
        rd[q] = rtotal;
        stotal += sc[q] + 2;
        rtotal += rc[q] + 2;
    }
    int *vs = malloc(sizeof(int) * (size_t)stotal), *vr = malloc(sizeof(int) * (size_t)rtotal);
    for (int in_place = 0; in_place < 2; in_place++) {
        if (in_place) { /* in place: the same counts both ways */
            for (int q = 0; q < size; q++)
                rc[q] = sc[q] = count / 2 + 1;
        }
        for (int q = 0; q < size; q++)
            for (int i = 0; i < sc[q]; i++)
                (in_place ? vr + rd[q] : vs + sd[q])[i] = a2a(rank, q, i);
        if (!in_place)
            for (int i = 0; i < rtotal; i++)
                vr[i] = -1;
        const void *s = in_place ? MPI_IN_PLACE : vs;
        RUN("alltoallv", MPI_Alltoallv(s, sc, sd, MPI_INT, vr, rc, rd, MPI_INT, comm),
            MPI_Ialltoallv(s, sc, sd, MPI_INT, vr, rc, rd, MPI_INT, comm, REQ));
        for (int q = 0; q < size; q++)
            for (int i = 0; i < rc[q]; i++)
                if (vr[rd[q] + i] != a2a(q, rank, i)) {
                    CHECK(0, "alltoallv count %d in_place %d: from %d [%d] = %d", count, in_place, q, i,
                          vr[rd[q] + i]);
                    q = size;
                    break;
                }
    }
    /* alltoallw: ints to even ranks, the same bytes as MPI_BYTE to odd ones; byte displacements */
    int *sdb = malloc(sizeof(int) * (size_t)size), *rdb = malloc(sizeof(int) * (size_t)size);
    MPI_Datatype *st = malloc(sizeof *st * (size_t)size), *rt = malloc(sizeof *rt * (size_t)size);
    int *scw = malloc(sizeof(int) * (size_t)size), *rcw = malloc(sizeof(int) * (size_t)size);
    for (int q = 0; q < size; q++) {
        scw[q] = count / 2 + 1;
        rcw[q] = count / 2 + 1;
        sdb[q] = sd[q] * 4;
        rdb[q] = rd[q] * 4;
        st[q] = q % 2 ? MPI_BYTE : MPI_INT;
        rt[q] = rank % 2 ? MPI_BYTE : MPI_INT;
        if (q % 2)
            scw[q] *= 4;
        if (rank % 2)
            rcw[q] *= 4;
        for (int i = 0; i < count / 2 + 1; i++)
            vs[sd[q] + i] = a2a(rank, q, i) ^ 0x5555;
    }
    for (int i = 0; i < rtotal; i++)
        vr[i] = -1;
    RUN("alltoallw", MPI_Alltoallw(vs, scw, sdb, st, vr, rcw, rdb, rt, comm),
        MPI_Ialltoallw(vs, scw, sdb, st, vr, rcw, rdb, rt, comm, REQ));
    for (int q = 0; q < size; q++)
        for (int i = 0; i < count / 2 + 1; i++)
            if (vr[rd[q] + i] != (a2a(q, rank, i) ^ 0x5555)) {
                CHECK(0, "alltoallw count %d: from %d [%d] = %d", count, q, i, vr[rd[q] + i]);
                q = size;
                break;
            }
    /* alltoallw in place: the pair (r, q) exchanges bytes if r + q is odd, ints if even */
    for (int q = 0; q < size; q++) {
        rt[q] = (rank + q) % 2 ? MPI_BYTE : MPI_INT;
        rcw[q] = (count / 2 + 1) * ((rank + q) % 2 ? 4 : 1);
        for (int i = 0; i < count / 2 + 1; i++)
            vr[rd[q] + i] = a2a(rank, q, i) ^ 0x3333;
    }
    RUN("alltoallw in place", MPI_Alltoallw(MPI_IN_PLACE, NULL, NULL, NULL, vr, rcw, rdb, rt, comm),
        MPI_Ialltoallw(MPI_IN_PLACE, NULL, NULL, NULL, vr, rcw, rdb, rt, comm, REQ));
    for (int q = 0; q < size; q++)
        for (int i = 0; i < count / 2 + 1; i++)
            if (vr[rd[q] + i] != (a2a(q, rank, i) ^ 0x3333)) {
                CHECK(0, "alltoallw in place count %d: from %d [%d] = %d", count, q, i, vr[rd[q] + i]);
                q = size;
                break;
            }
    free(sdb), free(rdb), free(st), free(rt), free(scw), free(rcw);
    free(sc), free(sd), free(rc), free(rd), free(vs), free(vr);
    free(sbuf);
    free(rbuf);
}

static void run_all(MPI_Comm comm)
{
    static const int counts[] = {0, 1, 3, 7, 300, 3500};
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    for (nb = 0; nb < 2; nb++) {
        test_barrier(comm);
        for (unsigned k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            int count = counts[k];
            test_bcast(comm, rank, size, count);
            test_gather(comm, rank, size, count);
            test_scatter(comm, rank, size, count);
            test_allgather(comm, rank, size, count);
            test_alltoall(comm, rank, size, count);
        }
    }
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    run_all(MPI_COMM_WORLD);
    run_all(MPI_COMM_SELF);
    MPI_Comm dup, half;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    run_all(dup);
    MPI_Comm_split(MPI_COMM_WORLD, mtest_rank % 2, mtest_size - mtest_rank, &half);
    run_all(half);
    MPI_Comm_free(&dup);
    MPI_Comm_free(&half);
    return mtest_finalize();
}
