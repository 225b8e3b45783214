/* What the dynamic-process test programs share, beside the conformance suite's
 * ctest.h (CHECK, the error count, ctest_finish): spawned jobs send their
 * count to the parents' rank 0, which adds it to its own before the first
 * job's verdict; and an error's class. */
#ifndef DYN_TEST_H
#define DYN_TEST_H

#include "../conformance/ctest.h"

/* A spawned job: sends its total count to the parents' rank 0 over parent. */
static void report_to_parent(MPI_Comm parent)
{
    int total = 0, rank;
    MPI_Reduce(&ctest_errs, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0)
        MPI_Send(&total, 1, MPI_INT, 0, 999, parent);
}

/* The parents: rank 0 adds the children's count (sent over inter by report_to_parent). */
static void collect_from_children(MPI_Comm inter)
{
    int rank, theirs = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0) {
        MPI_Recv(&theirs, 1, MPI_INT, 0, 999, inter, MPI_STATUS_IGNORE);
        ctest_errs += theirs;
    }
}

/* The class of an error code (MPI_SUCCESS stays itself). */
static int error_class(int rc)
{
    int c = rc;
    MPI_Error_class(rc, &c);
    return c;
}

#endif
