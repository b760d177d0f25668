package dev.portico.operator.stream;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/** A TCP relay that can start swallowing every byte, both ways, without closing anything: a peer gone silent. */
final class BlackholeProxy implements AutoCloseable {
    private final NetServer server;
    private final NetClient client;
    private volatile boolean swallowing;

    BlackholeProxy(Vertx vertx, int targetPort) throws Exception {
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(inbound -> {
            inbound.pause();
            client.connect(targetPort, "127.0.0.1").onSuccess(outbound -> {
                relay(inbound, outbound);
                relay(outbound, inbound);
                inbound.resume();
            }).onFailure(e -> inbound.close());
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void relay(NetSocket from, NetSocket to) {
        from.handler(bytes -> {
            if (!swallowing) {
                to.write(bytes);
            }
        });
    }

    int port() {
        return server.actualPort();
    }

    void swallow() {
        swallowing = true;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
