/* Every predefined op on every predefined datatype through MPI_Reduce_local
 * (MPI-4.0 6.9.2): valid pairs against a reference computed here element by
 * element (integer wrap-around, signed and unsigned order, logical results of
 * 0 and 1, MAXLOC/MINLOC ties going to the lower index), invalid pairs and
 * MPI_REPLACE / MPI_NO_OP as MPI_ERR_OP naming the call, the op and the type,
 * with inoutbuf untouched; MPI_REPLACE and MPI_NO_OP through the internal
 * entry one-sided accumulate uses. Layouts are wasm32's: long double takes
 * 16 bytes, a pair's int sits at half its extent. */
#include "mtest.h"
#include <complex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum kind { SINT, UINT, FLT, BOOL, CPLX, BYTE, PAIR, OTHER };
enum { C_INTEGER = 1, MULTI = 2, FLOATING = 4, LOGICAL = 8, COMPLEX = 16, BYTES = 32, PAIRS = 64, NONE = 128 };

typedef struct tdesc {
    MPI_Datatype type;
    const char *name;
    enum kind kind;
    int vsize; /* bytes of the value (complex: of one part; pair: of the value) */
    int vkind; /* pair: the value's kind (SINT or FLT) */
    int group;
} tdesc;

static const tdesc types[] = {
    {MPI_CHAR, "MPI_CHAR", OTHER, 1, 0, NONE},
    {MPI_SIGNED_CHAR, "MPI_SIGNED_CHAR", SINT, 1, 0, C_INTEGER},
    {MPI_UNSIGNED_CHAR, "MPI_UNSIGNED_CHAR", UINT, 1, 0, C_INTEGER},
    {MPI_BYTE, "MPI_BYTE", BYTE, 1, 0, BYTES},
    {MPI_WCHAR, "MPI_WCHAR", OTHER, 4, 0, NONE},
    {MPI_SHORT, "MPI_SHORT", SINT, 2, 0, C_INTEGER},
    {MPI_UNSIGNED_SHORT, "MPI_UNSIGNED_SHORT", UINT, 2, 0, C_INTEGER},
    {MPI_INT, "MPI_INT", SINT, 4, 0, C_INTEGER},
    {MPI_UNSIGNED, "MPI_UNSIGNED", UINT, 4, 0, C_INTEGER},
    {MPI_LONG, "MPI_LONG", SINT, 4, 0, C_INTEGER},
    {MPI_UNSIGNED_LONG, "MPI_UNSIGNED_LONG", UINT, 4, 0, C_INTEGER},
    {MPI_LONG_LONG, "MPI_LONG_LONG", SINT, 8, 0, C_INTEGER},
    {MPI_UNSIGNED_LONG_LONG, "MPI_UNSIGNED_LONG_LONG", UINT, 8, 0, C_INTEGER},
    {MPI_FLOAT, "MPI_FLOAT", FLT, 4, 0, FLOATING},
    {MPI_DOUBLE, "MPI_DOUBLE", FLT, 8, 0, FLOATING},
    {MPI_LONG_DOUBLE, "MPI_LONG_DOUBLE", FLT, 16, 0, FLOATING},
    {MPI_PACKED, "MPI_PACKED", OTHER, 1, 0, NONE},
    {MPI_C_BOOL, "MPI_C_BOOL", BOOL, 1, 0, LOGICAL},
    {MPI_INT8_T, "MPI_INT8_T", SINT, 1, 0, C_INTEGER},
    {MPI_INT16_T, "MPI_INT16_T", SINT, 2, 0, C_INTEGER},
    {MPI_INT32_T, "MPI_INT32_T", SINT, 4, 0, C_INTEGER},
    {MPI_INT64_T, "MPI_INT64_T", SINT, 8, 0, C_INTEGER},
    {MPI_UINT8_T, "MPI_UINT8_T", UINT, 1, 0, C_INTEGER},
    {MPI_UINT16_T, "MPI_UINT16_T", UINT, 2, 0, C_INTEGER},
    {MPI_UINT32_T, "MPI_UINT32_T", UINT, 4, 0, C_INTEGER},
    {MPI_UINT64_T, "MPI_UINT64_T", UINT, 8, 0, C_INTEGER},
    {MPI_AINT, "MPI_AINT", SINT, 4, 0, MULTI},
    {MPI_OFFSET, "MPI_OFFSET", SINT, 8, 0, MULTI},
    {MPI_COUNT, "MPI_COUNT", SINT, 8, 0, MULTI},
    {MPI_C_FLOAT_COMPLEX, "MPI_C_FLOAT_COMPLEX", CPLX, 4, 0, COMPLEX},
    {MPI_C_DOUBLE_COMPLEX, "MPI_C_DOUBLE_COMPLEX", CPLX, 8, 0, COMPLEX},
    {MPI_C_LONG_DOUBLE_COMPLEX, "MPI_C_LONG_DOUBLE_COMPLEX", CPLX, 16, 0, COMPLEX},
    {MPI_FLOAT_INT, "MPI_FLOAT_INT", PAIR, 4, FLT, PAIRS},
    {MPI_DOUBLE_INT, "MPI_DOUBLE_INT", PAIR, 8, FLT, PAIRS},
    {MPI_LONG_INT, "MPI_LONG_INT", PAIR, 4, SINT, PAIRS},
    {MPI_2INT, "MPI_2INT", PAIR, 4, SINT, PAIRS},
    {MPI_SHORT_INT, "MPI_SHORT_INT", PAIR, 2, SINT, PAIRS},
    {MPI_LONG_DOUBLE_INT, "MPI_LONG_DOUBLE_INT", PAIR, 16, FLT, PAIRS},
};
#define NTYPES ((int)(sizeof types / sizeof types[0]))

