# What the proxy benchmarks share (run.sh, anatomy.sh, paired.sh, jit-window.sh): the backend every proxy forwards
# to, the nginx peer, Portico's one-route snapshot and command line, and wrk's percentile script.
# `. "$root/bench/proxy/parts.sh"` after setting root.

# backend_conf dir port — one nginx worker answering a fixed 200 body, no disk, no logging; prints the file.
backend_conf() {
  cat > "$1/backend.conf" <<EOF
worker_processes 1;
daemon off;
pid $1/backend.pid;
error_log $1/backend-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  server {
    listen 127.0.0.1:$2;
    location / { default_type text/plain; return 200 "hello from the benchmark backend\n"; }
  }
}
EOF
  echo "$1/backend.conf"
}

# nginx_proxy_conf dir port backend_port — the nginx peer: one worker, upstream keepalive, the same
# X-Forwarded-* and X-Request-Id work Portico does; prints the file.
nginx_proxy_conf() {
  cat > "$1/nginx-proxy.conf" <<EOF
worker_processes 1;
daemon off;
pid $1/nginx-proxy.pid;
error_log $1/nginx-proxy-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  upstream backend {
    server 127.0.0.1:$3;
    keepalive 64;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:$2;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Request-Id \$request_id;
    }
  }
}
EOF
  echo "$1/nginx-proxy.conf"
}

# one_route_snapshot dir backend_port — Portico's snapshot: PathPrefix / to the backend; prints the file.
one_route_snapshot() {
  cat > "$1/snapshot.json" <<EOF
{
  "gateway": "default",
  "version": 1,
  "routes": [{
    "namespace": "bench", "name": "echo", "generation": 1, "creationTimestamp": "2026-01-01T00:00:00Z",
    "rules": [{
      "index": 0,
      "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
      "backends": [{"cluster": "bench/backend:80", "weight": 1}]
    }]
  }],
  "clusters": [{
    "name": "bench/backend:80", "namespace": "bench", "service": "backend", "port": 80, "serviceExists": true,
    "endpoints": [{"address": "127.0.0.1", "port": $2}]
  }]
}
EOF
  echo "$1/snapshot.json"
}

# dataplane_argv snapshot port admin_port [JVM flags...] — sets argv: the data plane as ./portico runs it (the
# shipped JVM flags, then the given ones) serving a static snapshot on 127.0.0.1. Builds the jar first when it is
# missing. DATAPLANE_CP / DATAPLANE_MAIN replace the class path / main class (another build, a baseline);
# PORTICO_ARGS adds data-plane flags (e.g. PORTICO_ARGS="--access-log /tmp/access.log").
dataplane_argv() {
  local snapshot="$1" port="$2" admin="$3"; shift 3
  local jar="$root/dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar"
  [ -n "${DATAPLANE_CP:-}" ] || [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -o -pl dataplane -am package -DskipTests) >&2
  argv=(java "@$root/dataplane/src/main/resources/portico/dataplane-jvm.options" "$@"
        -cp "${DATAPLANE_CP:-$jar:$root/dataplane/target/lib/*}" "${DATAPLANE_MAIN:-dev.portico.dataplane.DataPlaneMain}"
        --snapshot-file "$snapshot" --host 127.0.0.1 --port "$port" --admin-port "$admin" ${PORTICO_ARGS:-})
}

# percentiles_lua dir — a wrk script whose done() prints "latency ms: p50 ..., p99.9 ..., max ..."; prints the file.
percentiles_lua() {
  cat > "$1/percentiles.lua" <<'EOF'
done = function(summary, latency, requests)
  local t = {}
  for _, p in ipairs({50, 90, 95, 97, 98, 99, 99.5, 99.9}) do
    t[#t + 1] = string.format("p%s %.2f", p, latency:percentile(p) / 1000)
  end
  io.write("latency ms: " .. table.concat(t, ", ") .. string.format(", max %.2f\n", latency.max / 1000))
end
EOF
  echo "$1/percentiles.lua"
}
