/* The state the forked ranks of one test job share (launcher.c, arena.c,
 * fake_host.c); not for tests, which see fake_host.h. */
#ifndef FAKE_JOB_H
#define FAKE_JOB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FAKE_MAX_RANKS 16

typedef struct fake_job {
    int32_t nranks;
    int32_t opened;                    /* ranks past chan_open; a futex word */
    uint32_t rings[FAKE_MAX_RANKS];    /* each rank's ring, published by chan_open */
    int32_t closed[FAKE_MAX_RANKS];    /* chan_close was called */
    pid_t pids[FAKE_MAX_RANKS];
    /* for the tests (fake_host_barrier, fake_host_sum, fake_host_bump) */
    int32_t barrier_count;
    uint32_t barrier_generation;
    int32_t values[FAKE_MAX_RANKS];
    uint32_t bumps[FAKE_MAX_RANKS];
} fake_job;

/* Mapped MAP_SHARED before fork: the same address in every rank. */
extern fake_job *fake_shared_job;
/* This process's rank; -1 in the launcher itself. */
extern int fake_my_rank;

/* Maps every rank's slice of the shared arena (before fork). */
void arena_map(int nranks);
/* Makes aligned_alloc allocate from this rank's slice (after fork). */
void arena_select(int rank);
/* True if [p, p+len) lies inside the arena (any rank's slice). */
int arena_contains(uintptr_t p, size_t len);
/* The size asked for when p (a block of any rank) was allocated; 0 if p is not one. */
size_t arena_block_size(uintptr_t p);

#endif
