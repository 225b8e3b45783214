/* The fake host: every import of wasm/src/channel.h for ranks that are forked
 * processes (launcher.c) sharing their rings through the arena (arena.c). The
 * ring is written exactly as ts/runtime/shm-channel.ts writes it, so the tests
 * run the device's real consumer; every breach of the channel contract by the
 * core ends the rank with a message.
 *
 * Knobs (environment): WMPI_TEST_CORES (job_cores), WMPI_TEST_RGET_ASYNC=1
 * (chan_rget returns PENDING and a "network thread" copies, then posts
 * RGET_DONE), WMPI_TEST_RING_START (the ring's first ticket, to reach the
 * 2^32 wrap of the counters quickly), WMPI_TEST_PUBLISH_DELAY_US (a producer
 * pauses up to that long between reserving cells and publishing them, as a
 * preempted sender would: later packets get published before earlier ones). */
#define _GNU_SOURCE
#include "fake_host.h"
#include "job.h"
#include "channel.h"
#include "device/mpidi.h" /* the packet types: chan_rget's RGET_DONE, and the payload rule checked in chan_send */
#include <linux/futex.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

static fake_host_stats stats;
static int abort_expected;
static int expected_abort_code;
static wmpi_ring *my_ring;
static int async_rget;
static unsigned publish_delay_us;

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void violation(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fake host: rank %d: channel contract broken: ", fake_my_rank);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_print_stack_trace();
#endif
    _exit(3);
}

static long futex(int32_t *addr, int op, int val, const struct timespec *timeout)
{
    return syscall(SYS_futex, addr, op, val, timeout, NULL, 0);
}

static void require_open(const char *fn)
{
    if (my_ring == NULL)
        violation("%s before chan_open", fn);
}

static void require_vc(const char *fn, int vc)
{
    if (vc < 0 || vc >= fake_shared_job->nranks)
        violation("%s to vc %d: the job has %d ranks", fn, vc, fake_shared_job->nranks);
}

static wmpi_ring *ring_of(int vc)
{
    return (wmpi_ring *)(uintptr_t)__atomic_load_n(&fake_shared_job->rings[vc], __ATOMIC_ACQUIRE);
}

static int packet_at_head(wmpi_ring *ring)
{
    uint32_t head = __atomic_load_n(&ring->head, __ATOMIC_SEQ_CST);
    const char *cell = (const char *)(ring + 1) + (size_t)(head & (ring->ncells - 1)) * WMPI_CELL_SIZE;
    return __atomic_load_n((const uint32_t *)cell, __ATOMIC_SEQ_CST) == wmpi_ring_seq(head);
}

/* The producer side of the ring protocol: reserve k cells by CAS on tail
 * against head, write the header minus seq and the payload contiguously
 * (past the last cell into the overflow area), publish seq = wmpi_ring_seq(ticket) last,
 * wake the consumer if it sleeps. Sets *ticket, and *wrapped if the packet ran
 * past the last cell. */
