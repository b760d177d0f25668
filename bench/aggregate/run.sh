#!/usr/bin/env bash
# Aggregation benchmark: one aggregate call fanning out to three services vs a client calling the same three
# one after another, both through one Portico data plane started with --snapshot-file.
# Writes bench/results/aggregate.md (RESULT=- prints only). See bench/README.md.
#
# Overrides (environment):
#   DURATION_S=10 WARMUP_S=3 CONCURRENCY=32 DELAY_MS=20   load settings (virtual clients, backend think time)
#   PROXY_CPUS=1 LOAD_CPUS=0                              taskset cores: data plane | load client + backends
#   PORTICO_JAVA_OPTS="..."  PORTICO_CP=... PORTICO_MAIN=...   JVM flags / class path / main class of the data plane
#   GATEWAY_PORT=18120 ADMIN_PORT=18124 USER_PORT=18121 ORDER_PORT=18122 PRODUCT_PORT=18123
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DURATION_S="${DURATION_S:-10}" WARMUP_S="${WARMUP_S:-3}" CONCURRENCY="${CONCURRENCY:-32}" DELAY_MS="${DELAY_MS:-20}"
export GATEWAY_PORT="${GATEWAY_PORT:-18120}" USER_PORT="${USER_PORT:-18121}" ORDER_PORT="${ORDER_PORT:-18122}"
export PRODUCT_PORT="${PRODUCT_PORT:-18123}"
ADMIN_PORT="${ADMIN_PORT:-18124}"
PROXY_CPUS="${PROXY_CPUS:-1}"
LOAD_CPUS="${LOAD_CPUS:-0}"
RESULT="${RESULT:-$root/bench/results/aggregate.md}"
jar="$root/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar"
cp="$jar:$root/dataplane/target/lib/*"

. "$root/bench/lib.sh"
require_tools "" java taskset curl
[ "$(nproc)" -ge 2 ] || { PROXY_CPUS=0; LOAD_CPUS=0; }
[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -o -pl dataplane -am package -DskipTests) >&2

bench_workdir aggregate

# One aggregate rule (the dashboard of api-v1alpha1.md) and one proxied rule per service.
cluster() { # name port
  echo "{\"name\": \"bench/$1:80\", \"namespace\": \"bench\", \"service\": \"$1\", \"port\": 80, \"serviceExists\": true,
     \"endpoints\": [{\"address\": \"127.0.0.1\", \"port\": $2}]}"
}
proxied() { # index prefix service
  echo "{\"name\": \"$3\", \"index\": $1, \"matches\": [{\"path\": {\"type\": \"PathPrefix\", \"value\": \"$2\"}}],
     \"backends\": [{\"cluster\": \"bench/$3:80\", \"weight\": 1}]}"
}
cat > "$work/snapshot.json" <<JSON
{
  "gateway": "default",
  "version": 1,
  "routes": [{
    "namespace": "bench", "name": "shop", "generation": 1, "creationTimestamp": "2026-01-01T00:00:00Z",
    "rules": [
      {"name": "dashboard", "index": 0,
       "matches": [{"path": {"type": "Template", "value": "/dashboard/{userId}"}, "method": "GET"}],
       "aggregate": {"timeoutMs": 2000, "backends": [
         {"name": "user", "cluster": "bench/user-service:80", "path": "/users/{userId}", "required": true},
         {"name": "orders", "cluster": "bench/order-service:80", "path": "/orders?userId={userId}", "required": true},
         {"name": "recommended", "cluster": "bench/product-service:80", "path": "/products?limit=3",
          "required": false, "timeoutMs": 300}]}},
      $(proxied 1 /users user-service),
      $(proxied 2 /orders order-service),
      $(proxied 3 /products product-service)
    ]
  }],
  "clusters": [$(cluster user-service "$USER_PORT"), $(cluster order-service "$ORDER_PORT"),
               $(cluster product-service "$PRODUCT_PORT")]
}
JSON

# shellcheck disable=SC2206
argv=(java ${PORTICO_JAVA_OPTS:-} -cp "${PORTICO_CP:-$cp}" "${PORTICO_MAIN:-dev.portico.dataplane.DataPlaneMain}"
      --snapshot-file "$work/snapshot.json" --host 127.0.0.1 --port "$GATEWAY_PORT" --admin-port "$ADMIN_PORT")
