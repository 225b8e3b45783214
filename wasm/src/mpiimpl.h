/* Internal objects of the MPI layer and the device (MPICH's MPIR / MPID split). */
#ifndef WMPI_MPIIMPL_H
#define WMPI_MPIIMPL_H

#include "mpi.h"
#include <stdint.h>
#include <stddef.h>

#define HANDLE_KIND(h) ((((unsigned)(h)) >> 26) & 0xfu)
#define HANDLE_IS_BUILTIN(h) ((((unsigned)(h)) >> 30) == 1u)
#define HANDLE_IS_DYNAMIC(h) ((((unsigned)(h)) >> 30) == 2u)
#define HANDLE_INDEX(h) (((unsigned)(h)) & 0x03ffffffu)
#define HANDLE_MAKE_DYNAMIC(kind, idx) ((int)(0x80000000u | ((unsigned)(kind) << 26) | (unsigned)(idx)))

/* ---- state and errors (errhandler.c, env.c) ---- */
enum { MPIR_PRE_INIT = 0, MPIR_INITIALIZED = 1, MPIR_FINALIZED = 2 };
extern int MPIR_state;

typedef struct MPIR_Comm MPIR_Comm;
typedef struct MPIR_Request MPIR_Request;

/* Records "fcname: message" as the last error and returns errclass. */
int MPIR_Err_set(int errclass, const char *fcname, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Raises errclass on comm's error handler (NULL: the handler for errors not
 * tied to an object, MPI_COMM_SELF's). Returns what the caller returns. */
int MPIR_Err_raise(MPIR_Comm *comm, int errclass);
/* A window's rank `rank` as the facade needs it to view a shared window's segment (rma/win.c). */
int MPIR_Win_peer_info(MPI_Win win, int rank, int *vc, uint32_t *base, uint64_t *size, int *disp_unit);
/* Raises errclass on error handler eh of the object `handle` (a communicator or a window). */
int MPIR_Err_raise_handler(MPI_Errhandler eh, int handle, int errclass);
/* Both at once: the common path of an argument check. */
#define MPIR_ERR(comm, errclass, fcname, ...) \
    MPIR_Err_raise((comm), MPIR_Err_set((errclass), (fcname), __VA_ARGS__))
const char *MPIR_Err_last_message(void);
/* Records a whole message ("call: what is wrong") as the last error. */
void MPIR_Err_set_text(const char *message);
void MPIR_Err_set_initial_return(int on);

#define MPIR_CHECK_INIT(fcname)                                                       \
    do {                                                                              \
        if (MPIR_state != MPIR_INITIALIZED)                                           \
            return MPIR_ERR(NULL, MPI_ERR_OTHER, fcname, "%s",                        \
                            MPIR_state == MPIR_PRE_INIT ? "called before MPI_Init"    \
                                                        : "called after MPI_Finalize"); \
    } while (0)

/* malloc / free for buffers of any size this rank's memory can hold (bigmem.c). */
void *MPIR_Malloc(size_t n);
void MPIR_Free(void *p);
/* MPI_Alloc_mem for any size this rank's memory can hold (MPI_Aint is 32-bit on wasm32). */
int MPIR_Alloc_mem(const char *fc, uint64_t size, void **baseptr);

/* ---- communicators (comm.c, comm_create.c, intercomm.c) ---- */
/* Each communicator owns MPIR_CONTEXT_STRIDE consecutive context ids, agreed by
 * all its processes when it is made (MPICH's context-id mask): messages of the
 * user's point-to-point calls, of blocking collectives, of nonblocking
 * collectives and of one-sided/IO traffic never match each other. */
#define MPIR_CONTEXT_STRIDE 4
#define MPIR_CONTEXT_PT2PT 0
#define MPIR_CONTEXT_COLL 1
#define MPIR_CONTEXT_NBC 2
#define MPIR_CONTEXT_OTHER 3

typedef struct MPIR_Attr MPIR_Attr;
typedef struct MPIR_Topo MPIR_Topo;

struct MPIR_Comm {
    int handle;
    int refcount;    /* the user's handle plus pending operations (Comm_free waits for none) */
    int freed;       /* MPI_Comm_free was called: pending operations still hold it */
    int context_id;  /* first of this communicator's MPIR_CONTEXT_STRIDE context ids */
    int rank;        /* in the local group */
    int size;        /* of the local group */
    int remote_size; /* of the remote group: size for an intracommunicator */
    int is_inter;
    int *vcs;        /* rank in the remote group (intracommunicator: the group) -> vc */
    int *local_vcs;  /* rank in the local group -> vc (intracommunicator: vcs) */
    MPIR_Comm *local_comm; /* intercommunicator: an intracommunicator over the local group */
    MPI_Errhandler errhandler;
    uint32_t nbc_seq; /* tag sequence of nonblocking collectives on this communicator */
    uint32_t idup_seq; /* MPI_Comm_idup calls on this communicator (comm_idup.c) */
    MPIR_Attr *attrs; /* cached attributes (attr.c) */
    MPIR_Topo *topo;  /* Cartesian, graph or distributed graph topology (topo.c), or NULL */
    MPI_Info hints;   /* MPI_Comm_set_info's (a copy), or 0 for none */
    char name[128];
};
MPIR_Comm *MPIR_Comm_get(MPI_Comm handle);
/* Whether every rank of c's group belongs to this rank's job (not to another met through a port). */
int MPIR_Comm_one_job(MPIR_Comm *c);
int MPIR_Comm_init_builtins(int world_rank, int world_size, int world_vc);
void MPIR_Comm_free_builtins(void);
/* Deletes the attributes of MPI_COMM_SELF, then MPI_COMM_WORLD (MPI_Finalize). */
void MPIR_Comm_finalize_attrs(void);
/* The vc numbering is process ids (lpids): MPI_COMM_WORLD rank r is vc
 * world_vc + r (0 + r for a job the launcher started; spawned jobs and jobs met
 * through ports have vcs of their own in the universe). */
extern int MPIR_my_lpid;
/* A new communicator (refcount 1, MPI_ERRORS_ARE_FATAL, no name) over the
 * given process ids; remote_lpids NULL for an intracommunicator. */
MPIR_Comm *MPIR_Comm_new(int context_id, int rank, int size, const int *local_lpids, int remote_size,
                         const int *remote_lpids);
void MPIR_Comm_release(MPIR_Comm *comm);
/* The communicator behind handle, checked as argument `comm` of call fc. */
int MPIR_Comm_check(const char *fc, MPI_Comm handle, MPIR_Comm **comm);
/* Gives a new communicator made from parent what MPI_Comm_dup copies: error
 * handler, topology (not attributes: see MPIR_Attr_copy_all). */
void MPIR_Comm_inherit(MPIR_Comm *comm, const MPIR_Comm *parent);
/* A new intracommunicator made from parent (its error handler) over lpids, as
 * *newcomm; frees ctx and raises ERR_NO_MEM on parent when out of memory. */
int MPIR_Comm_new_intra(const char *fc, MPIR_Comm *parent, int ctx, int rank, int size, const int *lpids,
                        MPI_Comm *newcomm);
/* A process's part in a split: its color, key and rank in the parent group. */
typedef struct MPIR_Split_entry {
    int color, key, rank;
} MPIR_Split_entry;
/* Keeps the entries of color, ordered by (key, rank); their lpids through vcs
 * and my_rank's position (*my_pos). Returns how many. */
int MPIR_Split_members(MPIR_Split_entry *all, int n, int color, const int *vcs, int *lpids, int my_rank, int *my_pos);
/* c's copy on context ctx: groups, error handler, topology, attributes (MPI_Comm_dup's
 * work once the context id is agreed). Frees ctx and raises on c when it fails. */
int MPIR_Comm_copy(const char *fc, MPIR_Comm *c, int ctx, MPIR_Comm **out);
/* Starts MPI_Comm_idup(_with_info) of an intracommunicator (comm_idup.c): req
 * completes, and *newcomm is set (with info's hints, if not MPI_INFO_NULL), when
 * every process has agreed on the context id. */
int MPIR_Comm_idup_start(MPIR_Comm *c, MPI_Comm *newcomm, MPI_Info info, MPIR_Request *req);
/* Advances pending MPI_Comm_idup agreements (the progress engine calls it). */
int MPIR_Comm_idup_progress(void);
/* Replaces comm's info hints with a copy of info (MPI_INFO_NULL: none). */
int MPIR_Comm_set_hints(MPIR_Comm *comm, MPI_Info info);
/* MPI_Comm_dup (info MPI_INFO_NULL) and MPI_Comm_dup_with_info, named fc in errors. */
int MPIR_Comm_dup_named(const char *fc, MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm);

/* ---- context ids (contextid.c) ---- */
#define MPIR_CONTEXT_MASK_WORDS 32 /* 1024 communicator slots */
/* The last slot is never a communicator's: a port's handshakes use its context
 * (dyn/port.c), which every process of every job keeps free. */
#define MPIR_CONTEXT_PORT ((32 * MPIR_CONTEXT_MASK_WORDS - 1) * MPIR_CONTEXT_STRIDE)
/* Tags of communicator creation on MPIR_CONTEXT_COLL (no collective uses them). */
#define MPIR_TAG_COMM_CREATE 0x7fff0000
#define MPIR_TAG_COMM_SPLIT 0x7fff0001
#define MPIR_TAG_INTERCOMM 0x7fff0002
int MPIR_Contextid_init(void);
void MPIR_Contextid_free(int context_id);
/* Agrees on a context id with every process of `over` (each calls this). */
int MPIR_Contextid_agree(MPIR_Comm *over, int context_offset, int tag, int *context_id);
/* The AND of the free-slot masks of every process of `over`. */
int MPIR_Contextid_local_mask(MPIR_Comm *over, int context_offset, int tag, uint32_t mask[MPIR_CONTEXT_MASK_WORDS]);
void MPIR_Contextid_mask(uint32_t mask[MPIR_CONTEXT_MASK_WORDS]);
/* Nonblocking agreement (MPI_Comm_idup) offers the free slots of one window of
 * the mask at a time and reserves them until it is done, so no other agreement
 * on this process takes them meanwhile. */
#define MPIR_CONTEXT_WINDOW_WORDS 1
#define MPIR_CONTEXT_WINDOWS (MPIR_CONTEXT_MASK_WORDS / MPIR_CONTEXT_WINDOW_WORDS)
void MPIR_Contextid_reserve(int window, uint32_t bits[MPIR_CONTEXT_WINDOW_WORDS]);
void MPIR_Contextid_unreserve(int window, const uint32_t bits[MPIR_CONTEXT_WINDOW_WORDS]);
/* A blocking agreement offers this process's free slots (MPIR_Contextid_offer,
 * which reserves them while it runs) and ends with MPIR_Contextid_settle, which
 * releases the offer and takes the lowest slot of agreed (NULL: it failed). */
void MPIR_Contextid_offer(uint32_t mask[MPIR_CONTEXT_MASK_WORDS]);
int MPIR_Contextid_settle(const uint32_t *agreed, int *context_id);
/* Takes the lowest slot free in `agreed`: MPI_ERR_OTHER when none is. */
int MPIR_Contextid_take(const uint32_t agreed[MPIR_CONTEXT_MASK_WORDS], int *context_id);
/* Linear allgather of n bytes per process / broadcast, for communicator creation. */
int MPIR_Exchange_allgather(MPIR_Comm *comm, int context_offset, int tag, const void *mine, size_t n, void *all);
int MPIR_Exchange_bcast(MPIR_Comm *comm, int context_offset, int tag, void *buf, size_t n, int root);

/* ---- groups (group.c) ---- */
typedef struct MPIR_Group {
    int handle;
    int refcount;
    int size;
    int rank;   /* this process's rank in the group, or MPI_UNDEFINED */
    int *lpids; /* member i's process id */
} MPIR_Group;
MPIR_Group *MPIR_Group_get(MPI_Group handle);
/* A new group (refcount 1) of the given process ids. */
MPIR_Group *MPIR_Group_create(int size, const int *lpids);
void MPIR_Group_release(MPIR_Group *group);
int MPIR_Group_rank_of(const MPIR_Group *group, int lpid);

/* ---- handle tables of dynamic objects (handles.c) ---- */
/* A handle of `kind` for object, or 0 when out of memory. */
int MPIR_Handle_alloc(int kind, void *object);
/* The object behind a live dynamic handle of `kind`, or NULL. */
void *MPIR_Handle_lookup(int kind, int handle);
void MPIR_Handle_free(int kind, int handle);
int MPIR_Handle_live_count(int kind);

/* ---- attribute caching (attr.c) ---- */
/* Calls the delete callbacks of every attribute on the list and empties it;
 * the first failing callback's error class is returned. */
int MPIR_Attr_delete_all(MPI_Comm owner, MPIR_Attr **list);
/* Copies src's attributes through their copy callbacks (MPI_Comm_dup). */
int MPIR_Attr_copy_all(MPI_Comm old, MPIR_Attr *src, MPIR_Attr **dst);

/* ---- topologies (topo.c) ---- */
/* What MPI_Topo_test reports, and the topology's integers in one block:
 * Cartesian: dims[ndims], periods[ndims]; graph: index[nnodes], edges[nedges];
 * distributed graph: sources[indegree], sourceweights[indegree],
 * destinations[outdegree], destweights[outdegree]. */
struct MPIR_Topo {
    int kind; /* MPI_CART, MPI_GRAPH, MPI_DIST_GRAPH */
    int ndims, nnodes, nedges, indegree, outdegree, weighted;
    int nints;
    int *ints;
};
void MPIR_Topo_free(MPIR_Comm *comm);
/* Copies comm's topology to newcomm (MPI_Comm_dup). */
int MPIR_Topo_dup(const MPIR_Comm *comm, MPIR_Comm *newcomm);
/* A topology of kind with nints integers (zeroed), or NULL when out of memory. */
MPIR_Topo *MPIR_Topo_alloc(int kind, int nints);
/* The communicator behind handle, checked as argument `comm` of call fc, with
 * a topology of `kind` (0: any topology): MPI_ERR_TOPOLOGY otherwise. */
int MPIR_Topo_check(const char *fc, MPI_Comm handle, int kind, MPIR_Comm **comm);
/* Collective over the intracommunicator parent: the first nranks of its
 * processes get a new communicator carrying topo (taken over, freed on
 * failure), the others MPI_COMM_NULL. */
int MPIR_Topo_comm_create(const char *fc, MPIR_Comm *parent, int nranks, MPIR_Topo *topo, MPI_Comm *newcomm);
/* The neighbours of this process in comm's topology, in the order of the
 * neighbourhood collectives' buffers (MPI-4.0 8.6), and for each slot a tag
 * offset: a message sent through out slot k carries outtag[k], and in slot k
 * takes the message tagged intag[k] (Cartesian: the direction it travelled). */
typedef struct MPIR_Neighbors {
    int indegree, outdegree;
    int *in, *out, *intag, *outtag; /* one allocation, freed by MPIR_Neighbors_free */
} MPIR_Neighbors;
int MPIR_Topo_neighbors(const MPIR_Comm *comm, MPIR_Neighbors *nb);
void MPIR_Neighbors_free(MPIR_Neighbors *nb);
/* MPI_Cart_shift's result for process `rank` of a Cartesian topology. */
void MPIR_Cart_shift_impl(const MPIR_Topo *t, int rank, int direction, int disp, int *source, int *dest);
/* Tags on MPIR_CONTEXT_COLL: distributed-graph creation, then one range of
 * MPIR_TAG_NEIGHBOR_SPAN per neighbourhood collective. */
#define MPIR_TAG_DIST_GRAPH 0x7ffe0000
#define MPIR_TAG_NEIGHBOR_ALLGATHER 0x7ffe1000
#define MPIR_TAG_NEIGHBOR_ALLGATHERV 0x7ffe2000
#define MPIR_TAG_NEIGHBOR_ALLTOALL 0x7ffe3000
#define MPIR_TAG_NEIGHBOR_ALLTOALLV 0x7ffe4000
#define MPIR_TAG_NEIGHBOR_ALLTOALLW 0x7ffe5000
#define MPIR_TAG_NEIGHBOR_SPAN 0x1000

/* ---- intercommunicators (intercomm.c) ---- */
/* Both groups agree on a context id: each within `local` (on its COLL
 * context), then local's rank `leader` swaps with its peer over (link, peer,
 * tag, context offset off), then tells local. */
int MPIR_Intercomm_agree_context(MPIR_Comm *local, int leader, MPIR_Comm *link, int peer, int tag, int off,
                                 int *context_id);
/* The intercommunicator between intracommunicator lc's group and the group
 * whose leader is `peer` of `link` (MPI_Intercomm_create; Comm_accept and
 * Comm_connect over a port's link): the leaders swap their groups over (link,
 * peer, tag, context offset off) and tell their groups; both agree on a context. */
int MPIR_Intercomm_join(const char *fc, MPIR_Comm *lc, int leader, MPIR_Comm *link, int peer, int tag, int off,
                        MPI_Comm *newintercomm);
/* Gives inter its local intracommunicator, agreed over `over` (same group). */
int MPIR_Intercomm_make_local(MPIR_Comm *inter, MPIR_Comm *over);
int MPIR_Intercomm_split(const char *fc, MPIR_Comm *comm, int color, int key, MPI_Comm *newcomm);

/* ---- info objects (info.c) ---- */
int MPIR_Info_valid(MPI_Info info);
/* ---- errhandlers (errhandler.c) ---- */
int MPIR_Errhandler_valid(MPI_Errhandler eh);
void MPIR_Errhandler_ref(MPI_Errhandler eh);
void MPIR_Errhandler_release(MPI_Errhandler eh);

/* ---- datatypes (datatype.c and the derived-datatype files) ---- */
/* Size in bytes of one element, or -1 for an invalid handle. */
int MPIR_Datatype_size(MPI_Datatype type);
typedef struct MPIR_Datatype_info {
    MPI_Count size;          /* bytes of data in one element */
    MPI_Aint lb, extent;     /* MPI_Type_get_extent */
    MPI_Aint true_lb, true_extent;
    int is_contig;           /* one element is `size` contiguous bytes at true_lb, and extent == size */
    MPI_Datatype basic;      /* the one predefined type every element is made of, or MPI_DATATYPE_NULL */
} MPIR_Datatype_info;
/* Fills *info for a valid datatype; MPI_ERR_TYPE for an invalid handle
 * (not recorded as an error: callers name the call and the argument). */
int MPIR_Datatype_query(MPI_Datatype type, MPIR_Datatype_info *info);
/* Copies count elements of stype at src to rcount elements of rtype at dst,
 * as a send and matching receive would (MPI_ERR_TRUNCATE if they do not fit). */
int MPIR_Localcopy(const void *src, MPI_Count scount, MPI_Datatype stype, void *dst, MPI_Count rcount,
                   MPI_Datatype rtype);

/* ---- reduction operations (op.c) ---- */
/* inout[i] = in[i] op inout[i] for count elements of type (MPI_Reduce_local);
 * MPI_ERR_OP when op does not apply to type (MPI_REPLACE and MPI_NO_OP do,
 * for one-sided accumulate), MPI_ERR_OTHER when a JS user function threw.
 * Records the error message; raises nothing. Predefined ops on a derived type
 * whose elements are not one dense array of its basic type go through
 * MPIR_Localcopy into temporary arrays. */
int MPIR_Reduce_local_impl(const void *in, void *inout, MPI_Count count, MPI_Datatype type, MPI_Op op);
/* Checks op for type as call fc: MPI_ERR_OP (raised on comm) if it is invalid, does not
 * apply, or is MPI_REPLACE / MPI_NO_OP; MPI_ERR_TYPE if type is invalid. */
int MPIR_Op_check(const char *fc, MPIR_Comm *comm, MPI_Op op, MPI_Datatype type);
int MPIR_Op_is_commutative(MPI_Op op);
/* A nonblocking operation that will apply op later holds a reference, so an
 * MPI_Op_free in between leaves the op usable (MPI-4.0 6.9.5). Builtins: no-ops. */
void MPIR_Op_ref(MPI_Op op);
void MPIR_Op_release(MPI_Op op);
/* An op whose function is the JS function the host registered as js_id
 * (applied through the op_call import, channel.h). */
int MPIR_Op_create_js(int js_id, int commute, MPI_Op *op);
/* The name of a predefined op ("MPI_SUM") or "user-defined op". */
const char *MPIR_Op_name(MPI_Op op);

/* ---- status helpers (status.c) ---- */
void MPIR_Status_set_bytes(MPI_Status *st, uint64_t bytes);
uint64_t MPIR_Status_get_bytes(const MPI_Status *st);
void MPIR_Status_set_empty(MPI_Status *st);

/* ---- requests (request.c) ---- */
typedef enum {
    MPIR_REQ_SEND,
    MPIR_REQ_RECV,
    MPIR_REQ_PREQ_SEND,
    MPIR_REQ_PREQ_RECV,
    MPIR_REQ_MESSAGE, /* a matched message from Mprobe, waiting for Mrecv */
    MPIR_REQ_SENDRECV, /* Isendrecv: completes when its receive and send parts have */
    MPIR_REQ_COLL,     /* a nonblocking collective: completes when its schedule has run (coll/sched.c) */
} MPIR_Request_kind;

typedef enum { MPIR_MODE_STANDARD, MPIR_MODE_SYNC, MPIR_MODE_BUFFERED, MPIR_MODE_READY } MPIR_Send_mode;

typedef struct MPIR_Request MPIR_Request;
struct MPIR_Request {
    int handle;
    uint8_t kind;
    uint8_t complete;
    uint8_t user_freed;      /* MPI_Request_free on an active request: release on completion */
    uint8_t cancel_pending;  /* a cancel request is out to the receiver */
    uint8_t rndv_done;       /* rendezvous send: the receiver has pulled the data */
    uint8_t is_rndv;         /* incoming message: rendezvous (data still at the sender) */
    uint8_t mode;            /* MPIR_Send_mode */
    uint8_t alloc_on_match;  /* receive without a buffer: the device allocates one of the message's size */
    uint8_t rndv_pulling;    /* matched rendezvous receive: pulling the data from vc (device/rndv.c) */
    MPI_Status status;
    int error;               /* MPI error class to report on completion */
    MPIR_Request *next;      /* queue link */
    /* matching: posted receive (wildcards allowed) or incoming message (exact) */
    int context;
    int rank;
    int tag;
    int vc;                  /* peer: destination (send) or source (incoming) */
    /* user buffer, contiguous bytes */
    void *buf;
    size_t capacity;
    /* incoming message */
    void *tmp;               /* eager payload that arrived before its receive */
    uint64_t msg_size;
    uint32_t remote_sreq;
    uint32_t trace_seq;      /* incoming message: the sender's trace sequence number (0: not traced) */
    uint32_t remote_addr;
    uint32_t remote_counter; /* rendezvous from a sender still staging: its staged-bytes counter */
    uint32_t remote_window;  /* pipelined rendezvous: the size of the sender's staging ring (0: the whole message) */
    /* rendezvous receive under way (device/rndv.c): bytes taken, bytes the
     * sender has staged, bytes of the rget in flight, a chunk to unpack from */
    size_t rndv_got;
    size_t rndv_avail;
    uint32_t rndv_inflight;
    void *rndv_chunk;
    /* pipelined rendezvous send: the peer's receive request, bytes packed so far */
    uint32_t remote_rreq;
    size_t pipe_staged;
    /* persistent requests: the arguments and the active instance */
    MPIR_Request *active;
    MPI_Comm comm_handle;
    /* the communicator this request holds a reference to (MPI_Comm_free does not end it), or NULL */
    MPIR_Comm *comm_ref;
    MPI_Count count;
    MPI_Datatype datatype;
    /* freed when the request completes (an unexpected eager message's copy, Isendrecv_replace's) */
    void *free_on_complete;
    /* compound requests (Isendrecv): a part points at its whole, which counts the parts under way */
    MPIR_Request *whole;
    int parts_pending;
    /* derived datatypes: the user's buffer and its non-contiguous type, which
     * the device unpacks into (receive) or packs from (pipelined send) */
    void *user_buf;
    MPI_Datatype user_type; /* 0: none */
};

MPIR_Request *MPIR_Request_create(MPIR_Request_kind kind);
void MPIR_Request_release(MPIR_Request *req);
/* req holds a reference to comm until it is released: a communicator freed
 * with operations pending keeps its context id until they end (MPI-4.0 7.4.3). */
void MPIR_Request_hold_comm(MPIR_Request *req, MPIR_Comm *comm);
/* The request behind a handle, or NULL if the handle is not a live request. */
MPIR_Request *MPIR_Request_get(MPI_Request handle);
void MPIR_Request_complete(MPIR_Request *req);
/* Blocks until req completes. */
void MPIR_Request_wait(MPIR_Request *req);
/* Waits for *h, stores its status, frees it and raises its error as call fc. */
int MPIR_Wait_named(const char *fc, MPI_Request *h, MPI_Status *status);
/* Calls fn on every live request (the device fails those that need a lost peer). */
void MPIR_Request_foreach(void (*fn)(MPIR_Request *, void *), void *arg);
/* Number of requests alive (for leak checks in tests). */
int MPIR_Request_live_count(void);

/* ---- argument checks shared by point-to-point calls (pt2pt_args.c); the send
 * and receive checks start with MPIR_CHECK_INIT ---- */
int MPIR_Check_send_args(const char *fc, MPIR_Comm **comm, MPI_Comm comm_handle, const void *buf,
                         MPI_Count count, MPI_Datatype type, int dest, int tag, size_t *nbytes);
int MPIR_Check_recv_args(const char *fc, MPIR_Comm **comm, MPI_Comm comm_handle, const void *buf,
                         MPI_Count count, MPI_Datatype type, int source, int tag, size_t *nbytes);
int MPIR_Check_buffer(const char *fc, MPIR_Comm *comm, const void *buf, MPI_Count count,
                      MPI_Datatype type, size_t *nbytes);

/* ---- point-to-point internals (pt2pt.c, bsend.c) ---- */
/* Starts a send of elements of any committed type at buf (nbytes: their packed
 * size). stage_counter: 0, or the address of a uint32 counting the bytes of
 * buf staged so far (the caller keeps filling buf after this returns; the
 * type must be contiguous, else MPI_ERR_TYPE). */
int MPIR_Isend_impl(const void *buf, MPI_Datatype type, size_t nbytes, int dest, int tag, MPIR_Comm *comm,
                    int context_offset, MPIR_Send_mode mode, uint32_t stage_counter, MPIR_Request **req);
/* Posts a receive of up to nbytes (see MPIR_Irecv_named for alloc_on_match). */
int MPIR_Irecv_impl(void *buf, size_t nbytes, int source, int tag, MPIR_Comm *comm, int context_offset,
                    int alloc_on_match, MPIR_Request **req);
/* The point-to-point calls with large counts, named fc in their errors (pt2pt.c); the
 * MPI_* functions and the ABI are thin wrappers around them. A buffered send
 * ignores stage_counter: it copies the buffer at once. */
int MPIR_Isend_named(const char *fc, const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag,
                     MPI_Comm comm, MPIR_Send_mode mode, uint32_t stage_counter, MPI_Request *request);
int MPIR_Send_named(const char *fc, const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag,
                    MPI_Comm comm, MPIR_Send_mode mode);
/* alloc_on_match: no buffer; the device allocates one of the matched message's
 * size and hands it over in status.wmpi_data (the facade's object receives). */
int MPIR_Irecv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int source, int tag,
                     MPI_Comm comm, int alloc_on_match, MPI_Request *request);
