package dev.portico.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection from the forward path to an upstream endpoint, on the client
 * connection's event loop: reads the response to the request of its current {@link FastExchange}
 * (head, then the body as framed) and hands the parts over as they arrive.
 */
final class UpstreamLink extends ChannelInboundHandlerAdapter {
    /** An abandoned answer longer than this is not read to its end: the link is closed instead. */
    private static final long DISCARD_BYTES = 64 * 1024;
    /** Nor one that takes longer than this to end. */
    private static final long DISCARD_MILLIS = 1_000;

    private final String authority;
    private final UpstreamLinks pool;
    private final BodyFraming body = new BodyFraming();
    private final HttpHead head = new HttpHead();
    private Channel channel;
    private FastExchange owner;
    private boolean headRequest;
    private boolean inBody;
    private boolean reusable;
    private ByteBuf partialHead;
    private long idleSinceNanos;
    private boolean discarding; // the answer goes nowhere: its exchange's client left (discardAnswer)
    private long discarded;
    private int discards; // which discard a timer belongs to: a later one on the same link is not cut short

    UpstreamLink(String authority, UpstreamLinks pool) {
        this.authority = authority;
        this.pool = pool;
    }

    String authority() {
        return authority;
    }

    Channel channel() {
        return channel;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void idle(long nowNanos) {
        idleSinceNanos = nowNanos;
    }

    /** The next response on this link belongs to {@code exchange}. */
    void attach(FastExchange exchange, boolean headRequest) {
        this.owner = exchange;
        this.headRequest = headRequest;
        this.inBody = false;
    }

    /**
     * The exchange's client left after its request was sent: the rest of the answer is read to nowhere and the link
     * pooled again at its end, as if the client had stayed — unless the answer is long or slow, then it is closed.
     * A client that leaves mid-request (a load generator's last requests, an impatient caller) then costs no new
     * upstream connection for the next request.
     */
    void discardAnswer() {
        owner = null;
        discarding = true;
        discarded = 0;
        int discard = ++discards;
        channel.config().setAutoRead(true); // it may have been paused for the slow client that left
        channel.eventLoop().schedule(() -> {
            if (discarding && discards == discard) {
                channel.close();
            }
        }, DISCARD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The exchange gave up on this link (it answered already): the connection is not reused. */
    void abort() {
        owner = null;
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = in;
        if (partialHead != null) {
            partialHead.writeBytes(in);
            in.release();
            buf = partialHead;
            partialHead = null;
        }
        try {
            read(buf);
        } finally {
            buf.release();
        }
    }

    private void read(ByteBuf buf) {
        while (buf.isReadable()) {
            if (owner == null && !discarding) {
                channel.close(); // bytes nobody asked for: this connection cannot be trusted with another request
                return;
            }
            if (!inBody) {
                int n = head.read(buf, buf.readerIndex(), buf.writerIndex(), false);
                if (n == HttpHead.INCOMPLETE) {
                    partialHead = Unpooled.buffer(buf.readableBytes() + 512).writeBytes(buf);
                    return;
                }
                buf.skipBytes(Math.max(n, 0));
                if (n == HttpHead.MALFORMED || head.status == 101) {
                    broken();
                    return;
                }
                if (head.status < 200) {
                    continue; // interim response: the final one follows
                }
                body.start(head.framing(!headRequest && head.status != 204 && head.status != 304), head.contentLength);
                reusable = head.http11 && !head.close && body.mode() != BodyFraming.Mode.UNTIL_CLOSE;
                inBody = true;
                if (owner != null) {
                    owner.onResponseHead(head, body.mode());
                }
            } else {
                int n = body.scan(buf, buf.readerIndex(), buf.writerIndex());
                if (n < 0) {
                    broken();
                    return;
                }
                if (n > 0 && owner != null) {
                    owner.onResponseBody(buf, n);
                } else if (n > 0) {
                    buf.skipBytes(n);
                    if ((discarded += n) > DISCARD_BYTES) {
                        channel.close();
                        return;
                    }
                }
            }
            if (discarding && inBody && body.done()) {
                discarding = false;
                inBody = false;
                if (reusable && !buf.isReadable()) {
                    pool.release(this);
                } else {
                    channel.close();
                }
                return;
            }
            if (owner != null && inBody && body.done()) {
                FastExchange done = owner;
                owner = null;
                inBody = false;
                done.onResponseEnd(reusable);
            }
        }
    }

    private void broken() {
        FastExchange ex = owner;
        owner = null;
        discarding = false;
        channel.close();
        if (ex != null) {
            ex.onUpstreamBroken();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.flushClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.upstreamWritable(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.dropped(this);
        if (partialHead != null) {
            partialHead.release();
            partialHead = null;
        }
        FastExchange ex = owner;
        owner = null;
        if (ex == null) {
            return;
        }
        if (inBody && body.mode() == BodyFraming.Mode.UNTIL_CLOSE) {
            ex.onResponseEnd(false); // the close is the end of this body
        } else {
            ex.onUpstreamBroken();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the close reports it
    }
}
