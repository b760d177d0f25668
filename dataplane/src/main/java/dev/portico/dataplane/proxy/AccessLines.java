package dev.portico.dataplane.proxy;

import dev.portico.dataplane.accesslog.AccessEntry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/** Access-log entries begun from what each proxy path has of a request when it starts. */
final class AccessLines {
    private AccessLines() {
    }

    /** On the Vert.x path: as the client sent it; routing replaces host and path with what it matched on. */
    static AccessEntry of(HttpServerRequest req) {
        return new AccessEntry(req.method().name(), protocol(req.version()),
                req.authority() != null ? req.authority().host() : null, req.path(),
                req.remoteAddress() != null ? req.remoteAddress().hostAddress() : null);
    }

    static String protocol(HttpVersion version) {
        return switch (version) {
            case HTTP_2 -> "HTTP/2";
            case HTTP_1_0 -> "HTTP/1.0";
            default -> "HTTP/1.1";
        };
    }
}
