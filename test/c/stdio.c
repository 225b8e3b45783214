/* Character output (putchar, putc, fputc: not linkable from Debian's emscripten libc into a
 * shared-memory program without wmpi's wasm/libc) and a last line without a newline, which must
 * still come out when main returns. */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    putchar('a');
    putc('b', stdout);
    fputc('c', stdout);
    fprintf(stdout, "\n"); /* clang makes this an fputc too */
    printf("rank %d: no newline at the end", rank);
    MPI_Finalize();
    return 0;
}
