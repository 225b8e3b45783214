/* The type map of a datatype flattened to the contiguous runs of one element,
 * in type-map order, and packing and unpacking any byte range of the packed
 * form of `count` elements (so messages can be packed a segment at a time). */
#include "datatype.h"
#include <stdlib.h>
#include <string.h>

#define AINT_MAX ((int64_t)(((uint64_t)1 << (8 * sizeof(MPI_Aint) - 1)) - 1))

void MPIR_Typerep_begin(MPIR_Typerep_builder *b)
{
    memset(b, 0, sizeof *b);
    b->basic = MPI_DATATYPE_NULL;
    b->align = 1;
    b->nrep = 1;
}

void MPIR_Typerep_abandon(MPIR_Typerep_builder *b)
{
    free(b->blocks);
    b->blocks = NULL;
}

static int fits(int64_t v) { return v >= -AINT_MAX && v <= AINT_MAX; }

static int add_block(MPIR_Typerep_builder *b, int64_t off, MPI_Aint len, int esize, int swap)
{
    if (!fits(off) || !fits(off + len))
        return MPI_ERR_ARG;
    if (b->n > 0) {
        MPIR_Type_block *last = &b->blocks[b->n - 1];
        if ((int64_t)last->off + last->len == off && last->esize == esize && last->swap == swap &&
            fits((int64_t)last->len + len)) {
            last->len += len;
            return MPI_SUCCESS;
        }
    }
    if (b->n == b->cap) {
        MPI_Aint cap = b->cap ? b->cap * 2 : 8;
        if ((size_t)cap > SIZE_MAX / sizeof *b->blocks)
            return MPI_ERR_NO_MEM;
        MPIR_Type_block *nb = realloc(b->blocks, (size_t)cap * sizeof *nb);
        if (nb == NULL)
            return MPI_ERR_NO_MEM;
        b->blocks = nb;
        b->cap = cap;
    }
    b->blocks[b->n++] = (MPIR_Type_block){(MPI_Aint)off, len, 0, esize, swap};
    return MPI_SUCCESS;
}

/* Writes out the builder's repetition as plain runs (something follows it). */
static int materialize(MPIR_Typerep_builder *b)
{
    if (b->nrep == 1)
        return MPI_SUCCESS;
    MPI_Aint n = b->n;
    MPIR_Type_block *period = malloc((size_t)n * sizeof *period);
    if (period == NULL)
        return MPI_ERR_NO_MEM;
    memcpy(period, b->blocks, (size_t)n * sizeof *period);
    int64_t nrep = b->nrep, stride = b->rep_stride;
    b->n = 0;
    b->nrep = 1;
    int rc = MPI_SUCCESS;
    for (int64_t r = 0; r < nrep && rc == MPI_SUCCESS; r++)
        for (MPI_Aint k = 0; k < n && rc == MPI_SUCCESS; k++)
            rc = add_block(b, period[k].off + r * stride, period[k].len, period[k].esize, period[k].swap);
    free(period);
    return rc;
}

int MPIR_Typerep_repeat(MPIR_Typerep_builder *b, int64_t count, int64_t stride)
{
    if (count <= 1 || !b->any)
        return MPI_SUCCESS;
    int rc = materialize(b);
    if (rc)
        return rc;
    int64_t last = (count - 1) * stride;
    if (!fits(last) || !fits(b->lb + (last < 0 ? last : 0)) || !fits(b->ub + (last > 0 ? last : 0)))
        return MPI_ERR_ARG;
    if (last < 0)
        b->lb += last;
    else
        b->ub += last;
    b->size *= count;
    b->nelements *= count;
    if (b->n == 1 && b->blocks[0].len == stride && fits(stride * count)) {
        b->blocks[0].len = (MPI_Aint)(stride * count); /* back to back: one run */
        return MPI_SUCCESS;
    }
    if (b->n > 0) {
        b->nrep = count;
        b->rep_stride = stride;
    }
    return MPI_SUCCESS;
}

