/* File views (MPI-4.0 14.3): a rank sees the file from byte `disp` on as
 * copies of its filetype laid end to end, each `extent` bytes apart, and only
 * the bytes the filetype's type map covers; offsets count etypes of that
 * data stream. MPIR_File_runs turns a range of the stream into the file's
 * contiguous byte runs, from the filetype's flattened type map. */
#include "io.h"
#include <stdio.h>
#include <string.h>

static void set_view(MPIR_File *fh, MPI_Offset disp, MPI_Datatype etype, MPI_Datatype filetype, const char *datarep)
{
    MPIR_File_drop_view(fh);
    fh->disp = disp;
    fh->etype = etype;
    fh->filetype = filetype;
    fh->ft = MPIR_Dtype_get(filetype);
    MPIR_Dtype_addref(fh->ft);
    MPIR_Dtype_addref(MPIR_Dtype_get(etype));
    fh->esize = MPIR_Datatype_size(etype);
    snprintf(fh->datarep, sizeof fh->datarep, "%s", datarep);
    fh->external32 = strcmp(datarep, "external32") == 0;
    fh->pos = 0;
}

void MPIR_File_default_view(MPIR_File *fh) { set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native"); }

void MPIR_File_drop_view(MPIR_File *fh)
{
    if (fh->ft) {
        MPIR_Dtype_release(fh->ft, 0);
        MPIR_Dtype_release(MPIR_Dtype_get(fh->etype), 0);
        fh->ft = NULL;
    }
}

int MPIR_File_in_place(const MPIR_File *fh, MPI_Datatype type, MPI_Aint *true_lb)
{
    MPIR_Datatype_info info;
    MPIR_Datatype_query(type, &info);
    *true_lb = info.true_lb;
    return info.is_contig && !fh->external32;
}

void MPIR_File_pack(const MPIR_File *fh, const void *buf, int count, MPI_Datatype type, void *out, size_t bytes)
{
    (void)count;
    MPIR_Typerep_pack(buf, MPIR_Dtype_get(type), 0, out, (MPI_Count)bytes, fh->external32);
}

void MPIR_File_unpack(const MPIR_File *fh, const void *in, size_t bytes, void *buf, int count, MPI_Datatype type)
{
    (void)count;
    MPIR_Typerep_unpack(in, 0, (MPI_Count)bytes, buf, MPIR_Dtype_get(type), fh->external32);
}

int MPIR_File_runs(const MPIR_File *fh, int64_t at, int64_t n, MPIR_File_run_fn fn, void *arg)
{
    const MPIR_Dtype *t = fh->ft;
    int64_t size = t->size, extent = MPIR_DTYPE_EXTENT(t), end = at + n;
    int64_t run_off = 0, run_pos = 0, run_len = 0;
    if (n <= 0)
        return MPI_SUCCESS;
    if (t->is_contig) /* a contiguous filetype tiles into one stretch */
        return fn(arg, fh->disp + t->true_lb + at, 0, n);
    for (int64_t tile = at / size; tile * size < end; tile++) {
        for (MPI_Aint r = 0; r < t->nrep; r++) {
            int64_t period_start = tile * size + r * t->period;
            if (period_start + t->period <= at)
                continue; /* wholly before the range */
            if (period_start >= end)
                break;
            for (MPI_Aint b = 0; b < t->nblocks; b++) {
                const MPIR_Type_block *blk = &t->blocks[b];
                int64_t s = period_start + blk->pos, e = s + blk->len; /* stream bytes of this block */
                if (e <= at || s >= end)
                    continue;
                int64_t cut = s < at ? at - s : 0, stop = e > end ? end - s : blk->len;
                int64_t off = fh->disp + tile * extent + r * t->rep_stride + blk->off + cut, pos = s + cut - at,
                        len = stop - cut;
                if (run_len > 0 && off == run_off + run_len && pos == run_pos + run_len) {
                    run_len += len;
                    continue;
                }
                if (run_len > 0) {
                    int err = fn(arg, run_off, run_pos, run_len);
                    if (err)
                        return err;
                }
                run_off = off;
                run_pos = pos;
                run_len = len;
            }
        }
    }
    return run_len > 0 ? fn(arg, run_off, run_pos, run_len) : MPI_SUCCESS;
}

static int first_run(void *arg, int64_t file_off, int64_t pos, int64_t len)
{
    (void)pos;
    (void)len;
    *(int64_t *)arg = file_off;
    return 1; /* stop at the first */
}

int64_t MPIR_File_byte_of(const MPIR_File *fh, MPI_Offset offset)
{
    int64_t byte = fh->disp;
    MPIR_File_runs(fh, offset * fh->esize, 1, first_run, &byte);
    return byte;
}

int MPI_File_set_view(MPI_File handle, MPI_Offset disp, MPI_Datatype etype, MPI_Datatype filetype, const char *datarep,
                      MPI_Info info)
{
    MPIR_TRACE_CALL("MPI_File_set_view", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, handle, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_File_set_view";
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (fh->split)
        return MPIR_FILE_ERR(fh, MPI_ERR_OTHER, fc, "a split collective is under way (fh)");
    if (disp == MPI_DISPLACEMENT_CURRENT) {
        if (!(fh->amode & MPI_MODE_SEQUENTIAL))
            return MPIR_FILE_ERR(fh, MPI_ERR_ARG, fc, "MPI_DISPLACEMENT_CURRENT is for files opened with "
                                 "MPI_MODE_SEQUENTIAL (disp)");
        int64_t shared;
        if ((err = MPIR_File_shared_get(fh, &shared)))
            return MPIR_File_raise(fh, err);
        disp = MPIR_File_byte_of(fh, shared);
    }
    if (disp < 0)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, fc, "negative displacement %lld (disp)", (long long)disp);
    MPIR_Dtype *e = MPIR_Dtype_get(etype), *t = MPIR_Dtype_get(filetype);
    if (e == NULL || e->user_refs == 0 || !e->committed)
        return MPIR_FILE_ERR(fh, MPI_ERR_TYPE, fc, "invalid or uncommitted datatype 0x%x (etype)", (unsigned)etype);
    if (t == NULL || t->user_refs == 0 || !t->committed)
        return MPIR_FILE_ERR(fh, MPI_ERR_TYPE, fc, "invalid or uncommitted datatype 0x%x (filetype)", (unsigned)filetype);
    if (e->size <= 0 || t->size % e->size != 0)
        return MPIR_FILE_ERR(fh, MPI_ERR_TYPE, fc, "the filetype's %lld bytes are not a whole number of %lld-byte etypes "
                             "(filetype)", (long long)t->size, (long long)e->size);
    if (t->size == 0)
        return MPIR_FILE_ERR(fh, MPI_ERR_TYPE, fc, "the filetype holds no data (filetype)");
    if (t->true_lb < 0 || t->lb < 0)
        return MPIR_FILE_ERR(fh, MPI_ERR_TYPE, fc, "the filetype has negative displacements (filetype)");
    /* "internal" is this implementation's choice: the native one */
    if (datarep == NULL ||
        (strcmp(datarep, "native") != 0 && strcmp(datarep, "internal") != 0 && strcmp(datarep, "external32") != 0))
        return MPIR_FILE_ERR(fh, MPI_ERR_UNSUPPORTED_DATAREP, fc,
                             "data representation \"%s\" (datarep): \"native\", \"internal\" or \"external32\"",
                             datarep ? datarep : "(null)");
    if (info != MPI_INFO_NULL && (err = MPI_File_set_info(handle, info)))
        return err;
    /* collective: every rank sets a view, and the file pointers go back to 0 */
    if ((err = MPI_Barrier(fh->comm_handle)))
        return MPIR_File_raise(fh, err);
    set_view(fh, disp, etype, filetype, datarep);
    if (fh->rank == 0)
        *fh->shared = 0;
    err = MPI_Barrier(fh->comm_handle);
    return err ? MPIR_File_raise(fh, err) : MPI_SUCCESS;
}

int MPI_File_get_view(MPI_File handle, MPI_Offset *disp, MPI_Datatype *etype, MPI_Datatype *filetype, char *datarep)
{
    static const char fc[] = "MPI_File_get_view";
    MPIR_File *fh;
    int err = MPIR_File_check(fc, handle, &fh);
    if (err)
        return err;
    if (disp == NULL || etype == NULL || filetype == NULL || datarep == NULL)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, fc, "null pointer (disp, etype, filetype or datarep)");
    *disp = fh->disp;
    /* derived types come back as new handles (duplicates), predefined ones as themselves */
    if (HANDLE_IS_BUILTIN(fh->etype))
        *etype = fh->etype;
    else if ((err = MPI_Type_dup(fh->etype, etype)))
        return MPIR_File_raise(fh, err);
    if (HANDLE_IS_BUILTIN(fh->filetype))
        *filetype = fh->filetype;
    else if ((err = MPI_Type_dup(fh->filetype, filetype)))
        return MPIR_File_raise(fh, err);
    strcpy(datarep, fh->datarep);
    return MPI_SUCCESS;
}

int MPI_File_get_type_extent(MPI_File handle, MPI_Datatype datatype, MPI_Aint *extent)
{
    MPIR_File *fh;
    int err = MPIR_File_check("MPI_File_get_type_extent", handle, &fh);
    if (err)
        return err;
    MPI_Aint lb;
    if (extent == NULL)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, "MPI_File_get_type_extent", "null pointer (extent)");
    err = MPI_Type_get_extent(datatype, &lb, extent);
    return err ? MPIR_File_raise(fh, err) : MPI_SUCCESS;
}

int MPI_File_get_byte_offset(MPI_File handle, MPI_Offset offset, MPI_Offset *disp)
{
    MPIR_File *fh;
    int err = MPIR_File_check("MPI_File_get_byte_offset", handle, &fh);
    if (err)
        return err;
    if (disp == NULL)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, "MPI_File_get_byte_offset", "null pointer (disp)");
    if (offset < 0)
        return MPIR_FILE_ERR(fh, MPI_ERR_ARG, "MPI_File_get_byte_offset", "negative offset %lld (offset)", (long long)offset);
    *disp = MPIR_File_byte_of(fh, offset);
    return MPI_SUCCESS;
}
