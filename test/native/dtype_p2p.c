/* Point-to-point with derived datatypes around a ring, eager and rendezvous
 * (the tests' eager limit is 1 KiB): vector, indexed, struct, subarray and
 * darray types on both sides or on one (a vector received as contiguous
 * doubles), through Send/Recv, Isend/Irecv, Sendrecv_replace, Isendrecv,
 * Mprobe/Mrecv, Bsend and persistent requests, small, large and large enough
 * to be packed in chunks while the receiver copies; Get_count and Get_elements
 * with derived types; a type freed while its receive is pending. */
#include "mtest.h"
#include "datatype.h" /* white box: MPIR_Dtype_live_count */
#include <stdlib.h>
#include <string.h>

#define SENTINEL (-1.0)

static int right, left;

static void fill(double *a, int n, int seed)
{
    for (int i = 0; i < n; i++)
        a[i] = seed * 100000 + i;
}

/* A vector of n doubles with stride 3: element k of the message is a[3k]. */
static MPI_Datatype stride3(int n)
{
    MPI_Datatype t;
    MPI_Type_vector(n, 1, 3, MPI_DOUBLE, &t);
    MPI_Type_commit(&t);
    return t;
}

static void vector_both_sides(int n, int tag)
{
    MPI_Datatype t = stride3(n);
    double *out = malloc(sizeof(double) * 3 * n), *in = malloc(sizeof(double) * 3 * n);
    fill(out, 3 * n, mtest_rank);
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    MPI_Status st;
    MPI_Sendrecv(out, 1, t, right, tag, in, 1, t, left, tag, MPI_COMM_WORLD, &st);
    int bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += in[i] != (i % 3 ? SENTINEL : left * 100000 + i);
    CHECK(bad == 0, "vector of %d both sides: %d wrong doubles", n, bad);
    int count, elems;
    MPI_Get_count(&st, t, &count);
    MPI_Get_elements(&st, t, &elems);
    CHECK(count == 1 && elems == n, "vector of %d: count %d elements %d", n, count, elems);

    /* a vector received as contiguous doubles, and contiguous doubles received as a vector */
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    MPI_Sendrecv(out, 1, t, right, tag, in, n, MPI_DOUBLE, left, tag, MPI_COMM_WORLD, &st);
    bad = 0;
    for (int k = 0; k < n; k++)
        bad += in[k] != left * 100000 + 3 * k;
    CHECK(bad == 0, "vector of %d received contiguous: %d wrong", n, bad);
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    MPI_Request r[2];
    MPI_Irecv(in, 1, t, left, tag, MPI_COMM_WORLD, &r[0]);
    MPI_Isend(out, n, MPI_DOUBLE, right, tag, MPI_COMM_WORLD, &r[1]);
    MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
    bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += in[i] != (i % 3 ? SENTINEL : left * 100000 + i / 3);
    CHECK(bad == 0, "contiguous received as vector of %d: %d wrong", n, bad);
    MPI_Type_free(&t);
    free(out);
    free(in);
}

/* struct {int id; double v[2];} x n, sent as a struct type, received as one */
typedef struct {
    int id;
    double v[2];
} rec;

static void structs(int n, int tag)
{
    int bls[] = {1, 2};
    MPI_Aint disps[] = {offsetof(rec, id), offsetof(rec, v)};
    MPI_Datatype tps[] = {MPI_INT, MPI_DOUBLE}, t, rt;
    MPI_Type_create_struct(2, bls, disps, tps, &t);
    MPI_Type_create_resized(t, 0, sizeof(rec), &rt); /* the extent of C's struct whatever the platform's alignment */
    MPI_Type_free(&t);
    MPI_Type_commit(&rt);
    rec *out = malloc(sizeof(rec) * n), *in = malloc(sizeof(rec) * n);
    memset(out, 0x11, sizeof(rec) * n);
    for (int i = 0; i < n; i++)
        out[i] = (rec){mtest_rank * 1000 + i, {i * 0.5, -i}};
    memset(in, 0, sizeof(rec) * n);
    MPI_Status st;
    MPI_Sendrecv(out, n, rt, right, tag, in, n, rt, left, tag, MPI_COMM_WORLD, &st);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += in[i].id != left * 1000 + i || in[i].v[0] != i * 0.5 || in[i].v[1] != -i;
    CHECK(bad == 0, "struct x %d: %d wrong", n, bad);
    int count, elems;
    MPI_Get_count(&st, rt, &count);
    MPI_Get_elements(&st, rt, &elems);
    CHECK(count == n && elems == 3 * n, "struct x %d: count %d elements %d", n, count, elems);
    MPI_Type_free(&rt);
    free(out);
    free(in);
}

