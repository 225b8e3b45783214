/* MPI_Status: byte counts, elements, cancellation (MPI-4.0 sections 3.2.5, 3.8). */
#include "datatype.h"
#include <limits.h>

void MPIR_Status_set_bytes(MPI_Status *st, uint64_t bytes)
{
    st->count_lo = (int)(uint32_t)bytes;
    st->count_hi_and_cancelled = (int)(((uint32_t)(bytes >> 32) << 1) | ((uint32_t)st->count_hi_and_cancelled & 1u));
}

uint64_t MPIR_Status_get_bytes(const MPI_Status *st)
{
    return ((uint64_t)((uint32_t)st->count_hi_and_cancelled >> 1) << 32) | (uint32_t)st->count_lo;
}

void MPIR_Status_set_empty(MPI_Status *st)
{
    st->MPI_SOURCE = MPI_ANY_SOURCE;
    st->MPI_TAG = MPI_ANY_TAG;
    st->MPI_ERROR = MPI_SUCCESS;
    st->count_lo = 0;
    st->count_hi_and_cancelled = 0;
}

/* Whole elements of type in the status (elements: basic elements), or MPI_UNDEFINED. */
static int count_of(const char *fc, const MPI_Status *status, MPI_Datatype type, MPI_Count *count, int elements)
{
    if (status == NULL || status == MPI_STATUS_IGNORE)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null or ignored status (status)");
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg(fc, type, "datatype", &t);
    if (rc)
        return rc;
    uint64_t bytes = MPIR_Status_get_bytes(status);
    if (elements)
        *count = MPIR_Typerep_elements(t, (MPI_Count)bytes);
    else if (t->size == 0)
        *count = bytes == 0 ? 0 : MPI_UNDEFINED;
    else
        *count = bytes % (uint64_t)t->size ? MPI_UNDEFINED : (MPI_Count)(bytes / (uint64_t)t->size);
    return MPI_SUCCESS;
}

int MPI_Get_count_c(const MPI_Status *status, MPI_Datatype datatype, MPI_Count *count)
{
    return count_of("MPI_Get_count_c", status, datatype, count, 0);
}

/* The int forms: a count past INT_MAX is MPI_UNDEFINED. */
static int int_count_of(const char *fc, const MPI_Status *status, MPI_Datatype type, int *count, int elements)
{
    MPI_Count c;
    int rc = count_of(fc, status, type, &c, elements);
    if (rc == MPI_SUCCESS)
        *count = c > INT_MAX ? MPI_UNDEFINED : (int)c;
    return rc;
}

int MPI_Get_count(const MPI_Status *status, MPI_Datatype datatype, int *count)
{
    return int_count_of("MPI_Get_count", status, datatype, count, 0);
}

int MPI_Get_elements_c(const MPI_Status *status, MPI_Datatype datatype, MPI_Count *count)
{
    return count_of("MPI_Get_elements_c", status, datatype, count, 1);
}

int MPI_Get_elements(const MPI_Status *status, MPI_Datatype datatype, int *count)
{
    return int_count_of("MPI_Get_elements", status, datatype, count, 1);
}

int MPI_Status_set_elements(MPI_Status *status, MPI_Datatype datatype, int count)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Status_set_elements", datatype, "datatype", &t);
    if (rc)
        return rc;
    if (count < 0)
        return MPIR_ERR(NULL, MPI_ERR_COUNT, "MPI_Status_set_elements", "negative count %d (count)", count);
    MPIR_Status_set_bytes(status, (uint64_t)MPIR_Typerep_bytes_of_elements(t, count));
    return MPI_SUCCESS;
}

int MPI_Status_set_cancelled(MPI_Status *status, int flag)
{
    status->count_hi_and_cancelled = (status->count_hi_and_cancelled & ~1) | (flag ? 1 : 0);
    return MPI_SUCCESS;
}

int MPI_Test_cancelled(const MPI_Status *status, int *flag)
{
    if (status == NULL || status == MPI_STATUS_IGNORE)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Test_cancelled", "null or ignored status (status)");
    *flag = status->count_hi_and_cancelled & 1;
    return MPI_SUCCESS;
}
