/* Native MPICH reference for bench/pingpong.mjs: an osu_latency-style ping-pong.
 *
 *   mpiexec.mpich -n 2 pingpong-native --plan SIZE:ITERS:WARMUP,SIZE:ITERS:WARMUP,...
 *
 * For every size: one exchange that checks the received bytes (both directions),
 * then WARMUP untimed and ITERS timed round trips of MPI_Send / MPI_Recv with
 * MPI_BYTE. Rank 0 prints one JSON line per size: {"size":..,"iters":..,"rt_us":..}
 * where rt_us is the mean round-trip time in microseconds. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG 1

static unsigned char pattern(size_t i, size_t size, int from) {
    return (unsigned char)(i * (from ? 13 : 7) + size + (from ? 3 : 1));
}

static void fail(const char *what, size_t size, size_t at) {
    fprintf(stderr, "pingpong-native: %s: wrong byte at %zu of a %zu-byte message\n", what, at, size);
    MPI_Abort(MPI_COMM_WORLD, 3);
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
    if (rank == 0) {
        char version[MPI_MAX_LIBRARY_VERSION_STRING];
        int len;
        MPI_Get_library_version(version, &len);
        char *nl = strchr(version, '\n');
        if (nl) *nl = 0;
        for (char *c = version; *c; c++)
            if (*c == '\t' || *c == '"' || *c == '\\') *c = ' ';
        printf("{\"library\":\"%s\"}\n", version);
        fflush(stdout);
    }
    int peer = 1 - rank;
    const char *p = plan;
    while (*p) {
        unsigned long long sz, iters, warmup;
        int used = 0;
        if (sscanf(p, "%llu:%llu:%llu%n", &sz, &iters, &warmup, &used) != 3) {
            if (rank == 0) fprintf(stderr, "pingpong-native: bad --plan at \"%s\"\n", p);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        p += used;
        if (*p == ',') p++;
        size_t n = (size_t)sz;
        /* page-aligned, like buffers from malloc at these sizes */
        unsigned char *sbuf = NULL, *rbuf = NULL;
        if (posix_memalign((void **)&sbuf, 4096, n ? n : 1) || posix_memalign((void **)&rbuf, 4096, n ? n : 1)) {
            fprintf(stderr, "pingpong-native: out of memory\n");
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        /* correctness, once per size: each side checks what the other sent */
        for (size_t i = 0; i < n; i++) sbuf[i] = pattern(i, n, rank);
        memset(rbuf, 0, n ? n : 1);
        if (rank == 0) {
            MPI_Send(sbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
            MPI_Recv(rbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(rbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(sbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
        }
        for (size_t i = 0; i < n; i++)
            if (rbuf[i] != pattern(i, n, peer)) fail("verify", n, i);
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = 0;
        for (unsigned long long i = 0; i < warmup + iters; i++) {
            if (i == warmup) t0 = MPI_Wtime();
            if (rank == 0) {
                MPI_Send(sbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
                MPI_Recv(rbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(rbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(sbuf, (int)n, MPI_BYTE, peer, TAG, MPI_COMM_WORLD);
            }
        }
        double t = MPI_Wtime() - t0;
        if (rank == 0) {
            printf("{\"case\":\"%zu\",\"size\":%zu,\"iters\":%llu,\"rt_us\":%.6f,\"verified\":true}\n", n, n, iters,
                   t * 1e6 / (double)iters);
            fflush(stdout);
        }
        free(sbuf);
        free(rbuf);
    }
    MPI_Finalize();
    return 0;
}