int MPIR_Recv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int source, int tag,
                    MPI_Comm comm, MPI_Status *status);
int MPIR_Sendrecv_named(const char *fc, const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, int dest,
                        int sendtag, void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int source,
                        int recvtag, MPI_Comm comm, MPI_Status *status);
int MPIR_Sendrecv_replace_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int dest, int sendtag,
                                int source, int recvtag, MPI_Comm comm, MPI_Status *status);
int MPIR_Imrecv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, MPI_Message *message,
                      MPI_Request *request);
int MPIR_Mrecv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, MPI_Message *message,
                     MPI_Status *status);
/* MPI_Isendrecv(_replace): one request over a receive and a send (MPI-4.0 3.7.4). */
int MPIR_Isendrecv_named(const char *fc, const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, int dest,
                         int sendtag, void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int source,
                         int recvtag, MPI_Comm comm, MPI_Request *request);
int MPIR_Isendrecv_replace_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int dest,
                                 int sendtag, int source, int recvtag, MPI_Comm comm, MPI_Request *request);
int MPIR_Prequest_init(const char *fc, MPIR_Request_kind kind, const void *buf, MPI_Count count, MPI_Datatype type,
                       int rank, int tag, MPI_Comm comm, MPIR_Send_mode mode, MPI_Request *request);
