/* Derived datatypes on one rank (MPI-4.0 chapter 5): every constructor
 * against a layout computed by hand (size, lb, extent, true extent, the
 * packed bytes), pack/unpack round trips, external32 byte order, the
 * envelope and contents, Get_elements / Get_count, and bad arguments. */
#include "mtest.h"
#include "datatype.h" /* white box: MPIR_Typerep_pack in segments, MPIR_Dtype_live_count */
#include "datatype.h" /* white box: MPIR_Dtype_live_count */
#include <string.h>

static MPI_Datatype commit(MPI_Datatype t)
{
    MPI_Type_commit(&t);
    return t;
}

/* Checks the bounds and that packing one element of t from an int (or double)
 * array whose element i holds i gives the indices `want`. */
static void check_layout(const char *what, MPI_Datatype t, long size, long lb, long extent, long tlb, long text,
                         int nwant, const int *want, int use_double)
{
    int s;
    MPI_Aint l, e, tl, te;
    MPI_Type_size(t, &s);
    MPI_Type_get_extent(t, &l, &e);
    MPI_Type_get_true_extent(t, &tl, &te);
    CHECK(s == size && l == lb && e == extent && tl == tlb && te == text,
          "%s: size %d lb %ld extent %ld true lb %ld true extent %ld; want %ld %ld %ld %ld %ld", what, s, (long)l,
          (long)e, (long)tl, (long)te, size, lb, extent, tlb, text);
    union {
        int i[256];
        double d[128];
    } src, back;
    for (int i = 0; i < 128; i++) {
        if (use_double)
            src.d[i] = i;
        else
            src.i[i] = i;
    }
    char packed[512];
    int pos = 0;
    char *origin = (char *)&src + 128; /* room for negative displacements */
    int rc = MPI_Pack(origin, 1, t, packed, sizeof packed, &pos, MPI_COMM_WORLD);
    CHECK(rc == MPI_SUCCESS && pos == size, "%s: Pack rc %d position %d", what, rc, pos);
    for (int k = 0; k < nwant; k++) {
        double got;
        if (use_double)
            memcpy(&got, packed + 8 * k, 8);
        else {
            int gi;
            memcpy(&gi, packed + 4 * k, 4);
            got = gi;
        }
        int want_k = want[k] + (use_double ? 16 : 32); /* origin is 128 bytes in */
        CHECK(got == want_k, "%s: packed item %d is %g, want %d", what, k, got, want_k);
    }
    /* unpacking into a cleared array puts back exactly those items */
    memset(&back, 0xff, sizeof back);
    pos = 0;
    rc = MPI_Unpack(packed, (int)size, &pos, (char *)&back + 128, 1, t, MPI_COMM_WORLD);
    CHECK(rc == MPI_SUCCESS && pos == size, "%s: Unpack rc %d position %d", what, rc, pos);
    for (int k = 0; k < nwant; k++) {
        int idx = want[k] + (use_double ? 16 : 32);
        CHECK(use_double ? back.d[idx] == src.d[idx] : back.i[idx] == src.i[idx], "%s: unpacked item %d", what, k);
    }
}

