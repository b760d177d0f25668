#!/usr/bin/env bash
# Authentication overhead: wrk against one Portico data plane (--snapshot-file) serving the same backend on
# three routes: /open (no auth), /jwt (RS256 bearer token, warm verified-token cache) and /key (API key header).
# Also prints the CPU cost of one signature check per algorithm (a token-cache miss).
# Writes bench/results/auth.md (RESULT=- prints only). See bench/README.md.
#
# Overrides (environment):
#   DURATION=10s WARMUP=3s THREADS=1 CONNECTIONS=50   wrk settings
#   CASES="open jwt key"  ROUNDS=1                     which routes, in this order; repeat the sequence
#   PROXY_CPUS=1 LOAD_CPUS=0                           taskset cores: data plane | wrk + backend
#   PORTICO_JAVA_OPTS="..."                            JVM flags of the data plane
#   PORTICO_CP=...                                     class path of the data plane (default: dataplane/target)
#   BACKEND_PORT=18131 PORTICO_PORT=18130 PORTICO_ADMIN_PORT=18132
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
CASES="${CASES:-open jwt key}"
ROUNDS="${ROUNDS:-1}"
PROXY_CPUS="${PROXY_CPUS:-1}"
LOAD_CPUS="${LOAD_CPUS:-0}"
BACKEND_PORT="${BACKEND_PORT:-18131}"
PORTICO_PORT="${PORTICO_PORT:-18130}"
PORTICO_ADMIN_PORT="${PORTICO_ADMIN_PORT:-18132}"
RESULT="${RESULT:-$root/bench/results/auth.md}"
jar="$root/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar"
cp="${PORTICO_CP:-$jar:$root/dataplane/target/lib/*}"

. "$root/bench/lib.sh"
. "$root/bench/proxy/parts.sh" # the shared backend
require_tools "apt-get install -y nginx wrk" wrk nginx taskset curl java
[ "$(nproc)" -ge 2 ] || { PROXY_CPUS=0; LOAD_CPUS=0; }
[ -n "${PORTICO_CP:-}" ] || [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -o -pl dataplane -am package -DskipTests) >&2

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_workdir auth
expect() { # status curl-args...
  local want="$1"; shift
  local got; got="$(status_of "$@")"
  [ "$got" = "$want" ] || { log "expected $want from curl $*, got $got"; exit 1; }
}

# ---- the backend: one nginx worker answering a fixed 200 body (as in bench/proxy) ----
taskset -c "$LOAD_CPUS" nginx -p "$work" -c "$(backend_conf "$work" "$BACKEND_PORT")" >/dev/null 2>"$work/backend.log" &
pids+=("$!")
await_http "http://127.0.0.1:$BACKEND_PORT/"

# ---- keys, token and snapshot; then the data plane ----
java -cp "$cp" "$root/bench/auth/AuthBench.java" mint "$work" "$BACKEND_PORT"
token="$(cat "$work/token")"
apikey="$(cat "$work/apikey")"
# shellcheck disable=SC2206
argv=(java ${PORTICO_JAVA_OPTS:-} -cp "$cp" dev.portico.dataplane.DataPlaneMain
      --snapshot-file "$work/snapshot.json" --port "$PORTICO_PORT" --admin-port "$PORTICO_ADMIN_PORT")
taskset -c "$PROXY_CPUS" "${argv[@]}" >"$work/portico.log" 2>&1 &
dp="$!"
pids+=("$dp")
await_http "http://127.0.0.1:$PORTICO_ADMIN_PORT/readyz" || { cat "$work/portico.log" >&2; exit 1; }

base="http://127.0.0.1:$PORTICO_PORT"
expect 200 "$base/open/"
expect 401 "$base/jwt/"
expect 401 -H "Authorization: Bearer ${token}x" "$base/jwt/"
expect 200 -H "Authorization: Bearer $token" "$base/jwt/"
expect 401 -H "X-Api-Key: wrong" "$base/key/"
expect 200 -H "X-Api-Key: $apikey" "$base/key/"

header_of() {
  case "$1" in
    open|jwt) echo "Authorization: Bearer $token" ;; # the same request bytes: only what the gateway does differs
    key) echo "X-Api-Key: $apikey" ;;
  esac
}
label_of() {
  case "$1" in
    open) echo "/open — no auth (same Authorization header sent, forwarded)" ;;
    jwt) echo "/jwt — RS256 bearer token (warm cache)" ;;
    key) echo "/key — API key header" ;;
  esac
}
cpu_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

# Warm every case first (JIT, upstream pool, token cache), so the first measured case is not the cold one.
for c in $CASES; do
  log "$c: warm-up $WARMUP"
  taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "$(header_of "$c")" "$base/$c/" >/dev/null
