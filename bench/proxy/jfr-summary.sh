#!/usr/bin/env bash
# Summarises `jfr print --events jdk.ExecutionSample --stack-depth 64` output as Markdown:
# the hottest top-of-stack methods (self time) and the hottest frames anywhere on the stack (total time).
set -euo pipefail
samples="${1:?usage: jfr-summary.sh samples.txt [rows]}"
rows="${2:-15}"
counts="$(mktemp)"
trap 'rm -f "$counts"' EXIT

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
  }' "$samples" >"$counts"

total="$(awk -F'\t' '$1 == "total" {print $2}' "$counts")"
if [ "${total:-0}" -eq 0 ]; then
  echo "No execution samples were recorded."
  exit 0
fi
table() { # kind filter-regex
  echo "| % | samples | method |"
  echo "|---:|---:|---|"
  awk -F'\t' -v k="$1" -v f="$2" '$1 == k && $3 ~ f {print $2 "\t" $3}' "$counts" | sort -t$'\t' -k1,1nr | head -n "$rows" |
    awk -F'\t' -v t="$total" '{printf "| %.1f | %d | `%s` |\n", 100 * $1 / t, $1, $2}'
}
echo "Samples: $total"
echo
echo "Top of stack (self time):"
echo
table self '.'
echo
echo "Anywhere on the stack (total time), Portico, Vert.x and Netty frames:"
echo
table incl '^(dev\.portico|io\.vertx|io\.netty)'
