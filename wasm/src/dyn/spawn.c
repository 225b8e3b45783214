/* Spawning (MPI-4.0 11.8): Comm_spawn, Comm_spawn_multiple, Comm_get_parent.
 *
 * The root opens a port and asks the host to start the children with its
 * name; the whole group then accepts on it, while the children's MPI_Init
 * connects to it over their MPI_COMM_WORLD (as MPICH's ch3 does). */
#include "dyn.h"
#include "../channel.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MPI_Comm parent = MPI_COMM_NULL;

int MPIR_Dyn_init(void)
{
    char port[MPI_MAX_PORT_NAME];
    if (wmpi_job_parent_port(port, sizeof port) <= 0)
        return MPI_SUCCESS;
    /* traced as part of MPI_Init (tracing starts in its MPID_Init): a spawned rank's trace shows it meeting its parents */
    MPIR_TRACE_CALL("MPI_Init", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_WORLD, MPIR_TRACE_NONE);
    MPIR_Comm *world = MPIR_Comm_get(MPI_COMM_WORLD);
    int rc = MPIR_Comm_connect("MPI_Init", port, 0, world, &parent);
    if (rc == MPI_SUCCESS)
        MPI_Comm_set_name(parent, "MPI_COMM_PARENT");
    return rc;
}

void MPIR_Dyn_forget_parent(MPI_Comm handle)
{
    if (handle == parent)
        parent = MPI_COMM_NULL;
}

void MPIR_Dyn_finalize(void)
{
    MPIR_Comm *c = parent == MPI_COMM_NULL ? NULL : MPIR_Comm_get(parent);
    parent = MPI_COMM_NULL;
    if (c != NULL)
        MPIR_Comm_release(c);
}

