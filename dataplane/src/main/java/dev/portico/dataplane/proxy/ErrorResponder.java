package dev.portico.dataplane.proxy;

import dev.portico.dataplane.accesslog.AccessEntry;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.ErrorBody;
import dev.portico.dataplane.http.UnreadBody;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Answers with a gateway-made JSON error, notes its code in the request's access-log entry (null when there is no
 * log) and lets the unread request body drain.
 */
final class ErrorResponder {
    void send(Exchange ex, GatewayException e, AccessEntry entry) {
        send(ex.request(), ex.requestId(), e, ex.hasResponseHeaders() ? ex.responseHeaders() : null, entry);
    }

    void send(HttpServerRequest request, String requestId, GatewayException e, AccessEntry entry) {
        send(request, requestId, e, null, entry);
    }

    private static void send(HttpServerRequest request, String requestId, GatewayException e, MultiMap filterHeaders,
            AccessEntry entry) {
        if (entry != null) {
            entry.error(e.code());
        }
        ErrorBody.send(request.response(), e, requestId, request.version() == HttpVersion.HTTP_2, filterHeaders);
        UnreadBody.drain(request);
    }
}
