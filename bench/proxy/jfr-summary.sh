#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples as Markdown: where the Java threads spent their time
# (self time by top-of-stack method and by library) and which Portico frames were on the stack.
set -euo pipefail
recording="${1:?usage: jfr-summary.sh recording.jfr [rows]}"
rows="${2:-15}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

jfr print --events jdk.ExecutionSample --stack-depth 64 "$recording" >"$tmp/samples.txt"
jfr summary "$recording" >"$tmp/summary.txt"
native="$(awk '$1 == "jdk.NativeMethodSample" {print $2}' "$tmp/summary.txt")"
compilations="$(awk '$1 == "jdk.Compilation" {print $2}' "$tmp/summary.txt")"
collections="$(awk '$1 == "jdk.GarbageCollection" {print $2}' "$tmp/summary.txt")"

# One line per method: kind <TAB> samples <TAB> method (kind: self | incl), plus "total <TAB> N".
awk '
  function method(line) { sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*$/, "", line); sub(/\(.*$/, "", line); return line }
  /^jdk.ExecutionSample/ { inStack = 0; depth = 0; split("", seen); next }
  /stackTrace = \[/ { inStack = 1; total++; next }
  inStack && /^[ \t]*\]/ { inStack = 0; next }
  inStack && /^[ \t]*\.\.\./ { next }
  inStack {
    m = method($0)
    if (depth == 0) self[m]++
    if (!(m in seen)) { seen[m] = 1; incl[m]++ }
    depth++
  }
  END {
    print "total\t" total + 0
    for (m in self) print "self\t" self[m] "\t" m
    for (m in incl) print "incl\t" incl[m] "\t" m
  }' "$tmp/samples.txt" >"$tmp/counts"

total="$(awk -F'\t' '$1 == "total" {print $2}' "$tmp/counts")"
if [ "${total:-0}" -eq 0 ]; then
  echo "No execution samples were recorded."
  exit 0
fi
table() { # kind filter-regex
  echo "| % | samples | method |"
  echo "|---:|---:|---|"
  awk -F'\t' -v k="$1" -v f="$2" '$1 == k && $3 ~ f {print $2 "\t" $3}' "$tmp/counts" | sort -t$'\t' -k1,1nr |
    head -n "$rows" | awk -F'\t' -v t="$total" '{printf "| %.1f | %d | `%s` |\n", 100 * $1 / t, $1, $2}'
}
echo "Samples: $total of Java code (jdk.ExecutionSample) and ${native:-0} of threads in native code"
echo "(jdk.NativeMethodSample: mostly epoll and socket reads/writes). Percentages are of the Java samples."
echo "During the recording the JIT ran ${compilations:-0} compilations longer than 100 ms (many means the code"
echo "was still warming up) and ${collections:-0} garbage collections ran."
echo
echo "Self time by library:"
echo
echo "| % | samples | library |"
echo "|---:|---:|---|"
awk -F'\t' '$1 == "self" {
    m = $3; g = "other"
    if (m ~ /^dev\.portico\./) g = "Portico (dev.portico)"
    else if (m ~ /^io\.vertx\./) g = "Vert.x (io.vertx)"
    else if (m ~ /^io\.netty\./) g = "Netty (io.netty)"
    else if (m ~ /^io\.micrometer\.|^io\.prometheus\./) g = "Micrometer/Prometheus"
    else if (m ~ /^com\.fasterxml\./) g = "Jackson"
    else if (m ~ /^(java|javax|jdk|sun)\./) g = "JDK (java, jdk, sun)"
    n[g] += $2 }
  END { for (g in n) print n[g] "\t" g }' "$tmp/counts" | sort -t$'\t' -k1,1nr |
  awk -F'\t' -v t="$total" '{printf "| %.1f | %d | %s |\n", 100 * $1 / t, $1, $2}'
echo
echo "Top of stack (self time):"
echo
table self '.'
echo
echo "Portico frames anywhere on the stack (total time, including what they call):"
echo
table incl '^dev\.portico\.'
