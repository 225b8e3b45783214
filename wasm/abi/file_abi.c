/* The exported ABI of parallel file I/O (issue 8): what ts/abi/core.ts calls
 * for MPI.File. As in wmpi_abi.c only numbers cross: file, datatype and
 * request handles, pointers into this rank's memory, and offsets as doubles
 * (MPI_Offset is int64; a double holds every offset up to 2^53 exactly, so
 * TypeScript needs no BigInt). Every function returns an MPI error class;
 * other results go to the `out` scratch words (wmpi_out).
 *
 * The 34 data-access calls go through four exports that take the access
 * as a number, `(where << 1) | write`, with `where` one of the ACCESS_* below:
 * which file pointer the call uses and whether it is collective. The core's
 * own MPI_File_* function runs, so its errors name the call the user made.
 * Each export owns nothing past its return (buffers and strings are the
 * caller's) and blocks as its MPI call does: a collective one until every
 * rank of the file's communicator has made it, an independent one on the
 * file system, and a shared-pointer one also on the lock of rank 0's window. */
#include "../src/io/io.h"

#define EXPORT(name) __attribute__((export_name(name)))

int64_t *wmpi_out(void);

/* Positioning and coordination of a data-access call (MPI-4.0 14.4.1). */
enum {
    ACCESS_AT = 0,      /* explicit offset, noncollective: read_at, write_at */
    ACCESS_AT_ALL = 1,  /* explicit offset, collective: read_at_all, write_at_all */
    ACCESS_INDIVIDUAL = 2, /* the individual file pointer: read, write */
    ACCESS_ALL = 3,     /* the individual file pointer, collective: read_all, write_all */
    ACCESS_SHARED = 4,  /* the shared file pointer: read_shared, write_shared */
    ACCESS_ORDERED = 5, /* the shared file pointer, collective: read_ordered, write_ordered */
};

/* An access number the TypeScript side made up wrong: a bug there, not the user's. */
static int bad_access(const char *what, int access)
{
    return MPIR_ERR(NULL, MPI_ERR_INTERN, what, "no such data-access call: %d", access);
}

/* ---- files ---- */
EXPORT("wmpi_file_open") int wmpi_file_open(MPI_Comm comm, const char *filename, int amode, MPI_Info info)
{
    MPI_File fh = MPI_FILE_NULL;
    int rc = MPI_File_open(comm, filename, amode, info, &fh);
    wmpi_out()[0] = fh;
    return rc;
}
EXPORT("wmpi_file_close") int wmpi_file_close(MPI_File fh) { return MPI_File_close(&fh); }
EXPORT("wmpi_file_delete") int wmpi_file_delete(const char *filename, MPI_Info info)
{
    return MPI_File_delete(filename, info);
}
/* grow_only: MPI_File_preallocate, else MPI_File_set_size */
EXPORT("wmpi_file_set_size") int wmpi_file_set_size(MPI_File fh, double size, int grow_only)
{
    return grow_only ? MPI_File_preallocate(fh, (MPI_Offset)size) : MPI_File_set_size(fh, (MPI_Offset)size);
}
EXPORT("wmpi_file_get_size") int wmpi_file_get_size(MPI_File fh)
{
    MPI_Offset size = 0;
    int rc = MPI_File_get_size(fh, &size);
    wmpi_out()[0] = size;
    return rc;
}
EXPORT("wmpi_file_get_group") int wmpi_file_get_group(MPI_File fh)
{
    MPI_Group g = MPI_GROUP_NULL;
    int rc = MPI_File_get_group(fh, &g);
    wmpi_out()[0] = g;
    return rc;
}
EXPORT("wmpi_file_get_amode") int wmpi_file_get_amode(MPI_File fh)
{
    int amode = 0, rc = MPI_File_get_amode(fh, &amode);
    wmpi_out()[0] = amode;
    return rc;
}
EXPORT("wmpi_file_set_info") int wmpi_file_set_info(MPI_File fh, MPI_Info info) { return MPI_File_set_info(fh, info); }
EXPORT("wmpi_file_get_info") int wmpi_file_get_info(MPI_File fh)
{
    MPI_Info info = MPI_INFO_NULL;
    int rc = MPI_File_get_info(fh, &info);
    wmpi_out()[0] = info;
    return rc;
}
EXPORT("wmpi_file_sync") int wmpi_file_sync(MPI_File fh) { return MPI_File_sync(fh); }
EXPORT("wmpi_file_set_atomicity") int wmpi_file_set_atomicity(MPI_File fh, int flag)
{
    return MPI_File_set_atomicity(fh, flag);
}
EXPORT("wmpi_file_get_atomicity") int wmpi_file_get_atomicity(MPI_File fh)
{
    int flag = 0, rc = MPI_File_get_atomicity(fh, &flag);
    wmpi_out()[0] = flag;
    return rc;
}
/* fh may be MPI_FILE_NULL: the handler of MPI_File_open, MPI_File_delete and new files */
EXPORT("wmpi_file_set_errhandler") int wmpi_file_set_errhandler(MPI_File fh, MPI_Errhandler eh)
{
    return MPI_File_set_errhandler(fh, eh);
}
EXPORT("wmpi_file_get_errhandler") int wmpi_file_get_errhandler(MPI_File fh)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = MPI_File_get_errhandler(fh, &eh);
    wmpi_out()[0] = eh;
    return rc;
}
EXPORT("wmpi_file_call_errhandler") int wmpi_file_call_errhandler(MPI_File fh, int code)
{
    return MPI_File_call_errhandler(fh, code);
}
/* An error the facade found (a bad buffer argument), raised on the file's error handler
 * (MPI_FILE_NULL or an invalid handle: the default file error handler). */
