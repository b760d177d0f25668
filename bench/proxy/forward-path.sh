#!/usr/bin/env bash
# What the HTTP/1 forward path below Vert.x is worth for one kind of rule: two data planes with the same one-route
# snapshot on core 1 — as shipped, and with -Dportico.fastPath=false (every request through Vert.x) — and wrk
# (core 0, with the backend) alternating windows between them. RULE picks the route's rule: `retries` (2 retries
# on gateway errors, resets and connect failures, 1 s per try) or `plain`. Auth and rate limits have benches of
# their own (bench/auth, bench/ratelimit).
# Usage: bench/proxy/forward-path.sh      Overrides: RULE=retries ROUNDS=3 WINDOW=10s WARMUP=10s RESULT=path|-
#        BACKEND_PORT=18281 FORWARD_PORT=18290 VERTX_PORT=18390 (admin ports: each plus one)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RULE="${RULE:-retries}"
ROUNDS="${ROUNDS:-3}"
WINDOW="${WINDOW:-10s}"
WARMUP="${WARMUP:-10s}"
BACKEND_PORT="${BACKEND_PORT:-18281}"
FORWARD_PORT="${FORWARD_PORT:-18290}"
VERTX_PORT="${VERTX_PORT:-18390}"
RESULT="${RESULT:-$root/bench/results/forward-path-$RULE.md}"

. "$root/bench/lib.sh"
. "$root/bench/proxy/parts.sh"
require_tools "apt-get install -y nginx wrk" wrk nginx taskset curl java python3
require_free_ports "$BACKEND_PORT" "$FORWARD_PORT" "$((FORWARD_PORT + 1))" "$VERTX_PORT" "$((VERTX_PORT + 1))"
bench_workdir forward-path

taskset -c 0 nginx -p "$work" -c "$(backend_conf "$work" "$BACKEND_PORT")" >/dev/null 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$BACKEND_PORT/"
snapshot="$(one_route_snapshot "$work" "$BACKEND_PORT")"
case "$RULE" in
  plain) ;;
  retries) python3 - "$snapshot" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s["routes"][0]["rules"][0]["retries"] = {"attempts": 2, "perTryTimeoutMs": 1000,
                                         "on": ["GatewayError", "Reset", "ConnectFailure"], "statusCodes": []}
json.dump(s, open(sys.argv[1], "w"))
EOF
    ;;
  *) log "unknown RULE '$RULE' (retries or plain)"; exit 2 ;;
esac
for port in "$FORWARD_PORT" "$VERTX_PORT"; do
  flags=(); [ "$port" = "$VERTX_PORT" ] && flags=(-Dportico.fastPath=false)
  dataplane_argv "$snapshot" "$port" "$((port + 1))" "${flags[@]}"
  taskset -c 1 "${argv[@]}" >"$work/portico-$port.log" 2>&1 &
  pids+=("$!")
  await_http "http://127.0.0.1:$((port + 1))/readyz" || { cat "$work/portico-$port.log" >&2; exit 1; }
done

path_of() { [ "$1" = "$FORWARD_PORT" ] && echo forward || echo vertx; }
for port in "$FORWARD_PORT" "$VERTX_PORT"; do taskset -c 0 wrk -t1 -c50 -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null; done
rows="$work/rows.txt"
for round in $(seq 1 "$ROUNDS"); do
  for port in "$FORWARD_PORT" "$VERTX_PORT"; do
    taskset -c 0 wrk -t1 -c50 -d"$WINDOW" -s "$(percentiles_lua "$work")" "http://127.0.0.1:$port/" >"$work/wrk.txt"
    ! grep -q 'Non-2xx\|Socket errors' "$work/wrk.txt" || { log "errors:"; cat "$work/wrk.txt" >&2; exit 1; }
    echo "$round $(path_of "$port") $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk.txt") \
$(sed -n 's/^latency ms: p50 \([0-9.]*\), p90 \([0-9.]*\), .* p99 \([0-9.]*\), .*/\1 \2 \3/p' "$work/wrk.txt")" >>"$rows"
    log "$(tail -1 "$rows")"
  done
done

{
  echo "# The forward path vs the Vert.x path for a \`$RULE\` rule — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Two data planes on core 1 with the same one-route snapshot, as shipped and with \`-Dportico.fastPath=false\`;"
  echo "wrk \`-t1 -c50\` and the backend (one nginx worker) on core 0, alternating ${WINDOW} windows after a ${WARMUP}"
  echo "warm-up each. Portico $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "Command: \`RULE=$RULE ROUNDS=$ROUNDS WINDOW=$WINDOW WARMUP=$WARMUP bench/proxy/forward-path.sh\`"
  echo
  echo "| round | path | requests/s | p50 ms | p90 ms | p99 ms |"
  echo "|---|---|---:|---:|---:|---:|"
  awk '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$rows"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -r),"
  echo "$(java -version 2>&1 | head -1), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
} >"$work/result.md"
if [ "$RESULT" = - ]; then cat "$work/result.md"; else cp "$work/result.md" "$RESULT"; cat "$work/result.md"; log "wrote $RESULT"; fi
