/* The environment: initialization, finalization, version, clocks (MPI-4.0 chapter 11). */
#include "mpiimpl.h"
#include "channel.h"
#include "dyn/dyn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int MPIR_state = MPIR_PRE_INIT;
static int thread_level = MPI_THREAD_SINGLE;

static int init_common(const char *fc)
{
    if (MPIR_state != MPIR_PRE_INIT)
        return MPIR_ERR(NULL, MPI_ERR_OTHER, fc, "%s",
                        MPIR_state == MPIR_INITIALIZED ? "MPI is already initialized" : "called after MPI_Finalize");
    int rc = MPIR_Comm_init_builtins(wmpi_job_rank(), wmpi_job_size(), wmpi_job_world_vc());
    if (rc == MPI_SUCCESS)
        rc = MPID_Init();
    if (rc != MPI_SUCCESS)
        return MPIR_ERR(NULL, rc, fc, "could not start the device");
    MPIR_state = MPIR_INITIALIZED;
    /* a spawned job meets its parents before its program runs (MPI-4.0 11.8.2) */
    return MPIR_Dyn_init();
}

int MPI_Init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return init_common("MPI_Init");
}

int MPI_Init_thread(int *argc, char ***argv, int required, int *provided)
{
    (void)argc;
    (void)argv;
    if (required < MPI_THREAD_SINGLE || required > MPI_THREAD_MULTIPLE)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Init_thread", "invalid thread level %d (required)", required);
    int rc = init_common("MPI_Init_thread");
    /* A rank is one wasm instance on one JS thread: calls are serialized by construction. */
    if (rc == MPI_SUCCESS)
        thread_level = required < MPI_THREAD_SERIALIZED ? required : MPI_THREAD_SERIALIZED;
    if (rc == MPI_SUCCESS && provided)
        *provided = thread_level;
    return rc;
}

int MPI_Query_thread(int *provided)
{
    MPIR_CHECK_INIT("MPI_Query_thread");
    *provided = thread_level;
    return MPI_SUCCESS;
}

int MPI_Is_thread_main(int *flag)
{
    MPIR_CHECK_INIT("MPI_Is_thread_main");
    *flag = 1;
    return MPI_SUCCESS;
}

int MPI_Finalize(void)
{
    MPIR_CHECK_INIT("MPI_Finalize");
    MPIR_Comm_finalize_attrs(); /* MPI-4.0 11.2.4: callbacks run first, while MPI still works */
    MPIR_Bsend_finalize();
    MPIR_Dyn_finalize();
    MPID_Finalize();
    MPIR_Comm_free_builtins();
    MPIR_state = MPIR_FINALIZED;
    return MPI_SUCCESS;
}

int MPI_Initialized(int *flag)
{
    *flag = MPIR_state != MPIR_PRE_INIT;
    return MPI_SUCCESS;
}

int MPI_Finalized(int *flag)
{
    *flag = MPIR_state == MPIR_FINALIZED;
    return MPI_SUCCESS;
}

int MPI_Abort(MPI_Comm comm, int errorcode)
{
    (void)comm; /* every communicator aborts the whole job, as in MPICH */
    char msg[64];
    snprintf(msg, sizeof msg, "MPI_Abort(errorcode=%d)", errorcode);
    wmpi_job_abort(errorcode, msg);
    return MPI_SUCCESS;
}

int MPI_Get_processor_name(char *name, int *resultlen)
{
    int n = wmpi_host_name(name, MPI_MAX_PROCESSOR_NAME);
    *resultlen = n;
    return MPI_SUCCESS;
}

int MPI_Get_version(int *version, int *subversion)
{
    *version = MPI_VERSION;
    *subversion = MPI_SUBVERSION;
    return MPI_SUCCESS;
}

int MPI_Get_library_version(char *version, int *resultlen)
{
    int n = snprintf(version, MPI_MAX_LIBRARY_VERSION_STRING,
                     "wmpi %s (MPI %d.%d, WebAssembly ch3-style core)", WMPI_VERSION_STRING, MPI_VERSION,
                     MPI_SUBVERSION);
    *resultlen = n;
    return MPI_SUCCESS;
}

double MPI_Wtime(void) { return wmpi_host_now(); }

double MPI_Wtick(void) { return 1e-6; }

int MPIR_Alloc_mem(const char *fc, uint64_t size, void **baseptr)
{
    void *p = size <= SIZE_MAX - 0xffff ? MPIR_Malloc((size_t)size) : NULL;
    if (p == NULL && size > 0)
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "cannot allocate %llu bytes in this rank's memory (size)",
                        (unsigned long long)size);
    *baseptr = p;
    return MPI_SUCCESS;
}

int MPI_Alloc_mem(MPI_Aint size, MPI_Info info, void *baseptr)
{
    (void)info;
    /* (after MPI_Finalize the memory would outlive the library that gave it) */
    MPIR_CHECK_INIT("MPI_Alloc_mem");
    if (size < 0)
        return MPIR_ERR(NULL, MPI_ERR_SIZE, "MPI_Alloc_mem", "negative size %ld (size)", (long)size);
    return MPIR_Alloc_mem("MPI_Alloc_mem", (uint64_t)size, (void **)baseptr);
}

int MPI_Free_mem(void *base)
{
    MPIR_Free(base);
    return MPI_SUCCESS;
}
