/* User-defined ops (MPI-4.0 6.9.5) and the argument checks of the op calls:
 * C functions with int and MPI_Count lengths, commutative or not (in comes
 * first: inout = in op inout); JS functions through the host's op_call (the
 * fake host plays them with C functions), one that throws; Op_free of
 * predefined, invalid and freed ops; a freed op stays usable while an
 * operation holds a reference, and the host hears op_release only after
 * the last one; a stale handle is refused once its slot serves another op;
 * MPI_Reduce_local's errors. */
#include "mtest.h"
#include <string.h>

static int calls, last_len;
static MPI_Datatype last_type;

/* inout = in * 10 + inout: the digits show the order. */
static void append_digit(void *in, void *inout, int *len, MPI_Datatype *type)
{
    calls++;
    last_len = *len;
    last_type = *type;
    for (int i = 0; i < *len; i++)
        ((int *)inout)[i] = ((int *)in)[i] * 10 + ((int *)inout)[i];
}

static void add_large(void *in, void *inout, MPI_Count *len, MPI_Datatype *type)
{
    calls++;
    last_len = (int)*len;
    last_type = *type;
    for (MPI_Count i = 0; i < *len; i++)
        ((short *)inout)[i] += ((short *)in)[i];
}

static double js_last_count;
static int js_last_type;

static int js_max_of_doubles(const void *in, void *inout, double count, int datatype)
{
    calls++;
    js_last_count = count;
    js_last_type = datatype;
    for (int i = 0; i < (int)count; i++) {
        double a = ((const double *)in)[i], *b = &((double *)inout)[i];
        if (a > *b)
            *b = a;
    }
    return 0;
}

static int js_throws(const void *in, void *inout, double count, int datatype)
{
    (void)in, (void)inout, (void)count, (void)datatype;
    calls++;
    return 1;
}

static void c_ops(void)
{
    MPI_Op op;
    int commute = -1;
    CHECK_CLASS(MPI_Op_create(append_digit, 0, &op), MPI_SUCCESS);
    CHECK(HANDLE_KIND(op) == WMPI_KIND_OP && HANDLE_IS_DYNAMIC(op), "user op handle 0x%x", (unsigned)op);
    MPI_Op_commutative(op, &commute);
    CHECK(commute == 0, "non-commutative op says %d", commute);
    int in[3] = {1, 2, 3}, inout[3] = {4, 5, 6};
    calls = 0;
    CHECK_CLASS(MPI_Reduce_local(in, inout, 3, MPI_INT, op), MPI_SUCCESS);
    CHECK(inout[0] == 14 && inout[1] == 25 && inout[2] == 36, "in op inout: %d %d %d", inout[0], inout[1], inout[2]);
    CHECK(calls == 1 && last_len == 3 && last_type == MPI_INT, "%d calls, len %d, type 0x%x", calls, last_len,
          (unsigned)last_type);
    /* a user op takes any datatype, even ones no predefined op takes */
    CHECK_CLASS(MPIR_Op_check("MPI_Allreduce", NULL, op, MPI_CHAR), MPI_SUCCESS);
    CHECK_CLASS(MPI_Reduce_local(in, inout, 0, MPI_2INT, op), MPI_SUCCESS);
    CHECK(calls == 1, "a zero count called the function");
    CHECK_CLASS(MPI_Op_free(&op), MPI_SUCCESS);
    CHECK(op == MPI_OP_NULL, "Op_free left 0x%x", (unsigned)op);

    CHECK_CLASS(MPI_Op_create_c(add_large, 1, &op), MPI_SUCCESS);
    MPI_Op_commutative(op, &commute);
    CHECK(commute == 1, "commutative op says %d", commute);
    CHECK(MPIR_Op_is_commutative(op) == 1 && MPIR_Op_is_commutative(MPI_SUM) == 1, "MPIR_Op_is_commutative");
    short s_in[2] = {1, 2}, s_inout[2] = {30000, 7};
    calls = 0;
    CHECK_CLASS(MPI_Reduce_local_c(s_in, s_inout, 2, MPI_SHORT, op), MPI_SUCCESS);
    CHECK(calls == 1 && last_len == 2 && last_type == MPI_SHORT && s_inout[0] == 30001 && s_inout[1] == 9,
          "large-count op: %d calls, %d %d", calls, s_inout[0], s_inout[1]);
    MPI_Op_free(&op);
}