/* an indexed type to a subarray: both select rows x cols of ints */
static void indexed_to_subarray(int rows, int tag)
{
    int cols = 20, sizes[] = {rows + 2, cols}, subsizes[] = {rows, 10}, starts[] = {1, 5};
    MPI_Datatype sub, idx;
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_INT, &sub);
    MPI_Type_commit(&sub);
    int *bls = malloc(sizeof(int) * rows), *disps = malloc(sizeof(int) * rows);
    for (int i = 0; i < rows; i++) {
        bls[i] = 10;
        disps[i] = i * 11; /* rows of 10 with a gap of 1 */
    }
    MPI_Type_indexed(rows, bls, disps, MPI_INT, &idx);
    MPI_Type_commit(&idx);
    int n = (rows + 2) * cols;
    int *out = malloc(sizeof(int) * n), *in = malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) {
        out[i] = mtest_rank * 100000 + i;
        in[i] = -1;
    }
    MPI_Sendrecv(out, 1, idx, right, tag, in, 1, sub, left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    int bad = 0;
    for (int r = 0; r < rows + 2; r++)
        for (int c = 0; c < cols; c++) {
            int inside = r >= 1 && r <= rows && c >= 5 && c < 15;
            int want = inside ? left * 100000 + (r - 1) * 11 + (c - 5) : -1;
            bad += in[r * cols + c] != want;
        }
    CHECK(bad == 0, "indexed to subarray of %d rows: %d wrong", rows, bad);
    MPI_Type_free(&sub);
    MPI_Type_free(&idx);
    free(bls);
    free(disps);
    free(out);
    free(in);
}

/* Every rank sends its darray piece of a global array to rank 0, which
 * receives each piece with the sender's darray type: the result is the array. */