static int ring_write(int vc, const wmpi_pkt *hdr, const void *payload, uint32_t len, uint32_t *ticket, int *wrapped)
{
    wmpi_ring *ring = ring_of(vc);
    uint32_t ncells = ring->ncells, mask = ncells - 1;
    uint32_t k = (WMPI_PKT_HEADER_SIZE + len + WMPI_CELL_SIZE - 1) / WMPI_CELL_SIZE;
    if (k > ncells)
        violation("a packet with %u payload bytes takes %u cells; vc %d's ring has %u", len, k, vc, ncells);
    uint32_t t;
    for (;;) {
        t = __atomic_load_n(&ring->tail, __ATOMIC_SEQ_CST);
        uint32_t h = __atomic_load_n(&ring->head, __ATOMIC_SEQ_CST);
        if ((int32_t)(t - h) < 0) {
            /* tail was read before head moved past it; if a fresh tail is behind too, cells were consumed unwritten */
            uint32_t fresh = __atomic_load_n(&ring->tail, __ATOMIC_SEQ_CST);
            if ((int32_t)(fresh - h) < 0)
                violation("vc %d's consumer is at ticket %u, past the tail %u: it consumed cells nobody wrote", vc, h,
                          fresh);
            continue;
        }
        if (t - h > ncells)
            violation("vc %d's ring has head %u more than %u cells behind tail %u", vc, h, ncells, t);
        if (t - h + k > ncells)
            return WMPI_CHAN_AGAIN;
        if (__atomic_compare_exchange_n(&ring->tail, &t, t + k, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            break;
    }
    char *cell = (char *)(ring + 1) + (size_t)(t & mask) * WMPI_CELL_SIZE;
    size_t end = (size_t)(cell - (char *)ring) + WMPI_PKT_HEADER_SIZE + len;
    if (end > arena_block_size((uintptr_t)ring))
        violation("a packet of %u payload bytes at cell %u runs past the end of vc %d's ring (%zu bytes allocated)",
                  len, t & mask, vc, arena_block_size((uintptr_t)ring));
    memcpy(cell + sizeof hdr->seq, (const char *)hdr + sizeof hdr->seq, WMPI_PKT_HEADER_SIZE - sizeof hdr->seq);
    if (len)
        memcpy(cell + WMPI_PKT_HEADER_SIZE, payload, len);
    *wrapped = (t & mask) + k > ncells;
    *ticket = t;
    if (publish_delay_us)
        usleep((useconds_t)(random() % publish_delay_us));
    __atomic_store_n((uint32_t *)cell, wmpi_ring_seq(t), __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ring->sleeping, __ATOMIC_SEQ_CST)) {
        __atomic_add_fetch(&ring->futex, 1, __ATOMIC_SEQ_CST);
        futex(&ring->futex, FUTEX_WAKE, 1, NULL);
    }
    return WMPI_CHAN_OK;
}

int wmpi_chan_send(int vc, const wmpi_pkt *hdr, const void *payload, uint32_t len)
{
    require_open("chan_send");
    require_vc("chan_send", vc);
    if (hdr == NULL || (len > 0 && payload == NULL))
        violation("chan_send with a null header or payload");
    if (fake_shared_job->closed[fake_my_rank])
        violation("chan_send after chan_close");
    if (__atomic_load_n(&fake_shared_job->closed[vc], __ATOMIC_ACQUIRE))
        violation("chan_send of a packet of type %u to vc %d, which has called chan_close", hdr->type, vc);
    /* the consumer finds the next packet from the header alone: only eager data may follow it */
    uint64_t follows = hdr->type == MPIDI_PKT_EAGER_SEND ? hdr->size : 0;
    if (len != follows)
        violation("chan_send of a packet of type %u with %u payload bytes; its header says %llu", hdr->type, len,
                  (unsigned long long)follows);
    int wrapped = 0;
    uint32_t ticket;
    int rc = ring_write(vc, hdr, payload, len, &ticket, &wrapped);
    if (rc == WMPI_CHAN_AGAIN) {
        stats.again++;
        return rc;
    }
    stats.sends++;
    stats.wrapped += (unsigned)wrapped;
    return rc;
}

/* Copies from vc's memory: the shared arena and this rank's own memory
 * directly, another rank's private memory through process_vm_readv. */
static void copy_from(int vc, uint32_t remote, void *local, uint32_t len)
{
#if defined(__SANITIZE_ADDRESS__)
    if (__asan_region_is_poisoned(local, len))
        violation("chan_rget into %p (%u bytes): not addressable memory", local, len);
#endif
    if (vc == fake_my_rank || arena_contains(remote, len)) {
        memmove(local, (const void *)(uintptr_t)remote, len);
        return;
    }
    struct iovec l = {local, len}, r = {(void *)(uintptr_t)remote, len};
    ssize_t n = process_vm_readv(fake_shared_job->pids[vc], &l, 1, &r, 1, 0);
    if (n != (ssize_t)len) {
        fprintf(stderr,
                "fake host: rank %d: chan_rget: cannot read %u bytes at 0x%x in rank %d (%m); a rendezvous buffer "
                "outside MPI_Alloc_mem needs process_vm_readv\n",
                fake_my_rank, len, remote, vc);
        _exit(3);
    }
}

/* A word of vc's memory, read atomically where it is shared. */
static uint32_t read_word(int vc, uint32_t addr)
{
    uint32_t v;
    if (vc == fake_my_rank || arena_contains(addr, sizeof v))
        return __atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE);
    copy_from(vc, addr, &v, sizeof v);
    return v;
}

