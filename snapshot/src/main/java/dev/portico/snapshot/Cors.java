package dev.portico.snapshot;

import java.util.List;
import java.util.Locale;

/**
 * Cross-origin resource sharing for a route's browser clients (the Fetch standard's CORS protocol). The data
 * plane answers a preflight itself (before authentication: browsers send preflights without credentials) and
 * adds the {@code Access-Control-*} headers to every answer for an allowed {@code Origin}, its own errors included.
 *
 * @param allowOrigins     {@code scheme://host[:port]} in lower case, {@code scheme://*.suffix} for every
 *                         subdomain of the suffix (one or more labels), or {@code *} for any origin
 * @param allowMethods     methods a preflight may announce; empty means the CORS-safelisted GET, HEAD, POST
 * @param allowHeaders     request headers a preflight may announce; {@code *} allows whatever it asks for
 * @param exposeHeaders    response headers scripts may read beyond the safelisted ones
 * @param maxAgeSeconds    how long a browser may keep a preflight's answer; 0 sends no {@code Access-Control-Max-Age}
 * @param allowCredentials whether cookies and {@code Authorization} may be sent (never with the origin {@code *})
 */
public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
        List<String> exposeHeaders, long maxAgeSeconds, boolean allowCredentials) {

    /** The methods a preflight may announce when {@code allowMethods} is empty. */
    public static final List<String> SAFELISTED_METHODS = List.of("GET", "HEAD", "POST");

    /** Why the origin {@code *} is refused with credentials: the operator and the data plane say it alike. */
    public static final String ANY_ORIGIN_WITH_CREDENTIALS = "* cannot go with allowCredentials: true (browsers "
            + "refuse a credentialed answer meant for any origin); list the origins";

    public Cors {
        allowOrigins = Canonical.sortedStrings(allowOrigins == null ? null
                : allowOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).distinct().toList());
        allowMethods = Canonical.list(allowMethods);
        allowHeaders = Canonical.list(allowHeaders);
        exposeHeaders = Canonical.list(exposeHeaders);
    }
}
