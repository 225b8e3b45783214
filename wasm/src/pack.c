/* MPI_Pack / MPI_Unpack and their external32 forms (MPI-4.0 sections 5.2,
 * 5.3; external32 is big-endian), addresses, and the local typed copy the
 * collectives use. */
#include "datatype.h"
#include <limits.h>
#include <string.h>

/* The checks of every pack call: a committed datatype and a non-negative count. */
static int pack_args(const char *fc, MPI_Count count, MPI_Datatype type, MPIR_Dtype **t)
{
    MPIR_CHECK_INIT(fc);
    if (count < 0)
        return MPIR_ERR(NULL, MPI_ERR_COUNT, fc, "negative count %lld (count)", (long long)count);
    int rc = MPIR_Dtype_arg(fc, type, "datatype", t);
    if (rc == MPI_SUCCESS && !(*t)->committed)
        return MPIR_ERR(NULL, MPI_ERR_TYPE, fc, "datatype 0x%x is not committed (datatype)", (unsigned)type);
    return rc;
}

static int comm_arg(const char *fc, MPI_Comm comm)
{
    if (MPIR_Comm_get(comm) == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, fc, "invalid communicator 0x%x (comm)", (unsigned)comm);
    return MPI_SUCCESS;
}

static int datarep_arg(const char *fc, const char *datarep)
{
    if (datarep == NULL || strcmp(datarep, "external32") != 0)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "unknown data representation \"%s\": only \"external32\" (datarep)",
                        datarep ? datarep : "(null)");
    return MPI_SUCCESS;
}

/* Packs (inbuf, count, t) at *position of an outsize-byte buffer. */
static int pack(const char *fc, const void *inbuf, MPI_Count count, MPIR_Dtype *t, void *outbuf, MPI_Count outsize,
                MPI_Count *position, int external32)
{
    if (position == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (position)");
    MPI_Count n = count * t->size;
    if (*position < 0 || outsize < 0 || n > outsize - *position)
        return MPIR_ERR(NULL, MPI_ERR_TRUNCATE, fc, "%lld bytes do not fit at position %lld of a %lld-byte buffer (outsize)",
                        (long long)n, (long long)*position, (long long)outsize);
    if (n > 0 && outbuf == NULL)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, fc, "null buffer (outbuf)");
    MPIR_Typerep_pack(inbuf, t, 0, (char *)outbuf + *position, n, external32);
    *position += n;
    return MPI_SUCCESS;
}

static int unpack(const char *fc, const void *inbuf, MPI_Count insize, MPI_Count *position, void *outbuf,
                  MPI_Count count, MPIR_Dtype *t, int external32)
{
    if (position == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (position)");
    MPI_Count n = count * t->size;
    if (*position < 0 || insize < 0 || n > insize - *position)
        return MPIR_ERR(NULL, MPI_ERR_TRUNCATE, fc, "%lld bytes wanted at position %lld of a %lld-byte buffer (insize)",
                        (long long)n, (long long)*position, (long long)insize);
    if (n > 0 && inbuf == NULL)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, fc, "null buffer (inbuf)");
    MPIR_Typerep_unpack((const char *)inbuf + *position, 0, n, outbuf, t, external32);
    *position += n;
    return MPI_SUCCESS;
}

int MPI_Pack_c(const void *inbuf, MPI_Count incount, MPI_Datatype datatype, void *outbuf, MPI_Count outsize,
               MPI_Count *position, MPI_Comm comm)
{
    MPIR_Dtype *t;
    int rc = pack_args("MPI_Pack", incount, datatype, &t);
    if (rc || (rc = comm_arg("MPI_Pack", comm)))
        return rc;
    return pack("MPI_Pack", inbuf, incount, t, outbuf, outsize, position, 0);
}

int MPI_Pack(const void *inbuf, int incount, MPI_Datatype datatype, void *outbuf, int outsize, int *position,
             MPI_Comm comm)
{
    if (position == NULL)
        return MPI_Pack_c(inbuf, incount, datatype, outbuf, outsize, NULL, comm);
    MPI_Count pos = *position;
    int rc = MPI_Pack_c(inbuf, incount, datatype, outbuf, outsize, &pos, comm);
    *position = (int)pos;
    return rc;
}

int MPI_Unpack_c(const void *inbuf, MPI_Count insize, MPI_Count *position, void *outbuf, MPI_Count outcount,
                 MPI_Datatype datatype, MPI_Comm comm)
{
    MPIR_Dtype *t;
    int rc = pack_args("MPI_Unpack", outcount, datatype, &t);
    if (rc || (rc = comm_arg("MPI_Unpack", comm)))
        return rc;
    return unpack("MPI_Unpack", inbuf, insize, position, outbuf, outcount, t, 0);
}

int MPI_Unpack(const void *inbuf, int insize, int *position, void *outbuf, int outcount, MPI_Datatype datatype,
               MPI_Comm comm)
{
    if (position == NULL)
        return MPI_Unpack_c(inbuf, insize, NULL, outbuf, outcount, datatype, comm);
    MPI_Count pos = *position;
    int rc = MPI_Unpack_c(inbuf, insize, &pos, outbuf, outcount, datatype, comm);
    *position = (int)pos;
    return rc;
}

