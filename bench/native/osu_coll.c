/* Native reference for bench/collectives.mjs: osu_bcast / osu_allreduce / osu_alltoall /
 * osu_allgather / osu_barrier style measurements in one program, built with any MPI's mpicc
 * (the benchmark builds it with Debian's mpicc.mpich and mpicc.openmpi).
 *
 *   mpiexec -n N osu_coll --op bcast|allreduce|alltoall|allgather|barrier
 *                         --plan SIZE:ITERS:WARMUP,... [--budget-ms MS]
 *
 * SIZE is in bytes, as OSU counts it: the broadcast message; the allreduce vector
 * (MPI_DOUBLE, MPI_SUM, SIZE/8 elements); the block each rank sends to each rank (alltoall)
 * or contributes (allgather). Barrier cases take SIZE 0.
 *
 * As OSU does, every operation is timed on its own (MPI_Wtime before and after) and, except
 * in the barrier benchmark, followed by an untimed MPI_Barrier; a rank's latency is the mean
 * of its timed operations; the figures are the max, min and mean of that over the ranks.
 *
 * Order (the same as bench/wmpi-coll.ts): pass 1 runs every case's warm-up; pass 2, per case,
 * one operation whose result is checked on every rank, the warm-up again, then the timed
 * operations. ITERS and WARMUP are upper bounds: the warm-up runs in batches of 1, 2, 4, ...
 * operations and stops after about MS milliseconds (default 400) on the slowest rank; the timed
 * operations are as many as fit into MS at the slowest rank's time per operation in the last
 * warm-up batch (at least 5), so that a busy-polling MPI on oversubscribed cores still finishes. Rank 0 prints one JSON line per
 * case: {"op","case","size","iters","warmup","max_us","min_us","avg_us","verified":true}. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { OP_BCAST, OP_ALLREDUCE, OP_ALLTOALL, OP_ALLGATHER, OP_BARRIER };
static const char *const OP_NAMES[] = {"bcast", "allreduce", "alltoall", "allgather", "barrier"};

static int rank, nprocs;
static enum op op;
static unsigned char *sbuf, *rbuf; /* sized for the largest case */

static void die(const char *msg, const char *detail) {
    if (rank == 0) fprintf(stderr, "osu_coll: %s%s\n", msg, detail ? detail : "");
    MPI_Abort(MPI_COMM_WORLD, 2);
}

/* The byte at index i of the block that rank `from` sends to rank `to` in a case of `size` bytes. */
static unsigned char pattern(int from, int to, size_t i, size_t size) {
    return (unsigned char)(i * 13 + (size_t)from * 31 + (size_t)to * 7 + size + 1);
}

/* One operation of the benchmark on `size` bytes. */
static void run_op(size_t size) {
    int n = (int)size;
    switch (op) {
    case OP_BCAST: MPI_Bcast(rbuf, n, MPI_BYTE, 0, MPI_COMM_WORLD); break;
    case OP_ALLREDUCE: MPI_Allreduce(sbuf, rbuf, n / 8, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); break;
    case OP_ALLTOALL: MPI_Alltoall(sbuf, n, MPI_BYTE, rbuf, n, MPI_BYTE, MPI_COMM_WORLD); break;
    case OP_ALLGATHER: MPI_Allgather(sbuf, n, MPI_BYTE, rbuf, n, MPI_BYTE, MPI_COMM_WORLD); break;
    case OP_BARRIER: MPI_Barrier(MPI_COMM_WORLD); break;
    }
}

/* Fills the send side of a case (for bcast: the root's buffer, zeroes elsewhere). */
static void fill(size_t size) {
    double *d = (double *)sbuf;
    switch (op) {
    case OP_BCAST:
        for (size_t i = 0; i < size; i++) rbuf[i] = rank == 0 ? pattern(0, 0, i, size) : 0;
        break;
    case OP_ALLREDUCE:
        for (size_t i = 0; i < size / 8; i++) d[i] = (double)(rank + 1) * (double)(i % 97 + 1);
        break;
    case OP_ALLTOALL:
        for (int to = 0; to < nprocs; to++)
            for (size_t i = 0; i < size; i++) sbuf[(size_t)to * size + i] = pattern(rank, to, i, size);
        break;
    case OP_ALLGATHER:
        for (size_t i = 0; i < size; i++) sbuf[i] = pattern(rank, 0, i, size);
        break;
    case OP_BARRIER: break;
    }
}

