"""Reads connlat.c's records: percentiles (also as wrk would correct them), then where the slow requests (>= the p99, at least 1 ms) fall — per
connection, and in time: episodes are slow requests starting within 2 ms of each other.
Usage: connlat-episodes.py requests.bin [seconds to skip at the start] [threshold ms]"""
import sys, numpy as np
d = np.fromfile(sys.argv[1], dtype=[('s','<u4'),('l','<u4'),('c','<u2'),('p','<u2')])
skip = float(sys.argv[2]) if len(sys.argv) > 2 else 0
d = d[d['s'] >= skip*1e6]
lat = d['l']/1e6
ps = [50,90,98,99,99.5,99.9]
print("n=%d " % len(d) + ", ".join("p%s %.2f" % (p, np.percentile(lat,p)) for p in ps) + ", max %.2f" % lat.max())
# What wrk would print for the same requests: at the end of a run wrk 4 corrects its histogram for coordinated
# omission (stats_correct in wrk's stats.c): a request that took L adds samples at L - k*i while above the interval
# i = run time / (requests per connection). So a stall of S ms on every connection weighs ~S/i samples each, and the
# long stalls (young collections) count far more in wrk's tail than their share of requests.
conns = d['c'].max() + 1
interval = (d['s'].max() - d['s'].min()) / (len(d) / conns) / 1e3  # ms
extra, k = [], 1
while True:
    m = lat[lat >= 2 * interval] - k * interval
    m = m[m > interval]
    if not len(m): break
    extra.append(m); k += 1
corrected = np.concatenate([lat] + extra)
print("as wrk reports it (coordinated-omission corrected, interval %.2f ms): " % interval
      + ", ".join("p%s %.2f" % (p, np.percentile(corrected, p)) for p in ps))
thr = max(np.percentile(lat, 99), 1.0) if len(sys.argv) <= 3 else float(sys.argv[3])
slow = d[lat >= thr]
print("slow (>= %.2f ms): %d (%.2f%%)" % (thr, len(slow), 100*len(slow)/len(d)))
per = np.bincount(slow['c'], minlength=d['c'].max()+1); tot = np.bincount(d['c'])
print("slow per connection: min %d median %d max %d; top conns:" % (per.min(), np.median(per), per.max()),
      sorted(((int(per[i]), i) for i in range(len(per))), reverse=True)[:8])
# time clustering: 1 ms bins of the slow requests' start
t = slow['s']//1000
bins = np.bincount(t - t.min())
nz = bins[bins>0]
print("1ms bins holding slow requests: %d; slow requests per such bin: median %d, p90 %d, max %d" % (len(nz), np.median(nz), np.percentile(nz,90), nz.max()))
# clusters: slow requests whose starts fall within 2 ms of each other
ev = np.sort(slow['s']); starts = [ev[0]]; sizes=[1]
for a,b in zip(ev[:-1], ev[1:]):
    if b - a > 2000: starts.append(b); sizes.append(1)
    else: sizes[-1]+=1
starts = np.array(starts); sizes=np.array(sizes)
gaps = np.diff(starts)/1000
print("episodes (slow starts within 2 ms): %d, size median %d p90 %d max %d; gap between episodes ms: p10 %.1f median %.1f p90 %.1f" %
      (len(starts), np.median(sizes), np.percentile(sizes,90), sizes.max(), np.percentile(gaps,10), np.median(gaps), np.percentile(gaps,90)))
# periodicity of episode starts, as histogram of gaps
h, e = np.histogram(gaps, bins=[0,5,10,15,20,30,40,60,80,120,200,400,1000,1e9])
print("gap histogram:", list(zip([int(x) for x in e[:-1]], h.tolist())))
if len(sys.argv) > 4:
    big = np.argsort(sizes)[-5:]
    for i in big: print(" episode at %.3f s, %d slow" % (starts[i]/1e6, sizes[i]))
