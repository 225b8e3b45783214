/* Process groups (MPI-4.0 section 7.3). A group is an ordered list of process
 * ids (lpids: a process's MPI_COMM_WORLD rank, which is also its vc). */
#include "mpiimpl.h"
#include <stdlib.h>
#include <string.h>

static MPIR_Group empty = {MPI_GROUP_EMPTY, 1, 0, MPI_UNDEFINED, NULL};

MPIR_Group *MPIR_Group_get(MPI_Group handle)
{
    if (handle == MPI_GROUP_EMPTY)
        return &empty;
    return MPIR_Handle_lookup(WMPI_KIND_GROUP, handle);
}

MPIR_Group *MPIR_Group_create(int size, const int *lpids)
{
    if (size == 0) {
        empty.refcount++;
        return &empty;
    }
    MPIR_Group *g = malloc(sizeof *g);
    int *ids = malloc(sizeof(int) * (size_t)size);
    int handle = g && ids ? MPIR_Handle_alloc(WMPI_KIND_GROUP, g) : 0;
    if (handle == 0) {
        free(g);
        free(ids);
        return NULL;
    }
    memcpy(ids, lpids, sizeof(int) * (size_t)size);
    g->handle = handle;
    g->refcount = 1;
    g->size = size;
    g->lpids = ids;
    g->rank = MPI_UNDEFINED;
    for (int i = 0; i < size; i++)
        if (ids[i] == MPIR_my_lpid) {
            g->rank = i;
            break;
        }
    return g;
}

void MPIR_Group_release(MPIR_Group *g)
{
    if (g == NULL || --g->refcount > 0 || g == &empty) {
        if (g == &empty && g->refcount < 1)
            g->refcount = 1;
        return;
    }
    MPIR_Handle_free(WMPI_KIND_GROUP, g->handle);
    free(g->lpids);
    free(g);
}

/* Rank of lpid in g, or MPI_UNDEFINED. */
int MPIR_Group_rank_of(const MPIR_Group *g, int lpid)
{
    for (int i = 0; i < g->size; i++)
        if (g->lpids[i] == lpid)
            return i;
    return MPI_UNDEFINED;
}

static int check_group(const char *fc, MPI_Group h, const char *arg, MPIR_Group **g)
{
    MPIR_CHECK_INIT(fc);
    *g = MPIR_Group_get(h);
    if (*g == NULL)
        return MPIR_ERR(NULL, MPI_ERR_GROUP, fc, "invalid group 0x%x (%s)", (unsigned)h, arg);
    return MPI_SUCCESS;
}

static int new_group(const char *fc, int n, const int *lpids, MPI_Group *out)
{
    MPIR_Group *g = MPIR_Group_create(n, lpids);
    if (g == NULL)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for a group of %d", n);
    *out = g->handle;
    return MPI_SUCCESS;
}

int MPI_Group_size(MPI_Group group, int *size)
{
    MPIR_Group *g;
    int rc = check_group("MPI_Group_size", group, "group", &g);
    if (rc == MPI_SUCCESS)
        *size = g->size;
    return rc;
}

int MPI_Group_rank(MPI_Group group, int *rank)
{
    MPIR_Group *g;
    int rc = check_group("MPI_Group_rank", group, "group", &g);
    if (rc == MPI_SUCCESS)
        *rank = g->rank;
    return rc;
}

