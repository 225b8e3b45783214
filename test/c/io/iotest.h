/* Helpers shared by the MPI-IO programs: ctest.h's CHECK and verdict, plus what every I/O test
 * needs: a recognisable byte pattern per rank, the file read back with plain POSIX calls (so a
 * check does not trust MPI's own read path), a byte-by-byte comparison that names the first
 * differing offset, and the error class of a returned code. Each program runs in a fresh
 * directory and names its files relative to it. Plain C, mpi.h and POSIX only. */
#ifndef IOTEST_H
#define IOTEST_H
#include "../conformance/ctest.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 under ROMIO (MPICH's MPI-IO, which defines ROMIO_VERSION in mpio.h): the few checks where ROMIO
 * departs from the standard are skipped there, each with a comment saying how; wmpi must pass them. */
#ifdef ROMIO_VERSION
#define IO_ROMIO 1
#else
#define IO_ROMIO 0
#endif

/* The byte that rank `rank` puts at position i of its data: never 0, different for each rank. */
static inline unsigned char io_byte(int rank, long i) { return (unsigned char)(1 + (rank * 53 + i * 7) % 251); }

/* Fills n bytes with rank's pattern. */
static inline void io_fill(void *buf, int rank, long n)
{
    for (long i = 0; i < n; i++)
        ((unsigned char *)buf)[i] = io_byte(rank, i);
}

/* The whole file `name` read with POSIX read(); *len gets its size. The caller frees the result. */
static inline unsigned char *io_slurp(const char *name, long *len)
{
    struct stat st;
    int fd = open(name, O_RDONLY);
    *len = -1;
    if (fd < 0 || fstat(fd, &st) != 0) {
        CHECK(0, "cannot open %s: %s", name, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    unsigned char *data = malloc((size_t)st.st_size + 1);
    long got = 0;
    while (data && got < (long)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)(st.st_size - got));
        if (n <= 0)
            break;
        got += n;
    }
    close(fd);
    CHECK(got == (long)st.st_size, "read %ld of the %ld bytes of %s", got, (long)st.st_size, name);
    *len = got;
    return data;
}

/* Checks n bytes against the expected ones, naming the first difference and how many differ. */
static inline void io_compare(const char *what, const unsigned char *got, const unsigned char *want, long n)
{
    long first = -1, bad = 0;
    for (long i = 0; i < n; i++)
        if (got[i] != want[i]) {
            if (first < 0)
                first = i;
            bad++;
        }
    CHECK(bad == 0, "%s: %ld of %ld bytes differ, the first at %ld (got %d, expected %d)", what, bad, n, first,
          first >= 0 ? got[first] : 0, first >= 0 ? want[first] : 0);
}

/* Checks that file `name` holds exactly the n bytes `want` (its size included), read with POSIX. */
static inline void io_expect_file(const char *name, const unsigned char *want, long n)
{
    long len;
    unsigned char *got = io_slurp(name, &len);
    if (got == NULL)
        return;
    CHECK(len == n, "%s has %ld bytes, expected %ld", name, len, n);
    io_compare(name, got, want, len < n ? len : n);
    free(got);
}

/* Like io_expect_file, but only the bytes where mask[i] is nonzero are compared: the others were never
 * written, and MPI does not say what they read as (ROMIO's data sieving fills them with whatever its
 * buffer held). */
static inline void io_expect_file_masked(const char *name, const unsigned char *want, const unsigned char *mask, long n)
{
    long len;
    unsigned char *got = io_slurp(name, &len);
    if (got == NULL)
        return;
    CHECK(len == n, "%s has %ld bytes, expected %ld", name, len, n);
    for (long i = 0; i < len && i < n; i++)
        if (!mask[i])
            got[i] = want[i];
    io_compare(name, got, want, len < n ? len : n);
    free(got);
}

/* The error class of an MPI return code. */
static inline int io_class(int rc)
{
    int cls = -1;
    MPI_Error_class(rc, &cls);
    return cls;
}

