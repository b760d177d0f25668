#!/usr/bin/env bash
# Where a process's time went, thread by thread, over SECONDS: CPU time, time spent runnable but waiting
# for a core (the run queue), and voluntary/involuntary context switches (from /proc/<pid>/task/*/schedstat
# and status). On a core the proxy shares with its own JVM threads, the event loop's run-queue wait is the
# time the JIT compiler, the collector and VM operations took from it.
# Usage: bench/proxy/thread-time.sh PID [SECONDS=30]   (start it when the measured wrk run starts)
set -euo pipefail
pid="$1"; secs="${2:-30}"
snap() {
  for t in /proc/"$pid"/task/*; do
    read -r run wait _ < "$t/schedstat" || continue
    printf '%s|%s|%s|%s|%s|%s\n' "${t##*/}" "$(tr ' ' '_' < "$t/comm")" "$run" "$wait" \
      "$(awk '/^voluntary_ctxt/ {print $2}' "$t/status")" "$(awk '/^nonvoluntary_ctxt/ {print $2}' "$t/status")"
  done | sort
}
before="$(snap)"; sleep "$secs"; after="$(snap)"
printf '%-7s %-24s %12s %14s %9s %9s\n' tid thread "cpu ms" "run-queue ms" voluntary involuntary
join -t'|' <(echo "$before") <(echo "$after") | awk -F'|' '{cpu=($8-$3)/1e6; w=($9-$4)/1e6;
  if (cpu > 1 || w > 1) printf "%-7s %-24s %12.1f %14.1f %9d %9d\n", $1, $2, cpu, w, $10-$5, $11-$6}'
