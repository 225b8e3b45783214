/* One-sided (RMA) benchmark in the style of the OSU one-sided tests, for bench/rma.mjs: the same
 * source is built with mpicc.mpich, mpicc.openmpi and wmpicc (one standalone .wasm for wmpiexec).
 *
 *   mpiexec -n 2 osu_rma --test put_latency --sync lock,flush,fence --sizes 1,8,1K,1M [options]
 *
 * Tests (2 ranks; rank 0 is the origin, rank 1 the target, both ways in fence mode):
 *   put_latency   MPI_Put of SIZE bytes (MPI_BYTE)                                 (osu_put_latency)
 *   get_latency   MPI_Get of SIZE bytes                                            (osu_get_latency)
 *   put_bw        WINDOW back-to-back MPI_Put of SIZE bytes to consecutive
 *                 displacements, then the synchronization; figure in MB/s         (osu_put_bw)
 *   acc_latency   MPI_Accumulate of SIZE/8 MPI_DOUBLE with MPI_SUM (SIZE a multiple of 8)
 *   fop_latency   MPI_Fetch_and_op of one MPI_LONG_LONG with MPI_SUM (SIZE ignored: 8 bytes)
 * Synchronizations (--sync, a list; default flush, OSU's default):
 *   lock    per operation: MPI_Win_lock(SHARED, 1), the operation(s), MPI_Win_unlock(1)
 *   flush   one MPI_Win_lock(SHARED, 1) epoch around the timed loop; per operation: the
 *           operation(s), MPI_Win_flush(1)
 *   fence   latency tests: a ping-pong, rank 0 fence/op/fence/fence, rank 1 fence/fence/op/fence;
 *           figure = time per iteration / 2 (as OSU). put_bw: rank 0 fence, WINDOW puts, fence;
 *           rank 1 fence, fence.
 * In lock and flush modes the target does not take part: it waits in an MPI collective, so the
 * origin's operations complete through the library's passive-target progress.
 *
 * The window: one MPI_Win_allocate per synchronization mode (disp_unit 1; --win create: MPI_Alloc_mem
 * and MPI_Win_create instead), large enough for the largest case; put_bw's window of puts spans at
 * most 16 MiB (WINDOW is cut to 16 MiB / SIZE: above 256 KiB with the default 64, the same for
 * every build).
 *
 * Options: --iters N (most timed iterations per case, default 50000), --warmup N (most untimed ones,
 * default 20000: V8 tiers wasm code up while it runs), --window N (put_bw, default 64), --budget-ms MS
 * (about how long one case's timed part takes, default 200). Sizes are bytes with K or M suffixes.
 *
 * Per synchronization mode: the window; every case's warm-up (pass 1, so that the first case does
 * not pay for connections and tier-up); then per case one checked iteration (each target and origin
 * compares what arrived with what was sent, fetch_and_op as verify_fop says; a wrong result aborts
 * with exit 3), a warm-up in batches of 1, 2, 4, ... that ends after WARMUP iterations or half the
 * budget, and as many timed iterations as fit into the budget at the warm-up's speed (5 .. ITERS; the ranks agree with an untimed
 * MPI_Allreduce). Every MPI call's error code is checked (errors return on the window and the
 * communicator): a failing call aborts with exit 4 and its name and error string on stderr.
 * Rank 0 prints a line {"library":"..."} and then one JSON line per case:
 *   {"test":"put_latency","sync":"flush","ranks":2,"size":8,"window":1,"iters":..,"warmup":..,
 *    "us":..,"mbps":..,"verified":true}
 * us: µs per operation (latency tests; one direction in fence mode) or per window of puts (put_bw);
 * mbps: SIZE x WINDOW / us (MB/s = 1e6 B/s). */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_ITERS 5
#define MAX_WINDOW_BYTES (16u << 20)

enum test { PUT_LATENCY, GET_LATENCY, PUT_BW, ACC_LATENCY, FOP_LATENCY, NTESTS };
static const char *const TEST_NAMES[] = {"put_latency", "get_latency", "put_bw", "acc_latency", "fop_latency"};
enum sync { LOCK, FLUSH, FENCE, NSYNCS };
static const char *const SYNC_NAMES[] = {"lock", "flush", "fence"};

