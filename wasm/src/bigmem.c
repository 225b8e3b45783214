/* Allocations of a gigabyte or more. On wasm32 one sbrk increment is an
 * intptr_t, so malloc cannot ask for 2 GiB or more at once; these blocks are
 * taken from sbrk a gigabyte at a time (contiguous: a rank is one thread) and
 * kept for reuse when freed. Everything smaller goes to malloc. */
#include "mpiimpl.h"
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define BIG (1u << 30)
#define MAX_BLOCKS 32

typedef struct {
    char *base;
    size_t size;
    int in_use;
} block;

static block blocks[MAX_BLOCKS];
static int nblocks; /* slots taken: none in nearly every job, so MPIR_Free skips the search */

/* The block at p; with p NULL, an unused slot. */
static block *find(const void *p)
{
    for (int i = 0; i < MAX_BLOCKS; i++)
        if (blocks[i].base == p)
            return &blocks[i];
    return NULL;
}

static void *big_alloc(size_t n)
{
    n = (n + 0xffffu) & ~(size_t)0xffffu;
    for (int i = 0; i < MAX_BLOCKS; i++) {
        if (blocks[i].base && !blocks[i].in_use && blocks[i].size >= n) {
            blocks[i].in_use = 1;
            return blocks[i].base;
        }
    }
    block *slot = find(NULL);
    if (slot == NULL)
        return NULL;
    char *start = sbrk(0);
    size_t pad = (64 - (uintptr_t)start % 64) % 64;
    size_t want = n + pad, got = 0;
    while (got < want) {
        size_t chunk = want - got < BIG ? want - got : BIG;
        if (sbrk((intptr_t)chunk) == (void *)-1)
            break;
        got += chunk;
    }
    if (got > pad) {
        /* keep even a short block: sbrk cannot give memory back */
        slot->base = start + pad;
        slot->size = got - pad;
        slot->in_use = got == want;
        nblocks++;
    }
    return got == want ? start + pad : NULL;
}

/* Below this, malloc's own 16-byte alignment: aligned_alloc(16, n) is a plain
 * malloc there, while a 64-byte alignment costs a split chunk per call (small
 * blocks are a collective's per-call buffers and unexpected messages). */
#define SMALL 4096

void *MPIR_Malloc(size_t n)
{
    if (n <= SMALL)
        return aligned_alloc(16, (n + 15) & ~(size_t)15);
    /* 64-byte alignment: whole cache lines, and no false aliasing in copies */
    if (n < BIG)
        return aligned_alloc(64, (n + 63) & ~(size_t)63);
    return big_alloc(n);
}

void MPIR_Free(void *p)
{
    block *b = p && nblocks ? find(p) : NULL;
    if (b)
        b->in_use = 0;
    else
        free(p);
}
