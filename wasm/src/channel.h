/* The channel interface: what the device needs from a transport.
 *
 * Every rank owns one receive ring in its own linear memory. Any channel
 * (shared memory, and later the network thread) delivers packets by writing
 * cells into that ring; the device polls it in C. Only numbers cross this
 * line: vc indexes, pointers into this rank's memory, lengths.
 *
 * These functions are imported from the host (module "wmpi"); ts/runtime
 * implements them. None of them re-enters the core (op_call runs a user's
 * function, see below).
 */
#ifndef WMPI_CHANNEL_H
#define WMPI_CHANNEL_H

#include <stdint.h>

#define WMPI_IMPORT(name) __attribute__((import_module("wmpi"), import_name(name)))

#define WMPI_CELL_SIZE 64u
#define WMPI_PKT_HEADER_SIZE 48u

/* A packet header; the payload (eager data) follows it contiguously. */
typedef struct wmpi_pkt {
    uint32_t seq; /* wmpi_ring_seq(ticket of the header cell), written last: publishes the packet */
    uint16_t type;
    uint16_t flags;
    int32_t src_vc; /* sender's virtual connection index (its rank in the job) */
    int32_t context;
    int32_t rank; /* sender's rank in the communicator */
    int32_t tag;
    uint32_t sreq; /* sender's request handle */
    uint32_t rreq; /* receiver's request handle; in EAGER_SEND and RNDV_RTS, which no receive
                      has asked for yet, the sender's trace sequence number (0: not traced) */
    uint32_t addr; /* rendezvous: the sender's buffer in its own memory */
    uint32_t aux;
    uint64_t size; /* payload size (eager) or message size (rendezvous) */
} wmpi_pkt;

/* flags: the rendezvous data is still being staged by the sender; `aux` is
 * the address of a uint32 in its memory that counts the bytes staged so far. */
#define WMPI_PKT_FLAG_STAGED 1u

/* The receive ring. Producers reserve cells by compare-and-swap on `tail`,
 * write them, and publish by storing `seq` of the first cell last. The
 * consumer reads at `head`, clears the seq words of what it consumed and
 * publishes the new head. A packet that runs past the last cell continues in
 * `overflow`, so the consumer always sees it contiguous. */
typedef struct wmpi_ring {
    uint32_t tail;
    uint32_t pad0[15];
    uint32_t head;
    uint32_t pad1[15];
    int32_t sleeping; /* how many waits of the consumer are (about to be) asleep */
    int32_t futex;    /* bumped by a producer that saw `sleeping` */
    uint32_t ncells;  /* a power of two */
    uint32_t overflow; /* bytes after the last cell, for a packet that runs past it */
    /* What the consumer waits for while it is in a blocking call (its launcher's
     * deadlock report reads them): wait_kind is 0 outside one, else a
     * WMPI_WAIT_* below; wait_peer a rank of communicator wait_comm (a handle),
     * or -1 (any source) or -2 (the whole group: a collective); wait_call the
     * address of the call's name (NUL-terminated) in this rank's memory. */
    int32_t wait_kind;
    int32_t wait_peer;
    int32_t wait_tag;
    uint32_t wait_comm;
    uint32_t wait_call;
    uint32_t trace; /* the address of this rank's trace buffer (wasm/src/trace.h), 0 when not tracing */
    /* Set by the host: wait without spinning from now on (a network thread of
     * this process now needs the cores the spin would take). */
    int32_t no_spin;
    uint32_t pad2[5];
    /* cells follow: ncells * 64 bytes, then the overflow area */
} wmpi_ring;

#define WMPI_WAIT_RECV 1 /* a message from wait_peer */
#define WMPI_WAIT_SEND 2 /* a send to wait_peer to be taken */
#define WMPI_WAIT_GROUP 3 /* the rest of wait_comm's group (a collective) */
#define WMPI_WAIT_OTHER 4 /* anything else: several requests, a window's synchronization */

/* The seq word that publishes a packet at `ticket`: never 0, the value of a
 * cell the consumer has cleared (ticket 2^32-1 would give 0). */
static inline uint32_t wmpi_ring_seq(uint32_t ticket)
{
    return ticket + 1 ? ticket + 1 : 1;
}

#define WMPI_CHAN_OK 0
#define WMPI_CHAN_AGAIN 1   /* chan_send: the ring is full now; try again later */
#define WMPI_CHAN_PENDING 1 /* chan_rget: a packet of type WMPI_PKT_RGET_DONE will follow */

