/* Independent data access (MPI-4.0 14.4): explicit offsets, the individual
 * file pointer and the shared file pointer, blocking and nonblocking (which
 * finish at the call: the request comes back complete). The data is packed
 * into one buffer (or used in place when contiguous) and moved with pread
 * and pwrite, one call per contiguous run of the view. */
#include "io.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int MPIR_File_check_access(const char *fc, MPIR_File *fh, const void *buf, int count, MPI_Datatype type, int write,
                           size_t *bytes)
{
    if (write && (fh->amode & MPI_MODE_RDONLY))
        return MPIR_Err_set(MPI_ERR_READ_ONLY, fc, "the file is open read-only (fh)");
    if (!write && (fh->amode & MPI_MODE_WRONLY))
        return MPIR_Err_set(MPI_ERR_ACCESS, fc, "the file is open write-only (fh)");
    if (count < 0)
        return MPIR_Err_set(MPI_ERR_COUNT, fc, "negative count %d (count)", count);
    MPIR_Dtype *t = MPIR_Dtype_get(type);
    if (t == NULL || t->user_refs == 0)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "invalid datatype 0x%x (datatype)", (unsigned)type);
    if (!t->committed)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "datatype 0x%x is not committed (datatype)", (unsigned)type);
    uint64_t n = (uint64_t)count * (uint64_t)t->size;
    if (n > SIZE_MAX)
        return MPIR_Err_set(MPI_ERR_COUNT, fc, "count %d is too large (count)", count);
    if (buf == NULL && n > 0 && HANDLE_IS_BUILTIN(type))
        return MPIR_Err_set(MPI_ERR_BUFFER, fc, "null buffer with count %d (buf)", count);
    if (fh->esize > 0 && n % (uint64_t)fh->esize != 0)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "%llu bytes are not a whole number of the view's %lld-byte etypes (datatype)",
                            (unsigned long long)n, (long long)fh->esize);
    *bytes = (size_t)n;
    return MPI_SUCCESS;
}

void MPIR_File_status(MPI_Status *status, size_t bytes)
{
    if (status == MPI_STATUS_IGNORE)
        return;
    MPIR_Status_set_empty(status);
    MPIR_Status_set_bytes(status, bytes);
}

int MPIR_File_report(MPIR_File *fh, int err, size_t done, MPI_Status *status, MPI_Request *request)
{
    if (request) {
        if (err) {
            *request = MPI_REQUEST_NULL; /* no operation started */
            return MPIR_File_raise(fh, err);
        }
        return MPIR_File_done_request(request, done, MPI_SUCCESS);
    }
    MPIR_File_status(status, done);
    return err ? MPIR_File_raise(fh, err) : MPI_SUCCESS;
}

int MPIR_File_done_request(MPI_Request *request, size_t bytes, int err)
{
    MPIR_Request *r = MPIR_Request_create(MPIR_REQ_SEND);
    if (r == NULL)
        return MPI_ERR_NO_MEM;
    MPIR_Status_set_empty(&r->status);
    MPIR_Status_set_bytes(&r->status, bytes);
    r->error = err;
    r->status.MPI_ERROR = err;
    MPIR_Request_complete(r);
    *request = r->handle;
    return MPI_SUCCESS;
}

/* ---- moving the runs ---- */

/* Reads of small pieces go through a window of this many bytes of the file (ROMIO's data sieving:
 * one large pread instead of one per piece). Writes do not: filling the holes of a window would
 * write over what other ranks write there meanwhile. */
#define SIEVE_BYTES (4 << 20)
#define SIEVE_PIECE (64 << 10) /* pieces at least this long are read on their own */

typedef struct mover {
    int fd;
    char *data;
    int write;
    int64_t moved; /* bytes before the first short transfer (end of file on a read) */
    int short_read;
    int oserr;
    /* reads: the sieve window, file bytes [wlo, wlo + wlen) of which wgot were there */
    char *window;
    int64_t wlo, wlen, wgot, end; /* end: the file byte after the last piece */
} mover;

/* The file byte after the last run of an access. */
static int last_byte(void *arg, int64_t off, int64_t pos, int64_t len)
{
    (void)pos;
    int64_t *end = arg;
    if (off + len > *end)
        *end = off + len;
    return 0;
}

