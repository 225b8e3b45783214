/* Ports (MPI-4.0 11.10.2): Open_port, Close_port, Comm_accept, Comm_connect,
 * Comm_disconnect.
 *
 * A port is a name the host gives out; it stands for the vc of the rank that
 * opened it and a number there (that rank may be in another job: the host
 * gives it a vc here). The connecting root sends its name to that rank
 * on the context no communicator uses (MPIR_CONTEXT_PORT) with the port's tag;
 * the accepting root, waiting there, learns who connects. The two roots then
 * swap their groups and agree on a context id over a two-process link on the
 * same context, with a tag made from the connector's vc (one connect at a
 * time per rank), exactly as MPI_Intercomm_create's leaders do. */
#include "dyn.h"
#include "../channel.h"
#include "../coll/coll.h"
#include <stdlib.h>
#include <string.h>

#define PORT_TAG(id) (0x10000000 | (id))
#define LINK_TAG(vc) (0x20000000 | (vc))

int MPI_Open_port(MPI_Info info, char *port_name)
{
    const char *fc = "MPI_Open_port";
    MPIR_CHECK_INIT(fc);
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(NULL, MPI_ERR_INFO, fc, "invalid info 0x%x (info)", (unsigned)info);
    if (port_name == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (port_name)");
    int rc = wmpi_dyn_open_port(port_name, MPI_MAX_PORT_NAME, 1);
    if (rc)
        return MPIR_ERR(NULL, rc, fc, "%s", rc == MPI_ERR_UNSUPPORTED_OPERATION
                                               ? "this job has no launcher to open ports with"
                                               : "the launcher could not open a port");
    return MPI_SUCCESS;
}

int MPI_Close_port(const char *port_name)
{
    const char *fc = "MPI_Close_port";
    MPIR_CHECK_INIT(fc);
    if (port_name == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (port_name)");
    int rc = wmpi_dyn_close_port(port_name);
    return rc ? MPIR_ERR(NULL, rc, fc, "\"%.64s\" is not a port this rank opened (port_name)", port_name) : MPI_SUCCESS;
}

/* Seconds a connecting root waits for the port's owner to take its request
 * (WMPI_CONNECT_TIMEOUT, default 60): MPI-4.0 11.10.2 lets a connect that
 * nobody accepts fail with MPI_ERR_PORT, as MPICH's does after its timeout. */
static double connect_timeout(void)
{
    const char *v = getenv("WMPI_CONNECT_TIMEOUT");
    char *end;
    double t = v && *v ? strtod(v, &end) : 0;
    return v && *v && *end == '\0' && t > 0 ? t : 60;
}

/* The connecting root: waits until the accepting root says it took the
 * request (on the link's tag), or the timeout passes. */
static int await_accept(const char *fc, MPIR_Comm *link, int tag, const char *port_name)
{
    int taken = 0;
    MPIR_Request *r;
    int rc = MPIR_Irecv_typed(&taken, 1, MPI_INT, 0, tag, link, 0, &r);
    if (rc)
        return rc;
    double limit = connect_timeout(), deadline = wmpi_host_now() + limit;
    while (!r->complete && wmpi_host_now() < deadline)
        if (!MPID_Progress_poll())
            wmpi_chan_wait(10000);
    if (!r->complete && MPID_Cancel_recv(r)) {
        MPIR_Request_release(r);
        return MPIR_Err_set(MPI_ERR_PORT, fc, "nobody accepted on \"%.64s\" within %g s (port_name; WMPI_CONNECT_TIMEOUT)",
                            port_name, limit);
    }
    MPIR_Request_wait(r); /* (it completed as the timeout passed) */
    rc = r->error;
    MPIR_Request_release(r);
    return rc;
}

/* The two-process link between this rank and the root at vc (-1: not known yet). */
static MPIR_Comm *new_link(int vc)
{
    return MPIR_Comm_new(MPIR_CONTEXT_PORT, 0, 1, &MPIR_my_lpid, 1, &vc);
}

int MPIR_Dyn_check_args(const char *fc, int root, MPI_Comm handle, MPI_Comm *newcomm, const char *newcomm_name,
                        MPIR_Comm **comm)
{
    int rc = MPIR_Comm_check(fc, handle, comm);
    if (rc)
        return rc;
    if ((*comm)->is_inter)
        return MPIR_ERR(*comm, MPI_ERR_COMM, fc, "comm is an intercommunicator (comm)");
    if (root < 0 || root >= (*comm)->size)
        return MPIR_ERR(*comm, MPI_ERR_ROOT, fc, "invalid root %d (root): comm has %d ranks", root, (*comm)->size);
    if (newcomm == NULL)
        return MPIR_ERR(*comm, MPI_ERR_ARG, fc, "null pointer (%s)", newcomm_name);
    return MPI_SUCCESS;
}

/* Both sides once the roots are linked (or failed to link: `failure` at the
 * root is an error class): the root tells its group, then the groups join. */
static int join(const char *fc, MPIR_Comm *c, int root, MPIR_Comm *link, int tag, int failure, MPI_Comm *newcomm)
{
    int word[2] = {failure, tag};
    int rc = MPIR_Exchange_bcast(c, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, word, sizeof word, root);
    if (rc == MPI_SUCCESS && word[0] != MPI_SUCCESS)
        rc = c->rank == root ? word[0] : MPIR_Err_set(word[0], fc, "the root (rank %d) could not use the port", root);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Intercomm_join(fc, c, root, link, 0, word[1], 0, newcomm);
    else
        MPIR_Err_raise(c, rc);
    if (link)
        MPIR_Comm_release(link);
    return rc;
}

int MPIR_Comm_accept(const char *fc, const char *port_name, int root, MPIR_Comm *c, MPI_Comm *newcomm)
{
    MPIR_Comm *link = NULL;
    int failure = MPI_SUCCESS, tag = 0;
    if (c->rank == root) {
        int id = 0, vc = port_name ? wmpi_dyn_port_vc(port_name, &id) : -1;
        if (vc != MPIR_my_lpid) {
            failure = MPIR_Err_set(MPI_ERR_PORT, fc, "\"%.64s\" is not a port this rank opened (port_name)",
                                   port_name ? port_name : "(null)");
        } else if ((link = new_link(-1)) == NULL) {
            failure = MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory");
        } else {
            int from[2] = {0, -1}; /* the connecting root's name (channel.h) */
            failure = MPIR_Recv_typed(from, 2, MPI_INT, 0, PORT_TAG(id), link, 0, MPI_STATUS_IGNORE);
            if (failure == MPI_SUCCESS && (failure = wmpi_dyn_vcs(from, 1, &link->vcs[0])) != MPI_SUCCESS)
                failure = MPIR_Err_set(failure, fc, "cannot reach the connecting rank's job");
            tag = LINK_TAG(from[1]); /* its vc in its own job: the tag it waits on */
            if (failure == MPI_SUCCESS) /* the connecting root waits for this before its timeout */
                failure = MPIR_Send_typed(&from[1], 1, MPI_INT, 0, tag, link, 0);
        }
    }
    return join(fc, c, root, link, tag, failure, newcomm);
}

int MPIR_Comm_connect(const char *fc, const char *port_name, int root, MPIR_Comm *c, MPI_Comm *newcomm)
{
    MPIR_Comm *link = NULL;
    int failure = MPI_SUCCESS;
    if (c->rank == root) {
        int id = 0, vc = port_name ? wmpi_dyn_port_vc(port_name, &id) : -1;
        if (vc < 0)
            failure = MPIR_Err_set(MPI_ERR_PORT, fc, "no port \"%.64s\" is open (port_name)",
                                   port_name ? port_name : "(null)");
        else if (vc == MPIR_my_lpid)
            failure = MPIR_Err_set(MPI_ERR_PORT, fc, "\"%.64s\" is this rank's own port (port_name)", port_name);
        else if ((link = new_link(vc)) == NULL)
            failure = MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory");
        else {
            int me[2];
            wmpi_dyn_names(&MPIR_my_lpid, 1, me);
            if ((failure = MPIR_Send_typed(me, 2, MPI_INT, 0, PORT_TAG(id), link, 0)) == MPI_SUCCESS)
                failure = await_accept(fc, link, LINK_TAG(MPIR_my_lpid), port_name);
        }
    }
    return join(fc, c, root, link, LINK_TAG(MPIR_my_lpid), failure, newcomm);
}

int MPI_Comm_accept(const char *port_name, MPI_Info info, int root, MPI_Comm comm, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Comm_accept", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, root);
    const char *fc = "MPI_Comm_accept";
    MPIR_Comm *c;
    int rc = MPIR_Dyn_check_args(fc, root, comm, newcomm, "newcomm", &c);
    (void)info; /* no info keys are defined for it */
    return rc ? rc : MPIR_Comm_accept(fc, port_name, root, c, newcomm);
}

int MPI_Comm_connect(const char *port_name, MPI_Info info, int root, MPI_Comm comm, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Comm_connect", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, root);
    const char *fc = "MPI_Comm_connect";
    MPIR_Comm *c;
    int rc = MPIR_Dyn_check_args(fc, root, comm, newcomm, "newcomm", &c);
    (void)info;
    return rc ? rc : MPIR_Comm_connect(fc, port_name, root, c, newcomm);
}

/* MPI-4.0 11.10.4, as MPICH does it: each side opens a port and sends its
 * name over the socket; the side whose name sorts first accepts on its port,
 * the other connects to it, both over MPI_COMM_SELF. */
int MPI_Comm_join(int fd, MPI_Comm *intercomm)
{
    MPIR_TRACE_CALL("MPI_Comm_join", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_SELF, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_join";
    MPIR_CHECK_INIT(fc);
    if (intercomm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (intercomm)");
    char mine[MPI_MAX_PORT_NAME] = {0}, theirs[MPI_MAX_PORT_NAME] = {0};
    int rc = wmpi_dyn_open_port(mine, MPI_MAX_PORT_NAME, 1);
    if (rc)
        return MPIR_ERR(NULL, rc, fc, "cannot open a port to join over");
    rc = wmpi_dyn_fd_swap(fd, mine, theirs, MPI_MAX_PORT_NAME);
    theirs[MPI_MAX_PORT_NAME - 1] = '\0';
    int order = strcmp(mine, theirs);
    if (rc)
        rc = MPIR_ERR(NULL, rc, fc, "fd %d is not a connected socket this rank can exchange port names over (fd)", fd);
    else if (order == 0)
        rc = MPIR_ERR(NULL, MPI_ERR_ARG, fc, "the other end of fd %d is this rank's own port (fd)", fd);
    else {
        MPIR_Comm *self = MPIR_Comm_get(MPI_COMM_SELF);
        rc = order < 0 ? MPIR_Comm_accept(fc, mine, 0, self, intercomm) : MPIR_Comm_connect(fc, theirs, 0, self, intercomm);
    }
    wmpi_dyn_close_port(mine);
    return rc;
}

int MPI_Comm_disconnect(MPI_Comm *comm)
{
    MPIR_TRACE_CALL("MPI_Comm_disconnect", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm ? *comm : MPI_COMM_NULL, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_disconnect";
    if (comm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (comm)");
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, *comm, &c);
    if (rc)
        return rc;
    if (*comm == MPI_COMM_WORLD || *comm == MPI_COMM_SELF)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "cannot disconnect the predefined communicator %s (comm)", c->name);
    /* MPI-4.0 11.10.4: every process of both groups is done with comm once all have passed this */
    rc = MPIR_Coll_barrier(fc, *comm, 0, NULL);
    return rc ? rc : MPI_Comm_free(comm);
}
