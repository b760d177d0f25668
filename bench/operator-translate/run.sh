#!/usr/bin/env bash
# Operator scale benchmark: 5,000 GatewayRoutes through resolve → translate → diff, plus the endpoint
# fast path. Writes bench/results/operator-translate.md (pass OUT=- to print only).
# Usage: bench/operator-translate/run.sh [-Droutes=5000 -Dwarmup=15 -Druns=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/results/operator-translate.md}
./mvnw -q -B -o -pl operator compile
./mvnw -q -B -o -pl operator dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$(java -Xmx1g "$@" -cp "operator/target/classes:$(cat operator/target/bench-classpath.txt)" \
  bench/operator-translate/TranslateBench.java 2>&1 | grep -v '^SLF4J')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$OUT" = "-" ]; then echo "$result"; exit 0; fi
cat > "$OUT" <<MD
# Operator translate at scale — $(date -u +%Y-%m-%dT%H:%MZ)

Command: \`bench/operator-translate/run.sh $*\` (commit $(git rev-parse --short HEAD))
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before ${load_before}, after ${load_after}
(shared with other builds: compare numbers only within this file).

What runs: 5,000 GatewayRoutes in 50 namespaces, each with 2 rules (a 90/10 weighted PathPrefix rule and a Template
rule with a rewrite), a host each, 5,000 Services with one EndpointSlice of 3 ready endpoints, and 500
RateLimitPolicies. Resolve and translate are the pure functions of \`dev.portico.operator.resolve\` /
\`.translate\`; the one-route change re-translates everything and diffs; the endpoint change uses \`EndpointsOnly\`.

Targets: full translate ≤ 500 ms; a one-route change's delta is O(that route).

\`\`\`
$result
\`\`\`
MD
echo "wrote $OUT"; cat "$OUT"
