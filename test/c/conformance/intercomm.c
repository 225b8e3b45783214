/* MPI_Intercomm_create between the even and the odd ranks (leaders 0 and 1 over MPI_COMM_WORLD),
 * point-to-point across it, remote size, MPI_Comm_test_inter, an intercommunicator MPI_Allreduce
 * (each side gets the other's sum), and MPI_Intercomm_merge with the odd side high. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Comm local, inter, merged;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int odd = rank % 2, neven = (size + 1) / 2, nodd = size / 2;
    MPI_Comm_split(MPI_COMM_WORLD, odd, rank, &local);
    MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, odd ? 0 : 1, 12, &inter);

    int flag, rsize, lrank;
    MPI_Comm_test_inter(inter, &flag);
    CHECK(flag, "test_inter says not an intercommunicator");
    MPI_Comm_remote_size(inter, &rsize);
    CHECK(rsize == (odd ? neven : nodd), "remote size %d", rsize);
    MPI_Comm_rank(inter, &lrank);
    CHECK(lrank == rank / 2, "local rank %d", lrank);

    /* Local rank i of each side exchanges with remote rank i, where it exists. */
    if (lrank < nodd) {
        int out = rank, in = -1;
        MPI_Sendrecv(&out, 1, MPI_INT, lrank, 0, &in, 1, MPI_INT, lrank, 0, inter, MPI_STATUS_IGNORE);
        CHECK(in == (odd ? rank - 1 : rank + 1), "partner sent %d", in);
    }

    int sum = -1, evensum = neven * (neven - 1), oddsum = nodd * nodd;
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, inter);
    CHECK(sum == (odd ? evensum : oddsum), "inter allreduce %d", sum);

    MPI_Intercomm_merge(inter, odd, &merged);
    int mrank, msize;
    MPI_Comm_rank(merged, &mrank);
    MPI_Comm_size(merged, &msize);
    CHECK(msize == size, "merged size %d", msize);
    CHECK(mrank == (odd ? neven + rank / 2 : rank / 2), "merged rank %d", mrank);
    MPI_Comm_test_inter(merged, &flag);
    CHECK(!flag, "merged communicator is an intercommunicator");
    MPI_Comm_free(&merged);
    MPI_Comm_free(&inter);
    MPI_Comm_free(&local);
    return ctest_finish();
}
