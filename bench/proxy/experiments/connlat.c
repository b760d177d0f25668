// A closed-loop HTTP/1.1 load generator like `wrk -t1 -cN` that records every request (start, latency, connection)
// so slow requests can be placed in time and on connections — wrk only keeps a histogram. Experiment tool, not
// part of any run script; findings in bench/results/proxy-p99-anatomy.md (section 8).
// Build and run:  gcc -O2 -o /tmp/connlat bench/proxy/experiments/connlat.c
//                 taskset -c 0 /tmp/connlat 127.0.0.1 18290 50 12 /tmp/requests.bin   (WRKMODE=1: write the next
//                 request from a writable event in the next loop turn, as wrk does)
//                 python3 bench/proxy/experiments/connlat-episodes.py /tmp/requests.bin 1
// Expects responses with Content-Length (the benchmark backend's).
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

typedef struct { uint32_t start_us; uint32_t lat_ns; uint16_t conn; uint16_t pad; } rec;
typedef struct { int fd; uint64_t sent; char buf[8192]; int len; } conn;

static uint64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }

int main(int argc, char **argv) {
  const char *host = argv[1]; int port = atoi(argv[2]), n = atoi(argv[3]); double secs = atof(argv[4]); int wrkmode = getenv("WRKMODE") != NULL;
  char req[256]; int rl = snprintf(req, sizeof req, "GET / HTTP/1.1\r\nHost: %s:%d\r\n\r\n", host, port);
  size_t cap = 40000000; rec *recs = malloc(cap * sizeof(rec)); size_t nr = 0;
  conn *cs = calloc(n, sizeof(conn)); int ep = epoll_create1(0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) }; inet_pton(AF_INET, host, &a.sin_addr);
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (connect(fd, (void *)&a, sizeof a) < 0) { perror("connect"); return 1; }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); fcntl(fd, F_SETFL, O_NONBLOCK);
    cs[i].fd = fd;
    struct epoll_event e = { .events = EPOLLIN, .data.u32 = i }; epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
  }
  uint64_t t0 = now_ns(), end = t0 + (uint64_t)(secs * 1e9);
  struct timespec wall; clock_gettime(CLOCK_REALTIME, &wall); // to line records up with logs in wall-clock time
  for (int i = 0; i < n; i++) { cs[i].sent = now_ns(); if (write(cs[i].fd, req, rl) != rl) { perror("write"); return 1; } }
  struct epoll_event evs[256];
  for (;;) {
    int k = epoll_wait(ep, evs, 256, 1000);
    for (int j = 0; j < k; j++) {
      conn *c = &cs[evs[j].data.u32];
      if (evs[j].events & EPOLLOUT) { // wrk writes the next request from a writable event in the next loop turn
        struct epoll_event e = { .events = EPOLLIN, .data.u32 = evs[j].data.u32 }; epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
        c->sent = now_ns();
        if (write(c->fd, req, rl) != rl) { perror("write"); return 1; }
        if (!(evs[j].events & EPOLLIN)) continue;
      }
      ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len - 1);
      if (r <= 0) { if (r < 0 && errno == EAGAIN) continue; fprintf(stderr, "conn %u closed\n", evs[j].data.u32); return 1; }
      c->len += r; c->buf[c->len] = 0;
      char *he = strstr(c->buf, "\r\n\r\n"); if (!he) continue;
      char *cl = strcasestr(c->buf, "content-length:"); if (!cl || cl > he) { fprintf(stderr, "no content-length\n"); return 1; }
      int body = atoi(cl + 15), total = (int)(he + 4 - c->buf) + body;
      if (c->len < total) continue;
      uint64_t t = now_ns();
      if (nr < cap) recs[nr++] = (rec){ (uint32_t)((c->sent - t0) / 1000), (uint32_t)(t - c->sent), (uint16_t)evs[j].data.u32, 0 };
      memmove(c->buf, c->buf + total, c->len - total); c->len -= total;
      if (t >= end) continue; // this connection stops
      if (wrkmode) { struct epoll_event e = { .events = EPOLLIN | EPOLLOUT, .data.u32 = evs[j].data.u32 }; epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e); continue; }
      c->sent = now_ns();
      if (write(c->fd, req, rl) != rl) { perror("write"); return 1; }
    }
    if (now_ns() > end + 200000000ull) break;
  }
  FILE *f = fopen(argv[5], "wb"); fwrite(recs, sizeof(rec), nr, f); fclose(f);
  printf("%zu requests in %.1f s, started at %lld.%06ld (CLOCK_REALTIME)\n", nr, secs, (long long)wall.tv_sec, wall.tv_nsec / 1000);
  return 0;
}
