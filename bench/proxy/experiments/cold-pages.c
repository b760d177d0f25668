// What it costs to touch memory again after it sat untouched for a while: allocates N MiB, writes it, then reads one
// byte of every 4 KiB page after 0, 0, 1, 3, 10 and 20 s idle, timing each pass and counting the page faults it
// took (guest faults; a pass that is slow without any is paying below the guest, in the hypervisor).
// HUGE=1: the region is madvise(MADV_HUGEPAGE)d first (transparent huge pages). Experiment tool, not part of any run
// script; findings in bench/results/proxy-p99-anatomy.md (section 12).
// Build and run:  gcc -O2 -o /tmp/cold-pages bench/proxy/experiments/cold-pages.c && taskset -c 1 /tmp/cold-pages 16
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static long faults(void) { struct rusage r; getrusage(RUSAGE_SELF, &r); return r.ru_minflt + r.ru_majflt; }

int main(int argc, char **argv) {
  size_t n = (size_t)atoi(argc > 1 ? argv[1] : "16") << 20;
  char *region = aligned_alloc(2 << 20, n);
  if (getenv("HUGE")) madvise(region, n, MADV_HUGEPAGE);
  memset(region, 1, n);
  volatile char *p = region;
  int idle[] = {0, 0, 1, 3, 10, 20};
  long sum = 0;
  for (int w = 0; w < 6; w++) {
    sleep(idle[w]);
    double t = now_ms(); long f = faults();
    for (size_t i = 0; i < n; i += 4096) sum += p[i];
    printf("after %2d s idle: %7.2f ms to touch %zu pages, %ld page faults\n", idle[w], now_ms() - t, n / 4096, faults() - f);
  }
  return (int)(sum & 1);
}