static void constructors(void)
{
    MPI_Datatype t;
    int w_contig[] = {0, 1, 2};
    MPI_Type_contiguous(3, MPI_INT, &t);
    check_layout("contiguous", commit(t), 12, 0, 12, 0, 12, 3, w_contig, 0);
    MPI_Type_free(&t);

    int w_vec[] = {0, 1, 4, 5, 8, 9};
    MPI_Type_vector(3, 2, 4, MPI_DOUBLE, &t);
    check_layout("vector", commit(t), 48, 0, 80, 0, 80, 6, w_vec, 1);
    MPI_Type_free(&t);

    int w_hvec[] = {0, -4};
    MPI_Type_create_hvector(2, 1, -16, MPI_INT, &t);
    check_layout("hvector with a negative stride", commit(t), 8, -16, 20, -16, 20, 2, w_hvec, 0);
    MPI_Type_free(&t);

    int bls[] = {1, 2, 1}, disps[] = {4, 0, 7}, w_idx[] = {4, 0, 1, 7};
    MPI_Type_indexed(3, bls, disps, MPI_INT, &t);
    check_layout("indexed", commit(t), 16, 0, 32, 0, 32, 4, w_idx, 0);
    MPI_Type_free(&t);

    int hbls[] = {2, 1};
    MPI_Aint hdisps[] = {8, 0};
    int w_hidx[] = {2, 3, 0};
    MPI_Type_create_hindexed(2, hbls, hdisps, MPI_INT, &t);
    check_layout("hindexed", commit(t), 12, 0, 16, 0, 16, 3, w_hidx, 0);
    MPI_Type_free(&t);

    int bdisps[] = {0, 5, 10}, w_blk[] = {0, 1, 5, 6, 10, 11};
    MPI_Type_create_indexed_block(3, 2, bdisps, MPI_INT, &t);
    check_layout("indexed_block", commit(t), 24, 0, 48, 0, 48, 6, w_blk, 0);
    MPI_Type_free(&t);

    MPI_Aint hbdisps[] = {16, 0};
    int w_hblk[] = {2, 0};
    MPI_Type_create_hindexed_block(2, 1, hbdisps, MPI_DOUBLE, &t);
    check_layout("hindexed_block", commit(t), 16, 0, 24, 0, 24, 2, w_hblk, 1);
    MPI_Type_free(&t);

    /* struct {int a; double b; int c;} with the alignment epsilon: ub 20 rounds up to 24 */
    int sbls[] = {1, 1, 1};
    MPI_Aint sdisps[] = {0, 8, 16};
    MPI_Datatype stypes[] = {MPI_INT, MPI_DOUBLE, MPI_INT};
    MPI_Type_create_struct(3, sbls, sdisps, stypes, &t);
    check_layout("struct", commit(t), 16, 0, 24, 0, 20, 0, NULL, 0);
    MPI_Type_free(&t);

    int sizes[] = {4, 5}, subsizes[] = {2, 3}, starts[] = {1, 2};
    int w_subc[] = {7, 8, 9, 12, 13, 14}, w_subf[] = {9, 10, 13, 14, 17, 18};
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_INT, &t);
    check_layout("subarray C", commit(t), 24, 0, 80, 28, 32, 6, w_subc, 0);
    MPI_Type_free(&t);
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_FORTRAN, MPI_INT, &t);
    check_layout("subarray Fortran", commit(t), 24, 0, 80, 36, 40, 6, w_subf, 0);
    MPI_Type_free(&t);

    /* 4 x 6 ints over a 2 x 2 grid: rows in blocks of 2, columns cyclic by 2 */
    int gsizes[] = {4, 6}, distribs[] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC};
    int dargs[] = {MPI_DISTRIBUTE_DFLT_DARG, 2}, psizes[] = {2, 2};
    int w_d3[] = {14, 15, 20, 21}, w_d1[] = {2, 3, 8, 9}, w_d0[] = {0, 1, 4, 5, 6, 7, 10, 11};
    MPI_Type_create_darray(4, 3, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_INT, &t);
    check_layout("darray rank 3", commit(t), 16, 0, 96, 56, 32, 4, w_d3, 0);
    MPI_Type_free(&t);
    MPI_Type_create_darray(4, 1, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_INT, &t);
    check_layout("darray rank 1", commit(t), 16, 0, 96, 8, 32, 4, w_d1, 0);
    MPI_Type_free(&t);
    MPI_Type_create_darray(4, 0, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_INT, &t);
    check_layout("darray rank 0", commit(t), 32, 0, 96, 0, 48, 8, w_d0, 0);
    MPI_Type_free(&t);
    int g1[] = {5}, dc[] = {MPI_DISTRIBUTE_CYCLIC}, dd[] = {MPI_DISTRIBUTE_DFLT_DARG}, p1[] = {2};
    int w_cyc[] = {1, 3};
    MPI_Type_create_darray(2, 1, 1, g1, dc, dd, p1, MPI_ORDER_FORTRAN, MPI_INT, &t);
    check_layout("darray cyclic", commit(t), 8, 0, 20, 4, 12, 2, w_cyc, 0);
    MPI_Type_free(&t);

    /* resized: extent 12 from lb -4; two of them are 12 bytes apart */
    MPI_Datatype r, two;
    MPI_Type_create_resized(MPI_INT, -4, 12, &r);
    MPI_Type_contiguous(2, r, &two);
    int w_res[] = {0, 3};
    check_layout("resized", commit(r), 4, -4, 12, 0, 4, 1, w_res, 0);
    check_layout("contiguous of resized", commit(two), 8, -4, 24, 0, 16, 2, w_res, 0);
    MPI_Type_free(&two);
    MPI_Type_free(&r);
    /* a negative extent: each copy goes before the previous one */
    MPI_Type_create_resized(MPI_INT, 0, -4, &r);
    MPI_Type_contiguous(3, r, &two);
    int w_neg[] = {0, -1, -2};
    check_layout("contiguous of a negative extent", commit(two), 12, -8, 4, -8, 12, 3, w_neg, 0);
    MPI_Type_free(&two);
    MPI_Type_free(&r);

    MPI_Type_vector(3, 2, 4, MPI_DOUBLE, &t);
    MPI_Datatype d;
    MPI_Type_dup(t, &d);
    check_layout("dup of vector", commit(d), 48, 0, 80, 0, 80, 6, w_vec, 1);
    MPI_Type_free(&t);
    MPI_Type_free(&d);

    /* the MAXLOC pair types carry C's padding */
    MPI_Aint lb, ext;
    int s;
    MPI_Type_size(MPI_DOUBLE_INT, &s);
    MPI_Type_get_extent(MPI_DOUBLE_INT, &lb, &ext);
    CHECK(s == 12 && ext == 16, "MPI_DOUBLE_INT: size %d extent %ld", s, (long)ext);
}

