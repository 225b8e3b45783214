/* MAXLOC / MINLOC on gapped vectors of every pair type, whose elements go
 * through pack and unpack: the pair's int must sit where C puts it (MPI_SHORT_INT:
 * at offset 4, after the short's padding), so indexes past 16 bits and negative
 * ones come out whole. Layouts are wasm32's, built by hand: value at 0, int at
 * half the pair's extent. */
#include "mtest.h"
#include <string.h>

static void put(char *p, MPI_Datatype t, int extent, double v, int index)
{
    memset(p, 0x7f, (size_t)extent); /* padding: garbage */
    if (t == MPI_FLOAT_INT) {
        float f = (float)v;
        memcpy(p, &f, sizeof f);
    } else if (t == MPI_DOUBLE_INT) {
        memcpy(p, &v, sizeof v);
    } else if (t == MPI_SHORT_INT) {
        short s = (short)v;
        memcpy(p, &s, sizeof s);
    } else if (t == MPI_LONG_DOUBLE_INT) {
        long double l = v;
        memcpy(p, &l, sizeof l);
    } else {
        int i = (int)v;
        memcpy(p, &i, sizeof i);
    }
    memcpy(p + extent / 2, &index, sizeof index);
}

static int index_at(const char *p, int extent)
{
    int i;
    memcpy(&i, p + extent / 2, sizeof i);
    return i;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Datatype pairs[] = {MPI_FLOAT_INT, MPI_DOUBLE_INT, MPI_LONG_INT, MPI_2INT, MPI_SHORT_INT, MPI_LONG_DOUBLE_INT};
    for (int k = 0; k < (int)(sizeof pairs / sizeof pairs[0]); k++) {
        MPI_Datatype t = pairs[k], vec;
        MPI_Aint lb, extent;
        MPI_Type_get_extent(t, &lb, &extent);
        char in[4 * 32], inout[4 * 32];
        /* elements 0 and 2 are the vector's; 1 and 3 are gaps */
        put(in, t, extent, 5, 70000);
        put(in + 2 * extent, t, extent, 9, -3);
        put(inout, t, extent, 5, 80000);
        put(inout + 2 * extent, t, extent, 1, -70000);
        put(inout + extent, t, extent, 0, 11);
        MPI_Type_vector(2, 1, 2, t, &vec);
        MPI_Type_commit(&vec);
        CHECK_CLASS(MPI_Reduce_local(in, inout, 1, vec, MPI_MAXLOC), MPI_SUCCESS);
        CHECK(index_at(inout, extent) == 70000 && index_at(inout + 2 * extent, extent) == -3,
              "pair type %d: indexes %d %d, want 70000 -3", k, index_at(inout, extent), index_at(inout + 2 * extent, extent));
        CHECK(index_at(inout + extent, extent) == 11, "pair type %d: the gap changed", k);
        MPI_Type_free(&vec);
    }
    return mtest_finalize();
}
