/* MPI-IO bandwidth of a block-distributed 2-D array, for bench/io.mjs: the same source is built with
 * mpicc.mpich (native, MPI-IO by ROMIO) and with wmpicc (one standalone .wasm run by wmpiexec).
 *
 *   mpiexec -n P io_c --sizes 1M,4M,16M,64M [--reps N] [--warmup N] [--warmup-ms MS]
 *                     [--modes coll,indep,contig] [--cols C] [--file NAME]
 *
 * The array: R x C doubles, row-major in one shared file, element (i, j) = i * C + j. The ranks form
 * a pr x pc grid (MPI_Dims_create, with pc >= pr: the columns are split at least as often as the
 * rows), and rank (ri, ci) owns the block of rows [ri R/pr, (ri+1) R/pr) and columns [ci C/pc,
 * (ci+1) C/pc). In the file a rank's block is R/pr pieces of C/pc doubles, one per row, interleaved
 * with the other column-blocks' pieces: an interleaved view. C defaults to about the square root of
 * the array's elements (rounded down to a multiple of pc), R to what fills the size (a multiple of pr);
 * --cols C fixes the row length instead (smaller pieces, more of them). Sizes are the whole array's
 * bytes (K and M suffixes); the array is a little smaller when the size does not divide evenly.
 *
 * Modes, each a write of the whole array and then a read of it:
 *   coll    the block's subarray as the file view (MPI_Type_create_subarray, etype MPI_DOUBLE),
 *           MPI_File_write_all / MPI_File_read_all from the start of the view (two-phase I/O);
 *   indep   the same view, MPI_File_write / MPI_File_read (independent: one access of C/pc doubles
 *           per row unless the library sieves);
 *   contig  no view (bytes), each rank's block as one contiguous stretch of the file, at rank *
 *           block bytes, MPI_File_write_at_all / MPI_File_read_at_all (a different file layout: the
 *           best case, one large access per rank).
 * First a warm-up pass: each mode writes and reads the first size's array over and over for
 * --warmup-ms (default 500) milliseconds, untimed (V8 compiles wasm code in tiers while it runs:
 * with 1 warm-up repetition the 1 MiB collective ran at a quarter of its later speed).
 * Per size and mode: the file is truncated (MPI_File_set_size 0), WARMUP untimed writes, REPS timed
 * ones, then WARMUP untimed reads and REPS timed ones. A timed operation is MPI_Barrier, then the
 * call, and for writes MPI_File_sync (every rank fsyncs the file: the data reaches the disk, or
 * whatever the disk's host promises), each rank's time from the barrier; the figure is the slowest
 * rank's. Reads come from the page cache (the file was just written; nothing drops it). After the
 * writes the file itself is checked, read without a view (each rank 1/P of it: element e must be e).
 * Before every read the buffer is set to -1, after it every element and the status's count are
 * checked. A wrong value aborts with exit 3.
 *
 * Rank 0 prints JSON lines: first {"library":..} and {"hints":..} (the file's info after opening),
 * then one per (size, mode, op):
 *   {"size":1048576,"bytes":..,"rows":R,"cols":C,"grid":[pr,pc],"piece":bytes,"pieces":per rank,
 *    "mode":"coll","op":"write","reps":N,"mbps":median MB/s,"mbps_best":..,"mbps_nosync":..,
 *    "sync_ms":median ms in MPI_File_sync,"verified":true}
 * MB/s = 1e6 bytes per second of the whole array; mbps_nosync times the write call alone (writes). */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { COLL, INDEP, CONTIG };
static const char *const MODE_NAMES[] = {"coll", "indep", "contig"};

static int rank, nranks;

static void die(const char *msg, const char *detail) {
    if (rank == 0) fprintf(stderr, "io_c: %s%s\n", msg, detail ? detail : "");
    MPI_Abort(MPI_COMM_WORLD, 2);
}