/* Checks the result of one operation after fill(); aborts the job on a wrong value. */
static void check(size_t size) {
    const double *d = (const double *)rbuf;
    size_t bad = (size_t)-1;
    switch (op) {
    case OP_BCAST:
        for (size_t i = 0; i < size && bad == (size_t)-1; i++)
            if (rbuf[i] != pattern(0, 0, i, size)) bad = i;
        break;
    case OP_ALLREDUCE: {
        double ranks = (double)nprocs * (nprocs + 1) / 2;
        for (size_t i = 0; i < size / 8 && bad == (size_t)-1; i++)
            if (d[i] != ranks * (double)(i % 97 + 1)) bad = i * 8;
        break;
    }
    case OP_ALLTOALL:
        for (int from = 0; from < nprocs; from++)
            for (size_t i = 0; i < size && bad == (size_t)-1; i++)
                if (rbuf[(size_t)from * size + i] != pattern(from, rank, i, size)) bad = (size_t)from * size + i;
        break;
    case OP_ALLGATHER:
        for (int from = 0; from < nprocs; from++)
            for (size_t i = 0; i < size && bad == (size_t)-1; i++)
                if (rbuf[(size_t)from * size + i] != pattern(from, 0, i, size)) bad = (size_t)from * size + i;
        break;
    case OP_BARRIER: break;
    }
    if (bad != (size_t)-1) {
        fprintf(stderr, "osu_coll: %s of %zu B: rank %d got a wrong byte at %zu\n", OP_NAMES[op], size, rank, bad);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
}

/* Runs n operations as OSU does; returns this rank's summed time inside the operations (s). */
static double timed_ops(size_t size, unsigned long long n) {
    double sum = 0;
    for (unsigned long long i = 0; i < n; i++) {
        double t0 = MPI_Wtime();
        run_op(size);
        sum += MPI_Wtime() - t0;
        if (op != OP_BARRIER) MPI_Barrier(MPI_COMM_WORLD);
    }
    return sum;
}

/* Runs n operations and returns the slowest rank's wall time per operation (s), barrier included. */
static double wall_per_op(size_t size, unsigned long long n) {
    double t0 = MPI_Wtime();
    timed_ops(size, n);
    double t = (MPI_Wtime() - t0) / (double)(n ? n : 1), tmax;
    MPI_Allreduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return tmax;
}

/* How many operations fit into `budget` seconds at `per_op` seconds each, between lo and hi. */
static unsigned long long fit(double budget, double per_op, unsigned long long lo, unsigned long long hi) {
    double n = per_op > 0 ? budget / per_op : (double)hi;
    unsigned long long k = n >= (double)hi ? hi : (unsigned long long)n;
    if (k < lo) k = lo;
    return k > hi ? hi : k;
}

/* Warm-up: up to n operations in batches of 1, 2, 4, ... until about `budget` seconds went by
 * on the slowest rank. Returns the slowest rank's wall time per operation in the last batch
 * and sets *done to the number of operations run. */
static double warm(size_t size, unsigned long long n, double budget, unsigned long long *done) {
    double spent = 0, per_op = 0;
    unsigned long long batch = 1;
    *done = 0;
    while (*done < n && spent < budget) {
        unsigned long long k = n - *done < batch ? n - *done : batch;
        if (per_op > 0) k = fit(budget - spent, per_op, 1, k);
        per_op = wall_per_op(size, k);
        spent += per_op * (double)k;
        *done += k;
        batch *= 2;
    }
    return per_op;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nprocs);
    const char *plan = NULL, *opname = NULL;
    double budget = 0.4;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--plan") == 0) plan = argv[++i];
        else if (strcmp(argv[i], "--op") == 0) opname = argv[++i];
        else if (strcmp(argv[i], "--budget-ms") == 0) budget = atof(argv[++i]) / 1000;
    }
    if (plan == NULL || opname == NULL) die("usage: osu_coll --op OP --plan SIZE:ITERS:WARMUP,... [--budget-ms MS]", NULL);
    int found = 0;
    for (int k = 0; k < 5; k++)
        if (strcmp(opname, OP_NAMES[k]) == 0) op = (enum op)k, found = 1;
    if (!found) die("unknown --op ", opname);

    enum { MAX_CASES = 64 };
    struct { size_t size; unsigned long long iters, warmup; } cs[MAX_CASES];
    int ncases = 0;
    size_t largest = 8;
    for (const char *p = plan; *p;) {
        unsigned long long sz, iters, warmup;
        int used = 0;
        if (ncases == MAX_CASES || sscanf(p, "%llu:%llu:%llu%n", &sz, &iters, &warmup, &used) != 3) die("bad --plan at ", p);
        if (op == OP_ALLREDUCE && sz % 8) die("allreduce sizes must be multiples of 8 (MPI_DOUBLE): ", p);
        p += used;
        if (*p == ',') p++;
        cs[ncases].size = op == OP_BARRIER ? 0 : (size_t)sz;
        cs[ncases].iters = iters ? iters : 1;
        cs[ncases].warmup = warmup;
        if ((size_t)sz > largest) largest = (size_t)sz;
        ncases++;
    }
    size_t bytes = op == OP_ALLTOALL || op == OP_ALLGATHER ? largest * (size_t)nprocs : largest;
    if (posix_memalign((void **)&sbuf, 4096, bytes) || posix_memalign((void **)&rbuf, 4096, bytes)) die("out of memory", NULL);
    memset(sbuf, 0, bytes);
    memset(rbuf, 0, bytes);

    if (rank == 0) {
        char version[MPI_MAX_LIBRARY_VERSION_STRING];
        int len;
        MPI_Get_library_version(version, &len);
        char *nl = strchr(version, '\n');
        if (nl) *nl = 0;
        for (char *c = version; *c; c++)
            if (*c == '\t' || *c == '"' || *c == '\\' || *c == ',') *c = ' ';
        printf("{\"library\":\"%s\",\"ranks\":%d}\n", version, nprocs);
        fflush(stdout);
    }

    /* the cost of one MPI_Wtime call (us): every timed operation includes two (about one in the figure) */
    double timer_us = 1e9;
    for (int r = 0; r < 5; r++) {
        double t0 = MPI_Wtime();
        for (int i = 0; i < 20000; i++) (void)MPI_Wtime();
        double t = (MPI_Wtime() - t0) * 1e6 / 20001;
        if (t < timer_us) timer_us = t;
    }
    /* pass 1: every case's warm-up */
    for (int c = 0; c < ncases; c++) {
        unsigned long long done;
        warm(cs[c].size, cs[c].warmup, budget, &done);
    }
    /* pass 2: check, warm up again, time */
    for (int c = 0; c < ncases; c++) {
        size_t size = cs[c].size;
        fill(size);
        run_op(size);
        check(size);
        MPI_Barrier(MPI_COMM_WORLD);
        unsigned long long warmup;
        double per_op = warm(size, cs[c].warmup ? cs[c].warmup : 1, budget, &warmup);
        unsigned long long iters = fit(budget, per_op, cs[c].iters < 5 ? cs[c].iters : 5, cs[c].iters);
        double lat = timed_ops(size, iters) * 1e6 / (double)iters, lmax, lmin, lsum;
        MPI_Reduce(&lat, &lmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        MPI_Reduce(&lat, &lmin, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
        MPI_Reduce(&lat, &lsum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("{\"op\":\"%s\",\"case\":\"%zu\",\"size\":%zu,\"iters\":%llu,\"warmup\":%llu,\"max_us\":%.6f,\"min_us\":%.6f,"
                   "\"avg_us\":%.6f,\"timer_us\":%.6f,\"verified\":true}\n",
                   OP_NAMES[op], size, size, iters, warmup, lmax, lmin, lsum / nprocs, timer_us);
            fflush(stdout);
        }
    }
    free(sbuf);
    free(rbuf);
    MPI_Finalize();
    return 0;
}
