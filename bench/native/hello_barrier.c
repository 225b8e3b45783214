/* Start-up benchmark job (bench/suite/startup.mjs): the smallest MPI program that needs every rank
 * up and connected (MPI_Init, then a barrier), the same as bench/suite/hello-barrier.ts. Each rank
 * prints one JSON line with its process id and resident memory, read after the barrier, so that the
 * driver can count memory once per process (ranks may share one). */
#include <mpi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* VmRSS of this process in KiB, or -1 where /proc cannot be read. */
static long resident_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0 && sscanf(line + 6, "%ld", &kib) == 1) break;
  fclose(f);
  return kib;
}

int main(int argc, char **argv) {
  int rank, size;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Barrier(MPI_COMM_WORLD);
  printf("{\"rank\":%d,\"size\":%d,\"pid\":%ld,\"rss_kb\":%ld}\n", rank, size, (long)getpid(), resident_kib());
  fflush(stdout);
  MPI_Finalize();
  return 0;
}
