/* Predefined datatypes (MPI-4.0 section 3.2.2): the size is encoded in the handle. */
#include "mpiimpl.h"
#include <string.h>

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

/* The pair types of MPI_MAXLOC/MINLOC hold a value and an int with C's padding:
 * their handle records the extent; their size is the two members' sizes. */
static MPI_Count builtin_data_size(MPI_Datatype type, int extent)
{
    switch (type) {
    case MPI_FLOAT_INT: return 8;
    case MPI_DOUBLE_INT: return 12;
    case MPI_LONG_INT: return 8;
    case MPI_2INT: return 8;
    case MPI_SHORT_INT: return 6;
    case MPI_LONG_DOUBLE_INT: return 20;
    default: return extent;
    }
}

int MPIR_Datatype_query(MPI_Datatype type, MPIR_Datatype_info *info)
{
    int extent = MPIR_Datatype_size(type);
    if (extent < 0)
        return MPI_ERR_TYPE;
    info->size = builtin_data_size(type, extent);
    info->lb = info->true_lb = 0;
    info->extent = info->true_extent = extent;
    info->is_contig = info->size == extent;
    info->basic = type;
    return MPI_SUCCESS;
}

int MPIR_Localcopy(const void *src, MPI_Count scount, MPI_Datatype stype, void *dst, MPI_Count rcount,
                   MPI_Datatype rtype)
{
    int ssize = MPIR_Datatype_size(stype), rsize = MPIR_Datatype_size(rtype);
    if (ssize < 0 || rsize < 0)
        return MPI_ERR_TYPE;
    size_t sbytes = (size_t)scount * (size_t)ssize, rbytes = (size_t)rcount * (size_t)rsize;
    if (sbytes > rbytes)
        return MPI_ERR_TRUNCATE;
    if (sbytes > 0 && src != dst)
        memmove(dst, src, sbytes);
    return MPI_SUCCESS;
}
