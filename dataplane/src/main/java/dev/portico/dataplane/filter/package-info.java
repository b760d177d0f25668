/**
 * The filter chain: the extension point for features that run between routing and proxying
 * (authentication, rate limiting, aggregation).
 *
 * <p>How to add a feature:
 * <ol>
 *   <li>Implement {@link dev.portico.dataplane.filter.RouteFilterFactory}: given a snapshot's
 *       {@code Route} and {@code Rule}, return a {@link dev.portico.dataplane.filter.RouteFilter} or null.
 *       It runs once per rule when a snapshot is compiled; throwing rejects the snapshot (NACK).</li>
 *   <li>Pass the factory to {@code GatewayOptions.filterFactories} (via {@code DataPlane}); factories run
 *       in list order, so put CORS first (it answers preflights) and auth before rate limiting.</li>
 *   <li>At request time the filter gets an {@link dev.portico.dataplane.filter.Exchange} on the event
 *       loop (never block it). Return a succeeded future to continue, a future failed with a
 *       {@link dev.portico.dataplane.filter.GatewayException} to answer with that JSON error (401, 429, ...),
 *       or write the response yourself, call {@code markResponded()} and succeed (aggregation does this).</li>
 *   <li>A filter that reads the request only through {@code exchange.head()} and never responds itself should
 *       say so ({@code readsHeadOnly()}): its rules' HTTP/1 requests then stay on the forward path below Vert.x,
 *       where {@code exchange.request()} is null (CORS, auth and rate limiting do; aggregation cannot). CORS
 *       preflights ({@code exchange.preflight()}) never take that path.</li>
 *   <li>Headers for the upstream go into {@code exchange.upstreamHeaders()} (client-sent {@code Portico-*} and
 *       {@code claimsToHeaders} targets are already removed); headers for the client into
 *       {@code exchange.responseHeaders()}, after the upstream's ({@code replaceUpstreamResponseHeaders} drops
 *       the upstream's of a kind).</li>
 * </ol>
 * Rules with {@code aggregate} answer 501 {@code not_implemented} unless a filter responds for them.
 */
package dev.portico.dataplane.filter;