/* Vectors of vectors keep one period per level: the map must still be right. */
static void nested(void)
{
    MPI_Datatype inner, outer, two;
    MPI_Type_vector(2, 1, 3, MPI_INT, &inner);
    MPI_Type_vector(3, 2, 5, inner, &outer);
    int w_outer[] = {0, 3, 4, 7, 20, 23, 24, 27, 40, 43, 44, 47};
    check_layout("vector of vectors", commit(outer), 48, 0, 192, 0, 192, 12, w_outer, 0);
    MPI_Type_contiguous(2, outer, &two);
    int w_two[] = {0, 3, 4, 7, 20, 23, 24, 27, 40, 43, 44, 47, 48, 51, 52, 55};
    check_layout("contiguous of vectors of vectors", commit(two), 96, 0, 384, 0, 384, 16, w_two, 0);
    MPI_Type_free(&two);
    MPI_Type_free(&outer);
    MPI_Type_free(&inner);
    /* a vector whose blocks touch is one run: contiguous */
    MPI_Datatype dense;
    MPI_Type_vector(4, 2, 2, MPI_INT, &dense);
    MPI_Aint tlb;
    CHECK(MPIR_Typed_is_contig(commit(dense), &tlb) && tlb == 0, "vector with stride == blocklength is contiguous");
    MPI_Type_free(&dense);
}

/* Packing in segments of any size, across block, period and element
 * boundaries, gives the bytes of one whole pack; unpacking likewise. */
