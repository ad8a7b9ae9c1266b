#pragma once
// Linux-only socket interfaces that Swift's Glibc module does not export: epoll and eventfd,
// and accept4, which glibc declares only under _GNU_SOURCE. Defining _GNU_SOURCE here would
// change shared definitions such as fd_set and clash with the Glibc module, so accept4 is
// declared by hand with its glibc signature.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
