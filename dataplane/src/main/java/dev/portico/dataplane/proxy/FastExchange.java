package dev.portico.dataplane.proxy;

import dev.portico.dataplane.accesslog.AccessEntry;
import dev.portico.dataplane.accesslog.AccessLog;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.ErrorBody;
import dev.portico.dataplane.http.HopByHop;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.routing.CompiledRule;
import dev.portico.dataplane.upstream.Balancer;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import dev.portico.dataplane.upstream.EndpointTable;
import dev.portico.dataplane.upstream.RetryTarget;
import dev.portico.snapshot.RetryPolicy;
import dev.portico.snapshot.Rule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One request on the forward path: picks an endpoint, sends the prepared head and the body on a
 * pooled {@link UpstreamLink}, and relays the answer as {@link ResponseRelay} does on the Vert.x
 * path (small bodies held and written with the head, others streamed with back-pressure; the same
 * JSON errors, metrics and outlier accounting). Runs on the client connection's event loop only.
 *
 * <p>One per client connection, {@link #begin begun} again for each of its requests (a connection
 * has one exchange at a time): no exchange is allocated per request. So nothing here touches its
 * own fields after {@link #finish}, which may begin the next request before it returns, and
 * what completes later (a connect, a filter) checks that its {@link #generation} is still current.
 */
final class FastExchange extends Deadlines.Entry {
    private enum Phase { FILTERING, CONNECTING, AWAITING_HEAD, HELD, STREAMING, DONE }

    private static final MultiMap NO_HEADERS = HttpHeaders.headers();
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final FastLane lane;
    private final FastForwarder conn;
    private final byte[] freshId = new byte[RequestIds.LENGTH]; // a generated X-Request-Id's characters
    // with retries: the endpoints tried, not picked again while others are left
    private final List<EndpointState> tried = new ArrayList<>(2);
    private int generation; // which request this is: a callback of an earlier one finds it moved on
    private CompiledRule compiled;
    private Rule rule;
    private String requestId; // the client's (trusted), or null until someone needs freshId as a string
    private boolean headRequest;
    private long deadlineNanos;
    private EndpointTable endpoints; // the table the request was routed with: where a retry picks a backend again
    private ClusterState cluster; // the current try's
    private String hashKey;
    private ByteBuf requestHead;
    private GatewayException refusal;
    private Exchange filtered; // the rule's filters run first (head-only ones: auth, rate limits)
    private Consumer<Exchange> afterFilters; // then this sets cluster, hash key and head from what they left
    private EndpointState ep;
    private UpstreamLink link;
    private Phase phase = Phase.DONE;
    private RetryPolicy retries; // null: one try
    private boolean idempotent;
    private int tries; // counts every try: a connect that completes for an earlier one is not this one's
    private long tryDeadlineNanos; // a per-try timeout is armed instead of the overall one: 0 when not
    private boolean requestSent;
    private CompositeByteBuf queuedBody; // request body that arrived before the link was ready
    private ByteBuf held; // head and small body, written together at the end
    private boolean rechunk; // the upstream's body is close-delimited: the client gets it chunked
    private int status;
    private long startedNanos;
    private AccessEntry entry; // null unless the data plane keeps an access log
    private AccessEntry draft; // entry of the requests whose success sampling leaves out: made once, restarted

    FastExchange(FastLane lane, FastForwarder conn) {
        this.lane = lane;
        this.conn = conn;
    }

    /**
     * This connection's next request; the previous one is done.
     *
     * @param clientId   the client's X-Request-Id when trusted, else null for a fresh one
     * @param idempotent GET, HEAD, OPTIONS, PUT, DELETE or TRACE without a body: may be sent again after it reached
     *                   an upstream (one with a body is tried again only when nothing was sent: its body waits in
     *                   {@code queuedBody} until a link takes it)
     */
    FastExchange begin(CompiledRule compiled, String clientId, boolean headRequest, boolean hasBody,
            boolean idempotent) {
        generation++;
        this.compiled = compiled;
        this.rule = compiled.rule();
        this.requestId = clientId;
        if (clientId == null) {
            RequestIds.fresh(freshId);
        }
        this.headRequest = headRequest;
        this.requestSent = !hasBody;
        this.deadlineNanos = System.nanoTime() + rule.timeoutMs() * 1_000_000L;
        this.retries = rule.retries();
        this.idempotent = idempotent;
        tried.clear();
        endpoints = null;
        cluster = null;
        hashKey = null;
        refusal = null;
        filtered = null;
        ep = null;
        phase = Phase.CONNECTING;
        tries = 0;
        tryDeadlineNanos = 0;
        rechunk = false;
        status = 0;
        entry = null;
        return this;
    }

    /**
     * Begins this request's access-log entry, recorded when it ends. A request that sampling leaves out should it
     * succeed writes into the connection's draft instead of an entry of its own, copied only if it fails.
     */
    void logAs(String method, String host, String path, String client, String route) {
        if (lane.ctx.accessLog().sample()) {
            entry = new AccessEntry(method, "HTTP/1.1", host, path, client).route(route);
        } else {
            draft = draft == null ? new AccessEntry(method, "HTTP/1.1", host, path, client)
                    : draft.restart(method, "HTTP/1.1", host, path, client);
            entry = draft.route(route);
        }
    }

    /** The X-Request-Id of this request (a generated one becomes a string only when asked for). */
    String requestId() {
        if (requestId == null) {
            requestId = new String(freshId, StandardCharsets.ISO_8859_1);
        }
        return requestId;
    }

    /** Writes the X-Request-Id's value, without making a string of a generated one. */
    void writeRequestId(HeadWriter out) {
        if (requestId != null) {
            out.text(requestId);
        } else {
            out.bytes(freshId, 0, freshId.length);
        }
    }

    /** @param cluster the first try's: one backend of the rule by weight, out of {@code endpoints} */
    FastExchange to(EndpointTable endpoints, ClusterState cluster, String hashKey, ByteBuf requestHead) {
        this.endpoints = endpoints;
        this.cluster = cluster;
        this.hashKey = hashKey;
        this.requestHead = requestHead;
        return this;
    }

    FastExchange refusedWith(GatewayException e) {
        this.refusal = e;
        return this;
    }

    /** The rule's filters run on {@code exchange} first; {@code then} prepares the upstream request (or throws). */
    FastExchange filteredBy(Exchange exchange, Consumer<Exchange> then) {
        this.filtered = exchange;
        this.afterFilters = then;
        this.phase = Phase.FILTERING;
        return this;
    }

    void start() {
        if (refusal != null) {
            fail(refusal);
        } else if (filtered != null) {
            Future<Void> f = lane.filter(compiled.filters(), filtered);
            if (f.isComplete()) {
                filtersDone(generation, f);
            } else { // a Redis answer or key fetch: back on this connection's event loop before going on
                EventLoop loop = conn.eventLoop();
                int current = generation;
                f.onComplete(ar -> {
                    if (loop.inEventLoop()) {
                        filtersDone(current, ar);
                    } else {
                        loop.execute(() -> filtersDone(current, ar));
                    }
                });
            }
        } else {
            forward();
        }
    }

    private void filtersDone(int forGeneration, AsyncResult<Void> ar) {
        if (forGeneration != generation || phase != Phase.FILTERING) {
            return; // the client went away meanwhile
        }
        if (ar.failed()) {
            fail(GatewayHandler.asGatewayError(ar.cause(), requestId()));
            return;
        }
        try {
            afterFilters.accept(filtered);
        } catch (GatewayException e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            fail(GatewayHandler.asGatewayError(e, requestId()));
            return;
        }
        phase = Phase.CONNECTING;
        forward();
    }

    private void forward() {
        lane.ctx.deadlines().arm(this, deadlineNanos);
        attempt();
    }

    /** One try: an endpoint (one not tried yet, when the rule retries), a pooled or new link, the head sent. */
    private void attempt() {
        long now = System.nanoTime();
        if (retries == null) {
            // one endpoint is the pick whether ejected or not (panic mode): no list to build
            ep = cluster.endpoints().size() == 1 ? cluster.endpoints().get(0)
                    : Balancer.pick(rule.loadBalancer(), cluster, cluster.available(now, null), hashKey);
        } else {
            ep = Balancer.pick(rule.loadBalancer(), cluster, cluster.available(now, tried), hashKey);
            tried.add(ep);
            if (retries.perTryTimeoutMs() > 0) {
                long tryDeadline = now + retries.perTryTimeoutMs() * 1_000_000L;
                if (tryDeadline - deadlineNanos < 0) {
                    tryDeadlineNanos = tryDeadline;
                    lane.ctx.deadlines().arm(this, tryDeadline);
                }
            }
        }
        ep.started();
        if (entry != null) {
            entry.upstream(ep.authority());
        }
        startedNanos = now;
        phase = Phase.CONNECTING;
        int attempt = ++tries;
        int current = generation;
        UpstreamLink pooled = lane.links.lease(ep.authority());
        if (pooled != null) {
            send(pooled);
            return;
        }
        UpstreamLink fresh = new UpstreamLink(ep.authority(), lane.links);
        long budgetMs = ((tryDeadlineNanos != 0 ? tryDeadlineNanos : deadlineNanos) - now) / 1_000_000L;
        lane.connect(conn.eventLoop(), ep, fresh, budgetMs).addListener(f -> {
            if (current != generation || phase == Phase.DONE || attempt != tries) {
                if (f.isSuccess()) {
                    lane.links.release(fresh); // answered or moved on meanwhile: the new link serves someone else
                }
                return;
            }
            if (!f.isSuccess()) {
                recordOutcome(true);
                tryFailed(TryFailure.CONNECT);
                return;
            }
            send(fresh);
        });
    }

    /**
     * This try failed before an answer: another try when the rule lists the failure and it is safe (nothing was
     * sent, or an idempotent request without a body), else the gateway's error for it.
     */
    private void tryFailed(TryFailure failure) {
        if (failure.listedIn(retries) && mayRetry(failure == TryFailure.CONNECT)) {
            retry();
            return;
        }
        fail(failure.error(cluster));
    }

    /** Tries left, time left, and safe: nothing reached the upstream, or an idempotent request without a body. */
    private boolean mayRetry(boolean nothingSent) {
        return tries <= retries.attempts() && System.nanoTime() - deadlineNanos < 0
                && (nothingSent || idempotent);
    }

    private void retry() {
        ep.finished();
        ep = null;
        if (tryDeadlineNanos != 0) {
            tryDeadlineNanos = 0;
            lane.ctx.deadlines().arm(this, deadlineNanos);
        }
        lane.ctx.metrics().retried(compiled.id());
        cluster = RetryTarget.next(rule.backends(), endpoints, tried, cluster);
        attempt();
    }

    private void send(UpstreamLink l) {
        link = l;
        phase = Phase.AWAITING_HEAD;
        l.attach(this, headRequest);
        ByteBuf head = requestHead;
        if (retries == null) {
            requestHead = null;
        } else {
            head = head.retainedDuplicate(); // kept to send again
        }
        if (queuedBody != null) {
            l.channel().write(head, l.channel().voidPromise());
            head = queuedBody;
            queuedBody = null;
        }
        l.channel().writeAndFlush(head, l.channel().voidPromise());
        if (!l.channel().isWritable()) {
            conn.pauseReading();
        } else {
            conn.resumeReading();
        }
    }

    /** Request body bytes as the client connection reads them. */
    void requestBody(ByteBuf part, boolean last) {
        if (phase == Phase.DONE) {
            part.release();
            return;
        }
        requestSent |= last;
        if (link == null) {
            if (queuedBody == null) {
                queuedBody = Unpooled.compositeBuffer(64);
            }
            queuedBody.addComponent(true, part);
            if (queuedBody.readableBytes() > 64 * 1024) {
                conn.pauseReading(); // until the link is there to take it
            }
            return;
        }
        Channel upstream = link.channel(); // the write may fail at once and end this exchange
        upstream.writeAndFlush(part, upstream.voidPromise());
        if (!upstream.isWritable()) {
            conn.pauseReading();
        }
    }

    void upstreamWritable(boolean writable) {
        if (writable) {
            conn.resumeReading();
        }
    }

    void clientWritable(boolean writable) {
        if (writable && link != null && phase == Phase.STREAMING) {
            link.channel().config().setAutoRead(true);
        }
    }

    void onResponseHead(HttpHead head, BodyFraming.Mode mode) {
        status = head.status;
        lane.ctx.metrics().upstreamLatency(cluster.name(), System.nanoTime() - startedNanos);
        recordOutcome(status >= 500);
        if (retries != null) {
            if (TryFailure.retriable(retries, status) && mayRetry(false)) {
                UpstreamLink l = link;
                link = null;
                l.abort(); // this answer is dropped unread: its connection serves no one else
                retry();
                return;
            }
            if (tryDeadlineNanos != 0) { // answered in time: the overall timeout alone bounds the body
                tryDeadlineNanos = 0;
                lane.ctx.deadlines().arm(this, deadlineNanos);
            }
        }
        boolean bodyAllowed = mode != BodyFraming.Mode.NONE;
        long declared = !bodyAllowed ? 0 : mode == BodyFraming.Mode.LENGTH ? head.contentLength : -1;
        boolean hold = declared >= 0 && declared <= ResponseRelay.WHOLE_MAX;
        // framed by chunks on the way out, never by a length next to them
        boolean chunks = !hold && bodyAllowed && mode != BodyFraming.Mode.LENGTH;
        rechunk = chunks && mode == BodyFraming.Mode.UNTIL_CLOSE;
        ByteBuf out = responseHead(head, chunks, hold ? (int) declared : 0);
        if (hold) {
            held = out;
            phase = Phase.HELD;
            return;
        }
        phase = Phase.STREAMING;
        conn.write(out);
    }

    /** Status line and headers as {@link ResponseRelay} makes them: the upstream's minus hop-by-hop, then the rule's. */
    private ByteBuf responseHead(HttpHead head, boolean chunks, int bodyRoom) {
        HeadWriter out = lane.heads.reset().text("HTTP/1.1 ").number(head.status).ch(' ');
        head.writeReason(out);
        out.crlf();
        MultiMap added = filtered == null || !filtered.hasResponseHeaders() ? NO_HEADERS : filtered.responseHeaders();
        String replaced = filtered == null ? null : filtered.replacedResponsePrefix(); // CORS, by an Origin
        if (head.listsHeaders || replaced != null
                || (rule.responseHeaders() != null && !rule.responseHeaders().isEmpty())) {
            MultiMap headers = HttpHeaders.headers();
            ResponseRelay.responseHeaders(head.toMultiMap(), headers, rule.responseHeaders(), replaced, added,
                    requestId());
            if (chunks) {
                headers.remove(HttpHeaders.CONTENT_LENGTH);
                headers.set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
            }
            return out.lines(headers).toBuffer(lane.alloc, bodyRoom);
        }
        for (int i = 0; i < head.count; i++) { // the common case: lines copied as they came, no map built
            int at = head.nameStart(i);
            int len = head.nameLength(i);
            if (!HopByHop.alwaysHopByHop(head.bytes, at, len) && !(len == 12 && head.named(i, "x-request-id"))
                    && !(chunks && len == 14 && head.named(i, "content-length"))) {
                head.writeLine(i, out);
            }
        }
        for (Map.Entry<String, String> h : added) { // a filter's (RateLimit-*), after the upstream's
            if (!h.getKey().equalsIgnoreCase(RequestIds.HEADER)) {
                out.line(h.getKey(), h.getValue());
            }
        }
        out.text(RequestIds.HEADER).ch(':').ch(' ');
        writeRequestId(out);
        out.crlf();
        if (chunks) {
            out.line("transfer-encoding", "chunked");
        }
        return out.crlf().toBuffer(lane.alloc, bodyRoom);
    }

    /** The next {@code n} bytes of {@code in} are the answer's body: read here, copied or kept as a slice. */
    void onResponseBody(ByteBuf in, int n) {
        if (phase == Phase.HELD && held.writableBytes() >= n) {
            held.writeBytes(in, n); // room was made for the declared length: one buffer, one write, no slice
            return;
        }
        ByteBuf part = in.readRetainedSlice(n);
        if (phase == Phase.HELD) {
            held = held instanceof CompositeByteBuf c ? c.addComponent(true, part)
                    : Unpooled.compositeBuffer(8).addComponents(true, held, part);
            return;
        }
        if (rechunk) {
            conn.write(Unpooled.copiedBuffer(Integer.toHexString(part.readableBytes()) + "\r\n", StandardCharsets.US_ASCII));
            conn.write(part);
            conn.write(Unpooled.wrappedBuffer(CRLF));
        } else {
            conn.write(part);
        }
        if (!conn.writable() && link != null) {
            link.channel().config().setAutoRead(false); // until the client drains (clientWritable)
        }
    }

    void flushClient() {
        conn.flush();
    }

    /** The upstream's answer is complete; {@code reusable}: its connection may serve the next request. */
    void onResponseEnd(boolean reusable) {
        UpstreamLink l = link;
        link = null;
        if (l != null) {
            l.channel().config().setAutoRead(true);
            if (reusable && requestSent) {
                lane.links.release(l);
            } else {
                l.channel().close();
            }
        }
        if (phase == Phase.HELD) {
            ByteBuf out = held;
            held = null;
            conn.writeAndFlush(out);
        } else if (phase == Phase.STREAMING) {
            if (rechunk) {
                conn.write(Unpooled.wrappedBuffer(LAST_CHUNK));
            }
            conn.flush();
        }
        lane.ctx.metrics().request(compiled, status);
        finish();
    }

    /** The upstream connection failed or closed before its answer was complete. */
    void onUpstreamBroken() {
        link = null;
        if (phase == Phase.AWAITING_HEAD) {
            recordOutcome(true);
            tryFailed(TryFailure.RESET);
        } else if (phase == Phase.HELD) {
            fail(ProxyContext.reset(cluster));
        } else if (phase == Phase.STREAMING) {
            countUnfinished();
            conn.reset();
            finish();
        }
    }

    /**
     * Counts a request that ends without its whole answer: by the status of the head the client got, or, if no head
     * went out, as abandoned (only the client leaving ends a request that early without an answer of the gateway's),
     * and then its access-log line says status 0, as the other proxy path's does — not the status of an upstream
     * head that was held and never sent.
     */
    private void countUnfinished() {
        if (phase == Phase.STREAMING) {
            lane.ctx.metrics().request(compiled, status);
        } else {
            status = 0;
            lane.ctx.metrics().abandoned(compiled);
        }
    }

    /** The overall deadline passed, or this try's. */
    @Override
    protected void expired() {
        boolean waiting = phase == Phase.CONNECTING || phase == Phase.AWAITING_HEAD;
        if (waiting && tryDeadlineNanos != 0 && System.nanoTime() - deadlineNanos < 0) {
            recordOutcome(true);
            if (link != null) {
                UpstreamLink l = link;
                link = null;
                l.abort();
            } // a connect still under way finds the exchange moved on and pools its link
            tryFailed(phase == Phase.CONNECTING ? TryFailure.CONNECT : TryFailure.TIMEOUT);
            return;
        }
        if (waiting) {
            fail(ProxyContext.timeout(cluster, rule.timeoutMs(), false));
        } else if (phase == Phase.HELD) {
            fail(ProxyContext.timeout(cluster, rule.timeoutMs(), true));
        } else if (phase == Phase.STREAMING) {
            countUnfinished();
            conn.reset();
            finish();
        }
    }

    /** The client went away: stop work upstream (a link that has the whole request reads the answer to nowhere). */
    void abandon() {
        if (phase == Phase.DONE) {
            return;
        }
        countUnfinished();
        if (link != null && requestSent
                && (phase == Phase.AWAITING_HEAD || phase == Phase.HELD || phase == Phase.STREAMING)) {
            link.discardAnswer();
            link = null;
        }
        finish();
    }

    private void fail(GatewayException e) {
        if (phase == Phase.DONE) {
            return;
        }
        status = e.status();
        if (entry != null) {
            entry.error(e.code());
        }
        conn.writeAndFlush(Unpooled.wrappedBuffer(ErrorBody.http1(e, requestId(),
                filtered == null || !filtered.hasResponseHeaders() ? null : filtered.responseHeaders())));
        lane.ctx.metrics().request(compiled, status);
        finish();
    }

    /** Ends this request (once); the connection may begin its next one before this returns. */
    private void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        if (entry != null) { // before exchangeDone below, which may begin the connection's next request here
            if (entry != draft) {
                lane.ctx.accessLog().offer(entry.ended(status, requestId()));
            } else if (!AccessLog.successful(status)) {
                lane.ctx.accessLog().offer(draft.copy().ended(status, requestId()));
            }
            entry = null;
        }
        lane.ctx.deadlines().cancel(this);
        if (ep != null) {
            ep.finished();
            ep = null;
        }
        if (link != null) {
            link.abort();
            link = null;
        }
        afterFilters = null;
        release(requestHead);
        release(queuedBody);
        release(held);
        requestHead = null;
        queuedBody = null;
        held = null;
        conn.exchangeDone(this);
    }

    private void recordOutcome(boolean failure) {
        lane.ctx.recordOutcome(cluster, ep, failure);
    }

    private static void release(ByteBuf buf) {
        if (buf != null && buf.refCnt() > 0) {
            buf.release();
        }
    }
}
