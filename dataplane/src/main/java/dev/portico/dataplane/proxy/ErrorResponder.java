package dev.portico.dataplane.proxy;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.ErrorBody;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Answers with a gateway-made JSON error and lets the unread request body drain. */
final class ErrorResponder {
    void send(Exchange ex, GatewayException e) {
        HttpServerResponse response = ex.request().response();
        if (!response.headWritten() && ex.hasResponseHeaders()) {
            ex.responseHeaders().forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        }
        send(ex.request(), ex.requestId(), e);
    }

    void send(HttpServerRequest request, String requestId, GatewayException e) {
        ErrorBody.send(request.response(), e, requestId, request.version() == io.vertx.core.http.HttpVersion.HTTP_2);
        request.resume();
    }
}
