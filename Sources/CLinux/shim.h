#pragma once
// Linux-only interfaces that Swift's Glibc module does not export: epoll and eventfd, and
// accept4, pipe2, ppoll, POLLRDHUP and posix_spawn_file_actions_addchdir_np, which glibc
// declares only under _GNU_SOURCE. Defining _GNU_SOURCE here would change shared definitions
// such as fd_set and clash with the Glibc module, so those are declared by hand with their glibc
// signatures and value.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
extern int pipe2(int fds[2], int flags);
extern int ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout, const sigset_t *mask);
#define NORNICDB_POLLRDHUP 0x2000
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
