package dev.portico.dataplane.proxy;

import dev.portico.dataplane.http.OrderedRefusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.impl.ShutdownEvent;
import java.net.InetSocketAddress;

/**
 * A client connection's HTTP/1 forward path, right after the edge guard: reads each request head
 * off the wire and either serves the request itself ({@link ForwardPlan}, {@link FastExchange}) or
 * passes its bytes on unchanged to Vert.x. One request is served at a time across both paths, so
 * pipelined requests are answered in order: a request for Vert.x waits until the forward path has
 * answered, and the forward path takes a request only once Vert.x has answered all it was handed
 * ({@link ResponseWatch}). After an upgrade or an HTTP/2 preface it steps aside for good.
 */
final class FastForwarder extends ChannelDuplexHandler {
    private enum Phase { HEAD, FAST_BODY, FAST_WAIT, VERTX_BODY, ASIDE }

    private final FastLane lane;
    private final BodyFraming requestBody = new BodyFraming();
    private final ResponseWatch vertx = new ResponseWatch();
    private final HttpHead head = new HttpHead();
    private final ForwardPlan plan;
    private ChannelHandlerContext ctx;
    private ByteBuf pending;
    private Phase phase = Phase.HEAD;
    private FastExchange exchange;
    private String peer = "";
    private boolean paused;
    private boolean processing;
    private boolean reading; // inside channelRead: Netty's channelReadComplete follows
    private boolean handedOver; // bytes went to Vert.x since its last channelReadComplete
    private boolean draining;
    private ByteBuf refusal; // the guard refused a later request: written once every earlier one is answered
    private String lastHost; // a keep-alive connection names the same Host again and again: parsed once
    private HostAndPort lastAuthority;

