/* Runs a test program as a job of WMPI_TEST_NPROCS ranks, like mpiexec: a
 * constructor forks one process per rank before main runs; the launcher waits
 * for them, ends the job when a rank fails or after WMPI_TEST_TIMEOUT seconds,
 * and exits with the job's status. */
#define _GNU_SOURCE
#include "job.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

fake_job *fake_shared_job;
int fake_my_rank = -1;

static int env_int(const char *name, int fallback)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : fallback;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void kill_alive(const pid_t *pids, const int *alive, int n)
{
    for (int r = 0; r < n; r++)
        if (alive[r])
            kill(pids[r], SIGKILL);
}

/* In a rank: returns, and main runs as that rank. */
static void start_rank(int r, pid_t launcher)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != launcher)
        _exit(2);
    /* peers read this rank's memory for rendezvous (chan_rget): allow it under Yama */
    prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
    fake_my_rank = r;
    fake_shared_job->pids[r] = getpid();
    arena_select(r);
}

static int wait_ranks(const pid_t *pids, int n, double timeout)
{
    int alive[FAKE_MAX_RANKS], remaining = n, status = 0;
    for (int r = 0; r < n; r++)
        alive[r] = 1;
    double deadline = now() + timeout;
    while (remaining > 0) {
        int st;
        pid_t pid = waitpid(-1, &st, WNOHANG);
        if (pid < 0 && errno != EINTR)
            break;
        if (pid > 0) {
            int r = 0;
            while (r < n && pids[r] != pid)
                r++;
            if (r == n)
                continue;
            alive[r] = 0;
            remaining--;
            int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            if (code != 0 && status == 0) {
                status = code;
                if (WIFEXITED(st))
                    fprintf(stderr, "launcher: rank %d exited with code %d; ending the job\n", r, code);
                else
                    fprintf(stderr, "launcher: rank %d killed by signal %d; ending the job\n", r, WTERMSIG(st));
                kill_alive(pids, alive, n);
            }
            continue;
        }
        if (now() > deadline) {
            for (int r = 0; r < n; r++)
                if (alive[r])
                    fprintf(stderr, "launcher: rank %d still running after %.0f s (deadlock?)\n", r, timeout);
            kill_alive(pids, alive, n);
            if (status == 0)
                status = 124;
            deadline = now() + 3600;
        }
        usleep(500);
    }
    return status;
}

__attribute__((constructor)) static void launch(void)
{
    int n = env_int("WMPI_TEST_NPROCS", 1);
    if (n < 1 || n > FAKE_MAX_RANKS) {
        fprintf(stderr, "launcher: WMPI_TEST_NPROCS must be 1..%d\n", FAKE_MAX_RANKS);
        _exit(2);
    }
    fake_shared_job = mmap(NULL, sizeof *fake_shared_job, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (fake_shared_job == MAP_FAILED) {
        perror("launcher: mmap");
        _exit(2);
    }
    fake_shared_job->nranks = n;
    arena_map(n);
    fflush(NULL);
    pid_t launcher = getpid(), pids[FAKE_MAX_RANKS];
    for (int r = 0; r < n; r++) {
        pids[r] = fork();
        if (pids[r] == 0) {
            start_rank(r, launcher);
            return;
        }
        if (pids[r] < 0) {
            perror("launcher: fork");
            for (int i = 0; i < r; i++)
                kill(pids[i], SIGKILL);
            _exit(2);
        }
    }
    _exit(wait_ranks(pids, n, env_int("WMPI_TEST_TIMEOUT", 20)));
}
