/* Rank 1 misbehaves the way argv[1] says, while the others wait in a barrier:
 *   oob          stores far outside its memory (a trap)
 *   unreachable  executes a trap instruction
 *   stack        recurses until the call stack is exhausted
 *   files        tries to read /etc/passwd and to write /tmp (the sandbox refuses both)
 *   memory       allocates 32 MiB blocks until malloc fails, then returns 3 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int deep(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    return deep(n + 1) + pad[0];
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const char *how = argc > 1 ? argv[1] : "";
    if (rank == 1) {
        if (strcmp(how, "oob") == 0) {
            volatile int *p = (volatile int *)(uintptr_t)0xfffffff0u;
            *p = 1;
        } else if (strcmp(how, "unreachable") == 0) {
            __builtin_trap();
        } else if (strcmp(how, "stack") == 0) {
            printf("%d\n", deep(1));
        } else if (strcmp(how, "files") == 0) {
            FILE *r = fopen("/etc/passwd", "r"), *w = fopen("/tmp/wmpi-sandbox-escape.txt", "w");
            printf("read /etc/passwd: %s; write /tmp: %s\n", r ? "allowed" : "refused", w ? "allowed" : "refused");
        } else if (strcmp(how, "memory") == 0) {
            size_t total = 0;
            for (;;) {
                char *p = malloc(32 << 20);
                if (p == NULL) {
                    fprintf(stderr, "malloc failed after %zu MiB\n", total >> 20);
                    return 3;
                }
                memset(p, 1, 32 << 20);
                total += 32 << 20;
                printf("allocated %zu MiB at %p\n", total >> 20, (void *)p); /* uses p: the allocation stays */
            }
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    return 0;
}