/* A staged rendezvous: copy each part once the sender's counter says it is there. */
static void copy_staged(int vc, uint32_t remote, char *local, uint32_t len, uint32_t counter, uint32_t before)
{
    uint32_t done = 0;
    double give_up = wmpi_host_now() + 10;
    while (done < len) {
        uint32_t staged = read_word(vc, counter);
        staged = staged > before ? staged - before : 0;
        uint32_t avail = staged < len ? staged : len;
        if (avail > done) {
            copy_from(vc, remote + done, local + done, avail - done);
            done = avail;
        } else if (wmpi_host_now() > give_up) {
            violation("chan_rget: rank %d staged %u of %u bytes and then nothing for 10 s", vc, staged, len);
        } else {
            usleep(10);
        }
    }
}

/* The rget of one job: plain, or staged behind a counter. */
static void rget_copy(int vc, uint32_t remote, void *local, uint32_t len, uint32_t counter, uint32_t before)
{
    if (counter)
        copy_staged(vc, remote, local, len, counter, before);
    else
        copy_from(vc, remote, local, len);
}

/* ---- asynchronous rget: a "network thread" does the copy, then posts RGET_DONE ---- */

typedef struct rget_job {
    struct rget_job *next;
    int vc;
    uint32_t remote, len, rreq, counter, before;
    void *local;
    uint32_t rma_token; /* non-zero: a one-sided operation done already; only its RMA_DONE is late */
} rget_job;

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_ready = PTHREAD_COND_INITIALIZER;
static rget_job *jobs_head, *jobs_tail;
static int jobs_in_flight;      /* rgets whose RGET_DONE is not yet in the ring */
static uint32_t last_done_ticket; /* where the latest RGET_DONE went */
static int any_done;

static void *network_thread(void *unused)
{
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&jobs_lock);
        while (jobs_head == NULL)
            pthread_cond_wait(&jobs_ready, &jobs_lock);
        rget_job *j = jobs_head;
        jobs_head = j->next;
        if (jobs_head == NULL)
            jobs_tail = NULL;
        pthread_mutex_unlock(&jobs_lock);
        usleep(200); /* later than a synchronous copy: the core must wait for RGET_DONE */
        wmpi_pkt done = {0};
        if (j->rma_token) {
            done.type = MPIDI_PKT_RMA_DONE;
            done.aux = j->rma_token;
        } else {
            rget_copy(j->vc, j->remote, j->local, j->len, j->counter, j->before);
            done.type = MPIDI_PKT_RGET_DONE;
            done.rreq = j->rreq;
        }
        done.src_vc = j->vc;
        int wrapped;
        uint32_t ticket;
        while (ring_write(fake_my_rank, &done, NULL, 0, &ticket, &wrapped) == WMPI_CHAN_AGAIN)
            usleep(20);
        free(j);
        __atomic_store_n(&last_done_ticket, ticket, __ATOMIC_SEQ_CST);
        __atomic_store_n(&any_done, 1, __ATOMIC_SEQ_CST);
        __atomic_sub_fetch(&jobs_in_flight, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

static void start_network_thread(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, network_thread, NULL) != 0 || pthread_detach(t) != 0)
        violation("cannot start the network thread");
}

