/* File handles: MPI_File_open and close (collective), delete, sizes, hints,
 * atomicity and error handlers. A file's default error handler is
 * MPI_ERRORS_RETURN (MPI-4.0 9.3), changed with
 * MPI_File_set_errhandler(MPI_FILE_NULL, ...). */
#include "io.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the handler of errors in MPI_File_open / MPI_File_delete and of new files */
static MPI_Errhandler default_errhandler = MPI_ERRORS_RETURN;

#define DEFAULT_CB_BUFFER_SIZE (16 << 20)

int MPIR_File_check(const char *fc, MPI_File handle, MPIR_File **fh)
{
    MPIR_CHECK_INIT(fc);
    MPIR_File *f = handle == MPI_FILE_NULL ? NULL : MPIR_Handle_lookup(WMPI_KIND_FILE, handle);
    if (f == NULL)
        return MPIR_Err_raise_handler(default_errhandler, MPI_FILE_NULL,
                                      MPIR_Err_set(MPI_ERR_FILE, fc, "invalid file handle (fh)"));
    *fh = f;
    return MPI_SUCCESS;
}

int MPIR_File_raise(MPIR_File *fh, int errclass)
{
    return MPIR_Err_raise_handler(fh ? fh->errhandler : default_errhandler, fh ? fh->handle : MPI_FILE_NULL, errclass);
}

int MPIR_File_errno_class(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR: return MPI_ERR_NO_SUCH_FILE;
    case EEXIST: return MPI_ERR_FILE_EXISTS;
    case EACCES:
    case EPERM: return MPI_ERR_ACCESS;
    case EROFS: return MPI_ERR_READ_ONLY;
    case ENOSPC: return MPI_ERR_NO_SPACE;
    case EDQUOT: return MPI_ERR_QUOTA;
    case EISDIR:
    case ENAMETOOLONG:
    case EINVAL: return MPI_ERR_BAD_FILE;
    case EBUSY: return MPI_ERR_FILE_IN_USE;
    default: return MPI_ERR_IO;
    }
}

static int check_amode(const char *fc, int amode)
{
    int access = (amode & MPI_MODE_RDONLY ? 1 : 0) + (amode & MPI_MODE_WRONLY ? 1 : 0) + (amode & MPI_MODE_RDWR ? 1 : 0);
    if (access != 1)
        return MPIR_Err_set(MPI_ERR_AMODE, fc, "amode %#x must have exactly one of MPI_MODE_RDONLY, MPI_MODE_WRONLY "
                            "and MPI_MODE_RDWR (amode)", (unsigned)amode);
    if ((amode & MPI_MODE_RDONLY) && (amode & (MPI_MODE_CREATE | MPI_MODE_EXCL)))
        return MPIR_Err_set(MPI_ERR_AMODE, fc, "MPI_MODE_RDONLY with MPI_MODE_CREATE or MPI_MODE_EXCL (amode)");
    if ((amode & MPI_MODE_RDWR) && (amode & MPI_MODE_SEQUENTIAL))
        return MPIR_Err_set(MPI_ERR_AMODE, fc, "MPI_MODE_RDWR with MPI_MODE_SEQUENTIAL (amode)");
    if (amode & ~(MPI_MODE_CREATE | MPI_MODE_RDONLY | MPI_MODE_WRONLY | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE |
                  MPI_MODE_UNIQUE_OPEN | MPI_MODE_EXCL | MPI_MODE_APPEND | MPI_MODE_SEQUENTIAL))
        return MPIR_Err_set(MPI_ERR_AMODE, fc, "unknown bits in amode %#x (amode)", (unsigned)amode);
    return MPI_SUCCESS;
}

/* The hints this implementation reads: cb_buffer_size and cb_nodes. */
static void read_hints(MPIR_File *f, MPI_Info info)
{
    char v[MPI_MAX_INFO_VAL + 1];
    int flag;
    if (info == MPI_INFO_NULL)
        return;
    /* the exchanges count bytes in ints: at most 1 GiB a round */
    if (MPI_Info_get(info, "cb_buffer_size", MPI_MAX_INFO_VAL, v, &flag) == MPI_SUCCESS && flag && atoll(v) > 0)
        f->cb_buffer_size = atoll(v) < (1LL << 30) ? atoll(v) : (1LL << 30);
    if (MPI_Info_get(info, "cb_nodes", MPI_MAX_INFO_VAL, v, &flag) == MPI_SUCCESS && flag && atoi(v) > 0)
        f->cb_nodes = atoi(v) < f->size ? atoi(v) : f->size;
}

