#!/usr/bin/env bash
# Emulated Kubernetes API store benchmark: with 5,000 GatewayRoutes + 100 Services + 100 EndpointSlices stored,
# p50/p99 of GET, PUT, status merge-PATCH, 404 GET and LIST through a Fabric8 client, plus the load time and
# the time to merge-patch every route's status from 4 threads at once (as the operator does at start).
# Writes bench/results/apiserver.md (pass OUT=- to print only).
# Usage: bench/apiserver/run.sh [-Droutes=5000 -Dservices=100 -Dops=200 -Dlists=10 -Dwriters=4]
# AHEAD_CLASSES=dir puts compiled classes ahead of the module's, to time older versions of some of them.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/results/apiserver.md}
./mvnw -q -B -o -pl apiserver -am install -DskipTests
./mvnw -q -B -o -pl apiserver dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(java -Xmx1g "$@" -cp "${AHEAD_CLASSES:+$AHEAD_CLASSES:}apiserver/target/classes:$(cat apiserver/target/bench-classpath.txt)" \
  bench/apiserver/ApiStoreBench.java 2>apiserver/target/bench-stderr.log | grep -v '^SLF4J' || true)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$OUT" = "-" ]; then echo "$result"; exit 0; fi
cat > "$OUT" <<MD
# Emulated Kubernetes API: request cost with 5,000 GatewayRoutes stored — $(date -u +%Y-%m-%dT%H:%MZ)

Command: \`${AHEAD_CLASSES:+AHEAD_CLASSES=$AHEAD_CLASSES }bench/apiserver/run.sh $*\` (commit $(git rev-parse --short HEAD))
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before ${load_before}, after ${load_after}
(shared with other builds: compare numbers only within this file).

One JVM on 127.0.0.1: \`EmulatedApiServer\` and one Fabric8 client from \`EmulatedApiServer.client()\`, one
request at a time. Loads the GatewayRoute CRD, 100 Services, 100 EndpointSlices and 5,000 GatewayRoutes in
namespace \`bench\` (timed), then times GETs, PUTs (spec change, so generation bumps), merge PATCHes of
\`/status\`, GETs of absent names (404) spread over the whole store, and LISTs of all routes and of the 100
Services.

\`\`\`
$result
\`\`\`
MD
echo "wrote $OUT"; cat "$OUT"
