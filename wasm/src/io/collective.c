/* Collective data access: two-phase I/O as ROMIO does it. The file range the
 * ranks touch together is cut into one domain per aggregator (cb_nodes of
 * them); each round, every rank sends an aggregator its pieces falling in
 * the next cb_buffer_size bytes of that aggregator's domain (offsets and
 * lengths, and the data when writing), and the aggregator makes one large
 * contiguous access: a write reads the stretch first when the pieces leave
 * holes (data sieving), a read sends each rank its pieces back. In atomic
 * mode each rank makes its own locked access instead.
 *
 * Also the ordered calls (shared file pointer, rank order) and the split
 * collectives, which do the whole access in _begin and report it in _end. */
#include "io.h"
#include "../channel.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int MPIR_File_move(MPIR_File *fh, int64_t at, char *data, int64_t n, int write, size_t *done, const char *fc);

typedef struct piece {
    int64_t off, len, pos; /* file offset, bytes, position in this rank's packed data */
} piece;

typedef struct pieces {
    piece *p;
    size_t n, cap;
} pieces;

static int add_piece(void *arg, int64_t off, int64_t pos, int64_t len)
{
    pieces *l = arg;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        piece *grown = realloc(l->p, cap * sizeof *grown);
        if (grown == NULL)
            return MPI_ERR_NO_MEM;
        l->p = grown;
        l->cap = cap;
    }
    l->p[l->n++] = (piece){off, len, pos};
    return 0;
}

/* What one aggregator's chunk of a round asks of this rank: the clipped pieces, in order. */
typedef struct two_phase {
    MPIR_File *fh;
    int write, naggr;
    int64_t lo, domain, cb;
    pieces mine;
    char *data;             /* this rank's packed data */
    int *scount, *sdispl, *rcount, *rdispl; /* MPI_Alltoallv arguments (reused) */
} two_phase;

/* The chunk of aggregator a in round k: [*from, *to). */
static void chunk(const two_phase *tp, int a, int64_t k, int64_t hi, int64_t *from, int64_t *to)
{
    int64_t dstart = tp->lo + a * tp->domain, dend = dstart + tp->domain < hi ? dstart + tp->domain : hi;
    *from = dstart + k * tp->cb;
    *to = *from + tp->cb < dend ? *from + tp->cb : dend;
    if (*from > dend)
        *from = *to = dend;
}

/* This rank's pieces clipped to [from, to), appended to out (offset, len, pos). */
static size_t clip(const pieces *mine, int64_t from, int64_t to, pieces *out)
{
    size_t before = out->n;
    for (size_t i = 0; i < mine->n; i++) {
        const piece *p = &mine->p[i];
        int64_t s = p->off > from ? p->off : from, e = p->off + p->len < to ? p->off + p->len : to;
        if (s < e && add_piece(out, s, p->pos + (s - p->off), e - s))
            return (size_t)-1;
    }
    return out->n - before;
}

/* Out of memory in the middle of a collective access: the other ranks would wait for this one's
 * next exchange for ever, so the job ends, naming the call. */
static void no_memory(const char *fc)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%s: out of memory for collective I/O buffers (lower the cb_buffer_size hint)", fc);
    wmpi_job_abort(MPI_ERR_NO_MEM, msg);
}

/* One round: exchange the pieces of every aggregator's next chunk and access the file. An I/O
 * error at the aggregator is returned after the round's exchanges, which every rank makes. */
