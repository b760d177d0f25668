#!/usr/bin/env bash
# Proxy throughput/latency: wrk in front of Portico, nginx and haproxy, all proxying one shared backend.
# Writes bench/results/proxy-<UTC date-time>.md (RESULT=- prints only). See bench/README.md for what is measured and why.
#
# Overrides (environment):
#   DURATION=30s WARMUP=10s THREADS=1 CONNECTIONS=50   wrk settings (e.g. DURATION=5s WARMUP=2s for a quick run)
#   PROXIES="portico nginx haproxy"                     which proxies to measure, in this order; add "vertx" for
#                                                       baseline/BareVertxProxy.java, the framework's ceiling
#   WARMUP_CPU=0                                        also warm the JVMs until each used this many CPU seconds (JIT)
#   ROUNDS=1                                            repeat the whole sequence (a noisy machine shows in the spread)
#   PROXY_CPUS=1 LOAD_CPUS=0                            taskset core lists: proxy under test | wrk + backend
#   PROFILE=1 PROFILE_DURATION=15s                      extra JFR pass on Portico, hot spots added to the result
#   PROFILE_KEEP=path.jfr                               also keep that pass's recording (for `jfr print`)
#   PORTICO_JAVA_OPTS="..."                             JVM flags for the data plane, after the shipped ones
#                                                       (-Dportico.fastPath=false: every request through Vert.x, for A/B)
#                                                       (dataplane/src/main/resources/portico/dataplane-jvm.options)
#   PORTICO_CP=... PORTICO_MAIN=... PORTICO_REV=...     another class path / main class / commit label
#   BACKEND_PORT=18081 PORTICO_PORT=18090 PORTICO_ADMIN_PORT=18091 NGINX_PORT=18092 HAPROXY_PORT=18093
#   VERTX_PORT=18094
#   RESULT=path                                         where to write the result (default bench/results/...;
#                                                       RESULT=- prints only)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/proxy"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-10s}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
PROXIES="${PROXIES:-portico nginx haproxy}"
ROUNDS="${ROUNDS:-1}"
WARMUP_CPU="${WARMUP_CPU:-0}"
PROXY_CPUS="${PROXY_CPUS:-1}"
LOAD_CPUS="${LOAD_CPUS:-0}"
PROFILE="${PROFILE:-0}"
PROFILE_DURATION="${PROFILE_DURATION:-15s}"
BACKEND_PORT="${BACKEND_PORT:-18081}"
PORTICO_PORT="${PORTICO_PORT:-18090}"
PORTICO_ADMIN_PORT="${PORTICO_ADMIN_PORT:-18091}"
NGINX_PORT="${NGINX_PORT:-18092}"
HAPROXY_PORT="${HAPROXY_PORT:-18093}"
VERTX_PORT="${VERTX_PORT:-18094}"
stamp="$(date -u +%Y-%m-%d-%H%M)"
RESULT="${RESULT:-$root/bench/results/proxy-$stamp.md}"
version=0.1.0-SNAPSHOT
jar="$root/dataplane/target/portico-dataplane-$version.jar"

. "$root/bench/lib.sh"
. "$here/parts.sh"
require_tools "apt-get install -y nginx haproxy wrk" wrk nginx haproxy taskset curl java
cpus="$(nproc)"
if [ "$cpus" -lt 2 ]; then PROXY_CPUS=0; LOAD_CPUS=0; fi

for port in "$BACKEND_PORT" "$PORTICO_PORT" "$PORTICO_ADMIN_PORT" "$NGINX_PORT" "$HAPROXY_PORT" "$VERTX_PORT"; do
  if ss -ltnH 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]$port\$"; then
    echo "bench: port $port is already in use; choose others (see the overrides at the top of $0)" >&2; exit 2
  fi
done

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_workdir proxy

# Starts "$@" in the background pinned to $1's cores; sets last_pid and remembers it for cleanup.
last_pid=""
start_pinned() {
  local cores="$1"; shift
  taskset -c "$cores" "$@" &
  last_pid="$!"
  pids+=("$last_pid")
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}


