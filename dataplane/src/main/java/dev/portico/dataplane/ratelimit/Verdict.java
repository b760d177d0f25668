package dev.portico.dataplane.ratelimit;

/**
 * What one limit says about one request.
 *
 * @param limit      the bucket's capacity ({@code requests + burst}): the RateLimit-Limit value
 * @param remaining  requests the bucket would still admit right now
 * @param resetNanos time until the bucket is full again
 * @param retryNanos for a rejected request, time until the next one would be admitted; 0 when admitted
 */
public record Verdict(boolean admitted, long limit, long remaining, long resetNanos, long retryNanos) {

    /** The more restrictive of two: fewer remaining, then the later reset. */
    static Verdict tighter(Verdict a, Verdict b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.remaining != b.remaining) {
            return a.remaining < b.remaining ? a : b;
        }
        return a.resetNanos >= b.resetNanos ? a : b;
    }
}
