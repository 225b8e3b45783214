/* What the dynamic-process test programs share: a check that counts failures,
 * and the report: every rank's count, the children's summed into the parents,
 * printed by world rank 0 of the first job as " No Errors" when all are 0. */
#ifndef DYN_TEST_H
#define DYN_TEST_H

#include <mpi.h>
#include <stdio.h>

static int errs;
#define CHECK(c, ...)                                                                        \
    do {                                                                                     \
        if (!(c)) {                                                                          \
            errs++;                                                                          \
            printf("%s:%d: check failed: %s: ", __FILE__, __LINE__, #c);                      \
            printf(__VA_ARGS__);                                                             \
            printf("\n");                                                                    \
        }                                                                                    \
    } while (0)

/* A spawned job: sends its total count to the parents' rank 0 over parent. */
static void report_to_parent(MPI_Comm parent)
{
    int mine = errs, total = 0;
    MPI_Reduce(&mine, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    int rank;
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
        errs += theirs;
    }
}

/* The first job's report, from world rank 0. */
static int report(void)
{
    int total = 0, rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Reduce(&errs, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        if (total == 0)
            printf(" No Errors\n");
        else
            printf(" Found %d errors\n", total);
    }
    fflush(stdout);
    return total != 0;
}

#endif
