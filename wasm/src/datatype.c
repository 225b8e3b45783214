/* Predefined datatypes (MPI-4.0 section 3.2.2): the size is encoded in the handle. */
#include "mpiimpl.h"

int MPIR_Datatype_size(MPI_Datatype type)
{
    if (!HANDLE_IS_BUILTIN(type) || HANDLE_KIND(type) != WMPI_KIND_DATATYPE)
        return -1;
    unsigned index = (unsigned)type & 0xffu;
    if (index == 0 || index >= WMPI_NUM_BUILTIN_TYPES)
        return -1;
    return ((unsigned)type >> 8) & 0xffu;
}

int MPI_Type_size_c(MPI_Datatype datatype, MPI_Count *size)
{
    int s = MPIR_Datatype_size(datatype);
    if (s < 0)
        return MPIR_ERR(NULL, MPI_ERR_TYPE, "MPI_Type_size", "invalid datatype (datatype)");
    *size = s;
    return MPI_SUCCESS;
}

int MPI_Type_size(MPI_Datatype datatype, int *size)
{
    MPI_Count s;
    int rc = MPI_Type_size_c(datatype, &s);
    if (rc == MPI_SUCCESS)
        *size = (int)s;
    return rc;
}

int MPI_Type_get_extent(MPI_Datatype datatype, MPI_Aint *lb, MPI_Aint *extent)
{
    int s = MPIR_Datatype_size(datatype);
    if (s < 0)
        return MPIR_ERR(NULL, MPI_ERR_TYPE, "MPI_Type_get_extent", "invalid datatype (datatype)");
    *lb = 0;
    *extent = s;
    return MPI_SUCCESS;
}
