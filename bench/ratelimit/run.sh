#!/usr/bin/env bash
# Rate-limiting overhead: wrk on one route three ways, through one Portico data plane started with
# --snapshot-file and --redis: no limit, a Local limit high enough never to refuse, and the same as Global
# (one Redis round trip per request). Writes bench/results/ratelimit.md (RESULT=- prints only).
#
# Overrides (environment):
#   DURATION=10s WARMUP=3s THREADS=1 CONNECTIONS=50 ROUNDS=1   wrk settings; ROUNDS repeats the three paths
#   LATENCY_CONNECTIONS=4                                        a second run per path, for latency below saturation
#   PATHS="unlimited local global"                               which to measure, in this order
#   PROXY_CPUS=1 LOAD_CPUS=0                                     taskset cores: data plane | wrk, backend, Redis
#   PORTICO_JAVA_OPTS="..."  PORTICO_CP=... PORTICO_MAIN=...     JVM flags / class path / main class
#   GATEWAY_PORT=18150 BACKEND_PORT=18151 ADMIN_PORT=18152 REDIS_PORT=18153
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
LATENCY_CONNECTIONS="${LATENCY_CONNECTIONS:-4}"
ROUNDS="${ROUNDS:-1}"
PATHS="${PATHS:-unlimited local global}"
PROXY_CPUS="${PROXY_CPUS:-1}"
LOAD_CPUS="${LOAD_CPUS:-0}"
GATEWAY_PORT="${GATEWAY_PORT:-18150}"
BACKEND_PORT="${BACKEND_PORT:-18151}"
ADMIN_PORT="${ADMIN_PORT:-18152}"
REDIS_PORT="${REDIS_PORT:-18153}"
RESULT="${RESULT:-$root/bench/results/ratelimit.md}"
jar="$root/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar"
cp="$jar:$root/dataplane/target/lib/*"

. "$root/bench/lib.sh"
. "$root/bench/proxy/parts.sh" # the shared backend
require_tools "apt-get install -y wrk nginx redis-server" java wrk nginx redis-server taskset curl
[ "$(nproc)" -ge 2 ] || { PROXY_CPUS=0; LOAD_CPUS=0; }
require_free_ports "$GATEWAY_PORT" "$BACKEND_PORT" "$ADMIN_PORT" "$REDIS_PORT"
[ -n "${PORTICO_CP:-}" ] || [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -o -pl dataplane -am package -DskipTests) >&2

bench_workdir ratelimit

# Backend: one nginx worker answering 200 with a fixed body, far cheaper than the gateway in front of it.
taskset -c "$LOAD_CPUS" nginx -p "$work" -c "$(backend_conf "$work" "$BACKEND_PORT")" >/dev/null 2>"$work/backend.log" &
pids+=("$!")
taskset -c "$LOAD_CPUS" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$work" >"$work/redis.log" 2>&1 &
pids+=("$!")
await_http "http://127.0.0.1:$BACKEND_PORT/"

# One route, three rules: the limits admit 10^9 a second per client address, so nothing is ever refused
# and the difference is the limiter's own cost.
rule() { # index prefix [limit JSON]
  echo "{\"name\": \"${2#/}\", \"index\": $1, \"matches\": [{\"path\": {\"type\": \"PathPrefix\", \"value\": \"$2\"}}],
     \"backends\": [{\"cluster\": \"bench/backend:80\", \"weight\": 1}]${3:+, \"rateLimits\": [$3]}}"
}
limit() { # scope
  echo "{\"policy\": \"bench/never\", \"name\": \"per-ip-$1\", \"scope\": \"$1\", \"failureMode\": \"Closed\",
     \"requests\": 1000000000, \"periodMs\": 1000, \"burst\": 0, \"key\": {\"type\": \"ClientIP\"}}"
}
cat > "$work/snapshot.json" <<JSON
{
  "gateway": "default",
  "version": 1,
  "routes": [{
    "namespace": "bench", "name": "echo", "generation": 1, "creationTimestamp": "2026-01-01T00:00:00Z",
    "rules": [$(rule 0 /unlimited), $(rule 1 /local "$(limit Local)"), $(rule 2 /global "$(limit Global)")]
  }],
  "clusters": [{"name": "bench/backend:80", "namespace": "bench", "service": "backend", "port": 80,
    "serviceExists": true, "endpoints": [{"address": "127.0.0.1", "port": $BACKEND_PORT}]}]
}
JSON

# shellcheck disable=SC2206
argv=(java ${PORTICO_JAVA_OPTS:-} -cp "${PORTICO_CP:-$cp}" "${PORTICO_MAIN:-dev.portico.dataplane.DataPlaneMain}"
      --snapshot-file "$work/snapshot.json" --port "$GATEWAY_PORT" --admin-port "$ADMIN_PORT"
      --redis "redis://127.0.0.1:$REDIS_PORT")
taskset -c "$PROXY_CPUS" "${argv[@]}" >"$work/dataplane.log" 2>&1 &
dp="$!"
pids+=("$dp")
await_http "http://127.0.0.1:$ADMIN_PORT/readyz" || { cat "$work/dataplane.log" >&2; exit 1; }
for p in $PATHS; do
  headers="$(curl -s -D - "http://127.0.0.1:$GATEWAY_PORT/$p")"
  echo "$headers" | grep -q '^HTTP/1.1 200' || { log "/$p: $headers"; exit 1; }
  if [ "$p" != unlimited ]; then
    echo "$headers" | grep -qi '^RateLimit-Remaining' || { log "/$p has no RateLimit headers: $headers"; exit 1; }
  fi
