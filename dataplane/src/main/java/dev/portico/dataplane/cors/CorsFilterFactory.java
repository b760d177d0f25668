package dev.portico.dataplane.cors;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;

/**
 * Builds the CORS filter of every rule whose route has {@code cors}. Register it first in
 * {@code GatewayOptions.filterFactories}: it answers preflights before auth and rate limits run, and its headers
 * are in place before they refuse a request.
 */
public final class CorsFilterFactory implements RouteFilterFactory {
    @Override
    public RouteFilter create(Route route, Rule rule) {
        return route.cors() == null ? null : new CorsFilter(CorsPolicy.compile(route.id(), route.cors()));
    }
}
