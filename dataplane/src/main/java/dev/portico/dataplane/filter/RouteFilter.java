package dev.portico.dataplane.filter;

import io.vertx.core.Future;

/**
 * One step that runs, in order, before a matched request is proxied. See the package
 * documentation for the contract.
 */
@FunctionalInterface
public interface RouteFilter {
    /**
     * @return succeeded to continue; failed with a {@link GatewayException} to end the exchange with
     *         that JSON error; succeeded after {@link Exchange#markResponded()} when the filter wrote the
     *         response itself (the chain and the proxy are then skipped)
     */
    Future<Void> apply(Exchange exchange);

    /**
     * True when the filter reads the request only through {@link Exchange#head()} and answers only by
     * completing or failing (never {@link Exchange#request()}, never {@code markResponded}, but for a
     * {@link Exchange#preflight}, which that path hands to Vert.x): then the HTTP/1 forward path below Vert.x
     * can run it, at about twice the Vert.x path's requests per second.
     */
    default boolean readsHeadOnly() {
        return false;
    }
}