static void segments(void)
{
    MPI_Datatype in, types[5];
    MPI_Type_vector(3, 2, 4, MPI_DOUBLE, &types[0]);
    MPI_Type_vector(2, 1, 3, MPI_INT, &in);
    MPI_Type_vector(3, 2, 5, in, &types[1]);
    MPI_Type_create_hvector(3, 1, -12, MPI_SHORT, &types[2]);
    int bls[] = {1, 2};
    MPI_Aint disps[] = {0, 8};
    MPI_Datatype st[] = {MPI_CHAR, MPI_FLOAT};
    MPI_Type_create_struct(2, bls, disps, st, &types[3]);
    MPI_Type_create_resized(types[0], 0, 40, &types[4]);
    for (int i = 0; i < 5; i++) {
        MPI_Type_commit(&types[i]);
        MPIR_Dtype *t = MPIR_Dtype_get(types[i]);
        unsigned char src[4096], whole[1024], part[1024], back[4096];
        for (int k = 0; k < 4096; k++)
            src[k] = (unsigned char)(k * 7 + 3);
        const int count = 3;
        MPI_Count n = count * t->size;
        char *origin = (char *)src + 1024;
        MPIR_Typerep_pack(origin, t, 0, whole, n, 0);
        for (int seg = 1; seg <= 13; seg += 3) {
            for (MPI_Count at = 0; at < n; at += seg)
                MPIR_Typerep_pack(origin, t, at, part + at, n - at < seg ? n - at : seg, 0);
            CHECK(memcmp(whole, part, (size_t)n) == 0, "type %d: packing in %d-byte segments differs", i, seg);
            memset(back, 0, sizeof back);
            for (MPI_Count at = 0; at < n; at += seg)
                MPIR_Typerep_unpack(whole + at, at, n - at < seg ? n - at : seg, back + 1024, t, 0);
            MPIR_Typerep_pack(back + 1024, t, 0, part, n, 0);
            CHECK(memcmp(whole, part, (size_t)n) == 0, "type %d: unpacking in %d-byte segments differs", i, seg);
        }
        /* elements counted from bytes and back */
        for (MPI_Count e = 0; e <= count * t->nelements; e++) {
            MPI_Count bytes = MPIR_Typerep_bytes_of_elements(t, e);
            CHECK(MPIR_Typerep_elements(t, bytes) == e, "type %d: %lld elements are %lld bytes, which count %lld", i,
                  (long long)e, (long long)bytes, (long long)MPIR_Typerep_elements(t, bytes));
        }
        MPI_Type_free(&types[i]);
    }
    MPI_Type_free(&in);
}

static void contents(void)
{
    MPI_Datatype inner, outer, st;
    MPI_Type_contiguous(2, MPI_INT, &inner);
    MPI_Type_vector(3, 1, 2, inner, &outer);
    int ni, na, nd, comb;
    MPI_Type_get_envelope(outer, &ni, &na, &nd, &comb);
    CHECK(ni == 3 && na == 0 && nd == 1 && comb == MPI_COMBINER_VECTOR, "vector envelope %d %d %d %d", ni, na, nd, comb);
    MPI_Type_free(&inner); /* outer keeps it */
    int ints[8];
    MPI_Aint aints[8];
    MPI_Datatype types[8];
    MPI_Type_get_contents(outer, 8, 8, 8, ints, aints, types);
    CHECK(ints[0] == 3 && ints[1] == 1 && ints[2] == 2, "vector contents %d %d %d", ints[0], ints[1], ints[2]);
    int s;
    int rc = MPI_Type_size(types[0], &s);
    CHECK(rc == MPI_SUCCESS && s == 8, "the returned inner type: rc %d size %d", rc, s);
    MPI_Type_get_envelope(types[0], &ni, &na, &nd, &comb);
    CHECK(comb == MPI_COMBINER_CONTIGUOUS && ni == 1, "inner envelope %d", comb);
    MPI_Datatype again = types[0];
    MPI_Type_free(&types[0]);
    rc = MPI_Type_size(again, &s);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    MPI_Type_free(&outer);

    int bls[] = {2, 1};
    MPI_Aint disps[] = {0, 16};
    MPI_Datatype tps[] = {MPI_DOUBLE, MPI_CHAR};
    MPI_Type_create_struct(2, bls, disps, tps, &st);
    MPI_Type_get_envelope(st, &ni, &na, &nd, &comb);
    CHECK(ni == 3 && na == 2 && nd == 2 && comb == MPI_COMBINER_STRUCT, "struct envelope %d %d %d %d", ni, na, nd, comb);
    MPI_Type_get_contents(st, 8, 8, 8, ints, aints, types);
    CHECK(ints[0] == 2 && ints[1] == 2 && ints[2] == 1 && aints[0] == 0 && aints[1] == 16 && types[0] == MPI_DOUBLE &&
              types[1] == MPI_CHAR,
          "struct contents");
    rc = MPI_Type_get_contents(st, 1, 8, 8, ints, aints, types);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    MPI_Type_free(&st);

    int sizes[] = {4, 5}, subsizes[] = {2, 3}, starts[] = {1, 2};
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_FORTRAN, MPI_FLOAT, &st);
    MPI_Type_get_envelope(st, &ni, &na, &nd, &comb);
    MPI_Type_get_contents(st, 8, 8, 8, ints, aints, types);
    CHECK(comb == MPI_COMBINER_SUBARRAY && ni == 8 && ints[0] == 2 && ints[3] == 2 && ints[6] == 2 &&
              ints[7] == MPI_ORDER_FORTRAN && types[0] == MPI_FLOAT,
          "subarray contents");
    MPI_Type_free(&st);

    MPI_Type_create_resized(MPI_INT, 4, 16, &st);
    MPI_Type_get_envelope(st, &ni, &na, &nd, &comb);
    MPI_Type_get_contents(st, 8, 8, 8, ints, aints, types);
    CHECK(comb == MPI_COMBINER_RESIZED && na == 2 && aints[0] == 4 && aints[1] == 16, "resized contents");
    MPI_Type_free(&st);

    MPI_Type_get_envelope(MPI_INT, &ni, &na, &nd, &comb);
    CHECK(comb == MPI_COMBINER_NAMED && ni == 0 && na == 0 && nd == 0, "named envelope");
    rc = MPI_Type_get_contents(MPI_INT, 8, 8, 8, ints, aints, types);
    CHECK_CLASS(rc, MPI_ERR_TYPE);

    char name[MPI_MAX_OBJECT_NAME];
    int len;
    MPI_Type_get_name(MPI_DOUBLE, name, &len);
    CHECK(strcmp(name, "MPI_DOUBLE") == 0 && len == 10, "name of MPI_DOUBLE: %s", name);
    MPI_Type_contiguous(1, MPI_INT, &st);
    MPI_Type_set_name(st, "one int");
    MPI_Type_get_name(st, name, &len);
    CHECK(strcmp(name, "one int") == 0 && len == 7, "name %s", name);
    MPI_Type_free(&st);
}

