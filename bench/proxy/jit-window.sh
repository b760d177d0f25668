#!/usr/bin/env bash
# What the JVM does to the event loop's core during a measured run: Portico alone on core 1 (the shipped flags,
# then $OPTS, plus -XX:+PrintCompilation), backend nginx and wrk on core 0 (ports 18081/18090/18091), a $WARM
# warm-up, then a ${MEAS}-second wrk run (p50/p90/p99/p99.9 from latency:percentile) with thread-time.sh alongside.
# Keeps in $OUT: wrk.txt, threads.txt, portico.log, and compiles-in-window.txt (the PrintCompilation lines of the
# measured window). Usage: OUT=dir [WARM=60s] [MEAS=30] [OPTS="..."] [XCP=dir: MAIN=class] bench/proxy/jit-window.sh
# (under flock -x /tmp/portico-bench.lock; bench/results/proxy-runtime.md).
set -euo pipefail
wt="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; out="${OUT:?}"; WARM="${WARM:-60s}"; JAVA="${JAVA:-java}"; MEAS="${MEAS:-30}"
mkdir -p "$out"; work="$(mktemp -d /tmp/p99-settle.XXXX)"
cat > "$work/b.conf" <<B
worker_processes 1; daemon off; pid $work/b.pid; error_log $work/b-err.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000; keepalive_timeout 120s;
  server { listen 127.0.0.1:18081; location / { default_type text/plain; return 200 "hello from the benchmark backend\n"; } } }
B
cat > "$work/s.json" <<S
{"gateway":"default","version":1,"routes":[{"namespace":"bench","name":"echo","generation":1,"creationTimestamp":"2026-01-01T00:00:00Z",
 "rules":[{"index":0,"matches":[{"path":{"type":"PathPrefix","value":"/"}}],"backends":[{"cluster":"bench/backend:80","weight":1}]}]}],
 "clusters":[{"name":"bench/backend:80","namespace":"bench","service":"backend","port":80,"serviceExists":true,
 "endpoints":[{"address":"127.0.0.1","port":18081}]}]}
S
cat > "$work/pct.lua" <<'L'
done = function(summary, latency, requests)
  io.write(string.format("PCT p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f ms\n", latency:percentile(50)/1000,
    latency:percentile(90)/1000, latency:percentile(99)/1000, latency:percentile(99.9)/1000, latency.max/1000))
end
L
taskset -c 0 nginx -p "$work" -c "$work/b.conf" >/dev/null 2>&1 & bpid=$!
taskset -c 1 $JAVA @$wt/dataplane/src/main/resources/portico/dataplane-jvm.options ${OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation \
  -cp "${XCP:-}$wt/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar:$wt/dataplane/target/lib/*" ${MAIN:-dev.portico.dataplane.DataPlaneMain} \
  --snapshot-file "$work/s.json" --host 127.0.0.1 --port 18090 --admin-port 18091 > "$out/portico.log" 2>&1 & jpid=$!
trap 'kill $jpid $bpid 2>/dev/null; wait 2>/dev/null; rm -rf $work' EXIT
for i in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:18091/readyz && break; sleep 0.1; done
taskset -c 0 wrk -t1 -c50 -d"$WARM" http://127.0.0.1:18090/ > "$out/warm.txt"
t0=$(jcmd $jpid VM.uptime | awk 'NR==2 {print $1}')
$wt/bench/proxy/thread-time.sh $jpid $MEAS > "$out/threads.txt" & tpid=$!
taskset -c 0 wrk -t1 -c50 -d${MEAS}s --latency -s "$work/pct.lua" http://127.0.0.1:18090/ > "$out/wrk.txt"
wait $tpid
t1=$(jcmd $jpid VM.uptime | awk 'NR==2 {print $1}')
echo "window $t0 .. $t1 s" > "$out/window.txt"
awk -v a="$t0" -v b="$t1" '$1 ~ /^[0-9]+$/ && $1/1000 >= a && $1/1000 <= b' "$out/portico.log" > "$out/compiles-in-window.txt" || true
