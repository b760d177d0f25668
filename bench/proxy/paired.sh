#!/usr/bin/env bash
# Portico against nginx with the machine's slow drifts taken out: both proxies stay up on the same core (1) for
# the whole run and wrk (core 0, with the backend) alternates short windows between them, so each Portico window
# has an nginx window next to it in time. run.sh measures one proxy for 30 s, then the next; on this machine the
# share of slow requests drifts over tens of seconds (other tenants' and kernel threads' bursts), which moves
# one proxy's p99 and not the other's. Reports per window requests/s, p50/p90/p99/p99.9 and the share of
# requests at or over 1 ms, then the medians.
# Usage: bench/proxy/paired.sh            Overrides: ROUNDS=10 WINDOW=6s WARMUP=10s RESULT=path|- OPTS="JVM flags"
#        BACKEND_PORT=18281 PORTICO_PORT=18290 ADMIN_PORT=18291 NGINX_PORT=18292
# Findings made with it: bench/results/proxy-p99-anatomy.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${ROUNDS:-10}"
WINDOW="${WINDOW:-6s}"
WARMUP="${WARMUP:-10s}"
BACKEND_PORT="${BACKEND_PORT:-18281}"
PORTICO_PORT="${PORTICO_PORT:-18290}"
ADMIN_PORT="${ADMIN_PORT:-18291}"
NGINX_PORT="${NGINX_PORT:-18292}"
RESULT="${RESULT:-$root/bench/results/proxy-paired-$(date -u +%Y-%m-%d-%H%M).md}"

. "$root/bench/lib.sh"
. "$root/bench/proxy/parts.sh"
require_tools "apt-get install -y nginx wrk" wrk nginx taskset curl java
require_free_ports "$BACKEND_PORT" "$PORTICO_PORT" "$ADMIN_PORT" "$NGINX_PORT"
bench_workdir paired

taskset -c 0 nginx -p "$work" -c "$(backend_conf "$work" "$BACKEND_PORT")" >/dev/null 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$BACKEND_PORT/"
taskset -c 1 nginx -p "$work" -c "$(nginx_proxy_conf "$work" "$NGINX_PORT" "$BACKEND_PORT")" >/dev/null 2>&1 &
pids+=("$!")
# shellcheck disable=SC2086
dataplane_argv "$(one_route_snapshot "$work" "$BACKEND_PORT")" "$PORTICO_PORT" "$ADMIN_PORT" ${OPTS:-}
taskset -c 1 "${argv[@]}" >"$work/portico.log" 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$NGINX_PORT/"
await_http "http://127.0.0.1:$ADMIN_PORT/readyz" || { cat "$work/portico.log" >&2; exit 1; }

# percentiles plus the share of requests at or over 1 ms (bisection over wrk's percentile function)
cat > "$work/window.lua" <<'EOF'
done = function(summary, latency, requests)
  local t = {}
  for _, p in ipairs({50, 90, 99, 99.9}) do t[#t + 1] = string.format("%.2f", latency:percentile(p) / 1000) end
  local lo, hi = 0, 100
  for _ = 1, 40 do local mid = (lo + hi) / 2; if latency:percentile(mid) >= 1000 then hi = mid else lo = mid end end
  io.write(string.format("window: %s %.2f\n", table.concat(t, " "), 100 - lo))
end
EOF

url() { [ "$1" = portico ] && echo "http://127.0.0.1:$PORTICO_PORT/" || echo "http://127.0.0.1:$NGINX_PORT/"; }
for proxy in portico nginx; do taskset -c 0 wrk -t1 -c50 -d"$WARMUP" "$(url $proxy)" >/dev/null; done

rows="$work/rows.txt"
for round in $(seq 1 "$ROUNDS"); do
  for proxy in portico nginx; do
    taskset -c 0 wrk -t1 -c50 -d"$WINDOW" -s "$work/window.lua" "$(url $proxy)" >"$work/wrk.txt"
    errors="$(awk '/Non-2xx|Socket errors/ { print "yes" }' "$work/wrk.txt")"
    [ -z "$errors" ] || { log "$proxy answered errors:"; cat "$work/wrk.txt" >&2; exit 1; }
    echo "$round $proxy $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk.txt") \
$(awk '/^window:/ { print $2, $3, $4, $5, $6 }' "$work/wrk.txt")" >>"$rows"
    log "$(tail -1 "$rows")"
  done
done

{
  echo "# Portico and nginx in alternating ${WINDOW} windows — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Both proxies up on core 1 the whole run, wrk \`-t1 -c50\` and the backend on core 0, ${ROUNDS} rounds after a"
  echo "${WARMUP} warm-up each. Portico $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), JVM flags: shipped${OPTS:+ then \`$OPTS\`}."
  echo "Command: \`ROUNDS=$ROUNDS WINDOW=$WINDOW WARMUP=$WARMUP${OPTS:+ OPTS=\"$OPTS\"} bench/proxy/paired.sh\`"
  echo
  echo "| round | proxy | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | requests ≥ 1 ms |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s%% |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$rows"
  echo
  echo "Medians over the rounds:"
  echo
  echo "| proxy | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | requests ≥ 1 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for proxy in portico nginx; do
    printf '| %s |' "$proxy"
    for col in 3 4 5 6 7 8; do
      awk -v p="$proxy" -v c="$col" '$2 == p { print $c }' "$rows" | sort -g |
        awk -v c="$col" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf(c == 3 ? " %.0f |" : c == 8 ? " %.2f%% |" : " %.2f |", m) }'
    done
    echo
  done
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -r),"
  echo "$(java -version 2>&1 | head -1), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
} >"$work/result.md"
if [ "$RESULT" = - ]; then cat "$work/result.md"; else cp "$work/result.md" "$RESULT"; cat "$work/result.md"; log "wrote $RESULT"; fi