/* A small piece read out of the window (refilled when the piece is not in it). */
static int sieve_run(mover *m, int64_t off, int64_t pos, int64_t len)
{
    if (off < m->wlo || off + len > m->wlo + m->wlen) {
        m->wlo = off;
        m->wlen = m->end - off < SIEVE_BYTES ? m->end - off : SIEVE_BYTES;
        if (m->wlen < len)
            m->wlen = len;
        m->wgot = 0;
        while (m->wgot < m->wlen) {
            ssize_t n = pread(m->fd, m->window + m->wgot, (size_t)(m->wlen - m->wgot), m->wlo + m->wgot);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                m->oserr = errno;
                return 1;
            }
            if (n == 0)
                break;
            m->wgot += n;
        }
    }
    int64_t have = m->wlo + m->wgot - off; /* bytes of the piece before the end of the file */
    have = have < 0 ? 0 : have > len ? len : have;
    memcpy(m->data + pos, m->window + (off - m->wlo), (size_t)have);
    memset(m->data + pos + have, 0, (size_t)(len - have));
    m->moved += have;
    if (have < len)
        m->short_read = 1;
    return 0;
}

static int move_run(void *arg, int64_t off, int64_t pos, int64_t len)
{
    mover *m = arg;
    if (m->short_read) {
        memset(m->data + pos, 0, (size_t)len);
        return 0;
    }
    if (m->window && len < SIEVE_PIECE)
        return sieve_run(m, off, pos, len);
    while (len > 0) {
        ssize_t n = m->write ? pwrite(m->fd, m->data + pos, (size_t)len, off) : pread(m->fd, m->data + pos, (size_t)len, off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m->oserr = errno;
            return 1;
        }
        if (n == 0) { /* end of file: a read stops counting here */
            m->short_read = 1;
            memset(m->data + pos, 0, (size_t)len);
            return 0;
        }
        m->moved += n;
        off += n;
        pos += n;
        len -= n;
    }
    return 0;
}

/* Moves the n packed bytes at data to or from view stream byte `at`; *done: bytes moved. */
int MPIR_File_move(MPIR_File *fh, int64_t at, char *data, int64_t n, int write, size_t *done, const char *fc)
{
    mover m = {fh->fd, data, write, 0, 0, 0, NULL, 0, 0, 0, 0};
    /* a read of pieces: sieve when the view is not contiguous */
    if (!write && !fh->ft->is_contig && n > 1) {
        MPIR_File_runs(fh, at, n, last_byte, &m.end); /* the window never reads past the access */
        m.window = MPIR_Malloc(SIEVE_BYTES);
    }
    MPIR_File_runs(fh, at, n, move_run, &m);
    MPIR_Free(m.window);
    *done = (size_t)m.moved;
    if (m.oserr)
        return MPIR_Err_set(MPIR_File_errno_class(m.oserr), fc, "%s \"%s\": %s", write ? "writing" : "reading", fh->path,
                            strerror(m.oserr));
    return MPI_SUCCESS;
}

int MPIR_File_lock(MPIR_File *fh) { return MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, fh->shared_win); }

int MPIR_File_unlock(MPIR_File *fh) { return MPI_Win_unlock(0, fh->shared_win); }

int MPIR_File_rw_at(const char *fc, MPIR_File *fh, MPI_Offset offset, void *buf, int count, MPI_Datatype type,
                    int write, size_t *done)
{
    size_t bytes;
    int err = MPIR_File_check_access(fc, fh, buf, count, type, write, &bytes);
    *done = 0;
    if (err)
        return err;
    if (offset < 0)
        return MPIR_Err_set(MPI_ERR_ARG, fc, "negative offset %lld (offset)", (long long)offset);
    if (bytes == 0)
        return MPI_SUCCESS;
    MPI_Aint lb;
    int in_place = MPIR_File_in_place(fh, type, &lb);
    char *data = in_place ? (char *)buf + lb : MPIR_Malloc(bytes);
    if (data == NULL)
        return MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory for %zu bytes", bytes);
    if (write && !in_place)
        MPIR_File_pack(fh, buf, count, type, data, bytes);
    if (fh->atomic && (err = MPIR_File_lock(fh)))
        goto out;
    err = MPIR_File_move(fh, offset * fh->esize, data, (int64_t)bytes, write, done, fc);
    if (fh->atomic) {
        int unlocked = MPIR_File_unlock(fh);
        err = err ? err : unlocked;
    }
    if (!err && !write && !in_place)
        MPIR_File_unpack(fh, data, bytes, buf, count, type);
out:
    if (!in_place)
        MPIR_Free(data);
    return err;
}

/* ---- the shared file pointer ---- */

int MPIR_File_shared_fetch_add(MPIR_File *fh, int64_t n, int64_t *before)
{
    int err = MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, fh->shared_win);
    if (err)
        return err;
    err = MPI_Fetch_and_op(&n, before, MPI_INT64_T, 0, 0, MPI_SUM, fh->shared_win);
    int unlocked = MPI_Win_unlock(0, fh->shared_win);
    return err ? err : unlocked;
}

