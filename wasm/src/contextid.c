/* Context ids (MPICH's context-id mask): each process keeps a mask of the
 * communicator slots it has free; making a communicator ANDs the masks of every
 * process that will belong to it and takes the lowest slot free in all of them.
 * Slot s owns context ids s*MPIR_CONTEXT_STRIDE .. +MPIR_CONTEXT_STRIDE-1.
 * The exchanges here are the small linear allgather and broadcast that
 * communicator creation needs, on the parent's MPIR_CONTEXT_COLL context with
 * tags that no collective uses. */
#include "mpiimpl.h"
#include <string.h>

static uint32_t free_slots[MPIR_CONTEXT_MASK_WORDS]; /* bit set: slot free */
/* Slots a pending nonblocking agreement (MPI_Comm_idup) offered: free, but no
 * other agreement may take them until it is done. */
static uint32_t reserved[MPIR_CONTEXT_MASK_WORDS];

int MPIR_Contextid_init(void)
{
    memset(free_slots, 0xff, sizeof free_slots);
    memset(reserved, 0, sizeof reserved);
    free_slots[0] &= ~3u; /* slot 0: MPI_COMM_WORLD, slot 1: MPI_COMM_SELF */
    free_slots[MPIR_CONTEXT_MASK_WORDS - 1] &= ~(1u << 31); /* the last: ports (MPIR_CONTEXT_PORT) */
    return MPI_SUCCESS;
}

void MPIR_Contextid_free(int context_id)
{
    int slot = context_id / MPIR_CONTEXT_STRIDE;
    if (slot > 1 && slot < 32 * MPIR_CONTEXT_MASK_WORDS - 1)
        free_slots[slot / 32] |= 1u << (slot % 32);
}

void MPIR_Contextid_mask(uint32_t mask[MPIR_CONTEXT_MASK_WORDS])
{
    for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++)
        mask[w] = free_slots[w] & ~reserved[w];
}

void MPIR_Contextid_reserve(int window, uint32_t bits[MPIR_CONTEXT_WINDOW_WORDS])
{
    for (int i = 0; i < MPIR_CONTEXT_WINDOW_WORDS; i++) {
        int w = window * MPIR_CONTEXT_WINDOW_WORDS + i;
        bits[i] = free_slots[w] & ~reserved[w];
        reserved[w] |= bits[i];
    }
}

void MPIR_Contextid_unreserve(int window, const uint32_t bits[MPIR_CONTEXT_WINDOW_WORDS])
{
    for (int i = 0; i < MPIR_CONTEXT_WINDOW_WORDS; i++)
        reserved[window * MPIR_CONTEXT_WINDOW_WORDS + i] &= ~bits[i];
}

/* The offer of the blocking agreement under way (they do not nest): reserved
 * while it runs, so that an MPI_Comm_idup round the progress engine starts
 * meanwhile does not offer the same slots. */
static uint32_t offered[MPIR_CONTEXT_MASK_WORDS];

void MPIR_Contextid_offer(uint32_t mask[MPIR_CONTEXT_MASK_WORDS])
{
    MPIR_Contextid_mask(mask);
    for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++)
        reserved[w] |= offered[w] = mask[w];
}

int MPIR_Contextid_settle(const uint32_t *agreed, int *context_id)
{
    for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++) {
        reserved[w] &= ~offered[w];
        offered[w] = 0;
    }
    return agreed ? MPIR_Contextid_take(agreed, context_id) : MPI_ERR_OTHER;
}

int MPIR_Contextid_take(const uint32_t agreed[MPIR_CONTEXT_MASK_WORDS], int *context_id)
{
    for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++) {
        if (agreed[w] == 0)
            continue;
        int bit = __builtin_ctz(agreed[w]);
        free_slots[w] &= ~(1u << bit);
        *context_id = (w * 32 + bit) * MPIR_CONTEXT_STRIDE;
        return MPI_SUCCESS;
    }
    return MPI_ERR_OTHER;
}

int MPIR_Exchange_allgather(MPIR_Comm *comm, int context_offset, int tag, const void *mine, size_t n, void *all)
{
    char *out = all;
    if (mine != out + (size_t)comm->rank * n)
        memcpy(out + (size_t)comm->rank * n, mine, n);
    int rc = MPI_SUCCESS;
    if (comm->rank != 0) {
        rc = MPIR_Send_typed(mine, (MPI_Count)n, MPI_BYTE, 0, tag, comm, context_offset);
        return rc ? rc : MPIR_Recv_typed(all, (MPI_Count)(n * (size_t)comm->size), MPI_BYTE, 0, tag, comm,
                                         context_offset, MPI_STATUS_IGNORE);
    }
    for (int r = 1; r < comm->size && rc == MPI_SUCCESS; r++)
        rc = MPIR_Recv_typed(out + (size_t)r * n, (MPI_Count)n, MPI_BYTE, r, tag, comm, context_offset,
                             MPI_STATUS_IGNORE);
    for (int r = 1; r < comm->size && rc == MPI_SUCCESS; r++)
        rc = MPIR_Send_typed(all, (MPI_Count)(n * (size_t)comm->size), MPI_BYTE, r, tag, comm, context_offset);
    return rc;
}

int MPIR_Exchange_bcast(MPIR_Comm *comm, int context_offset, int tag, void *buf, size_t n, int root)
{
    if (comm->rank != root)
        return MPIR_Recv_typed(buf, (MPI_Count)n, MPI_BYTE, root, tag, comm, context_offset, MPI_STATUS_IGNORE);
    int rc = MPI_SUCCESS;
    for (int r = 0; r < comm->size && rc == MPI_SUCCESS; r++)
        if (r != root)
            rc = MPIR_Send_typed(buf, (MPI_Count)n, MPI_BYTE, r, tag, comm, context_offset);
    return rc;
}

int MPIR_Contextid_local_mask(MPIR_Comm *over, int context_offset, int tag, uint32_t mask[MPIR_CONTEXT_MASK_WORDS])
{
    size_t n = sizeof(uint32_t) * MPIR_CONTEXT_MASK_WORDS;
    uint32_t *all = MPIR_Malloc(n * (size_t)over->size);
    if (all == NULL)
        return MPI_ERR_NO_MEM;
    uint32_t mine[MPIR_CONTEXT_MASK_WORDS];
    MPIR_Contextid_offer(mine);
    int rc = MPIR_Exchange_allgather(over, context_offset, tag, mine, n, all);
    if (rc == MPI_SUCCESS) {
        memcpy(mask, mine, n);
        for (int r = 0; r < over->size; r++)
            for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++)
                mask[w] &= all[r * MPIR_CONTEXT_MASK_WORDS + w];
    }
    MPIR_Free(all);
    return rc;
}

int MPIR_Contextid_agree(MPIR_Comm *over, int context_offset, int tag, int *context_id)
{
    uint32_t mask[MPIR_CONTEXT_MASK_WORDS];
    int rc = MPIR_Contextid_local_mask(over, context_offset, tag, mask);
    int taken = MPIR_Contextid_settle(rc ? NULL : mask, context_id);
    return rc ? rc : taken;
}
