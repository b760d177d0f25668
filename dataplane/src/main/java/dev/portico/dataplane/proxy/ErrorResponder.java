package dev.portico.dataplane.proxy;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.ErrorBody;
import dev.portico.dataplane.http.UnreadBody;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/** Answers with a gateway-made JSON error and lets the unread request body drain. */
final class ErrorResponder {
    void send(Exchange ex, GatewayException e) {
        send(ex.request(), ex.requestId(), e, ex.hasResponseHeaders() ? ex.responseHeaders() : null);
    }

    void send(HttpServerRequest request, String requestId, GatewayException e) {
        send(request, requestId, e, null);
    }

    private static void send(HttpServerRequest request, String requestId, GatewayException e, MultiMap filterHeaders) {
        ErrorBody.send(request.response(), e, requestId, request.version() == HttpVersion.HTTP_2, filterHeaders);
        UnreadBody.drain(request);
    }
}