/* The standard's table: which groups each op takes. */
static const struct {
    MPI_Op op;
    const char *name;
    int groups;
} ops[] = {
    {MPI_MAX, "MPI_MAX", C_INTEGER | MULTI | FLOATING},
    {MPI_MIN, "MPI_MIN", C_INTEGER | MULTI | FLOATING},
    {MPI_SUM, "MPI_SUM", C_INTEGER | MULTI | FLOATING | COMPLEX},
    {MPI_PROD, "MPI_PROD", C_INTEGER | MULTI | FLOATING | COMPLEX},
    {MPI_LAND, "MPI_LAND", C_INTEGER | LOGICAL},
    {MPI_LOR, "MPI_LOR", C_INTEGER | LOGICAL},
    {MPI_LXOR, "MPI_LXOR", C_INTEGER | LOGICAL},
    {MPI_BAND, "MPI_BAND", C_INTEGER | MULTI | BYTES},
    {MPI_BOR, "MPI_BOR", C_INTEGER | MULTI | BYTES},
    {MPI_BXOR, "MPI_BXOR", C_INTEGER | MULTI | BYTES},
    {MPI_MAXLOC, "MPI_MAXLOC", PAIRS},
    {MPI_MINLOC, "MPI_MINLOC", PAIRS},
    {MPI_REPLACE, "MPI_REPLACE", 0},
    {MPI_NO_OP, "MPI_NO_OP", 0},
};
#define NOPS ((int)(sizeof ops / sizeof ops[0]))

/* ---- values ---- */

static int64_t smax(int size) { return size == 8 ? INT64_MAX : ((int64_t)1 << (8 * size - 1)) - 1; }
static uint64_t umax(int size) { return size == 8 ? UINT64_MAX : ((uint64_t)1 << (8 * size)) - 1; }