static void queue_job(rget_job *j);

int wmpi_chan_rget(int vc, uint32_t remote_addr, void *local, uint32_t len, uint32_t rreq, uint32_t remote_counter,
                   uint32_t counted_before)
{
    require_open("chan_rget");
    require_vc("chan_rget", vc);
    if (len == 0 || local == NULL || remote_addr == 0)
        violation("chan_rget of %u bytes from 0x%x into %p", len, remote_addr, local);
    stats.rgets++;
    stats.rget_bytes += len;
    if (!async_rget) {
        rget_copy(vc, remote_addr, local, len, remote_counter, counted_before);
        return WMPI_CHAN_OK;
    }
    rget_job *j = malloc(sizeof *j);
    if (j == NULL)
        violation("out of memory");
    *j = (rget_job){NULL, vc, remote_addr, len, rreq, remote_counter, counted_before, local, 0};
    queue_job(j);
    return WMPI_CHAN_PENDING;
}

/* Hands a job to the network thread. */
static void queue_job(rget_job *j)
{
    __atomic_add_fetch(&jobs_in_flight, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&jobs_lock);
    if (jobs_tail)
        jobs_tail->next = j;
    else
        jobs_head = j;
    jobs_tail = j;
    pthread_cond_signal(&jobs_ready);
    pthread_mutex_unlock(&jobs_lock);
}

/* ---- one-sided access: done at once, as between ranks of one process; with
 * WMPI_TEST_RGET_ASYNC=1 it is still done at once, but reported PENDING and
 * its RMA_DONE comes later from the network thread, as across processes ---- */

static int rma_result(int rc, uint32_t token)
{
    if (rc != WMPI_CHAN_OK || !async_rget)
        return rc;
    rget_job *j = calloc(1, sizeof *j);
    if (j == NULL)
        violation("out of memory");
    j->rma_token = token;
    queue_job(j);
    return WMPI_CHAN_PENDING;
}


int wmpi_chan_rma_put(int vc, uint32_t remote, const void *local, uint32_t len, uint32_t token)
{
    require_open("chan_rma_put");
    require_vc("chan_rma_put", vc);
    if (vc == fake_my_rank || arena_contains(remote, len)) {
        memmove((void *)(uintptr_t)remote, local, len);
        return rma_result(WMPI_CHAN_OK, token);
    }
    struct iovec l = {(void *)local, len}, r = {(void *)(uintptr_t)remote, len};
    int rc = process_vm_writev(fake_shared_job->pids[vc], &l, 1, &r, 1, 0) == (ssize_t)len ? WMPI_CHAN_OK : WMPI_CHAN_BADADDR;
    return rma_result(rc, token);
}

int wmpi_chan_rma_get(int vc, uint32_t remote, void *local, uint32_t len, uint32_t token)
{
    require_open("chan_rma_get");
    require_vc("chan_rma_get", vc);
    copy_from(vc, remote, local, len);
    return rma_result(WMPI_CHAN_OK, token);
}