# ---- the shared backend: one nginx worker answering a fixed 200 body, no disk, no logging ----
backend_conf="$(backend_conf "$work" "$BACKEND_PORT")"
start_pinned "$LOAD_CPUS" nginx -p "$work" -c "$backend_conf" >/dev/null 2>"$work/backend.log"
await_http "http://127.0.0.1:$BACKEND_PORT/"

# ---- peers ----
nginx_conf="$(nginx_proxy_conf "$work" "$NGINX_PORT" "$BACKEND_PORT")"

haproxy_conf="$work/haproxy.cfg"
cat > "$haproxy_conf" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  http-reuse always
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  option forwardfor
  unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid
  http-request set-header X-Request-Id %[unique-id]
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  default_backend shared
backend shared
  server backend 127.0.0.1:$BACKEND_PORT
EOF

snapshot="$(one_route_snapshot "$work" "$BACKEND_PORT")"

# Portico's command line (parts.sh): the shipped JVM flags, then PORTICO_JAVA_OPTS, then the given ones.
portico_argv() { # extra JVM flags... -> sets argv
  # shellcheck disable=SC2086
  DATAPLANE_CP="${PORTICO_CP:-}" DATAPLANE_MAIN="${PORTICO_MAIN:-}" \
    dataplane_argv "$snapshot" "$PORTICO_PORT" "$PORTICO_ADMIN_PORT" ${PORTICO_JAVA_OPTS:-} "$@"
}

start_proxy() { # name [extra JVM flags] -> sets last_pid
  case "$1" in
    portico)
      shift
      portico_argv "$@"
      start_pinned "$PROXY_CPUS" "${argv[@]}" >"$work/portico.log" 2>&1
      await_http "http://127.0.0.1:$PORTICO_ADMIN_PORT/readyz" || { cat "$work/portico.log" >&2; exit 1; } ;;
    nginx)
      start_pinned "$PROXY_CPUS" nginx -p "$work" -c "$nginx_conf" >/dev/null 2>"$work/nginx-proxy.log" ;;
    haproxy)
      start_pinned "$PROXY_CPUS" haproxy -db -f "$haproxy_conf" >"$work/haproxy.log" 2>&1 ;;
    vertx)
      [ -n "${PORTICO_CP:-}" ] || [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -o -pl dataplane -am package -DskipTests) >&2
      start_pinned "$PROXY_CPUS" java -cp "${PORTICO_CP:-$jar:$root/dataplane/target/lib/*}" \
        "$here/baseline/BareVertxProxy.java" "$VERTX_PORT" "$BACKEND_PORT" >"$work/vertx.log" 2>&1 ;;
    *) log "unknown proxy '$1'"; exit 2 ;;
  esac
}

port_of() {
  case "$1" in
    portico) echo "$PORTICO_PORT" ;; nginx) echo "$NGINX_PORT" ;; haproxy) echo "$HAPROXY_PORT" ;; vertx) echo "$VERTX_PORT" ;;
  esac
}

wrk_cmd() { # duration url -> the command line, for the record
  echo taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency "$2"
}

run_wrk() { # duration url
  taskset -c "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency "$2"
}

