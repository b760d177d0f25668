package dev.portico.dataplane.proxy;

import dev.portico.dataplane.accesslog.AccessEntry;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.http.UnreadBody;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * WebSocket (and any HTTP/1.1 Upgrade) pass-through as a byte tunnel: the upgrade request goes
 * upstream first; on its 101 the client gets the upstream's handshake answer and both sockets are
 * piped with back-pressure, so frames, extensions and subprotocols pass untouched. Anything but 101
 * is relayed as an ordinary response. The request has been through routing and the filter chain.
 */
final class WebSocketTunnel {
    private static final Set<String> HANDSHAKE = Set.of("upgrade", "connection", "sec-websocket-accept",
            "sec-websocket-protocol", "sec-websocket-extensions");

    private WebSocketTunnel() {
    }

    static boolean isUpgrade(HttpServerRequest req) {
        String upgrade = req.getHeader("upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /**
     * Opens the tunnel; {@code entry} (null while not logging) is recorded when the tunnel closes, with status 101 and
     * the tunnel's whole life as its duration (or 0 if the client's side could not be taken over). Any other answer
     * ends a response, which the handler's end hook records.
     */
    static void open(ProxyContext ctx, Exchange ex, ClusterState cluster, EndpointState ep, String uri,
            HostAndPort authority, AccessEntry entry) {
        HttpServerRequest req = ex.request();
        MultiMap headers = ex.upstreamHeaders();
        headers.set("upgrade", req.getHeader("upgrade"));
        headers.set("connection", "Upgrade");
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(ep.port(), ep.address()))
                .setMethod(HttpMethod.GET).setURI(uri).setHeaders(headers)
                .setConnectTimeout(ex.hit().rule().rule().timeoutMs());
        ep.started();
        ctx.client().request(options).compose(creq -> {
            creq.exceptionHandler(UpstreamRequestErrors::report); // answered through the future below
            creq.authority(authority);
            return creq.connect();
        }).onComplete(ar -> {
            if (ar.failed()) {
                ep.finished();
                ctx.errors().send(ex, new GatewayException(502, "upstream_upgrade_failure",
                        "upgrade to an endpoint of " + cluster.name() + " failed"), entry);
                return;
            }
            HttpClientResponse resp = ar.result();
            if (resp.statusCode() != 101) {
                relay(ex, resp, ep);
                return;
            }
            NetSocket upstream = resp.netSocket();
            req.response().headers().remove("connection");
            resp.headers().forEach(h -> {
                if (HANDSHAKE.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    req.response().headers().add(h.getKey(), h.getValue());
                }
            });
            req.response().headers().set(RequestIds.HEADER, ex.requestId());
            req.toNetSocket().onComplete(sar -> {
                if (sar.failed()) {
                    ep.finished();
                    upstream.close();
                    logClosed(ctx, entry, 0, ex);
                    return;
                }
                NetSocket client = sar.result();
                upstream.pipeTo(client);
                client.pipeTo(upstream);
                client.closeHandler(v -> {
                    ep.finished();
                    logClosed(ctx, entry, 101, ex);
                });
            });
        });
    }

    private static void logClosed(ProxyContext ctx, AccessEntry entry, int status, Exchange ex) {
        if (entry != null) {
            ctx.accessLog().record(entry.ended(status, ex.requestId()));
        }
    }

    private static void relay(Exchange ex, HttpClientResponse resp, EndpointState ep) {
        resp.body().onComplete(bar -> {
            ep.finished();
            var out = ex.request().response();
            out.setStatusCode(resp.statusCode());
            out.headers().set(RequestIds.HEADER, ex.requestId());
            String type = resp.getHeader("content-type");
            if (type != null) {
                out.headers().set("content-type", type);
            }
            out.end(bar.succeeded() ? bar.result() : Buffer.buffer());
            UnreadBody.drain(ex.request());
        });
    }
}
