/* Helpers shared by the RMA programs, on top of the conformance suite's ctest.h (CHECK, CHECK_MPI,
 * ctest_finish). Plain C and mpi.h only, so every program also builds with native mpicc.
 * Windows made with MPI_Win_create live in malloc'd memory: native MPICH 4.0.2 (ch4:ucx) misplaces
 * RMA data in windows over stack or static arrays (a Get returned another variable's value). */
#ifndef RMATEST_H
#define RMATEST_H
#include "../conformance/ctest.h"

/* Checks that rc is an error of class cls (the call returned instead of aborting). */
#define CHECK_CLASS(rc, cls, what)                                                                \
    do {                                                                                         \
        int rmatest_rc_ = (rc), rmatest_cls_ = -1;                                               \
        CHECK(rmatest_rc_ != MPI_SUCCESS, "%s returned MPI_SUCCESS", what);                      \
        if (rmatest_rc_ != MPI_SUCCESS) {                                                        \
            MPI_Error_class(rmatest_rc_, &rmatest_cls_);                                         \
            CHECK(rmatest_cls_ == (cls), "%s: class %d, expected %s (%d)", what, rmatest_cls_,   \
                  #cls, (cls));                                                                  \
        }                                                                                        \
    } while (0)

#endif