static void darray_gather(int tag)
{
    int gsizes[] = {7, 9}, distribs[] = {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_BLOCK};
    int dargs[] = {2, MPI_DISTRIBUTE_DFLT_DARG}, psizes[] = {mtest_size, 1};
    int n = 7 * 9;
    double global[63], result[63];
    for (int i = 0; i < n; i++) {
        global[i] = i + 0.25;
        result[i] = SENTINEL;
    }
    MPI_Datatype mine;
    MPI_Type_create_darray(mtest_size, mtest_rank, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_DOUBLE, &mine);
    MPI_Type_commit(&mine);
    MPI_Request sreq;
    MPI_Isend(global, 1, mine, 0, tag, MPI_COMM_WORLD, &sreq);
    if (mtest_rank == 0) {
        for (int r = 0; r < mtest_size; r++) {
            MPI_Datatype theirs;
            MPI_Type_create_darray(mtest_size, r, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_DOUBLE, &theirs);
            MPI_Type_commit(&theirs);
            MPI_Recv(result, 1, theirs, r, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Type_free(&theirs);
        }
        int bad = 0;
        for (int i = 0; i < n; i++)
            bad += result[i] != global[i];
        CHECK(bad == 0, "darray pieces of %d ranks: %d cells wrong", mtest_size, bad);
    }
    MPI_Wait(&sreq, MPI_STATUS_IGNORE);
    MPI_Type_free(&mine);
}

/* Sendrecv_replace, Isendrecv, Mprobe/Mrecv, Bsend and persistent requests with a vector. */
static void other_paths(int n, int tag)
{
    MPI_Datatype t = stride3(n);
    size_t len = sizeof(double) * 3 * n;
    double *buf = malloc(len), *in = malloc(len), *out = malloc(len);
    fill(buf, 3 * n, mtest_rank);
    MPI_Sendrecv_replace(buf, 1, t, right, tag, left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    int bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += buf[i] != (i % 3 ? mtest_rank : left) * 100000 + i;
    CHECK(bad == 0, "Sendrecv_replace vector of %d: %d wrong", n, bad);

    fill(out, 3 * n, mtest_rank + 7);
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    MPI_Request r;
    MPI_Isendrecv(out, 1, t, right, tag, in, 1, t, left, tag, MPI_COMM_WORLD, &r);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += in[i] != (i % 3 ? SENTINEL : (left + 7) * 100000 + i);
    CHECK(bad == 0, "Isendrecv vector of %d: %d wrong", n, bad);

    /* two vectors probed: Get_count with the vector type, then a matched receive */
    MPI_Datatype t2 = stride3(n / 2);
    MPI_Isend(out, 2, t2, right, tag + 1, MPI_COMM_WORLD, &r);
    MPI_Message msg;
    MPI_Status st;
    MPI_Mprobe(left, tag + 1, MPI_COMM_WORLD, &msg, &st);
    int count, elems;
    MPI_Get_count(&st, t2, &count);
    MPI_Get_elements(&st, t2, &elems);
    CHECK(count == 2 && elems == 2 * (n / 2), "probed 2 vectors of %d: count %d elements %d", n / 2, count, elems);
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    MPI_Mrecv(in, 2, t2, &msg, &st);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    bad = 0;
    for (int k = 0; k < 2 * (n / 2); k++) {
        int h = n / 2, src = (k / h) * (3 * h - 2) + (k % h) * 3; /* t2's extent is 3h - 2 doubles */
        bad += in[src] != (left + 7) * 100000 + src;
    }
    CHECK(bad == 0, "Mrecv of 2 vectors of %d: %d wrong", n / 2, bad);
    MPI_Type_free(&t2);

    /* buffered */
    int bsize = (int)(n * sizeof(double)) + MPI_BSEND_OVERHEAD;
    void *battach = malloc(bsize);
    MPI_Buffer_attach(battach, bsize);
    MPI_Bsend(out, 1, t, right, tag + 2, MPI_COMM_WORLD);
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    MPI_Recv(in, n, MPI_DOUBLE, left, tag + 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    void *detached;
    MPI_Buffer_detach(&detached, &bsize);
    free(battach);
    bad = 0;
    for (int k = 0; k < n; k++)
        bad += in[k] != (left + 7) * 100000 + 3 * k;
    CHECK(bad == 0, "Bsend vector of %d: %d wrong", n, bad);

    /* persistent, started twice, with a type freed once the requests hold it */
    MPI_Request p[2];
    MPI_Datatype held = stride3(n);
    MPI_Recv_init(in, 1, held, left, tag + 3, MPI_COMM_WORLD, &p[0]);
    MPI_Send_init(out, 1, held, right, tag + 3, MPI_COMM_WORLD, &p[1]);
    MPI_Type_free(&held);
    for (int round = 0; round < 2; round++) {
        fill(out, 3 * n, mtest_rank + round);
        for (int i = 0; i < 3 * n; i++)
            in[i] = SENTINEL;
        MPI_Startall(2, p);
        MPI_Waitall(2, p, MPI_STATUSES_IGNORE);
        bad = 0;
        for (int i = 0; i < 3 * n; i++)
            bad += in[i] != (i % 3 ? SENTINEL : (left + round) * 100000 + i);
        CHECK(bad == 0, "persistent vector of %d, round %d: %d wrong", n, round, bad);
    }
    MPI_Request_free(&p[0]);
    MPI_Request_free(&p[1]);
    MPI_Type_free(&t);
    free(buf);
    free(in);
    free(out);
}

/* A receive whose type is freed before the message arrives still unpacks with it. */
static void free_while_pending(int n, int tag)
{
    MPI_Datatype t = stride3(n);
    double *in = malloc(sizeof(double) * 3 * n), *out = malloc(sizeof(double) * n);
    for (int i = 0; i < 3 * n; i++)
        in[i] = SENTINEL;
    fill(out, n, mtest_rank);
    MPI_Request r;
    MPI_Irecv(in, 1, t, left, tag, MPI_COMM_WORLD, &r);
    MPI_Type_free(&t);
    mtest_barrier();
    MPI_Send(out, n, MPI_DOUBLE, right, tag, MPI_COMM_WORLD);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    int bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += in[i] != (i % 3 ? SENTINEL : left * 100000 + i / 3);
    CHECK(bad == 0, "receive with a freed vector of %d: %d wrong", n, bad);
    free(in);
    free(out);
}

/* fewer elements than the type holds: Get_count is MPI_UNDEFINED; too many: truncation */
static void partial(int tag)
{
    MPI_Datatype pair;
    MPI_Type_vector(2, 1, 2, MPI_DOUBLE, &pair);
    MPI_Type_commit(&pair);
    double out[5] = {1, 2, 3, 4, 5}, in[8];
    MPI_Status st;
    MPI_Sendrecv(out, 3, MPI_DOUBLE, right, tag, in, 2, pair, left, tag, MPI_COMM_WORLD, &st);
    int count, elems;
    MPI_Get_count(&st, pair, &count);
    MPI_Get_elements(&st, pair, &elems);
    CHECK(count == MPI_UNDEFINED && elems == 3, "3 doubles into pairs: count %d elements %d", count, elems);
    /* the pair's extent is 3 doubles: the second starts at in[3] */
    CHECK(in[0] == 1 && in[2] == 2 && in[3] == 3, "3 doubles into pairs: %g %g %g", in[0], in[2], in[3]);
    int rc = MPI_Sendrecv(out, 5, MPI_DOUBLE, right, tag, in, 2, pair, left, tag, MPI_COMM_WORLD, &st);
    CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
    MPI_Type_free(&pair);
}

/* A struct of absolute addresses (MPI_Get_address) sent from and received at MPI_BOTTOM. */
static void absolute(int tag)
{
    int id = mtest_rank, rid = -1;
    double v[3] = {mtest_rank + 0.5, 1, 2}, rv[3] = {0, 0, 0};
    MPI_Aint addr[2], raddr[2];
    MPI_Get_address(&id, &addr[0]);
    MPI_Get_address(v, &addr[1]);
    MPI_Get_address(&rid, &raddr[0]);
    MPI_Get_address(rv, &raddr[1]);
    int bls[] = {1, 3};
    MPI_Datatype tps[] = {MPI_INT, MPI_DOUBLE}, st, rt;
    MPI_Type_create_struct(2, bls, addr, tps, &st);
    MPI_Type_create_struct(2, bls, raddr, tps, &rt);
    MPI_Type_commit(&st);
    MPI_Type_commit(&rt);
    int rc = MPI_Sendrecv(MPI_BOTTOM, 1, st, right, tag, MPI_BOTTOM, 1, rt, left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(rc == MPI_SUCCESS && rid == left && rv[0] == left + 0.5 && rv[1] == 1 && rv[2] == 2,
          "MPI_BOTTOM struct: rc %d id %d v %g %g %g", rc, rid, rv[0], rv[1], rv[2]);
    MPI_Type_free(&st);
    MPI_Type_free(&rt);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    right = (mtest_rank + 1) % mtest_size;
    left = (mtest_rank + mtest_size - 1) % mtest_size;
    /* 128 bytes eager, 8000 bytes rendezvous, 160000 bytes packed in chunks behind a staged rendezvous */
    int sizes[] = {16, 1000, 20000};
    for (int i = 0; i < 3; i++) {
        vector_both_sides(sizes[i], 10 + i);
        structs(sizes[i] / 4, 20 + i);
        indexed_to_subarray(sizes[i] / 8, 30 + i);
        other_paths(sizes[i], 40 + 10 * i);
        free_while_pending(sizes[i], 70 + i);
    }
    darray_gather(80);
    partial(90);
    absolute(91);
    int live = mtest_settled_live_count(0);
    CHECK(live == 0, "%d requests left", live);
    CHECK(MPIR_Dtype_live_count() == 0, "%d derived datatypes left alive", MPIR_Dtype_live_count());
    return mtest_finalize();
}
