// burst: ROUNDS times, N fresh connections opened at once with one GET each; per round, the time from the first
// connect() to the last complete answer (and to the median one). Used by bench/proxy/connection-burst.sh.
// Build and run:  gcc -O2 -o burst bench/proxy/burst.c && ./burst 127.0.0.1 PORT 50 30
// Expects the benchmark backend's body ("hello from the benchmark backend").
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
static uint64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
static int cmp(const void *a, const void *b) { uint64_t x = *(uint64_t *)a, y = *(uint64_t *)b; return x < y ? -1 : x > y; }
int main(int argc, char **argv) {
  const char *host = argv[1]; int port = atoi(argv[2]), n = atoi(argv[3]), rounds = atoi(argv[4]);
  char req[256]; int rl = snprintf(req, sizeof req, "GET / HTTP/1.1\r\nHost: %s:%d\r\n\r\n", host, port);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) }; inet_pton(AF_INET, host, &a.sin_addr);
  uint64_t *lat = malloc(sizeof(uint64_t) * n); int *fds = malloc(sizeof(int) * n); int *state = malloc(sizeof(int) * n);
  uint64_t *allmax = malloc(sizeof(uint64_t) * rounds), *allmed = malloc(sizeof(uint64_t) * rounds);
  for (int r = 0; r < rounds; r++) {
    int ep = epoll_create1(0); uint64_t t0 = now_ns();
    for (int i = 0; i < n; i++) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      connect(fd, (void *)&a, sizeof a); fds[i] = fd; state[i] = 0;
      struct epoll_event e = { .events = EPOLLOUT | EPOLLIN, .data.u32 = i }; epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    int done = 0; char buf[4096];
    while (done < n) {
      struct epoll_event evs[256]; int k = epoll_wait(ep, evs, 256, 1000);
      if (k <= 0) { fprintf(stderr, "timeout\n"); return 1; }
      for (int j = 0; j < k; j++) {
        int i = evs[j].data.u32;
        if (state[i] == 0 && (evs[j].events & EPOLLOUT)) {
          write(fds[i], req, rl); state[i] = 1;
          struct epoll_event e = { .events = EPOLLIN, .data.u32 = i }; epoll_ctl(ep, EPOLL_CTL_MOD, fds[i], &e);
        } else if (state[i] == 1 && (evs[j].events & EPOLLIN)) {
          ssize_t got = read(fds[i], buf, sizeof buf);
          if (got > 0 && memmem(buf, got, "benchmark backend\n", 18)) { lat[i] = now_ns() - t0; state[i] = 2; done++; }
        }
      }
    }
    for (int i = 0; i < n; i++) close(fds[i]);
    close(ep);
    qsort(lat, n, sizeof(uint64_t), cmp);
    allmax[r] = lat[n - 1]; allmed[r] = lat[n / 2];
    usleep(200000);
  }
  qsort(allmax, rounds, sizeof(uint64_t), cmp); qsort(allmed, rounds, sizeof(uint64_t), cmp);
  printf("%d rounds of %d fresh connections: all answered after (median over rounds) %.2f ms [min %.2f, max %.2f]; half answered after %.2f ms\n",
         rounds, n, allmax[rounds / 2] / 1e6, allmax[0] / 1e6, allmax[rounds - 1] / 1e6, allmed[rounds / 2] / 1e6);
  return 0;
}
