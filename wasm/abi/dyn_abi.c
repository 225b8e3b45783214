/* The exported ABI of dynamic processes (issue 9): what ts/abi/core.ts calls
 * for Spawn, ports and names. As in wmpi_abi.c only numbers cross: handles,
 * pointers to NUL-terminated strings and arrays the caller made in this rank's
 * memory. Every function returns an MPI error class; a new communicator goes
 * to out[0] (wmpi_out). Each blocks as its MPI call does. */
#include "../src/mpiimpl.h"

#define EXPORT(name) __attribute__((export_name(name)))

int64_t *wmpi_out(void);

static int out_handle(int rc, MPI_Comm h)
{
    wmpi_out()[0] = h;
    return rc;
}

/* MPI_Comm_spawn (single: its errors name it) or MPI_Comm_spawn_multiple. */
EXPORT("wmpi_comm_spawn")
int wmpi_comm_spawn(int single, int count, char **commands, char ***argvs, int *maxprocs, MPI_Info *infos, int root,
                    MPI_Comm comm, int *errcodes)
{
    MPI_Comm h = MPI_COMM_NULL;
    int rc = single ? MPI_Comm_spawn(commands[0], argvs[0], maxprocs[0], infos[0], root, comm, &h, errcodes)
                    : MPI_Comm_spawn_multiple(count, commands, argvs, maxprocs, infos, root, comm, &h, errcodes);
    return out_handle(rc, h);
}

EXPORT("wmpi_comm_get_parent") int wmpi_comm_get_parent(void)
{
    MPI_Comm h = MPI_COMM_NULL;
    return out_handle(MPI_Comm_get_parent(&h), h);
}

/* Accept (connect 0) or connect (1) on port_name. */
EXPORT("wmpi_comm_accept")
int wmpi_comm_accept(int connect, const char *port_name, MPI_Info info, int root, MPI_Comm comm)
{
    MPI_Comm h = MPI_COMM_NULL;
    int rc = connect ? MPI_Comm_connect(port_name, info, root, comm, &h) : MPI_Comm_accept(port_name, info, root, comm, &h);
    return out_handle(rc, h);
}

EXPORT("wmpi_comm_join") int wmpi_comm_join(int fd)
{
    MPI_Comm h = MPI_COMM_NULL;
    return out_handle(MPI_Comm_join(fd, &h), h);
}

EXPORT("wmpi_comm_disconnect") int wmpi_comm_disconnect(MPI_Comm comm) { return MPI_Comm_disconnect(&comm); }

/* port_name: MPI_MAX_PORT_NAME bytes. */
EXPORT("wmpi_open_port") int wmpi_open_port(MPI_Info info, char *port_name) { return MPI_Open_port(info, port_name); }
EXPORT("wmpi_close_port") int wmpi_close_port(const char *port_name) { return MPI_Close_port(port_name); }

/* op 0: publish, 1: lookup (port_name: MPI_MAX_PORT_NAME bytes to fill), 2: unpublish. */
EXPORT("wmpi_name")
int wmpi_name(int op, const char *service_name, MPI_Info info, char *port_name)
{
    return op == 0   ? MPI_Publish_name(service_name, info, port_name)
           : op == 1 ? MPI_Lookup_name(service_name, info, port_name)
                     : MPI_Unpublish_name(service_name, info, port_name);
}
