/* Predefined reduction operations (MPI-4.0 section 6.9.2): which datatypes each
 * op applies to, and the element loops. Elements sit at the extent of their
 * handle (the wasm32 C layout: long double is 16 bytes, a pair's int follows
 * its value at half the pair's extent), and every access is a memcpy, so the
 * loops need no alignment and behave the same in the native tests. */
#include "op_predefined.h"
#include "mpiimpl.h"
#include <stdint.h>
#include <string.h>

enum {
    OP_MAX = 1, OP_MIN, OP_SUM, OP_PROD, OP_LAND, OP_BAND, OP_LOR, OP_BOR, OP_LXOR, OP_BXOR,
    OP_MINLOC, OP_MAXLOC, OP_REPLACE, OP_NO_OP, OP_COUNT
};

/* The standard's groups of datatypes. */
enum {
    C_INTEGER = 1 << 0,
    MULTI_LANGUAGE = 1 << 1, /* MPI_AINT, MPI_OFFSET, MPI_COUNT */
    FLOATING = 1 << 2,
    LOGICAL = 1 << 3,
    COMPLEX = 1 << 4,
    BYTE = 1 << 5,
    PAIR = 1 << 6, /* MPI_MINLOC / MPI_MAXLOC */
    OTHER = 1 << 7, /* characters, MPI_PACKED: MPI_REPLACE and MPI_NO_OP only */
};

static const unsigned op_groups[OP_COUNT] = {
    [OP_MAX] = C_INTEGER | MULTI_LANGUAGE | FLOATING,
    [OP_MIN] = C_INTEGER | MULTI_LANGUAGE | FLOATING,
    [OP_SUM] = C_INTEGER | MULTI_LANGUAGE | FLOATING | COMPLEX,
    [OP_PROD] = C_INTEGER | MULTI_LANGUAGE | FLOATING | COMPLEX,
    [OP_LAND] = C_INTEGER | LOGICAL,
    [OP_LOR] = C_INTEGER | LOGICAL,
    [OP_LXOR] = C_INTEGER | LOGICAL,
    [OP_BAND] = C_INTEGER | MULTI_LANGUAGE | BYTE,
    [OP_BOR] = C_INTEGER | MULTI_LANGUAGE | BYTE,
    [OP_BXOR] = C_INTEGER | MULTI_LANGUAGE | BYTE,
    [OP_MINLOC] = PAIR,
    [OP_MAXLOC] = PAIR,
    [OP_REPLACE] = ~0u,
    [OP_NO_OP] = ~0u,
};

typedef void kernel_fn(int op, const char *a, char *b, size_t n);

/* One element at a time: x from in (a), y from inout (b); y = EXPR. */
#define EACH(T, EXPR)                                  \
    for (size_t i = 0; i < n; i++) {                   \
        T x, y;                                        \
        memcpy(&x, a + i * sizeof(T), sizeof x);       \
        memcpy(&y, b + i * sizeof(T), sizeof y);       \
        y = (T)(EXPR);                                 \
        memcpy(b + i * sizeof(T), &y, sizeof y);       \
    }                                                  \
    break

/* Integers: sums and products wrap, computed in the unsigned type W (at least
 * int-wide, so no promotion overflows); MAX/MIN keep inout unless in is
 * larger, as MPICH does. Logical ops give 0 or 1. */
#define INT_KERNEL(name, T, W)                                  \
    static void name(int op, const char *a, char *b, size_t n)  \
    {                                                           \
        switch (op) {                                           \
        case OP_MAX: EACH(T, y > x ? y : x);                    \
        case OP_MIN: EACH(T, y < x ? y : x);                    \
        case OP_SUM: EACH(T, (W)y + (W)x);                      \
        case OP_PROD: EACH(T, (W)y * (W)x);                     \
        case OP_LAND: EACH(T, y && x);                          \
        case OP_LOR: EACH(T, y || x);                           \
        case OP_LXOR: EACH(T, !y != !x);                        \
        case OP_BAND: EACH(T, y & x);                           \
        case OP_BOR: EACH(T, y | x);                            \
        case OP_BXOR: EACH(T, y ^ x);                           \
        }                                                       \
    }

INT_KERNEL(k_i8, int8_t, uint32_t)
INT_KERNEL(k_u8, uint8_t, uint32_t)
INT_KERNEL(k_i16, int16_t, uint32_t)
INT_KERNEL(k_u16, uint16_t, uint32_t)
INT_KERNEL(k_i32, int32_t, uint32_t)
INT_KERNEL(k_u32, uint32_t, uint32_t)
INT_KERNEL(k_i64, int64_t, uint64_t)
INT_KERNEL(k_u64, uint64_t, uint64_t)