int MPI_Pack_size_c(MPI_Count incount, MPI_Datatype datatype, MPI_Comm comm, MPI_Count *size)
{
    MPIR_Dtype *t;
    int rc = pack_args("MPI_Pack_size", incount, datatype, &t);
    if (rc || (rc = comm_arg("MPI_Pack_size", comm)))
        return rc;
    *size = incount * t->size;
    return MPI_SUCCESS;
}

int MPI_Pack_size(int incount, MPI_Datatype datatype, MPI_Comm comm, int *size)
{
    MPI_Count s;
    int rc = MPI_Pack_size_c(incount, datatype, comm, &s);
    if (rc == MPI_SUCCESS)
        *size = s > INT_MAX ? MPI_UNDEFINED : (int)s;
    return rc;
}

/* external32 has the sizes of wasm32's types for every type wmpi has, in big-endian order. */
int MPI_Pack_external(const char datarep[], const void *inbuf, int incount, MPI_Datatype datatype, void *outbuf,
                      MPI_Aint outsize, MPI_Aint *position)
{
    const char *fc = "MPI_Pack_external";
    MPIR_Dtype *t;
    int rc = pack_args(fc, incount, datatype, &t);
    if (rc || (rc = datarep_arg(fc, datarep)))
        return rc;
    if (position == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (position)");
    MPI_Count pos = *position;
    rc = pack(fc, inbuf, incount, t, outbuf, outsize, &pos, 1);
    *position = (MPI_Aint)pos;
    return rc;
}

int MPI_Unpack_external(const char datarep[], const void *inbuf, MPI_Aint insize, MPI_Aint *position, void *outbuf,
                        int outcount, MPI_Datatype datatype)
{
    const char *fc = "MPI_Unpack_external";
    MPIR_Dtype *t;
    int rc = pack_args(fc, outcount, datatype, &t);
    if (rc || (rc = datarep_arg(fc, datarep)))
        return rc;
    if (position == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (position)");
    MPI_Count pos = *position;
    rc = unpack(fc, inbuf, insize, &pos, outbuf, outcount, t, 1);
    *position = (MPI_Aint)pos;
    return rc;
}

int MPI_Pack_external_size(const char datarep[], int incount, MPI_Datatype datatype, MPI_Aint *size)
{
    const char *fc = "MPI_Pack_external_size";
    MPIR_Dtype *t;
    int rc = pack_args(fc, incount, datatype, &t);
    if (rc || (rc = datarep_arg(fc, datarep)))
        return rc;
    *size = (MPI_Aint)(incount * t->size);
    return MPI_SUCCESS;
}

int MPI_Get_address(const void *location, MPI_Aint *address)
{
    if (address == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Get_address", "null pointer (address)");
    *address = (MPI_Aint)(uintptr_t)location;
    return MPI_SUCCESS;
}

MPI_Aint MPI_Aint_add(MPI_Aint base, MPI_Aint disp) { return (MPI_Aint)((uintptr_t)base + (uintptr_t)disp); }

MPI_Aint MPI_Aint_diff(MPI_Aint addr1, MPI_Aint addr2) { return (MPI_Aint)((uintptr_t)addr1 - (uintptr_t)addr2); }

#define LOCALCOPY_CHUNK (64 * 1024)

int MPIR_Localcopy(const void *src, MPI_Count scount, MPI_Datatype stype, void *dst, MPI_Count rcount,
                   MPI_Datatype rtype)
{
    MPIR_Dtype *s = MPIR_Dtype_get(stype), *r = MPIR_Dtype_get(rtype);
    if (s == NULL || r == NULL)
        return MPI_ERR_TYPE;
    MPI_Count n = scount * s->size;
    if (n > rcount * r->size)
        return MPI_ERR_TRUNCATE;
    if (n == 0)
        return MPI_SUCCESS;
    if (s->is_contig && r->is_contig) {
        if (MPIR_Addr(src, s->true_lb) != MPIR_Addr(dst, r->true_lb))
            memmove(MPIR_Addr(dst, r->true_lb), MPIR_Addr(src, s->true_lb), (size_t)n);
    } else if (s->is_contig) {
        MPIR_Typerep_unpack(MPIR_Addr(src, s->true_lb), 0, n, dst, r, 0);
    } else if (r->is_contig) {
        MPIR_Typerep_pack(src, s, 0, MPIR_Addr(dst, r->true_lb), n, 0);
    } else { /* through a bounded buffer, a chunk at a time (as MPICH's localcopy) */
        MPI_Count chunk = n < LOCALCOPY_CHUNK ? n : LOCALCOPY_CHUNK;
        void *tmp = MPIR_Malloc((size_t)chunk);
        if (tmp == NULL)
            return MPI_ERR_NO_MEM;
        for (MPI_Count at = 0; at < n; at += chunk) {
            MPI_Count len = n - at < chunk ? n - at : chunk;
            MPIR_Typerep_pack(src, s, at, tmp, len, 0);
            MPIR_Typerep_unpack(tmp, at, len, dst, r, 0);
        }
        MPIR_Free(tmp);
    }
    return MPI_SUCCESS;
}
