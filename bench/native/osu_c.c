/* osu_latency / osu_bw / osu_allreduce-style C program for bench/c-programs.mjs: the same source is
 * built with mpicc.mpich (native) and with wmpicc (one standalone .wasm run by wmpiexec).
 *
 *   mpiexec -n 2 osu_c --test latency   --sizes 0,8,1K,4M [options]
 *   mpiexec -n 2 osu_c --test bw        --sizes 8,64K,4M  [options]
 *   mpiexec -n N osu_c --test allreduce --sizes 8,1K,1M   [options]
 *
 * Options: --iters N (most timed operations per case, default 50000), --warmup N (most untimed
 * ones first, default 20000: V8 tiers wasm code up while it runs; 1000 left outliers of 4x),
 * --window N (bw: messages per window, default 64), --budget-ms MS (about how long one case's
 * timed part may take, default 300).
 * Sizes are bytes, with K or M suffixes (1024, 1048576).
 *
 * latency:   ping-pong of MPI_Send / MPI_Recv (MPI_BYTE); figure = half the mean round trip (µs).
 * bw:        as osu_bw: rank 0 posts WINDOW MPI_Isend of SIZE bytes, rank 1 as many MPI_Irecv into
 *            one buffer, both MPI_Waitall, then rank 1 sends a 4-byte ack; figure = SIZE * WINDOW /
 *            mean time per window (MB/s = 1e6 B/s).
 * allreduce: MPI_Allreduce of SIZE/8 MPI_DOUBLE with MPI_SUM, back to back; figure = the mean time
 *            per operation of each rank, averaged over the ranks (µs), and its maximum over ranks.
 *
 * First every case's warm-up (pass 1, as bench/native/pingpong.c). Then per case: one exchange whose
 * result is checked on every rank (a wrong byte aborts with exit 3); a warm-up in batches of 1, 2, 4, ... operations that ends after WARMUP operations or half the
 * budget (wasm code tiers up in V8 while it runs); then as many timed operations as fit into the
 * budget at the slowest rank's warm-up speed, between 5 and ITERS (the ranks agree with an untimed
 * MPI_Allreduce). Rank 0 prints one JSON line per case:
 *   {"test":"latency","ranks":2,"size":8,"iters":..,"warmup":..,"us":..,"max_us":..,"mbps":..,"verified":true}
 * and first a line {"library":"..."} naming the MPI library. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG 7
#define MIN_ITERS 5

enum test { LATENCY, BW, ALLREDUCE };
static const char *const TEST_NAMES[] = {"latency", "bw", "allreduce"};

static int rank, nranks;
static enum test test;
static int window = 64;
static unsigned char *sbuf, *rbuf;
static MPI_Request *reqs;

static void die(const char *msg, const char *detail) {
    if (rank == 0) fprintf(stderr, "osu_c: %s%s\n", msg, detail ? detail : "");
    MPI_Abort(MPI_COMM_WORLD, 2);
}

static size_t parse_size(const char *s, char **end) {
    size_t v = (size_t)strtoull(s, end, 10);
    if (**end == 'K' || **end == 'k') v *= 1024, (*end)++;
    else if (**end == 'M' || **end == 'm') v *= 1024 * 1024, (*end)++;
    return v;
}

static unsigned char pattern(size_t i, size_t size, int from) {
    return (unsigned char)(i * (from ? 13 : 7) + size + (from ? 3 : 1));
}

/* `n` operations of the test on `size` bytes. */
static void run(size_t size, long n) {
    int count = (int)size;
    for (long it = 0; it < n; it++) {
        switch (test) {
        case LATENCY:
            if (rank == 0) {
                MPI_Send(sbuf, count, MPI_BYTE, 1, TAG, MPI_COMM_WORLD);
                MPI_Recv(rbuf, count, MPI_BYTE, 1, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(rbuf, count, MPI_BYTE, 0, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(sbuf, count, MPI_BYTE, 0, TAG, MPI_COMM_WORLD);
            }
            break;
        case BW:
            if (rank == 0) {
                for (int w = 0; w < window; w++) MPI_Isend(sbuf, count, MPI_BYTE, 1, TAG, MPI_COMM_WORLD, &reqs[w]);
                MPI_Waitall(window, reqs, MPI_STATUSES_IGNORE);
                MPI_Recv(rbuf, 4, MPI_BYTE, 1, TAG + 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                for (int w = 0; w < window; w++) MPI_Irecv(rbuf, count, MPI_BYTE, 0, TAG, MPI_COMM_WORLD, &reqs[w]);
                MPI_Waitall(window, reqs, MPI_STATUSES_IGNORE);
                MPI_Send(sbuf, 4, MPI_BYTE, 0, TAG + 1, MPI_COMM_WORLD);
            }
            break;
        case ALLREDUCE:
            MPI_Allreduce(sbuf, rbuf, count / 8, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
            break;
        }
    }
}

/* One operation whose result every rank checks; returns only if it is right. */
static void verify(size_t size) {
    size_t bad = SIZE_MAX;
    if (test == ALLREDUCE) {
        size_t n = size / 8;
        double *s = (double *)sbuf, *r = (double *)rbuf;
        for (size_t i = 0; i < n; i++) s[i] = (double)(rank + 1) * (double)(i % 1000 + 1), r[i] = -1;
        run(size, 1);
        double ranks_sum = (double)nranks * (nranks + 1) / 2;
        for (size_t i = 0; i < n && bad == SIZE_MAX; i++)
            if (r[i] != ranks_sum * (double)(i % 1000 + 1)) bad = i * 8;
    } else {
        for (size_t i = 0; i < size; i++) sbuf[i] = pattern(i, size, rank), rbuf[i] = 0;
        int saved = window;
        window = 1; /* one message each way (bw: the window shares one receive buffer) */
        run(size, 1);
        window = saved;
        /* latency: both ranks receive; bw: rank 1 receives the data, rank 0 only the 4-byte ack */
        size_t n = test == BW ? (rank == 1 ? size : (size < 4 ? size : 4)) : size;
        for (size_t i = 0; i < n && bad == SIZE_MAX; i++)
            if (rbuf[i] != pattern(i, size, 1 - rank)) bad = i;
    }
    if (bad != SIZE_MAX) {
        fprintf(stderr, "osu_c: %s, %zu bytes: wrong result at byte %zu on rank %d\n", TEST_NAMES[test], size, bad, rank);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
}

static double max_over_ranks(double x) {
    double m;
    MPI_Allreduce(&x, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

/* Up to `warmup` untimed operations in batches of 1, 2, 4, ..., stopping after about half the
 * budget; returns how many ran and sets the slowest rank's time per operation in the last batch. */
static long warm_up(size_t size, long warmup, double budget_ms, double *per_op) {
    long done = 0, batch = 1;
    double spent = 0;
    *per_op = 0;
    while (done < warmup) {
        long n = batch < warmup - done ? batch : warmup - done;
        double t0 = MPI_Wtime();
        run(size, n);
        double dt = max_over_ranks(MPI_Wtime() - t0);
        done += n, spent += dt, *per_op = dt / (double)n, batch *= 2;
        if (spent * 1e3 > budget_ms / 2) break;
    }
    return done;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);

    const char *sizes_arg = NULL, *test_arg = NULL;
    long iters = 50000, warmup = 20000;
    double budget_ms = 300;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL) die("option needs a value: ", a);
        if (strcmp(a, "--test") == 0) test_arg = v;
        else if (strcmp(a, "--sizes") == 0) sizes_arg = v;
        else if (strcmp(a, "--iters") == 0) iters = atol(v);
        else if (strcmp(a, "--warmup") == 0) warmup = atol(v);
        else if (strcmp(a, "--window") == 0) window = atoi(v);
        else if (strcmp(a, "--budget-ms") == 0) budget_ms = atof(v);
        else die("unknown option ", a);
        i++;
    }
    if (test_arg == NULL || sizes_arg == NULL) die("--test latency|bw|allreduce and --sizes LIST are required", NULL);
    if (strcmp(test_arg, "latency") == 0) test = LATENCY;
    else if (strcmp(test_arg, "bw") == 0) test = BW;
    else if (strcmp(test_arg, "allreduce") == 0) test = ALLREDUCE;
    else die("unknown test ", test_arg);
    if (test != ALLREDUCE && nranks != 2) die("latency and bw run with exactly 2 ranks", NULL);
    if (iters < MIN_ITERS || warmup < 0 || window < 1) die("bad --iters, --warmup or --window", NULL);

    size_t sizes[64], max_size = 4;
    int nsizes = 0;
    for (char *p = (char *)sizes_arg; *p;) {
        char *end;
        size_t s = parse_size(p, &end);
        if (end == p || (*end && *end != ',') || nsizes == 64) die("bad --sizes: ", sizes_arg);
        sizes[nsizes++] = s;
        if (s > max_size) max_size = s;
        p = *end ? end + 1 : end;
    }
    sbuf = malloc(max_size);
    rbuf = malloc(max_size);
    reqs = malloc(sizeof(MPI_Request) * (size_t)window);
    if (!sbuf || !rbuf || !reqs) die("out of memory", NULL);

    if (rank == 0) {
        char lib[MPI_MAX_LIBRARY_VERSION_STRING];
        int len;
        MPI_Get_library_version(lib, &len);
        for (char *c = lib; *c; c++)
            if (*c == '"' || *c == '\\' || *c == '\n' || *c == '\t') *c = ' ';
        printf("{\"library\":\"%.120s\"}\n", lib);
        fflush(stdout);
    }

    for (int c = 0; c < nsizes; c++)
        if (test == ALLREDUCE && sizes[c] % 8) die("allreduce sizes must be multiples of 8", NULL);
    /* pass 1: every case's warm-up, so that the first case does not pay for connections and tier-up */
    for (int c = 0; c < nsizes; c++) {
        double ignored;
        warm_up(sizes[c], warmup, budget_ms, &ignored);
    }
    for (int c = 0; c < nsizes; c++) {
        size_t size = sizes[c];
        verify(size);
        double per_op;
        long done = warm_up(size, warmup, budget_ms, &per_op);
        long n = iters;
        if (per_op > 0 && budget_ms / 1e3 / per_op < (double)n) n = (long)(budget_ms / 1e3 / per_op);
        if (n < MIN_ITERS) n = MIN_ITERS;
        n = (long)max_over_ranks((double)n); /* the same count everywhere (rank 0 decides in effect) */

        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        run(size, n);
        double mine = (MPI_Wtime() - t0) / (double)n, sum, max;
        MPI_Reduce(&mine, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        MPI_Reduce(&mine, &max, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            double us = (test == LATENCY ? mine / 2 : sum / nranks) * 1e6, max_us = (test == LATENCY ? mine / 2 : max) * 1e6;
            double mbps = test == BW ? (double)size * window / (mine * 1e6) : test == LATENCY ? (double)size / us : 0;
            printf("{\"test\":\"%s\",\"ranks\":%d,\"size\":%zu,\"iters\":%ld,\"warmup\":%ld,\"window\":%d,\"us\":%.6g,\"max_us\":%.6g,\"mbps\":%.6g,\"verified\":true}\n",
                   TEST_NAMES[test], nranks, size, n, done, test == BW ? window : 1, us, max_us, mbps);
            fflush(stdout);
        }
    }
    free(sbuf), free(rbuf), free(reqs);
    MPI_Finalize();
    return 0;
}