/* Floating point at stride S (long double: its handle's 16 bytes, whatever
 * sizeof(long double) the compiler has). MAX/MIN as MPICH: inout > in ? inout : in. */
#define FLOAT_KERNEL(name, T, S)                                \
    static void name(int op, const char *a, char *b, size_t n)  \
    {                                                           \
        for (size_t i = 0; i < n; i++) {                        \
            T x, y;                                             \
            memcpy(&x, a + i * (S), sizeof x);                  \
            memcpy(&y, b + i * (S), sizeof y);                  \
            switch (op) {                                       \
            case OP_MAX: y = y > x ? y : x; break;              \
            case OP_MIN: y = y < x ? y : x; break;              \
            case OP_SUM: y = y + x; break;                      \
            case OP_PROD: y = y * x; break;                     \
            }                                                   \
            memcpy(b + i * (S), &y, sizeof y);                  \
        }                                                       \
    }

/* float and double get a loop per op (the common case of Allreduce). */
#define FAST_FLOAT_KERNEL(name, T)                              \
    static void name(int op, const char *a, char *b, size_t n)  \
    {                                                           \
        switch (op) {                                           \
        case OP_MAX: EACH(T, y > x ? y : x);                    \
        case OP_MIN: EACH(T, y < x ? y : x);                    \
        case OP_SUM: EACH(T, y + x);                            \
        case OP_PROD: EACH(T, y * x);                           \
        }                                                       \
    }

FAST_FLOAT_KERNEL(k_float, float)
FAST_FLOAT_KERNEL(k_double, double)
FLOAT_KERNEL(k_long_double, long double, 16)

/* Complex numbers: real part at 0, imaginary part at half the stride S. */
#define COMPLEX_KERNEL(name, R, S)                                      \
    static void name(int op, const char *a, char *b, size_t n)          \
    {                                                                   \
        for (size_t i = 0; i < n; i++) {                                \
            R xr, xi, yr, yi;                                           \
            memcpy(&xr, a + i * (S), sizeof xr);                        \
            memcpy(&xi, a + i * (S) + (S) / 2, sizeof xi);              \
            memcpy(&yr, b + i * (S), sizeof yr);                        \
            memcpy(&yi, b + i * (S) + (S) / 2, sizeof yi);              \
            if (op == OP_SUM) {                                         \
                yr += xr;                                               \
                yi += xi;                                               \
            } else {                                                    \
                R re = yr * xr - yi * xi;                               \
                yi = yr * xi + yi * xr;                                 \
                yr = re;                                                \
            }                                                           \
            memcpy(b + i * (S), &yr, sizeof yr);                        \
            memcpy(b + i * (S) + (S) / 2, &yi, sizeof yi);              \
        }                                                               \
    }

COMPLEX_KERNEL(k_float_complex, float, 8)
COMPLEX_KERNEL(k_double_complex, double, 16)
COMPLEX_KERNEL(k_long_double_complex, long double, 32)

/* (value, index) pairs of extent S, the int index at S/2. MAXLOC keeps the
 * larger value, MINLOC the smaller; on equal values the lower index. */
#define PAIR_KERNEL(name, V, S)                                         \
    static void name(int op, const char *a, char *b, size_t n)          \
    {                                                                   \
        for (size_t i = 0; i < n; i++) {                                \
            V xv, yv;                                                   \
            int xi, yi;                                                 \
            memcpy(&xv, a + i * (S), sizeof xv);                        \
            memcpy(&xi, a + i * (S) + (S) / 2, sizeof xi);              \
            memcpy(&yv, b + i * (S), sizeof yv);                        \
            memcpy(&yi, b + i * (S) + (S) / 2, sizeof yi);              \
            int in_wins = op == OP_MAXLOC ? xv > yv : xv < yv;          \
            if (in_wins) {                                              \
                memcpy(b + i * (S), &xv, sizeof xv);                    \
                memcpy(b + i * (S) + (S) / 2, &xi, sizeof xi);          \
            } else if (xv == yv && xi < yi) {                           \
                memcpy(b + i * (S) + (S) / 2, &xi, sizeof xi);          \
            }                                                           \
        }                                                               \
    }

PAIR_KERNEL(k_float_int, float, 8)
PAIR_KERNEL(k_double_int, double, 16)
PAIR_KERNEL(k_long_int, int32_t, 8)
PAIR_KERNEL(k_2int, int32_t, 8)
PAIR_KERNEL(k_short_int, int16_t, 8)
PAIR_KERNEL(k_long_double_int, long double, 32)

/* A predefined type's extent, from its handle (0x4c00SSNN): a pair's padding included. */
static unsigned builtin_extent(MPI_Datatype type) { return ((unsigned)type >> 8) & 0xffu; }

