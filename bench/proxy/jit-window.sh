#!/usr/bin/env bash
# What the JVM does to the event loop's core during a measured run: Portico alone on core 1 (the shipped flags,
# then $OPTS, plus -XX:+PrintCompilation), backend nginx and wrk on core 0 (ports 18081/18090/18091), a $WARM
# warm-up, then a ${MEAS}-second wrk run (percentiles p50 ... p99.9 and max: parts.sh) with thread-time.sh alongside.
# Keeps in $OUT: wrk.txt, threads.txt, portico.log, and compiles-in-window.txt (the PrintCompilation lines of the
# measured window). Usage: OUT=dir [WARM=60s] [MEAS=30] [OPTS="..."] [XCP=dir: MAIN=class] bench/proxy/jit-window.sh
# (under flock -x /tmp/portico-bench.lock; bench/results/proxy-runtime.md).
set -euo pipefail
wt="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; out="${OUT:?}"; WARM="${WARM:-60s}"; JAVA="${JAVA:-java}"; MEAS="${MEAS:-30}"
mkdir -p "$out"; work="$(mktemp -d /tmp/p99-settle.XXXX)"
. "$wt/bench/proxy/parts.sh"
taskset -c 0 nginx -p "$work" -c "$(backend_conf "$work" 18081)" >/dev/null 2>&1 & bpid=$!
taskset -c 1 $JAVA @$wt/dataplane/src/main/resources/portico/dataplane-jvm.options ${OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation \
  -cp "${XCP:-}$wt/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar:$wt/dataplane/target/lib/*" ${MAIN:-dev.portico.dataplane.DataPlaneMain} \
  --snapshot-file "$(one_route_snapshot "$work" 18081)" --host 127.0.0.1 --port 18090 --admin-port 18091 > "$out/portico.log" 2>&1 & jpid=$!
trap 'kill $jpid $bpid 2>/dev/null; wait 2>/dev/null; rm -rf $work' EXIT
for i in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:18091/readyz && break; sleep 0.1; done
taskset -c 0 wrk -t1 -c50 -d"$WARM" http://127.0.0.1:18090/ > "$out/warm.txt"
t0=$(jcmd $jpid VM.uptime | awk 'NR==2 {print $1}')
$wt/bench/proxy/thread-time.sh $jpid $MEAS > "$out/threads.txt" & tpid=$!
taskset -c 0 wrk -t1 -c50 -d${MEAS}s --latency -s "$(percentiles_lua "$work")" http://127.0.0.1:18090/ > "$out/wrk.txt"
wait $tpid
t1=$(jcmd $jpid VM.uptime | awk 'NR==2 {print $1}')
echo "window $t0 .. $t1 s" > "$out/window.txt"
awk -v a="$t0" -v b="$t1" '$1 ~ /^[0-9]+$/ && $1/1000 >= a && $1/1000 <= b' "$out/portico.log" > "$out/compiles-in-window.txt" || true
