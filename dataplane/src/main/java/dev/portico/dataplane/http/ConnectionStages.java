package dev.portico.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pipeline stages that listeners of one Vert.x add after the edge guard, by listening port and
 * event loop: the gateway registers its HTTP/1 forward path here for each of its event loops. A stage
 * answers requests in order, and so takes the guard's refusals as {@link OrderedRefusal} events.
 */
public final class ConnectionStages {
    private record Key(int port, EventLoop loop) {
    }

    private final ConcurrentHashMap<Key, Supplier<ChannelHandler>> stages = new ConcurrentHashMap<>();

    public void register(int port, EventLoop loop, Supplier<ChannelHandler> stage) {
        stages.put(new Key(port, loop), stage);
    }

    public void unregister(int port, EventLoop loop) {
        stages.remove(new Key(port, loop));
    }

    /** A fresh stage for a just-accepted connection, or null when its listener registered none. */
    ChannelHandler create(Channel ch) {
        if (stages.isEmpty() || !(ch.localAddress() instanceof InetSocketAddress local)) {
            return null;
        }
        Supplier<ChannelHandler> stage = stages.get(new Key(local.getPort(), ch.eventLoop()));
        return stage == null ? null : stage.get();
    }
}
