package dev.portico.dataplane.proxy;

import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.FilterChain;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.upstream.EndpointState;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.transport.Transport;
import java.util.List;
import java.util.function.Supplier;

/**
 * One event loop's HTTP/1 forward path below Vert.x: what the connections of that loop share
 * (routing state, upstream links, deadlines, metrics). Each client connection gets a
 * {@link FastForwarder} that serves the common proxied request itself and hands the rest to Vert.x.
 */
final class FastLane {
    final ProxyContext ctx;
    private final ContextInternal context;
    final Supplier<RoutingState> state;
    final int trustedHops;
    final UpstreamLinks links;
    final HeadWriter heads = new HeadWriter();
    /**
     * For the buffers the forward path fills itself (heads, held answers): Netty's pooled allocator, whose
     * direct buffers are written through their address, where the default adaptive one makes a ByteBuffer
     * view per write (bench/results/proxy-p99-anatomy.md).
     */
    final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final Transport transport;
    private final ChannelFactory<? extends Channel> channels;

    FastLane(ProxyContext ctx, ContextInternal context, Supplier<RoutingState> state, int trustedHops,
            int maxIdlePerEndpoint) {
        this.ctx = ctx;
        this.context = context;
        this.state = state;
        this.trustedHops = trustedHops;
        this.links = new UpstreamLinks(maxIdlePerEndpoint);
        this.transport = ((VertxInternal) ctx.vertx()).transport();
        this.channels = transport.channelFactory(false);
    }

    FastForwarder newConnectionStage() {
        return new FastForwarder(this);
    }

    /**
     * Runs a rule's filters as the Vert.x path does, with this event loop's Vert.x context current: filters
     * that finish later (a Redis answer, a key fetch) come back to the context they were called on.
     */
    Future<Void> filter(List<RouteFilter> filters, Exchange exchange) {
        @SuppressWarnings("unchecked")
        Future<Void>[] result = new Future[1];
        context.dispatch(v -> result[0] = FilterChain.run(filters, exchange));
        // dispatch reports what escapes the chain (an Error) to the context instead of throwing it
        return result[0] != null ? result[0] : Future.failedFuture(new IllegalStateException("the filter chain failed"));
    }

    /** Opens a new link to {@code ep} on {@code loop} (the client connection's, so no thread hop). */
    ChannelFuture connect(EventLoop loop, EndpointState ep, UpstreamLink link, long timeoutMs) {
        return new Bootstrap().group(loop).channelFactory(channels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMs)))
                .handler(link)
                .connect(transport.convert(ep.socketAddress()));
    }
}