int MPIR_File_shared_get(MPIR_File *fh, int64_t *value)
{
    int64_t zero = 0;
    return MPIR_File_shared_fetch_add(fh, zero, value);
}

int MPIR_File_shared_set(MPIR_File *fh, int64_t value)
{
    int64_t old;
    int err = MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, fh->shared_win);
    if (err)
        return err;
    err = MPI_Fetch_and_op(&value, &old, MPI_INT64_T, 0, 0, MPI_REPLACE, fh->shared_win);
    int unlocked = MPI_Win_unlock(0, fh->shared_win);
    return err ? err : unlocked;
}

/* ---- the calls ---- */

/* Which file pointer an access uses. */
enum { AT, INDIVIDUAL, SHARED };

static int independent(const char *fc, MPI_File handle, int where, MPI_Offset offset, void *buf, int count,
                  MPI_Datatype type, int write, MPI_Status *status, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), handle, MPIR_TRACE_NONE);
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (request == NULL && status == NULL)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, fc, "null pointer (status)");
    if (where != SHARED && (fh->amode & MPI_MODE_SEQUENTIAL))
        return MPIR_FILE_ERR(fh, MPI_ERR_UNSUPPORTED_OPERATION, fc, "the file was opened with MPI_MODE_SEQUENTIAL: only "
                             "shared file pointer calls may access it (fh)");
    size_t bytes = 0, done = 0;
    if ((err = MPIR_File_check_access(fc, fh, buf, count, type, write, &bytes)))
        return MPIR_File_raise(fh, err);
    int64_t n = fh->esize ? (int64_t)bytes / fh->esize : 0;
    if (where == INDIVIDUAL)
        offset = fh->pos;
    else if (where == SHARED && (err = MPIR_File_shared_fetch_add(fh, n, &offset)))
        return MPIR_File_raise(fh, err);
    err = MPIR_File_rw_at(fc, fh, offset, buf, count, type, write, &done);
    if (where == INDIVIDUAL && !err)
        fh->pos += n;
    return MPIR_File_report(fh, err, done, status, request);
}

#define RW(name, where, write, bufconst)                                                                          \
    int MPI_File_##name(MPI_File fh, bufconst void *buf, int count, MPI_Datatype datatype, MPI_Status *status)    \
    {                                                                                                             \
        return independent("MPI_File_" #name, fh, where, 0, (void *)buf, count, datatype, write, status, NULL);        \
    }
#define IRW(name, where, write, bufconst)                                                                         \
    int MPI_File_##name(MPI_File fh, bufconst void *buf, int count, MPI_Datatype datatype, MPI_Request *request)  \
    {                                                                                                             \
        if (request == NULL)                                                                                      \
            return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_" #name, "null pointer (request)");                     \
        return independent("MPI_File_" #name, fh, where, 0, (void *)buf, count, datatype, write, MPI_STATUS_IGNORE,    \
                      request);                                                                                   \
    }

RW(read, INDIVIDUAL, 0, )
RW(write, INDIVIDUAL, 1, const)
RW(read_shared, SHARED, 0, )
RW(write_shared, SHARED, 1, const)
IRW(iread, INDIVIDUAL, 0, )
IRW(iwrite, INDIVIDUAL, 1, const)
IRW(iread_shared, SHARED, 0, )
IRW(iwrite_shared, SHARED, 1, const)

int MPI_File_read_at(MPI_File fh, MPI_Offset offset, void *buf, int count, MPI_Datatype datatype, MPI_Status *status)
{
    return independent("MPI_File_read_at", fh, AT, offset, buf, count, datatype, 0, status, NULL);
}

int MPI_File_write_at(MPI_File fh, MPI_Offset offset, const void *buf, int count, MPI_Datatype datatype,
                      MPI_Status *status)
{
    return independent("MPI_File_write_at", fh, AT, offset, (void *)buf, count, datatype, 1, status, NULL);
}

int MPI_File_iread_at(MPI_File fh, MPI_Offset offset, void *buf, int count, MPI_Datatype datatype, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_iread_at", "null pointer (request)");
    return independent("MPI_File_iread_at", fh, AT, offset, buf, count, datatype, 0, MPI_STATUS_IGNORE, request);
}

int MPI_File_iwrite_at(MPI_File fh, MPI_Offset offset, const void *buf, int count, MPI_Datatype datatype,
                       MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_iwrite_at", "null pointer (request)");
    return independent("MPI_File_iwrite_at", fh, AT, offset, (void *)buf, count, datatype, 1, MPI_STATUS_IGNORE, request);
}

typedef struct eof_count {
    int64_t eof, before;
} eof_count;

static int count_before_eof(void *arg, int64_t off, int64_t pos, int64_t len)
{
    (void)pos;
    eof_count *c = arg;
    if (off < c->eof)
        c->before += off + len <= c->eof ? len : c->eof - off;
    return 0;
}

/* The view offset (etypes) of the file's end: the stream bytes that lie before it. */
static int end_of_view(const char *fc, MPIR_File *fh, int64_t *end)
{
    struct stat st;
    if (fstat(fh->fd, &st) != 0)
        return MPIR_Err_set(MPI_ERR_IO, fc, "fstat \"%s\": %s", fh->path, strerror(errno));
    int64_t bytes = st.st_size - fh->disp, extent = MPIR_DTYPE_EXTENT(fh->ft);
    int64_t tiles = bytes > 0 && extent > 0 ? bytes / extent : 0;
    eof_count c = {st.st_size, tiles * fh->ft->size};
    if (bytes > 0) /* the part of the last, partial tile */
        MPIR_File_runs(fh, tiles * fh->ft->size, fh->ft->size, count_before_eof, &c);
    *end = (c.before + fh->esize - 1) / fh->esize; /* an etype the file holds only part of counts (MPI-4.0 14.4.3) */
    return MPI_SUCCESS;
}

int MPI_File_seek(MPI_File handle, MPI_Offset offset, int whence)
{
    static const char fc[] = "MPI_File_seek";
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (fh->amode & MPI_MODE_SEQUENTIAL)
        return MPIR_FILE_ERR(fh, MPI_ERR_UNSUPPORTED_OPERATION, fc, "the file was opened with MPI_MODE_SEQUENTIAL (fh)");
    MPI_Offset to;
    if (whence == MPI_SEEK_SET)
        to = offset;
    else if (whence == MPI_SEEK_CUR)
        to = fh->pos + offset;
    else if (whence == MPI_SEEK_END) {
        int64_t end;
        if ((err = end_of_view(fc, fh, &end)))
            return MPIR_File_raise(fh, err);
        to = end + offset;
    } else
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, fc, "whence %d is not MPI_SEEK_SET, _CUR or _END (whence)", whence);
    if (to < 0)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, fc, "the position would be negative (%lld) (offset)", (long long)to);
    fh->pos = to;
    return MPI_SUCCESS;
}

