package dev.portico.dataplane.http;

/**
 * Edge limits on request heads (hardening.md); defaults follow Envoy's edge best practices.
 *
 * @param maxHeaderBytes           431 above this many bytes of header lines
 * @param maxHeaders               431 above this many header lines
 * @param requestHeadersTimeoutMs  408 when a request head takes longer; 0 disables
 * @param idleTimeoutMs            a connection silent both ways this long is closed; 0 disables
 */
public record GuardLimits(int maxHeaderBytes, int maxHeaders, long requestHeadersTimeoutMs, long idleTimeoutMs) {
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 300_000;
    public static final GuardLimits DEFAULTS = new GuardLimits(60 * 1024, 100, 10_000);

    public GuardLimits(int maxHeaderBytes, int maxHeaders, long requestHeadersTimeoutMs) {
        this(maxHeaderBytes, maxHeaders, requestHeadersTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS);
    }
}
