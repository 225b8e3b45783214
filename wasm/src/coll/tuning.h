/* Algorithm thresholds of the collectives, in one place (MPICH's CVAR
 * defaults). Each can be overridden by a WMPI_COLL_* environment variable read
 * once at MPI_Init (MPIR_Coll_tuning_init). */
#ifndef WMPI_COLL_TUNING_H
#define WMPI_COLL_TUNING_H

typedef struct MPIR_Coll_tuning {
    long bcast_short_msg;      /* below: binomial tree (WMPI_COLL_BCAST_SHORT_MSG) */
    long bcast_min_procs;      /* fewer ranks: binomial tree at any size (WMPI_COLL_BCAST_MIN_PROCS) */
    long allgather_short_msg;  /* total bytes below: Bruck on non-powers of two (WMPI_COLL_ALLGATHER_SHORT_MSG) */
    long allgather_long_msg;   /* total bytes below: recursive doubling on powers of two, else ring */
    long allreduce_short_msg;  /* below: recursive doubling, else Rabenseifner (WMPI_COLL_ALLREDUCE_SHORT_MSG) */
    long reduce_short_msg;     /* below: binomial, else Rabenseifner (WMPI_COLL_REDUCE_SHORT_MSG) */
    long alltoall_short_msg;   /* bytes per block up to this, with >= alltoall_min_procs ranks: Bruck */
    long alltoall_min_procs;
    long alltoall_medium_msg;  /* bytes per block below: every isend/irecv at once, else pairwise */
    long redscat_commutative_long_msg; /* total bytes below: recursive halving, else pairwise */
} MPIR_Coll_tuning;

extern MPIR_Coll_tuning MPIR_coll_tuning;
void MPIR_Coll_tuning_init(void);

#endif