static void file_destroy(MPIR_File *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->shared_win != MPI_WIN_NULL)
        MPI_Win_free(&f->shared_win);
    if (f->comm_handle != MPI_COMM_NULL)
        MPI_Comm_free(&f->comm_handle);
    if (f->info != MPI_INFO_NULL)
        MPI_Info_free(&f->info);
    MPIR_File_drop_view(f);
    MPIR_Errhandler_release(f->errhandler);
    free(f->path);
    free(f);
}

int MPI_File_open(MPI_Comm comm, const char *filename, int amode, MPI_Info info, MPI_File *fh)
{
    MPIR_TRACE_CALL("MPI_File_open", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_File_open";
    MPIR_CHECK_INIT(fc);
    MPIR_Comm *c;
    int err = MPIR_Comm_check(fc, comm, &c);
    if (err)
        return err;
    if (c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "an intercommunicator (comm): files are opened over intracommunicators");
    if (fh == NULL)
        return MPIR_File_raise(NULL, MPIR_Err_set(MPI_ERR_ARG, fc, "null pointer (fh)"));
    if (filename == NULL || !*filename)
        return MPIR_File_raise(NULL, MPIR_Err_set(MPI_ERR_BAD_FILE, fc, "empty file name (filename)"));
    if ((err = check_amode(fc, amode)))
        return MPIR_File_raise(NULL, err);
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_File_raise(NULL, MPIR_Err_set(MPI_ERR_INFO, fc, "invalid info (info)"));
    /* every rank must ask for the same access mode */
    int modes[2] = {amode, -amode};
    if ((err = MPI_Allreduce(MPI_IN_PLACE, modes, 2, MPI_INT, MPI_MAX, comm)))
        return MPIR_File_raise(NULL, err);
    if (modes[0] != -modes[1])
        return MPIR_File_raise(NULL, MPIR_Err_set(MPI_ERR_NOT_SAME, fc, "the ranks of comm gave different amodes (amode)"));

    MPIR_File *f = calloc(1, sizeof *f);
    if (f == NULL || (f->path = strdup(filename)) == NULL) {
        free(f);
        return MPIR_File_raise(NULL, MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory"));
    }
    f->fd = -1;
    f->comm_handle = MPI_COMM_NULL;
    f->shared_win = MPI_WIN_NULL;
    f->info = MPI_INFO_NULL;
    f->amode = amode;
    f->errhandler = default_errhandler;
    MPIR_Errhandler_ref(f->errhandler);
    f->cb_buffer_size = DEFAULT_CB_BUFFER_SIZE;
    if ((err = MPI_Comm_dup(comm, &f->comm_handle))) {
        file_destroy(f);
        return MPIR_File_raise(NULL, err);
    }
    /* errors of the file's own communication come back here and go to the file's handler */
    MPI_Comm_set_errhandler(f->comm_handle, MPI_ERRORS_RETURN);
    MPI_Comm_rank(f->comm_handle, &f->rank);
    MPI_Comm_size(f->comm_handle, &f->size);
    f->cb_nodes = f->size;
    read_hints(f, info);
    if (info != MPI_INFO_NULL)
        MPI_Info_dup(info, &f->info);
    MPIR_File_default_view(f);

    int flags = amode & MPI_MODE_RDONLY ? O_RDONLY : amode & MPI_MODE_WRONLY ? O_WRONLY : O_RDWR;
    /* rank 0 creates the file (exclusively if asked); the others open what it made */
    int oserr = 0;
    if (f->rank == 0) {
        int create = (amode & MPI_MODE_CREATE ? O_CREAT : 0) | (amode & MPI_MODE_EXCL ? O_EXCL : 0);
        f->fd = open(filename, flags | create, 0644);
        oserr = f->fd < 0 ? errno : 0;
    }
    MPI_Bcast(&oserr, 1, MPI_INT, 0, f->comm_handle);
    if (!oserr && f->rank != 0) {
        f->fd = open(filename, flags);
        oserr = f->fd < 0 ? errno : 0;
    }
    int worst = oserr;
    MPI_Allreduce(MPI_IN_PLACE, &worst, 1, MPI_INT, MPI_MAX, f->comm_handle);
    if (worst) {
        int cls = MPIR_File_errno_class(worst);
        file_destroy(f);
        return MPIR_File_raise(NULL, MPIR_Err_set(cls, fc, "cannot open \"%s\": %s (filename)", filename, strerror(worst)));
    }
    /* the shared file pointer, at rank 0 */
    void *base = NULL;
    err = MPI_Win_allocate(f->rank == 0 ? sizeof(int64_t) : 0, sizeof(int64_t), MPI_INFO_NULL, f->comm_handle, &base,
                           &f->shared_win);
    f->shared = base;
    if (!err)
        MPI_Win_set_errhandler(f->shared_win, MPI_ERRORS_RETURN);
    if (!err && (amode & MPI_MODE_APPEND)) {
        /* every file pointer starts at the end (the view is bytes) */
        struct stat st;
        if (fstat(f->fd, &st) == 0) {
            f->pos = st.st_size;
            if (f->rank == 0)
                *f->shared = st.st_size;
        }
    }
    if (!err)
        err = MPI_Barrier(f->comm_handle);
    if (!err && (f->handle = MPIR_Handle_alloc(WMPI_KIND_FILE, f)) == 0)
        err = MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of file handles");
    if (err) {
        file_destroy(f);
        return MPIR_File_raise(NULL, err);
    }
    *fh = f->handle;
    return MPI_SUCCESS;
}

int MPI_File_close(MPI_File *fh)
{
    MPIR_TRACE_CALL("MPI_File_close", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, fh ? *fh : MPI_FILE_NULL, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_File_close";
    MPIR_File *f;
    int err = MPIR_File_check(fc, fh ? *fh : MPI_FILE_NULL, &f);
    if (err)
        return err;
    if (f->split)
        return MPIR_FILE_ERR(f, MPI_ERR_OTHER, fc, "a split collective is under way (begun, not ended)");
    /* no fsync: what was written is in the file for whoever opens it next (MPI_File_sync is for the disk) */
    err = MPI_Barrier(f->comm_handle);
    if (!err && f->rank == 0 && (f->amode & MPI_MODE_DELETE_ON_CLOSE))
        unlink(f->path);
    MPIR_Handle_free(WMPI_KIND_FILE, f->handle);
    file_destroy(f);
    *fh = MPI_FILE_NULL;
    return err ? MPIR_File_raise(NULL, err) : MPI_SUCCESS;
}

int MPI_File_delete(const char *filename, MPI_Info info)
{
    static const char fc[] = "MPI_File_delete";
    MPIR_CHECK_INIT(fc);
    if (filename == NULL)
        return MPIR_File_raise(NULL, MPIR_Err_set(MPI_ERR_BAD_FILE, fc, "null file name (filename)"));
    if (unlink(filename) != 0) {
        int e = errno;
        return MPIR_File_raise(NULL, MPIR_Err_set(MPIR_File_errno_class(e), fc, "cannot delete \"%s\": %s (filename)",
                                                  filename, strerror(e)));
    }
    return MPI_SUCCESS;
}

/* A collective size change: rank 0 truncates or extends, then everybody sees it. */
static int resize(const char *fc, MPI_File fh, MPI_Offset size, int grow_only)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, fh, MPIR_TRACE_NONE);
    MPIR_File *f;
    int err = MPIR_File_check(fc, fh, &f);
    if (err)
        return err;
    if (size < 0)
        return MPIR_FILE_ERR(f, MPI_ERR_ARG, fc, "negative size %lld (size)", (long long)size);
    if (f->amode & MPI_MODE_RDONLY)
        return MPIR_FILE_ERR(f, MPI_ERR_READ_ONLY, fc, "the file is open read-only (fh)");
    if (f->amode & MPI_MODE_SEQUENTIAL)
        return MPIR_FILE_ERR(f, MPI_ERR_UNSUPPORTED_OPERATION, fc, "the file was opened with MPI_MODE_SEQUENTIAL (fh)");
    MPI_Offset sizes[2] = {size, -size};
    if ((err = MPI_Allreduce(MPI_IN_PLACE, sizes, 2, MPI_OFFSET, MPI_MAX, f->comm_handle)))
        return MPIR_File_raise(f, err);
    if (sizes[0] != -sizes[1])
        return MPIR_FILE_ERR(f, MPI_ERR_NOT_SAME, fc, "the ranks gave different sizes (size)");
    int oserr = 0;
    if (f->rank == 0) {
        struct stat st;
        if (fstat(f->fd, &st) != 0)
            oserr = errno;
        else if ((!grow_only || st.st_size < size) && ftruncate(f->fd, size) != 0)
            oserr = errno;
    }
    MPI_Bcast(&oserr, 1, MPI_INT, 0, f->comm_handle);
    if (oserr)
        return MPIR_FILE_ERR(f, MPIR_File_errno_class(oserr), fc, "cannot set the size of \"%s\": %s", f->path,
                             strerror(oserr));
    return MPI_SUCCESS;
}

int MPI_File_set_size(MPI_File fh, MPI_Offset size) { return resize("MPI_File_set_size", fh, size, 0); }

/* storage for `size` bytes: the file grows to it (with zeros), never shrinks */
int MPI_File_preallocate(MPI_File fh, MPI_Offset size) { return resize("MPI_File_preallocate", fh, size, 1); }

int MPI_File_get_size(MPI_File fh, MPI_Offset *size)
{
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_get_size", fh, &f);
    if (err)
        return err;
    if (size == NULL)
        return MPIR_FILE_ERR(f, MPI_ERR_ARG, "MPI_File_get_size", "null pointer (size)");
    struct stat st;
    if (fstat(f->fd, &st) != 0)
        return MPIR_FILE_ERR(f, MPI_ERR_IO, "MPI_File_get_size", "fstat: %s", strerror(errno));
    *size = st.st_size;
    return MPI_SUCCESS;
}

int MPI_File_get_group(MPI_File fh, MPI_Group *group)
{
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_get_group", fh, &f);
    if (err)
        return err;
    if (group == NULL)
        return MPIR_FILE_ERR(f, MPI_ERR_ARG, "MPI_File_get_group", "null pointer (group)");
    return MPI_Comm_group(f->comm_handle, group);
}

int MPI_File_get_amode(MPI_File fh, int *amode)
{
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_get_amode", fh, &f);
    if (err)
        return err;
    if (amode == NULL)
        return MPIR_FILE_ERR(f, MPI_ERR_ARG, "MPI_File_get_amode", "null pointer (amode)");
    *amode = f->amode;
    return MPI_SUCCESS;
}

int MPI_File_set_info(MPI_File fh, MPI_Info info)
{
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_set_info", fh, &f);
    if (err)
        return err;
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_FILE_ERR(f, MPI_ERR_INFO, "MPI_File_set_info", "invalid info (info)");
    read_hints(f, info);
    if (info != MPI_INFO_NULL) {
        if (f->info != MPI_INFO_NULL)
            MPI_Info_free(&f->info);
        MPI_Info_dup(info, &f->info);
    }
    return MPI_SUCCESS;
}

int MPI_File_get_info(MPI_File fh, MPI_Info *info_used)
{
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_get_info", fh, &f);
    if (err)
        return err;
    if (info_used == NULL)
        return MPIR_FILE_ERR(f, MPI_ERR_ARG, "MPI_File_get_info", "null pointer (info_used)");
    if ((err = MPI_Info_create(info_used)))
        return MPIR_File_raise(f, err);
    /* the hints in effect, as ROMIO reports them */
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)f->cb_buffer_size);
    MPI_Info_set(*info_used, "cb_buffer_size", v);
    snprintf(v, sizeof v, "%d", f->cb_nodes);
    MPI_Info_set(*info_used, "cb_nodes", v);
    return MPI_SUCCESS;
}

