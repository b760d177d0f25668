# Shared by the bench/*/run.sh scripts: `. "$root/bench/lib.sh"` after setting root.
# Logging, tool checks, a work folder whose background processes die with the script, HTTP waits.

log() { echo "bench: $*" >&2; }

# require_tools "apt-get hint" tool... — a missing tool ends the run at once, naming it.
require_tools() {
  local hint="$1"; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { log "'$tool' is missing${hint:+ ($hint)}"; exit 2; }
  done
}

# require_free_ports port... — another benchmark may be running on them.
require_free_ports() {
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port is busy; choose others (see the overrides at the top of $0)"; exit 2
    fi
  done
}

# bench_workdir name — sets $work (a fresh temp folder) and $pids; on exit every pid in $pids is
# stopped and the folder removed.
bench_workdir() {
  work="$(mktemp -d "/tmp/portico-$1-bench.XXXXXX")"
  pids=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# await_http url [status] — up to AWAIT_SECONDS (default 60) for that status (default 200).
await_http() {
  local url="$1" want="${2:-200}"
  for _ in $(seq 1 $((${AWAIT_SECONDS:-60} * 10))); do
    [ "$(status_of "$url" 2>/dev/null)" = "$want" ] && return 0
    sleep 0.1
  done
  log "gave up waiting for $url to answer $want"; return 1
}
