#!/usr/bin/env bash
# Where one proxy's latency comes from, beyond bench/proxy/run.sh's table. Same backend, pinning and wrk as run.sh
# (proxy on core 1; wrk and the backend on core 0), one proxy, a warm-up, then one measured wrk run that reports:
#   - latency percentiles p50 ... p99.9 and the maximum (a wrk done() script),
#   - how busy core 0 was (idle / user / system+softirq from /proc/stat): wrk and the backend share it, so a
#     saturated core 0 adds its own queueing to every proxy's latency,
#   - TCP counters that mean a stalled connection (nstat: retransmissions, tail-loss probes, delayed ACKs),
#   - the proxy's user and system CPU seconds,
#   - SYSCALLS=1: the proxy's socket and epoll system calls per request, counted for 5 s (perf stat on the
#     syscalls tracepoints; needs root or perf_event_paranoid <= 1),
#   - EPSILON=1 (portico): run under the Epsilon collector (no collections at all, 12 GB heap) and report the heap
#     bytes allocated per request (used heap after minus before, over the requests), and which classes they are:
#     Epsilon never frees, so a class histogram of the heap after the run minus the one before counts every object
#     the run allocated (top 25 by bytes, per request).
# Usage: bench/proxy/anatomy.sh portico|nginx
# Overrides: DURATION=30s WARMUP=10s OPTS="extra JVM flags for Portico" PORTICO_ARGS="extra data-plane flags"
#            SYSCALLS=0 EPSILON=0
#            GCLOG=0 (portico: 1 lists the safepoints of the measured run — young collections and the rest — with
#            their lengths, from -Xlog:safepoint)
#            WARMUP_GENERATIONS=1 (the warm-up as that many wrk runs of WARMUP each: every run opens 50 new client
#            connections and closes them, so the measured run is not the first to meet a connection turnover)
#            BACKEND_PORT=18281 PROXY_PORT=18290 ADMIN_PORT=18291
# Findings made with it: bench/results/proxy-p99-anatomy.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
proxy="${1:?usage: $0 portico|nginx}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-10s}"
SYSCALLS="${SYSCALLS:-0}"
EPSILON="${EPSILON:-0}"
WARMUP_GENERATIONS="${WARMUP_GENERATIONS:-1}"
GCLOG="${GCLOG:-0}"
BACKEND_PORT="${BACKEND_PORT:-18281}"
PROXY_PORT="${PROXY_PORT:-18290}"
ADMIN_PORT="${ADMIN_PORT:-18291}"

. "$root/bench/lib.sh"
. "$root/bench/proxy/parts.sh"
require_tools "apt-get install -y nginx wrk" wrk nginx taskset curl java nstat
[ "$SYSCALLS" = 1 ] && require_tools "apt-get install -y linux-perf" perf
require_free_ports "$BACKEND_PORT" "$PROXY_PORT" "$ADMIN_PORT"
bench_workdir anatomy

taskset -c 0 nginx -p "$work" -c "$(backend_conf "$work" "$BACKEND_PORT")" >/dev/null 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$BACKEND_PORT/"

case "$proxy" in
  portico)
    gc=()
    [ "$EPSILON" = 1 ] && gc=(-XX:+UnlockExperimentalVMOptions -XX:-UseParallelGC -XX:+UseEpsilonGC -Xms12g -Xmx12g
                              -XX:MaxNewSize=12g -XX:+AlwaysPreTouch)
    [ "$GCLOG" = 1 ] && gc+=("-Xlog:safepoint:file=$work/safepoints.log:uptime")
    # shellcheck disable=SC2086
    dataplane_argv "$(one_route_snapshot "$work" "$BACKEND_PORT")" "$PROXY_PORT" "$ADMIN_PORT" "${gc[@]}" ${OPTS:-}
    taskset -c 1 "${argv[@]}" >"$work/portico.log" 2>&1 &
    pid="$!"; pids+=("$pid")
    # touching a 12 GB heap first takes 90 s on a slow day
    AWAIT_SECONDS=$([ "$EPSILON" = 1 ] && echo 300 || echo 60) \
      await_http "http://127.0.0.1:$ADMIN_PORT/readyz" || { cat "$work/portico.log" >&2; exit 1; } ;;
  nginx)
    taskset -c 1 nginx -p "$work" -c "$(nginx_proxy_conf "$work" "$PROXY_PORT" "$BACKEND_PORT")" >/dev/null 2>&1 &
    pids+=("$!")
    await_http "http://127.0.0.1:$PROXY_PORT/"
    pid="$(pgrep -P "${pids[-1]}" | head -1)" ;; # the worker: the process that proxies
  *) log "unknown proxy '$proxy' (portico or nginx)"; exit 2 ;;
esac

url="http://127.0.0.1:$PROXY_PORT/"
[ "$(curl -s "$url")" = "hello from the benchmark backend" ] || { log "$proxy does not answer with the backend's body"; exit 1; }