int MPI_Comm_get_parent(MPI_Comm *comm)
{
    MPIR_CHECK_INIT("MPI_Comm_get_parent");
    if (comm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Comm_get_parent", "null pointer (parent)");
    *comm = parent;
    return MPI_SUCCESS;
}

/* The request the host reads (dyn_spawn): NUL-terminated fields, per command
 *   command, maxprocs, argument count, the arguments, info key count, key, value, ...
 * Returns its length, or -1 when it does not fit in cap bytes. */
typedef struct {
    char *buf;
    size_t len, cap;
} request;

static int put(request *r, const char *s)
{
    size_t n = strlen(s) + 1;
    if (r->len + n > r->cap) {
        size_t cap = (r->cap ? r->cap : 256) * 2;
        while (cap < r->len + n)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (b == NULL)
            return MPI_ERR_NO_MEM;
        r->buf = b;
        r->cap = cap;
    }
    memcpy(r->buf + r->len, s, n);
    r->len += n;
    return MPI_SUCCESS;
}

static int put_int(request *r, long v)
{
    char s[24];
    snprintf(s, sizeof s, "%ld", v);
    return put(r, s);
}

static int put_info(request *r, MPI_Info info)
{
    int nkeys = 0, rc = info == MPI_INFO_NULL ? MPI_SUCCESS : MPI_Info_get_nkeys(info, &nkeys);
    if (rc == MPI_SUCCESS)
        rc = put_int(r, nkeys);
    for (int k = 0; k < nkeys && rc == MPI_SUCCESS; k++) {
        char key[MPI_MAX_INFO_KEY + 1], value[MPI_MAX_INFO_VAL + 1];
        int flag = 0;
        rc = MPI_Info_get_nthkey(info, k, key);
        if (rc == MPI_SUCCESS)
            rc = MPI_Info_get(info, key, MPI_MAX_INFO_VAL, value, &flag);
        if (rc == MPI_SUCCESS)
            rc = put(r, key);
        if (rc == MPI_SUCCESS)
            rc = put(r, flag ? value : "");
    }
    return rc;
}

/* The root's checks of the arguments only it reads; the total of maxprocs. */
static int check_root_args(const char *fc, int count, char *commands[], const int maxprocs[], const MPI_Info infos[],
                           int *total)
{
    if (count < 1)
        return MPIR_Err_set(MPI_ERR_ARG, fc, "invalid count %d (count): at least one command", count);
    if (commands == NULL || maxprocs == NULL || infos == NULL)
        return MPIR_Err_set(MPI_ERR_ARG, fc, "null pointer (%s)",
                            commands == NULL ? "array_of_commands" : maxprocs == NULL ? "array_of_maxprocs" : "array_of_info");
    *total = 0;
    for (int i = 0; i < count; i++) {
        if (commands[i] == NULL || commands[i][0] == '\0')
            return MPIR_Err_set(MPI_ERR_SPAWN, fc, "empty command %d (array_of_commands)", i);
        if (maxprocs[i] < 0 || maxprocs[i] > 1 << 16)
            return MPIR_Err_set(MPI_ERR_ARG, fc, "invalid maxprocs %d of command %d (array_of_maxprocs)",
                                maxprocs[i], i);
        if (infos[i] != MPI_INFO_NULL && !MPIR_Info_valid(infos[i]))
            return MPIR_Err_set(MPI_ERR_INFO, fc, "invalid info 0x%x of command %d (array_of_info)",
                                (unsigned)infos[i], i);
        *total += maxprocs[i];
        if (*total > 1 << 16)
            return MPIR_Err_set(MPI_ERR_ARG, fc, "more than %d processes in all (array_of_maxprocs)", 1 << 16);
    }
    return *total > 0 ? MPI_SUCCESS : MPIR_Err_set(MPI_ERR_ARG, fc, "no process to start: maxprocs are all 0");
}

static int build_request(request *r, int count, char *commands[], char **argvs[], const int maxprocs[],
                         const MPI_Info infos[])
{
    int rc = MPI_SUCCESS;
    for (int i = 0; i < count && rc == MPI_SUCCESS; i++) {
        char **argv = argvs == MPI_ARGVS_NULL ? MPI_ARGV_NULL : argvs[i];
        int nargs = 0;
        while (argv != MPI_ARGV_NULL && argv[nargs] != NULL)
            nargs++;
        rc = put(r, commands[i]);
        if (rc == MPI_SUCCESS)
            rc = put_int(r, maxprocs[i]);
        if (rc == MPI_SUCCESS)
            rc = put_int(r, nargs);
        for (int a = 0; a < nargs && rc == MPI_SUCCESS; a++)
            rc = put(r, argv[a]);
        if (rc == MPI_SUCCESS)
            rc = put_info(r, infos[i]);
    }
    return rc;
}

/* The root's part: a port, and the children started to connect to it. On
 * failure, *errcodes says why for each child. */
static int start_children(const char *fc, int count, char *commands[], char **argvs[], const int maxprocs[],
                          const MPI_Info infos[], int total, char *port, int *errcodes)
{
    request r = {0};
    int rc = build_request(&r, count, commands, argvs, maxprocs, infos);
    if (rc)
        MPIR_Err_set(rc, fc, "out of memory");
    else if ((rc = wmpi_dyn_open_port(port, MPI_MAX_PORT_NAME, 0)) != MPI_SUCCESS)
        MPIR_Err_set(rc, fc, "%s", rc == MPI_ERR_UNSUPPORTED_OPERATION ? "this job has no launcher to spawn with"
                                                                       : "the launcher could not open a port");
    else {
        char why[256] = "";
        rc = wmpi_dyn_spawn(r.buf, (int)r.len, port, errcodes, why, sizeof why);
        if (rc) {
            wmpi_dyn_close_port(port);
            MPIR_Err_set(rc, fc, "%s", why[0] ? why : "the launcher could not start the processes");
        }
    }
    if (rc)
        for (int i = 0; i < total; i++)
            errcodes[i] = rc;
    free(r.buf);
    return rc;
}

static int spawn(const char *fc, int count, char *array_of_commands[], char **array_of_argv[],
                 const int array_of_maxprocs[], const MPI_Info array_of_info[], int root, MPI_Comm comm,
                 MPI_Comm *intercomm, int array_of_errcodes[])
{
    MPIR_Comm *c;
    int rc = MPIR_Dyn_check_args(fc, root, comm, intercomm, "intercomm", &c);
    if (rc)
        return rc;
    /* the root says how it went (an error class); each child's code is the root's to report
     * (array_of_errcodes, like maxprocs, is significant only there: other ranks cannot know its length) */
    int status = MPI_SUCCESS, total = 0;
    char port[MPI_MAX_PORT_NAME] = "";
    if (c->rank == root) {
        int *codes = NULL;
        status = check_root_args(fc, count, array_of_commands, array_of_maxprocs, array_of_info, &total);
        if (status == MPI_SUCCESS && (codes = malloc(sizeof(int) * (size_t)total)) == NULL)
            status = MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory");
        if (status == MPI_SUCCESS)
            status = start_children(fc, count, array_of_commands, array_of_argv, array_of_maxprocs, array_of_info,
                                    total, port, codes);
        if (codes != NULL && array_of_errcodes != MPI_ERRCODES_IGNORE)
            memcpy(array_of_errcodes, codes, sizeof(int) * (size_t)total);
        free(codes);
    }
    rc = MPIR_Exchange_bcast(c, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, &status, sizeof status, root);
    if (rc)
        return MPIR_ERR(c, rc, fc, "telling the group how the spawn went failed");
    if (status != MPI_SUCCESS) {
        *intercomm = MPI_COMM_NULL;
        if (c->rank != root)
            MPIR_Err_set(status, fc, "the root (rank %d) could not start the processes", root);
        return MPIR_Err_raise(c, status);
    }
    rc = MPIR_Comm_accept(fc, port, root, c, intercomm);
    if (c->rank == root)
        wmpi_dyn_close_port(port);
    return rc;
}

int MPI_Comm_spawn_multiple(int count, char *array_of_commands[], char **array_of_argv[],
                            const int array_of_maxprocs[], const MPI_Info array_of_info[], int root, MPI_Comm comm,
                            MPI_Comm *intercomm, int array_of_errcodes[])
{
    MPIR_TRACE_CALL("MPI_Comm_spawn_multiple", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, root);
    return spawn("MPI_Comm_spawn_multiple", count, array_of_commands, array_of_argv, array_of_maxprocs, array_of_info,
                 root, comm, intercomm, array_of_errcodes);
}

int MPI_Comm_spawn(const char *command, char *argv[], int maxprocs, MPI_Info info, int root, MPI_Comm comm,
                   MPI_Comm *intercomm, int array_of_errcodes[])
{
    MPIR_TRACE_CALL("MPI_Comm_spawn", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, root);
    char *commands[1] = {(char *)command};
    char **argvs[1] = {argv};
    return spawn("MPI_Comm_spawn", 1, commands, argvs, &maxprocs, &info, root, comm, intercomm, array_of_errcodes);
}
