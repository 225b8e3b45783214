/* Sleeping in a C program (wasm/libc/sleep.c): usleep, nanosleep, sleep and
 * clock_nanosleep (relative and TIMER_ABSTIME) each return, after about the
 * time asked for, measured with MPI_Wtime. Prints one line per call. */
#include <mpi.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, double t0, double want)
{
    double took = MPI_Wtime() - t0;
    printf("%s: %s\n", what, took >= want * 0.9 && took < want + 1.0 ? "ok" : "wrong");
    if (!(took >= want * 0.9 && took < want + 1.0))
        printf("  took %.4f s for %.4f s\n", took, want);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    double t = MPI_Wtime();
    usleep(20000);
    report("usleep", t, 0.02);
    t = MPI_Wtime();
    struct timespec req = {0, 30000000};
    nanosleep(&req, NULL);
    report("nanosleep", t, 0.03);
    t = MPI_Wtime();
    sleep(1);
    report("sleep", t, 1.0);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    now.tv_nsec += 25000000;
    if (now.tv_nsec >= 1000000000) {
        now.tv_sec++;
        now.tv_nsec -= 1000000000;
    }
    t = MPI_Wtime();
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, NULL);
    report("clock_nanosleep", t, 0.025);
    MPI_Finalize();
    return 0;
}
