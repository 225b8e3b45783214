/* Helpers shared by the conformance programs (in the spirit of MPICH's mtest.h): count errors,
 * print each one as it happens, and at the end reduce the count to rank 0, which prints
 * " No Errors" when every rank passed or the total otherwise. Plain C and mpi.h only. */
#ifndef CTEST_H
#define CTEST_H
#include <mpi.h>
#include <stdio.h>

static int ctest_errs = 0;

/* Records an error when cond is false, naming the rank, the file, the line and a message. */
#define CHECK(cond, ...)                                                                         \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            int ctest_rank_;                                                                     \
            char ctest_msg_[512];                                                                \
            MPI_Comm_rank(MPI_COMM_WORLD, &ctest_rank_);                                         \
            ctest_errs++;                                                                        \
            snprintf(ctest_msg_, sizeof ctest_msg_, __VA_ARGS__);                                \
            printf("rank %d: %s:%d: %s\n", ctest_rank_, __FILE__, __LINE__, ctest_msg_);         \
            fflush(stdout);                                                                      \
        }                                                                                        \
    } while (0)

/* Checks that an MPI call returned MPI_SUCCESS. */
#define CHECK_MPI(call)                                                                          \
    do {                                                                                         \
        int ctest_rc_ = (call);                                                                  \
        CHECK(ctest_rc_ == MPI_SUCCESS, "%s returned %d", #call, ctest_rc_);                     \
    } while (0)

/* Sums the error counts on rank 0, which prints the verdict; then finalizes. Returns the exit code. */
static int ctest_finish(void)
{
    int rank, total = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Reduce(&ctest_errs, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        if (total == 0)
            printf(" No Errors\n");
        else
            printf(" Found %d errors\n", total);
        fflush(stdout);
    }
    MPI_Finalize();
    return 0;
}
#endif
