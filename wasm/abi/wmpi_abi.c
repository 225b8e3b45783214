/* The exported ABI: the only functions ts/abi calls. Only numbers cross:
 * handles, pointers into this rank's memory, counts as doubles (exact up to
 * 2^53, so counts past 2^31 need no BigInt). Every function returns an MPI
 * error class; other results go to the `out` scratch words. */
#include "../src/mpiimpl.h"
#include "../src/coll/coll.h"
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

static int64_t out[8];
static MPI_Request handle_scratch;

EXPORT("wmpi_out") int64_t *wmpi_out(void) { return out; }
EXPORT("wmpi_malloc") void *wmpi_malloc(double n) { return n <= SIZE_MAX - 0xffff ? MPIR_Malloc(n ? (size_t)n : 1) : NULL; }
EXPORT("wmpi_free") void wmpi_free(void *p) { MPIR_Free(p); }
EXPORT("wmpi_last_error_message") const char *wmpi_last_error_message(void) { return MPIR_Err_last_message(); }
EXPORT("wmpi_state") int wmpi_state(void) { return MPIR_state; }

/* ---- environment ---- */
/* The facade raises exceptions itself: errors return, before MPI_Init too (as mpi4py sets MPI_ERRORS_RETURN). */
EXPORT("wmpi_errors_return") void wmpi_errors_return(void) { MPIR_Err_set_initial_return(1); }
EXPORT("wmpi_init_thread") int wmpi_init_thread(int required)
{
    int provided = 0;
    int rc = MPI_Init_thread(NULL, NULL, required, &provided);
    out[0] = provided;
    if (rc == MPI_SUCCESS) {
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    }
    return rc;
}
EXPORT("wmpi_finalize") int wmpi_finalize(void) { return MPI_Finalize(); }
EXPORT("wmpi_abort") int wmpi_abort(MPI_Comm comm, int code) { return MPI_Abort(comm, code); }
EXPORT("wmpi_wtime") double wmpi_wtime(void) { return MPI_Wtime(); }
EXPORT("wmpi_wtick") double wmpi_wtick(void) { return MPI_Wtick(); }
EXPORT("wmpi_query_thread") int wmpi_query_thread(void)
{
    int p = 0, rc = MPI_Query_thread(&p);
    out[0] = p;
    return rc;
}
EXPORT("wmpi_processor_name") int wmpi_processor_name(char *buf)
{
    int len = 0, rc = MPI_Get_processor_name(buf, &len);
    out[0] = len;
    return rc;
}
EXPORT("wmpi_library_version") int wmpi_library_version(char *buf)
{
    int len = 0, rc = MPI_Get_library_version(buf, &len);
    out[0] = len;
    return rc;
}
EXPORT("wmpi_error_string") int wmpi_error_string(int code, char *buf)
{
    int len = 0, rc = MPI_Error_string(code, buf, &len);
    out[0] = len;
    return rc;
}
EXPORT("wmpi_alloc_mem") int wmpi_alloc_mem(double size)
{
    void *p = NULL;
    MPIR_CHECK_INIT("MPI_Alloc_mem"); /* (as MPI_Alloc_mem, env.c) */
    int rc = size < 0 ? MPIR_ERR(NULL, MPI_ERR_SIZE, "MPI_Alloc_mem", "negative size %.0f (size)", size)
                      : MPIR_Alloc_mem("MPI_Alloc_mem", (uint64_t)size, &p);
    out[0] = (int64_t)(uintptr_t)p;
    return rc;
}
EXPORT("wmpi_free_mem") int wmpi_free_mem(void *p) { return MPI_Free_mem(p); }

