/* MPI_Dims_create (MPI-4.0 8.5.2): the free dimensions get a factorisation of
 * nnodes / (product of the fixed ones) whose factors are as close to each
 * other as possible (smallest largest-minus-smallest, then smallest largest),
 * in non-increasing order, found by a search over the divisors as MPICH's
 * optimising version does; a greedy split of the prime factors misses some. */
#include "mpiimpl.h"
#include <stdlib.h>

typedef struct search {
    int k;          /* factors to choose */
    int *cur, *best;
    const int *divs; /* the divisors of the number to factor, descending */
    int ndivs;
    int found;
    int best_spread, best_max;
} search;

/* f^k >= m */
static int covers(int f, int k, long long m)
{
    long long p = 1;
    for (int j = 0; j < k && p < m; j++)
        p *= f;
    return p >= m;
}

/* The largest r with r^k <= m (m >= 1), by bisection. */
static int iroot(int m, int k)
{
    int lo = 1, hi = m;
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (covers(mid, k, (long long)m + 1)) /* mid^k > m */
            hi = mid - 1;
        else
            lo = mid;
    }
    return lo;
}

/* Chooses cur[i..k) as non-increasing divisors of m, each <= limit. The
 * smallest factor is at most the k-th root of what is left, which bounds
 * the spread from below: branches that cannot beat the best are cut. */
static void choose(search *s, int i, int m, int limit)
{
    int left = s->k - i;
    if (left == 1) {
        if (m > limit)
            return;
        s->cur[i] = m;
        int spread = s->cur[0] - m;
        if (!s->found || spread < s->best_spread || (spread == s->best_spread && s->cur[0] < s->best_max)) {
            s->found = 1;
            s->best_spread = spread;
            s->best_max = s->cur[0];
            for (int j = 0; j < s->k; j++)
                s->best[j] = s->cur[j];
        }
        return;
    }
    if (i == 0) {
        /* the largest factor, from the k-th root up: balanced grids come first */
        for (int d = s->ndivs - 1; d >= 0; d--) {
            int f = s->divs[d];
            if (f > limit || m % f || !covers(f, left, m))
                continue;
            if (s->found && f - iroot(m / f, left - 1) > s->best_spread)
                break; /* grows with f */
            s->cur[0] = f;
            choose(s, 1, m / f, f);
        }
        return;
    }
    if (s->found && s->cur[0] - iroot(m, left) > s->best_spread)
        return;
    for (int d = 0; d < s->ndivs; d++) {
        int f = s->divs[d];
        if (f > limit || m % f)
            continue;
        if (!covers(f, left, m))
            break; /* the factors left cannot reach m with f or anything smaller */
        /* the smallest factor will be <= f: the spread is at least cur[0] - f */
        if (s->found && s->cur[0] - f > s->best_spread)
            break;
        s->cur[i] = f;
        choose(s, i + 1, m / f, f);
    }
}

/* The divisors of m, descending; returns how many. */
static int divisors(int m, int *out)
{
    static int small[1600], large[1600]; /* a 32-bit int has at most 1344 divisors */
    int lo = 0, hi = 0;
    for (int d = 1; (long long)d * d <= m; d++)
        if (m % d == 0) {
            small[lo++] = d;
            if (d != m / d)
                large[hi++] = m / d;
        }
    int n = 0;
    for (int j = 0; j < hi; j++)
        out[n++] = large[j];
    for (int j = lo - 1; j >= 0; j--)
        out[n++] = small[j];
    return n;
}

/* Factors m into k non-increasing factors as close to each other as possible. */
static int dims_factor(int m, int k, int *factors)
{
    if (k == 0)
        return m == 1 ? MPI_SUCCESS : MPI_ERR_DIMS;
    int *divs = malloc(sizeof(int) * 3200);
    search s = {k, malloc(sizeof(int) * (size_t)k), factors, divs, 0, 0, 0, 0};
    if (s.cur == NULL || divs == NULL) {
        free(s.cur);
        free(divs);
        return MPI_ERR_NO_MEM;
    }
    s.ndivs = divisors(m, divs);
    choose(&s, 0, m, m);
    free(s.cur);
    free(divs);
    return s.found ? MPI_SUCCESS : MPI_ERR_DIMS;
}

int MPI_Dims_create(int nnodes, int ndims, int dims[])
{
    const char *fc = "MPI_Dims_create";
    MPIR_CHECK_INIT(fc);
    if (nnodes < 0)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "negative number of nodes %d (nnodes)", nnodes);
    if (ndims < 0)
        return MPIR_ERR(NULL, MPI_ERR_DIMS, fc, "negative number of dimensions %d (ndims)", ndims);
    if (ndims > 0 && dims == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (dims)");
    long long fixed = 1;
    int nfree = 0;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] < 0)
            return MPIR_ERR(NULL, MPI_ERR_DIMS, fc, "negative dimension dims[%d] = %d (dims)", i, dims[i]);
        if (dims[i] == 0)
            nfree++;
        else if (fixed <= nnodes)
            fixed *= dims[i];
    }
    if (nnodes == 0) {
        if (nfree < ndims)
            return MPIR_ERR(NULL, MPI_ERR_DIMS, fc, "0 nodes cannot fill fixed dimensions (dims)");
        return MPI_SUCCESS; /* every dimension stays 0 */
    }
    if (fixed > nnodes || nnodes % fixed)
        return MPIR_ERR(NULL, MPI_ERR_DIMS, fc,
                        "%d nodes are not a multiple of the product %lld of the fixed dimensions (dims)", nnodes,
                        fixed);
    int *f = malloc(sizeof(int) * (size_t)(nfree > 0 ? nfree : 1));
    if (f == NULL)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory");
    int rc = dims_factor(nnodes / (int)fixed, nfree, f);
    if (rc == MPI_SUCCESS)
        for (int i = 0, j = 0; i < ndims; i++)
            if (dims[i] == 0)
                dims[i] = f[j++];
    free(f);
    if (rc)
        return MPIR_ERR(NULL, rc, fc, "%d nodes do not fill the fixed dimensions (dims)", nnodes);
    return MPI_SUCCESS;
}
