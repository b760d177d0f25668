/**
 * RateLimitPolicy enforcement: a {@link dev.portico.dataplane.filter.RouteFilter} per rule with limits,
 * built by {@link dev.portico.dataplane.ratelimit.RateLimitFilterFactory} (registered after auth, before
 * aggregation).
 *
 * <ul>
 *   <li><b>Algorithm</b>: every limit is a token bucket of capacity {@code requests + burst} refilled at
 *       {@code requests / period}, kept as GCRA (one number per key, the theoretical arrival time), so there
 *       are no windows and no double burst at a window edge.</li>
 *   <li><b>Local</b>: {@link dev.portico.dataplane.ratelimit.LocalBuckets}, one concurrent map shared by all
 *       event loops, each bucket changed by compare-and-set (exact across threads, no lock). Full buckets
 *       are dropped (they carry nothing); above the cap (100,000 by default, about 170 bytes each) the
 *       buckets closest to full are evicted.</li>
 *   <li><b>Global</b>: one {@code EVALSHA} of {@code gcra.lua} per decision, all the request's Global limits
 *       at once, on Redis's clock; counters expire when their bucket is full again. Redis slower than the
 *       timeout (100 ms) or unreachable: each limit's {@code failureMode} decides (Open lets the request
 *       through, Closed answers 503), and {@code portico_ratelimit_redis_failures_total} counts it.</li>
 *   <li><b>Keys</b>: ClientIP (the peer, or the trusted X-Forwarded-For hop), Header, JWTClaim and APIKey
 *       (from {@link dev.portico.dataplane.auth.AuthAttributes}), Route (one counter). No value is the key
 *       {@code ""}, never unlimited.</li>
 *   <li><b>Answers</b>: a request must be admitted by every limit whose {@code when} matches it; a refused one
 *       counts against none. Responses carry {@code RateLimit-Limit} (capacity), {@code RateLimit-Remaining}
 *       and {@code RateLimit-Reset} (seconds until the bucket is full) of the most restrictive limit; a
 *       refusal is 429 with {@code Retry-After} (seconds, rounded up) and the gateway's JSON error body.</li>
 * </ul>
 */
package dev.portico.dataplane.ratelimit;
