package dev.portico.dataplane.cors;

import dev.portico.snapshot.Cors;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A route's CORS compiled once per snapshot: the origin matcher, the allowed methods and header names as sets, and
 * the header values every answer carries, joined once.
 *
 * @param methods       what a preflight may announce (the safelisted GET, HEAD, POST when none are configured)
 * @param allowMethods  the {@code Access-Control-Allow-Methods} value
 * @param anyHeader     {@code *} is among the allowed headers: a preflight may ask for any, and gets them echoed
 * @param headers       the allowed header names in lower case
 * @param allowHeaders  the {@code Access-Control-Allow-Headers} value; null when none are listed or with {@code *}
 * @param exposeHeaders the {@code Access-Control-Expose-Headers} value; null when none are listed
 * @param maxAge        the {@code Access-Control-Max-Age} value; null when not sent
 */
record CorsPolicy(String routeId, AllowedOrigins origins, boolean credentials, Set<String> methods,
        String allowMethods, boolean anyHeader, Set<String> headers, String allowHeaders, String exposeHeaders,
        String maxAge) {
    private static final String FIELD = "cors.";

    CorsPolicy {
        methods = Set.copyOf(methods);
        headers = Set.copyOf(headers);
    }

    /**
     * @throws IllegalArgumentException naming the field, for what the operator refuses ({@code *} with
     *         credentials, no origin) or the schema does not admit (a malformed origin, method or header name)
     */
    static CorsPolicy compile(String routeId, Cors cors) {
        if (cors.allowOrigins().isEmpty()) {
            throw new IllegalArgumentException(FIELD + "allowOrigins: needs at least one origin");
        }
        AllowedOrigins origins = AllowedOrigins.compile(cors.allowOrigins(), FIELD + "allowOrigins");
        if (origins.any() && cors.allowCredentials()) {
            throw new IllegalArgumentException(FIELD + "allowOrigins[" + cors.allowOrigins().indexOf("*") + "]: "
                    + Cors.ANY_ORIGIN_WITH_CREDENTIALS);
        }
        List<String> methods = cors.allowMethods().isEmpty() ? Cors.SAFELISTED_METHODS : cors.allowMethods();
        checkTokens(cors.allowMethods(), "allowMethods", "a method");
        checkTokens(cors.allowHeaders(), "allowHeaders", "a header name");
        checkTokens(cors.exposeHeaders(), "exposeHeaders", "a header name");
        if (cors.maxAgeSeconds() < 0) {
            throw new IllegalArgumentException(FIELD + "maxAgeSeconds: " + cors.maxAgeSeconds() + " is negative");
        }
        Set<String> headers = new HashSet<>();
        cors.allowHeaders().forEach(h -> headers.add(h.toLowerCase(Locale.ROOT)));
        boolean anyHeader = headers.contains("*");
        return new CorsPolicy(routeId, origins, cors.allowCredentials(), new HashSet<>(methods),
                String.join(", ", methods), anyHeader, headers,
                anyHeader || headers.isEmpty() ? null : String.join(", ", cors.allowHeaders()),
                cors.exposeHeaders().isEmpty() ? null : String.join(", ", cors.exposeHeaders()),
                cors.maxAgeSeconds() > 0 ? Long.toString(cors.maxAgeSeconds()) : null);
    }

    /** The {@code Access-Control-Allow-Origin} for a request from {@code origin}; null when it is not allowed. */
    String allowOrigin(String origin) {
        if (!origins.allows(origin)) {
            return null;
        }
        return origins.any() ? "*" : origin; // any origin never comes with credentials: compile refuses the pair
    }

    boolean allowsHeader(String lowerName) {
        return anyHeader || headers.contains(lowerName);
    }

    /** Values that go into a header as they are: RFC 9110 tokens only (no separators, spaces or line breaks). */
    private static void checkTokens(List<String> values, String field, String what) {
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isEmpty() || !v.chars().allMatch(CorsPolicy::tokenChar)) {
                throw new IllegalArgumentException(FIELD + field + "[" + i + "]: \"" + v + "\" is not " + what);
            }
        }
    }

    private static boolean tokenChar(int c) {
        return c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }
}