to_ms() { # wrk latency such as 812.00us, 1.23ms, 1.01s
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

cpu_ticks() { # pid -> user+system clock ticks of the process and its direct children (nginx workers)
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    # Fields after the parenthesised command name: utime is the 12th, stime the 13th.
    total=$(( total + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
hz="$(getconf CLK_TCK)"
steal_ticks() { # clock ticks the hypervisor gave both CPUs' time to others (the 8th value of /proc/stat's cpu line)
  awk '/^cpu / {print $9}' /proc/stat
}

warm_up() { # pid url label
  local start used target=0
  [[ "$3" == portico* || "$3" == vertx* ]] && target="$WARMUP_CPU"
  start="$(cpu_ticks "$1")"
  run_wrk "$WARMUP" "$2" >/dev/null
  # On a machine others share, wall time says little about how much the JIT could do: count CPU.
  for _ in $(seq 1 60); do
    used="$(( $(cpu_ticks "$1") - start ))"
    [ "$used" -ge "$(( target * hz ))" ] && break
    run_wrk 5s "$2" >/dev/null
  done
  log "$3: warm-up used $(awk -v t="$(( $(cpu_ticks "$1") - start ))" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}') CPU s"
}

rows=()
for round in $(seq 1 "$ROUNDS"); do
for proxy in $PROXIES; do
  port="$(port_of "$proxy")"
  url="http://127.0.0.1:$port/"
  label="$proxy"
  [ "$ROUNDS" -gt 1 ] && label="$proxy (round $round)"
  log "$label: starting"
  start_proxy "$proxy"
  pid="$last_pid"
  await_http "$url"
  body="$(curl -s "$url")"
  [ "$body" = "hello from the benchmark backend" ] || { log "$proxy answered '$body' instead of the backend's body"; exit 1; }
  log "$label: warm-up $WARMUP"
  warm_up "$pid" "$url" "$label"
  log "$label: measuring $DURATION"
  out="$work/wrk-$proxy.txt"
  ticks_before="$(cpu_ticks "$pid")"
  steal_before="$(steal_ticks)"
  run_wrk "$DURATION" "$url" >"$out"
  ticks="$(( $(cpu_ticks "$pid") - ticks_before ))"
  steal_ms="$(( ($(steal_ticks) - steal_before) * 1000 / hz ))"
  cat "$out" >&2
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  max="$(to_ms "$(awk '$1 == "Latency" && NF >= 4 {print $4; exit}' "$out")")"
  total="$(awk '/requests in/ {print $1}' "$out")"
  errors="$(awk '/Socket errors/ {gsub(",", ""); print "connect " $4 ", read " $6 ", write " $8 ", timeout " $10}' "$out")"
  non2xx="$(awk '/Non-2xx/ {print $5}' "$out")"
  cpu_s="$(awk -v t="$ticks" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}')"
  per_cpu="$(awk -v n="${total:-0}" -v t="$ticks" -v hz="$hz" 'BEGIN {if (t > 0) printf "%.0f", n / (t / hz); else print "?"}')"
  rows+=("| $label | ${rps:-?} | $p50 | $p99 | $max | ${total:-?} | $cpu_s | $per_cpu | $steal_ms | ${non2xx:-0} | ${errors:-none} |")
  stop_pid "$pid"
done
done

profile_section=""
if [ "$PROFILE" = "1" ] && [[ " $PROXIES " == *" portico "* ]]; then
  log "portico: JFR profiling pass ($PROFILE_DURATION after a $WARMUP warm-up)"
  jfr_file="$work/portico.jfr"
  start_proxy portico -XX:+FlightRecorder
  pid="$last_pid"
  url="http://127.0.0.1:$PORTICO_PORT/"
  warm_up "$pid" "$url" "portico (profile)"
  if jcmd "$pid" JFR.start name=bench settings=profile filename="$jfr_file" >"$work/jcmd.txt" 2>&1; then
    run_wrk "$PROFILE_DURATION" "$url" >"$work/wrk-profile.txt"
    jcmd "$pid" JFR.stop name=bench >>"$work/jcmd.txt" 2>&1 || true
  else
    log "could not start JFR in Portico (pid $pid): $(cat "$work/jcmd.txt")"
  fi
  stop_pid "$pid"
  if [ -s "$jfr_file" ]; then
    [ -z "${PROFILE_KEEP:-}" ] || cp "$jfr_file" "$PROFILE_KEEP"
    profile_section="$("$here/jfr-summary.sh" "$jfr_file")" || profile_section="(jfr-summary.sh failed)"
  else
    profile_section="No recording: $(tr '\n' ' ' <"$work/jcmd.txt")"
  fi
fi

report() {
  echo "# Proxy benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "wrk \`-t$THREADS -c$CONNECTIONS -d$DURATION --latency\` after a \`-d$WARMUP\` warm-up$( [ "$WARMUP_CPU" -gt 0 ] && echo " (JVMs: extended until each had used $WARMUP_CPU CPU seconds, for the JIT)"), one proxy at a time,"
  echo "each proxying the same backend (one nginx worker answering \`return 200\` with a 33-byte body) on loopback."
  echo "Proxy under test pinned to CPU(s) \`$PROXY_CPUS\`; wrk and the backend pinned to CPU(s) \`$LOAD_CPUS\`."
  echo "\"proxy CPU s\" is the user+system CPU time the proxy process (with its workers) used during the measured"
  echo "run; requests per CPU second is the efficiency figure that stays meaningful when other work steals the CPU."
  echo "\"max ms\" is wrk's slowest request (a stall shows there first); \"steal ms\" the time the hypervisor gave both"
  echo "CPUs to other guests during the measured run (/proc/stat): a round with much of it was measured on a busy host."
  echo
  echo "| proxy | requests/s | p50 ms | p99 ms | max ms | requests | proxy CPU s | requests per CPU s | steal ms | non-2xx | socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "## Machine"
  echo
  echo "- CPUs: $cpus ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
  echo "- Memory: $(free -m | awk '/^Mem:/ {print $2}') MiB"
  echo "- Kernel: $(uname -sr)"
  echo "- Load average (1/5/15 min) at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "  (anything above what the benchmark itself adds means other work shared these CPUs)"
  echo "- Java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "- nginx: $(nginx -v 2>&1 | sed 's/nginx version: //')"
  echo "- haproxy: $(haproxy -v | head -1)"
  echo "- wrk: $(wrk -v 2>&1 | head -1)"
  echo "- Portico: ${PORTICO_REV:-$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)}, JVM flags: the shipped \`$(grep -v '^#' "$root/dataplane/src/main/resources/portico/dataplane-jvm.options" 2>/dev/null | tr '\n' ' ' | sed 's/ *$//')\`, then \`${PORTICO_JAVA_OPTS:-none}\`"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS PROXIES=\"$PROXIES\" ROUNDS=$ROUNDS WARMUP_CPU=$WARMUP_CPU \\"
  echo "  PROXY_CPUS=$PROXY_CPUS LOAD_CPUS=$LOAD_CPUS PROFILE=$PROFILE bench/proxy/run.sh"
  echo "# per proxy:"
  echo "$(wrk_cmd "$DURATION" "http://127.0.0.1:<port>/")"
  if [[ " $PROXIES " == *" portico "* ]]; then
    echo "# Portico (the java command line ./portico dataplane execs):"
    portico_argv
    echo "taskset -c $PROXY_CPUS ${argv[*]}" | sed "s#$root/##g; s#$work/#<tmp>/#g"
  fi
  echo '```'
  echo
  echo "Configurations (nginx with upstream keepalive, haproxy with http-reuse always; both add"
  echo "X-Forwarded-For/Proto/Host and X-Request-Id, as Portico does): \`bench/proxy/run.sh\`."
  if [[ " $PROXIES " == *" vertx "* ]]; then
    echo "\"vertx\" is \`bench/proxy/baseline/BareVertxProxy.java\`: a bare Vert.x forwarder on the same class path"
    echo "(no routing, guards, timeouts or metrics), the ceiling of the framework Portico is built on."
  fi
  if [ -n "$profile_section" ]; then
    echo
    echo "## Portico JFR profile ($PROFILE_DURATION under the same load, \`settings=profile\`)"
    echo
    echo "$profile_section"
  fi
}
if [ "$RESULT" = "-" ]; then report; else mkdir -p "$(dirname "$RESULT")"; report >"$RESULT"; log "wrote $RESULT"; cat "$RESULT"; fi
