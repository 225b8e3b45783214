/* Native MPICH reference for bench/pingpong.mjs: an osu_latency-style ping-pong.
 *
 *   mpiexec.mpich -n 2 pingpong-native --plan SIZE:ITERS:WARMUP,SIZE:ITERS:WARMUP,...
 *
 * First every size's WARMUP round trips (as the JS contenders do for their JIT);
 * then per size: one exchange that checks the received bytes (both directions),
 * WARMUP untimed and ITERS timed round trips of MPI_Send / MPI_Recv with MPI_BYTE. Rank 0 prints one JSON line per size: {"size":..,"iters":..,"rt_us":..}
 * where rt_us is the mean round-trip time in microseconds. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library_line.h"

#define TAG 1

static unsigned char pattern(size_t i, size_t size, int from) {
    return (unsigned char)(i * (from ? 13 : 7) + size + (from ? 3 : 1));
}

static void fail(const char *what, size_t size, size_t at) {
    fprintf(stderr, "pingpong-native: %s: wrong byte at %zu of a %zu-byte message\n", what, at, size);
    MPI_Abort(MPI_COMM_WORLD, 3);
}

/* One round trip: rank 0 sends first, rank 1 answers. */
static void round_trip(int rank, int peer, unsigned char *sbuf, unsigned char *rbuf, size_t n) {
    if (rank == 0) {
        MPI_Send(sbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
        MPI_Recv(rbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
        MPI_Recv(rbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(sbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
    }
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size_world;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size_world);
    if (size_world != 2) {
        if (rank == 0) fprintf(stderr, "pingpong-native: run with exactly 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    const char *plan = NULL;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--plan") == 0) plan = argv[i + 1];
    if (plan == NULL) {
        if (rank == 0) fprintf(stderr, "pingpong-native: --plan SIZE:ITERS:WARMUP,... is required\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    if (rank == 0) print_library_line(-1);
    int peer = 1 - rank;
    enum { MAX_CASES = 64 };
    struct { size_t n; unsigned long long iters, warmup; unsigned char *sbuf, *rbuf; } cs[MAX_CASES];
    int ncases = 0;
    for (const char *p = plan; *p;) {
        unsigned long long sz, iters, warmup;
        int used = 0;
        if (ncases == MAX_CASES || sscanf(p, "%llu:%llu:%llu%n", &sz, &iters, &warmup, &used) != 3) {
            if (rank == 0) fprintf(stderr, "pingpong-native: bad --plan at \"%s\"\n", p);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        p += used;
        if (*p == ',') p++;
        size_t n = (size_t)sz;
        cs[ncases].n = n;
        cs[ncases].iters = iters;
        cs[ncases].warmup = warmup;
        /* page-aligned, as malloc returns buffers of these sizes */
        if (posix_memalign((void **)&cs[ncases].sbuf, 4096, n ? n : 1) || posix_memalign((void **)&cs[ncases].rbuf, 4096, n ? n : 1)) {
            fprintf(stderr, "pingpong-native: out of memory\n");
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        for (size_t i = 0; i < n; i++) cs[ncases].sbuf[i] = pattern(i, n, rank);
        ncases++;
    }
    /* pass 1: every case's warm-up (as the JS contenders do, for their JIT) */
    for (int c = 0; c < ncases; c++)
        for (unsigned long long i = 0; i < cs[c].warmup; i++)
            round_trip(rank, peer, cs[c].sbuf, cs[c].rbuf, cs[c].n);
    /* pass 2: a checked exchange, the warm-up again, then the timed round trips */
    for (int c = 0; c < ncases; c++) {
        size_t n = cs[c].n;
        memset(cs[c].rbuf, 0, n ? n : 1);
        round_trip(rank, peer, cs[c].sbuf, cs[c].rbuf, n);
        for (size_t i = 0; i < n; i++)
            if (cs[c].rbuf[i] != pattern(i, n, peer)) fail("verify", n, i);
        MPI_Barrier(MPI_COMM_WORLD);
        for (unsigned long long i = 0; i < cs[c].warmup; i++)
            round_trip(rank, peer, cs[c].sbuf, cs[c].rbuf, n);
        double t0 = MPI_Wtime();
        for (unsigned long long i = 0; i < cs[c].iters; i++)
            round_trip(rank, peer, cs[c].sbuf, cs[c].rbuf, n);
        double t = MPI_Wtime() - t0;
        if (rank == 0) {
            printf("{\"case\":\"%zu\",\"size\":%zu,\"iters\":%llu,\"rt_us\":%.6f,\"verified\":true}\n", n, n,
                   cs[c].iters, t * 1e6 / (double)cs[c].iters);
            fflush(stdout);
        }
    }
    for (int c = 0; c < ncases; c++) {
        free(cs[c].sbuf);
        free(cs[c].rbuf);
    }
    MPI_Finalize();
    return 0;
}
