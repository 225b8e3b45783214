/* The predefined reduction operations on the predefined datatypes (op_predefined.c). */
#ifndef WMPI_OP_PREDEFINED_H
#define WMPI_OP_PREDEFINED_H

#include "mpi.h"
#include <stddef.h>

/* Index of a predefined op (1 for MPI_MAX ... 14 for MPI_NO_OP), or 0 if op is not one. */
int MPIR_Op_builtin_index(MPI_Op op);
/* Whether predefined op applies to predefined datatype basic (MPI-4.0 6.9.2;
 * MPI_REPLACE and MPI_NO_OP apply to every predefined datatype). */
int MPIR_Op_builtin_applies(MPI_Op op, MPI_Datatype basic);
/* inout[i] = in[i] op inout[i] for n elements of basic laid out at its extent;
 * the caller has checked that op applies. Reads and writes go through memcpy,
 * so the buffers need no alignment. */
void MPIR_Op_builtin_apply(MPI_Op op, MPI_Datatype basic, const void *in, void *inout, size_t n);
/* "MPI_INT" for a predefined datatype, NULL for any other handle. */
const char *MPIR_Builtin_type_name(MPI_Datatype type);

#endif
