package dev.portico.dataplane.proxy;

import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.upstream.OutlierPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketClient;

/** What proxying needs on one event loop: its own pooled clients, plus the shared metrics and policies. */
record ProxyContext(Vertx vertx, HttpClient client, WebSocketClient webSockets, GatewayMetrics metrics,
        OutlierPolicy outliers, ErrorResponder errors, Deadlines deadlines) {
}
