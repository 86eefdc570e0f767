// epoll(7) for the replay threads, with epoll_pwait2's nanosecond timeout for pacing below a
// millisecond; poll.h for the POLLIN/POLLOUT bits the session drivers speak in.
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <time.h>

/// Sets the calling thread's timer slack (prctl is variadic, which Swift cannot call). Linux lets a
/// timed wait of an ordinary thread end up to 50 µs late by default, to batch wake-ups.
static inline int cpoll_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0UL, 0UL, 0UL);
}

static inline long cpoll_timer_slack(void) {
    return (long)prctl(PR_GET_TIMERSLACK, 0UL, 0UL, 0UL, 0UL);
}