int MPI_File_sync(MPI_File fh)
{
    MPIR_TRACE_CALL("MPI_File_sync", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, fh, MPIR_TRACE_NONE);
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_sync", fh, &f);
    if (err)
        return err;
    /* read-only too: sync-barrier-sync is how a reader sees what another handle wrote (MPI-4.0 14.6.1) */
    int rc = fsync(f->fd), e = errno;
    if (rc != 0 && e != ENOSYS && e != ENOTSUP && e != EINVAL)
        return MPIR_FILE_ERR(f, MPI_ERR_IO, "MPI_File_sync", "fsync: %s", strerror(e));
    err = MPI_Barrier(f->comm_handle); /* collective: what any rank wrote is visible to all after it */
    return err ? MPIR_File_raise(f, err) : MPI_SUCCESS;
}

int MPI_File_set_atomicity(MPI_File fh, int flag)
{
    MPIR_TRACE_CALL("MPI_File_set_atomicity", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, fh, MPIR_TRACE_NONE);
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_set_atomicity", fh, &f);
    if (err)
        return err;
    int flags[2] = {!!flag, -!!flag};
    if ((err = MPI_Allreduce(MPI_IN_PLACE, flags, 2, MPI_INT, MPI_MAX, f->comm_handle)))
        return MPIR_File_raise(f, err);
    if (flags[0] != -flags[1])
        return MPIR_FILE_ERR(f, MPI_ERR_NOT_SAME, "MPI_File_set_atomicity", "the ranks gave different flags (flag)");
    f->atomic = !!flag;
    return MPI_SUCCESS;
}

