/* The progress engine: the receive ring in this rank's memory, polled here,
 * and the spin-then-sleep wait (DESIGN.md 2.3). */
#include "mpidi.h"
#include <stdlib.h>
#include <string.h>

size_t MPIDI_eager_limit;
int MPIDI_my_vc;

static wmpi_ring *ring;
static char *cells;
static uint32_t mask;
static double spin_seconds;

/* A whole number from the environment (decimal or 0x hex), else the fallback. */
static unsigned long env_number(const char *name, unsigned long fallback)
{
    const char *v = getenv(name);
    char *end;
    unsigned long n = v && *v ? strtoul(v, &end, 0) : 0;
    return v && *v && *end == '\0' ? n : fallback;
}

int MPID_Init(void)
{
    MPIDI_my_vc = wmpi_job_world_vc() + wmpi_job_rank();
    int size = wmpi_job_size();
    MPIDI_eager_limit = env_number("WMPI_EAGER_LIMIT", 16384);
    /* pipelined rendezvous of derived datatypes: 8 chunks of 128 KiB measured
     * about as fast as packing the whole message first (bench/datatype-vector.ts) */
    MPIDI_pipe_chunk = env_number("WMPI_PIPELINE_CHUNK", 128 * 1024);
    if (MPIDI_pipe_chunk < 64)
        MPIDI_pipe_chunk = 64;
    unsigned long chunks = env_number("WMPI_PIPELINE_CHUNKS", 8);
    MPIDI_pipe_window = (chunks ? chunks : 1) * MPIDI_pipe_chunk;
    uint32_t ncells = 1u << 14; /* 1 MiB */
    unsigned long want = env_number("WMPI_RING_CELLS", ncells);
    while (ncells < want)
        ncells <<= 1;
    while (ncells > 64 && ncells / 2 >= want)
        ncells >>= 1;
    /* the largest packet must fit in the ring, and overflow past its end */
    size_t max_packet = WMPI_PKT_HEADER_SIZE + MPIDI_eager_limit;
    if (max_packet > (size_t)ncells * WMPI_CELL_SIZE / 2)
        MPIDI_eager_limit = (size_t)ncells * WMPI_CELL_SIZE / 2 - WMPI_PKT_HEADER_SIZE;
    size_t bytes = sizeof(wmpi_ring) + (size_t)ncells * WMPI_CELL_SIZE + WMPI_PKT_HEADER_SIZE + MPIDI_eager_limit;
    ring = aligned_alloc(4096, (bytes + 4095) & ~(size_t)4095);
    if (ring == NULL)
        return MPI_ERR_NO_MEM;
    memset(ring, 0, bytes);
    ring->ncells = ncells;
    ring->overflow = (uint32_t)(WMPI_PKT_HEADER_SIZE + MPIDI_eager_limit);
    cells = (char *)(ring + 1);
    mask = ncells - 1;
    /* Spin only while every rank can have a core; otherwise sleep at once so
     * that the rank being waited for gets the core. The spin must outlast a
     * peer's wake-up from Atomics.wait (~40-60 us here), or a ping-pong that
     * once falls asleep keeps missing every message by a wake-up. */
    unsigned long spin_us = env_number("WMPI_SPIN_US", size <= wmpi_job_cores() ? 250 : 0);
    spin_seconds = (double)spin_us * 1e-6; /* an explicit WMPI_SPIN_US applies when oversubscribed too */
    ring->trace = (uint32_t)(uintptr_t)MPIR_Trace_init();
    int rc = MPIDI_Vc_reserve(MPIDI_my_vc + size - wmpi_job_rank() - 1);
    if (rc)
        return rc;
    return wmpi_chan_open(ring) == 0 ? MPI_SUCCESS : MPI_ERR_OTHER;
}

void MPID_Wait_note(const char *call, int kind, int peer, int tag, MPI_Comm comm)
{
    ring->wait_peer = peer;
    ring->wait_tag = tag;
    ring->wait_comm = (uint32_t)comm;
    ring->wait_call = (uint32_t)(uintptr_t)call;
    __atomic_store_n(&ring->wait_kind, kind, __ATOMIC_RELEASE);
}

void MPID_Wait_note_request(const char *call, const MPIR_Request *r)
{
    if (r->kind == MPIR_REQ_RECV) {
        MPID_Wait_note(call, WMPI_WAIT_RECV, r->rank, r->tag, r->comm_handle);
        return;
    }
    /* a send knows its destination by vc: its rank in the remote group is what the user named */
    MPIR_Comm *c = r->kind == MPIR_REQ_SEND ? MPIR_Comm_get(r->comm_handle) : NULL;
    int dest = -1;
    for (int i = 0; c != NULL && i < c->remote_size && dest < 0; i++)
        if (c->vcs[i] == r->vc)
            dest = i;
    MPID_Wait_note(call, c ? WMPI_WAIT_SEND : WMPI_WAIT_OTHER, dest, r->tag, r->comm_handle);
}

void MPID_Wait_done(void)
{
    __atomic_store_n(&ring->wait_kind, 0, __ATOMIC_RELEASE);
}

void MPID_Finalize(void)
{
    while (MPIDI_Sendq_pending())
        MPID_Progress_wait();
    wmpi_chan_close();
    MPIDI_Sendq_finalize();
}


static uint32_t packet_cells(const wmpi_pkt *p)
{
    uint64_t payload = p->type == MPIDI_PKT_EAGER_SEND ? p->size : 0;
    return (uint32_t)((WMPI_PKT_HEADER_SIZE + payload + WMPI_CELL_SIZE - 1) / WMPI_CELL_SIZE);
}

int MPID_Progress_poll(void)
{
    int handled = MPIDI_Sendq_flush();
    for (;;) {
        uint32_t head = ring->head;
        wmpi_pkt *p = (wmpi_pkt *)(cells + (size_t)(head & mask) * WMPI_CELL_SIZE);
        if (__atomic_load_n(&p->seq, __ATOMIC_ACQUIRE) != wmpi_ring_seq(head))
            break;
        uint32_t n = packet_cells(p);
        MPIDI_Handle_pkt(p, (const char *)p + WMPI_PKT_HEADER_SIZE);
        /* clear the seq word of every consumed cell: stale payload must never look like a header */
        for (uint32_t i = 0; i < n; i++)
            ((wmpi_pkt *)(cells + (size_t)((head + i) & mask) * WMPI_CELL_SIZE))->seq = 0;
        __atomic_store_n(&ring->head, head + n, __ATOMIC_RELEASE);
        handled++;
    }
    return handled + MPIR_Sched_progress() + MPIR_Comm_idup_progress();
}

void MPID_Progress_wait(void)
{
    if (MPID_Progress_poll())
        return;
    if (spin_seconds > 0 && !__atomic_load_n(&ring->no_spin, __ATOMIC_RELAXED)) {
        /* a short wait (a small message's latency) ends before the clock (a host call) is read */
        for (int i = 0; i < 256; i++)
            if (MPID_Progress_poll())
                return;
        double until = wmpi_host_now() + spin_seconds;
        do {
            for (int i = 0; i < 64; i++)
                if (MPID_Progress_poll())
                    return;
        } while (wmpi_host_now() < until);
    }
    for (;;) {
        /* queued sends wait for room in a peer's ring: look again soon */
        wmpi_chan_wait(MPIDI_Sendq_pending() ? 50 : 100000);
        if (MPID_Progress_poll())
            return;
    }
}
