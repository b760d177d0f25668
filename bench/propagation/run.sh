#!/usr/bin/env bash
# End-to-end propagation and data-plane memory with many routes: the time from the API server accepting a
# new GatewayRoute (kubectl apply returning, or the Fabric8 create call returning) to its first 200 through
# a data plane, p50/p99 over TRIALS new routes with ROUTES routes installed; and the data plane's RSS.
# Real processes on 127.0.0.1: emulated Kubernetes API (in the test JVM), operator and data plane as child
# JVMs started through their public command lines, a test backend. Writes bench/results/propagation.md.
# Usage: bench/propagation/run.sh            (ROUTES=5000 TRIALS=50; OUT=- prints only)
#        ROUTES=1000 TRIALS=20 bench/propagation/run.sh
#        JVM_FLAGS="-Xmx512m" bench/propagation/run.sh   (flags of the operator and data plane)
#        OP_JVM_FLAGS="" bench/propagation/run.sh   (the operator's own; unset: JVM_FLAGS, then the flags Portico
#        ships, operator/src/main/resources/portico/operator-jvm.options; "" : JVM defaults)
#        DP_JVM_FLAGS="-XX:+UseSerialGC -Xmx160m" bench/propagation/run.sh   (the data plane's own; unset:
#        the flags Portico ships, dataplane/src/main/resources/portico/dataplane-jvm.options; "" : JVM defaults)
#        SETTLE_MS=0 bench/propagation/run.sh   (pause after "all Programmed" before the first trial; 2000 by
#        default: the bench's own last list of the 5,000 routes, which tells it all are Programmed, leaves the test
#        JVM (emulated API + client) in garbage collection and JIT compilation for about a second on the same 2
#        cores, while the operator and data plane are idle; measured with per-thread CPU samples)
#        TRACE=true OUT=- bench/propagation/run.sh   (prints each trial's wall-clock start, to line up with JFR)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUTES=${ROUTES:-5000}
TRIALS=${TRIALS:-50}
JVM_FLAGS=${JVM_FLAGS:-}
if [ -z "${DP_JVM_FLAGS+set}" ]; then
  DP_JVM_FLAGS="$JVM_FLAGS $(grep -v '^#' dataplane/src/main/resources/portico/dataplane-jvm.options | xargs)"
fi
if [ -z "${OP_JVM_FLAGS+set}" ]; then
  OP_JVM_FLAGS="$JVM_FLAGS $(grep -v '^#' operator/src/main/resources/portico/operator-jvm.options | xargs)"
fi
OUT=${OUT:-bench/results/propagation.md}
RAW=e2e/target/propagation-bench.txt

./mvnw -q -B -o -pl e2e -am install -DskipTests
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
./mvnw -q -B -o -pl e2e surefire:test -Dtest=PropagationBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.routes="$ROUTES" -Dbench.trials="$TRIALS" -Dbench.jvm="$OP_JVM_FLAGS" -Dbench.dataplane.jvm="$DP_JVM_FLAGS" \
  -Dbench.settle.ms="${SETTLE_MS:-2000}" -Dbench.trace="${TRACE:-false}" -Dbench.out="$PWD/$RAW"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
took=$(( $(date +%s) - started ))
# a trial never served within the bench's 10 s limit counts as the worst (Long.MAX_VALUE in the raw file)
val() { grep "^$1=" "$RAW" | cut -d= -f2- | sed 's/9223372036854775807/> 10000/g'; }
rss_mb() { awk -v k="$(val "$1")" 'BEGIN { printf "%.0f", k / 1024 }'; }