static void put_int(char *p, int size, uint64_t v) { memcpy(p, &v, (size_t)size); } /* little-endian */
static uint64_t get_uint(const char *p, int size)
{
    uint64_t v = 0;
    memcpy(&v, p, (size_t)size);
    return v;
}
static int64_t get_sint(const char *p, int size)
{
    uint64_t v = get_uint(p, size);
    int shift = 64 - 8 * size;
    return shift ? (int64_t)(v << shift) >> shift : (int64_t)v;
}
static void put_flt(char *p, int size, long double v)
{
    if (size == 4) {
        float f = (float)v;
        memcpy(p, &f, 4);
    } else if (size == 8) {
        double d = (double)v;
        memcpy(p, &d, 8);
    } else {
        memset(p, 0, 16);
        memcpy(p, &v, sizeof v);
    }
}
static long double get_flt(const char *p, int size)
{
    if (size == 4) {
        float f;
        memcpy(&f, p, 4);
        return f;
    }
    if (size == 8) {
        double d;
        memcpy(&d, p, 8);
        return d;
    }
    long double v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Interesting values: every pair of them meets (element i: in = v[i % L], inout = v[i / L % L]). */
#define L 8
static const long double flt_vals[L] = {0, 1, -1, 0.5, -2.25, 3, 1000, -7.5};
static const int idx_vals[3] = {4, 1, 7};

static uint64_t int_val(const tdesc *t, int j)
{
    int s = t->vsize;
    if (t->kind == UINT) {
        const uint64_t v[L] = {0, 1, 2, 3, umax(s), umax(s) - 1, umax(s) / 2 + 1, 100};
        return v[j];
    }
    const int64_t v[L] = {0, 1, -1, smax(s), -smax(s) - 1, smax(s) - 1, -3, 7};
    return (uint64_t)v[j];
}

static int extent_of(const tdesc *t)
{
    int size;
    MPI_Type_size(t->type, &size);
    MPI_Aint lb, extent;
    MPI_Type_get_extent(t->type, &lb, &extent);
    return (int)extent;
}

/* Element i of the in (which 0) or inout (which 1) buffer. */
static void fill(const tdesc *t, char *p, int i, int which)
{
    int j = which ? i / L % L : i % L;
    int ext = extent_of(t);
    memset(p, 0, (size_t)ext);
    switch (t->kind) {
    case SINT:
    case UINT:
        put_int(p, t->vsize, int_val(t, j));
        break;
    case FLT:
        put_flt(p, t->vsize, flt_vals[j]);
        break;
    case BOOL:
        p[0] = (char)(j & 1);
        break;
    case BYTE:
    case OTHER:
        p[0] = (char)(0x5a ^ (j * 0x37));
        break;
    case CPLX:
        put_flt(p, t->vsize, flt_vals[j]);
        put_flt(p + ext / 2, t->vsize, flt_vals[(j + 3) % L]);
        break;
    case PAIR: {
        int value = (int)flt_vals[j] / 2; /* ties: 0 0 0 0 -1 1 500 -3 */
        if (t->vkind == FLT)
            put_flt(p, t->vsize, value);
        else
            put_int(p, t->vsize, (uint64_t)(int64_t)value);
        int index = idx_vals[(i / (L * L) + which * (i / (3 * L * L))) % 3];
        memcpy(p + ext / 2, &index, sizeof index);
        break;
    }
    }
}

/* ---- the reference ---- */

static int op_index(MPI_Op op) { return op & 0xff; }

/* Writes x op y (x from in, y from inout) into out, which holds y. */
static void reference(MPI_Op op, const tdesc *t, const char *x, char *out)
{
    int s = t->vsize, ext = extent_of(t);
    if (t->kind == SINT || t->kind == UINT || t->kind == BOOL || t->kind == BYTE) {
        uint64_t ux = get_uint(x, s), uy = get_uint(out, s), r = 0;
        int64_t sx = get_sint(x, s), sy = get_sint(out, s);
        int x_larger = t->kind == SINT ? sx > sy : ux > uy;
        switch (op_index(op)) {
        case 1: r = x_larger ? ux : uy; break;
        case 2: r = x_larger ? uy : ux; break;
        case 3: r = ux + uy; break;
        case 4: r = ux * uy; break;
        case 5: r = ux != 0 && uy != 0; break;
        case 6: r = ux & uy; break;
        case 7: r = ux != 0 || uy != 0; break;
        case 8: r = ux | uy; break;
        case 9: r = (ux != 0) != (uy != 0); break;
        case 10: r = ux ^ uy; break;
        }
        put_int(out, s, r); /* keeps the low s bytes: two's complement wrap-around */
    } else if (t->kind == FLT) {
        long double a = get_flt(x, s), b = get_flt(out, s), r = 0;
        switch (op_index(op)) {
        case 1: r = a > b ? a : b; break;
        case 2: r = a < b ? a : b; break;
        case 3: r = a + b; break;
        case 4: r = a * b; break;
        }
        put_flt(out, s, r);
    } else if (t->kind == CPLX) {
        long double complex a = get_flt(x, s) + get_flt(x + ext / 2, s) * I;
        long double complex b = get_flt(out, s) + get_flt(out + ext / 2, s) * I;
        long double complex r = op == MPI_SUM ? a + b : a * b;
        put_flt(out, s, creall(r));
        put_flt(out + ext / 2, s, cimagl(r));
    } else if (t->kind == PAIR) {
        long double a = t->vkind == FLT ? get_flt(x, s) : get_sint(x, s);
        long double b = t->vkind == FLT ? get_flt(out, s) : get_sint(out, s);
        int ia, ib;
        memcpy(&ia, x + ext / 2, sizeof ia);
        memcpy(&ib, out + ext / 2, sizeof ib);
        int a_wins = op == MPI_MAXLOC ? a > b : a < b;
        if (a_wins)
            memcpy(out, x, (size_t)ext);
        else if (a == b)
            memcpy(out + ext / 2, ia < ib ? &ia : &ib, sizeof ia);
    }
}

/* Compares the meaningful bytes of one element (not a long double's or a pair's padding). */
static int same_element(const tdesc *t, const char *a, const char *b)
{
    int ext = extent_of(t);
    switch (t->kind) {
    case FLT:
        return get_flt(a, t->vsize) == get_flt(b, t->vsize);
    case CPLX:
        return get_flt(a, t->vsize) == get_flt(b, t->vsize) &&
               get_flt(a + ext / 2, t->vsize) == get_flt(b + ext / 2, t->vsize);
    case PAIR:
        return (t->vkind == FLT ? get_flt(a, t->vsize) == get_flt(b, t->vsize)
                                : get_uint(a, t->vsize) == get_uint(b, t->vsize)) &&
               memcmp(a + ext / 2, b + ext / 2, sizeof(int)) == 0;
    default:
        return memcmp(a, b, (size_t)t->vsize) == 0;
    }
}

#define N (9 * L * L)

static void check_pair(const tdesc *t, int o, char *in, char *inout, char *want)
{
    int ext = extent_of(t);
    for (int i = 0; i < N; i++) {
        fill(t, in + i * ext, i, 0);
        fill(t, inout + i * ext, i, 1);
    }
    memcpy(want, inout, (size_t)N * ext);
    int valid = (ops[o].groups & t->group) != 0;
    if (valid)
        for (int i = 0; i < N; i++)
            reference(ops[o].op, t, in + i * ext, want + i * ext);

    int rc = MPI_Reduce_local(in, inout, N, t->type, ops[o].op);
    if (!valid) {
        CHECK_CLASS(rc, MPI_ERR_OP);
        const char *msg = MPIR_Err_last_message();
        CHECK(strstr(msg, "MPI_Reduce_local") && strstr(msg, ops[o].name) &&
                  (ops[o].groups == 0 || strstr(msg, t->name)),
              "%s on %s: message \"%s\"", ops[o].name, t->name, msg);
        CHECK(memcmp(inout, want, (size_t)N * ext) == 0, "%s on %s changed inoutbuf", ops[o].name, t->name);
        return;
    }
    CHECK_CLASS(rc, MPI_SUCCESS);
    int bad = 0;
    for (int i = 0; i < N && bad < 3; i++)
        if (!same_element(t, inout + i * ext, want + i * ext)) {
            bad++;
            CHECK(0, "%s on %s: element %d differs from the reference", ops[o].name, t->name, i);
        }
}

/* MPI_REPLACE and MPI_NO_OP apply to every predefined type in accumulate. */
static void check_rma_ops(const tdesc *t, char *in, char *inout)
{
    int ext = extent_of(t);
    for (int i = 0; i < N; i++) {
        fill(t, in + i * ext, i, 0);
        fill(t, inout + i * ext, i, 1);
    }
    char *saved = malloc((size_t)N * ext);
    memcpy(saved, inout, (size_t)N * ext);
    CHECK_CLASS(MPIR_Reduce_local_impl(in, inout, N, t->type, MPI_NO_OP), MPI_SUCCESS);
    CHECK(memcmp(inout, saved, (size_t)N * ext) == 0, "MPI_NO_OP on %s changed inoutbuf", t->name);
    CHECK_CLASS(MPIR_Reduce_local_impl(in, inout, N, t->type, MPI_REPLACE), MPI_SUCCESS);
    CHECK(memcmp(inout, in, (size_t)N * ext) == 0, "MPI_REPLACE on %s did not copy inbuf", t->name);
    free(saved);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    char *in = malloc(N * 32), *inout = malloc(N * 32), *want = malloc(N * 32);
    int valid_pairs = 0;
    for (int t = 0; t < NTYPES; t++) {
        for (int o = 0; o < NOPS; o++) {
            check_pair(&types[t], o, in, inout, want);
            valid_pairs += (ops[o].groups & types[t].group) != 0;
        }
        check_rma_ops(&types[t], in, inout);
    }
    /* the standard's table: 18 C integer types x 10 ops, 3 multi-language types
     * x 7 (no logical ops), floating point, complex, bool, byte, the pairs */
    CHECK(valid_pairs == 18 * 10 + 3 * 7 + 3 * 4 + 3 * 2 + 3 + 3 + 6 * 2, "%d valid pairs", valid_pairs);

    /* a few by hand, so that the reference itself is checked */
    int8_t a8[2] = {100, -128}, b8[2] = {100, -1};
    MPI_Reduce_local(a8, b8, 2, MPI_INT8_T, MPI_SUM);
    CHECK(b8[0] == -56 && b8[1] == 127, "int8 sums %d %d", b8[0], b8[1]);
    uint16_t a16 = 65535, b16 = 65535;
    MPI_Reduce_local(&a16, &b16, 1, MPI_UINT16_T, MPI_PROD);
    CHECK(b16 == 1, "65535 * 65535 mod 2^16 = %u", b16);
    uint32_t au = 0xffffffffu, bu = 1;
    MPI_Reduce_local(&au, &bu, 1, MPI_UNSIGNED, MPI_MAX);
    CHECK(bu == 0xffffffffu, "unsigned max %u", bu);
    _Bool ab[4] = {0, 0, 1, 1}, bb[4] = {0, 1, 0, 1};
    MPI_Reduce_local(ab, bb, 4, MPI_C_BOOL, MPI_LXOR);
    CHECK(!bb[0] && bb[1] && bb[2] && !bb[3], "bool lxor %d%d%d%d", bb[0], bb[1], bb[2], bb[3]);
    struct {
        double v;
        int i;
    } __attribute__((aligned(8))) ad[2] = {{2.0, 9}, {1.0, 3}}, bd[2] = {{2.0, 4}, {5.0, 1}};
    MPI_Reduce_local(ad, bd, 2, MPI_DOUBLE_INT, MPI_MAXLOC);
    CHECK(bd[0].v == 2.0 && bd[0].i == 4 && bd[1].v == 5.0 && bd[1].i == 1, "maxloc (%g,%d) (%g,%d)", bd[0].v,
          bd[0].i, bd[1].v, bd[1].i);
    float complex ac = 1 + 2 * I, bc = 3 - I;
    MPI_Reduce_local(&ac, &bc, 1, MPI_C_FLOAT_COMPLEX, MPI_PROD);
    CHECK(crealf(bc) == 5 && cimagf(bc) == 5, "(1+2i)(3-i) = %g%+gi", crealf(bc), cimagf(bc));

    free(in);
    free(inout);
    free(want);
    return mtest_finalize();
}
