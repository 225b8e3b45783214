/* The trace buffer and its records (trace.h). A rank is one thread: no
 * locking, only the release store that publishes each record to the host. */
#include "mpiimpl.h"
#include "channel.h"
#include <stdlib.h>
#include <string.h>
#ifndef __wasm__
#include <time.h>
#endif

int MPIR_trace_on;

static wmpi_trace_buf *buf;
static wmpi_trace_rec *recs;
static uint32_t mask;
static uint32_t seq;
static uint64_t pace_ns;
/* traced calls under way; the outermost one's record is buf->open, finished on return */
static int depth;

wmpi_trace_buf *MPIR_Trace_init(void)
{
    const char *on = getenv("WMPI_TRACE");
    if (on == NULL || *on == '\0' || strcmp(on, "0") == 0)
        return NULL;
    const char *n = getenv("WMPI_TRACE_RECORDS");
    unsigned long want = n && *n ? strtoul(n, NULL, 0) : 0;
    uint32_t capacity = 1u << 16; /* 3 MiB: ~30 ms of a ping-pong at full speed; wmpiexec drains every 10 */
    if (want >= 64 && want <= (1ul << 24))
        for (capacity = 64; capacity < want; capacity <<= 1)
            ;
    const char *pace = getenv("WMPI_TRACE_PACE_MS");
    double ms = pace && *pace ? strtod(pace, NULL) : 0;
    pace_ns = ms > 0 && ms < 3.6e6 ? (uint64_t)(ms * 1e6) : 0;
    buf = aligned_alloc(64, sizeof(wmpi_trace_buf) + (size_t)capacity * sizeof(wmpi_trace_rec));
    if (buf == NULL)
        return NULL; /* a job too big to trace still runs */
    memset(buf, 0, sizeof *buf);
    buf->capacity = capacity;
    recs = (wmpi_trace_rec *)(buf + 1);
    mask = capacity - 1;
    MPIR_trace_on = 1;
    return buf;
}

static void put(const wmpi_trace_rec *r)
{
    uint32_t w = buf->written;
    if (w - __atomic_load_n(&buf->read, __ATOMIC_ACQUIRE) >= buf->capacity) {
        __atomic_store_n(&buf->lost, buf->lost + 1, __ATOMIC_RELAXED);
        return;
    }
    recs[w & mask] = *r;
    __atomic_store_n(&buf->written, w + 1, __ATOMIC_RELEASE);
}

/* Slow motion: sleeps without polling, so that nothing arrives or matches
 * between two calls. The rank is in no blocking call meanwhile (its ring's
 * wait_kind is 0): the deadlock detector counts it as running. */
static void pace(void)
{
#ifdef __wasm__
    static int32_t never; /* nobody notifies it: the wait always times out */
    __builtin_wasm_memory_atomic_wait32(&never, 0, (int64_t)pace_ns);
#else
    struct timespec ts = {(time_t)(pace_ns / 1000000000u), (long)(pace_ns % 1000000000u)};
    nanosleep(&ts, NULL);
#endif
}

int MPIR_Trace_enter(const char *name, int peer, int tag, double bytes, int handle, int root)
{
    if (depth++ > 0)
        return 2;
    buf->open = (wmpi_trace_rec){
        .kind = WMPI_TRACE_CALL,
        .name = (uint32_t)(uintptr_t)name,
        .peer = peer,
        .tag = tag,
        .handle = (uint32_t)handle,
        .aux = (uint32_t)root,
        .bytes = bytes,
        .t0 = wmpi_host_now(),
    };
    return 1;
}

void MPIR_Trace_leave(int token)
{
    depth--;
    if (token != 1)
        return;
    buf->open.t1 = wmpi_host_now();
    put(&buf->open);
    buf->open.kind = 0;
    if (pace_ns)
        pace();
}

uint32_t MPIR_Trace_next_seq(void)
{
    return ++seq ? seq : ++seq; /* 0 says "not traced" */
}

static void message(int kind, int vc, int context, int tag, uint64_t bytes, uint32_t sequence)
{
    wmpi_trace_rec r = {
        .kind = (uint16_t)kind,
        /* the handshake of ports (accept/connect, spawn) is the library's, not the program's */
        .context = (uint16_t)(context / MPIR_CONTEXT_STRIDE == MPIR_CONTEXT_PORT / MPIR_CONTEXT_STRIDE
                                  ? MPIR_CONTEXT_OTHER
                                  : context % MPIR_CONTEXT_STRIDE),
        .name = depth ? buf->open.name : 0,
        .peer = vc,
        .tag = tag,
        .handle = depth ? buf->open.handle : 0,
        .aux = sequence,
        .bytes = (double)bytes,
        .t0 = wmpi_host_now(),
    };
    put(&r);
}

void MPIR_Trace_sent(int vc, int context, int tag, uint64_t bytes, uint32_t sequence)
{
    message(WMPI_TRACE_SENT, vc, context, tag, bytes, sequence);
}

void MPIR_Trace_matched(int vc, int context, int tag, uint64_t bytes, uint32_t sequence)
{
    if (sequence != 0)
        message(WMPI_TRACE_MATCHED, vc, context, tag, bytes, sequence);
}