static int round_trip(two_phase *tp, int64_t k, int64_t hi, const char *fc)
{
    MPIR_File *fh = tp->fh;
    int size = fh->size, err = MPI_SUCCESS;
    pieces out = {0};
    int64_t *hdr_send = NULL, *hdr_recv = NULL;
    char *dsend = NULL, *drecv = NULL, *buf = NULL;
    int *npieces = calloc((size_t)size, sizeof *npieces), *nrecv = calloc((size_t)size, sizeof *nrecv);
    if (!npieces || !nrecv)
        no_memory(fc);
    for (int a = 0; a < tp->naggr; a++) {
        int64_t from, to;
        chunk(tp, a, k, hi, &from, &to);
        size_t n = clip(&tp->mine, from, to, &out);
        if (n == (size_t)-1)
            no_memory(fc);
        npieces[a] = (int)n;
    }
    /* how many pieces each aggregator gets from each rank */
    if ((err = MPI_Alltoall(npieces, 1, MPI_INT, nrecv, 1, MPI_INT, fh->comm_handle)))
        goto out;
    size_t total_in = 0;
    for (int r = 0; r < size; r++)
        total_in += (size_t)nrecv[r];
    hdr_send = malloc((out.n + 1) * 2 * sizeof *hdr_send);
    hdr_recv = malloc((total_in + 1) * 2 * sizeof *hdr_recv);
    if (!hdr_send || !hdr_recv)
        no_memory(fc);
    int64_t out_bytes = 0;
    for (size_t i = 0; i < out.n; i++) {
        hdr_send[2 * i] = out.p[i].off;
        hdr_send[2 * i + 1] = out.p[i].len;
        out_bytes += out.p[i].len;
    }
    for (int r = 0, sd = 0, rd = 0; r < size; r++) {
        tp->scount[r] = 2 * npieces[r];
        tp->sdispl[r] = sd;
        sd += tp->scount[r];
        tp->rcount[r] = 2 * nrecv[r];
        tp->rdispl[r] = rd;
        rd += tp->rcount[r];
    }
    if ((err = MPI_Alltoallv(hdr_send, tp->scount, tp->sdispl, MPI_INT64_T, hdr_recv, tp->rcount, tp->rdispl, MPI_INT64_T,
                             fh->comm_handle)))
        goto out;
    /* the aggregator's stretch: from its first to its last requested byte */
    int64_t lo = INT64_MAX, top = INT64_MIN, covered = 0;
    for (size_t i = 0; i < total_in; i++) {
        int64_t off = hdr_recv[2 * i], len = hdr_recv[2 * i + 1];
        lo = off < lo ? off : lo;
        top = off + len > top ? off + len : top;
        covered += len;
    }
    if (total_in > 0 && (buf = MPIR_Malloc((size_t)(top - lo))) == NULL)
        no_memory(fc);
    /* per-rank byte counts of the data moved this round */
    for (int r = 0, first = 0, i = 0; r < size; r++) {
        int64_t mine_to_r = 0, from_r = 0;
        for (int j = 0; j < npieces[r]; j++)
            mine_to_r += out.p[first + j].len;
        for (int j = 0; j < nrecv[r]; j++, i++)
            from_r += hdr_recv[2 * i + 1];
        /* writes: data goes to the aggregator; reads: it comes back */
        tp->scount[r] = (int)(tp->write ? mine_to_r : from_r);
        tp->rcount[r] = (int)(tp->write ? from_r : mine_to_r);
        tp->sdispl[r] = (int)(r ? tp->sdispl[r - 1] + tp->scount[r - 1] : 0);
        tp->rdispl[r] = (int)(r ? tp->rdispl[r - 1] + tp->rcount[r - 1] : 0);
        first += npieces[r];
    }
    if (tp->write) {
        dsend = MPIR_Malloc((size_t)out_bytes + 1);
        drecv = MPIR_Malloc((size_t)covered + 1);
        if (!dsend || !drecv)
            no_memory(fc);
        for (size_t i = 0, at = 0; i < out.n; at += (size_t)out.p[i].len, i++)
            memcpy(dsend + at, tp->data + out.p[i].pos, (size_t)out.p[i].len);
        if ((err = MPI_Alltoallv(dsend, tp->scount, tp->sdispl, MPI_BYTE, drecv, tp->rcount, tp->rdispl, MPI_BYTE,
                                 fh->comm_handle)))
            goto out;
        if (total_in > 0) {
            /* holes between the pieces keep what the file has there (zeros past its end) */
            if (covered < top - lo) {
                memset(buf, 0, (size_t)(top - lo));
                for (int64_t got = 0; got < top - lo;) {
                    ssize_t n = pread(fh->fd, buf + got, (size_t)(top - lo - got), lo + got);
                    if (n < 0 && errno == EINTR)
                        continue;
                    if (n < 0) {
                        err = MPIR_Err_set(MPIR_File_errno_class(errno), fc, "reading \"%s\": %s", fh->path, strerror(errno));
                        goto out; /* the round's exchanges are done */
                    }
                    if (n == 0)
                        break; /* the end of the file: zeros from here */
                    got += n;
                }
            }
            for (size_t i = 0, at = 0; i < total_in; at += (size_t)hdr_recv[2 * i + 1], i++)
                memcpy(buf + (hdr_recv[2 * i] - lo), drecv + at, (size_t)hdr_recv[2 * i + 1]);
            for (int64_t w = 0; w < top - lo;) {
                ssize_t n = pwrite(fh->fd, buf + w, (size_t)(top - lo - w), lo + w);
                if (n <= 0) {
                    err = MPIR_Err_set(MPIR_File_errno_class(errno), fc, "writing \"%s\": %s", fh->path, strerror(errno));
                    goto out; /* the round's exchanges are done */
                }
                w += n;
            }
        }
    } else {
        dsend = MPIR_Malloc((size_t)covered + 1);
        drecv = MPIR_Malloc((size_t)out_bytes + 1);
        if (!dsend || !drecv)
            no_memory(fc);
        if (total_in > 0) {
            int64_t got = 0;
            while (got < top - lo) {
                ssize_t n = pread(fh->fd, buf + got, (size_t)(top - lo - got), lo + got);
                if (n < 0) { /* the ranks still get their (zeroed) pieces: the exchange must happen */
                    err = MPIR_Err_set(MPIR_File_errno_class(errno), fc, "reading \"%s\": %s", fh->path, strerror(errno));
                    break;
                }
                if (n == 0)
                    break;
                got += n;
            }
            memset(buf + got, 0, (size_t)(top - lo - got)); /* past the end of the file */
            for (size_t i = 0, at = 0; i < total_in; at += (size_t)hdr_recv[2 * i + 1], i++)
                memcpy(dsend + at, buf + (hdr_recv[2 * i] - lo), (size_t)hdr_recv[2 * i + 1]);
        }
        int sent = MPI_Alltoallv(dsend, tp->scount, tp->sdispl, MPI_BYTE, drecv, tp->rcount, tp->rdispl, MPI_BYTE,
                                 fh->comm_handle);
        err = err ? err : sent;
        for (size_t i = 0, at = 0; i < out.n; at += (size_t)out.p[i].len, i++)
            memcpy(tp->data + out.p[i].pos, drecv + at, (size_t)out.p[i].len);
    }
out:
    free(out.p);
    free(hdr_send);
    free(hdr_recv);
    free(npieces);
    free(nrecv);
    MPIR_Free(dsend);
    MPIR_Free(drecv);
    MPIR_Free(buf);
    return err;
}

