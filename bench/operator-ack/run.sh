#!/usr/bin/env bash
# Propagation benchmark: with 5,000 GatewayRoutes in the emulated Kubernetes API, the time from one route
# change (the API write) to the data plane's ACK of a snapshot holding it, and the bytes on the wire.
# Writes bench/results/operator-ack.md (pass OUT=- to print only).
# Usage: bench/operator-ack/run.sh [-Droutes=5000 -Dservices=100 -Dwarmup=20 -Druns=30] [JVM flags]
# The bench JVM (emulated API, operator, stream client) runs with the operator's shipped JVM flags
# (operator/src/main/resources/portico/operator-jvm.options); flags given here come later and win.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/results/operator-ack.md}
./mvnw -q -B -o -pl snapshot,crds,apiserver,dataplane install -DskipTests
./mvnw -q -B -o -pl operator compile
./mvnw -q -B -o -pl operator dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-ack-classpath.txt
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(java -Xmx2g @operator/src/main/resources/portico/operator-jvm.options "$@" -cp "operator/target/classes:$(cat operator/target/bench-ack-classpath.txt)" \
  bench/operator-ack/AckBench.java 2>operator/target/bench-ack-stderr.log | grep -v '^SLF4J' || true)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$OUT" = "-" ]; then echo "$result"; exit 0; fi
cat > "$OUT" <<MD
# Operator propagation: one route change → data-plane ACK — $(date -u +%Y-%m-%dT%H:%MZ)

Command: \`bench/operator-ack/run.sh $*\` (commit $(git rev-parse --short HEAD))
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before ${load_before}, after ${load_after}
(shared with other builds: compare numbers only within this file).
JVM: \`-Xmx2g\`, the operator's shipped flags \`$(grep -v '^#' operator/src/main/resources/portico/operator-jvm.options | xargs)\`, then \`${*:-nothing more}\`.

What runs, all in one JVM on 127.0.0.1: the emulated Kubernetes API (module \`apiserver\`) holding 5,000
GatewayRoutes (one PathPrefix rule each) over 100 Services with EndpointSlices; the real operator
(\`PorticoOperator.start\`: JOSDK informers → partial resolve+translate of the routes the change can affect,
at once when idle (10 ms debounce only for bursts) → version store with incremental content hash → delta over
the HTTP/2 stream, pushed at once when idle); one real data-plane stream client
(\`dataplane.stream.SnapshotStreamClient\`) whose sink accepts every snapshot. Changes start once the API shows
all routes \`Programmed=True\` (the operator's start-up status writes are done: a steady state), then
the warm-up changes are made and not counted; the per-run list shows every counted run in order. Each run changes one route's
path (GET, then PUT) and stops the clock when the operator receives the ACK of a snapshot holding the route's
new generation. The headline starts the clock when the API has accepted the PUT (the change exists); the
line after it also counts the client's own GET and PUT, which on this emulated API under load are slow.
Only the changed route (and routes sharing a (gateway, host, path) claim or a policy with it) is
translated again. Bytes are the operator's stream frames written for that change (heartbeats excluded).

Targets (issue 4): one change to ACK ≤ 50 ms p99; a one-route change sends O(that route), not the snapshot.

\`\`\`
$result
\`\`\`
MD
echo "wrote $OUT"; cat "$OUT"
