/* MPI_Accumulate with every predefined operation on the types the standard allows it on: every
 * rank accumulates into one slot per operation of every window (itself included) between fences;
 * the result must be the fold of the initial value with every rank's contribution, whatever the
 * order the ranks arrive in. Integers: SUM PROD MAX MIN LAND LOR LXOR BAND BOR BXOR REPLACE;
 * doubles: SUM PROD MAX MIN (several elements at once); pairs: MAXLOC MINLOC on MPI_2INT and
 * MPI_DOUBLE_INT; bytes: BAND BOR BXOR. (MPI_NO_OP belongs to the fetching calls: get_accumulate.c,
 * fetch_and_op.c.) */
#include <stddef.h>
#include "rmatest.h"

struct int_case {
    MPI_Op op;
    const char *name;
    int init;
};

/* What rank r contributes to the integer case k: values that keep PROD small and exercise both
 * outcomes of the logical operations. */
static int int_value(int k, int r, int size)
{
    switch (k) {
    case 1: return r + 2;                 /* PROD */
    case 2: case 3: return (r * 7) % 5 - 2; /* MAX, MIN */
    case 4: return r != size - 1 || size == 1; /* LAND */
    case 5: return r == size - 1 && size > 1;  /* LOR */
    case 6: return 1;                     /* LXOR */
    case 7: return ~(1 << r);             /* BAND */
    case 8: return 1 << r;                /* BOR */
    case 9: return 3 << r;                /* BXOR */
    default: return r + 1;                /* SUM */
    }
}

static int int_fold(int k, int a, int b)
{
    switch (k) {
    case 0: return a + b;
    case 1: return a * b;
    case 2: return a > b ? a : b;
    case 3: return a < b ? a : b;
    case 4: return a && b;
    case 5: return a || b;
    case 6: return !a != !b;
    case 7: return a & b;
    case 8: return a | b;
    default: return a ^ b;
    }
}

struct two_int { int v, loc; };
struct double_int { double v; int loc; };

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const struct int_case ic[] = {
        {MPI_SUM, "SUM", 10}, {MPI_PROD, "PROD", 1}, {MPI_MAX, "MAX", -9}, {MPI_MIN, "MIN", 9},
        {MPI_LAND, "LAND", 1}, {MPI_LOR, "LOR", 0}, {MPI_LXOR, "LXOR", 0}, {MPI_BAND, "BAND", 0xff},
        {MPI_BOR, "BOR", 0x100}, {MPI_BXOR, "BXOR", 0x0f},
    };
    enum { NI = sizeof ic / sizeof ic[0], REPLACE_SLOT = NI, ND = 4 };

    /* One window holds everything, each part at its own displacement (disp_unit 1). */
    struct layout {
        int ints[NI + 1];
        double dsum[ND], dprod, dmax, dmin;
        struct two_int maxloc, minloc;
        struct double_int dmaxloc, dminloc;
        unsigned char band, bor, bxor;
    } *w;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(sizeof *w, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &w, &win));
    for (int k = 0; k < NI; k++) w->ints[k] = ic[k].init;
    w->ints[REPLACE_SLOT] = -1;
    for (int i = 0; i < ND; i++) w->dsum[i] = i * 0.5;
    w->dprod = 1.5, w->dmax = -1e300, w->dmin = 1e300;
    w->maxloc = (struct two_int){-1, 99}, w->minloc = (struct two_int){1 << 30, 99};
    w->dmaxloc = (struct double_int){-1e300, 99}, w->dminloc = (struct double_int){1e300, 99};
    w->band = 0xff, w->bor = 0, w->bxor = 0x5a;