static void js_ops(void)
{
    MPI_Op op, held;
    fake_host_register_op(7, js_max_of_doubles);
    CHECK_CLASS(MPIR_Op_create_js(7, 1, &op), MPI_SUCCESS);
    double in[4] = {1, 9, -2, 4}, inout[4] = {3, 3, 3, 3};
    calls = 0;
    CHECK_CLASS(MPI_Reduce_local(in, inout, 4, MPI_DOUBLE, op), MPI_SUCCESS);
    CHECK(calls == 1 && js_last_count == 4 && js_last_type == MPI_DOUBLE, "op_call: %d calls, count %g, type 0x%x",
          calls, js_last_count, (unsigned)js_last_type);
    CHECK(inout[0] == 3 && inout[1] == 9 && inout[2] == 3 && inout[3] == 4, "JS max: %g %g %g %g", inout[0], inout[1],
          inout[2], inout[3]);

    /* an operation under way holds a reference: the op outlives MPI_Op_free */
    held = op;
    MPIR_Op_ref(held);
    CHECK_CLASS(MPI_Op_free(&op), MPI_SUCCESS);
    CHECK(!fake_host_op_released(7), "op_release while a reference is held");
    in[0] = 100;
    CHECK_CLASS(MPIR_Reduce_local_impl(in, inout, 4, MPI_DOUBLE, held), MPI_SUCCESS);
    CHECK(inout[0] == 100, "held op not applied: %g", inout[0]);
    MPIR_Op_release(held);
    CHECK(fake_host_op_released(7), "no op_release after the last reference");
    CHECK_CLASS(MPI_Reduce_local(in, inout, 4, MPI_DOUBLE, held), MPI_ERR_OP);
    CHECK_CLASS(MPI_Op_free(&held), MPI_ERR_OP);

    fake_host_register_op(8, js_throws);
    CHECK_CLASS(MPIR_Op_create_js(8, 0, &op), MPI_SUCCESS);
    CHECK(MPIR_Op_is_commutative(op) == 0, "JS op commute flag lost");
    CHECK_CLASS(MPI_Reduce_local(in, inout, 4, MPI_DOUBLE, op), MPI_ERR_OTHER);
    const char *msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_Reduce_local") && strstr(msg, "threw"), "message \"%s\"", msg);
    MPI_Op_free(&op);
    CHECK(fake_host_op_released(8), "no op_release after MPI_Op_free");
}

/* A freed op's slot serves the next op under a new generation: the old handle is refused. */
static void stale_handles(void)
{
    MPI_Op first, second, stale;
    MPI_Op_create(append_digit, 0, &first);
    stale = first;
    MPI_Op_free(&first);
    MPI_Op_create_c(add_large, 1, &second);
    CHECK(HANDLE_INDEX(second) % (1 << 16) == HANDLE_INDEX(stale) % (1 << 16) && second != stale,
          "slot not reused under a new handle: 0x%x after 0x%x", (unsigned)second, (unsigned)stale);
    int commute, a[1] = {1}, b[1] = {2};
    CHECK_CLASS(MPI_Op_commutative(stale, &commute), MPI_ERR_OP);
    CHECK_CLASS(MPI_Reduce_local(a, b, 1, MPI_INT, stale), MPI_ERR_OP);
    CHECK_CLASS(MPI_Op_free(&stale), MPI_ERR_OP);
    CHECK_CLASS(MPI_Op_commutative(second, &commute), MPI_SUCCESS);
    CHECK(commute == 1, "the new op lost its commute flag");
    MPI_Op_free(&second);
}