int MPIR_Typerep_append(MPIR_Typerep_builder *b, const MPIR_Dtype *child, int64_t disp, int64_t count)
{
    if (count <= 0)
        return MPI_SUCCESS;
    int rc = materialize(b);
    if (rc)
        return rc;
    int64_t extent = MPIR_DTYPE_EXTENT(child);
    int64_t last = disp + (count - 1) * extent;
    if (!fits(disp) || !fits(last) || (extent != 0 && (count - 1) > AINT_MAX / (extent < 0 ? -extent : extent)))
        return MPI_ERR_ARG;
    int64_t lo = (extent >= 0 ? disp : last) + child->lb, hi = (extent >= 0 ? last : disp) + child->ub;
    if (!b->any || lo < b->lb)
        b->lb = lo;
    if (!b->any || hi > b->ub)
        b->ub = hi;
    int first = !b->any;
    b->any = 1;
    if (first && count == 1 && child->nrep > 1) {
        /* one copy into an empty map: keep the child's repetition */
        for (MPI_Aint k = 0; k < child->nblocks && rc == MPI_SUCCESS; k++)
            rc = add_block(b, disp + child->blocks[k].off, child->blocks[k].len, child->blocks[k].esize,
                           child->blocks[k].swap);
        b->nrep = child->nrep;
        b->rep_stride = child->rep_stride;
    } else {
        for (int64_t i = 0; i < count && rc == MPI_SUCCESS; i++) {
            int64_t base = disp + i * extent;
            for (MPI_Aint r = 0; r < child->nrep && rc == MPI_SUCCESS; r++)
                for (MPI_Aint k = 0; k < child->nblocks && rc == MPI_SUCCESS; k++) {
                    const MPIR_Type_block *cb = &child->blocks[k];
                    rc = add_block(b, base + (int64_t)r * child->rep_stride + cb->off, cb->len, cb->esize, cb->swap);
                }
        }
    }
    if (rc)
        return rc;
    b->size += (MPI_Count)count * child->size;
    b->nelements += (MPI_Count)count * child->nelements;
    if (child->align > b->align)
        b->align = child->align;
    if (child->basic == MPI_DATATYPE_NULL || (b->basic != MPI_DATATYPE_NULL && b->basic != child->basic))
        b->mixed = 1;
    b->basic = child->basic;
    return MPI_SUCCESS;
}

void MPIR_Typerep_set_contig(MPIR_Dtype *t)
{
    int runs = 1;
    for (MPI_Aint k = 1; k < t->nblocks && runs; k++)
        runs = t->blocks[k].off == t->blocks[k - 1].off + t->blocks[k - 1].len;
    if (t->nrep > 1)
        runs = runs && t->rep_stride == t->period;
    t->is_contig = t->size == 0 || (runs && t->size == MPIR_DTYPE_EXTENT(t));
}

int MPIR_Typerep_finish(MPIR_Typerep_builder *b, MPIR_Dtype *t)
{
    if (!fits(b->lb) || !fits(b->ub)) {
        MPIR_Typerep_abandon(b);
        return MPI_ERR_ARG;
    }
    t->blocks = b->n ? realloc(b->blocks, (size_t)b->n * sizeof *b->blocks) : (free(b->blocks), NULL);
    b->blocks = NULL;
    t->nblocks = b->n;
    t->nrep = (MPI_Aint)b->nrep;
    t->rep_stride = (MPI_Aint)b->rep_stride;
    MPI_Aint pos = 0, lo = 0, hi = 0;
    for (MPI_Aint k = 0; k < t->nblocks; k++) {
        MPIR_Type_block *bl = &t->blocks[k];
        bl->pos = pos;
        pos += bl->len;
        if (k == 0 || bl->off < lo)
            lo = bl->off;
        if (k == 0 || bl->off + bl->len > hi)
            hi = bl->off + bl->len;
    }
    t->period = pos;
    if (t->rep_stride < 0)
        lo += (t->nrep - 1) * t->rep_stride;
    else
        hi += (t->nrep - 1) * t->rep_stride;
    t->size = b->size;
    t->nelements = b->nelements;
    t->lb = b->any ? (MPI_Aint)b->lb : 0;
    t->ub = b->any ? (MPI_Aint)b->ub : 0;
    t->true_lb = lo;
    t->true_ub = hi;
    t->align = b->align;
    t->basic = b->mixed ? MPI_DATATYPE_NULL : b->basic;
    MPIR_Typerep_set_contig(t);
    return MPI_SUCCESS;
}