/* The packets a channel makes itself: after a PENDING chan_rget, a packet
 * of type RGET_DONE with `rreq` set to the rget's rreq; when it has lost the
 * connection to a peer for good (its process died, or stopped answering), a
 * packet of type VC_FAILED with src_vc set to that peer, after which it
 * drops whatever the core sends to it. */
#define WMPI_PKT_RGET_DONE 3
#define WMPI_PKT_VC_FAILED 15

/* Copies hdr (48 bytes) and len payload bytes into vc's ring. Never blocks. */
WMPI_IMPORT("chan_send")
int wmpi_chan_send(int vc, const wmpi_pkt *hdr, const void *payload, uint32_t len);

/* Copies len bytes at remote_addr of vc's memory to local. With a non-zero
 * remote_counter (see WMPI_PKT_FLAG_STAGED) it copies each part once the
 * counter says the sender has staged it: the counter counts bytes from
 * remote_addr - counted_before, so byte i of the copy is staged once the
 * counter exceeds counted_before + i. */
WMPI_IMPORT("chan_rget")
int wmpi_chan_rget(int vc, uint32_t remote_addr, void *local, uint32_t len, uint32_t rreq, uint32_t remote_counter,
                   uint32_t counted_before);

/* ---- one-sided access (RMA, issue 7) ----
 * An origin reads and writes a target's memory without the target taking
 * part: between ranks of one process the channel copies between their
 * memories at once; to a rank of another process the network thread of the
 * target's process does it. Each call returns WMPI_CHAN_OK when the operation
 * is complete (put: the bytes are in vc's memory; get and cas: the result is
 * in ours), or WMPI_CHAN_PENDING when it is under way: then a packet of type
 * RMA_DONE with `aux` = `token` follows once it is complete at both ends
 * (after a put, a later put or get from this rank to the same vc sees it).
 * WMPI_CHAN_BADADDR: [remote_addr, remote_addr + len) is not inside vc's
 * memory, and nothing was done (a pending operation that finds so at the
 * target does nothing and ends with its RMA_DONE's `flags` = BADADDR). The data of a pending put is taken at the
 * call: `local` may change as soon as it returns. A pending get or cas writes
 * `local`/`old` before its RMA_DONE arrives. */
#define WMPI_CHAN_BADADDR 2
#define WMPI_PKT_RMA_DONE 16

/* Writes len bytes at local into vc's memory at remote_addr. */
WMPI_IMPORT("chan_rma_put")
int wmpi_chan_rma_put(int vc, uint32_t remote_addr, const void *local, uint32_t len, uint32_t token);

/* Reads len bytes at remote_addr of vc's memory into local. */
WMPI_IMPORT("chan_rma_get")
int wmpi_chan_rma_get(int vc, uint32_t remote_addr, void *local, uint32_t len, uint32_t token);

/* Atomically (against every other chan_rma_cas on that word, from any rank):
 * if the int32 at remote_addr (4-aligned) of vc's memory equals compare,
 * stores swap there; in both cases *old gets the value it had. */
WMPI_IMPORT("chan_rma_cas")
int wmpi_chan_rma_cas(int vc, uint32_t remote_addr, int32_t compare, int32_t swap, int32_t *old, uint32_t token);

/* Blocks until this rank's ring may hold a packet at head, or timeout_us
 * microseconds pass (negative: no limit). */
WMPI_IMPORT("chan_wait")
void wmpi_chan_wait(int timeout_us);

/* Publishes this rank's ring; blocks until every rank of the job has. */
WMPI_IMPORT("chan_open")
int wmpi_chan_open(wmpi_ring *ring);

/* Says this rank will send nothing more. */
WMPI_IMPORT("chan_close")
void wmpi_chan_close(void);

/* The job: this rank's index, the number of ranks, and the cores to share. */
WMPI_IMPORT("job_rank")
int wmpi_job_rank(void);
WMPI_IMPORT("job_size")
int wmpi_job_size(void);
/* Which process this rank lives in: ranks with equal ids share memory
 * (MPI_COMM_TYPE_SHARED). */
WMPI_IMPORT("job_process")
int wmpi_job_process(void);
WMPI_IMPORT("job_cores")
int wmpi_job_cores(void);

/* ---- the universe: groups of ranks that join later (issue 9) ----
 * vcs number every rank this one may talk to. A job's MPI_COMM_WORLD ranks
 * are vcs world_vc .. world_vc + job_size - 1; a group spawned later, or met
 * through a port, gets vcs of its own, which the channel reaches as soon as
 * the core learns them (from the peer's messages). */
WMPI_IMPORT("job_world_vc")
int wmpi_job_world_vc(void);
/* MPI_UNIVERSE_SIZE (how many ranks the job may grow to) and MPI_APPNUM (which
 * command of a spawn this rank runs; 0 when started by the launcher). */
