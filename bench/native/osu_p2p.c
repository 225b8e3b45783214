/* Native reference for bench/p2p.mjs: osu_latency-style ping-pong, osu_bw, osu_bibw and a
 * Sendrecv ring in one program, built with any MPI's mpicc (the benchmark builds it with Debian's
 * mpicc.mpich and mpicc.openmpi). bench/wmpi-p2p.ts and bench/mpi4py_p2p.py are its twins: same
 * tests, same order, same timing rules, same output.
 *
 *   mpiexec -n N osu_p2p --tests pingpong,bw,bibw,ring --plan SIZE:MAXITERS:MAXWARMUP,...
 *                        [--budget-ms MS] [--window W]
 *
 * One step of each test (SIZE bytes of MPI_BYTE):
 *   pingpong  rank 0 sends and receives, rank 1 receives and sends back (a round trip)
 *   bw        as osu_bw: rank 0 posts W MPI_Isend, rank 1 W MPI_Irecv, both wait for all, then
 *             rank 1 answers with a 4-byte message (so rank 0 cannot run ahead)
 *   bibw      as osu_bibw: both ranks post W MPI_Irecv and W MPI_Isend and wait for all
 *   ring      every rank MPI_Sendrecv to rank+1 from rank-1 (all ranks; the others need 2)
 * As osu_bw does, the W receives of a window share one buffer; the checked exchange before the
 * timing uses a window of 1.
 *
 * Per case: warm-up steps in batches of 1, 2, 4, ... until MS milliseconds (or MAXWARMUP steps)
 * have passed on rank 0, then as many timed steps as fit into MS at the last batch's speed
 * (at least 5, at most MAXITERS). Rank 0 decides and broadcasts, so every rank runs as many
 * steps. Pass 1 warms every case up (for the JS twins' JIT); pass 2, per case, one checked step,
 * the warm-up again, and the timed steps. Rank 0 prints one JSON line per case:
 * {"test","size","iters","window","us","verified":true}, us = mean time of one step. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library_line.h"

enum test { T_PINGPONG, T_BW, T_BIBW, T_RING, NTESTS };
static const char *const TEST_NAMES[] = {"pingpong", "bw", "bibw", "ring"};
enum { TAG = 1, ACK_TAG = 2, MAX_CASES = 64, MAX_WINDOW = 1024 };

static int rank, nprocs, window = 64;
static double budget = 0.2;
static unsigned char *sbuf, *rbuf, ack[4];
static MPI_Request reqs[2 * MAX_WINDOW];
static MPI_Status statuses[2 * MAX_WINDOW]; /* not MPI_STATUSES_IGNORE: gcc 12 misreads it as a 0-byte array */

static void die(const char *msg, const char *detail) {
    if (rank == 0) fprintf(stderr, "osu_p2p: %s%s\n", msg, detail ? detail : "");
    MPI_Abort(MPI_COMM_WORLD, 2);
}

/* The byte at index i of a message of `size` bytes sent by rank `from`. */
static unsigned char pattern(size_t i, size_t size, int from) {
    return (unsigned char)(i * 13 + size + (size_t)from * 31 + 1);
}

