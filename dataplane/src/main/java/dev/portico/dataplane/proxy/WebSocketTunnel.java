package dev.portico.dataplane.proxy;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * WebSocket pass-through: the upstream handshake is made first (so a refusal becomes a JSON error),
 * then the client's upgrade is accepted and frames are piped both ways with back-pressure.
 */
final class WebSocketTunnel {
    private static final System.Logger LOG = System.getLogger(WebSocketTunnel.class.getName());
    private WebSocketTunnel() {
    }

    static boolean isUpgrade(HttpServerRequest req) {
        String upgrade = req.getHeader("upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    static void open(ProxyContext ctx, Exchange ex, ClusterState cluster, EndpointState ep, String uri) {
        HttpServerRequest req = ex.request();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        ex.upstreamHeaders().forEach(h -> {
            if (!h.getKey().toLowerCase(Locale.ROOT).startsWith("sec-websocket-")) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(ep.address()).setPort(ep.port()).setURI(uri).setHeaders(headers)
                .setConnectTimeout(ex.hit().rule().rule().timeoutMs());
        String protocols = req.getHeader("sec-websocket-protocol");
        if (protocols != null) {
            List<String> list = Arrays.stream(protocols.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            options.setSubProtocols(list);
        }
        ep.started();
        ctx.webSockets().connect(options).onComplete(ar -> {
            if (ar.failed()) {
                ep.finished();
                LOG.log(System.Logger.Level.DEBUG, "WebSocket handshake upstream failed", ar.cause());
                ctx.errors().send(ex, new GatewayException(502, "upstream_websocket_failure",
                        "WebSocket handshake with " + cluster.name() + " endpoint " + ep.authority() + " failed"));
                return;
            }
            WebSocket upstream = ar.result();
            req.toWebSocket().onComplete(sar -> {
                if (sar.failed()) {
                    LOG.log(System.Logger.Level.WARNING, "client WebSocket upgrade failed: " + sar.cause());
                    ep.finished();
                    upstream.close();
                    return;
                }
                ServerWebSocket client = sar.result();
                upstream.pipeTo(client);
                client.pipeTo(upstream);
                client.closeHandler(v -> ep.finished());
            });
        });
    }
}