WMPI_IMPORT("job_universe_size")
int wmpi_job_universe_size(void);
WMPI_IMPORT("job_appnum")
int wmpi_job_appnum(void);
/* The port a spawned job's parents accept on (NUL-terminated into buf of len
 * bytes); returns 0 for a job that was not spawned. */
WMPI_IMPORT("job_parent_port")
int wmpi_job_parent_port(char *buf, int len);

/* Opens a port this rank accepts on: its name into buf (len bytes). reach:
 * other jobs may connect to it too (MPI_Open_port), not only this job's
 * ranks (a spawn's children). Returns an MPI error class
 * (MPI_ERR_UNSUPPORTED_OPERATION where the host has no universe). */
WMPI_IMPORT("dyn_open_port")
int wmpi_dyn_open_port(char *buf, int len, int reach);
/* Closes a port this rank opened; MPI_ERR_PORT if it is not one. */
WMPI_IMPORT("dyn_close_port")
int wmpi_dyn_close_port(const char *name);
/* The vc accepting on an open port, and the port's number there (*id); -1 if
 * no such port is open. */
WMPI_IMPORT("dyn_port_vc")
int wmpi_dyn_port_vc(const char *name, int *id);
/* The name service: op 0 publishes (service, port), 1 looks service up (its
 * port into port, len bytes), 2 unpublishes. Returns an MPI error class
 * (MPI_ERR_SERVICE: published already / not published; MPI_ERR_NAME: none such).
 * When the name service itself failed (its server is down), it says why in
 * why (whylen bytes, NUL-terminated; left empty otherwise). */
WMPI_IMPORT("dyn_name")
int wmpi_dyn_name(int op, const char *service, char *port, int len, char *why, int whylen);
/* MPI_Comm_join: writes len bytes at mine to the socket fd and reads len
 * bytes from it into theirs. Returns an MPI error class (MPI_ERR_ARG: fd is
 * not a connected socket this rank may use). */
WMPI_IMPORT("dyn_fd_swap")
int wmpi_dyn_fd_swap(int fd, const char *mine, char *theirs, int len);

/* Names of ranks across jobs. A vc means a rank to this process only; a
 * name, two ints (job, vc), means it to every job: the number of the job
 * whose launcher started the rank (0 for a job without a launcher), and its
 * vc there. Ranks of another job met through a port get vcs here (aliases)
 * when their names are first turned into vcs; their packets reach them
 * through the network. dyn_names writes the names of n vcs (2n ints);
 * dyn_vcs the vcs of n names, returning an MPI error class (MPI_ERR_PORT: a
 * rank of another job this one cannot reach; MPI_ERR_NO_MEM: no vcs left). */
WMPI_IMPORT("dyn_names")
void wmpi_dyn_names(const int *vcs, int n, int *names);
WMPI_IMPORT("dyn_vcs")
int wmpi_dyn_vcs(const int *names, int n, int *vcs);

/* Starts the children of a spawn (request: see dyn/spawn.c), who will connect
 * to `port`. Fills errcodes (one per child) and returns MPI_SUCCESS, or
 * MPI_ERR_SPAWN with a reason in msg (len bytes) when none were started. */
WMPI_IMPORT("dyn_spawn")
int wmpi_dyn_spawn(const char *request, int reqlen, const char *port, int *errcodes, char *msg, int len);

/* Ends the whole job with `code`; msg is a NUL-terminated reason. Does not return. */
WMPI_IMPORT("job_abort")
void wmpi_job_abort(int code, const char *msg);

/* Seconds since an epoch shared by the ranks of one host. */
WMPI_IMPORT("host_now")
double wmpi_host_now(void);

/* Writes the host name (NUL-terminated, at most len bytes); returns its length. */
WMPI_IMPORT("host_name")
int wmpi_host_name(char *buf, int len);

/* ---- reduction operations ---- */
/* Applies the JS function the host registered under `id` (MPI.Op.Create):
 * inout[i] = in[i] op inout[i] for `count` elements of `datatype`, a count
 * exact up to 2^53. The function should not communicate (it may call MPI
 * functions that do not, such as Wtime). Returns 0, or non-zero when the
 * function threw: the host keeps that exception for the facade to rethrow. */
WMPI_IMPORT("op_call")
int wmpi_op_call(int id, const void *in, void *inout, double count, int datatype);

/* The core holds no more references to the JS function registered as `id`
 * (its op was freed and no operation under way uses it): the host may drop it. */
WMPI_IMPORT("op_release")
void wmpi_op_release(int id);

#endif