    FastForwarder(FastLane lane) {
        this.lane = lane;
        this.plan = new ForwardPlan(lane, this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lane.ctx.metrics().connectionOpened();
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            peer = remote.getAddress().getHostAddress();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        lane.ctx.metrics().connectionClosed();
        if (exchange != null) {
            exchange.abandon();
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        vertx.release();
        if (refusal != null) {
            refusal.release();
            refusal = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.ASIDE || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (pending == null || !pending.isReadable()) {
            if (pending != null) {
                pending.release();
            }
            pending = in;
        } else {
            ByteBuf joined = ctx.alloc().buffer(pending.readableBytes() + in.readableBytes());
            joined.writeBytes(pending).writeBytes(in);
            pending.release();
            in.release();
            pending = joined;
        }
        reading = true;
        try {
            process();
        } finally {
            reading = false;
        }
    }

    private void process() {
        if (processing) {
            return; // re-entered from an exchange that finished at once: the loop below carries on
        }
        processing = true;
        try {
            while (pending != null && pending.isReadable()) {
                switch (phase) {
                    case HEAD -> {
                        if (!nextHead()) {
                            return;
                        }
                    }
                    case FAST_BODY, VERTX_BODY -> body();
                    case FAST_WAIT -> {
                        pauseReading(); // a pipelined request waits for the answer to this one
                        return;
                    }
                    case ASIDE -> {
                        ByteBuf rest = pending;
                        pending = null;
                        handedOver = true;
                        ctx.fireChannelRead(rest);
                    }
                }
            }
        } finally {
            processing = false;
            if (pending != null && !pending.isReadable()) {
                pending.release();
                pending = null;
            }
            if (handedOver && !reading) {
                // bytes passed on outside a read of this channel (after an answer): Vert.x flushes and
                // handles what it read at the read's end, so it must see one
                handedOver = false;
                ctx.fireChannelReadComplete();
            }
            refuseWhenAnswered();
        }
    }

    /**
     * Writes the guard's refusal once nothing before it is owed: no exchange of the forward path, no
     * answer of Vert.x's. What is still pending then is the refused request's unfinished head (the
     * guard passed on everything before it, and never the part it refused).
     */
    private void refuseWhenAnswered() {
        if (refusal == null || processing || exchange != null || vertx.owed() > 0) {
            return;
        }
        ByteBuf out = refusal;
        refusal = null;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    /** @return false while the head is incomplete */
    private boolean nextHead() {
        int n = head.read(pending, pending.readerIndex(), pending.writerIndex(), true);
        if (n == HttpHead.INCOMPLETE) {
            return false; // the guard in front bounds how large a head can grow
        }
        if (n == HttpHead.MALFORMED || head.upgrade || head.method.equals("PRI") || head.method.equals("CONNECT")) {
            phase = Phase.ASIDE; // Vert.x takes the connection over (tunnel, h2c, or its own error)
            return true;
        }
        requestBody.start(head.chunked || head.otherCoding ? BodyFraming.Mode.CHUNKED
                : head.contentLength > 0 ? BodyFraming.Mode.LENGTH : BodyFraming.Mode.NONE, head.contentLength);
        FastExchange ex = vertx.owed() == 0 && !draining ? plan() : null;
        if (ex == null) {
            vertx.expect(head.method.equals("HEAD"));
            phase = requestBody.done() ? Phase.HEAD : Phase.VERTX_BODY;
            handedOver = true;
            ctx.fireChannelRead(pending.readRetainedSlice(n));
            return true;
        }
        pending.skipBytes(n);
        exchange = ex;
        phase = requestBody.done() ? Phase.FAST_WAIT : Phase.FAST_BODY;
        ex.start();
        return true;
    }

    private FastExchange plan() {
        try {
            return plan.prepare(head, peer);
        } catch (RuntimeException e) {
            return null; // the Vert.x path meets the same failure and answers it (500 internal_error, logged)
        }
    }

    private void body() {
        int n = requestBody.scan(pending, pending.readerIndex(), pending.writerIndex());
        if (n < 0) { // malformed chunked coding: Vert.x's decoder refuses it
            phase = Phase.ASIDE;
            return;
        }
        ByteBuf part = pending.readRetainedSlice(n);
        boolean last = requestBody.done();
        if (phase == Phase.VERTX_BODY) {
            if (last) {
                phase = Phase.HEAD;
            }
            handedOver = true;
            ctx.fireChannelRead(part);
            return;
        }
        if (last) {
            phase = exchange == null ? Phase.HEAD : Phase.FAST_WAIT;
        }
        if (exchange != null) {
            exchange.requestBody(part, last);
        } else {
            part.release(); // already answered (an error): the rest of the body is read and dropped
        }
    }

    /** The exchange answered (or gave up); the next request may go. */
    void exchangeDone(FastExchange ex) {
        if (exchange != ex) {
            return;
        }
        exchange = null;
        if (draining) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (phase == Phase.FAST_WAIT) {
            phase = Phase.HEAD;
        }
        resumeReading();
        if (pending != null && pending.isReadable() && ctx.channel().isActive()) {
            process();
        }
        refuseWhenAnswered();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handedOver = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (phase != Phase.ASIDE && vertx.owed() > 0 && msg instanceof ByteBuf buf) {
            vertx.written(buf);
        }
        ctx.write(msg, promise);
        refuseWhenAnswered(); // a held refusal goes right behind Vert.x's last answer
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientWritable(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof OrderedRefusal r) {
            if (phase == Phase.ASIDE) { // Vert.x has the connection: its answers are not followed here
                ctx.writeAndFlush(r.answer()).addListener(ChannelFutureListener.CLOSE);
            } else if (phase == Phase.VERTX_BODY) {
                // the refused bytes are the body of the request Vert.x serves (a chunked one; the guard finds nothing
                // to refuse in a body of known length): the rest will never come, so rather than wait for an answer
                // the upstream cannot give, the refusal answers it if Vert.x has not begun its answer (and owes no
                // earlier one), else the connection is cut
                if (vertx.owed() == 1 && !vertx.answering()) {
                    ctx.writeAndFlush(r.answer()).addListener(ChannelFutureListener.CLOSE);
                } else {
                    r.answer().release();
                    ctx.close();
                }
            } else {
                refusal = r.answer();
                refuseWhenAnswered();
            }
            return;
        }
        if (evt instanceof ShutdownEvent && phase != Phase.ASIDE) {
            draining = true;
            if (exchange != null) {
                return; // closes once this answer is out
            }
            if (vertx.owed() == 0) {
                ctx.close();
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The Host of this connection's previous request, or null. */
    String lastHost() {
        return lastHost;
    }

    /** The Host header parsed as Vert.x parses a request's authority; null when malformed. */
    HostAndPort authorityOf(String host) {
        if (host == null) {
            return null;
        }
        if (!host.equals(lastHost)) {
            lastAuthority = HostAndPort.parseAuthority(host, -1);
            lastHost = host;
        }
        return lastAuthority;
    }

    // ---- what an exchange uses to answer on this connection ----

    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    void write(ByteBuf buf) {
        ctx.write(buf, ctx.voidPromise());
    }

    void writeAndFlush(ByteBuf buf) {
        ctx.writeAndFlush(buf, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    /** A streamed answer broke off: the client must not take it for complete. */
    void reset() {
        ctx.close();
    }

    void pauseReading() {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    void resumeReading() {
        if (paused) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }
}