int wmpi_chan_rma_cas(int vc, uint32_t remote, int32_t compare, int32_t swap, int32_t *old, uint32_t token)
{
    require_open("chan_rma_cas");
    require_vc("chan_rma_cas", vc);
    if (remote & 3)
        return WMPI_CHAN_BADADDR;
    if (vc != fake_my_rank && !arena_contains(remote, 4))
        violation("chan_rma_cas on rank %d's word at 0x%x, which is not in the shared arena", vc, remote);
    int32_t expected = compare;
    __atomic_compare_exchange_n((int32_t *)(uintptr_t)remote, &expected, swap, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    *old = expected;
    return rma_result(WMPI_CHAN_OK, token);
}


/* The consumer side of the sleep protocol: announce, look once more, sleep on the futex word. */
void wmpi_chan_wait(int timeout_us)
{
    require_open("chan_wait");
    stats.waits++;
    int32_t v = __atomic_load_n(&my_ring->futex, __ATOMIC_SEQ_CST);
    __atomic_store_n(&my_ring->sleeping, 1, __ATOMIC_SEQ_CST);
    if (!packet_at_head(my_ring)) {
        struct timespec ts = {timeout_us / 1000000, (long)(timeout_us % 1000000) * 1000};
        futex(&my_ring->futex, FUTEX_WAIT, v, timeout_us < 0 ? NULL : &ts);
    }
    __atomic_store_n(&my_ring->sleeping, 0, __ATOMIC_SEQ_CST);
}

int wmpi_chan_open(wmpi_ring *ring)
{
    if (my_ring != NULL)
        violation("chan_open called twice");
    size_t block = arena_block_size((uintptr_t)ring);
    if (block == 0)
        violation("chan_open(%p): the ring is not a block from aligned_alloc", (void *)ring);
    uint32_t ncells = ring->ncells;
    if (ncells == 0 || (ncells & (ncells - 1)) != 0)
        violation("chan_open: ncells %u is not a power of two", ncells);
    if (block < sizeof *ring + (size_t)ncells * WMPI_CELL_SIZE + WMPI_PKT_HEADER_SIZE)
        violation("chan_open: %zu bytes cannot hold a ring of %u cells and its overflow area", block, ncells);
    const char *start = getenv("WMPI_TEST_RING_START");
    if (start && *start) {
        uint32_t s = (uint32_t)strtoul(start, NULL, 0);
        ring->head = ring->tail = s;
    }
    const char *delay = getenv("WMPI_TEST_PUBLISH_DELAY_US");
    publish_delay_us = delay && *delay ? (unsigned)atoi(delay) : 0;
    srandom((unsigned)getpid());
    const char *a = getenv("WMPI_TEST_RGET_ASYNC");
    async_rget = a && *a && *a != '0';
    if (async_rget)
        start_network_thread();
    my_ring = ring;
    fake_job *job = fake_shared_job;
    __atomic_store_n(&job->rings[fake_my_rank], (uint32_t)(uintptr_t)ring, __ATOMIC_RELEASE);
    __atomic_add_fetch(&job->opened, 1, __ATOMIC_SEQ_CST);
    futex(&job->opened, FUTEX_WAKE, job->nranks, NULL);
    for (int32_t n; (n = __atomic_load_n(&job->opened, __ATOMIC_SEQ_CST)) < job->nranks;) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        futex(&job->opened, FUTEX_WAIT, n, &ts);
    }
    return 0;
}

/* Every rget must be over, its RGET_DONE consumed, when the core closes. */
static void check_rgets_over(void)
{
    for (int i = 0; i < 1000 && __atomic_load_n(&jobs_in_flight, __ATOMIC_SEQ_CST) != 0; i++)
        usleep(1000); /* the network thread may be posting an RGET_DONE the core did not need */
    if (__atomic_load_n(&jobs_in_flight, __ATOMIC_SEQ_CST) != 0)
        violation("chan_close with an rget in flight");
    uint32_t head = __atomic_load_n(&my_ring->head, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&any_done, __ATOMIC_SEQ_CST) && (int32_t)(head - last_done_ticket) <= 0)
        violation("chan_close before the RGET_DONE at ticket %u was consumed", last_done_ticket);
}

void wmpi_chan_close(void)
{
    require_open("chan_close");
    check_rgets_over();
    __atomic_store_n(&fake_shared_job->closed[fake_my_rank], 1, __ATOMIC_RELEASE);
}

int wmpi_job_rank(void) { return fake_my_rank; }

int wmpi_job_size(void) { return fake_shared_job->nranks; }

int wmpi_job_world_vc(void) { return 0; }

int wmpi_job_universe_size(void) { return fake_shared_job->nranks; }