heap_used() { # Epsilon's "space NNNK, x% used [bottom, top, end)": top - bottom
  jcmd "$pid" GC.heap_info | awk '/space .*used \[/ { gsub(/[][,]/, ""); print $(NF - 2), $(NF - 1); exit }' |
    { read -r lo hi; echo $(( hi - lo )); }
}
ticks() { awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$pid/stat"; } # utime stime

for _ in $(seq "$WARMUP_GENERATIONS"); do taskset -c 0 wrk -t1 -c50 -d"$WARMUP" "$url" >/dev/null; done
if [ "$EPSILON" = 1 ]; then heap_before="$(heap_used)"; jcmd "$pid" GC.class_histogram -all >"$work/histo-before.txt"; fi
nstat -n >/dev/null
safepoints_before=0
if [ -f "$work/safepoints.log" ]; then safepoints_before="$(wc -l <"$work/safepoints.log")"; fi
cpu0_before="$(grep '^cpu0 ' /proc/stat)"
read -r user_before sys_before < <(ticks)
taskset -c 0 wrk -t1 -c50 -d"$DURATION" -s "$(percentiles_lua "$work")" "$url" >"$work/wrk.txt" &
wrk_pid="$!"
if [ "$SYSCALLS" = 1 ]; then
  sleep 3
  events=syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_pwait2
  events+=,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read,syscalls:sys_enter_sendto,syscalls:sys_enter_write
  events+=,syscalls:sys_enter_writev,syscalls:sys_enter_io_uring_enter,context-switches
  perf stat -x, -e "$events" -p "$pid" -- sleep 5 2>"$work/perf.txt" >/dev/null || true
fi
wait "$wrk_pid"
read -r user_after sys_after < <(ticks)
cpu0_after="$(grep '^cpu0 ' /proc/stat)"
tcp="$(nstat 2>/dev/null | awk '/Retrans|LossProbes|DelayedACK|TCPTimeouts/ { printf "%s %s, ", $1, $2 }')"

hz="$(getconf CLK_TCK)"
rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")"
requests="$(awk '/requests in/ { print $1 }' "$work/wrk.txt")"
echo "# $proxy: $(date -u '+%Y-%m-%d %H:%M UTC'), ${DURATION} after a $([ "$WARMUP_GENERATIONS" = 1 ] || echo "${WARMUP_GENERATIONS} × ")${WARMUP} warm-up, wrk -t1 -c50${OPTS:+, OPTS=$OPTS}${PORTICO_ARGS:+, PORTICO_ARGS=$PORTICO_ARGS}$([ "$EPSILON" = 1 ] && echo ', Epsilon GC')"
echo "requests/s: $rps ($requests requests)"
grep '^latency ms' "$work/wrk.txt"
echo "$cpu0_before|$cpu0_after" | awk -F'|' '{ split($1, a, " "); split($2, b, " "); t = 0; for (i = 2; i <= 9; i++) t += b[i] - a[i];
  printf "core 0 (wrk + backend): idle %.1f%%, user %.1f%%, system+softirq %.1f%%\n",
    100 * (b[5] - a[5]) / t, 100 * (b[2] - a[2]) / t, 100 * (b[4] - a[4] + b[8] - a[8]) / t }'
awk -v u=$(( user_after - user_before )) -v s=$(( sys_after - sys_before )) -v hz="$hz" \
  'BEGIN { printf "proxy CPU: user %.1f s, system %.1f s\n", u / hz, s / hz }'
echo "TCP counters in the run: ${tcp:-none}"
if [ "$SYSCALLS" = 1 ]; then
  per_s="$(awk -v r="$rps" 'BEGIN { print r * 5 }')"
  echo "system calls in 5 s (about $(printf '%.0f' "$per_s") requests), per request:"
  awk -F, -v n="$per_s" '$1 ~ /^[0-9]+$/ && $1 > 0 { sub(/^syscalls:sys_enter_/, "", $3); printf "  %-20s %10d  %.2f\n", $3, $1, $1 / n }' "$work/perf.txt"
fi
if [ "$GCLOG" = 1 ] && [ -f "$work/safepoints.log" ]; then
  echo "safepoints in the measured run (operation: count, total / longest ms):"
  tail -n +"$(( safepoints_before + 1 ))" "$work/safepoints.log" |
    sed -n 's/.*Safepoint "\([A-Za-z]*\)".*Total: \([0-9]*\) ns.*/\1 \2/p' |
    awk '{ n[$1]++; t[$1] += $2; if ($2 > m[$1]) m[$1] = $2 }
         END { for (k in n) printf "  %-28s %5d  %8.2f / %6.2f\n", k, n[k], t[k] / 1e6, m[k] / 1e6 }'
fi
if [ "$EPSILON" = 1 ]; then
  heap_after="$(heap_used)"
  echo "heap allocated: $(( heap_after - heap_before )) bytes, $(( (heap_after - heap_before) / requests )) bytes per request"
  jcmd "$pid" GC.class_histogram -all >"$work/histo-after.txt"
  echo "allocated per request, by class (objects, bytes):"
  awk -v n="$requests" 'FNR == NR && $1 ~ /:$/ { c[$4] = $2; b[$4] = $3; next }
                        $1 ~ /:$/ { dc = $2 - c[$4]; db = $3 - b[$4]; if (db > 0) printf "%d %.2f %.1f %s\n", db, dc / n, db / n, $4 }' \
    "$work/histo-before.txt" "$work/histo-after.txt" | sort -rn | head -25 | awk '{ printf "  %8s %8s  %s\n", $2, $3, $4 }'
fi
