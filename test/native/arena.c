/* The ranks' shared memory: aligned_alloc (the core's receive ring and
 * MPI_Alloc_mem buffers) takes blocks from this rank's slice of one MAP_SHARED
 * arena mapped before fork, so a block has the same address in every rank and
 * any rank can write into a ring or read a buffer there, as a rank's linear
 * memory is shared with the other ranks in production. The core's calls to
 * aligned_alloc and free are redirected here with ld's --wrap. */
#include "job.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define BLOCK_MAGIC 0x61726e61u
#define REDZONE 64u

/* Sits right below every block; never poisoned, read by other ranks too. */
typedef struct block {
    uint32_t magic;
    uint32_t size;     /* asked for */
    uint32_t capacity; /* available, up to the next header */
    uint32_t is_free;
    struct block *next_free;
} block;

static char *base;
static size_t slice_size;
static int nslices;
static char *slice, *bump, *limit;
static block *free_blocks;
static size_t in_use; /* bytes of this rank's live blocks, as asked for */

size_t fake_host_arena_in_use(void) { return in_use; }

void __real_free(void *p);

void arena_map(int nranks)
{
    const char *mb = getenv("WMPI_TEST_ARENA_MB");
    slice_size = (size_t)(mb && *mb ? atoi(mb) : 16) << 20;
    nslices = nranks;
    base = mmap(NULL, slice_size * (size_t)nranks, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE,
                -1, 0);
    if (base == MAP_FAILED) {
        perror("fake host: mmap of the shared arena");
        exit(2);
    }
}

void arena_select(int rank)
{
    slice = bump = base + slice_size * (size_t)rank;
    limit = slice + slice_size;
}

int arena_contains(uintptr_t p, size_t len)
{
    uintptr_t lo = (uintptr_t)base, hi = lo + slice_size * (size_t)nslices;
    return base != NULL && p >= lo && p <= hi && len <= hi - p;
}

static block *header_of(uintptr_t p)
{
    if (p % 16 != 0 || !arena_contains(p - sizeof(block), sizeof(block)))
        return NULL;
    block *b = (block *)(p - sizeof(block));
    return b->magic == BLOCK_MAGIC ? b : NULL;
}

size_t arena_block_size(uintptr_t p)
{
    block *b = header_of(p);
    return b ? b->size : 0;
}

static void *reuse(size_t align, size_t size)
{
    for (block **link = &free_blocks; *link; link = &(*link)->next_free) {
        block *b = *link;
        if (b->capacity >= size && (uintptr_t)(b + 1) % align == 0) {
            *link = b->next_free;
            b->is_free = 0;
            return b;
        }
    }
    return NULL;
}

void *__wrap_aligned_alloc(size_t align, size_t size)
{
    if (align < 16)
        align = 16;
    if (bump == NULL || (align & (align - 1)) != 0)
        return NULL;
    block *b = reuse(align, size);
    if (b == NULL) {
        uintptr_t p = ((uintptr_t)bump + sizeof(block) + align - 1) & ~(uintptr_t)(align - 1);
        size_t capacity = (size + 15u) & ~(size_t)15u;
        if (p + capacity + REDZONE > (uintptr_t)limit) {
            fprintf(stderr, "fake host: rank %d: the shared arena is full (set WMPI_TEST_ARENA_MB)\n", fake_my_rank);
            return NULL;
        }
        b = (block *)(p - sizeof(block));
        b->magic = BLOCK_MAGIC;
        b->is_free = 0;
        b->capacity = (uint32_t)capacity;
        bump = (char *)p + capacity + REDZONE;
        POISON((char *)p + capacity, REDZONE);
    }
    b->size = (uint32_t)size;
    in_use += size;
    UNPOISON(b + 1, size);
    POISON((char *)(b + 1) + size, b->capacity - size);
    return b + 1;
}

void __wrap_free(void *p)
{
    if (p == NULL || !arena_contains((uintptr_t)p, 0)) {
        __real_free(p);
        return;
    }
    block *b = header_of((uintptr_t)p);
    if (b == NULL || b->is_free || (char *)b < slice || (char *)b >= limit) {
        fprintf(stderr, "fake host: rank %d: free(%p): not a live block of this rank's arena\n", fake_my_rank, p);
        abort();
    }
    POISON(p, b->capacity);
    in_use -= b->size;
    b->is_free = 1;
    b->next_free = free_blocks;
    free_blocks = b;
}