int wmpi_job_appnum(void) { return 0; }

int wmpi_job_parent_port(char *buf, int len)
{
    (void)buf;
    (void)len;
    return 0; /* the fake host never spawns */
}

/* Ports: "fake:VC:ID", open while this rank's bit for ID is set (only the
 * opener checks it; a connector trusts the name). */
#define FAKE_MAX_PORTS 32
static int ports_open[FAKE_MAX_PORTS];
static int ports_made;

int wmpi_dyn_open_port(char *buf, int len, int reach)
{
    (void)reach;
    if (ports_made == FAKE_MAX_PORTS)
        return MPI_ERR_NO_MEM;
    ports_open[ports_made] = 1;
    snprintf(buf, (size_t)len, "fake:%d:%d", fake_my_rank, ports_made++);
    return MPI_SUCCESS;
}

static int parse_port(const char *name, int *vc, int *id)
{
    char end;
    return sscanf(name, "fake:%d:%d%c", vc, id, &end) == 2 && *vc >= 0 && *vc < fake_shared_job->nranks &&
           *id >= 0 && *id < FAKE_MAX_PORTS;
}

int wmpi_dyn_close_port(const char *name)
{
    int vc, id;
    if (!parse_port(name, &vc, &id) || vc != fake_my_rank || !ports_open[id])
        return MPI_ERR_PORT;
    ports_open[id] = 0;
    return MPI_SUCCESS;
}

int wmpi_dyn_port_vc(const char *name, int *id)
{
    int vc;
    if (!parse_port(name, &vc, id) || (vc == fake_my_rank && !ports_open[*id]))
        return -1;
    return vc;
}

int wmpi_dyn_fd_swap(int fd, const char *mine, char *theirs, int len)
{
    (void)fd;
    (void)mine;
    (void)theirs;
    (void)len;
    return MPI_ERR_ARG; /* the fake host has no sockets */
}

/* One job: a rank's name is (0, its vc). */
void wmpi_dyn_names(const int *vcs, int n, int *names)
{
    for (int i = 0; i < n; i++) {
        names[2 * i] = 0;
        names[2 * i + 1] = vcs[i];
    }
}

int wmpi_dyn_vcs(const int *names, int n, int *vcs)
{
    for (int i = 0; i < n; i++) {
        if (names[2 * i] != 0)
            return MPI_ERR_PORT; /* no other job is reachable from the fake host */
        vcs[i] = names[2 * i + 1];
    }
    return MPI_SUCCESS;
}

int wmpi_dyn_name(int op, const char *service, char *port, int len, char *why, int whylen)
{
    (void)why;
    (void)whylen;
    (void)op;
    (void)service;
    (void)port;
    (void)len;
    return MPI_ERR_UNSUPPORTED_OPERATION;
}

int wmpi_dyn_spawn(const char *request, int reqlen, const char *port, int *errcodes, char *msg, int len)
{
    (void)request;
    (void)reqlen;
    (void)port;
    (void)errcodes;
    snprintf(msg, (size_t)len, "the fake host cannot start processes");
    return MPI_ERR_SPAWN;
}

/* WMPI_TEST_PPN=n: ranks 0..n-1 live in "process" 0, n..2n-1 in 1, ... (default: one process). */
int wmpi_job_process(void)
{
    const char *p = getenv("WMPI_TEST_PPN");
    int ppn = p && *p ? atoi(p) : 0;
    return ppn > 0 ? fake_my_rank / ppn : 0;
}

int wmpi_job_cores(void)
{
    const char *c = getenv("WMPI_TEST_CORES");
    return c && *c ? atoi(c) : (int)sysconf(_SC_NPROCESSORS_ONLN);
}

void wmpi_job_abort(int code, const char *msg)
{
    if (abort_expected && code == expected_abort_code) {
        printf(" No Errors\n");
        fflush(stdout);
        _exit(0);
    }
    fprintf(stderr, "rank %d: job_abort(%d): %s\n", fake_my_rank, code, msg);
    _exit(code > 0 && code < 256 ? code : 1);
}