#define AT(field) ((MPI_Aint)offsetof(struct layout, field))

    int iv[NI];
    for (int k = 0; k < NI; k++) iv[k] = int_value(k, rank, size);
    int rv = 1000 + rank;
    double dv[ND] = {rank + 0.25, 2 * rank + 0.5, 1, -rank};
    double dp = rank % 2 ? 2.0 : 0.5, dx = rank * 1.5 - 3, dn = 7.0 - rank * 2.5;
    struct two_int mx = {rank % 2, rank}, mn = {rank / 2, rank};
    struct double_int dmx = {(rank % 3) * 0.5, rank}, dmn = {-(double)(rank % 2), rank};
    unsigned char ba = (unsigned char)~(1u << rank), bo = (unsigned char)(1u << rank), bx = (unsigned char)(0x11u << rank);

    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOPRECEDE, win));
    for (int t = 0; t < size; t++) {
        for (int k = 0; k < NI; k++)
            CHECK_MPI(MPI_Accumulate(&iv[k], 1, MPI_INT, t, AT(ints) + k * sizeof(int), 1, MPI_INT, ic[k].op, win));
        CHECK_MPI(MPI_Accumulate(&rv, 1, MPI_INT, t, AT(ints) + REPLACE_SLOT * sizeof(int), 1, MPI_INT, MPI_REPLACE, win));
        CHECK_MPI(MPI_Accumulate(dv, ND, MPI_DOUBLE, t, AT(dsum), ND, MPI_DOUBLE, MPI_SUM, win));
        CHECK_MPI(MPI_Accumulate(&dp, 1, MPI_DOUBLE, t, AT(dprod), 1, MPI_DOUBLE, MPI_PROD, win));
        CHECK_MPI(MPI_Accumulate(&dx, 1, MPI_DOUBLE, t, AT(dmax), 1, MPI_DOUBLE, MPI_MAX, win));
        CHECK_MPI(MPI_Accumulate(&dn, 1, MPI_DOUBLE, t, AT(dmin), 1, MPI_DOUBLE, MPI_MIN, win));
        CHECK_MPI(MPI_Accumulate(&mx, 1, MPI_2INT, t, AT(maxloc), 1, MPI_2INT, MPI_MAXLOC, win));
        CHECK_MPI(MPI_Accumulate(&mn, 1, MPI_2INT, t, AT(minloc), 1, MPI_2INT, MPI_MINLOC, win));
        CHECK_MPI(MPI_Accumulate(&dmx, 1, MPI_DOUBLE_INT, t, AT(dmaxloc), 1, MPI_DOUBLE_INT, MPI_MAXLOC, win));
        CHECK_MPI(MPI_Accumulate(&dmn, 1, MPI_DOUBLE_INT, t, AT(dminloc), 1, MPI_DOUBLE_INT, MPI_MINLOC, win));
        CHECK_MPI(MPI_Accumulate(&ba, 1, MPI_BYTE, t, AT(band), 1, MPI_BYTE, MPI_BAND, win));
        CHECK_MPI(MPI_Accumulate(&bo, 1, MPI_BYTE, t, AT(bor), 1, MPI_BYTE, MPI_BOR, win));
        CHECK_MPI(MPI_Accumulate(&bx, 1, MPI_BYTE, t, AT(bxor), 1, MPI_BYTE, MPI_BXOR, win));
    }
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));

    for (int k = 0; k < NI; k++) {
        int expect = ic[k].init;
        for (int r = 0; r < size; r++) expect = int_fold(k, expect, int_value(k, r, size));
        CHECK(w->ints[k] == expect, "MPI_%s on int: %d, expected %d", ic[k].name, w->ints[k], expect);
    }
    /* Concurrent REPLACEs each replace the whole element: one of them wins. */
    CHECK(w->ints[REPLACE_SLOT] >= 1000 && w->ints[REPLACE_SLOT] < 1000 + size, "MPI_REPLACE left %d",
          w->ints[REPLACE_SLOT]);
    double esum[ND] = {0, 0.5, 1, 1.5}, eprod = 1.5, emax = -1e300, emin = 1e300;
    struct two_int emx = {-1, 99}, emn = {1 << 30, 99};
    struct double_int edmx = {-1e300, 99}, edmn = {1e300, 99};
    unsigned char eba = 0xff, ebo = 0, ebx = 0x5a;
    for (int r = 0; r < size; r++) {
        esum[0] += r + 0.25, esum[1] += 2 * r + 0.5, esum[2] += 1, esum[3] -= r;
        eprod *= r % 2 ? 2.0 : 0.5;
        if (r * 1.5 - 3 > emax) emax = r * 1.5 - 3;
        if (7.0 - r * 2.5 < emin) emin = 7.0 - r * 2.5;
        /* MAXLOC/MINLOC keep the smaller index on ties; ranks arrive in any order. */
        if (r % 2 > emx.v || (r % 2 == emx.v && r < emx.loc)) emx = (struct two_int){r % 2, r};
        if (r / 2 < emn.v || (r / 2 == emn.v && r < emn.loc)) emn = (struct two_int){r / 2, r};
        double a = (r % 3) * 0.5, b = -(double)(r % 2);
        if (a > edmx.v || (a == edmx.v && r < edmx.loc)) edmx = (struct double_int){a, r};
        if (b < edmn.v || (b == edmn.v && r < edmn.loc)) edmn = (struct double_int){b, r};
        eba &= (unsigned char)~(1u << r), ebo |= (unsigned char)(1u << r), ebx ^= (unsigned char)(0x11u << r);
    }
    for (int i = 0; i < ND; i++) CHECK(w->dsum[i] == esum[i], "MPI_SUM on double [%d]: %g, expected %g", i, w->dsum[i], esum[i]);
    CHECK(w->dprod == eprod, "MPI_PROD on double: %g, expected %g", w->dprod, eprod);
    CHECK(w->dmax == emax, "MPI_MAX on double: %g, expected %g", w->dmax, emax);
    CHECK(w->dmin == emin, "MPI_MIN on double: %g, expected %g", w->dmin, emin);
    CHECK(w->maxloc.v == emx.v && w->maxloc.loc == emx.loc, "MPI_MAXLOC on 2INT: (%d, %d), expected (%d, %d)",
          w->maxloc.v, w->maxloc.loc, emx.v, emx.loc);
    CHECK(w->minloc.v == emn.v && w->minloc.loc == emn.loc, "MPI_MINLOC on 2INT: (%d, %d), expected (%d, %d)",
          w->minloc.v, w->minloc.loc, emn.v, emn.loc);
    CHECK(w->dmaxloc.v == edmx.v && w->dmaxloc.loc == edmx.loc, "MPI_MAXLOC on DOUBLE_INT: (%g, %d), expected (%g, %d)",
          w->dmaxloc.v, w->dmaxloc.loc, edmx.v, edmx.loc);
    CHECK(w->dminloc.v == edmn.v && w->dminloc.loc == edmn.loc, "MPI_MINLOC on DOUBLE_INT: (%g, %d), expected (%g, %d)",
          w->dminloc.v, w->dminloc.loc, edmn.v, edmn.loc);
    CHECK(w->band == eba && w->bor == ebo && w->bxor == ebx, "BAND/BOR/BXOR on bytes: %#x %#x %#x, expected %#x %#x %#x",
          w->band, w->bor, w->bxor, eba, ebo, ebx);
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
