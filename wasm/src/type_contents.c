/* Datatype decoding: MPI_Type_get_envelope and MPI_Type_get_contents
 * (MPI-4.0 section 5.1.13). Each constructor records its arguments here. */
#include "datatype.h"
#include <stdlib.h>
#include <string.h>

int MPIR_Dtype_set_contents(MPIR_Dtype *t, int combiner, int nints, const int *ints, int naints,
                            const MPI_Aint *aints, int ntypes, const MPI_Datatype *types)
{
    t->combiner = combiner;
    t->ints = nints ? malloc((size_t)nints * sizeof *ints) : NULL;
    t->aints = naints ? malloc((size_t)naints * sizeof *aints) : NULL;
    t->types = ntypes ? malloc((size_t)ntypes * sizeof *types) : NULL;
    if ((nints && !t->ints) || (naints && !t->aints) || (ntypes && !t->types))
        return MPI_ERR_NO_MEM;
    if (nints)
        memcpy(t->ints, ints, (size_t)nints * sizeof *ints);
    if (naints)
        memcpy(t->aints, aints, (size_t)naints * sizeof *aints);
    for (int i = 0; i < ntypes; i++) {
        t->types[i] = types[i];
        MPIR_Dtype_addref(MPIR_Dtype_get(types[i])); /* the contents keep their types alive */
        t->ntypes = i + 1;
    }
    t->nints = nints;
    t->naints = naints;
    return MPI_SUCCESS;
}

int MPI_Type_get_envelope(MPI_Datatype datatype, int *num_integers, int *num_addresses, int *num_datatypes,
                          int *combiner)
{
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg("MPI_Type_get_envelope", datatype, "datatype", &t);
    if (rc)
        return rc;
    if (!num_integers || !num_addresses || !num_datatypes || !combiner)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Type_get_envelope", "null pointer (an output argument)");
    *num_integers = t->nints;
    *num_addresses = t->naints;
    *num_datatypes = t->ntypes;
    *combiner = t->combiner;
    return MPI_SUCCESS;
}

int MPI_Type_get_contents(MPI_Datatype datatype, int max_integers, int max_addresses, int max_datatypes,
                          int array_of_integers[], MPI_Aint array_of_addresses[], MPI_Datatype array_of_datatypes[])
{
    const char *fc = "MPI_Type_get_contents";
    MPIR_Dtype *t;
    int rc = MPIR_Dtype_arg(fc, datatype, "datatype", &t);
    if (rc)
        return rc;
    if (t->combiner == MPI_COMBINER_NAMED)
        return MPIR_ERR(NULL, MPI_ERR_TYPE, fc, "predefined datatype %s has no contents (datatype)", t->name);
    if (max_integers < t->nints)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "max_integers %d is less than %d (max_integers)", max_integers, t->nints);
    if (max_addresses < t->naints)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "max_addresses %d is less than %d (max_addresses)", max_addresses,
                        t->naints);
    if (max_datatypes < t->ntypes)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "max_datatypes %d is less than %d (max_datatypes)", max_datatypes,
                        t->ntypes);
    if ((t->nints && !array_of_integers) || (t->naints && !array_of_addresses) || (t->ntypes && !array_of_datatypes))
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (an output array)");
    if (t->nints)
        memcpy(array_of_integers, t->ints, (size_t)t->nints * sizeof *t->ints);
    if (t->naints)
        memcpy(array_of_addresses, t->aints, (size_t)t->naints * sizeof *t->aints);
    for (int i = 0; i < t->ntypes; i++) {
        /* a derived type comes back as a handle the caller frees (MPI-4.0 5.1.13) */
        MPIR_Dtype *child = MPIR_Dtype_get(t->types[i]);
        if (HANDLE_IS_DYNAMIC(t->types[i]))
            child->user_refs++;
        array_of_datatypes[i] = t->types[i];
    }
    return MPI_SUCCESS;
}