int MPIR_Bsend_isend(const char *fc, const void *buf, size_t nbytes, int dest, int tag,
                     MPIR_Comm *comm, MPIR_Request **req);
void MPIR_Bsend_reclaim(void);
void MPIR_Bsend_finalize(void);

/* Typed point-to-point for the MPI layer's own traffic (collectives,
 * communicator creation): no argument checks, any datatype, on context
 * comm->context_id + context_offset. dest/source MPI_PROC_NULL completes at once. */
int MPIR_Isend_typed(const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPIR_Comm *comm,
                     int context_offset, MPIR_Request **req);
int MPIR_Irecv_typed(void *buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPIR_Comm *comm,
                     int context_offset, MPIR_Request **req);
/* Blocking forms: wait, release the request, return its error class. */
int MPIR_Send_typed(const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPIR_Comm *comm,
                    int context_offset);
int MPIR_Recv_typed(void *buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPIR_Comm *comm,
                    int context_offset, MPI_Status *status);

/* ---- collectives (coll/) ---- */
/* Advances the nonblocking collectives' schedules; called by the progress
 * engine after it handled its packets. Returns how many completed. */
int MPIR_Sched_progress(void);

/* ---- derived datatypes: typed buffers of point-to-point (typed_buf.c) ---- */
/* buf + off as an address: buf may be MPI_BOTTOM (NULL) with absolute displacements. */
static inline char *MPIR_Addr(const void *buf, int64_t off) { return (char *)(uintptr_t)((uintptr_t)buf + (uintptr_t)off); }
/* Whether count elements of type are one contiguous run at buf + *true_lb. */
int MPIR_Typed_is_contig(MPI_Datatype type, MPI_Aint *true_lb);
/* The nbytes packed bytes of elements of type at buf: in place for a contiguous type
 * (*packed NULL), else a packed copy in *packed for the caller to free (MPI_ERR_NO_MEM). */