static void errors(void)
{
    MPI_Op op = MPI_SUM;
    int commute, a[2] = {1, 2}, b[2] = {3, 4};
    const char *msg;
    CHECK(HANDLE_KIND(MPI_MAX) == WMPI_KIND_OP && HANDLE_IS_BUILTIN(MPI_NO_OP), "predefined op handles");
    CHECK_CLASS(MPI_Op_free(&op), MPI_ERR_OP);
    msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_Op_free") && strstr(msg, "MPI_SUM"), "message \"%s\"", msg);
    CHECK(op == MPI_SUM, "a failed Op_free changed the handle");
    op = MPI_OP_NULL;
    CHECK_CLASS(MPI_Op_free(&op), MPI_ERR_OP);
    CHECK_CLASS(MPI_Op_free(NULL), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Op_create(NULL, 1, &op), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Op_create(append_digit, 1, NULL), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Op_commutative(MPI_OP_NULL, &commute), MPI_ERR_OP);
    CHECK_CLASS(MPI_Op_commutative(MPI_INT, &commute), MPI_ERR_OP); /* a handle of another kind */
    CHECK_CLASS(MPI_Op_commutative(MPI_MAXLOC, &commute), MPI_SUCCESS);
    CHECK(commute == 1, "MPI_MAXLOC commute %d", commute);

    CHECK_CLASS(MPI_Reduce_local(a, b, -1, MPI_INT, MPI_SUM), MPI_ERR_COUNT);
    CHECK_CLASS(MPI_Reduce_local(a, b, 2, MPI_DATATYPE_NULL, MPI_SUM), MPI_ERR_TYPE);
    CHECK_CLASS(MPI_Reduce_local(a, b, 2, MPI_INT, MPI_OP_NULL), MPI_ERR_OP);
    msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_Reduce_local") && strstr(msg, "(op)"), "message \"%s\"", msg);
    CHECK_CLASS(MPI_Reduce_local(a, b, 2, MPI_INT, MPI_COMM_WORLD), MPI_ERR_OP);
    CHECK_CLASS(MPI_Reduce_local(NULL, b, 2, MPI_INT, MPI_SUM), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Reduce_local(a, NULL, 2, MPI_INT, MPI_SUM), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Reduce_local(a, a, 2, MPI_INT, MPI_SUM), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Reduce_local(MPI_IN_PLACE, b, 2, MPI_INT, MPI_SUM), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Reduce_local(a, MPI_IN_PLACE, 2, MPI_INT, MPI_SUM), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Reduce_local(NULL, NULL, 0, MPI_INT, MPI_SUM), MPI_SUCCESS);
    CHECK_CLASS(MPI_Reduce_local(a, b, 2, MPI_INT, MPI_REPLACE), MPI_ERR_OP);
    CHECK_CLASS(MPI_Reduce_local(a, b, 2, MPI_INT, MPI_NO_OP), MPI_ERR_OP);
    CHECK(b[0] == 3 && b[1] == 4, "failed calls changed inoutbuf: %d %d", b[0], b[1]);

    /* the check the collectives use: REPLACE and NO_OP are for accumulate only */
    CHECK_CLASS(MPIR_Op_check("MPI_Allreduce", NULL, MPI_REPLACE, MPI_INT), MPI_ERR_OP);
    msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_Allreduce") && strstr(msg, "MPI_REPLACE"), "message \"%s\"", msg);
    CHECK_CLASS(MPIR_Op_check("MPI_Allreduce", NULL, MPI_SUM, MPI_CHAR), MPI_ERR_OP);
    msg = MPIR_Err_last_message();
    CHECK(strstr(msg, "MPI_Allreduce") && strstr(msg, "MPI_SUM") && strstr(msg, "MPI_CHAR"), "message \"%s\"", msg);
    CHECK_CLASS(MPIR_Op_check("MPI_Allreduce", NULL, MPI_BOR, MPI_BYTE), MPI_SUCCESS);
    CHECK(strcmp(MPIR_Op_name(MPI_BXOR), "MPI_BXOR") == 0, "name %s", MPIR_Op_name(MPI_BXOR));
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    c_ops();
    js_ops();
    stale_handles();
    errors();
    return mtest_finalize();
}
