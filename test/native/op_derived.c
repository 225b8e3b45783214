/* Reduction ops on derived datatypes made of one predefined type (MPI-4.0
 * 6.9.2: an op applies element-wise to the predefined elements): dense layouts
 * in place (contiguous, an indexed type starting past its buffer's start),
 * gapped ones (vectors) without touching the gaps, pairs for MAXLOC, a type
 * of several predefined types refused with MPI_ERR_OP, MPI_REPLACE for
 * accumulate, and a user op handed the derived type itself. */
#include "mtest.h"
#include <string.h>

static MPI_Datatype committed(MPI_Datatype t)
{
    MPI_Type_commit(&t);
    return t;
}

static int user_len;
static MPI_Datatype user_type;
static void count_calls(void *in, void *inout, int *len, MPI_Datatype *type)
{
    (void)in, (void)inout;
    user_len = *len;
    user_type = *type;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Datatype t;

    /* contiguous: two elements of 3 ints */
    t = MPI_DATATYPE_NULL;
    MPI_Type_contiguous(3, MPI_INT, &t);
    t = committed(t);
    int a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {10, 20, 30, 40, 50, 60};
    CHECK_CLASS(MPI_Reduce_local(a, b, 2, t, MPI_SUM), MPI_SUCCESS);
    for (int i = 0; i < 6; i++)
        CHECK(b[i] == 11 * (i + 1), "contiguous sum [%d] = %d", i, b[i]);
    MPI_Type_free(&t);

    /* vector: every other double; the gaps stay as they were */
    MPI_Type_vector(3, 1, 2, MPI_DOUBLE, &t);
    t = committed(t);
    double x[5] = {1, -1, 2, -1, 3}, y[5] = {4, 99, 5, 99, 6};
    CHECK_CLASS(MPI_Reduce_local(x, y, 1, t, MPI_PROD), MPI_SUCCESS);
    CHECK(y[0] == 4 && y[1] == 99 && y[2] == 10 && y[3] == 99 && y[4] == 18, "vector prod %g %g %g %g %g", y[0],
          y[1], y[2], y[3], y[4]);
    CHECK_CLASS(MPIR_Reduce_local_impl(x, y, 1, t, MPI_REPLACE), MPI_SUCCESS);
    CHECK(y[0] == 1 && y[1] == 99 && y[2] == 2 && y[3] == 99 && y[4] == 3, "vector replace %g %g %g %g %g", y[0],
          y[1], y[2], y[3], y[4]);
    MPI_Type_free(&t);

    /* an indexed type whose data starts 4 bytes in: 2 ints at displacement 1 */
    int bl = 2, disp = 1;
    MPI_Type_indexed(1, &bl, &disp, MPI_INT, &t);
    t = committed(t);
    int c[5] = {7, 1, 2, 3, 4}, d[5] = {70, 10, 20, 30, 40};
    CHECK_CLASS(MPI_Reduce_local(c, d, 2, t, MPI_MAX), MPI_SUCCESS);
    CHECK(d[0] == 70 && d[1] == 10 && d[2] == 20 && d[3] == 30 && d[4] == 40, "indexed max %d %d %d %d %d", d[0],
          d[1], d[2], d[3], d[4]);
    CHECK_CLASS(MPI_Reduce_local(d, c, 2, t, MPI_MIN), MPI_SUCCESS);
    CHECK(c[0] == 7 && c[1] == 1 && c[4] == 4, "indexed min %d %d %d", c[0], c[1], c[4]);
    MPI_Type_free(&t);

    /* pairs: a vector of MPI_2INT with a gap, MAXLOC with a tie */
    MPI_Type_vector(2, 1, 2, MPI_2INT, &t);
    t = committed(t);
    int p[8] = {5, 3, -1, -1, 7, 9, -1, -1}, q[8] = {5, 1, 0, 0, 8, 2, 0, 0};
    CHECK_CLASS(MPI_Reduce_local(p, q, 1, t, MPI_MAXLOC), MPI_SUCCESS);
    CHECK(q[0] == 5 && q[1] == 1 && q[2] == 0 && q[4] == 8 && q[5] == 2, "pair maxloc (%d,%d) (%d,%d)", q[0], q[1],
          q[4], q[5]);
    CHECK_CLASS(MPI_Reduce_local(p, q, 1, t, MPI_SUM), MPI_ERR_OP);
    MPI_Type_free(&t);

    /* a type of an int and a double: no predefined op applies */
    int bls[2] = {1, 1};
    MPI_Aint disps[2] = {0, 8};
    MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE};
    MPI_Type_create_struct(2, bls, disps, types, &t);
    t = committed(t);
    char raw1[32] = {0}, raw2[32] = {0};
    CHECK_CLASS(MPI_Reduce_local(raw1, raw2, 1, t, MPI_SUM), MPI_ERR_OP);
    const char *msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_SUM") && strstr(msg, "several predefined types"), "message \"%s\"", msg);
    /* but a user op takes it, and sees the derived type */
    MPI_Op op;
    MPI_Op_create(count_calls, 1, &op);
    CHECK_CLASS(MPI_Reduce_local(raw1, raw2, 1, t, op), MPI_SUCCESS);
    CHECK(user_len == 1 && user_type == t, "user op got len %d type 0x%x", user_len, (unsigned)user_type);
    MPI_Op_free(&op);
    MPI_Type_free(&t);

    /* chars are no integers, in a derived type either */
    MPI_Type_contiguous(4, MPI_CHAR, &t);
    t = committed(t);
    CHECK_CLASS(MPI_Reduce_local(raw1, raw2, 1, t, MPI_BOR), MPI_ERR_OP);
    msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_BOR") && strstr(msg, "of MPI_CHAR"), "message \"%s\"", msg);
    MPI_Type_free(&t);

    return mtest_finalize();
}