static void check(int err, const char *call) {
    if (err == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int len;
    MPI_Error_string(err, text, &len);
    fprintf(stderr, "io_c: rank %d: %s failed: %s\n", rank, call, text);
    MPI_Abort(MPI_COMM_WORLD, 2);
}

static size_t parse_size(const char *s, char **end) {
    size_t v = (size_t)strtoull(s, end, 10);
    if (**end == 'K' || **end == 'k') v *= 1024, (*end)++;
    else if (**end == 'M' || **end == 'm') v *= 1024 * 1024, (*end)++;
    return v;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *xs, int n) {
    qsort(xs, (size_t)n, sizeof *xs, cmp_double);
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

static double max_over_ranks(double x) {
    double m;
    MPI_Allreduce(&x, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

/* The layout of one size: the array's shape and this rank's block. */
typedef struct layout {
    long rows, cols;           /* R, C */
    int pr, pc, ri, ci;        /* grid and this rank's place in it */
    long brows, bcols;         /* the block: R/pr x C/pc */
    long n;                    /* doubles in the block */
    MPI_Datatype filetype;     /* the block as a subarray of the array */
} layout;

static layout make_layout(size_t size, long fixed_cols, const int dims[2]) {
    layout l;
    l.pr = dims[0], l.pc = dims[1];
    l.ri = rank / l.pc, l.ci = rank % l.pc;
    long elems = (long)(size / sizeof(double));
    long cols = fixed_cols;
    if (cols <= 0) {
        cols = 1;
        while ((cols + 1) * (cols + 1) <= elems) cols++; /* floor(sqrt(elems)) */
    }
    cols -= cols % l.pc;
    long rows = cols > 0 ? elems / cols : 0;
    rows -= rows % l.pr;
    if (cols < l.pc || rows < l.pr) die("a size is too small for the process grid", NULL);
    l.rows = rows, l.cols = cols;
    l.brows = rows / l.pr, l.bcols = cols / l.pc;
    l.n = l.brows * l.bcols;
    if (l.n > 0x7fffffffL) die("a block holds more than 2^31 doubles", NULL);
    int sizes[2] = {(int)rows, (int)cols}, sub[2] = {(int)l.brows, (int)l.bcols};
    int starts[2] = {(int)(l.ri * l.brows), (int)(l.ci * l.bcols)};
    check(MPI_Type_create_subarray(2, sizes, sub, starts, MPI_ORDER_C, MPI_DOUBLE, &l.filetype), "MPI_Type_create_subarray");
    check(MPI_Type_commit(&l.filetype), "MPI_Type_commit");
    return l;
}

/* The value of the block's k-th element: its global index. */
static double expected(const layout *l, long k) {
    long i = l->ri * l->brows + k / l->bcols, j = l->ci * l->bcols + k % l->bcols;
    return (double)(i * l->cols + j);
}

static void set_view(MPI_File fh, const layout *l, enum mode m) {
    if (m == CONTIG) check(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL), "MPI_File_set_view");
    else check(MPI_File_set_view(fh, 0, MPI_DOUBLE, l->filetype, "native", MPI_INFO_NULL), "MPI_File_set_view");
}

/* One write or read of the block in mode m. */
static void access_block(MPI_File fh, const layout *l, enum mode m, int write, double *buf) {
    MPI_Status st;
    int n = (int)l->n, err = MPI_SUCCESS;
    const char *call = "";
    switch (m) {
    case COLL:
        check(MPI_File_seek(fh, 0, MPI_SEEK_SET), "MPI_File_seek");
        err = write ? MPI_File_write_all(fh, buf, n, MPI_DOUBLE, &st) : MPI_File_read_all(fh, buf, n, MPI_DOUBLE, &st);
        call = write ? "MPI_File_write_all" : "MPI_File_read_all";
        break;
    case INDEP:
        check(MPI_File_seek(fh, 0, MPI_SEEK_SET), "MPI_File_seek");
        err = write ? MPI_File_write(fh, buf, n, MPI_DOUBLE, &st) : MPI_File_read(fh, buf, n, MPI_DOUBLE, &st);
        call = write ? "MPI_File_write" : "MPI_File_read";
        break;
    case CONTIG: {
        MPI_Offset at = (MPI_Offset)rank * l->n * (MPI_Offset)sizeof(double);
        err = write ? MPI_File_write_at_all(fh, at, buf, n, MPI_DOUBLE, &st) : MPI_File_read_at_all(fh, at, buf, n, MPI_DOUBLE, &st);
        call = write ? "MPI_File_write_at_all" : "MPI_File_read_at_all";
        break;
    }
    }
    check(err, call);
    int count;
    MPI_Get_count(&st, MPI_DOUBLE, &count);
    if (count != n) {
        fprintf(stderr, "io_c: rank %d: %s moved %d of %d doubles\n", rank, call, count, n);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
}

static void verify(const layout *l, enum mode m, const double *buf, size_t size) {
    for (long k = 0; k < l->n; k++) {
        double want = m == CONTIG ? (double)(rank * l->n + k) + 0.5 : expected(l, k);
        if (buf[k] != want) {
            fprintf(stderr, "io_c: %s read of %zu bytes: rank %d element %ld is %g, expected %g\n", MODE_NAMES[m], size, rank, k, buf[k], want);
            MPI_Abort(MPI_COMM_WORLD, 3);
        }
    }
}

/* What the file holds after the writes, read without a view: element e of the file is e, the array
 * in row-major order (contig: e + 0.5, the blocks one after the other). Each rank checks 1/P of it. */
static void check_file(MPI_File fh, const layout *l, enum mode m, double *rbuf, size_t size) {
    MPI_Status st;
    check(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL), "MPI_File_set_view");
    for (long k = 0; k < l->n; k++) rbuf[k] = -1;
    check(MPI_File_read_at(fh, (MPI_Offset)rank * l->n * (MPI_Offset)sizeof(double), rbuf, (int)l->n, MPI_DOUBLE, &st), "MPI_File_read_at");
    for (long k = 0; k < l->n; k++) {
        double want = (double)(rank * l->n + k) + (m == CONTIG ? 0.5 : 0);
        if (rbuf[k] != want) {
            fprintf(stderr, "io_c: after the %s writes of %zu bytes the file's element %ld is %g, expected %g\n", MODE_NAMES[m], size,
                    rank * l->n + k, rbuf[k], want);
            MPI_Abort(MPI_COMM_WORLD, 3);
        }
    }
    set_view(fh, l, m);
}

/* The warm-up pass of mode m: writes and reads until the slowest rank has spent `ms` milliseconds. */
static void warm_up(MPI_File fh, const layout *l, enum mode m, double ms, double *wbuf, double *rbuf) {
    set_view(fh, l, m);
    double t0 = MPI_Wtime();
    while (max_over_ranks(MPI_Wtime() - t0) * 1e3 < ms) {
        access_block(fh, l, m, 1, wbuf);
        access_block(fh, l, m, 0, rbuf);
    }
}

/* Writes then reads the array in mode m; rank 0 prints a line for each. */
static void run_mode(MPI_File fh, const layout *l, enum mode m, size_t size, int warmup, int reps, double *wbuf, double *rbuf) {
    /* contig writes a different file layout: values that no other mode's leftovers could match */
    for (long k = 0; k < l->n; k++) wbuf[k] = m == CONTIG ? (double)(rank * l->n + k) + 0.5 : expected(l, k);
    set_view(fh, l, m);
    check(MPI_File_set_size(fh, 0), "MPI_File_set_size");
    double *t = malloc(sizeof(double) * (size_t)reps * 3);
    if (t == NULL) die("out of memory", NULL);
    double *t_sync = t + reps, *t_call = t + 2 * reps;
    for (int write = 1; write >= 0; write--) {
        for (int it = 0; it < warmup + reps; it++) {
            if (!write) for (long k = 0; k < l->n; k++) rbuf[k] = -1;
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            access_block(fh, l, m, write, write ? wbuf : rbuf);
            double t1 = MPI_Wtime();
            if (write) check(MPI_File_sync(fh), "MPI_File_sync");
            double t2 = MPI_Wtime();
            double all = max_over_ranks(t2 - t0), call = max_over_ranks(t1 - t0), sync = max_over_ranks(t2 - t1);
            if (!write) verify(l, m, rbuf, size);
            if (it >= warmup) t[it - warmup] = all, t_call[it - warmup] = call, t_sync[it - warmup] = sync;
        }
        if (write) check_file(fh, l, m, rbuf, size);
        double bytes = (double)l->rows * (double)l->cols * sizeof(double);
        double best = t[0];
        for (int i = 1; i < reps; i++) best = t[i] < best ? t[i] : best;
        double med = median(t, reps), med_call = median(t_call, reps), med_sync = median(t_sync, reps);
        if (rank == 0) {
            printf("{\"size\":%zu,\"bytes\":%.0f,\"rows\":%ld,\"cols\":%ld,\"grid\":[%d,%d],\"ranks\":%d,\"piece\":%ld,\"pieces\":%ld,"
                   "\"mode\":\"%s\",\"op\":\"%s\",\"reps\":%d,\"warmup\":%d,\"mbps\":%.6g,\"mbps_best\":%.6g,\"mbps_nosync\":%.6g,"
                   "\"sync_ms\":%.6g,\"verified\":true}\n",
                   size, bytes, l->rows, l->cols, l->pr, l->pc, nranks, m == CONTIG ? l->n * 8 : l->bcols * 8, m == CONTIG ? 1 : l->brows,
                   MODE_NAMES[m], write ? "write" : "read", reps, warmup, bytes / med / 1e6, bytes / best / 1e6,
                   bytes / (write ? med_call : med) / 1e6, write ? med_sync * 1e3 : 0.0);
            fflush(stdout);
        }
    }
    free(t);
}

static void print_hints(MPI_File fh) {
    MPI_Info info;
    check(MPI_File_get_info(fh, &info), "MPI_File_get_info");
    int nkeys;
    MPI_Info_get_nkeys(info, &nkeys);
    printf("{\"hints\":{");
    for (int i = 0; i < nkeys; i++) {
        char key[MPI_MAX_INFO_KEY + 1], value[256];
        int flag;
        MPI_Info_get_nthkey(info, i, key);
        MPI_Info_get(info, key, (int)sizeof value - 1, value, &flag);
        for (char *c = value; *c; c++)
            if (*c == '"' || *c == '\\' || (unsigned char)*c < 32) *c = ' ';
        printf("%s\"%s\":\"%s\"", i ? "," : "", key, flag ? value : "");
    }
    printf("}}\n");
    MPI_Info_free(&info);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);

    const char *sizes_arg = NULL, *modes_arg = "coll,indep,contig", *file = "io_c.dat";
    int reps = 5, warmup = 1;
    double warmup_ms = 500;
    long cols = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL) die("option needs a value: ", a);
        if (strcmp(a, "--sizes") == 0) sizes_arg = v;
        else if (strcmp(a, "--reps") == 0) reps = atoi(v);
        else if (strcmp(a, "--warmup") == 0) warmup = atoi(v);
        else if (strcmp(a, "--warmup-ms") == 0) warmup_ms = atof(v);
        else if (strcmp(a, "--modes") == 0) modes_arg = v;
        else if (strcmp(a, "--cols") == 0) cols = atol(v);
        else if (strcmp(a, "--file") == 0) file = v;
        else die("unknown option ", a);
        i++;
    }
    if (sizes_arg == NULL) die("--sizes LIST is required", NULL);
    if (reps < 1 || warmup < 0 || cols < 0) die("bad --reps, --warmup or --cols", NULL);

    size_t sizes[32], max_size = 0;
    int nsizes = 0;
    for (char *p = (char *)sizes_arg; *p;) {
        char *end;
        size_t s = parse_size(p, &end);
        if (end == p || (*end && *end != ',') || nsizes == 32) die("bad --sizes: ", sizes_arg);
        sizes[nsizes++] = s;
        if (s > max_size) max_size = s;
        p = *end ? end + 1 : end;
    }
    enum mode modes[3];
    int nmodes = 0;
    for (const char *p = modes_arg; *p;) {
        size_t len = strcspn(p, ",");
        int found = -1;
        for (int m = 0; m < 3; m++)
            if (strlen(MODE_NAMES[m]) == len && strncmp(p, MODE_NAMES[m], len) == 0) found = m;
        if (found < 0 || nmodes == 3) die("bad --modes (coll,indep,contig): ", modes_arg);
        modes[nmodes++] = (enum mode)found;
        p += len + (p[len] == ',');
    }

    int dims[2] = {0, 0};
    MPI_Dims_create(nranks, 2, dims);
    if (dims[0] > dims[1]) { int d = dims[0]; dims[0] = dims[1], dims[1] = d; } /* pc >= pr */

    /* the largest block any size gives (every rank's block is the same size) */
    size_t max_block = max_size / (size_t)nranks + 64;
    double *wbuf = malloc(max_block), *rbuf = malloc(max_block);
    if (!wbuf || !rbuf) die("out of memory", NULL);

    MPI_File fh;
    check(MPI_File_open(MPI_COMM_WORLD, file, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh), "MPI_File_open");
    if (rank == 0) {
        char lib[MPI_MAX_LIBRARY_VERSION_STRING];
        int len;
        MPI_Get_library_version(lib, &len);
        for (char *c = lib; *c; c++)
            if (*c == '"' || *c == '\\' || (unsigned char)*c < 32) *c = ' ';
        printf("{\"library\":\"%.120s\"}\n", lib);
        print_hints(fh);
        fflush(stdout);
    }
    if (warmup_ms > 0) {
        layout l = make_layout(sizes[0], cols, dims);
        for (int m = 0; m < nmodes; m++) warm_up(fh, &l, modes[m], warmup_ms, wbuf, rbuf);
        MPI_Type_free(&l.filetype);
    }
    for (int s = 0; s < nsizes; s++) {
        layout l = make_layout(sizes[s], cols, dims);
        if ((size_t)l.n * sizeof(double) > max_block) die("internal: block larger than its buffer", NULL);
        for (int m = 0; m < nmodes; m++) run_mode(fh, &l, modes[m], sizes[s], warmup, reps, wbuf, rbuf);
        MPI_Type_free(&l.filetype);
    }
    check(MPI_File_close(&fh), "MPI_File_close");
    if (rank == 0) check(MPI_File_delete(file, MPI_INFO_NULL), "MPI_File_delete");
    free(wbuf), free(rbuf);
    MPI_Finalize();
    return 0;
}
