package dev.portico.api.v1alpha1;

/**
 * Regular expressions put into the generated CRD schema as {@code pattern}. They must be valid
 * both for the API server (Go RE2: no look-around, no back-references) and for ECMA-262 JSON
 * Schema validators, so they stay in the common subset.
 */
public final class SchemaPatterns {

    /** RFC 1123 label: rule names, limit names, Service names, gateway groups. */
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** RFC 1123 subdomain: names of Secrets and GatewayRoutes. */
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** Lower-case host name with an optional leading {@code *.} wildcard. */
    public static final String HOSTNAME = "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** Lower-case host name without wildcard (a Host rewrite). */
    public static final String HOSTNAME_EXACT = DNS_SUBDOMAIN;

    /** HTTP field name: an RFC 7230 token, so never a space. */
    public static final String HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$";

    /**
     * HTTP field value (RFC 9110 field-value): visible ASCII and obs-text (U+0080..U+00FF, one byte each on the
     * wire), with spaces and tabs only inside, so never CR, LF, NUL or another control character, and never
     * leading or trailing white space (which a receiver strips anyway). May be empty.
     */
    public static final String HEADER_VALUE =
            "^([\\x21-\\x7E\\x80-\\xFF]([\\t\\x20-\\x7E\\x80-\\xFF]*[\\x21-\\x7E\\x80-\\xFF])?)?$";

    /** A path (or path template, regex, path and query) that starts with '/' and has no white space. */
    public static final String PATH = "^/\\S*$";

    /** Go-style duration made of integer parts: {@code 250ms}, {@code 10s}, {@code 1m}, {@code 1h30m}. */
    public static final String DURATION = "^([0-9]{1,6}(h|m|s|ms))+$";

    /** A {@link #DURATION} with at least one non-zero part, so {@code 0s} is refused; 1s..24h is checked by the operator. */
    public static final String PERIOD = "^([0-9]{1,6}(h|m|s|ms))*0*[1-9][0-9]{0,5}(h|m|s|ms)([0-9]{1,6}(h|m|s|ms))*$";

    /** Data key of a Secret. */
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

    /** An absolute http or https URI. */
    public static final String HTTP_URI = "^https?://\\S+$";

    /**
     * A CORS origin: {@code *}, or {@code http(s)://host[:port]} in lower case, where the host may start with
     * {@code *.} for every subdomain of the rest.
     */
    public static final String CORS_ORIGIN =
            "^(\\*|https?://(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?)$";

    /** Member name of an aggregate answer; never starts with '_' (reserved for {@code _errors}). */
    public static final String MEMBER_NAME = "^[A-Za-z][A-Za-z0-9_-]*$";

    private SchemaPatterns() {
    }
}
