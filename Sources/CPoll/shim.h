// ppoll(2) with nanosecond timeouts, for replay pacing below a millisecond. glibc declares it only
// under _GNU_SOURCE, which the Glibc module is not built with, so it is declared here as glibc has it.
#include <poll.h>
#include <signal.h>
#include <time.h>

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