int MPIR_Typed_send_bytes(const void *buf, MPI_Datatype type, size_t nbytes, const void **bytes, void **packed);
/* Starts send request req (made by the caller) as MPIR_Isend_impl describes:
 * a contiguous type goes from buf in place, any other is packed by the device. */
int MPIR_Typed_start_send(MPIR_Request *req, const void *buf, MPI_Datatype type, size_t nbytes, int vc,
                          int rank_in_comm, int tag, int context, MPIR_Send_mode mode, uint32_t stage_counter);
/* Hands a packed copy to the send request that carries it (freed on completion). */
void MPIR_Typed_attach_packed(MPIR_Request *req, void *packed);
/* Sets a receive of nbytes into (buf, type): into buf in place for a
 * contiguous type, else unpacked as the data arrives (MPIR_Typed_recv_put). */
int MPIR_Typed_recv_target(MPIR_Request *req, void *buf, MPI_Datatype type, size_t nbytes);
/* Puts n bytes of a receive's message, from byte `at` of its packed form, into its buffer. */
void MPIR_Typed_recv_put(MPIR_Request *req, size_t at, const void *bytes, size_t n);
/* Drops the datatype a request holds (request.c calls it on completion and release). */
void MPIR_Typed_done(MPIR_Request *req);
/* MPIR_Irecv_impl for elements of any committed type at buf (nbytes: their packed size). */
int MPIR_Irecv_dtype(void *buf, MPI_Datatype type, size_t nbytes, int source, int tag, MPIR_Comm *comm,
                     int context_offset, int alloc_on_match, MPIR_Request **req);