/* Checks that `call` failed with error class `cls` (the default file error handler returns). */
#define CHECK_CLASS(call, cls)                                                                   \
    do {                                                                                         \
        int io_rc_ = (call);                                                                     \
        CHECK(io_rc_ != MPI_SUCCESS && io_class(io_rc_) == (cls), "%s returned class %d, expected %s (%d)", \
              #call, io_rc_ == MPI_SUCCESS ? 0 : io_class(io_rc_), #cls, (cls));                \
    } while (0)

/* The element count of a status, checked against `want`. */
#define CHECK_COUNT(status, type, want)                                                          \
    do {                                                                                         \
        int io_n_ = -1;                                                                          \
        MPI_Get_count(&(status), (type), &io_n_);                                                \
        CHECK(io_n_ == (want), "count %d, expected %d", io_n_, (int)(want));                     \
    } while (0)

/* The layout most access tests write: nb * size blocks of B bytes, block k holding bytes
 * [(k / size) * B, (k / size + 1) * B) of rank (k % size)'s pattern. */
static inline unsigned char *io_interleaved(int size, long B, int nb)
{
    unsigned char *file = malloc((size_t)(nb * size * B) + 1);
    for (long k = 0; k < nb * size; k++)
        for (long j = 0; j < B; j++)
            file[k * B + j] = io_byte((int)(k % size), (k / size) * B + j);
    return file;
}

/* Sets a view in which a rank's data stream is the blocks of rank `owner` in the interleaved layout:
 * B bytes at owner * B, then every size * B bytes. Returns MPI_File_set_view's code. */
static inline int io_block_view(MPI_File fh, int owner, int size, long B)
{
    MPI_Datatype block, tiled;
    MPI_Type_contiguous((int)B, MPI_BYTE, &block);
    MPI_Type_create_resized(block, 0, (MPI_Aint)(size * B), &tiled);
    MPI_Type_commit(&tiled);
    int rc = MPI_File_set_view(fh, (MPI_Offset)owner * B, MPI_BYTE, tiled, "native", MPI_INFO_NULL);
    MPI_Type_free(&block);
    MPI_Type_free(&tiled);
    return rc;
}

/* Records of the shared-pointer tests: R bytes naming their writer and sequence number, the rest a
 * pattern of both, so a torn or overlapped record is recognised. */
static inline void io_record(unsigned char *rec, int rank, int seq, long R)
{
    rec[0] = (unsigned char)rank;
    rec[1] = (unsigned char)seq;
    for (long i = 2; i < R; i++)
        rec[i] = io_byte(rank, seq * R + i);
}

/* The record's rank * nseq + seq, or -1 when its bytes are not one intact record. */
static inline int io_record_id(const unsigned char *rec, int nseq, long R)
{
    unsigned char want[256];
    if (R > 256 || rec[1] >= nseq)
        return -1;
    io_record(want, rec[0], rec[1], R);
    return memcmp(rec, want, (size_t)R) == 0 ? rec[0] * nseq + rec[1] : -1;
}

/* The count of a read that reached the end of the file: what it read, fewer than asked (MPI-4.0 14.4:
 * the status of a read that reaches the end of file gives the number of etypes it read). ROMIO reports
 * the whole count asked for when the read goes through a noncontiguous view (data sieving) or two-phase
 * collective I/O, so this check is made only off ROMIO. */
#define CHECK_EOF_COUNT(status, type, want)                                                      \
    do {                                                                                         \
        if (!IO_ROMIO)                                                                           \
            CHECK_COUNT(status, type, want);                                                     \
    } while (0)

/* Everyone waits until rank 0 has removed `name` (left over from nothing: each run has a fresh directory,
 * but a program may run twice in one directory by hand). */
static inline void io_fresh(const char *name)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0)
        unlink(name);
    MPI_Barrier(MPI_COMM_WORLD);
}
#endif