static int rank, nranks, peer;
static enum test test;
static enum sync sync;
static int window = 64;
static MPI_Win win = MPI_WIN_NULL;
static int win_create; /* --win create: MPI_Alloc_mem + MPI_Win_create instead of MPI_Win_allocate */
static unsigned char *wbase, *sbuf, *rbuf;

static void die(const char *msg, const char *detail) {
    if (rank == 0) fprintf(stderr, "osu_rma: %s%s\n", msg, detail ? detail : "");
    MPI_Abort(MPI_COMM_WORLD, 2);
}

/* Every MPI call goes through CHECK: an error names the call (wmpi's RMA is new; a native library
 * without some feature should say so rather than crash). */
#define CHECK(call) check((call), #call)
static void check(int rc, const char *what) {
    if (rc == MPI_SUCCESS) return;
    char s[MPI_MAX_ERROR_STRING];
    int n = 0;
    MPI_Error_string(rc, s, &n);
    fprintf(stderr, "osu_rma: rank %d, %s %s: %s failed: %s\n", rank, TEST_NAMES[test], SYNC_NAMES[sync], what, s);
    MPI_Abort(MPI_COMM_WORLD, 4);
}

static size_t parse_size(const char *s, char **end) {
    size_t v = (size_t)strtoull(s, end, 10);
    if (**end == 'K' || **end == 'k') v *= 1024, (*end)++;
    else if (**end == 'M' || **end == 'm') v *= 1024 * 1024, (*end)++;
    return v;
}

/* Puts per iteration: put_bw's window (cut so that it spans at most MAX_WINDOW_BYTES), else 1. */
static int ops_per_iter(size_t size) {
    if (test != PUT_BW) return 1;
    size_t most = size ? MAX_WINDOW_BYTES / size : (size_t)window;
    if (most < 1) most = 1;
    return (size_t)window < most ? window : (int)most;
}

/* Bytes one iteration touches in the window and in the local buffers. */
static size_t span(size_t size) {
    if (test == FOP_LATENCY) return sizeof(long long);
    return size * (size_t)ops_per_iter(size);
}

/* Whether this rank issues operations / is the target of some in a (test, sync) iteration. */
static int is_origin(void) { return rank == 0 || (sync == FENCE && test != PUT_BW); }
static int is_target(void) { return rank == 1 || (sync == FENCE && test != PUT_BW); }

/* The `j`-th operation of an iteration on `size` bytes towards `target`. */
static void op(size_t size, int target, int j) {
    int count = (int)size;
    MPI_Aint off = (MPI_Aint)size * j;
    switch (test) {
    case PUT_LATENCY:
    case PUT_BW:
        CHECK(MPI_Put(sbuf + off, count, MPI_BYTE, target, off, count, MPI_BYTE, win));
        break;
    case GET_LATENCY:
        CHECK(MPI_Get(rbuf, count, MPI_BYTE, target, 0, count, MPI_BYTE, win));
        break;
    case ACC_LATENCY:
        CHECK(MPI_Accumulate(sbuf, count / 8, MPI_DOUBLE, target, 0, count / 8, MPI_DOUBLE, MPI_SUM, win));
        break;
    case FOP_LATENCY:
        CHECK(MPI_Fetch_and_op(sbuf, rbuf, MPI_LONG_LONG, target, 0, MPI_SUM, win));
        break;
    default:
        break;
    }
}

/* Opens / closes what spans a whole loop of iterations: flush mode's lock epoch. */
static void epoch_begin(void) {
    if (sync == FLUSH && rank == 0) CHECK(MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win));
}
static void epoch_end(void) {
    if (sync == FLUSH && rank == 0) CHECK(MPI_Win_unlock(1, win));
}