typedef struct builtin_type {
    MPI_Datatype handle;
    const char *name;
    unsigned group;
    kernel_fn *kernel;
} builtin_type;

#define T(handle, group, kernel) [(handle) & 0xff] = { handle, #handle, group, kernel }
static const builtin_type types[WMPI_NUM_BUILTIN_TYPES] = {
    T(MPI_CHAR, OTHER, NULL),
    T(MPI_SIGNED_CHAR, C_INTEGER, k_i8),
    T(MPI_UNSIGNED_CHAR, C_INTEGER, k_u8),
    T(MPI_BYTE, BYTE, k_u8),
    T(MPI_WCHAR, OTHER, NULL),
    T(MPI_SHORT, C_INTEGER, k_i16),
    T(MPI_UNSIGNED_SHORT, C_INTEGER, k_u16),
    T(MPI_INT, C_INTEGER, k_i32),
    T(MPI_UNSIGNED, C_INTEGER, k_u32),
    T(MPI_LONG, C_INTEGER, k_i32),
    T(MPI_UNSIGNED_LONG, C_INTEGER, k_u32),
    T(MPI_LONG_LONG, C_INTEGER, k_i64),
    T(MPI_UNSIGNED_LONG_LONG, C_INTEGER, k_u64),
    T(MPI_FLOAT, FLOATING, k_float),
    T(MPI_DOUBLE, FLOATING, k_double),
    T(MPI_LONG_DOUBLE, FLOATING, k_long_double),
    T(MPI_PACKED, OTHER, NULL),
    T(MPI_C_BOOL, LOGICAL, k_u8),
    T(MPI_INT8_T, C_INTEGER, k_i8),
    T(MPI_INT16_T, C_INTEGER, k_i16),
    T(MPI_INT32_T, C_INTEGER, k_i32),
    T(MPI_INT64_T, C_INTEGER, k_i64),
    T(MPI_UINT8_T, C_INTEGER, k_u8),
    T(MPI_UINT16_T, C_INTEGER, k_u16),
    T(MPI_UINT32_T, C_INTEGER, k_u32),
    T(MPI_UINT64_T, C_INTEGER, k_u64),
    T(MPI_AINT, MULTI_LANGUAGE, k_i32),
    T(MPI_OFFSET, MULTI_LANGUAGE, k_i64),
    T(MPI_COUNT, MULTI_LANGUAGE, k_i64),
    T(MPI_C_FLOAT_COMPLEX, COMPLEX, k_float_complex),
    T(MPI_C_DOUBLE_COMPLEX, COMPLEX, k_double_complex),
    T(MPI_C_LONG_DOUBLE_COMPLEX, COMPLEX, k_long_double_complex),
    T(MPI_FLOAT_INT, PAIR, k_float_int),
    T(MPI_DOUBLE_INT, PAIR, k_double_int),
    T(MPI_LONG_INT, PAIR, k_long_int),
    T(MPI_2INT, PAIR, k_2int),
    T(MPI_SHORT_INT, PAIR, k_short_int),
    T(MPI_LONG_DOUBLE_INT, PAIR, k_long_double_int),
};
#undef T

/* The entry of a predefined datatype, or NULL for any other handle (derived ones included). */
static const builtin_type *builtin(MPI_Datatype type)
{
    unsigned index = (unsigned)type & 0xffu;
    if (index >= WMPI_NUM_BUILTIN_TYPES || types[index].name == NULL || types[index].handle != type)
        return NULL;
    return &types[index];
}

int MPIR_Op_builtin_index(MPI_Op op)
{
    if (!HANDLE_IS_BUILTIN(op) || HANDLE_KIND(op) != WMPI_KIND_OP)
        return 0;
    unsigned index = HANDLE_INDEX(op);
    return index >= OP_MAX && index < OP_COUNT ? (int)index : 0;
}

int MPIR_Op_builtin_applies(MPI_Op op, MPI_Datatype basic)
{
    int index = MPIR_Op_builtin_index(op);
    const builtin_type *t = builtin(basic);
    return index && t && (op_groups[index] & t->group);
}

void MPIR_Op_builtin_apply(MPI_Op op, MPI_Datatype basic, const void *in, void *inout, size_t n)
{
    int index = MPIR_Op_builtin_index(op);
    if (index == OP_NO_OP || n == 0)
        return;
    if (index == OP_REPLACE) {
        memmove(inout, in, n * builtin_extent(basic));
        return;
    }
    builtin(basic)->kernel(index, in, inout, n);
}

const char *MPIR_Builtin_type_name(MPI_Datatype type)
{
    const builtin_type *t = builtin(type);
    return t ? t->name : NULL;
}
