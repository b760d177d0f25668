package dev.portico.dataplane.http;

import io.vertx.core.http.HttpServerRequest;

/** What becomes of a request body the gateway answered without reading. */
public final class UnreadBody {
    private UnreadBody() {
    }

    /**
     * Lets it drain rather than stall the connection. A request read to its end (or reset) has nothing left, and
     * HTTP/2 throws "Request has already been read" on resuming it.
     */
    public static void drain(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.resume();
        }
    }
}