/* `n` iterations (inside epoch_begin / epoch_end). */
static void run(size_t size, long n) {
    int w = ops_per_iter(size);
    for (long it = 0; it < n; it++) {
        switch (sync) {
        case LOCK:
            if (rank != 0) return; /* the target does not take part */
            CHECK(MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win));
            for (int j = 0; j < w; j++) op(size, 1, j);
            CHECK(MPI_Win_unlock(1, win));
            break;
        case FLUSH:
            if (rank != 0) return;
            for (int j = 0; j < w; j++) op(size, 1, j);
            CHECK(MPI_Win_flush(1, win));
            break;
        case FENCE:
            if (test == PUT_BW) {
                CHECK(MPI_Win_fence(0, win));
                if (rank == 0)
                    for (int j = 0; j < w; j++) op(size, 1, j);
                CHECK(MPI_Win_fence(0, win));
            } else if (rank == 0) {
                CHECK(MPI_Win_fence(0, win));
                op(size, peer, 0);
                CHECK(MPI_Win_fence(0, win));
                CHECK(MPI_Win_fence(0, win));
            } else {
                CHECK(MPI_Win_fence(0, win));
                CHECK(MPI_Win_fence(0, win));
                op(size, peer, 0);
                CHECK(MPI_Win_fence(0, win));
            }
            break;
        default:
            break;
        }
    }
}

/* Local loads and stores of the own window: in passive modes inside a lock epoch on oneself (which
 * makes remote updates visible and publishes local ones); in fence mode between fences. */
static void local_begin(void) {
    if (sync != FENCE) CHECK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, rank, 0, win));
}
static void local_end(void) {
    if (sync != FENCE) CHECK(MPI_Win_unlock(rank, win));
}

static unsigned char pattern(size_t i, size_t size, int from) {
    return (unsigned char)(i * (from ? 13 : 7) + size + (from ? 3 : 1));
}

static void fail(size_t size, const char *where, size_t at) {
    fprintf(stderr, "osu_rma: %s %s, %zu bytes: wrong result in %s at byte %zu on rank %d\n", TEST_NAMES[test], SYNC_NAMES[sync], size,
            where, at, rank);
    MPI_Abort(MPI_COMM_WORLD, 3);
}

/* A few iterations whose results every origin and target check; returns only if they are right. */
static void verify_data(size_t size) {
    size_t n = span(size);
    const int reps = test == ACC_LATENCY ? 3 : 1; /* accumulates must add up */
    double *wd = (double *)wbase, *sd = (double *)sbuf;

    local_begin();
    for (size_t i = 0; i < n; i++) {
        if (test == ACC_LATENCY) {
            if (i % 8 == 0) wd[i / 8] = 0, sd[i / 8] = (double)(i / 8 % 1000 + 1);
        } else {
            wbase[i] = test == GET_LATENCY ? pattern(i, size, rank) : 0;
            sbuf[i] = pattern(i, size, rank), rbuf[i] = 0;
        }
    }
    local_end();
    CHECK(MPI_Barrier(MPI_COMM_WORLD));
    epoch_begin();
    run(size, reps);
    epoch_end();
    CHECK(MPI_Barrier(MPI_COMM_WORLD)); /* every origin's operations are complete at the target */

    if (is_origin() && test == GET_LATENCY)
        for (size_t i = 0; i < n; i++)
            if (rbuf[i] != pattern(i, size, peer)) fail(size, "the origin buffer (get)", i);
    if (is_target() && test != GET_LATENCY) {
        local_begin();
        for (size_t i = 0; i < n; i++) {
            int ok = test == ACC_LATENCY ? i % 8 || wd[i / 8] == (double)reps * (double)(i / 8 % 1000 + 1) : wbase[i] == pattern(i, size, peer);
            if (!ok) fail(size, "the target window", i);
        }
        local_end();
    }
    CHECK(MPI_Barrier(MPI_COMM_WORLD));
}

/* fetch_and_op: the target sets its counter to 0 by a store, the origin adds 1 three times and
 * must fetch 0, 1, 2, and the target's load must then read 3. MPICH 4.0.2 (Debian, ch4:ucx) fails
 * this with MPI_Win_allocate: every rank's MPI_Fetch_and_op lands on rank 0's window, whatever
 * the target (with MPI_Win_create it is right); bench/rma.mjs runs MPICH's fop_latency with
 * --win create for that reason. */
