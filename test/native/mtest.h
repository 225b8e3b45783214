/* MPICH-style helpers for the native tests: checks that count errors, a
 * barrier and an error tally that send no messages (they go through the fake
 * host's shared memory), and the final " No Errors" report with a
 * request-leak check. */
#ifndef MTEST_H
#define MTEST_H

#include "mpiimpl.h" /* white box: MPIR_Request_live_count, MPIR_Err_set_initial_return, MPIR_Irecv_alloc */
#include "device/mpidi.h" /* MPIDI_eager_limit, MPIDI_Sendq_pending */
#include "fake_host.h"
#include <stdio.h>

extern int mtest_errs;
extern int mtest_rank, mtest_size;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            mtest_errs++;                                                                      \
            fprintf(stderr, "[rank %d] %s:%d: %s: ", mtest_rank, __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
        }                                                                                      \
    } while (0)

/* Checks that an MPI call returned the error class `want`. */
#define CHECK_CLASS(rc, want) CHECK((rc) == (want), "got error class %d, want %d (%s)", (rc), (want), #want)

/* Sets a WMPI_* variable unless the testlist's env= already did. */
void mtest_env_default(const char *name, const char *value);
/* MPI_Init with small rings (64 cells) and a 1 KiB eager limit unless set otherwise. */
void mtest_init(int *argc, char ***argv);
/* The eager limit the device settled on. */
size_t mtest_eager_limit(void);
/* A barrier of all ranks that sends no message but makes progress while it
 * waits: every message sent before it has been handled by its receiver after it. */
void mtest_barrier(void);
/* A rank that stops calling MPI for `ms` milliseconds (its ring fills up)
 * says so first; a peer waits for that with mtest_wait_quiet(rank). */
void mtest_go_quiet(int ms);
void mtest_wait_quiet(int rank);
/* Fills buf with a pattern that depends on seed and the byte's position. */
void mtest_fill(void *buf, size_t n, unsigned seed);
/* Index of the first byte that differs from the pattern, or -1. */
long mtest_verify(const void *buf, size_t n, unsigned seed);
/* Seconds on the job's clock. */
double mtest_now(void);
/* The number of live requests once no message is in flight and freed
 * requests had time to finish (barrier, progress until `expected` or 1 s,
 * barrier); prints the live requests if it is not `expected`. */
int mtest_settled_live_count(int expected);
/* Prints every live request to stderr (diagnostics of a leak). */
void mtest_dump_requests(void);
/* Reports the errors of all ranks, checks that no request is left, finalizes;
 * returns main's exit code. */
int mtest_finalize(void);

#endif
