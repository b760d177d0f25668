/**
 * Cross-origin resource sharing as the Fetch standard's CORS protocol defines it, for routes with {@code cors}:
 * {@link dev.portico.dataplane.cors.CorsFilterFactory}, registered first among the filter factories.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is routed as the
 * request it announces ({@link dev.portico.dataplane.cors.CorsPreflight}), so a rule for {@code POST} takes the
 * preflight of a {@code POST}; when that rule's route has cors the gateway answers it itself, without credentials
 * and before rate limits, on the Vert.x path. Otherwise the {@code OPTIONS} is an ordinary request. Requests with
 * an allowed {@code Origin} get the CORS headers on every answer; routes without cors pay nothing on the request
 * path but an {@code OPTIONS} check.
 *
 * <p>Origins: exact ({@code scheme://host[:port]}, scheme and host without case, a port as written), {@code *}
 * (answered {@code *}, never with credentials), or {@code scheme://*.suffix} for one or more labels before the
 * suffix, never the suffix itself.
 */
package dev.portico.dataplane.cors;
