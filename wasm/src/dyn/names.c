/* The name service (MPI-4.0 11.10.3): Publish_name, Lookup_name,
 * Unpublish_name. The launcher holds the names, so every job it started
 * (and every job those spawned) sees them. */
#include "dyn.h"
#include "../channel.h"

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
    return MPI_SUCCESS;
}

static int unsupported(const char *fc)
{
    return MPIR_ERR(NULL, MPI_ERR_UNSUPPORTED_OPERATION, fc, "this job has no launcher holding names");
}

int MPI_Publish_name(const char *service_name, MPI_Info info, const char *port_name)
{
    const char *fc = "MPI_Publish_name";
    int rc = check(fc, service_name, info, port_name);
    if (rc)
        return rc;
    rc = wmpi_dyn_name(PUBLISH, service_name, (char *)port_name, 0);
    if (rc == MPI_ERR_UNSUPPORTED_OPERATION)
        return unsupported(fc);
    return rc ? MPIR_ERR(NULL, rc, fc, "\"%.64s\" is published already (service_name)", service_name) : MPI_SUCCESS;
}

int MPI_Lookup_name(const char *service_name, MPI_Info info, char *port_name)
{
    const char *fc = "MPI_Lookup_name";
    int rc = check(fc, service_name, info, port_name);
    if (rc)
        return rc;
    rc = wmpi_dyn_name(LOOKUP, service_name, port_name, MPI_MAX_PORT_NAME);
    if (rc == MPI_ERR_UNSUPPORTED_OPERATION)
        return unsupported(fc);
    return rc ? MPIR_ERR(NULL, rc, fc, "no port is published as \"%.64s\" (service_name)", service_name)
              : MPI_SUCCESS;
}

int MPI_Unpublish_name(const char *service_name, MPI_Info info, const char *port_name)
{
    const char *fc = "MPI_Unpublish_name";
    int rc = check(fc, service_name, info, port_name);
    if (rc)
        return rc;
    rc = wmpi_dyn_name(UNPUBLISH, service_name, (char *)port_name, 0);
    if (rc == MPI_ERR_UNSUPPORTED_OPERATION)
        return unsupported(fc);
    return rc ? MPIR_ERR(NULL, rc, fc, "\"%.64s\" is not published with that port (service_name)", service_name)
              : MPI_SUCCESS;
}