/* Bytes of this rank's pieces that lie before the end of the file (what a read got). */
static size_t before_eof(const MPIR_File *fh, const pieces *mine)
{
    struct stat st;
    if (fstat(fh->fd, &st) != 0)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < mine->n; i++) {
        const piece *p = &mine->p[i];
        if (p->off >= st.st_size)
            break;
        n += (size_t)(p->off + p->len <= st.st_size ? p->len : st.st_size - p->off);
    }
    return n;
}

int MPIR_File_rw_at_all(const char *fc, MPIR_File *fh, MPI_Offset offset, void *buf, int count, MPI_Datatype type,
                        int write, size_t *done)
{
    size_t bytes = 0;
    int err = MPIR_File_check_access(fc, fh, buf, count, type, write, &bytes);
    if (!err && offset < 0)
        err = MPIR_Err_set(MPI_ERR_ARG, fc, "negative offset %lld (offset)", (long long)offset);
    *done = 0;
    /* a rank whose arguments are wrong still takes part, with nothing: the others must not wait for it */
    if (err)
        bytes = 0;
    if (fh->atomic) {
        int rc = err ? err : MPIR_File_rw_at(fc, fh, offset, buf, count, type, write, done);
        int b = MPI_Barrier(fh->comm_handle);
        return rc ? rc : b;
    }
    MPI_Aint lb;
    int contig = MPIR_File_in_place(fh, type, &lb);
    two_phase tp = {fh, write, fh->cb_nodes < fh->size ? fh->cb_nodes : fh->size, 0, 0, fh->cb_buffer_size, {0}, NULL,
                    NULL, NULL, NULL, NULL};
    tp.data = bytes == 0 ? NULL : contig ? (char *)buf + lb : MPIR_Malloc(bytes);
    if (bytes > 0 && tp.data == NULL && !err)
        err = MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory for %zu bytes", bytes);
    if (!err && write && !contig && bytes > 0)
        MPIR_File_pack(fh, buf, count, type, tp.data, bytes);
    if (!err && bytes > 0 && MPIR_File_runs(fh, offset * fh->esize, (int64_t)bytes, add_piece, &tp.mine))
        err = MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory");
    /* the range every rank touches */
    int64_t range[2] = {INT64_MIN, INT64_MIN}; /* -lo, hi */
    for (size_t i = 0; i < tp.mine.n; i++) {
        range[0] = -tp.mine.p[i].off > range[0] ? -tp.mine.p[i].off : range[0];
        range[1] = tp.mine.p[i].off + tp.mine.p[i].len > range[1] ? tp.mine.p[i].off + tp.mine.p[i].len : range[1];
    }
    int failed = err != 0;
    int coll = MPI_Allreduce(MPI_IN_PLACE, range, 2, MPI_INT64_T, MPI_MAX, fh->comm_handle);
    if (!coll)
        coll = MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, fh->comm_handle);
    if (!coll && !failed && range[1] > -range[0]) {
        int64_t lo = -range[0], hi = range[1];
        tp.lo = lo;
        tp.domain = (hi - lo + tp.naggr - 1) / tp.naggr;
        int64_t rounds = (tp.domain + tp.cb - 1) / tp.cb;
        if ((tp.scount = malloc(4 * (size_t)fh->size * sizeof(int))) == NULL)
            no_memory(fc);
        tp.sdispl = tp.scount + fh->size;
        tp.rcount = tp.sdispl + fh->size;
        tp.rdispl = tp.rcount + fh->size;
        for (int64_t k = 0; k < rounds; k++) { /* every round, whatever failed: the others take part in each */
            int e = round_trip(&tp, k, hi, fc);
            coll = coll ? coll : e;
        }
        free(tp.scount);
        /* the aggregators' accesses are over (a rank reads its own write next) and any failure is everybody's */
        int worst = coll;
        int agreed = MPI_Allreduce(MPI_IN_PLACE, &worst, 1, MPI_INT, MPI_MAX, fh->comm_handle);
        if (!coll && (agreed || worst))
            coll = agreed ? agreed : MPIR_Err_set(worst, fc, "an aggregator's access to \"%s\" failed", fh->path);
    }
    if (!err && !coll && !failed) {
        *done = write ? bytes : before_eof(fh, &tp.mine);
        if (!write && !contig && bytes > 0)
            MPIR_File_unpack(fh, tp.data, bytes, buf, count, type);
    }
    if (!contig)
        MPIR_Free(tp.data);
    free(tp.mine.p);
    if (err)
        return err;
    if (failed && !coll)
        return MPIR_Err_set(MPI_ERR_OTHER, fc, "another rank's part of the collective access failed");
    return coll;
}