int MPI_File_get_position(MPI_File handle, MPI_Offset *offset)
{
    MPIR_File *fh;
    int err = MPIR_File_check("MPI_File_get_position", handle, &fh);
    if (err)
        return err;
    if (offset == NULL)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, "MPI_File_get_position", "null pointer (offset)");
    *offset = fh->pos;
    return MPI_SUCCESS;
}

int MPI_File_seek_shared(MPI_File handle, MPI_Offset offset, int whence)
{
    static const char fc[] = "MPI_File_seek_shared";
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    MPI_Offset args[2] = {offset, whence}, max[2], min[2];
    MPI_Allreduce(args, max, 2, MPI_OFFSET, MPI_MAX, fh->comm_handle);
    MPI_Allreduce(args, min, 2, MPI_OFFSET, MPI_MIN, fh->comm_handle);
    if (max[0] != min[0] || max[1] != min[1])
        return MPIR_FILE_ERR(fh, MPI_ERR_NOT_SAME, fc, "the ranks gave different offsets or whence (offset, whence)");
    if (fh->rank == 0) {
        int64_t now = 0, to = offset;
        if (whence == MPI_SEEK_CUR) {
            err = MPIR_File_shared_get(fh, &now);
            to = now + offset;
        } else if (whence == MPI_SEEK_END) {
            int64_t end = 0;
            err = end_of_view(fc, fh, &end);
            to = end + offset;
        } else if (whence != MPI_SEEK_SET)
            err = MPIR_Err_set(MPI_ERR_ARG, fc, "whence %d is not MPI_SEEK_SET, _CUR or _END (whence)", whence);
        if (!err && to < 0)
            err = MPIR_Err_set(MPI_ERR_ARG, fc, "the position would be negative (%lld) (offset)", (long long)to);
        if (!err)
            err = MPIR_File_shared_set(fh, to);
    }
    MPI_Bcast(&err, 1, MPI_INT, 0, fh->comm_handle);
    return err ? MPIR_File_raise(fh, err) : MPI_SUCCESS;
}

int MPI_File_get_position_shared(MPI_File handle, MPI_Offset *offset)
{
    MPIR_File *fh;
    int err = MPIR_File_check("MPI_File_get_position_shared", handle, &fh);
    if (err)
        return err;
    if (offset == NULL)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, "MPI_File_get_position_shared", "null pointer (offset)");
    int64_t v;
    err = MPIR_File_shared_get(fh, &v);
    *offset = v;
    return err ? MPIR_File_raise(fh, err) : MPI_SUCCESS;
}