done
rows=()
declare -A rps_of reqs_of ticks_of
for round in $(seq 1 "$ROUNDS"); do
  for c in $CASES; do
    url="$base/$c/"
    hdr="$(header_of "$c")"
    log "$c: measuring $DURATION (round $round)"
    t0="$(cpu_ticks "$dp")"
    taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$hdr" "$url" >"$work/wrk-$c.txt"
    ticks="$(( $(cpu_ticks "$dp") - t0 ))"
    cat "$work/wrk-$c.txt" >&2
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk-$c.txt")"
    total="$(awk '/requests in/ {print $1}' "$work/wrk-$c.txt")"
    p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk-$c.txt")")"
    p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk-$c.txt")")"
    non2xx="$(awk '/Non-2xx/ {print $5}' "$work/wrk-$c.txt")"
    per_cpu="$(awk -v n="${total:-0}" -v t="$ticks" -v hz="$hz" 'BEGIN {if (t > 0) printf "%.0f", n / (t / hz); else print "?"}')"
    rps_of[$c]="${rps_of[$c]:-} $rps"
    reqs_of[$c]=$(( ${reqs_of[$c]:-0} + ${total:-0} ))
    ticks_of[$c]=$(( ${ticks_of[$c]:-0} + ticks ))
    suffix=""
    if [ "$ROUNDS" -gt 1 ]; then suffix=" (round $round)"; fi
    rows+=("| $(label_of "$c")$suffix | $rps | $p50 | $p99 | $total | $per_cpu | ${non2xx:-0} |")
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

mean() { awk '{s = 0; for (i = 1; i <= NF; i++) s += $i; if (NF) printf "%.1f", s / NF}' <<<"$1"; }
ratio() { # case -> % of open
  awk -v a="$(mean "${rps_of[$1]:-}")" -v b="$(mean "${rps_of[open]:-}")" 'BEGIN {if (a > 0 && b > 0) printf "%.1f%%", 100 * a / b; else print "?"}'
}
efficiency() { # case -> its requests per data-plane CPU second as % of /open's, over all rounds
  awk -v r="${reqs_of[$1]:-0}" -v t="${ticks_of[$1]:-0}" -v ro="${reqs_of[open]:-0}" -v to="${ticks_of[open]:-0}" \
    'BEGIN {if (t > 0 && to > 0 && ro > 0) printf "%.1f%%", 100 * (r / t) / (ro / to); else print "?"}'
}
log "signature check cost"
cost="$(taskset -c "$LOAD_CPUS" java -cp "$cp" "$root/bench/auth/AuthBench.java" cost)"

report() {
  echo "# Authentication overhead — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "One data plane (\`DataPlaneMain --snapshot-file\`, pinned to CPU \`$PROXY_CPUS\`) serving three routes to the"
  echo "same backend (one nginx worker, \`return 200\`, 33 bytes; pinned with wrk to CPU \`$LOAD_CPUS\`). Every case"
  echo "first gets a \`-d$WARMUP\` warm-up (for /jwt this fills the verified-token cache); then, $ROUNDS round(s) of"
  echo "\`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` per case, cases interleaved. /open and /jwt get the very same"
  echo "request (same \`Authorization\` header): /open forwards it, /jwt verifies it (cache hit) and strips it."
  echo
  echo "| route | requests/s | p50 ms | p99 ms | requests | requests per data-plane CPU s | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  if [[ " $CASES " == *" open "* && " $CASES " == *" jwt "* ]]; then
    echo "- RS256 route throughput: **$(ratio jwt)** of the no-auth route (target ≥ 90%; mean over rounds);"
    echo "  requests per data-plane CPU second: **$(efficiency jwt)** of the no-auth route (all rounds)."
  fi
  if [[ " $CASES " == *" open "* && " $CASES " == *" key "* ]]; then
    echo "- API-key route throughput: **$(ratio key)** of the no-auth route; per CPU second: **$(efficiency key)**."
  fi
  echo "- Load average (1/5/15 min) at the start: $load_start, at the end: $load_end on $(nproc) CPUs"
  echo "  (other work shared this machine; compare rows of this file only). When the load average is far above"
  echo "  the CPU count, requests/s mostly measures how much CPU the neighbours left; requests per data-plane"
  echo "  CPU second is the figure that still compares the routes."
  echo
  echo "## A token-cache miss: one signature check (Nimbus JOSE+JWT as shipped, one thread, CPU time)"
  echo
  echo "$cost"
  echo
  echo "- Java: $(java -version 2>&1 | head -1); Portico: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS CASES=\"$CASES\" ROUNDS=$ROUNDS bench/auth/run.sh"
  shown=("${argv[@]}")
  for i in "${!shown[@]}"; do if [ "${shown[$i]}" = "$cp" ]; then shown[$i]="<dataplane jar>:<its lib/*>"; fi; done
  echo "taskset -c $PROXY_CPUS ${shown[*]}" | sed "s#$work/#<tmp>/#g"
  echo "taskset -c $LOAD_CPUS wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Bearer <token>' http://127.0.0.1:$PORTICO_PORT/jwt/"
  echo "taskset -c $LOAD_CPUS wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Bearer <token>' http://127.0.0.1:$PORTICO_PORT/open/"
  echo "taskset -c $LOAD_CPUS wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'X-Api-Key: <key>' http://127.0.0.1:$PORTICO_PORT/key/"
  echo "taskset -c $LOAD_CPUS java -cp '<dataplane jar>:<its lib/*>' bench/auth/AuthBench.java cost"
  echo '```'
}
if [ "$RESULT" = "-" ]; then report; else mkdir -p "$(dirname "$RESULT")"; report >"$RESULT"; log "wrote $RESULT"; cat "$RESULT"; fi