int MPI_Group_free(MPI_Group *group)
{
    MPIR_Group *g;
    if (group == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Group_free", "null pointer (group)");
    int rc = check_group("MPI_Group_free", *group, "group", &g);
    if (rc)
        return rc;
    if (g == &empty) { /* freeing MPI_GROUP_EMPTY is allowed: it stays valid */
        *group = MPI_GROUP_NULL;
        return MPI_SUCCESS;
    }
    MPIR_Group_release(g);
    *group = MPI_GROUP_NULL;
    return MPI_SUCCESS;
}

int MPI_Group_translate_ranks(MPI_Group group1, int n, const int ranks1[], MPI_Group group2, int ranks2[])
{
    const char *fc = "MPI_Group_translate_ranks";
    MPIR_Group *g1, *g2;
    int rc = check_group(fc, group1, "group1", &g1);
    if (rc || (rc = check_group(fc, group2, "group2", &g2)))
        return rc;
    if (n < 0)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "negative count %d (n)", n);
    if (n > 0 && (ranks1 == NULL || ranks2 == NULL))
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null array (%s)", ranks1 == NULL ? "ranks1" : "ranks2");
    for (int i = 0; i < n; i++) {
        int r = ranks1[i];
        if (r == MPI_PROC_NULL) {
            ranks2[i] = MPI_PROC_NULL;
            continue;
        }
        if (r < 0 || r >= g1->size)
            return MPIR_ERR(NULL, MPI_ERR_RANK, fc, "invalid rank %d in ranks1[%d]: group1 has %d processes", r,
                            i, g1->size);
        ranks2[i] = MPIR_Group_rank_of(g2, g1->lpids[r]);
    }
    return MPI_SUCCESS;
}

int MPIR_Group_compare_impl(const MPIR_Group *a, const MPIR_Group *b)
{
    if (a->size != b->size)
        return MPI_UNEQUAL;
    int same_order = 1;
    for (int i = 0; i < a->size; i++) {
        if (a->lpids[i] != b->lpids[i])
            same_order = 0;
        if (MPIR_Group_rank_of(b, a->lpids[i]) == MPI_UNDEFINED)
            return MPI_UNEQUAL;
    }
    return same_order ? MPI_IDENT : MPI_SIMILAR;
}

int MPI_Group_compare(MPI_Group group1, MPI_Group group2, int *result)
{
    MPIR_Group *g1, *g2;
    int rc = check_group("MPI_Group_compare", group1, "group1", &g1);
    if (rc || (rc = check_group("MPI_Group_compare", group2, "group2", &g2)))
        return rc;
    *result = MPIR_Group_compare_impl(g1, g2);
    return MPI_SUCCESS;
}

/* union: g1's members, then g2's not in g1; intersection: g1's members in g2;
 * difference: g1's members not in g2 (all in g1's order). */
enum { SET_UNION, SET_INTERSECTION, SET_DIFFERENCE };