/* The block holding packed byte `within` of an element. */
static MPI_Aint find_block(const MPIR_Dtype *t, MPI_Aint within)
{
    MPI_Aint lo = 0, hi = t->nblocks - 1;
    while (lo < hi) {
        MPI_Aint mid = (lo + hi + 1) / 2;
        if (t->blocks[mid].pos <= within)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Copies m bytes that start `skip` bytes into a run of `unit`-byte values,
 * reversing the byte order of each value when unit > 1 (external32). */
static void copy_run(char *dst, const char *src, MPI_Aint skip, MPI_Aint m, int unit)
{
    if (unit <= 1) {
        /* the runs of vectors of basic types are short: constant sizes compile to a load and a store */
        switch (m) {
        case 4: memcpy(dst, src, 4); break;
        case 8: memcpy(dst, src, 8); break;
        case 16: memcpy(dst, src, 16); break;
        default: memcpy(dst, src, (size_t)m);
        }
        return;
    }
    /* src and dst are at the same place in their values: byte r of a value goes to byte unit-1-r */
    for (MPI_Aint i = 0; i < m; i++) {
        MPI_Aint r = (skip + i) % unit;
        dst[i] = src[i - r + (unit - 1 - r)];
    }
}

/* Walks the packed range [first, first+n) of elements of t at buf, calling
 * copy_run between the packed stream and the elements. */
static void walk(const MPIR_Dtype *t, char *buf, MPI_Count first, char *packed, MPI_Count n, int external32,
                 int to_packed)
{
    if (n <= 0 || t->size == 0)
        return;
    MPI_Aint extent = MPIR_DTYPE_EXTENT(t);
    MPI_Count elem = first / t->size;
    MPI_Aint in_elem = (MPI_Aint)(first % t->size);
    MPI_Aint rep = in_elem / t->period, within = in_elem % t->period;
    char *elem_base = MPIR_Addr(buf, elem * extent);
    char *base = MPIR_Addr(elem_base, (int64_t)rep * t->rep_stride);
    MPI_Aint k = find_block(t, within);
    while (n > 0) {
        const MPIR_Type_block *bl = &t->blocks[k];
        MPI_Aint skip = within - bl->pos, m = bl->len - skip;
        int unit = external32 ? bl->swap : 1;
        if (t->nblocks == 1 && skip == 0 && n >= bl->len) {
            /* a vector: whole runs, one a period, as many as this element has left */
            MPI_Count runs = n / bl->len;
            if (runs > t->nrep - rep)
                runs = t->nrep - rep;
            char *mem = MPIR_Addr(base, bl->off);
            for (MPI_Count r = 0; r < runs; r++) {
                if (to_packed)
                    copy_run(packed, mem, 0, m, unit);
                else
                    copy_run(mem, packed, 0, m, unit);
                packed += m;
                mem = MPIR_Addr(mem, t->rep_stride);
            }
            n -= runs * m;
            rep += (MPI_Aint)runs;
            base = MPIR_Addr(base, (int64_t)runs * t->rep_stride);
        } else {
            if (m > n)
                m = (MPI_Aint)n;
            char *mem = MPIR_Addr(base, (int64_t)bl->off + skip);
            if (to_packed)
                copy_run(packed, mem, skip, m, unit);
            else
                copy_run(mem, packed, skip, m, unit);
            packed += m;
            n -= m;
            within += m;
            if (skip + m < bl->len || ++k < t->nblocks)
                continue;
            k = 0;
            within = 0;
            rep++;
            base = MPIR_Addr(base, t->rep_stride);
        }
        if (rep == t->nrep) {
            rep = 0;
            elem_base = MPIR_Addr(elem_base, extent);
            base = elem_base;
        }
    }
}

void MPIR_Typerep_pack(const void *buf, const MPIR_Dtype *t, MPI_Count first, void *out, MPI_Count n, int external32)
{
    walk(t, (char *)buf, first, out, n, external32, 1);
}

void MPIR_Typerep_unpack(const void *in, MPI_Count first, MPI_Count n, void *buf, const MPIR_Dtype *t, int external32)
{
    walk(t, buf, first, (char *)in, n, external32, 0);
}

MPI_Count MPIR_Typerep_elements(const MPIR_Dtype *t, MPI_Count bytes)
{
    if (t->size == 0)
        return bytes == 0 ? 0 : MPI_UNDEFINED;
    MPI_Count count = bytes / t->size * t->nelements, rem = bytes % t->size;
    count += rem / t->period * (t->nelements / t->nrep);
    rem %= t->period;
    for (MPI_Aint k = 0; k < t->nblocks && rem > 0; k++) {
        MPI_Aint m = t->blocks[k].len < rem ? t->blocks[k].len : (MPI_Aint)rem;
        if (m % t->blocks[k].esize)
            return MPI_UNDEFINED;
        count += m / t->blocks[k].esize;
        rem -= m;
    }
    return count;
}

MPI_Count MPIR_Typerep_bytes_of_elements(const MPIR_Dtype *t, MPI_Count elements)
{
    if (t->nelements == 0)
        return 0;
    MPI_Count bytes = elements / t->nelements * t->size, rem = elements % t->nelements;
    MPI_Count per_period = t->nelements / t->nrep;
    bytes += rem / per_period * t->period;
    rem %= per_period;
    for (MPI_Aint k = 0; k < t->nblocks && rem > 0; k++) {
        MPI_Count in_block = t->blocks[k].len / t->blocks[k].esize;
        MPI_Count m = in_block < rem ? in_block : rem;
        bytes += m * t->blocks[k].esize;
        rem -= m;
    }
    return bytes;
}
