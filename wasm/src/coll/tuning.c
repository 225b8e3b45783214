/* Algorithm thresholds of the collectives: MPICH's defaults, overridable from the environment. */
#include "tuning.h"
#include <stdlib.h>

MPIR_Coll_tuning MPIR_coll_tuning;

static long env_long(const char *name, long fallback)
{
    const char *v = getenv(name);
    char *end;
    long n = v && *v ? strtol(v, &end, 0) : 0;
    return v && *v && *end == '\0' ? n : fallback;
}

void MPIR_Coll_tuning_init(void)
{
    MPIR_Coll_tuning *t = &MPIR_coll_tuning;
    t->bcast_short_msg = env_long("WMPI_COLL_BCAST_SHORT_MSG", 12288);
    t->bcast_min_procs = env_long("WMPI_COLL_BCAST_MIN_PROCS", 8);
    t->allgather_short_msg = env_long("WMPI_COLL_ALLGATHER_SHORT_MSG", 81920);
    t->allgather_long_msg = env_long("WMPI_COLL_ALLGATHER_LONG_MSG", 524288);
    /* bench/RESULTS.md "Algorithm choices": recursive doubling still wins at 4 KiB here,
     * Rabenseifner from 64 KiB (MPICH switches at 2 KiB) */
    t->allreduce_short_msg = env_long("WMPI_COLL_ALLREDUCE_SHORT_MSG", 16384);
    t->reduce_short_msg = env_long("WMPI_COLL_REDUCE_SHORT_MSG", 2048);
    t->alltoall_short_msg = env_long("WMPI_COLL_ALLTOALL_SHORT_MSG", 256);
    t->alltoall_min_procs = env_long("WMPI_COLL_ALLTOALL_MIN_PROCS", 8);
    /* every isend/irecv at once beat pairwise exchange up to 1 MiB blocks on 4 ranks
     * (MPICH: 32 KiB); each pairwise step is a wake-up when ranks share cores */
    t->alltoall_medium_msg = env_long("WMPI_COLL_ALLTOALL_MEDIUM_MSG", 1 << 20);
    t->redscat_commutative_long_msg = env_long("WMPI_COLL_REDSCAT_COMMUTATIVE_LONG_MSG", 524288);
}
