package dev.portico.dataplane.proxy;

import dev.portico.dataplane.http.ChunkSize;
import io.netty.buffer.ByteBuf;

/**
 * Follows one HTTP/1 message body on the wire to find where it ends: a fixed length, the chunked
 * coding (sizes, data, trailers), or the connection's close. Bytes are passed on as they are.
 */
final class BodyFraming {
    enum Mode { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private enum Chunk { SIZE, DATA, DATA_END, TRAILER }

    private Mode mode = Mode.NONE;
    private long remaining;
    private Chunk chunk;
    private final byte[] line = new byte[256];
    private int lineLen;
    private boolean done = true;

    void start(Mode mode, long length) {
        this.mode = mode;
        this.remaining = length;
        this.chunk = Chunk.SIZE;
        this.lineLen = 0;
        this.done = mode == Mode.NONE || (mode == Mode.LENGTH && length == 0);
    }

    Mode mode() {
        return mode;
    }

    boolean done() {
        return done;
    }

    /**
     * How many bytes of {@code [from, to)} belong to the body (it ended when {@link #done} turns
     * true); -1 when the chunked coding is malformed.
     */
    int scan(ByteBuf buf, int from, int to) {
        if (done) {
            return 0;
        }
        switch (mode) {
            case LENGTH -> {
                int n = (int) Math.min(remaining, to - from);
                remaining -= n;
                done = remaining == 0;
                return n;
            }
            case UNTIL_CLOSE -> {
                return to - from;
            }
            case CHUNKED -> {
                return chunks(buf, from, to);
            }
            default -> {
                return 0;
            }
        }
    }

    private int chunks(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && !done) {
            if (chunk == Chunk.DATA) {
                int n = (int) Math.min(remaining, to - i);
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    chunk = Chunk.DATA_END;
                }
                continue;
            }
            int nl = buf.indexOf(i, to, (byte) '\n');
            int n = (nl < 0 ? to : nl) - i;
            int copy = Math.min(n, line.length - lineLen);
            buf.getBytes(i, line, lineLen, copy);
            lineLen += copy;
            if (copy < n && chunk != Chunk.TRAILER) {
                return -1; // no size line or data terminator is that long
            }
            if (nl < 0) {
                return to - from;
            }
            i = nl + 1;
            int len = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
            lineLen = 0;
            switch (chunk) {
                case SIZE -> {
                    long size = ChunkSize.parse(line, len);
                    if (size < 0) {
                        return -1;
                    }
                    remaining = size;
                    chunk = size == 0 ? Chunk.TRAILER : Chunk.DATA;
                }
                case DATA_END -> {
                    if (len != 0) {
                        return -1;
                    }
                    chunk = Chunk.SIZE;
                }
                default -> done = len == 0; // TRAILER: an empty line ends the message
            }
        }
        return i - from;
    }
}