/* ---- the device (device/) ---- */
int MPID_Init(void);
void MPID_Finalize(void);
/* Starts a send of nbytes contiguous bytes; *req completes when buf may be
 * reused. A non-zero stage_counter forces rendezvous (see WMPI_PKT_FLAG_STAGED). */
int MPID_Isend(const void *buf, size_t nbytes, int vc, int rank_in_comm, int tag, int context,
               MPIR_Send_mode mode, uint32_t stage_counter, MPIR_Request *req);
/* Starts a send of elements of a non-contiguous type: small ones packed into a
 * temporary, large ones pipelined through a bounded staging ring (device/rndv.c). */
int MPID_Isend_packed(const void *buf, MPI_Datatype type, size_t nbytes, int vc, int rank_in_comm, int tag,
                      int context, MPIR_Send_mode mode, MPIR_Request *req);
/* Sends a small message at once if it can (eager size, nothing queued for vc,
 * room in its ring): returns 1 if sent, 0 if the caller must take the request path. */
int MPID_Send_eager_now(const void *buf, size_t nbytes, int vc, int rank_in_comm, int tag, int context);
/* Posts a receive or matches an unexpected message. */
void MPID_Irecv(MPIR_Request *req);
/* Looks for a matching unexpected message; with `take`, dequeues it (Mprobe). */
MPIR_Request *MPID_Probe_unexpected(int context, int source, int tag, int take);
/* Receives a message dequeued by a matching probe into req's buffer. */
void MPID_Mrecv(MPIR_Request *msg);
/* Whether a receive from `source` of comm (MPI_ANY_SOURCE: from any of its
 * processes) can never be satisfied by new messages: that process has failed. */
int MPID_Source_failed(MPIR_Comm *comm, int source);
/* Cancels a posted receive (1) if it has not matched yet (0). */
int MPID_Cancel_recv(MPIR_Request *req);
/* Asks the receiver to drop an unmatched rendezvous send. */
void MPID_Cancel_send(MPIR_Request *req);
/* Handles every packet that has arrived; returns how many. */
int MPID_Progress_poll(void);
/* Makes progress, blocking until at least one packet has been handled. */
void MPID_Progress_wait(void);
/* Notes in this rank's ring header what a blocking call `call` (a string
 * literal) is about to wait for (channel.h, wait_*: kind, peer rank in comm,
 * tag), for a launcher that reports deadlocks; MPID_Wait_done when it is over. */
void MPID_Wait_note(const char *call, int kind, int peer, int tag, MPI_Comm comm);
void MPID_Wait_done(void);
/* The note for waiting on request r in `call`. */
void MPID_Wait_note_request(const char *call, const MPIR_Request *r);

#include "trace.h"

#endif