EXPORT("wmpi_file_raise") int wmpi_file_raise(MPI_File fh, int errclass, const char *message)
{
    MPIR_Err_set_text(message); /* it names its call already */
    MPIR_File *f = fh == MPI_FILE_NULL || MPIR_state != MPIR_INITIALIZED ? NULL : MPIR_Handle_lookup(WMPI_KIND_FILE, fh);
    return MPIR_File_raise(f, errclass);
}

/* ---- views ---- */
EXPORT("wmpi_file_set_view") int wmpi_file_set_view(MPI_File fh, double disp, MPI_Datatype etype, MPI_Datatype filetype,
                                                    const char *datarep, MPI_Info info)
{
    return MPI_File_set_view(fh, (MPI_Offset)disp, etype, filetype, datarep, info);
}
/* out: disp, etype, filetype (derived ones are new handles, the caller's to free); datarep
 * goes to buf (MPI_MAX_DATAREP_STRING bytes) */
EXPORT("wmpi_file_get_view") int wmpi_file_get_view(MPI_File fh, char *datarep)
{
    MPI_Offset disp = 0;
    MPI_Datatype etype = MPI_DATATYPE_NULL, filetype = MPI_DATATYPE_NULL;
    int rc = MPI_File_get_view(fh, &disp, &etype, &filetype, datarep);
    int64_t *out = wmpi_out();
    out[0] = disp;
    out[1] = etype;
    out[2] = filetype;
    return rc;
}
EXPORT("wmpi_file_get_type_extent") int wmpi_file_get_type_extent(MPI_File fh, MPI_Datatype t)
{
    MPI_Aint extent = 0;
    int rc = MPI_File_get_type_extent(fh, t, &extent);
    wmpi_out()[0] = extent;
    return rc;
}

/* ---- file pointers ---- */
/* shared != 0: MPI_File_seek_shared (collective) */
EXPORT("wmpi_file_seek") int wmpi_file_seek(MPI_File fh, double offset, int whence, int shared)
{
    return shared ? MPI_File_seek_shared(fh, (MPI_Offset)offset, whence) : MPI_File_seek(fh, (MPI_Offset)offset, whence);
}
/* shared != 0: MPI_File_get_position_shared */
EXPORT("wmpi_file_get_position") int wmpi_file_get_position(MPI_File fh, int shared)
{
    MPI_Offset pos = 0;
    int rc = shared ? MPI_File_get_position_shared(fh, &pos) : MPI_File_get_position(fh, &pos);
    wmpi_out()[0] = pos;
    return rc;
}
EXPORT("wmpi_file_get_byte_offset") int wmpi_file_get_byte_offset(MPI_File fh, double offset)
{
    MPI_Offset disp = 0;
    int rc = MPI_File_get_byte_offset(fh, (MPI_Offset)offset, &disp);
    wmpi_out()[0] = disp;
    return rc;
}

/* ---- data access: `access` is (where << 1) | write; `offset` is used by the _at forms only ---- */

/* The blocking calls, all twelve. */
EXPORT("wmpi_file_rw") int wmpi_file_rw(int access, MPI_File fh, double offset, void *buf, int count, MPI_Datatype t,
                                        MPI_Status *st)
{
    MPI_Offset at = (MPI_Offset)offset;
    switch (access) {
    case ACCESS_AT << 1: return MPI_File_read_at(fh, at, buf, count, t, st);
    case ACCESS_AT << 1 | 1: return MPI_File_write_at(fh, at, buf, count, t, st);
    case ACCESS_AT_ALL << 1: return MPI_File_read_at_all(fh, at, buf, count, t, st);
    case ACCESS_AT_ALL << 1 | 1: return MPI_File_write_at_all(fh, at, buf, count, t, st);
    case ACCESS_INDIVIDUAL << 1: return MPI_File_read(fh, buf, count, t, st);
    case ACCESS_INDIVIDUAL << 1 | 1: return MPI_File_write(fh, buf, count, t, st);
    case ACCESS_ALL << 1: return MPI_File_read_all(fh, buf, count, t, st);
    case ACCESS_ALL << 1 | 1: return MPI_File_write_all(fh, buf, count, t, st);
    case ACCESS_SHARED << 1: return MPI_File_read_shared(fh, buf, count, t, st);
    case ACCESS_SHARED << 1 | 1: return MPI_File_write_shared(fh, buf, count, t, st);
    case ACCESS_ORDERED << 1: return MPI_File_read_ordered(fh, buf, count, t, st);
    case ACCESS_ORDERED << 1 | 1: return MPI_File_write_ordered(fh, buf, count, t, st);
    default: return bad_access("wmpi_file_rw", access);
    }
}

