// epoll(7) for the replay threads, with epoll_pwait2's nanosecond timeout for pacing below a
// millisecond; poll.h for the POLLIN/POLLOUT bits the session drivers speak in.
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <time.h>