/* ---- the calls ---- */

enum { AT, INDIVIDUAL, ORDERED };

/* A collective access; `status` NULL: report through `request` (nonblocking, complete at once). */
static int collective(const char *fc, MPI_File handle, int where, MPI_Offset offset, void *buf, int count,
                      MPI_Datatype type, int write, MPI_Status *status, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), handle, MPIR_TRACE_NONE);
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (where != ORDERED && (fh->amode & MPI_MODE_SEQUENTIAL))
        return MPIR_FILE_ERR(fh, MPI_ERR_UNSUPPORTED_OPERATION, fc, "the file was opened with MPI_MODE_SEQUENTIAL (fh)");
    if (fh->split)
        return MPIR_FILE_ERR(fh, MPI_ERR_OTHER, fc, "a split collective is under way on the file (fh)");
    size_t bytes = 0, done = 0;
    int argerr = MPIR_File_check_access(fc, fh, buf, count, type, write, &bytes);
    int64_t n = argerr || !fh->esize ? 0 : (int64_t)bytes / fh->esize;
    if (where == INDIVIDUAL)
        offset = fh->pos;
    else if (where == ORDERED) {
        /* rank order from the shared pointer: rank 0 reads it, each rank's place is the sum of those before it */
        int64_t start = 0, before = 0, total = 0;
        if (fh->rank == 0)
            err = MPIR_File_shared_get(fh, &start);
        MPI_Bcast(&start, 1, MPI_INT64_T, 0, fh->comm_handle);
        MPI_Exscan(&n, &before, 1, MPI_INT64_T, MPI_SUM, fh->comm_handle);
        MPI_Allreduce(&n, &total, 1, MPI_INT64_T, MPI_SUM, fh->comm_handle);
        offset = start + (fh->rank ? before : 0);
        if (fh->rank == 0 && !err)
            err = MPIR_File_shared_set(fh, start + total);
    }
    int rc = MPIR_File_rw_at_all(fc, fh, offset, buf, count, type, write, &done);
    err = err ? err : rc;
    if (where == INDIVIDUAL && !err)
        fh->pos += n;
    if (where == ORDERED) {
        int b = MPI_Barrier(fh->comm_handle); /* the shared pointer is moved before anyone goes on */
        err = err ? err : b;
    }
    return MPIR_File_report(fh, err, done, status, request);
}

