package dev.portico.dataplane.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.ThreadFactory;

/**
 * A platform transport ({@link TransportChoice}: io_uring, epoll or NIO) with one addition: every cleartext HTTP
 * server of this Vert.x instance gets an {@link Http1RequestGuard} first in each connection's
 * pipeline, installed when the connection is registered, before a byte is read. (Vert.x offers no
 * earlier hook than its connection handler, which with h2c enabled runs after the first request was
 * already parsed.) On a TLS server the guard goes right after the SslHandler once ALPN chose HTTP/1.1
 * ({@link TlsGuardPlacement}); HTTP/2 over TLS goes unguarded, as h2c does once its preface is seen.
 */
public final class GuardedTransport implements io.vertx.core.transport.Transport {
    private final io.vertx.core.transport.Transport platform;
    private final Transport implementation;
    private final ConnectionStages stages = new ConnectionStages();

    public GuardedTransport(GuardLimits limits, io.vertx.core.transport.Transport platform) {
        this.platform = platform;
        this.implementation = new Guarding(platform.implementation(), limits, stages, platform.name());
    }

    /** True when {@code vertx} runs on a guarding transport: its cleartext HTTP servers get the guard and its idle watch. */
    public static boolean guards(io.vertx.core.Vertx vertx) {
        return guarding(vertx) != null;
    }

    /** The stages that {@code vertx}'s cleartext HTTP listeners add after the guard; null without a guarding transport. */
    public static ConnectionStages stages(io.vertx.core.Vertx vertx) {
        Guarding g = guarding(vertx);
        return g == null ? null : g.stages();
    }

    /** The name of the transport {@code vertx} runs on ({@code io_uring}, {@code epoll}, {@code nio}). */
    public static String platformName(io.vertx.core.Vertx vertx) {
        Guarding g = guarding(vertx);
        if (g != null) {
            return g.platformName();
        }
        return vertx.isNativeTransportEnabled() ? "native" : "nio"; // a Vert.x made elsewhere (tests)
    }

    private static Guarding guarding(io.vertx.core.Vertx vertx) {
        return vertx instanceof io.vertx.core.internal.VertxInternal internal && internal.transport() instanceof Guarding g
                ? g : null;
    }

    @Override
    public String name() {
        return platform.name();
    }

    @Override
    public boolean available() {
        return platform.available();
    }

    @Override
    public Throwable unavailabilityCause() {
        return platform.unavailabilityCause();
    }

    @Override
    public Transport implementation() {
        return implementation;
    }

    @SuppressWarnings("deprecation")
    record Guarding(Transport delegate, GuardLimits limits, ConnectionStages stages, String platformName)
            implements Transport {
        @Override
        public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
            if (!(options instanceof HttpServerOptions)) {
                return;
            }
            ChannelHandler vertxInitializer = bootstrap.config().childHandler();
            if (options.isSsl()) {
                bootstrap.childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(vertxInitializer);
                        // no SslHandler by that name fails the connection: never served without the guard
                        ch.pipeline().addAfter(TlsGuardPlacement.VERTX_SSL_HANDLER, null,
                                new TlsGuardPlacement(limits));
                    }
                });
                return;
            }
            bootstrap.childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(vertxInitializer);
                    Http1RequestGuard guard = new Http1RequestGuard(limits);
                    ch.pipeline().addFirst(Http1RequestGuard.NAME, guard);
                    ChannelHandler stage = stages.create(ch);
                    if (stage != null) {
                        ch.pipeline().addAfter(Http1RequestGuard.NAME, null, stage);
                        guard.refuseInOrder(); // the gateway's stages answer in order: ConnectionStages
                    }
                }
            });
        }

        @Override
        public boolean supportsDomainSockets() {
            return delegate.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return delegate.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return delegate.unavailabilityCause();
        }

        @Override
        public java.net.SocketAddress convert(io.vertx.core.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public io.vertx.core.net.SocketAddress convert(java.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return delegate.ioHandlerFactory();
        }

        @Override
        public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
            return delegate.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
        }

        @Override
        public DatagramChannel datagramChannel() {
            return delegate.datagramChannel();
        }

        @Override
        public DatagramChannel datagramChannel(InternetProtocolFamily family) {
            return delegate.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
            return delegate.channelFactory(domainSocket);
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            return delegate.serverChannelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            delegate.configure(channel, options);
        }

        @Override
        public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket,
                Bootstrap bootstrap) {
            delegate.configure(options, connectTimeout, domainSocket, bootstrap);
        }
    }
}
