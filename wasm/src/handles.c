/* Handle tables for the dynamic objects of the MPI layer (MPICH's handle
 * allocator, simplified): a dynamic handle of kind k names slot i of k's table. */
#include "mpiimpl.h"
#include <stdlib.h>

typedef struct table {
    void **slots;
    int capacity;
    int used; /* slots below `used` have been handed out at least once */
    int free_head; /* a freed slot, chained through the slots themselves, or -1 */
} table;

static table tables[16] = {
    [0 ... 15] = {NULL, 0, 0, -1},
};

#define FREE_MARK(next) ((void *)(uintptr_t)(((unsigned)(next) << 1) | 1u))
#define IS_FREE(p) (((uintptr_t)(p)) & 1u)
#define NEXT_FREE(p) ((int)(((uintptr_t)(p)) >> 1) - 1)

int MPIR_Handle_alloc(int kind, void *object)
{
    table *t = &tables[kind & 0xf];
    int index;
    if (t->free_head >= 0) {
        index = t->free_head;
        t->free_head = NEXT_FREE(t->slots[index]);
    } else {
        if (t->used == t->capacity) {
            int cap = t->capacity ? t->capacity * 2 : 16;
            void **slots = realloc(t->slots, sizeof(void *) * (size_t)cap);
            if (slots == NULL)
                return 0;
            t->slots = slots;
            t->capacity = cap;
        }
        index = t->used++;
    }
    t->slots[index] = object;
    return HANDLE_MAKE_DYNAMIC(kind, index);
}

void *MPIR_Handle_lookup(int kind, int handle)
{
    if (!HANDLE_IS_DYNAMIC(handle) || HANDLE_KIND(handle) != (unsigned)kind)
        return NULL;
    table *t = &tables[kind & 0xf];
    unsigned index = HANDLE_INDEX(handle);
    if (index >= (unsigned)t->used || IS_FREE(t->slots[index]))
        return NULL;
    return t->slots[index];
}

void MPIR_Handle_free(int kind, int handle)
{
    table *t = &tables[kind & 0xf];
    unsigned index = HANDLE_INDEX(handle);
    if (!HANDLE_IS_DYNAMIC(handle) || index >= (unsigned)t->used || IS_FREE(t->slots[index]))
        return;
    t->slots[index] = FREE_MARK(t->free_head + 1);
    t->free_head = (int)index;
}

int MPIR_Handle_live_count(int kind)
{
    table *t = &tables[kind & 0xf];
    int n = 0;
    for (int i = 0; i < t->used; i++)
        n += !IS_FREE(t->slots[i]);
    return n;
}
