package dev.portico.dataplane.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits right after a TLS connection's SslHandler until the handshake ends, then puts the edge guard in
 * its own place when ALPN chose HTTP/1.1 (or no protocol: HTTP/1.1 too), and leaves nothing behind for
 * HTTP/2, whose frames the guard must not read. The completion event comes before the first decrypted
 * byte, and before Vert.x adds its HTTP handlers on the same event, so the guard still sees every request
 * byte first, as on a cleartext connection.
 */
final class TlsGuardPlacement extends ChannelInboundHandlerAdapter {
    /** The name Vert.x gives a server connection's SslHandler (or SniHandler) in the pipeline. */
    static final String VERTX_SSL_HANDLER = "ssl";

    private final GuardLimits limits;

    TlsGuardPlacement(GuardLimits limits) {
        this.limits = limits;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (done.isSuccess() && tls != null && !"h2".equals(tls.applicationProtocol())) {
                ctx.pipeline().replace(this, Http1RequestGuard.NAME, new Http1RequestGuard(limits));
            } else {
                ctx.pipeline().remove(this);
            }
        }
        super.userEventTriggered(ctx, evt);
    }
}