/* One step of `t` on `n` bytes with a window of `w` messages. */
static void step(enum test t, size_t n, int w) {
    int c = (int)n, peer = 1 - rank;
    switch (t) {
    case T_PINGPONG:
        if (rank == 0) {
            MPI_Send(sbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
            MPI_Recv(rbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(rbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(sbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
        }
        break;
    case T_BW:
        if (rank == 0) {
            for (int i = 0; i < w; i++) MPI_Isend(sbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, &reqs[i]);
            MPI_Waitall(w, reqs, statuses);
            MPI_Recv(ack, 4, MPI_BYTE, peer, ACK_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            for (int i = 0; i < w; i++) MPI_Irecv(rbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, &reqs[i]);
            MPI_Waitall(w, reqs, statuses);
            MPI_Send(ack, 4, MPI_BYTE, peer, ACK_TAG, MPI_COMM_WORLD);
        }
        break;
    case T_BIBW:
        if (rank < 2) {
            for (int i = 0; i < w; i++) MPI_Irecv(rbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, &reqs[i]);
            for (int i = 0; i < w; i++) MPI_Isend(sbuf, c, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, &reqs[w + i]);
            MPI_Waitall(2 * w, reqs, statuses);
        }
        break;
    case T_RING:
        MPI_Sendrecv(sbuf, c, MPI_BYTE, (rank + 1) % nprocs, TAG, rbuf, c, MPI_BYTE, (rank + nprocs - 1) % nprocs, TAG,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        break;
    default: break;
    }
}

/* Whether this rank receives in test t (and from whom): the ranks that check. */
static int receiver_of(enum test t, int *from) {
    if (t == T_RING) {
        *from = (rank + nprocs - 1) % nprocs;
        return 1;
    }
    *from = 1 - rank;
    if (t == T_BW) return rank == 1;
    return rank < 2;
}

static void check(enum test t, size_t n) {
    int from;
    if (!receiver_of(t, &from)) return;
    for (size_t i = 0; i < n; i++)
        if (rbuf[i] != pattern(i, n, from)) {
            fprintf(stderr, "osu_p2p %s: rank %d: wrong byte at %zu of %zu: %u\n", TEST_NAMES[t], rank, i, n, rbuf[i]);
            MPI_Abort(MPI_COMM_WORLD, 3);
        }
}

/* Runs `n` steps; returns the seconds they took on this rank. */
static double run_steps(enum test t, size_t size, unsigned long long n) {
    double t0 = MPI_Wtime();
    for (unsigned long long i = 0; i < n; i++) step(t, size, window);
    return MPI_Wtime() - t0;
}

/* The warm-up: batches of 1, 2, 4, ... steps until the budget or `max` steps; returns seconds per step. */
static double warm(enum test t, size_t size, unsigned long long max) {
    double spent = 0, per_step = 0, decision[2];
    unsigned long long done = 0, batch = 1;
    for (;;) {
        double dt = run_steps(t, size, batch);
        done += batch;
        spent += dt;
        decision[0] = dt / (double)batch;
        decision[1] = done < max && spent < budget;
        MPI_Bcast(decision, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD); /* rank 0's clock decides for all */
        per_step = decision[0];
        if (!decision[1]) return per_step;
        batch = batch * 2 < max - done ? batch * 2 : max - done;
    }
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nprocs);
    const char *plan = NULL, *tests = "pingpong,bw,bibw,ring";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--plan") == 0) plan = argv[i + 1];
        else if (strcmp(argv[i], "--tests") == 0) tests = argv[i + 1];
        else if (strcmp(argv[i], "--budget-ms") == 0) budget = atof(argv[i + 1]) / 1000;
        else if (strcmp(argv[i], "--window") == 0) window = atoi(argv[i + 1]);
        else die("unknown option ", argv[i]);
    }
    if (!plan) die("--plan SIZE:MAXITERS:MAXWARMUP,... is required", NULL);
    if (window < 1 || window > MAX_WINDOW) die("--window takes 1 to 1024", NULL);
    int run[NTESTS] = {0};
    for (int t = 0; t < NTESTS; t++) {
        const char *p = strstr(tests, TEST_NAMES[t]);
        size_t len = strlen(TEST_NAMES[t]);
        run[t] = p && (p == tests || p[-1] == ',') && (p[len] == ',' || p[len] == 0);
    }
    if (nprocs < 2) die("run with at least 2 ranks", NULL);
    if (nprocs > 2 && (run[T_PINGPONG] || run[T_BW] || run[T_BIBW])) die("pingpong, bw and bibw run on exactly 2 ranks", NULL);

    struct { size_t n; unsigned long long iters, warmup; } cs[MAX_CASES];
    int ncases = 0;
    size_t largest = 1;
    for (const char *p = plan; *p;) {
        unsigned long long sz, iters, warmup;
        int used = 0;
        if (ncases == MAX_CASES || sscanf(p, "%llu:%llu:%llu%n", &sz, &iters, &warmup, &used) != 3) die("bad --plan at ", p);
        p += used;
        if (*p == ',') p++;
        cs[ncases].n = (size_t)sz;
        cs[ncases].iters = iters < 5 ? 5 : iters;
        cs[ncases].warmup = warmup < 1 ? 1 : warmup;
        if (sz > largest) largest = (size_t)sz;
        ncases++;
    }
    sbuf = malloc(largest);
    rbuf = malloc(largest);
    if (!sbuf || !rbuf) die("out of memory", NULL);
    if (rank == 0) print_library_line(nprocs);
    for (int t = 0; t < NTESTS; t++)
        if (run[t])
            for (int c = 0; c < ncases; c++) {
                for (size_t i = 0; i < cs[c].n; i++) sbuf[i] = pattern(i, cs[c].n, rank);
                warm((enum test)t, cs[c].n, cs[c].warmup);
            }
    for (int t = 0; t < NTESTS; t++)
        if (run[t])
            for (int c = 0; c < ncases; c++) {
                size_t n = cs[c].n;
                for (size_t i = 0; i < n; i++) sbuf[i] = pattern(i, n, rank);
                memset(rbuf, 0, n);
                step((enum test)t, n, 1);
                check((enum test)t, n);
                MPI_Barrier(MPI_COMM_WORLD);
                double per_step = warm((enum test)t, n, cs[c].warmup);
                unsigned long long iters = per_step > 0 ? (unsigned long long)(budget / per_step) : cs[c].iters;
                if (iters < 5) iters = 5;
                if (iters > cs[c].iters) iters = cs[c].iters;
                MPI_Barrier(MPI_COMM_WORLD);
                double dt = run_steps((enum test)t, n, iters);
                if (rank == 0) {
                    printf("{\"test\":\"%s\",\"case\":\"%zu\",\"size\":%zu,\"iters\":%llu,\"window\":%d,\"us\":%.6f,\"verified\":true}\n",
                           TEST_NAMES[t], n, n, iters, t == T_BW || t == T_BIBW ? window : 1, dt * 1e6 / (double)iters);
                    fflush(stdout);
                }
            }
    free(sbuf);
    free(rbuf);
    MPI_Finalize();
    return 0;
}