double wmpi_host_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int wmpi_host_name(char *buf, int len)
{
    if (buf == NULL || len <= 0)
        violation("host_name with no room");
    if (gethostname(buf, (size_t)len) != 0)
        snprintf(buf, (size_t)len, "localhost");
    buf[len - 1] = '\0';
    return (int)strlen(buf);
}

/* ---- reduction operations: "JS" op functions are C functions a test registers ---- */
static fake_host_op_fn *op_functions[FAKE_HOST_MAX_OPS];
static int op_released[FAKE_HOST_MAX_OPS];

void fake_host_register_op(int id, fake_host_op_fn *fn)
{
    if (id < 0 || id >= FAKE_HOST_MAX_OPS)
        violation("fake_host_register_op: id %d out of range", id);
    op_functions[id] = fn;
    op_released[id] = 0;
}

int fake_host_op_released(int id) { return id >= 0 && id < FAKE_HOST_MAX_OPS && op_released[id]; }

int wmpi_op_call(int id, const void *in, void *inout, double count, int datatype)
{
    if (id < 0 || id >= FAKE_HOST_MAX_OPS || op_functions[id] == NULL)
        violation("op_call of op %d, which the host never registered", id);
    if (op_released[id])
        violation("op_call of op %d after op_release", id);
    return op_functions[id](in, inout, count, datatype);
}

void wmpi_op_release(int id)
{
    if (id < 0 || id >= FAKE_HOST_MAX_OPS || op_functions[id] == NULL)
        violation("op_release of op %d, which the host never registered", id);
    if (op_released[id])
        violation("op_release of op %d twice", id);
    op_released[id] = 1;
}

fake_host_stats fake_host_get_stats(void) { return stats; }

void fake_host_barrier(void (*progress)(void))
{
    fake_job *job = fake_shared_job;
    uint32_t generation = __atomic_load_n(&job->barrier_generation, __ATOMIC_SEQ_CST);
    if (__atomic_add_fetch(&job->barrier_count, 1, __ATOMIC_SEQ_CST) == job->nranks) {
        __atomic_store_n(&job->barrier_count, 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&job->barrier_generation, generation + 1, __ATOMIC_SEQ_CST);
        return;
    }
    while (__atomic_load_n(&job->barrier_generation, __ATOMIC_SEQ_CST) == generation) {
        if (progress)
            progress();
        usleep(20); /* more ranks than cores: let the others run */
    }
}

int fake_host_sum(int v, void (*progress)(void))
{
    fake_job *job = fake_shared_job;
    __atomic_store_n(&job->values[fake_my_rank], v, __ATOMIC_SEQ_CST);
    fake_host_barrier(progress);
    int total = 0;
    for (int r = 0; r < job->nranks; r++)
        total += __atomic_load_n(&job->values[r], __ATOMIC_SEQ_CST);
    fake_host_barrier(progress); /* nobody writes a value before everyone has read */
    return total;
}

void fake_host_bump(void) { __atomic_add_fetch(&fake_shared_job->bumps[fake_my_rank], 1, __ATOMIC_SEQ_CST); }

unsigned fake_host_bumps(int rank) { return __atomic_load_n(&fake_shared_job->bumps[rank], __ATOMIC_SEQ_CST); }

void fake_host_expect_abort(int code)
{
    abort_expected = 1;
    expected_abort_code = code;
}

void fake_host_lose_vc(int vc)
{
    wmpi_pkt p = {0};
    p.type = WMPI_PKT_VC_FAILED;
    p.src_vc = vc;
    int wrapped;
    uint32_t ticket;
    while (ring_write(fake_my_rank, &p, NULL, 0, &ticket, &wrapped) == WMPI_CHAN_AGAIN)
        usleep(20);
}