static int set_op(const char *fc, int op, MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    MPIR_Group *g1, *g2;
    int rc = check_group(fc, group1, "group1", &g1);
    if (rc || (rc = check_group(fc, group2, "group2", &g2)))
        return rc;
    if (newgroup == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (newgroup)");
    int *ids = malloc(sizeof(int) * (size_t)(g1->size + g2->size + 1));
    if (ids == NULL)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory");
    int n = 0;
    for (int i = 0; i < g1->size; i++) {
        int in2 = MPIR_Group_rank_of(g2, g1->lpids[i]) != MPI_UNDEFINED;
        if (op == SET_UNION || (op == SET_INTERSECTION) == in2)
            ids[n++] = g1->lpids[i];
    }
    if (op == SET_UNION)
        for (int i = 0; i < g2->size; i++)
            if (MPIR_Group_rank_of(g1, g2->lpids[i]) == MPI_UNDEFINED)
                ids[n++] = g2->lpids[i];
    rc = new_group(fc, n, ids, newgroup);
    free(ids);
    return rc;
}

int MPI_Group_union(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return set_op("MPI_Group_union", SET_UNION, group1, group2, newgroup);
}

int MPI_Group_intersection(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return set_op("MPI_Group_intersection", SET_INTERSECTION, group1, group2, newgroup);
}

int MPI_Group_difference(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return set_op("MPI_Group_difference", SET_DIFFERENCE, group1, group2, newgroup);
}

/* The ranks of incl/excl: each valid and distinct. `seen` has g->size entries. */
static int check_ranks(const char *fc, const MPIR_Group *g, int n, const int ranks[], char *seen)
{
    if (n < 0 || n > g->size)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "invalid count %d (n): the group has %d processes", n, g->size);
    if (n > 0 && ranks == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null array (ranks)");
    for (int i = 0; i < n; i++) {
        if (ranks[i] < 0 || ranks[i] >= g->size)
            return MPIR_ERR(NULL, MPI_ERR_RANK, fc, "invalid rank %d in ranks[%d]: the group has %d processes",
                            ranks[i], i, g->size);
        if (seen[ranks[i]]++)
            return MPIR_ERR(NULL, MPI_ERR_RANK, fc, "rank %d appears twice in ranks", ranks[i]);
    }
    return MPI_SUCCESS;
}

static int incl_excl(const char *fc, int excl, MPI_Group group, int n, const int ranks[], MPI_Group *newgroup)
{
    MPIR_Group *g;
    int rc = check_group(fc, group, "group", &g);
    if (rc)
        return rc;
    if (newgroup == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (newgroup)");
    char *seen = calloc((size_t)g->size + 1, 1);
    int *ids = malloc(sizeof(int) * ((size_t)g->size + 1));
    if (seen == NULL || ids == NULL) {
        free(seen);
        free(ids);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory");
    }
    rc = check_ranks(fc, g, n, ranks, seen);
    if (rc == MPI_SUCCESS) {
        int k = 0;
        if (excl) {
            for (int i = 0; i < g->size; i++)
                if (!seen[i])
                    ids[k++] = g->lpids[i];
        } else {
            for (int i = 0; i < n; i++)
                ids[k++] = g->lpids[ranks[i]];
        }
        rc = new_group(fc, k, ids, newgroup);
    }
    free(seen);
    free(ids);
    return rc;
}

int MPI_Group_incl(MPI_Group group, int n, const int ranks[], MPI_Group *newgroup)
{
    return incl_excl("MPI_Group_incl", 0, group, n, ranks, newgroup);
}

int MPI_Group_excl(MPI_Group group, int n, const int ranks[], MPI_Group *newgroup)
{
    return incl_excl("MPI_Group_excl", 1, group, n, ranks, newgroup);
}

/* Expands (first, last, stride) triplets into a rank list (MPI-4.0 7.3.2). */
static int expand_ranges(const char *fc, const MPIR_Group *g, int n, int ranges[][3], int **out, int *count)
{
    if (n < 0)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "negative count %d (n)", n);
    if (n > 0 && ranges == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null array (ranges)");
    long total = 0;
    for (int i = 0; i < n; i++) {
        int first = ranges[i][0], last = ranges[i][1], stride = ranges[i][2];
        if (stride == 0)
            return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "zero stride in ranges[%d]", i);
        if (first < 0 || first >= g->size || last < 0 || last >= g->size)
            return MPIR_ERR(NULL, MPI_ERR_RANK, fc, "range %d (%d..%d) is outside the group of %d processes", i,
                            first, last, g->size);
        if ((last - first) / stride >= 0)
            total += (last - first) / stride + 1;
        if (total > g->size)
            return MPIR_ERR(NULL, MPI_ERR_RANK, fc, "the ranges name more ranks than the group's %d", g->size);
    }
    int *ranks = malloc(sizeof(int) * ((size_t)total + 1));
    if (ranks == NULL)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory");
    int k = 0;
    for (int i = 0; i < n; i++) {
        int first = ranges[i][0], last = ranges[i][1], stride = ranges[i][2];
        for (int r = first; stride > 0 ? r <= last : r >= last; r += stride)
            ranks[k++] = r;
    }
    *out = ranks;
    *count = k;
    return MPI_SUCCESS;
}

static int range_incl_excl(const char *fc, int excl, MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup)
{
    MPIR_Group *g;
    int rc = check_group(fc, group, "group", &g);
    if (rc)
        return rc;
    int *ranks, count;
    rc = expand_ranges(fc, g, n, ranges, &ranks, &count);
    if (rc)
        return rc;
    rc = incl_excl(fc, excl, group, count, ranks, newgroup);
    free(ranks);
    return rc;
}

int MPI_Group_range_incl(MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup)
{
    return range_incl_excl("MPI_Group_range_incl", 0, group, n, ranges, newgroup);
}

int MPI_Group_range_excl(MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup)
{
    return range_incl_excl("MPI_Group_range_excl", 1, group, n, ranges, newgroup);
}