int MPI_File_get_atomicity(MPI_File fh, int *flag)
{
    MPIR_File *f;
    int err = MPIR_File_check("MPI_File_get_atomicity", fh, &f);
    if (err)
        return err;
    if (flag == NULL)
        return MPIR_FILE_ERR(f, MPI_ERR_ARG, "MPI_File_get_atomicity", "null pointer (flag)");
    *flag = f->atomic;
    return MPI_SUCCESS;
}

int MPI_File_create_errhandler(MPI_File_errhandler_function *fn, MPI_Errhandler *errhandler)
{
    if (fn == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_File_create_errhandler", "null function (file_errhandler_fn)");
    return MPI_Comm_create_errhandler((MPI_Comm_errhandler_function *)fn, errhandler);
}

int MPI_File_set_errhandler(MPI_File file, MPI_Errhandler errhandler)
{
    static const char fc[] = "MPI_File_set_errhandler";
    MPIR_CHECK_INIT(fc);
    MPIR_File *f = NULL;
    if (file != MPI_FILE_NULL) {
        int err = MPIR_File_check(fc, file, &f);
        if (err)
            return err;
    }
    if (!MPIR_Errhandler_valid(errhandler))
        return MPIR_File_raise(f, MPIR_Err_set(MPI_ERR_ARG, fc, "invalid error handler (errhandler)"));
    MPI_Errhandler *slot = f ? &f->errhandler : &default_errhandler;
    MPIR_Errhandler_ref(errhandler);
    MPIR_Errhandler_release(*slot);
    *slot = errhandler;
    return MPI_SUCCESS;
}

int MPI_File_get_errhandler(MPI_File file, MPI_Errhandler *errhandler)
{
    static const char fc[] = "MPI_File_get_errhandler";
    MPIR_CHECK_INIT(fc);
    MPIR_File *f = NULL;
    if (file != MPI_FILE_NULL) {
        int err = MPIR_File_check(fc, file, &f);
        if (err)
            return err;
    }
    if (errhandler == NULL)
        return MPIR_File_raise(f, MPIR_Err_set(MPI_ERR_ARG, fc, "null pointer (errhandler)"));
    *errhandler = f ? f->errhandler : default_errhandler;
    MPIR_Errhandler_ref(*errhandler);
    return MPI_SUCCESS;
}

int MPI_File_call_errhandler(MPI_File fh, int errorcode)
{
    MPIR_File *f = NULL;
    if (fh != MPI_FILE_NULL) {
        int err = MPIR_File_check("MPI_File_call_errhandler", fh, &f);
        if (err)
            return err;
    }
    MPIR_Err_set(errorcode, "MPI_File_call_errhandler", "error code %d raised by the program", errorcode);
    MPIR_File_raise(f, errorcode);
    return MPI_SUCCESS;
}