int MPI_File_read_at_all(MPI_File fh, MPI_Offset offset, void *buf, int count, MPI_Datatype datatype, MPI_Status *status)
{
    return collective("MPI_File_read_at_all", fh, AT, offset, buf, count, datatype, 0, status, NULL);
}

int MPI_File_write_at_all(MPI_File fh, MPI_Offset offset, const void *buf, int count, MPI_Datatype datatype,
                          MPI_Status *status)
{
    return collective("MPI_File_write_at_all", fh, AT, offset, (void *)buf, count, datatype, 1, status, NULL);
}

int MPI_File_iread_at_all(MPI_File fh, MPI_Offset offset, void *buf, int count, MPI_Datatype datatype,
                          MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_iread_at_all", "null pointer (request)");
    return collective("MPI_File_iread_at_all", fh, AT, offset, buf, count, datatype, 0, MPI_STATUS_IGNORE, request);
}

int MPI_File_iwrite_at_all(MPI_File fh, MPI_Offset offset, const void *buf, int count, MPI_Datatype datatype,
                           MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_iwrite_at_all", "null pointer (request)");
    return collective("MPI_File_iwrite_at_all", fh, AT, offset, (void *)buf, count, datatype, 1, MPI_STATUS_IGNORE,
                      request);
}

int MPI_File_read_all(MPI_File fh, void *buf, int count, MPI_Datatype datatype, MPI_Status *status)
{
    return collective("MPI_File_read_all", fh, INDIVIDUAL, 0, buf, count, datatype, 0, status, NULL);
}

int MPI_File_write_all(MPI_File fh, const void *buf, int count, MPI_Datatype datatype, MPI_Status *status)
{
    return collective("MPI_File_write_all", fh, INDIVIDUAL, 0, (void *)buf, count, datatype, 1, status, NULL);
}

int MPI_File_iread_all(MPI_File fh, void *buf, int count, MPI_Datatype datatype, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_iread_all", "null pointer (request)");
    return collective("MPI_File_iread_all", fh, INDIVIDUAL, 0, buf, count, datatype, 0, MPI_STATUS_IGNORE, request);
}

int MPI_File_iwrite_all(MPI_File fh, const void *buf, int count, MPI_Datatype datatype, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_iwrite_all", "null pointer (request)");
    return collective("MPI_File_iwrite_all", fh, INDIVIDUAL, 0, (void *)buf, count, datatype, 1, MPI_STATUS_IGNORE,
                      request);
}

int MPI_File_read_ordered(MPI_File fh, void *buf, int count, MPI_Datatype datatype, MPI_Status *status)
{
    return collective("MPI_File_read_ordered", fh, ORDERED, 0, buf, count, datatype, 0, status, NULL);
}

int MPI_File_write_ordered(MPI_File fh, const void *buf, int count, MPI_Datatype datatype, MPI_Status *status)
{
    return collective("MPI_File_write_ordered", fh, ORDERED, 0, (void *)buf, count, datatype, 1, status, NULL);
}

/* ---- split collectives: the access happens in _begin; _end reports it ---- */

