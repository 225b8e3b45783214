/* Sleeping for C programs built by wmpicc. Emscripten's standalone libc
 * sleeps (nanosleep, usleep, sleep) by spinning on emscripten_get_now(),
 * which it takes from clock(), a clock that does not advance here: a
 * program's usleep(10000) never returned. These sleep through WASI's
 * poll_oneoff with one clock subscription, which the host answers by
 * blocking the rank's thread until the time has passed
 * (ts/runtime/wasi-poll.ts). libwmpi.a comes before libc in the link. */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
    if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L)
        return EINVAL;
    if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
        return ENOTSUP;
    __wasi_subscription_t sub = {0};
    sub.type = __WASI_EVENTTYPE_CLOCK;
    sub.u.clock.id = clk == CLOCK_MONOTONIC ? __WASI_CLOCKID_MONOTONIC : __WASI_CLOCKID_REALTIME;
    sub.u.clock.timeout = (__wasi_timestamp_t)req->tv_sec * 1000000000u + (__wasi_timestamp_t)req->tv_nsec;
    sub.u.clock.flags = flags & TIMER_ABSTIME ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    __wasi_event_t event;
    __wasi_size_t n = 0;
    if (__wasi_poll_oneoff(&sub, &event, 1, &n) != 0)
        return ENOTSUP;
    if (rem) /* nothing interrupts a sleep here */
        *rem = (struct timespec){0, 0};
    return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    int e = clock_nanosleep(CLOCK_REALTIME, 0, req, rem);
    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}

int usleep(useconds_t us)
{
    struct timespec t = {us / 1000000, (long)(us % 1000000) * 1000};
    return nanosleep(&t, NULL);
}

unsigned sleep(unsigned seconds)
{
    struct timespec t = {seconds, 0};
    return nanosleep(&t, NULL) ? seconds : 0;
}
