package dev.portico.dataplane.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sits first in a cleartext HTTP/1 connection's pipeline (installed by {@link GuardedTransport}, so
 * it sees the first bytes too, before Vert.x's h2c detection and Netty's decoder) and checks what the
 * decoder would quietly repair or accept: Content-Length with Transfer-Encoding (Netty drops the
 * length), obs-fold lines (Netty joins them), unknown transfer codings, missing/duplicate/malformed
 * Host, too many or too large headers, control characters, raw {@code #} and backslash in the
 * request line, and request heads that arrive slower than the request-headers timeout. A violation
 * is answered with a JSON error written straight to the socket, the connection is closed, and no
 * byte of that request reaches the decoder.
 *
 * <p>It follows message framing (fixed length and chunked bodies) only to know where the next
 * header block starts; after an {@code Upgrade} request or an HTTP/2 preface it steps aside. It
 * also keeps the connection's idle timeout ({@link IdleWatch}), so that costs no stage of its own.
 */
public final class Http1RequestGuard extends ChannelDuplexHandler {
    public static final String NAME = "porticoRequestGuard";

    private enum State { REQUEST_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS,
        PASSTHROUGH, FAILED }

    private final GuardLimits limits;
    private final byte[] line = new byte[8192];
    private int lineLen;
    private boolean lineTruncated;
    private byte lastByte; // the line's last byte before its LF, as read (the copy in line may be truncated)
    private State state = State.REQUEST_LINE;
    private long remaining;
    private final HeaderBlock block = new HeaderBlock();
    private ScheduledFuture<?> headerTimer;
    private long headStartNanos; // when the head being read began; 0 between requests
    private ChannelHandlerContext ctx;
    private final IdleWatch idle;
    private boolean inOrder; // a stage after the guard answers requests in order: refusals go through it
    private int requestStart; // where, in the buffer being scanned, the request being read began; -1: before it
    private ByteBuf refusal; // the answer to the refused request, until it is delivered

    public Http1RequestGuard(GuardLimits limits) {
        this.limits = limits;
        this.idle = new IdleWatch(limits.idleTimeoutMs());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        headStarted(); // a connection that says nothing is as slow as one that says too little
        idle.start(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        idle.stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        idle.stop();
        super.channelInactive(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        idle.touch();
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        idle.touch();
        if (state == State.PASSTHROUGH || !(msg instanceof ByteBuf buf)) {
            super.channelRead(ctx, msg);
            return;
        }
        if (state == State.FAILED) {
            buf.release();
            return;
        }
        int from = buf.readerIndex();
        if (scan(buf) != null) {
            int earlier = requestStart - from; // complete requests before the refused one: they are answered first
            if (earlier > 0) {
                ctx.fireChannelRead(buf.retainedSlice(from, earlier));
            }
            buf.release();
            deliverRefusal();
            return;
        }
        if (state == State.PASSTHROUGH) {
            cancelTimer();
        }
        super.channelRead(ctx, msg);
    }

    /** Walks the bytes; returns non-null (and has already answered) when the connection is refused. */
    private String scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        requestStart = -1;
        while (i < end && state != State.PASSTHROUGH && state != State.FAILED) {
            if (state == State.REQUEST_LINE && lineLen == 0) {
                requestStart = i;
            }
            if (state == State.FIXED_BODY || state == State.CHUNK_DATA) {
                int n = (int) Math.min(remaining, end - i);
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.FIXED_BODY ? State.REQUEST_LINE : State.CHUNK_DATA_END;
                }
                continue;
            }
            // a line at a time: find its end, count and copy its bytes in bulk (not one getByte per byte)
            int nl = buf.indexOf(i, end, (byte) '\n');
            int stop = nl < 0 ? end : nl;
            int n = stop - i;
            if (state == State.REQUEST_LINE && lineLen == 0 && headStartNanos == 0 && n > 0 && buf.getByte(i) != '\r') {
                headStarted();
            }
            if (state == State.HEADERS) {
                block.bytes += n + (nl < 0 ? 0 : 1);
                if (block.bytes > limits.maxHeaderBytes()) {
                    return refuse(431, "request_header_fields_too_large",
                            "request headers exceed " + limits.maxHeaderBytes() + " bytes");
                }
            }
            int copy = Math.min(n, line.length - lineLen);
            buf.getBytes(i, line, lineLen, copy);
            lineLen += copy;
            lineTruncated |= copy < n;
            if (n > 0) {
                lastByte = buf.getByte(stop - 1);
            }
            if (nl < 0) {
                i = end;
                continue;
            }
            i = nl + 1;
            boolean crlf = lastByte == '\r';
            lastByte = 0;
            if (!crlf) {
                // RFC 9112 §2.2 lets a recipient accept a bare LF; Envoy and Netty's decoder refuse it, so do we
                return refuse(400, "bad_request", "a line of the request ends in a bare LF (no CR before it)");
            }
            String problem = onLine(lineTruncated ? lineLen : lineLen - 1);
            lineLen = 0;
            lineTruncated = false;
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String onLine(int len) {
        switch (state) {
            case REQUEST_LINE -> {
                if (len == 0) {
                    return null; // RFC 9112: ignore empty lines before the request line
                }
                if (isHttp2Preface(len)) {
                    state = State.PASSTHROUGH; // h2c with prior knowledge: not HTTP/1 any more
                    return null;
                }
                RequestLineCheck.Problem problem = RequestLineCheck.check(line, len, lineTruncated);
                if (problem != null) {
                    return refuse(problem.status(), problem.code(), problem.message());
                }
                block.reset(RequestLineCheck.isHttp11(line, len));
                state = State.HEADERS;
                return null;
            }
            case HEADERS -> {
                if (len == 0) {
                    return endOfHeaders();
                }
                String problem = block.addLine(line, len, lineTruncated);
                if (problem != null) {
                    return refuse(problem.startsWith("431") ? 431 : 400,
                            problem.startsWith("431") ? "request_header_fields_too_large" : "bad_request",
                            problem.substring(4));
                }
                if (block.count > limits.maxHeaders()) {
                    return refuse(431, "request_header_fields_too_large",
                            "more than " + limits.maxHeaders() + " request headers");
                }
                return null;
            }
            case CHUNK_SIZE -> {
                long size = ChunkSize.parse(line, len);
                if (size < 0) {
                    return refuse(400, "bad_request", "a chunk size in the request body is not a hexadecimal number");
                } else if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
                return null;
            }
            case CHUNK_DATA_END -> {
                if (len != 0) {
                    return refuse(400, "bad_request", "a chunk of the request body is longer than its size");
                }
                state = State.CHUNK_SIZE;
                return null;
            }
            case TRAILERS -> {
                if (len == 0) {
                    state = State.REQUEST_LINE;
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static final byte[] PREFACE = {'P', 'R', 'I', ' ', '*', ' ', 'H', 'T', 'T', 'P', '/', '2', '.', '0'};

    private boolean isHttp2Preface(int len) {
        if (len != PREFACE.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (line[i] != PREFACE[i]) {
                return false;
            }
        }
        return true;
    }

    private String endOfHeaders() {
        headStartNanos = 0; // the timer stays armed: when it fires it checks the head read then, if any
        String problem = block.framingProblem();
        if (problem != null) {
            return refuse(400, "bad_request", problem);
        }
        if (block.upgrade) {
            state = State.PASSTHROUGH;
        } else if (block.transferEncoding != null) {
            state = State.CHUNK_SIZE;
        } else if (block.contentLength > 0) {
            remaining = block.contentLength;
            state = State.FIXED_BODY;
        } else {
            state = State.REQUEST_LINE;
        }
        return null;
    }

    /**
     * One timer per connection, not per request: a head only records when it began, and the timer,
     * when it fires, measures the head being read then and re-arms for what that one has left.
     */
    private void headStarted() {
        headStartNanos = System.nanoTime() | 1; // never 0
        if (headerTimer == null && limits.requestHeadersTimeoutMs() > 0) {
            schedule(TimeUnit.MILLISECONDS.toNanos(limits.requestHeadersTimeoutMs()));
        }
    }

    private void schedule(long nanos) {
        headerTimer = ctx.executor().schedule(this::timerFired, nanos, TimeUnit.NANOSECONDS);
    }

    private void timerFired() {
        headerTimer = null;
        if (headStartNanos == 0 || (state != State.REQUEST_LINE && state != State.HEADERS)) {
            return; // between requests: the next head arms it again
        }
        long left = TimeUnit.MILLISECONDS.toNanos(limits.requestHeadersTimeoutMs())
                - (System.nanoTime() - headStartNanos);
        if (left > 0) {
            schedule(left);
        } else {
            headersTimedOut();
        }
    }

    private void cancelTimer() {
        if (headerTimer != null) {
            headerTimer.cancel(false);
            headerTimer = null;
        }
    }

    private void headersTimedOut() {
        if (state == State.REQUEST_LINE || state == State.HEADERS) {
            refuse(408, "request_timeout", "request headers not received within "
                    + limits.requestHeadersTimeoutMs() + " ms");
            deliverRefusal();
        }
    }

    /** The next stage answers requests in order (see {@link OrderedRefusal}). */
    void refuseInOrder() {
        inOrder = true;
    }

    /** Ends the connection with this answer; {@link #deliverRefusal} sends it. Returns the message. */
    private String refuse(int status, String code, String message) {
        state = State.FAILED;
        cancelTimer();
        String requestId = RequestIds.fresh();
        refusal = Unpooled.wrappedBuffer(ErrorBody.http1(status, code, message, requestId, true));
        return message;
    }

    private void deliverRefusal() {
        ByteBuf out = refusal;
        refusal = null;
        if (out == null) {
            return;
        }
        if (inOrder) {
            ctx.fireUserEventTriggered(new OrderedRefusal(out));
        } else {
            // the guard is first in the pipeline: raw bytes go to the socket without passing the HTTP encoder
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
