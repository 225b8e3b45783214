/* What a native test may ask of the fake host beyond MPI: the channel traffic
 * this rank has caused, and an abort the test expects. */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <stddef.h>

typedef struct fake_host_stats {
    unsigned sends;   /* packets this rank's core wrote into rings (its own included) */
    unsigned again;   /* chan_send calls refused because the destination ring was full */
    unsigned wrapped; /* packets that ran past the last cell into the overflow area */
    unsigned rgets;   /* chan_rget calls */
    unsigned long long rget_bytes;
    unsigned waits;   /* chan_wait calls */
} fake_host_stats;

fake_host_stats fake_host_get_stats(void);
/* Bytes the core holds from aligned_alloc (MPIR_Malloc, the ring, MPI_Alloc_mem) in this rank. */
size_t fake_host_arena_in_use(void);

/* A later job_abort with `code` ends this rank successfully, printing
 * " No Errors" (for tests of fatal errors; use with one rank). */
void fake_host_expect_abort(int code);
/* Tells this rank's core, as a channel that lost the peer would, that vc is gone (a VC_FAILED packet in its ring). */
void fake_host_lose_vc(int vc);

/* Synchronisation through shared memory, outside MPI: no message is sent, so
 * nothing shows up in matching queues. `progress` (may be NULL) is called
 * while waiting. */
void fake_host_barrier(void (*progress)(void));
/* The sum of v over all ranks; a barrier as well. */
int fake_host_sum(int v, void (*progress)(void));
/* Bumps this rank's counter; any rank may read it. */
void fake_host_bump(void);
unsigned fake_host_bumps(int rank);

/* The host's side of JS user ops (channel.h op_call / op_release): a test
 * registers a C function under an id and makes its op with MPIR_Op_create_js.
 * The function returns non-zero to play a JS function that threw. */
#define FAKE_HOST_MAX_OPS 64
typedef int fake_host_op_fn(const void *in, void *inout, double count, int datatype);
void fake_host_register_op(int id, fake_host_op_fn *fn);
/* Whether the core has said it holds no more references to op id. */
int fake_host_op_released(int id);

#endif
