/* Tracing of MPI calls and messages (issue 10, section 2), MPICH MPE style:
 * the core writes fixed-size binary records into a buffer in this rank's
 * memory, and the host drains them while the job runs (ts/runtime/trace-drain.ts
 * decodes them into Chrome trace events). Off unless the environment has
 * WMPI_TRACE set (not empty, not "0") when MPI_Init runs.
 *
 * A traced function starts with MPIR_TRACE_CALL(name, peer, tag, bytes,
 * handle, root). Only the outermost traced call of a rank writes a record
 * (MPI_Send waiting through MPIR_Wait_named is one MPI_Send), and it writes it
 * when the call returns: one record holds start and end. A message's first
 * packet carries the sender's sequence number (channel.h: `rreq` of EAGER_SEND
 * and RNDV_RTS), so the receiver's MATCHED record names the SENT one. Off,
 * the cost is a test of MPIR_trace_on on entry, one of a zero local on
 * return and one per message sent and matched; `bytes` is not even computed. */
#ifndef WMPI_TRACE_H
#define WMPI_TRACE_H

#include "mpi.h"
#include <stdint.h>

/* The record layout, mirrored by ts/runtime/trace-drain.ts (48 bytes, little-endian). */
enum { WMPI_TRACE_CALL = 1, WMPI_TRACE_SENT = 2, WMPI_TRACE_MATCHED = 3 };
typedef struct wmpi_trace_rec {
    uint16_t kind;
    uint16_t context; /* SENT, MATCHED: the message's context offset (MPIR_CONTEXT_PT2PT, _COLL, _NBC, _OTHER) */
    uint32_t name;  /* address of a NUL-terminated name in this memory: the call (CALL) or the
                       outermost call a message went out or matched in (SENT, MATCHED; 0: none) */
    int32_t peer;   /* CALL: rank in comm, MPI_ANY_SOURCE, MPI_PROC_NULL or MPIR_TRACE_NONE; SENT: destination vc;
                       MATCHED: source vc */
    int32_t tag;
    uint32_t handle; /* the communicator, window or file of the call (messages: of the outermost call) */
    uint32_t aux;   /* CALL: root (MPIR_TRACE_NONE: none); SENT, MATCHED: the sender's message sequence number */
    double bytes;
    double t0;      /* seconds, wmpi_host_now's clock: CALL start, or when the message went out or matched */
    double t1;      /* CALL: end */
} wmpi_trace_rec;
_Static_assert(sizeof(wmpi_trace_rec) == 48, "ts/runtime/trace-drain.ts reads 48-byte records");

/* The buffer: a single-producer ring of records. The core stores `written`
 * (release) after each record; the host copies records [read, written) and
 * then stores `read`. Never blocking the rank, a record that finds the ring
 * full is dropped and counted in `lost`. `open` is the record of the
 * outermost call under way (kind 0: none), so that a job that ends inside
 * calls (a deadlock, a failure) still shows where each rank was. */
typedef struct wmpi_trace_buf {
    uint32_t written;
    uint32_t read;
    uint32_t capacity; /* records, a power of two */
    uint32_t lost;
    wmpi_trace_rec open;
    /* capacity records follow */
} wmpi_trace_buf;
_Static_assert(sizeof(wmpi_trace_buf) == 64, "ts/runtime/trace-drain.ts finds the records 64 bytes in");

/* peer, tag or root that a call does not have */
#define MPIR_TRACE_NONE MPI_UNDEFINED

extern int MPIR_trace_on;

/* Reads WMPI_TRACE, WMPI_TRACE_RECORDS and WMPI_TRACE_PACE_MS; returns the
 * buffer (the ring header publishes it) or NULL when tracing is off. */
wmpi_trace_buf *MPIR_Trace_init(void);

/* Starts a traced call: a token for MPIR_Trace_leave (1 outermost, 2 nested). */
/* `handle` is the communicator, window or file the call is on (MPI_COMM_NULL: none). */
int MPIR_Trace_enter(const char *name, int peer, int tag, double bytes, int handle, int root);
void MPIR_Trace_leave(int token);
/* A message went out to vc with the sequence number MPIR_Trace_next_seq gave;
 * one from vc, sent as seq, matched a receive here. */
uint32_t MPIR_Trace_next_seq(void);
void MPIR_Trace_sent(int vc, int context, int tag, uint64_t bytes, uint32_t seq);
void MPIR_Trace_matched(int vc, int context, int tag, uint64_t bytes, uint32_t seq);

static inline void MPIR_Trace_scope_end(const int *token)
{
    if (__builtin_expect(*token, 0))
        MPIR_Trace_leave(*token);
}

/* Traces the enclosing function as one call; the record is written when the scope ends. */
#define MPIR_TRACE_CALL(name, peer, tag, bytes, handle, root)                                  \
    int mpir_trace_token_ __attribute__((cleanup(MPIR_Trace_scope_end), unused)) =           \
        __builtin_expect(MPIR_trace_on, 0) ? MPIR_Trace_enter((name), (peer), (tag), (double)(bytes), (int)(handle), (root)) : 0

/* bytes of count elements of type (0 for an invalid type: the call's check reports it) */
#define MPIR_TRACE_BYTES(count, type) ((double)(count) * (MPIR_Datatype_size(type) > 0 ? MPIR_Datatype_size(type) : 0))

#endif
