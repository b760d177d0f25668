package dev.portico.dataplane.http;

/**
 * Edge limits on request heads (hardening.md); defaults follow Envoy's edge best practices.
 *
 * @param maxHeaderBytes           431 above this many bytes of header lines
 * @param maxHeaders               431 above this many header lines
 * @param requestHeadersTimeoutMs  408 when a request head takes longer; 0 disables
 */
public record GuardLimits(int maxHeaderBytes, int maxHeaders, long requestHeadersTimeoutMs) {
    public static final GuardLimits DEFAULTS = new GuardLimits(60 * 1024, 100, 10_000);
}
