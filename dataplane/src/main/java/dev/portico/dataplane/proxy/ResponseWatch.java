package dev.portico.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;

/**
 * Follows the HTTP/1 responses that Vert.x writes on a connection the forward path shares with it,
 * so the forward path knows when Vert.x has answered every request it was handed (and may answer
 * the next one itself without overtaking). Reads the bytes going out; never changes them.
 */
final class ResponseWatch {
    private final ArrayDeque<Boolean> expected = new ArrayDeque<>(); // per request handed over: was it HEAD
    private final BodyFraming body = new BodyFraming();
    private final HttpHead head = new HttpHead();
    private boolean inBody;
    private ByteBuf partialHead; // a head split over writes, kept until it is complete

    void expect(boolean headRequest) {
        expected.add(headRequest);
    }

    /** Responses Vert.x still owes. */
    int owed() {
        return expected.size();
    }

    /** Vert.x has written part of the answer it owes first. */
    boolean answering() {
        return inBody || partialHead != null;
    }

    /** Called with every buffer Vert.x writes to the socket while it owes a response. */
    void written(ByteBuf out) {
        ByteBuf buf = out;
        if (partialHead != null) {
            partialHead.writeBytes(out, out.readerIndex(), out.readableBytes());
            buf = partialHead;
        }
        int i = buf.readerIndex();
        int to = buf.writerIndex();
        while (i < to && !expected.isEmpty()) {
            if (inBody) {
                int n = body.scan(buf, i, to);
                if (n < 0) {
                    expected.clear(); // Vert.x wrote something this watch cannot follow: it keeps the connection
                    break;
                }
                i += n;
                if (body.done()) {
                    inBody = false;
                    expected.poll();
                }
                continue;
            }
            int n = head.read(buf, i, to, false);
            if (n == HttpHead.INCOMPLETE) {
                break;
            }
            if (n == HttpHead.MALFORMED) {
                expected.clear();
                break;
            }
            i += n;
            if (head.status < 200 && head.status != 101) {
                continue; // 100 Continue and other interim responses: the final one follows
            }
            boolean headRequest = expected.peek();
            body.start(head.framing(!headRequest && head.status != 204 && head.status != 304 && head.status != 101),
                    head.contentLength);
            inBody = !body.done();
            if (!inBody) {
                expected.poll();
            }
        }
        keepPartialHead(buf, i, to);
    }

    private void keepPartialHead(ByteBuf buf, int i, int to) {
        boolean incomplete = i < to && !inBody && !expected.isEmpty();
        if (!incomplete) {
            release();
            return;
        }
        if (buf == partialHead) {
            partialHead.readerIndex(i);
            partialHead.discardReadBytes();
        } else {
            partialHead = Unpooled.buffer(to - i + 256);
            partialHead.writeBytes(buf, i, to - i);
        }
    }

    void release() {
        if (partialHead != null) {
            partialHead.release();
            partialHead = null;
        }
    }
}
