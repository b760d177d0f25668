# One keep-alive connection at a fixed request rate, latency per 10 s bucket: how a freshly started proxy warms up at
# low traffic. Usage: python3 lowrate.py PORT RATE SECONDS (findings: bench/results/proxy-p99-anatomy.md section 6).
import socket, time, sys
port = int(sys.argv[1]); rate = float(sys.argv[2]); secs = float(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
req = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
lat = []; t0 = time.perf_counter(); n = 0
while True:
    target = t0 + n / rate
    now = time.perf_counter()
    if now - t0 > secs: break
    if target > now: time.sleep(target - now)
    a = time.perf_counter(); s.sendall(req); buf = b""
    while True:
        buf += s.recv(4096)
        h = buf.find(b"\r\n\r\n")
        if h >= 0:
            cl = int([l.split(b":")[1] for l in buf[:h].split(b"\r\n") if l.lower().startswith(b"content-length")][0])
            if len(buf) >= h + 4 + cl: break
    lat.append((a - t0, (time.perf_counter() - a) * 1e6)); n += 1
import statistics
for b in range(0, int(secs), 10):
    xs = sorted(l for t, l in lat if b <= t < b + 10)
    if xs: print("%3d-%3ds: n %d p50 %.0f us p99 %.0f us" % (b, b + 10, len(xs), xs[len(xs)//2], xs[int(len(xs)*.99)]))
