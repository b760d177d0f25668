#!/usr/bin/env bash
# How fast a proxy answers a burst of new connections: `burst` (bench/proxy/burst.c) opens 50 connections at once,
# sends one GET on each and times the last answer, ROUNDS times per batch. Three proxies on core 1, each warmed by
# wrk on 50 keep-alive connections first: Portico as shipped (its start-up connection rehearsal on), Portico with
# `--warmup-connections 0`, and nginx; the batches alternate between them. Client and backend on core 0.
# Usage: bench/proxy/connection-burst.sh   Overrides: BATCHES=3 ROUNDS=30 WARMUP=10s RESULT=path|-
#        BACKEND_PORT=18281 PORTICO_PORT=18290 COLD_PORT=18390 NGINX_PORT=18292 (admin ports: Portico's plus one)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BATCHES="${BATCHES:-3}"
ROUNDS="${ROUNDS:-30}"
WARMUP="${WARMUP:-10s}"
BACKEND_PORT="${BACKEND_PORT:-18281}"
PORTICO_PORT="${PORTICO_PORT:-18290}"
COLD_PORT="${COLD_PORT:-18390}"
NGINX_PORT="${NGINX_PORT:-18292}"
RESULT="${RESULT:-$root/bench/results/connection-burst.md}"

. "$root/bench/lib.sh"
. "$root/bench/proxy/parts.sh"
require_tools "apt-get install -y nginx wrk gcc" wrk nginx gcc taskset curl java
require_free_ports "$BACKEND_PORT" "$PORTICO_PORT" "$((PORTICO_PORT + 1))" "$COLD_PORT" "$((COLD_PORT + 1))" "$NGINX_PORT"
bench_workdir connection-burst
gcc -O2 -o "$work/burst" "$root/bench/proxy/burst.c"

taskset -c 0 nginx -p "$work" -c "$(backend_conf "$work" "$BACKEND_PORT")" >/dev/null 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$BACKEND_PORT/"
taskset -c 1 nginx -p "$work" -c "$(nginx_proxy_conf "$work" "$NGINX_PORT" "$BACKEND_PORT")" >/dev/null 2>&1 &
pids+=("$!")
snapshot="$(one_route_snapshot "$work" "$BACKEND_PORT")"
dataplane_argv "$snapshot" "$PORTICO_PORT" "$((PORTICO_PORT + 1))"
taskset -c 1 "${argv[@]}" >"$work/portico.log" 2>&1 &
pids+=("$!")
dataplane_argv "$snapshot" "$COLD_PORT" "$((COLD_PORT + 1))"
taskset -c 1 "${argv[@]}" --warmup-connections 0 >"$work/portico-cold.log" 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$NGINX_PORT/"
for admin in "$((PORTICO_PORT + 1))" "$((COLD_PORT + 1))"; do
  await_http "http://127.0.0.1:$admin/readyz" || { cat "$work"/portico*.log >&2; exit 1; }
done
rehearsal="$(grep -ho 'rehearsed [0-9,]* client connections in [0-9,]* ms' "$work/portico.log" || echo 'no rehearsal line')"

names=(portico portico-no-rehearsal nginx)
ports=("$PORTICO_PORT" "$COLD_PORT" "$NGINX_PORT")
for port in "${ports[@]}"; do taskset -c 0 wrk -t1 -c50 -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null; done
rows="$work/rows.txt"
for batch in $(seq 1 "$BATCHES"); do
  for i in 0 1 2; do
    out="$(taskset -c 0 "$work/burst" 127.0.0.1 "${ports[$i]}" 50 "$ROUNDS")"
    # "... all answered after (median over rounds) X ms [min A, max B]; half answered after Y ms"
    echo "$batch ${names[$i]} $(echo "$out" | sed -E 's/.*rounds\) ([0-9.]+) ms \[min ([0-9.]+), max ([0-9.]+)\]; half answered after ([0-9.]+) ms/\1 \2 \3 \4/')" >>"$rows"
    log "$(tail -1 "$rows")"
  done
done

{
  echo "# New connections in bursts — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Per round, 50 connections opened at once with one \`GET /\` each; the time from the first connect to the last"
  echo "answer (all) and to the 25th (half). ${ROUNDS} rounds per batch, batches alternating between the proxies, each"
  echo "warmed first by \`wrk -t1 -c50 -d${WARMUP}\`. Proxies on core 1, client and backend on core 0. Portico"
  echo "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), shipped JVM flags; as shipped its log says: ${rehearsal}."
  echo "Command: \`${PORTICO_ARGS:+PORTICO_ARGS=\"$PORTICO_ARGS\" }BATCHES=$BATCHES ROUNDS=$ROUNDS WARMUP=$WARMUP bench/proxy/connection-burst.sh\`"
  echo
  echo "| batch | proxy | all answered, median ms | min ms | max ms | half answered, median ms |"
  echo "|---|---|---:|---:|---:|---:|"
  awk '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$rows"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -r),"
  echo "$(java -version 2>&1 | head -1), $(nginx -v 2>&1 | sed 's/^nginx version: //')."
} >"$work/result.md"
if [ "$RESULT" = - ]; then cat "$work/result.md"; else cp "$work/result.md" "$RESULT"; cat "$work/result.md"; log "wrote $RESULT"; fi