static void external32(void)
{
    int v[2] = {0x01020304, 0x05060708};
    unsigned char out[32];
    MPI_Aint pos = 0, size;
    MPI_Pack_external_size("external32", 2, MPI_INT, &size);
    CHECK(size == 8, "Pack_external_size %ld", (long)size);
    MPI_Pack_external("external32", v, 2, MPI_INT, out, sizeof out, &pos);
    static const unsigned char want[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK(pos == 8 && memcmp(out, want, 8) == 0, "external32 ints: %02x %02x %02x %02x", out[0], out[1], out[2], out[3]);
    double d = 1.0;
    pos = 0;
    MPI_Pack_external("external32", &d, 1, MPI_DOUBLE, out, sizeof out, &pos);
    CHECK(out[0] == 0x3f && out[1] == 0xf0 && out[7] == 0, "external32 double: %02x %02x", out[0], out[1]);
    float c[2] = {1.0f, -2.0f}, cb[2];
    pos = 0;
    MPI_Pack_external("external32", c, 1, MPI_C_FLOAT_COMPLEX, out, sizeof out, &pos);
    CHECK(out[0] == 0x3f && out[1] == 0x80 && out[4] == 0xc0 && out[5] == 0x00, "external32 complex: each part swaps");
    pos = 0;
    MPI_Unpack_external("external32", out, 8, &pos, cb, 1, MPI_C_FLOAT_COMPLEX);
    CHECK(cb[0] == 1.0f && cb[1] == -2.0f && pos == 8, "external32 complex round trip");
    /* a vector round trip through external32 */
    MPI_Datatype vec;
    MPI_Type_vector(2, 1, 2, MPI_SHORT, &vec);
    MPI_Type_commit(&vec);
    short s[3] = {0x0102, 0x7777, 0x0304}, sb[3] = {0, 0x5555, 0};
    pos = 0;
    MPI_Pack_external("external32", s, 1, vec, out, sizeof out, &pos);
    CHECK(pos == 4 && out[0] == 1 && out[1] == 2 && out[2] == 3 && out[3] == 4, "external32 vector of short");
    pos = 0;
    MPI_Unpack_external("external32", out, 4, &pos, sb, 1, vec);
    CHECK(sb[0] == 0x0102 && sb[1] == 0x5555 && sb[2] == 0x0304, "external32 vector round trip");
    int rc = MPI_Pack_external("native", s, 1, vec, out, sizeof out, &pos);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    MPI_Type_free(&vec);
}

static void elements(void)
{
    MPI_Datatype st;
    int bls[] = {1, 1};
    MPI_Aint disps[] = {0, 8};
    MPI_Datatype tps[] = {MPI_CHAR, MPI_DOUBLE};
    MPI_Type_create_struct(2, bls, disps, tps, &st);
    MPI_Type_commit(&st);
    MPI_Status status;
    int count, elems;
    MPI_Status_set_elements(&status, st, 3); /* one whole struct and a char: 9 + 1 bytes */
    MPI_Get_count(&status, st, &count);
    MPI_Get_elements(&status, st, &elems);
    CHECK(count == MPI_UNDEFINED && elems == 3, "3 elements: count %d elements %d", count, elems);
    MPI_Get_count(&status, MPI_CHAR, &count);
    CHECK(count == 10, "as chars: %d", count);
    MPI_Status_set_elements(&status, st, 4);
    MPI_Get_count(&status, st, &count);
    MPI_Get_elements(&status, st, &elems);
    CHECK(count == 2 && elems == 4, "4 elements: count %d elements %d", count, elems);
    MPI_Type_free(&st);
}

static void errors(void)
{
    MPI_Datatype t = MPI_DATATYPE_NULL, v;
    int rc = MPI_Type_contiguous(-1, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_COUNT);
    rc = MPI_Type_vector(2, -1, 2, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    int bls[] = {1, -2}, disps[] = {0, 4};
    rc = MPI_Type_indexed(2, bls, disps, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    rc = MPI_Type_contiguous(2, MPI_DATATYPE_NULL, &t);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    rc = MPI_Type_contiguous(2, (MPI_Datatype)0x4c00ff08, &t);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    int sizes[] = {4}, sub[] = {3}, bad_start[] = {2};
    rc = MPI_Type_create_subarray(1, sizes, sub, bad_start, MPI_ORDER_C, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    rc = MPI_Type_create_subarray(1, sizes, sub, bad_start, 3, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    int g[] = {4}, dist[] = {MPI_DISTRIBUTE_BLOCK}, darg[] = {MPI_DISTRIBUTE_DFLT_DARG}, ps[] = {3};
    rc = MPI_Type_create_darray(2, 0, 1, g, dist, darg, ps, MPI_ORDER_C, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    int small[] = {1};
    rc = MPI_Type_create_darray(3, 0, 1, g, dist, small, ps, MPI_ORDER_C, MPI_INT, &t);
    CHECK_CLASS(rc, MPI_ERR_ARG);
    MPI_Datatype predefined = MPI_INT;
    rc = MPI_Type_free(&predefined);
    CHECK_CLASS(rc, MPI_ERR_TYPE);

    /* uncommitted and freed types cannot move data */
    int buf[8] = {0};
    MPI_Type_vector(2, 1, 2, MPI_INT, &v);
    int pos = 0;
    char out[4];
    rc = MPI_Pack(buf, 1, v, out, sizeof out + 100, &pos, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    rc = MPI_Send(buf, 1, v, 0, 0, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    MPI_Type_commit(&v);
    rc = MPI_Pack(buf, 1, v, out, sizeof out, &pos, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
    pos = 0;
    rc = MPI_Unpack(out, 4, &pos, buf, 1, v, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
    rc = MPI_Pack(buf, -1, v, out, sizeof out, &pos, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_ERR_COUNT);
    MPI_Datatype freed = v;
    MPI_Type_free(&v);
    CHECK(v == MPI_DATATYPE_NULL, "Type_free left the handle");
    MPI_Request r;
    rc = MPI_Irecv(buf, 1, freed, 0, 0, MPI_COMM_WORLD, &r);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    int s;
    rc = MPI_Type_size(freed, &s);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    rc = MPI_Type_free(&freed);
    CHECK_CLASS(rc, MPI_ERR_TYPE);
    MPI_Datatype m;
    rc = MPI_Type_match_size(MPI_TYPECLASS_REAL, 8, &m);
    CHECK(rc == MPI_SUCCESS && m == MPI_DOUBLE, "match_size real 8");
    rc = MPI_Type_match_size(MPI_TYPECLASS_INTEGER, 3, &m);
    CHECK_CLASS(rc, MPI_ERR_ARG);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    constructors();
    nested();
    segments();
    contents();
    external32();
    elements();
    errors();
    CHECK(MPIR_Dtype_live_count() == 0, "%d derived datatypes left alive", MPIR_Dtype_live_count());
    return mtest_finalize();
}
