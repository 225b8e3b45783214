/* Argument errors (MPI-4.0 9.4) under MPI_ERRORS_RETURN: each bad rank, tag,
 * count, datatype, communicator, buffer or request gives its error class,
 * sends nothing and creates no request; error classes and strings; a user
 * error handler sees the communicator and the class. */
#include "mtest.h"
#include <string.h>

static int handler_calls, handler_code;
static MPI_Comm handler_comm;

static void on_error(MPI_Comm *comm, int *code, ...)
{
    handler_calls++;
    handler_comm = *comm;
    handler_code = *code;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int buf[4] = {0}, peer = 1 - mtest_rank, rc;
    MPI_Request r = MPI_REQUEST_NULL;
    MPI_Status st;
    unsigned sends = fake_host_get_stats().sends;
    int live = MPIR_Request_live_count();

    /* ranks */
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, mtest_size, 0, MPI_COMM_WORLD), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, -5, 0, MPI_COMM_WORLD), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, MPI_ANY_SOURCE, 0, MPI_COMM_WORLD), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Isend(buf, 1, MPI_INT, 1, 0, MPI_COMM_SELF, &r), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Recv(buf, 1, MPI_INT, mtest_size, 0, MPI_COMM_WORLD, &st), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Irecv(buf, 1, MPI_INT, -7, 0, MPI_COMM_WORLD, &r), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Probe(mtest_size + 3, 0, MPI_COMM_WORLD, &st), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Send_init(buf, 1, MPI_INT, mtest_size, 0, MPI_COMM_WORLD, &r), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Sendrecv(buf, 1, MPI_INT, peer, 0, buf, 1, MPI_INT, 99, 0, MPI_COMM_WORLD, &st), MPI_ERR_RANK);

    /* tags */
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, peer, MPI_ANY_TAG, MPI_COMM_WORLD), MPI_ERR_TAG);
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, peer, -100, MPI_COMM_WORLD), MPI_ERR_TAG);
    CHECK_CLASS(MPI_Ssend(buf, 1, MPI_INT, peer, -2, MPI_COMM_WORLD), MPI_ERR_TAG);
    CHECK_CLASS(MPI_Recv(buf, 1, MPI_INT, peer, -100, MPI_COMM_WORLD, &st), MPI_ERR_TAG);
    CHECK_CLASS(MPI_Iprobe(peer, -3, MPI_COMM_WORLD, &rc, &st), MPI_ERR_TAG);

    /* counts */
    CHECK_CLASS(MPI_Send(buf, -1, MPI_INT, peer, 0, MPI_COMM_WORLD), MPI_ERR_COUNT);
    CHECK_CLASS(MPI_Recv(buf, -1, MPI_INT, peer, 0, MPI_COMM_WORLD, &st), MPI_ERR_COUNT);
    CHECK_CLASS(MPI_Send_c(buf, -1, MPI_INT, peer, 0, MPI_COMM_WORLD), MPI_ERR_COUNT);
    /* 2^31 doubles do not fit in a 32-bit address space */
    CHECK_CLASS(MPI_Send_c(buf, (MPI_Count)1 << 31, MPI_DOUBLE, peer, 0, MPI_COMM_WORLD), MPI_ERR_COUNT);
    CHECK_CLASS(MPI_Irecv_c(buf, (MPI_Count)1 << 62, MPI_INT, peer, 0, MPI_COMM_WORLD, &r), MPI_ERR_COUNT);

    /* datatypes */
    CHECK_CLASS(MPI_Send(buf, 1, MPI_DATATYPE_NULL, peer, 0, MPI_COMM_WORLD), MPI_ERR_TYPE);
    CHECK_CLASS(MPI_Send(buf, 1, (MPI_Datatype)12345, peer, 0, MPI_COMM_WORLD), MPI_ERR_TYPE);
    CHECK_CLASS(MPI_Send(buf, 1, (MPI_Datatype)MPI_COMM_WORLD, peer, 0, MPI_COMM_WORLD), MPI_ERR_TYPE);
    CHECK_CLASS(MPI_Recv(buf, 1, (MPI_Datatype)0x4c0004ff, peer, 0, MPI_COMM_WORLD, &st), MPI_ERR_TYPE);
    int size;
    CHECK_CLASS(MPI_Type_size(MPI_DATATYPE_NULL, &size), MPI_ERR_TYPE);
    CHECK_CLASS(MPI_Get_count(&st, MPI_DATATYPE_NULL, &size), MPI_ERR_TYPE);

    /* communicators */
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, peer, 0, MPI_COMM_NULL), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Send(buf, 1, MPI_INT, peer, 0, (MPI_Comm)0x44000007), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Recv(buf, 1, MPI_INT, peer, 0, (MPI_Comm)MPI_INT, &st), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Iprobe(peer, 0, MPI_COMM_NULL, &rc, &st), MPI_ERR_COMM);
    CHECK_CLASS(MPI_Comm_rank(MPI_COMM_NULL, &size), MPI_ERR_COMM);

    /* buffers */
    CHECK_CLASS(MPI_Send(NULL, 1, MPI_INT, peer, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Irecv(NULL, 2, MPI_INT, peer, 0, MPI_COMM_WORLD, &r), MPI_ERR_BUFFER);

    /* requests */
    MPI_Request bad = (MPI_Request)0xac0fffff, wrong_kind = (MPI_Request)MPI_COMM_WORLD;
    CHECK_CLASS(MPI_Wait(&bad, &st), MPI_ERR_REQUEST);
    CHECK_CLASS(MPI_Wait(&wrong_kind, &st), MPI_ERR_REQUEST);
    CHECK_CLASS(MPI_Test(&bad, &rc, &st), MPI_ERR_REQUEST);
    CHECK_CLASS(MPI_Request_free(&bad), MPI_ERR_REQUEST);
    CHECK_CLASS(MPI_Cancel(&bad), MPI_ERR_REQUEST);
    MPI_Request two[2] = {MPI_REQUEST_NULL, bad};
    CHECK_CLASS(MPI_Waitall(2, two, MPI_STATUSES_IGNORE), MPI_ERR_REQUEST);
    CHECK_CLASS(MPI_Waitall(-1, two, MPI_STATUSES_IGNORE), MPI_ERR_COUNT);
    MPI_Isend(buf, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r);
    CHECK_CLASS(MPI_Start(&r), MPI_ERR_REQUEST); /* not persistent */
    MPI_Wait(&r, &st);
    MPI_Message msg = (MPI_Message)0xac0ffff0;
    CHECK_CLASS(MPI_Mrecv(buf, 1, MPI_INT, &msg, &st), MPI_ERR_REQUEST);
    msg = MPI_MESSAGE_NULL;
    CHECK_CLASS(MPI_Mrecv(buf, 1, MPI_INT, &msg, &st), MPI_ERR_REQUEST);

    /* Bsend without a buffer */
    CHECK_CLASS(MPI_Bsend(buf, 1, MPI_INT, peer, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER);

    CHECK(fake_host_get_stats().sends == sends, "erroneous calls sent %u packets", fake_host_get_stats().sends - sends);
    CHECK(MPIR_Request_live_count() == live, "erroneous calls left %d requests", MPIR_Request_live_count() - live);

    /* classes and strings */
    for (int code = MPI_SUCCESS; code <= MPI_ERR_LASTCODE; code++) {
        int cls = -1, len = -1;
        char text[MPI_MAX_ERROR_STRING];
        CHECK(MPI_Error_class(code, &cls) == MPI_SUCCESS && cls == code, "Error_class(%d) = %d", code, cls);
        text[0] = '\0';
        MPI_Error_string(code, text, &len);
        CHECK(len > 0 && len == (int)strlen(text), "Error_string(%d): length %d for '%s'", code, len, text);
    }
    CHECK_CLASS(MPI_Error_class(MPI_ERR_LASTCODE + 1, &rc), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Error_class(-1, &rc), MPI_ERR_ARG);

    /* a user error handler */
    MPI_Errhandler eh, got;
    MPI_Comm_create_errhandler(on_error, &eh);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, eh);
    MPI_Comm_get_errhandler(MPI_COMM_WORLD, &got);
    CHECK(got == eh, "Comm_get_errhandler gave 0x%x", (unsigned)got);
    rc = MPI_Send(buf, 1, MPI_INT, -9, 0, MPI_COMM_WORLD);
    CHECK(handler_calls == 1 && handler_comm == MPI_COMM_WORLD && handler_code == MPI_ERR_RANK && rc == MPI_ERR_RANK,
          "handler: %d calls, comm 0x%x, code %d; call returned %d", handler_calls, (unsigned)handler_comm,
          handler_code, rc);
    MPI_Comm_call_errhandler(MPI_COMM_WORLD, MPI_ERR_OTHER);
    CHECK(handler_calls == 2 && handler_code == MPI_ERR_OTHER, "Comm_call_errhandler: %d calls, code %d",
          handler_calls, handler_code);
    CHECK_CLASS(MPI_Comm_set_errhandler(MPI_COMM_WORLD, (MPI_Errhandler)0x94000033), MPI_ERR_ARG);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Errhandler_free(&eh);
    CHECK(eh == MPI_ERRHANDLER_NULL, "Errhandler_free left the handle");

    mtest_barrier();
    int flag;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    CHECK(!flag, "an erroneous call delivered a message (tag %d)", st.MPI_TAG);
    return mtest_finalize();
}
