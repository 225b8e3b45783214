/* Rabenseifner's building blocks (rabenseifner.c), shared by Allreduce and Reduce. */
#ifndef WMPI_COLL_RABENSEIFNER_H
#define WMPI_COLL_RABENSEIFNER_H

#include "coll.h"

typedef struct MPIR_Rsa {
    int pof2, rem;      /* the largest power of two <= size; size - pof2 */
    int newrank;        /* among the pof2 (-1: folded into its neighbour) */
    MPI_Count *cnts;    /* the pof2 pieces of the vector: counts and displacements in elements */
    MPI_Count *disps;
    int send_idx, last_idx; /* after the reduce-scatter: where the gathering phase starts */
} MPIR_Rsa;

/* The real rank of a new rank (the first 2*rem ranks pair up; the odd one stays). */
int MPIR_Rsa_real_rank(int newrank, int rem);
/* The pieces of count elements; 0 when out of memory (the schedule reports it). */
int MPIR_Rsa_init(MPIR_Sched *s, MPIR_Rsa *r, MPI_Count count, MPIR_Comm *comm);
/* The first 2*rem ranks pair up: the even one's acc is reduced into the odd
 * one's (tmp: room for count elements); returns the new rank or -1. */
int MPIR_Rsa_fold_in(MPIR_Sched *s, void *acc, void *tmp, MPI_Count count, MPI_Datatype type, MPI_Op op, int rem,
                     MPIR_Comm *comm);
/* The odd rank of a pair hands the result back to the even one. */
void MPIR_Rsa_fold_out(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int rem, MPIR_Comm *comm);
/* Recursive halving among the new ranks (r->newrank != -1): each ends with its piece of the reduction in acc. */
void MPIR_Rsa_reduce_scatter(MPIR_Sched *s, MPIR_Rsa *r, char *acc, char *tmp, MPI_Datatype type, MPI_Op op,
                             MPIR_Comm *comm);
/* Recursive doubling among the new ranks: every one ends with the whole vector. */
void MPIR_Rsa_allgather(MPIR_Sched *s, MPIR_Rsa *r, char *acc, MPI_Datatype type, MPIR_Comm *comm);
/* Binomial gather of the pieces into the root's acc (also when the root sat out the halving). */
void MPIR_Rsa_gather(MPIR_Sched *s, MPIR_Rsa *r, char *acc, MPI_Datatype type, int root, MPIR_Comm *comm);

#endif
