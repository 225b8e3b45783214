/* Calls a function wmpi does not have: the link must fail, naming it. */
#include <mpi.h>
int MPI_Not_in_wmpi(int);
int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Not_in_wmpi(1);
    MPI_Finalize();
    return 0;
}