report=$(cat <<MD
# Propagation and data-plane memory with $(val small_routes) and $(val routes) routes — $(date -u +%Y-%m-%dT%H:%MZ)

Command: \`ROUTES=$ROUTES TRIALS=$TRIALS SETTLE_MS=${SETTLE_MS:-2000} JVM_FLAGS="$JVM_FLAGS" OP_JVM_FLAGS="$OP_JVM_FLAGS" DP_JVM_FLAGS="$DP_JVM_FLAGS" bench/propagation/run.sh\` (commit $(git rev-parse --short HEAD)), which runs
\`./mvnw -B -o -pl e2e surefire:test -Dtest=PropagationBench -Dbench.routes=$ROUTES -Dbench.trials=$TRIALS -Dbench.jvm="$OP_JVM_FLAGS" -Dbench.dataplane.jvm="$DP_JVM_FLAGS"\`
(class \`e2e/src/test/java/dev/portico/e2e/chaos/PropagationBench.java\`); ${took} s in all.
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before ${load_before}, after ${load_after}
(shared with other builds and helpers: compare numbers only within this file).
JVM flags: operator $(val jvm_flags); data plane $(val dp_jvm_flags).

What runs, all on 127.0.0.1: the emulated Kubernetes API (module \`apiserver\`, in the test JVM), the operator
(\`OperatorMain\`) and one data plane (\`DataPlaneMain\`) as separate processes, one test backend. First
$(val small_routes), then $(val routes) GatewayRoutes (one PathPrefix rule each, \`/bg-<i>\`) are installed through the API.
Each trial then creates one new route on its own path and polls the data plane every millisecond until that path
answers 200; the clock starts when the API call returns (for kubectl: when the \`kubectl apply\` process has exited).

## Propagation (API accepted → first 200 through the gateway), $(val trials) trials per row

| routes installed | writer | p50 | p99 | max | target |
|---|---|---|---|---|---|
| $(val small_routes) | \`kubectl apply -f -\` | $(val small_kubectl_p50_ms) ms | $(val small_kubectl_p99_ms) ms | $(val small_kubectl_max_ms) ms | |
| $(val small_routes) | Fabric8 \`create()\` | $(val small_fabric8_p50_ms) ms | $(val small_fabric8_p99_ms) ms | $(val small_fabric8_max_ms) ms | |
| $(val routes) | \`kubectl apply -f -\` | $(val kubectl_p50_ms) ms | $(val kubectl_p99_ms) ms | $(val kubectl_max_ms) ms | p99 ≤ 100 ms |
| $(val routes) | Fabric8 \`create()\` | $(val fabric8_p50_ms) ms | $(val fabric8_p99_ms) ms | $(val fabric8_max_ms) ms | p99 ≤ 100 ms |

Each trial's route is deleted (and seen answering 404) before the next trial, so every trial meets the same
number of installed routes. A trial not served within 10 s is given up and counts as the worst (\`-1\` in the samples).

Loading: the $(val routes) routes are written while no operator runs ($(val install_write_ms) ms, 4 parallel writers;
the data plane keeps serving its last snapshot); a new operator process then serves the last of them
$(val install_last_served_ms) ms after the writes ended (JVM start included) and has them all Programmed after
$(val install_all_programmed_ms) ms. The trials start $(val settle_ms) ms after the bench saw them all Programmed (SETTLE_MS:
the bench's own list of every route, which tells it so, keeps the test JVM busy collecting and compiling for about a second).

## Data-plane memory (VmRSS of /proc/<pid>/status)

| moment | RSS | target |
|---|---|---|
| first (empty) snapshot applied | $(rss_mb rss_kib_empty) MB | |
| $(val routes) routes applied | $(rss_mb rss_kib_loaded) MB | ≤ 256 MB |
| after the trials | $(rss_mb rss_kib_after_trials) MB | ≤ 256 MB |
| peak (VmHWM) | $(rss_mb rss_hwm_kib) MB | |

Samples (ms), in trial order:
- $(val small_routes) routes, kubectl: $(val small_kubectl_samples_ms)
- $(val small_routes) routes, Fabric8: $(val small_fabric8_samples_ms)
- $(val routes) routes, kubectl: $(val kubectl_samples_ms)
- $(val routes) routes, Fabric8: $(val fabric8_samples_ms)
MD
)
if [ "$OUT" = "-" ]; then echo "$report"; exit 0; fi
echo "$report" > "$OUT"
echo "wrote $OUT"; cat "$OUT"