static int split_begin(const char *fc, MPI_File handle, int where, MPI_Offset offset, void *buf, int count,
                       MPI_Datatype type, int write)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), handle, MPIR_TRACE_NONE);
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (fh->split)
        return MPIR_FILE_ERR(fh, MPI_ERR_OTHER, fc, "a split collective is under way already: end it first (fh)");
    MPI_Errhandler eh = fh->errhandler;
    fh->errhandler = MPI_ERRORS_RETURN; /* the error is reported by _end */
    MPIR_Errhandler_ref(MPI_ERRORS_RETURN);
    err = collective(fc, handle, where, offset, buf, count, type, write, &fh->split_status, NULL);
    MPIR_Errhandler_release(fh->errhandler);
    fh->errhandler = eh;
    fh->split = 1 + 2 * where + write;
    fh->split_buf = buf;
    fh->split_error = err;
    return MPI_SUCCESS;
}

static int split_end(const char *fc, MPI_File handle, const void *buf, int where, int write, MPI_Status *status)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, handle, MPIR_TRACE_NONE);
    static const char *const begun[] = {"read_at_all", "write_at_all", "read_all", "write_all", "read_ordered", "write_ordered"};
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (fh->split != 1 + 2 * where + write)
        return MPIR_FILE_ERR(fh, MPI_ERR_OTHER, fc, "%s%s%s (fh)",
                             fh->split ? "the split collective begun is MPI_File_" : "no split collective was begun on the file",
                             fh->split ? begun[fh->split - 1] : "", fh->split ? "_begin" : "");
    if (buf != fh->split_buf)
        return MPIR_FILE_ERR(fh, MPI_ERR_BUFFER, fc, "not the buffer given to the _begin call (buf)");
    fh->split = 0;
    if (status != MPI_STATUS_IGNORE && status != NULL)
        *status = fh->split_status;
    return fh->split_error ? MPIR_File_raise(fh, fh->split_error) : MPI_SUCCESS;
}

int MPI_File_read_at_all_begin(MPI_File fh, MPI_Offset offset, void *buf, int count, MPI_Datatype datatype)
{
    return split_begin("MPI_File_read_at_all_begin", fh, AT, offset, buf, count, datatype, 0);
}
int MPI_File_read_at_all_end(MPI_File fh, void *buf, MPI_Status *status)
{
    return split_end("MPI_File_read_at_all_end", fh, buf, AT, 0, status);
}
int MPI_File_write_at_all_begin(MPI_File fh, MPI_Offset offset, const void *buf, int count, MPI_Datatype datatype)
{
    return split_begin("MPI_File_write_at_all_begin", fh, AT, offset, (void *)buf, count, datatype, 1);
}
int MPI_File_write_at_all_end(MPI_File fh, const void *buf, MPI_Status *status)
{
    return split_end("MPI_File_write_at_all_end", fh, buf, AT, 1, status);
}
int MPI_File_read_all_begin(MPI_File fh, void *buf, int count, MPI_Datatype datatype)
{
    return split_begin("MPI_File_read_all_begin", fh, INDIVIDUAL, 0, buf, count, datatype, 0);
}
int MPI_File_read_all_end(MPI_File fh, void *buf, MPI_Status *status)
{
    return split_end("MPI_File_read_all_end", fh, buf, INDIVIDUAL, 0, status);
}
int MPI_File_write_all_begin(MPI_File fh, const void *buf, int count, MPI_Datatype datatype)
{
    return split_begin("MPI_File_write_all_begin", fh, INDIVIDUAL, 0, (void *)buf, count, datatype, 1);
}
int MPI_File_write_all_end(MPI_File fh, const void *buf, MPI_Status *status)
{
    return split_end("MPI_File_write_all_end", fh, buf, INDIVIDUAL, 1, status);
}
int MPI_File_read_ordered_begin(MPI_File fh, void *buf, int count, MPI_Datatype datatype)
{
    return split_begin("MPI_File_read_ordered_begin", fh, ORDERED, 0, buf, count, datatype, 0);
}
int MPI_File_read_ordered_end(MPI_File fh, void *buf, MPI_Status *status)
{
    return split_end("MPI_File_read_ordered_end", fh, buf, ORDERED, 0, status);
}
int MPI_File_write_ordered_begin(MPI_File fh, const void *buf, int count, MPI_Datatype datatype)
{
    return split_begin("MPI_File_write_ordered_begin", fh, ORDERED, 0, (void *)buf, count, datatype, 1);
}
int MPI_File_write_ordered_end(MPI_File fh, const void *buf, MPI_Status *status)
{
    return split_end("MPI_File_write_ordered_end", fh, buf, ORDERED, 1, status);
}