/* ---- communicators and error handlers ---- */
EXPORT("wmpi_comm_rank") int wmpi_comm_rank(MPI_Comm comm)
{
    int r = 0, rc = MPI_Comm_rank(comm, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_comm_size") int wmpi_comm_size(MPI_Comm comm)
{
    int s = 0, rc = MPI_Comm_size(comm, &s);
    out[0] = s;
    return rc;
}
EXPORT("wmpi_comm_set_errhandler") int wmpi_comm_set_errhandler(MPI_Comm comm, MPI_Errhandler eh)
{
    return MPI_Comm_set_errhandler(comm, eh);
}
EXPORT("wmpi_comm_get_errhandler") int wmpi_comm_get_errhandler(MPI_Comm comm)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = MPI_Comm_get_errhandler(comm, &eh);
    out[0] = eh;
    return rc;
}
EXPORT("wmpi_comm_call_errhandler") int wmpi_comm_call_errhandler(MPI_Comm comm, int code)
{
    return MPI_Comm_call_errhandler(comm, code);
}
/* An error the facade found, raised on comm's error handler (COMM_SELF's if comm is invalid). */
EXPORT("wmpi_comm_raise") int wmpi_comm_raise(MPI_Comm comm, int errclass, const char *message)
{
    MPIR_Err_set_text(message); /* it names its call already */
    return MPIR_Err_raise(MPIR_Comm_get(comm), errclass);
}
/* out[1]: a predefined attribute's value, or a user attribute's stored word. */
EXPORT("wmpi_comm_get_attr") int wmpi_comm_get_attr(MPI_Comm comm, int keyval)
{
    void *v = NULL;
    int flag = 0;
    int rc = MPI_Comm_get_attr(comm, keyval, &v, &flag);
    out[0] = flag;
    out[1] = !flag ? 0 : HANDLE_IS_BUILTIN(keyval) ? *(int *)v : (int64_t)(intptr_t)v;
    return rc;
}

/* ---- communicators, groups, attributes, info (issue 4) ---- */
/* Calls that make one object return its handle in out[0]. */
#define OUT_HANDLE(call)        \
    do {                        \
        int h_ = 0;             \
        int rc_ = (call);       \
        out[0] = h_;            \
        return rc_;             \
    } while (0)
EXPORT("wmpi_comm_dup") int wmpi_comm_dup(MPI_Comm comm, MPI_Info info)
{
    OUT_HANDLE(MPIR_Comm_dup_named(info == MPI_INFO_NULL ? "MPI_Comm_dup" : "MPI_Comm_dup_with_info", comm, info, &h_));
}
/* *newcomm is set when the request (out[0]) completes: it must stay valid until then. */
EXPORT("wmpi_comm_idup") int wmpi_comm_idup(MPI_Comm comm, MPI_Comm *newcomm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPI_Comm_idup(comm, newcomm, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_comm_split") int wmpi_comm_split(MPI_Comm comm, int color, int key)
{
    OUT_HANDLE(MPI_Comm_split(comm, color, key, &h_));
}
EXPORT("wmpi_comm_split_type") int wmpi_comm_split_type(MPI_Comm comm, int type, int key, MPI_Info info)
{
    OUT_HANDLE(MPI_Comm_split_type(comm, type, key, info, &h_));
}
EXPORT("wmpi_comm_create") int wmpi_comm_create(MPI_Comm comm, MPI_Group group)
{
    OUT_HANDLE(MPI_Comm_create(comm, group, &h_));
}
EXPORT("wmpi_comm_create_group") int wmpi_comm_create_group(MPI_Comm comm, MPI_Group group, int tag)
{
    OUT_HANDLE(MPI_Comm_create_group(comm, group, tag, &h_));
}
EXPORT("wmpi_intercomm_create") int wmpi_intercomm_create(MPI_Comm local, int leader, MPI_Comm peer, int remote_leader, int tag)
{
    OUT_HANDLE(MPI_Intercomm_create(local, leader, peer, remote_leader, tag, &h_));
}
EXPORT("wmpi_intercomm_merge") int wmpi_intercomm_merge(MPI_Comm comm, int high)
{
    OUT_HANDLE(MPI_Intercomm_merge(comm, high, &h_));
}
EXPORT("wmpi_comm_free") int wmpi_comm_free(MPI_Comm comm) { return MPI_Comm_free(&comm); }
EXPORT("wmpi_comm_compare") int wmpi_comm_compare(MPI_Comm a, MPI_Comm b) { OUT_HANDLE(MPI_Comm_compare(a, b, &h_)); }
EXPORT("wmpi_comm_test_inter") int wmpi_comm_test_inter(MPI_Comm comm) { OUT_HANDLE(MPI_Comm_test_inter(comm, &h_)); }
EXPORT("wmpi_comm_remote_size") int wmpi_comm_remote_size(MPI_Comm comm) { OUT_HANDLE(MPI_Comm_remote_size(comm, &h_)); }
EXPORT("wmpi_comm_group") int wmpi_comm_group(MPI_Comm comm, int remote)
{
    OUT_HANDLE(remote ? MPI_Comm_remote_group(comm, &h_) : MPI_Comm_group(comm, &h_));
}
EXPORT("wmpi_comm_set_name") int wmpi_comm_set_name(MPI_Comm comm, const char *name) { return MPI_Comm_set_name(comm, name); }
EXPORT("wmpi_comm_get_name") int wmpi_comm_get_name(MPI_Comm comm, char *buf) { OUT_HANDLE(MPI_Comm_get_name(comm, buf, &h_)); }
EXPORT("wmpi_comm_set_info") int wmpi_comm_set_info(MPI_Comm comm, MPI_Info info) { return MPI_Comm_set_info(comm, info); }
EXPORT("wmpi_comm_get_info") int wmpi_comm_get_info(MPI_Comm comm) { OUT_HANDLE(MPI_Comm_get_info(comm, &h_)); }
EXPORT("wmpi_comm_create_keyval") int wmpi_comm_create_keyval(void) { OUT_HANDLE(MPI_Comm_create_keyval(NULL, NULL, &h_, NULL)); }
EXPORT("wmpi_comm_free_keyval") int wmpi_comm_free_keyval(int keyval) { return MPI_Comm_free_keyval(&keyval); }
EXPORT("wmpi_comm_set_attr") int wmpi_comm_set_attr(MPI_Comm comm, int keyval, double value)
{
    return MPI_Comm_set_attr(comm, keyval, (void *)(intptr_t)value);
}
EXPORT("wmpi_comm_delete_attr") int wmpi_comm_delete_attr(MPI_Comm comm, int keyval) { return MPI_Comm_delete_attr(comm, keyval); }
EXPORT("wmpi_group_size") int wmpi_group_size(MPI_Group g) { OUT_HANDLE(MPI_Group_size(g, &h_)); }
EXPORT("wmpi_group_rank") int wmpi_group_rank(MPI_Group g) { OUT_HANDLE(MPI_Group_rank(g, &h_)); }
EXPORT("wmpi_group_free") int wmpi_group_free(MPI_Group g) { return MPI_Group_free(&g); }
EXPORT("wmpi_group_compare") int wmpi_group_compare(MPI_Group a, MPI_Group b) { OUT_HANDLE(MPI_Group_compare(a, b, &h_)); }
EXPORT("wmpi_group_translate_ranks") int wmpi_group_translate_ranks(MPI_Group a, int n, const int *ranks, MPI_Group b, int *result)
{
    return MPI_Group_translate_ranks(a, n, ranks, b, result);
}
/* op: 0 union, 1 intersection, 2 difference */
EXPORT("wmpi_group_setop") int wmpi_group_setop(int op, MPI_Group a, MPI_Group b)
{
    OUT_HANDLE(op == 0 ? MPI_Group_union(a, b, &h_) : op == 1 ? MPI_Group_intersection(a, b, &h_)
                                                               : MPI_Group_difference(a, b, &h_));
}
/* excl: 0 incl, 1 excl; ranges: ranks holds n (first, last, stride) triplets */
EXPORT("wmpi_group_incl") int wmpi_group_incl(MPI_Group g, int excl, int ranges, int n, int *ranks)
{
    if (ranges)
        OUT_HANDLE(excl ? MPI_Group_range_excl(g, n, (int(*)[3])ranks, &h_) : MPI_Group_range_incl(g, n, (int(*)[3])ranks, &h_));
    OUT_HANDLE(excl ? MPI_Group_excl(g, n, ranks, &h_) : MPI_Group_incl(g, n, ranks, &h_));
}
EXPORT("wmpi_info_create") int wmpi_info_create(void) { OUT_HANDLE(MPI_Info_create(&h_)); }
EXPORT("wmpi_info_dup") int wmpi_info_dup(MPI_Info info) { OUT_HANDLE(MPI_Info_dup(info, &h_)); }
EXPORT("wmpi_info_free") int wmpi_info_free(MPI_Info info) { return MPI_Info_free(&info); }
EXPORT("wmpi_info_set") int wmpi_info_set(MPI_Info info, const char *key, const char *value) { return MPI_Info_set(info, key, value); }
EXPORT("wmpi_info_delete") int wmpi_info_delete(MPI_Info info, const char *key) { return MPI_Info_delete(info, key); }
/* out[0]: flag; out[1]: the value's length + 1 (the value is truncated to buflen - 1 bytes) */
EXPORT("wmpi_info_get") int wmpi_info_get(MPI_Info info, const char *key, char *buf, int buflen)
{
    int flag = 0, rc = MPI_Info_get_string(info, key, &buflen, buf, &flag);
    out[0] = flag;
    out[1] = buflen;
    return rc;
}
EXPORT("wmpi_info_nkeys") int wmpi_info_nkeys(MPI_Info info) { OUT_HANDLE(MPI_Info_get_nkeys(info, &h_)); }
EXPORT("wmpi_info_nthkey") int wmpi_info_nthkey(MPI_Info info, int n, char *buf) { return MPI_Info_get_nthkey(info, n, buf); }

/* ---- datatypes and status ---- */
EXPORT("wmpi_type_size") int wmpi_type_size(MPI_Datatype t)
{
    MPI_Count s = 0;
    int rc = MPI_Type_size_c(t, &s);
    out[0] = s;
    return rc;
}
EXPORT("wmpi_get_count") int wmpi_get_count(const MPI_Status *st, MPI_Datatype t)
{
    MPI_Count c = 0;
    int rc = MPI_Get_count_c(st, t, &c);
    out[0] = c;
    return rc;
}
EXPORT("wmpi_get_elements") int wmpi_get_elements(const MPI_Status *st, MPI_Datatype t)
{
    MPI_Count c = 0;
    int rc = MPI_Get_elements_c(st, t, &c);
    out[0] = c;
    return rc;
}

/* ---- point-to-point ---- */
/* mode: 0 standard, 1 synchronous, 2 buffered, 3 ready. Counts are doubles:
 * every call takes MPI-4 large counts, and errors name the call users made. */
static const char *const send_names[2][4] = {{"MPI_Isend", "MPI_Issend", "MPI_Ibsend", "MPI_Irsend"},
                                             {"MPI_Send", "MPI_Ssend", "MPI_Bsend", "MPI_Rsend"}};
static const char *const init_names[4] = {"MPI_Send_init", "MPI_Ssend_init", "MPI_Bsend_init", "MPI_Rsend_init"};

EXPORT("wmpi_send") int wmpi_send(int mode, const void *buf, double count, MPI_Datatype t, int dest, int tag, MPI_Comm comm)
{
    return MPIR_Send_named(send_names[1][mode & 3], buf, (MPI_Count)count, t, dest, tag, comm, (MPIR_Send_mode)(mode & 3));
}
EXPORT("wmpi_isend") int wmpi_isend(int mode, const void *buf, double count, MPI_Datatype t, int dest, int tag, MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Isend_named(send_names[0][mode & 3], buf, (MPI_Count)count, t, dest, tag, comm,
                              (MPIR_Send_mode)(mode & 3), 0, &r);
    out[0] = r;
    return rc;
}
/* A send whose buffer the caller is still filling: `counter` (in this memory)
 * counts the bytes staged so far, and the receiver copies behind it. */
EXPORT("wmpi_isend_staged") int wmpi_isend_staged(int mode, const void *buf, double count, MPI_Datatype t, int dest,
                                                  int tag, MPI_Comm comm, uint32_t counter, int blocking)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Isend_named(send_names[blocking != 0][mode & 3], buf, (MPI_Count)count, t, dest, tag, comm,
                              (MPIR_Send_mode)(mode & 3), counter, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_recv") int wmpi_recv(void *buf, double count, MPI_Datatype t, int src, int tag, MPI_Comm comm, MPI_Status *st)
{
    return MPIR_Recv_named("MPI_Recv", buf, (MPI_Count)count, t, src, tag, comm, st);
}
EXPORT("wmpi_irecv") int wmpi_irecv(void *buf, double count, MPI_Datatype t, int src, int tag, MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Irecv_named("MPI_Irecv", buf, (MPI_Count)count, t, src, tag, comm, 0, &r);
    out[0] = r;
    return rc;
}
/* Receives with allocation on match: the message's buffer is in st->wmpi_data, the caller's to free. */
EXPORT("wmpi_irecv_alloc") int wmpi_irecv_alloc(int src, int tag, MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Irecv_named("MPI_Irecv", NULL, 0, MPI_BYTE, src, tag, comm, 1, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_recv_alloc") int wmpi_recv_alloc(int src, int tag, MPI_Comm comm, MPI_Status *st)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Irecv_named("MPI_Recv", NULL, 0, MPI_BYTE, src, tag, comm, 1, &r);
    return rc ? rc : MPIR_Wait_named("MPI_Recv", &r, st);
}
EXPORT("wmpi_sendrecv") int wmpi_sendrecv(const void *sbuf, double scount, MPI_Datatype stype, int dest, int stag,
                                          void *rbuf, double rcount, MPI_Datatype rtype, int src, int rtag,
                                          MPI_Comm comm, MPI_Status *st)
{
    return MPIR_Sendrecv_named("MPI_Sendrecv", sbuf, (MPI_Count)scount, stype, dest, stag, rbuf, (MPI_Count)rcount,
                               rtype, src, rtag, comm, st);
}
EXPORT("wmpi_sendrecv_replace") int wmpi_sendrecv_replace(void *buf, double count, MPI_Datatype t, int dest, int stag,
                                                          int src, int rtag, MPI_Comm comm, MPI_Status *st)
{
    return MPIR_Sendrecv_replace_named("MPI_Sendrecv_replace", buf, (MPI_Count)count, t, dest, stag, src, rtag, comm, st);
}
EXPORT("wmpi_isendrecv") int wmpi_isendrecv(const void *sbuf, double scount, MPI_Datatype stype, int dest, int stag,
                                            void *rbuf, double rcount, MPI_Datatype rtype, int src, int rtag,
                                            MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Isendrecv_named("MPI_Isendrecv", sbuf, (MPI_Count)scount, stype, dest, stag, rbuf,
                                  (MPI_Count)rcount, rtype, src, rtag, comm, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_isendrecv_replace") int wmpi_isendrecv_replace(void *buf, double count, MPI_Datatype t, int dest,
                                                            int stag, int src, int rtag, MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Isendrecv_replace_named("MPI_Isendrecv_replace", buf, (MPI_Count)count, t, dest, stag, src, rtag,
                                          comm, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_send_init") int wmpi_send_init(int mode, const void *buf, double count, MPI_Datatype t, int dest, int tag, MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Prequest_init(init_names[mode & 3], MPIR_REQ_PREQ_SEND, buf, (MPI_Count)count, t, dest, tag, comm,
                                (MPIR_Send_mode)(mode & 3), &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_recv_init") int wmpi_recv_init(void *buf, double count, MPI_Datatype t, int src, int tag, MPI_Comm comm)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Prequest_init("MPI_Recv_init", MPIR_REQ_PREQ_RECV, buf, (MPI_Count)count, t, src, tag, comm,
                                MPIR_MODE_STANDARD, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_start") int wmpi_start(MPI_Request r) { return MPI_Start(&r); }
EXPORT("wmpi_startall") int wmpi_startall(int n, MPI_Request *rs) { return MPI_Startall(n, rs); }
EXPORT("wmpi_buffer_attach") int wmpi_buffer_attach(void *buf, int size) { return MPI_Buffer_attach(buf, size); }
EXPORT("wmpi_buffer_detach") int wmpi_buffer_detach(void)
{
    void *p = NULL;
    int size = 0, rc = MPI_Buffer_detach(&p, &size);
    out[0] = (int64_t)(uintptr_t)p;
    out[1] = size;
    return rc;
}

/* ---- completion: the request handle after the call goes to out[1] ---- */
/* out[2]: whether a request was finished (1), or the call failed on its arguments (0) */
EXPORT("wmpi_wait") int wmpi_wait(MPI_Request r, MPI_Status *st)
{
    MPIR_Request *req = MPIR_Request_get(r);
    handle_scratch = r;
    int rc = MPI_Wait(&handle_scratch, st);
    out[1] = handle_scratch;
    out[2] = r == MPI_REQUEST_NULL || (req != NULL && req->kind != MPIR_REQ_MESSAGE && MPIR_state == MPIR_INITIALIZED);
    return rc;
}
EXPORT("wmpi_test") int wmpi_test(MPI_Request r, MPI_Status *st)
{
    int flag = 0;
    handle_scratch = r;
    int rc = MPI_Test(&handle_scratch, &flag, st);
    out[0] = flag;
    out[1] = handle_scratch;
    return rc;
}
EXPORT("wmpi_waitall") int wmpi_waitall(int n, MPI_Request *rs, MPI_Status *sts) { return MPI_Waitall(n, rs, sts); }
EXPORT("wmpi_testall") int wmpi_testall(int n, MPI_Request *rs, MPI_Status *sts)
{
    int flag = 0, rc = MPI_Testall(n, rs, &flag, sts);
    out[0] = flag;
    return rc;
}
EXPORT("wmpi_waitany") int wmpi_waitany(int n, MPI_Request *rs, MPI_Status *st)
{
    int index = MPI_UNDEFINED, rc = MPI_Waitany(n, rs, &index, st);
    out[0] = index;
    return rc;
}
EXPORT("wmpi_testany") int wmpi_testany(int n, MPI_Request *rs, MPI_Status *st)
{
    int index = MPI_UNDEFINED, flag = 0, rc = MPI_Testany(n, rs, &index, &flag, st);
    out[0] = index;
    out[1] = flag;
    return rc;
}
EXPORT("wmpi_waitsome") int wmpi_waitsome(int n, MPI_Request *rs, int *indices, MPI_Status *sts)
{
    int outcount = 0, rc = MPI_Waitsome(n, rs, &outcount, indices, sts);
    out[0] = outcount;
    return rc;
}
EXPORT("wmpi_testsome") int wmpi_testsome(int n, MPI_Request *rs, int *indices, MPI_Status *sts)
{
    int outcount = 0, rc = MPI_Testsome(n, rs, &outcount, indices, sts);
    out[0] = outcount;
    return rc;
}
EXPORT("wmpi_request_free") int wmpi_request_free(MPI_Request r) { return MPI_Request_free(&r); }
EXPORT("wmpi_request_get_status") int wmpi_request_get_status(MPI_Request r, MPI_Status *st)
{
    int flag = 0, rc = MPI_Request_get_status(r, &flag, st);
    out[0] = flag;
    return rc;
}
EXPORT("wmpi_cancel") int wmpi_cancel(MPI_Request r) { return MPI_Cancel(&r); }

/* ---- probe and matched receive ---- */
EXPORT("wmpi_probe") int wmpi_probe(int src, int tag, MPI_Comm comm, MPI_Status *st) { return MPI_Probe(src, tag, comm, st); }
EXPORT("wmpi_iprobe") int wmpi_iprobe(int src, int tag, MPI_Comm comm, MPI_Status *st)
{
    int flag = 0, rc = MPI_Iprobe(src, tag, comm, &flag, st);
    out[0] = flag;
    return rc;
}
EXPORT("wmpi_mprobe") int wmpi_mprobe(int src, int tag, MPI_Comm comm, MPI_Status *st)
{
    MPI_Message m = MPI_MESSAGE_NULL;
    int rc = MPI_Mprobe(src, tag, comm, &m, st);
    out[0] = m;
    return rc;
}
EXPORT("wmpi_improbe") int wmpi_improbe(int src, int tag, MPI_Comm comm, MPI_Status *st)
{
    MPI_Message m = MPI_MESSAGE_NULL;
    int flag = 0, rc = MPI_Improbe(src, tag, comm, &flag, &m, st);
    out[0] = flag;
    out[1] = m;
    return rc;
}
EXPORT("wmpi_mrecv") int wmpi_mrecv(void *buf, double count, MPI_Datatype t, MPI_Message m, MPI_Status *st)
{
    return MPIR_Mrecv_named("MPI_Mrecv", buf, (MPI_Count)count, t, &m, st);
}
EXPORT("wmpi_imrecv") int wmpi_imrecv(void *buf, double count, MPI_Datatype t, MPI_Message m)
{
    MPI_Request r = MPI_REQUEST_NULL;
    int rc = MPIR_Imrecv_named("MPI_Imrecv", buf, (MPI_Count)count, t, &m, &r);
    out[0] = r;
    return rc;
}

/* ---- process topologies and neighbourhood collectives ---- */
/* Results go to out[]; arrays are the caller's int arrays in this memory.
 * Weights: `weighted` 0 passes MPI_UNWEIGHTED; a weighted list of no edges
 * passes MPI_WEIGHTS_EMPTY. */
static const int *weights_arg(int weighted, int degree, const int *w)
{
    return !weighted ? MPI_UNWEIGHTED : degree == 0 ? MPI_WEIGHTS_EMPTY : w;
}
EXPORT("wmpi_topo_test") int wmpi_topo_test(MPI_Comm comm)
{
    int s = MPI_UNDEFINED, rc = MPI_Topo_test(comm, &s);
    out[0] = s;
    return rc;
}
EXPORT("wmpi_dims_create") int wmpi_dims_create(int nnodes, int ndims, int *dims) { return MPI_Dims_create(nnodes, ndims, dims); }
EXPORT("wmpi_cart_create") int wmpi_cart_create(MPI_Comm comm, int ndims, const int *dims, const int *periods, int reorder)
{
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Cart_create(comm, ndims, dims, periods, reorder, &n);
    out[0] = n;
    return rc;
}
EXPORT("wmpi_cartdim_get") int wmpi_cartdim_get(MPI_Comm comm)
{
    int n = 0, rc = MPI_Cartdim_get(comm, &n);
    out[0] = n;
    return rc;
}
EXPORT("wmpi_cart_get") int wmpi_cart_get(MPI_Comm comm, int maxdims, int *dims, int *periods, int *coords)
{
    return MPI_Cart_get(comm, maxdims, dims, periods, coords);
}
EXPORT("wmpi_cart_rank") int wmpi_cart_rank(MPI_Comm comm, const int *coords)
{
    int r = 0, rc = MPI_Cart_rank(comm, coords, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_cart_coords") int wmpi_cart_coords(MPI_Comm comm, int rank, int maxdims, int *coords)
{
    return MPI_Cart_coords(comm, rank, maxdims, coords);
}
EXPORT("wmpi_cart_shift") int wmpi_cart_shift(MPI_Comm comm, int direction, int disp)
{
    int s = MPI_PROC_NULL, d = MPI_PROC_NULL, rc = MPI_Cart_shift(comm, direction, disp, &s, &d);
    out[0] = s;
    out[1] = d;
    return rc;
}
EXPORT("wmpi_cart_sub") int wmpi_cart_sub(MPI_Comm comm, const int *remain)
{
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Cart_sub(comm, remain, &n);
    out[0] = n;
    return rc;
}
EXPORT("wmpi_cart_map") int wmpi_cart_map(MPI_Comm comm, int ndims, const int *dims, const int *periods)
{
    int r = MPI_UNDEFINED, rc = MPI_Cart_map(comm, ndims, dims, periods, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_graph_create") int wmpi_graph_create(MPI_Comm comm, int nnodes, const int *index, const int *edges, int reorder)
{
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Graph_create(comm, nnodes, index, edges, reorder, &n);
    out[0] = n;
    return rc;
}
EXPORT("wmpi_graphdims_get") int wmpi_graphdims_get(MPI_Comm comm)
{
    int nn = 0, ne = 0, rc = MPI_Graphdims_get(comm, &nn, &ne);
    out[0] = nn;
    out[1] = ne;
    return rc;
}
EXPORT("wmpi_graph_get") int wmpi_graph_get(MPI_Comm comm, int maxindex, int maxedges, int *index, int *edges)
{
    return MPI_Graph_get(comm, maxindex, maxedges, index, edges);
}
EXPORT("wmpi_graph_neighbors_count") int wmpi_graph_neighbors_count(MPI_Comm comm, int rank)
{
    int n = 0, rc = MPI_Graph_neighbors_count(comm, rank, &n);
    out[0] = n;
    return rc;
}
EXPORT("wmpi_graph_neighbors") int wmpi_graph_neighbors(MPI_Comm comm, int rank, int max, int *neighbors)
{
    return MPI_Graph_neighbors(comm, rank, max, neighbors);
}
EXPORT("wmpi_graph_map") int wmpi_graph_map(MPI_Comm comm, int nnodes, const int *index, const int *edges)
{
    int r = MPI_UNDEFINED, rc = MPI_Graph_map(comm, nnodes, index, edges, &r);
    out[0] = r;
    return rc;
}
EXPORT("wmpi_dist_graph_create_adjacent") int wmpi_dist_graph_create_adjacent(MPI_Comm comm, int indegree, const int *sources,
                                                                              const int *sourceweights, int outdegree,
                                                                              const int *destinations, const int *destweights,
                                                                              int weighted, MPI_Info info, int reorder)
{
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Dist_graph_create_adjacent(comm, indegree, sources, weights_arg(weighted, indegree, sourceweights),
                                            outdegree, destinations, weights_arg(weighted, outdegree, destweights),
                                            info, reorder, &n);
    out[0] = n;
    return rc;
}
EXPORT("wmpi_dist_graph_create") int wmpi_dist_graph_create(MPI_Comm comm, int n, const int *sources, const int *degrees,
                                                            const int *destinations, const int *weights, int nedges,
                                                            int weighted, MPI_Info info, int reorder)
{
    MPI_Comm c = MPI_COMM_NULL;
    int rc = MPI_Dist_graph_create(comm, n, sources, degrees, destinations, weights_arg(weighted, nedges, weights),
                                   info, reorder, &c);
    out[0] = c;
    return rc;
}
EXPORT("wmpi_dist_graph_neighbors_count") int wmpi_dist_graph_neighbors_count(MPI_Comm comm)
{
    int i = 0, o = 0, w = 0, rc = MPI_Dist_graph_neighbors_count(comm, &i, &o, &w);
    out[0] = i;
    out[1] = o;
    out[2] = w;
    return rc;
}
EXPORT("wmpi_dist_graph_neighbors") int wmpi_dist_graph_neighbors(MPI_Comm comm, int maxin, int *sources, int *sourceweights,
                                                                  int maxout, int *destinations, int *destweights)
{
    return MPI_Dist_graph_neighbors(comm, maxin, sources, sourceweights, maxout, destinations, destweights);
}
/* nb != 0 starts the nonblocking form (MPI_Ineighbor_*) and returns its request in out[0]. */
#define NEIGHBOR(nb, name, ...)                                                  \
    do {                                                                         \
        MPI_Request r_ = MPI_REQUEST_NULL;                                       \
        int rc_ = (nb) ? MPI_Ineighbor_##name(__VA_ARGS__, &r_) : MPI_Neighbor_##name(__VA_ARGS__); \
        out[0] = r_;                                                             \
        return rc_;                                                              \
    } while (0)
EXPORT("wmpi_neighbor_allgather") int wmpi_neighbor_allgather(int nb, const void *sbuf, int scount, MPI_Datatype stype,
                                                              void *rbuf, int rcount, MPI_Datatype rtype, MPI_Comm comm)
{
    NEIGHBOR(nb, allgather, sbuf, scount, stype, rbuf, rcount, rtype, comm);
}
EXPORT("wmpi_neighbor_allgatherv") int wmpi_neighbor_allgatherv(int nb, const void *sbuf, int scount, MPI_Datatype stype,
                                                                void *rbuf, const int *rcounts, const int *displs,
                                                                MPI_Datatype rtype, MPI_Comm comm)
{
    NEIGHBOR(nb, allgatherv, sbuf, scount, stype, rbuf, rcounts, displs, rtype, comm);
}
EXPORT("wmpi_neighbor_alltoall") int wmpi_neighbor_alltoall(int nb, const void *sbuf, int scount, MPI_Datatype stype,
                                                            void *rbuf, int rcount, MPI_Datatype rtype, MPI_Comm comm)
{
    NEIGHBOR(nb, alltoall, sbuf, scount, stype, rbuf, rcount, rtype, comm);
}
EXPORT("wmpi_neighbor_alltoallv") int wmpi_neighbor_alltoallv(int nb, const void *sbuf, const int *scounts,
                                                              const int *sdispls, MPI_Datatype stype, void *rbuf,
                                                              const int *rcounts, const int *rdispls, MPI_Datatype rtype,
                                                              MPI_Comm comm)
{
    NEIGHBOR(nb, alltoallv, sbuf, scounts, sdispls, stype, rbuf, rcounts, rdispls, rtype, comm);
}
/* Byte displacements are MPI_Aint, 32 bits on wasm32. */
EXPORT("wmpi_neighbor_alltoallw") int wmpi_neighbor_alltoallw(int nb, const void *sbuf, const int *scounts,
                                                              const MPI_Aint *sdispls, const MPI_Datatype *stypes,
                                                              void *rbuf, const int *rcounts, const MPI_Aint *rdispls,
                                                              const MPI_Datatype *rtypes, MPI_Comm comm)
{
    NEIGHBOR(nb, alltoallw, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes, comm);
}
#undef NEIGHBOR

/* ---- collectives (issue 4) ----
 * nb != 0 starts the nonblocking form and returns its request in out[0].
 * Scalar counts are doubles (the large-count forms, named in errors as the
 * plain MPI call); the count and displacement arrays of the vector forms are
 * int arrays in linear memory. */
#define COLL(nb, iname, name, ...)                                                  \
    do {                                                                            \
        MPI_Request r_ = MPI_REQUEST_NULL;                                          \
        int rc_ = (nb) ? MPI_##iname(__VA_ARGS__, &r_) : MPI_##name(__VA_ARGS__);  \
        out[0] = r_;                                                                \
        return rc_;                                                                 \
    } while (0)
/* The MPIR_Coll_* forms take the call's name and (nonblocking, request) last. */
#define NAMED(nb, iname, name, fn, ...)                                                          \
    do {                                                                                         \
        MPI_Request r_ = MPI_REQUEST_NULL;                                                       \
        int rc_ = MPIR_Coll_##fn((nb) ? "MPI_" #iname : "MPI_" #name, __VA_ARGS__, (nb) != 0, (nb) ? &r_ : NULL); \
        out[0] = r_;                                                                             \
        return rc_;                                                                              \
    } while (0)
#define C(x) ((MPI_Count)(x))
EXPORT("wmpi_barrier") int wmpi_barrier(int nb, MPI_Comm comm) { NAMED(nb, Ibarrier, Barrier, barrier, comm); }
EXPORT("wmpi_bcast") int wmpi_bcast(int nb, void *buf, double count, MPI_Datatype t, int root, MPI_Comm comm)
{
    NAMED(nb, Ibcast, Bcast, bcast, buf, C(count), t, root, comm);
}
EXPORT("wmpi_gather") int wmpi_gather(int nb, const void *sb, double sc, MPI_Datatype st, void *rb, double rc,
                                      MPI_Datatype rt, int root, MPI_Comm comm)
{
    NAMED(nb, Igather, Gather, gather, sb, C(sc), st, rb, C(rc), NULL, NULL, rt, root, comm, 0);
}
EXPORT("wmpi_gatherv") int wmpi_gatherv(int nb, const void *sb, double sc, MPI_Datatype st, void *rb, const int *rcs,
                                        const int *displs, MPI_Datatype rt, int root, MPI_Comm comm)
{
    COLL(nb, Igatherv, Gatherv, sb, (int)sc, st, rb, rcs, displs, rt, root, comm);
}
EXPORT("wmpi_scatter") int wmpi_scatter(int nb, const void *sb, double sc, MPI_Datatype st, void *rb, double rc,
                                        MPI_Datatype rt, int root, MPI_Comm comm)
{
    NAMED(nb, Iscatter, Scatter, scatter, sb, C(sc), NULL, NULL, st, rb, C(rc), rt, root, comm, 0);
}
EXPORT("wmpi_scatterv") int wmpi_scatterv(int nb, const void *sb, const int *scs, const int *displs, MPI_Datatype st,
                                          void *rb, double rc, MPI_Datatype rt, int root, MPI_Comm comm)
{
    COLL(nb, Iscatterv, Scatterv, sb, scs, displs, st, rb, (int)rc, rt, root, comm);
}
EXPORT("wmpi_allgather") int wmpi_allgather(int nb, const void *sb, double sc, MPI_Datatype st, void *rb, double rc,
                                            MPI_Datatype rt, MPI_Comm comm)
{
    NAMED(nb, Iallgather, Allgather, allgather, sb, C(sc), st, rb, C(rc), NULL, NULL, rt, comm, 0);
}
EXPORT("wmpi_allgatherv") int wmpi_allgatherv(int nb, const void *sb, double sc, MPI_Datatype st, void *rb,
                                              const int *rcs, const int *displs, MPI_Datatype rt, MPI_Comm comm)
{
    COLL(nb, Iallgatherv, Allgatherv, sb, (int)sc, st, rb, rcs, displs, rt, comm);
}
EXPORT("wmpi_alltoall") int wmpi_alltoall(int nb, const void *sb, double sc, MPI_Datatype st, void *rb, double rc,
                                          MPI_Datatype rt, MPI_Comm comm)
{
    NAMED(nb, Ialltoall, Alltoall, alltoall, sb, C(sc), st, rb, C(rc), rt, comm);
}
EXPORT("wmpi_alltoallv") int wmpi_alltoallv(int nb, const void *sb, const int *scs, const int *sds, MPI_Datatype st,
                                            void *rb, const int *rcs, const int *rds, MPI_Datatype rt, MPI_Comm comm)
{
    COLL(nb, Ialltoallv, Alltoallv, sb, scs, sds, st, rb, rcs, rds, rt, comm);
}
EXPORT("wmpi_alltoallw") int wmpi_alltoallw(int nb, const void *sb, const int *scs, const int *sds,
                                            const MPI_Datatype *sts, void *rb, const int *rcs, const int *rds,
                                            const MPI_Datatype *rts, MPI_Comm comm)
{
    COLL(nb, Ialltoallw, Alltoallw, sb, scs, sds, sts, rb, rcs, rds, rts, comm);
}
EXPORT("wmpi_reduce") int wmpi_reduce(int nb, const void *sb, void *rb, double count, MPI_Datatype t, MPI_Op op,
                                      int root, MPI_Comm comm)
{
    NAMED(nb, Ireduce, Reduce, reduce, sb, rb, C(count), t, op, root, comm);
}
EXPORT("wmpi_allreduce") int wmpi_allreduce(int nb, const void *sb, void *rb, double count, MPI_Datatype t, MPI_Op op,
                                            MPI_Comm comm)
{
    NAMED(nb, Iallreduce, Allreduce, allreduce, sb, rb, C(count), t, op, comm);
}
EXPORT("wmpi_reduce_scatter_block") int wmpi_reduce_scatter_block(int nb, const void *sb, void *rb, double count,
                                                                  MPI_Datatype t, MPI_Op op, MPI_Comm comm)
{
    NAMED(nb, Ireduce_scatter_block, Reduce_scatter_block, reduce_scatter, sb, rb, C(count), NULL, t, op, comm, 1);
}
EXPORT("wmpi_reduce_scatter") int wmpi_reduce_scatter(int nb, const void *sb, void *rb, const int *rcs, MPI_Datatype t,
                                                      MPI_Op op, MPI_Comm comm)
{
    COLL(nb, Ireduce_scatter, Reduce_scatter, sb, rb, rcs, t, op, comm);
}
/* exclusive != 0: MPI_Exscan */
EXPORT("wmpi_scan") int wmpi_scan(int nb, int exclusive, const void *sb, void *rb, double count, MPI_Datatype t,
                                  MPI_Op op, MPI_Comm comm)
{
    if (exclusive)
        NAMED(nb, Iexscan, Exscan, scan, sb, rb, C(count), t, op, comm, 1);
    NAMED(nb, Iscan, Scan, scan, sb, rb, C(count), t, op, comm, 0);
}

/* ---- reduction operations ---- */
/* An op whose function is the JS function the runtime registered as js_id (user-ops.ts). */
EXPORT("wmpi_op_create_js") int wmpi_op_create_js(int js_id, int commute)
{
    MPI_Op op = MPI_OP_NULL;
    int rc = MPIR_Op_create_js(js_id, commute, &op);
    out[0] = op;
    return rc;
}
EXPORT("wmpi_op_free") int wmpi_op_free(MPI_Op op) { return MPI_Op_free(&op); }
EXPORT("wmpi_op_commutative") int wmpi_op_commutative(MPI_Op op)
{
    int commute = 0, rc = MPI_Op_commutative(op, &commute);
    out[0] = commute;
    return rc;
}
/* out[0]: the extent of t (what a JS op function's byte view of count elements spans). */
EXPORT("wmpi_op_type_extent") int wmpi_op_type_extent(MPI_Datatype t)
{
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_get_extent(t, &lb, &extent);
    out[0] = extent;
    return rc;
}
EXPORT("wmpi_reduce_local") int wmpi_reduce_local(const void *in, void *inout, double count, MPI_Datatype t, MPI_Op op)
{
    return MPI_Reduce_local_c(in, inout, (MPI_Count)count, t, op);
}

/* ---- derived datatypes: constructors put the new handle in out[0]; arrays
 * are int32 (MPI_Aint is 32-bit on wasm32) in this memory ---- */
EXPORT("wmpi_type_contiguous") int wmpi_type_contiguous(int count, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_contiguous(count, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_vector") int wmpi_type_vector(int count, int bl, int stride, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_vector(count, bl, stride, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_hvector") int wmpi_type_hvector(int count, int bl, MPI_Aint stride, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_hvector(count, bl, stride, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_indexed") int wmpi_type_indexed(int count, const int *bls, const int *disps, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_indexed(count, bls, disps, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_hindexed") int wmpi_type_hindexed(int count, const int *bls, const MPI_Aint *disps, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_hindexed(count, bls, disps, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_indexed_block") int wmpi_type_indexed_block(int count, int bl, const int *disps, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_indexed_block(count, bl, disps, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_hindexed_block") int wmpi_type_hindexed_block(int count, int bl, const MPI_Aint *disps,
                                                                  MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_hindexed_block(count, bl, disps, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_struct") int wmpi_type_struct(int count, const int *bls, const MPI_Aint *disps,
                                                const MPI_Datatype *types)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_struct(count, bls, disps, types, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_subarray") int wmpi_type_subarray(int ndims, const int *sizes, const int *subsizes,
                                                    const int *starts, int order, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_subarray(ndims, sizes, subsizes, starts, order, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_darray") int wmpi_type_darray(int size, int rank, int ndims, const int *gsizes, const int *distribs,
                                                const int *dargs, const int *psizes, int order, MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_darray(size, rank, ndims, gsizes, distribs, dargs, psizes, order, old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_resized") int wmpi_type_resized(MPI_Datatype old, MPI_Aint lb, MPI_Aint extent)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_resized(old, lb, extent, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_dup") int wmpi_type_dup(MPI_Datatype old)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_dup(old, &t);
    out[0] = t;
    return rc;
}
EXPORT("wmpi_type_commit") int wmpi_type_commit(MPI_Datatype t) { return MPI_Type_commit(&t); }
EXPORT("wmpi_type_free") int wmpi_type_free(MPI_Datatype t) { return MPI_Type_free(&t); }
/* out: size, lb, extent, true lb, true extent, contiguous (count elements are one run at true lb) */
EXPORT("wmpi_type_info") int wmpi_type_info(MPI_Datatype t)
{
    MPI_Count size = 0, lb = 0, extent = 0, tlb = 0, text = 0;
    MPI_Aint at;
    int rc = MPI_Type_size_c(t, &size);
    if (rc == MPI_SUCCESS)
        rc = MPI_Type_get_extent_c(t, &lb, &extent);
    if (rc == MPI_SUCCESS)
        rc = MPI_Type_get_true_extent_c(t, &tlb, &text);
    out[0] = size;
    out[1] = lb;
    out[2] = extent;
    out[3] = tlb;
    out[4] = text;
    out[5] = rc == MPI_SUCCESS && MPIR_Typed_is_contig(t, &at);
    return rc;
}
/* out: num_integers, num_addresses, num_datatypes, combiner */
EXPORT("wmpi_type_envelope") int wmpi_type_envelope(MPI_Datatype t)
{
    int ni = 0, na = 0, nd = 0, combiner = 0;
    int rc = MPI_Type_get_envelope(t, &ni, &na, &nd, &combiner);
    out[0] = ni;
    out[1] = na;
    out[2] = nd;
    out[3] = combiner;
    return rc;
}
EXPORT("wmpi_type_contents") int wmpi_type_contents(MPI_Datatype t, int ni, int na, int nd, int *ints, MPI_Aint *aints,
                                                    MPI_Datatype *types)
{
    return MPI_Type_get_contents(t, ni, na, nd, ints, aints, types);
}
EXPORT("wmpi_type_set_name") int wmpi_type_set_name(MPI_Datatype t, const char *name) { return MPI_Type_set_name(t, name); }
EXPORT("wmpi_type_get_name") int wmpi_type_get_name(MPI_Datatype t, char *buf)
{
    int len = 0, rc = MPI_Type_get_name(t, buf, &len);
    out[0] = len;
    return rc;
}
/* Packs at position (out[0]: the position after); external: external32. */
EXPORT("wmpi_pack") int wmpi_pack(int external, const void *in, double count, MPI_Datatype t, void *outbuf,
                                  double outsize, double position, MPI_Comm comm)
{
    MPI_Count pos = (MPI_Count)position;
    int rc;
    if (external) {
        MPI_Aint apos = (MPI_Aint)pos;
        rc = MPI_Pack_external("external32", in, (int)count, t, outbuf, (MPI_Aint)outsize, &apos);
        pos = apos;
    } else {
        rc = MPI_Pack_c(in, (MPI_Count)count, t, outbuf, (MPI_Count)outsize, &pos, comm);
    }
    out[0] = pos;
    return rc;
}
EXPORT("wmpi_unpack") int wmpi_unpack(int external, const void *in, double insize, double position, void *outbuf,
                                      double count, MPI_Datatype t, MPI_Comm comm)
{
    MPI_Count pos = (MPI_Count)position;
    int rc;
    if (external) {
        MPI_Aint apos = (MPI_Aint)pos;
        rc = MPI_Unpack_external("external32", in, (MPI_Aint)insize, &apos, outbuf, (int)count, t);
        pos = apos;
    } else {
        rc = MPI_Unpack_c(in, (MPI_Count)insize, &pos, outbuf, (MPI_Count)count, t, comm);
    }
    out[0] = pos;
    return rc;
}
EXPORT("wmpi_pack_size") int wmpi_pack_size(int external, double count, MPI_Datatype t, MPI_Comm comm)
{
    MPI_Count size = 0;
    int rc;
    if (external) {
        MPI_Aint s = 0;
        rc = MPI_Pack_external_size("external32", (int)count, t, &s);
        size = s;
    } else {
        rc = MPI_Pack_size_c((MPI_Count)count, t, comm, &size);
    }
    out[0] = size;
    return rc;
}
EXPORT("wmpi_type_match_size") int wmpi_type_match_size(int typeclass, int size)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_match_size(typeclass, size, &t);
    out[0] = t;
    return rc;
}
/* ---- end of derived datatypes ---- */