static void verify_fop(void) {
    const int reps = 3;
    long long fetched[3];
    long long *wl = (long long *)wbase, *sl = (long long *)sbuf, *rl = (long long *)rbuf;
    local_begin();
    wl[0] = 0, sl[0] = 1;
    local_end();
    CHECK(MPI_Barrier(MPI_COMM_WORLD));
    for (int k = 0; k < reps; k++) {
        rl[0] = -1;
        epoch_begin();
        run(sizeof(long long), 1);
        epoch_end();
        fetched[k] = rl[0];
    }
    CHECK(MPI_Barrier(MPI_COMM_WORLD));
    if (is_origin())
        for (int k = 0; k < reps; k++)
            if (fetched[k] != k) {
                fprintf(stderr, "osu_rma: fetched %lld %lld %lld, expected 0 1 2\n", fetched[0], fetched[1], fetched[2]);
                fail(8, "the fetched values", 0);
            }
    if (is_target()) {
        local_begin();
        long long counter = wl[0];
        local_end();
        if (counter != reps) {
            fprintf(stderr, "osu_rma: the target's counter is %lld, expected %d\n", counter, reps);
            fail(8, "the target window", 0);
        }
    }
    CHECK(MPI_Barrier(MPI_COMM_WORLD));
}

static void verify(size_t size) {
    if (test == FOP_LATENCY) verify_fop();
    else verify_data(size);
}