/* The nonblocking calls (no ordered ones): the request in out[0]. A call that
 * fails gives no request (the core may have made one to carry the error). */
EXPORT("wmpi_file_irw") int wmpi_file_irw(int access, MPI_File fh, double offset, void *buf, int count, MPI_Datatype t)
{
    MPI_Offset at = (MPI_Offset)offset;
    MPI_Request r = MPI_REQUEST_NULL;
    int rc;
    switch (access) {
    case ACCESS_AT << 1: rc = MPI_File_iread_at(fh, at, buf, count, t, &r); break;
    case ACCESS_AT << 1 | 1: rc = MPI_File_iwrite_at(fh, at, buf, count, t, &r); break;
    case ACCESS_AT_ALL << 1: rc = MPI_File_iread_at_all(fh, at, buf, count, t, &r); break;
    case ACCESS_AT_ALL << 1 | 1: rc = MPI_File_iwrite_at_all(fh, at, buf, count, t, &r); break;
    case ACCESS_INDIVIDUAL << 1: rc = MPI_File_iread(fh, buf, count, t, &r); break;
    case ACCESS_INDIVIDUAL << 1 | 1: rc = MPI_File_iwrite(fh, buf, count, t, &r); break;
    case ACCESS_ALL << 1: rc = MPI_File_iread_all(fh, buf, count, t, &r); break;
    case ACCESS_ALL << 1 | 1: rc = MPI_File_iwrite_all(fh, buf, count, t, &r); break;
    case ACCESS_SHARED << 1: rc = MPI_File_iread_shared(fh, buf, count, t, &r); break;
    case ACCESS_SHARED << 1 | 1: rc = MPI_File_iwrite_shared(fh, buf, count, t, &r); break;
    default: return bad_access("wmpi_file_irw", access);
    }
    if (rc != MPI_SUCCESS && r != MPI_REQUEST_NULL)
        MPI_Request_free(&r);
    wmpi_out()[0] = rc == MPI_SUCCESS ? r : MPI_REQUEST_NULL;
    return rc;
}

/* The split collectives' _begin (at_all, all, ordered): buf must be passed to _end again. */
EXPORT("wmpi_file_rw_begin") int wmpi_file_rw_begin(int access, MPI_File fh, double offset, void *buf, int count,
                                                    MPI_Datatype t)
{
    MPI_Offset at = (MPI_Offset)offset;
    switch (access) {
    case ACCESS_AT_ALL << 1: return MPI_File_read_at_all_begin(fh, at, buf, count, t);
    case ACCESS_AT_ALL << 1 | 1: return MPI_File_write_at_all_begin(fh, at, buf, count, t);
    case ACCESS_ALL << 1: return MPI_File_read_all_begin(fh, buf, count, t);
    case ACCESS_ALL << 1 | 1: return MPI_File_write_all_begin(fh, buf, count, t);
    case ACCESS_ORDERED << 1: return MPI_File_read_ordered_begin(fh, buf, count, t);
    case ACCESS_ORDERED << 1 | 1: return MPI_File_write_ordered_begin(fh, buf, count, t);
    default: return bad_access("wmpi_file_rw_begin", access);
    }
}

/* The split collectives' _end. */
EXPORT("wmpi_file_rw_end") int wmpi_file_rw_end(int access, MPI_File fh, void *buf, MPI_Status *st)
{
    switch (access) {
    case ACCESS_AT_ALL << 1: return MPI_File_read_at_all_end(fh, buf, st);
    case ACCESS_AT_ALL << 1 | 1: return MPI_File_write_at_all_end(fh, buf, st);
    case ACCESS_ALL << 1: return MPI_File_read_all_end(fh, buf, st);
    case ACCESS_ALL << 1 | 1: return MPI_File_write_all_end(fh, buf, st);
    case ACCESS_ORDERED << 1: return MPI_File_read_ordered_end(fh, buf, st);
    case ACCESS_ORDERED << 1 | 1: return MPI_File_write_ordered_end(fh, buf, st);
    default: return bad_access("wmpi_file_rw_end", access);
    }
}
