/* Dynamic processes (MPI-4.0 chapter 11.8-11.10): ports, the name service,
 * spawning. Built like MPICH's ch3: spawning starts the children through the
 * host, then the parents accept on a port the children connect to. */
#ifndef WMPI_DYN_H
#define WMPI_DYN_H

#include "../mpiimpl.h"

/* The arguments every rank checks in Comm_accept, Comm_connect and
 * Comm_spawn(_multiple): comm an intracommunicator, root one of its ranks,
 * and the new communicator's pointer (named newcomm_name in the message). */
int MPIR_Dyn_check_args(const char *fc, int root, MPI_Comm handle, MPI_Comm *newcomm, const char *newcomm_name,
                        MPIR_Comm **comm);
/* Comm_accept / Comm_connect named fc (MPI_Comm_spawn accepts, a spawned
 * job's MPI_Init connects). */
int MPIR_Comm_accept(const char *fc, const char *port_name, int root, MPIR_Comm *comm, MPI_Comm *newcomm);
int MPIR_Comm_connect(const char *fc, const char *port_name, int root, MPIR_Comm *comm, MPI_Comm *newcomm);
/* MPI_Init of a spawned job: connects to its parents (Comm_get_parent's communicator). */
int MPIR_Dyn_init(void);
/* MPI_Comm_free: a freed parent communicator is no longer Comm_get_parent's. */
void MPIR_Dyn_forget_parent(MPI_Comm handle);
/* MPI_Finalize: lets go of the parent communicator. */
void MPIR_Dyn_finalize(void);

#endif