taskset -c "$PROXY_CPUS" "${argv[@]}" >"$work/dataplane.log" 2>&1 &
dp="$!"
pids+=("$dp")
ready=""
for _ in $(seq 1 1200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ADMIN_PORT/readyz" 2>/dev/null)" = 200 ] && { ready=1; break; }
  kill -0 "$dp" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "bench: the data plane is not ready; its log:" >&2; cat "$work/dataplane.log" >&2; exit 1; }

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
table="$(DP_PID="$dp" CLK_TCK="$(getconf CLK_TCK)" taskset -c "$LOAD_CPUS" java -cp "$cp" \
  "$root/bench/aggregate/AggregateBench.java")"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
outcomes="$(curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep '^portico_aggregate_backend_latency_seconds_count' || true)"

report() {
  echo "# Aggregation benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "One Portico data plane (\`--snapshot-file\`, pinned to CPU(s) \`$PROXY_CPUS\`) in front of three JSON services"
  echo "that each answer after ${DELAY_MS} ms. **aggregate**: a client makes one call, \`GET /dashboard/42\`, which the"
  echo "gateway fans out in parallel to \`/users/42\`, \`/orders?userId=42\` and \`/products?limit=3\` and merges."
  echo "**sequential**: a client makes the same three calls itself, one after another, through the same gateway"
  echo "(proxied rules). An operation is one dashboard's worth of data. $CONCURRENCY virtual clients in a closed loop"
  echo "(Vert.x client, keep-alive pool of $CONCURRENCY), ${WARMUP_S} s warm-up of each mode, then ${DURATION_S} s measured per mode;"
  echo "latency per operation recorded with HdrHistogram; load client and backends pinned to CPU(s) \`$LOAD_CPUS\`."
  echo
  echo "$table"
  echo
  echo "Backend requests/s = operations/s × 3 (every operation reaches all three services in both modes)."
  echo "errors: non-200 answers or failed calls; partial: 200 answers without the optional \`recommended\` member"
  echo "(it missed its 300 ms timeout), still counted as operations. Data-plane CPU ms/operation: the gateway"
  echo "process's user+system CPU time (/proc) during the measured seconds divided by operations; it depends"
  echo "less than latency on what else the machine is doing (but caches and JIT threads still feel it)."
  echo "The aggregate's latency is about one backend delay, the sequential client's about three; with a closed"
  echo "loop of a fixed number of clients, throughput follows latency."
  echo
  echo "Aggregate backend calls by outcome (data-plane \`/metrics\` after the run, warm-up included):"
  echo
  echo '```'
  echo "$outcomes"
  echo '```'
  echo
  echo "## Machine"
  echo
  echo "- CPUs: $(nproc) ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), shared with other builds and tests"
  echo "- Load average (1/5/15 min) before the load: $load_start, after: $load_end"
  echo "  (the benchmark itself adds about 2; above that, latency percentiles partly measure waiting for a CPU:"
  echo "  compare the two rows of one run, and the CPU column, rather than absolute numbers across runs)"
  echo "- Java: $(java -version 2>&1 | head -1)"
  echo "- Portico: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "DURATION_S=$DURATION_S WARMUP_S=$WARMUP_S CONCURRENCY=$CONCURRENCY DELAY_MS=$DELAY_MS PROXY_CPUS=$PROXY_CPUS LOAD_CPUS=$LOAD_CPUS bench/aggregate/run.sh"
  echo "# data plane:"
  echo "taskset -c $PROXY_CPUS ${argv[*]}" | sed "s#$root/##g; s#$work/#<tmp>/#g"
  echo "# load client and backends:"
  echo "taskset -c $LOAD_CPUS java -cp '$cp' bench/aggregate/AggregateBench.java" | sed "s#$root/##g"
  echo '```'
}
if [ "$RESULT" = "-" ]; then report; else mkdir -p "$(dirname "$RESULT")"; report >"$RESULT"; echo "bench: wrote $RESULT" >&2; cat "$RESULT"; fi
