/* The name service (MPI-4.0 11.10.3): Publish_name, Lookup_name,
 * Unpublish_name. The launcher holds the names, so every job it started
 * (and every job those spawned) sees them. */
#include "dyn.h"
#include "../channel.h"
#include <string.h>

enum { PUBLISH, LOOKUP, UNPUBLISH };

static int check(const char *fc, const char *service, MPI_Info info, const char *port)
{
    MPIR_CHECK_INIT(fc);
    if (service == NULL || port == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (%s)", service == NULL ? "service_name" : "port_name");
    if (service[0] == '\0')
        return MPIR_ERR(NULL, MPI_ERR_SERVICE, fc, "empty service name (service_name)");
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(NULL, MPI_ERR_INFO, fc, "invalid info 0x%x (info)", (unsigned)info);
    if (strnlen(service, MPI_MAX_PORT_NAME) == MPI_MAX_PORT_NAME)
        return MPIR_ERR(NULL, MPI_ERR_SERVICE, fc, "service name of %d bytes or more (service_name)", MPI_MAX_PORT_NAME);
    return MPI_SUCCESS;
}

/* A port name that fits MPI_MAX_PORT_NAME (what Lookup_name can give back). */
static int check_port(const char *fc, const char *port)
{
    if (strnlen(port, MPI_MAX_PORT_NAME) == MPI_MAX_PORT_NAME)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "port name of %d bytes or more (port_name)", MPI_MAX_PORT_NAME);
    return MPI_SUCCESS;
}

/* Why the name service said no: its class, with the message that goes with it. */
static int refused(const char *fc, int rc, const char *service, const char *what, const char *why)
{
    if (rc == MPI_ERR_UNSUPPORTED_OPERATION)
        return MPIR_ERR(NULL, rc, fc, "this job has no launcher holding names");
    if (why[0])
        return MPIR_ERR(NULL, rc, fc, "the name service failed for \"%.64s\": %.160s", service, why);
    if (rc == MPI_ERR_SERVICE || rc == MPI_ERR_NAME)
        return MPIR_ERR(NULL, rc, fc, "\"%.64s\" %s (service_name)", service, what);
    return MPIR_ERR(NULL, rc, fc, "the name service failed for \"%.64s\"", service);
}

int MPI_Publish_name(const char *service_name, MPI_Info info, const char *port_name)
{
    const char *fc = "MPI_Publish_name";
    int rc = check(fc, service_name, info, port_name);
    if (rc)
        return rc;
    if ((rc = check_port(fc, port_name)) != MPI_SUCCESS)
        return rc;
    char why[192] = "";
    rc = wmpi_dyn_name(PUBLISH, service_name, (char *)port_name, 0, why, sizeof why);
    return rc ? refused(fc, rc, service_name, "is published already", why) : MPI_SUCCESS;
}

int MPI_Lookup_name(const char *service_name, MPI_Info info, char *port_name)
{
    const char *fc = "MPI_Lookup_name";
    int rc = check(fc, service_name, info, port_name);
    if (rc)
        return rc;
    char why[192] = "";
    rc = wmpi_dyn_name(LOOKUP, service_name, port_name, MPI_MAX_PORT_NAME, why, sizeof why);
    return rc ? refused(fc, rc, service_name, "is not published", why) : MPI_SUCCESS;
}

int MPI_Unpublish_name(const char *service_name, MPI_Info info, const char *port_name)
{
    const char *fc = "MPI_Unpublish_name";
    int rc = check(fc, service_name, info, port_name);
    if (rc)
        return rc;
    char why[192] = "";
    rc = wmpi_dyn_name(UNPUBLISH, service_name, (char *)port_name, 0, why, sizeof why);
    return rc ? refused(fc, rc, service_name, "is not published with that port", why) : MPI_SUCCESS;
}