static double max_over_ranks(double x) {
    double m;
    CHECK(MPI_Allreduce(&x, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
    return m;
}

/* Up to `warmup` untimed iterations in batches of 1, 2, 4, ..., stopping after about half the
 * budget; returns how many ran and sets the slowest rank's time per iteration in the last batch. */
static long warm_up(size_t size, long warmup, double budget_ms, double *per_iter) {
    long done = 0, batch = 1;
    double spent = 0;
    *per_iter = 0;
    while (done < warmup) {
        long n = batch < warmup - done ? batch : warmup - done;
        epoch_begin();
        double t0 = MPI_Wtime();
        run(size, n);
        double dt = MPI_Wtime() - t0;
        epoch_end();
        dt = max_over_ranks(dt);
        done += n, spent += dt, *per_iter = dt / (double)n, batch *= 2;
        if (spent * 1e3 > budget_ms / 2) break;
    }
    return done;
}

/* Parses a comma-separated list of names into a bit set; returns 0 on an unknown name. */
static unsigned parse_names(const char *list, const char *const *names, int count) {
    unsigned set = 0;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        int found = -1;
        for (int k = 0; k < count; k++)
            if (strlen(names[k]) == len && strncmp(p, names[k], len) == 0) found = k;
        if (found < 0) return 0;
        set |= 1u << found;
        p += len + (p[len] == ',');
    }
    return set;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    peer = 1 - rank;

    const char *sizes_arg = NULL, *test_arg = NULL, *sync_arg = "flush";
    long iters = 50000, warmup = 20000;
    double budget_ms = 200;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL) die("option needs a value: ", a);
        if (strcmp(a, "--test") == 0) test_arg = v;
        else if (strcmp(a, "--sync") == 0) sync_arg = v;
        else if (strcmp(a, "--sizes") == 0) sizes_arg = v;
        else if (strcmp(a, "--iters") == 0) iters = atol(v);
        else if (strcmp(a, "--warmup") == 0) warmup = atol(v);
        else if (strcmp(a, "--window") == 0) window = atoi(v);
        else if (strcmp(a, "--win") == 0 && (strcmp(v, "allocate") == 0 || strcmp(v, "create") == 0)) win_create = v[0] == 'c';
        else if (strcmp(a, "--budget-ms") == 0) budget_ms = atof(v);
        else die("unknown option ", a);
        i++;
    }
    if (test_arg == NULL || sizes_arg == NULL)
        die("--test put_latency|get_latency|put_bw|acc_latency|fop_latency and --sizes LIST are required", NULL);
    unsigned tests = parse_names(test_arg, TEST_NAMES, NTESTS);
    if (tests == 0 || (tests & (tests - 1))) die("--test takes one of put_latency, get_latency, put_bw, acc_latency, fop_latency: ", test_arg);
    test = (enum test)__builtin_ctz(tests);
    unsigned syncs = parse_names(sync_arg, SYNC_NAMES, NSYNCS);
    if (syncs == 0) die("--sync takes a list of lock, flush, fence: ", sync_arg);
    if (nranks != 2) die("the one-sided tests run with exactly 2 ranks", NULL);
    if (iters < MIN_ITERS || warmup < 0 || window < 1) die("bad --iters, --warmup or --window", NULL);

    size_t sizes[64], max_span = sizeof(long long);
    int nsizes = 0;
    for (char *p = (char *)sizes_arg; *p;) {
        char *end;
        size_t s = parse_size(p, &end);
        if (end == p || (*end && *end != ',') || nsizes == 64 || s == 0 || s > (1u << 30)) die("bad --sizes (1 B .. 1 GiB): ", sizes_arg);
        if (test == ACC_LATENCY && s % 8) die("acc_latency sizes must be multiples of 8 (doubles): ", sizes_arg);
        if (test == FOP_LATENCY) s = sizeof(long long);
        if (test != FOP_LATENCY || nsizes == 0) sizes[nsizes++] = s;
        if (span(s) > max_span) max_span = span(s);
        p = *end ? end + 1 : end;
    }
    sbuf = malloc(max_span);
    rbuf = malloc(max_span);
    if (!sbuf || !rbuf) die("out of memory", NULL);
    memset(sbuf, 1, max_span);
    memset(rbuf, 0, max_span);

    if (rank == 0) {
        char lib[MPI_MAX_LIBRARY_VERSION_STRING];
        int len;
        MPI_Get_library_version(lib, &len);
        for (char *c = lib; *c; c++)
            if (*c == '"' || *c == '\\' || *c == '\n' || *c == '\t') *c = ' ';
        printf("{\"library\":\"%.120s\"}\n", lib);
        fflush(stdout);
    }

    for (int sy = 0; sy < NSYNCS; sy++) {
        if (!(syncs & (1u << sy))) continue;
        sync = (enum sync)sy;
        if (win_create) {
            CHECK(MPI_Alloc_mem((MPI_Aint)max_span, MPI_INFO_NULL, &wbase));
            CHECK(MPI_Win_create(wbase, (MPI_Aint)max_span, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &win));
        } else
            CHECK(MPI_Win_allocate((MPI_Aint)max_span, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &wbase, &win));
        CHECK(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
        local_begin();
        memset(wbase, 0, max_span);
        local_end();
        CHECK(MPI_Barrier(MPI_COMM_WORLD));
        for (int c = 0; c < nsizes; c++) { /* pass 1 */
            double ignored;
            warm_up(sizes[c], warmup, budget_ms, &ignored);
        }
        for (int c = 0; c < nsizes; c++) {
            size_t size = sizes[c];
            verify(size);
            double per_iter;
            long done = warm_up(size, warmup, budget_ms, &per_iter);
            long n = iters;
            if (per_iter > 0 && budget_ms / 1e3 / per_iter < (double)n) n = (long)(budget_ms / 1e3 / per_iter);
            if (n < MIN_ITERS) n = MIN_ITERS;
            n = (long)max_over_ranks((double)n); /* the same count everywhere */

            CHECK(MPI_Barrier(MPI_COMM_WORLD));
            epoch_begin();
            double t0 = MPI_Wtime();
            run(size, n);
            double t = MPI_Wtime() - t0;
            epoch_end();
            CHECK(MPI_Barrier(MPI_COMM_WORLD));
            if (rank == 0) {
                int w = ops_per_iter(size);
                double us = t / (double)n * 1e6;
                if (sync == FENCE && test != PUT_BW) us /= 2; /* a ping-pong: one direction */
                printf("{\"test\":\"%s\",\"sync\":\"%s\",\"ranks\":%d,\"size\":%zu,\"window\":%d,\"iters\":%ld,\"warmup\":%ld,"
                       "\"us\":%.6g,\"mbps\":%.6g,\"verified\":true}\n",
                       TEST_NAMES[test], SYNC_NAMES[sync], nranks, size, w, n, done, us, (double)size * w / us);
                fflush(stdout);
            }
        }
        CHECK(MPI_Win_free(&win));
        if (win_create) CHECK(MPI_Free_mem(wbase));
    }
    free(sbuf), free(rbuf);
    MPI_Finalize();
    return 0;
}