done

to_ms() { # wrk latency such as 812.00us, 1.23ms, 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.3f", n }'
}
wrk_cmd() { # duration url [connections]
  echo taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"${3:-$CONNECTIONS}" -d"$1" --latency "$2"
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
declare -A rps_of p50_of
measure() { # path round connections -> appends a row; remembers rps (saturated) or p50 (below saturation)
  local p="$1" round="$2" conns="$3" url out la rps p50 p99 total non2xx
  url="http://127.0.0.1:$GATEWAY_PORT/$p"
  out="$work/wrk-$p-$round-$conns.txt"
  la="$(cut -d' ' -f1 /proc/loadavg)"
  $(wrk_cmd "$DURATION" "$url" "$conns") >"$out"
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  total="$(awk '/requests in/ {print $1}' "$out")"
  non2xx="$(awk '/Non-2xx/ {print $5}' "$out")"
  rows+=("| /$p | $round | $conns | $rps | $p50 | $p99 | $total | ${non2xx:-0} | $la |")
  if [ "$conns" = "$CONNECTIONS" ]; then rps_of[$p]="${rps_of[$p]:-} $rps"; else p50_of[$p]="${p50_of[$p]:-} $p50"; fi
}
for round in $(seq 1 "$ROUNDS"); do
  for p in $PATHS; do
    log "/$p round $round: warm-up $WARMUP, then $DURATION at -c$CONNECTIONS and at -c$LATENCY_CONNECTIONS"
    $(wrk_cmd "$WARMUP" "http://127.0.0.1:$GATEWAY_PORT/$p") >/dev/null
    measure "$p" "$round" "$CONNECTIONS"
    measure "$p" "$round" "$LATENCY_CONNECTIONS"
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
decisions="$(curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep '^portico_ratelimit_' || true)"

median() { echo "$@" | tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
summary() {
  local base_rps base_p50
  base_rps="$(median ${rps_of[unlimited]:-})"
  base_p50="$(median ${p50_of[unlimited]:-})"
  [ -n "${rps_of[unlimited]:-}" ] || return 0
  if [ -n "${rps_of[local]:-}" ]; then
    awk -v l="$(median ${rps_of[local]})" -v u="$base_rps" \
      'BEGIN {printf "- Local, never refusing: %.1f%% of the unlimited route'"'"'s requests/s at -c'"$CONNECTIONS"' (target ≥ 90%%)\n", 100 * l / u}'
  fi
  if [ -n "${p50_of[global]:-}" ]; then
    awk -v g="$(median ${p50_of[global]})" -v u="$base_p50" \
      'BEGIN {printf "- Global (Redis): p50 %+.3f ms over the unlimited route at -c'"$LATENCY_CONNECTIONS"' (target ≤ +1 ms)\n", g - u}'
  fi
}

report() {
  echo "# Rate-limiting benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "One Portico data plane (\`--snapshot-file\`, \`--redis\`, pinned to CPU(s) \`$PROXY_CPUS\`) in front of one nginx"
  echo "worker answering 200; wrk, the backend and redis-server pinned to CPU(s) \`$LOAD_CPUS\`. One route, three rules:"
  echo "\`/unlimited\` (no limit), \`/local\` (Local, ClientIP, 10^9 per second: never refuses) and \`/global\` (the same"
  echo "limit, Global: one EVALSHA per request). Per path, after a \`-d$WARMUP\` warm-up: wrk \`-t$THREADS -d$DURATION"
  echo "--latency\` at \`-c$CONNECTIONS\` (saturated: throughput) and at \`-c$LATENCY_CONNECTIONS\` (below saturation: latency)."
  echo "\"load 1m\" is the machine's 1-minute load average as the measured run began."
  echo
  echo "| path | round | connections | requests/s | p50 ms | p99 ms | requests | non-2xx | load 1m |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  summary
  echo
  echo "Rate-limit meters after the run (warm-ups included):"
  echo
  echo '```'
  echo "$decisions"
  echo '```'
  echo
  echo "## Machine"
  echo
  echo "- CPUs: $(nproc) ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), shared with other builds and tests"
  echo "- Load average (1/5/15 min) before: $load_start, after: $load_end"
  echo "- Java: $(java -version 2>&1 | head -1); redis: $(redis-server --version | awk '{print $3}')"
  echo "- Portico: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown), JVM flags: \`${PORTICO_JAVA_OPTS:-none}\`"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS LATENCY_CONNECTIONS=$LATENCY_CONNECTIONS \\"
  echo "  ROUNDS=$ROUNDS PATHS=\"$PATHS\" \\"
  echo "  PROXY_CPUS=$PROXY_CPUS LOAD_CPUS=$LOAD_CPUS bench/ratelimit/run.sh"
  echo "# data plane:"
  echo "taskset -c $PROXY_CPUS ${argv[*]}" | sed "s#$root/##g; s#$work/#<tmp>/#g"
  echo "# per path:"
  wrk_cmd "$DURATION" "http://127.0.0.1:$GATEWAY_PORT/<path>" "$CONNECTIONS"
  wrk_cmd "$DURATION" "http://127.0.0.1:$GATEWAY_PORT/<path>" "$LATENCY_CONNECTIONS"
  echo '```'
}
if [ "$RESULT" = "-" ]; then report; else mkdir -p "$(dirname "$RESULT")"; report >"$RESULT"; log "wrote $RESULT"; cat "$RESULT"; fi
