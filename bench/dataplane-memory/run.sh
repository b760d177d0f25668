#!/usr/bin/env bash
# Data-plane memory benchmark: RSS of a real data-plane process holding 5,000 routes, fed by the operator's
# stream server through one-route changes while it proxies traffic to a local backend.
# Writes bench/results/dataplane-memory.md (OUT=- prints only).
# Usage: [DP_JVM="flags"] bench/dataplane-memory/run.sh [-Droutes=5000 -Dchanges=200 -Drequests=200000]
#        [-Ddataplane.args="--warmup-connections 0"] (data-plane flags added to its command line)
#   DP_JVM unset: the flags Portico ships (dataplane/src/main/resources/portico/dataplane-jvm.options);
#   DP_JVM="" : the JVM's defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/results/dataplane-memory.md}
./mvnw -q -B -o -pl snapshot,crds,apiserver,dataplane install -DskipTests
./mvnw -q -B -o -pl operator compile
./mvnw -q -B -o -pl operator dependency:build-classpath -Dmdep.outputFile=target/bench-memory-classpath.txt
if [ -z "${DP_JVM+set}" ]; then
  DP_JVM="$(grep -v '^#' dataplane/src/main/resources/portico/dataplane-jvm.options | xargs)"
fi
dp_cp="$PWD/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(java -Xmx1g "$@" -cp "operator/target/classes:$(cat operator/target/bench-memory-classpath.txt)" \
  bench/dataplane-memory/MemoryBench.java "$DP_JVM" "$dp_cp" 2>operator/target/bench-memory-stderr.log \
  | grep -v '^SLF4J' || true)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$OUT" = "-" ]; then echo "$result"; exit 0; fi
cat >> "$OUT" <<MD

## $(date -u +%Y-%m-%dT%H:%MZ) — \`DP_JVM="$DP_JVM" bench/dataplane-memory/run.sh $*\` (commit $(git rev-parse --short HEAD))
Machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MiB, load average before ${load_before}, after ${load_after}; $(java -version 2>&1 | head -1)

\`\`\`
$result
\`\`\`
MD
echo "appended to $OUT"; tail -12 "$OUT"
