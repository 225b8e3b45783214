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
    t->allreduce_short_msg = env_long("WMPI_COLL_ALLREDUCE_SHORT_MSG", 2048);
    t->reduce_short_msg = env_long("WMPI_COLL_REDUCE_SHORT_MSG", 2048);
    t->alltoall_short_msg = env_long("WMPI_COLL_ALLTOALL_SHORT_MSG", 256);
    t->alltoall_min_procs = env_long("WMPI_COLL_ALLTOALL_MIN_PROCS", 8);
    t->alltoall_medium_msg = env_long("WMPI_COLL_ALLTOALL_MEDIUM_MSG", 32768);
    t->redscat_commutative_long_msg = env_long("WMPI_COLL_REDSCAT_COMMUTATIVE_LONG_MSG", 524288);
}
