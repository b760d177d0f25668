package dev.portico.snapshot.stream;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles length-prefixed frames from arbitrary chunks of a byte stream: a chunk may hold part
 * of a frame, one frame, or several. Not thread-safe; one per stream.
 */
public final class FrameDecoder {

    private final int maxFrameBytes;
    private byte[] pending = new byte[0];

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public FrameDecoder() {
        this(StreamProtocol.DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * Feeds the next chunk and returns every payload it completes, in order.
     *
     * @throws FrameException on a compressed frame or one longer than the limit; the stream is unusable after
     */
    public List<byte[]> feed(byte[] chunk) {
        byte[] data = concat(pending, chunk);
        List<byte[]> frames = new ArrayList<>();
        int pos = 0;
        while (data.length - pos >= FrameCodec.HEADER_BYTES) {
            int flag = data[pos] & 0xff;
            if (flag != 0) {
                throw new FrameException("compressed or unknown frame flag " + flag + " is not supported");
            }
            long length = ((data[pos + 1] & 0xffL) << 24) | ((data[pos + 2] & 0xffL) << 16)
                    | ((data[pos + 3] & 0xffL) << 8) | (data[pos + 4] & 0xffL);
            if (length > maxFrameBytes) {
                throw new FrameException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
            }
            int end = pos + FrameCodec.HEADER_BYTES + (int) length;
            if (end > data.length) {
                break;
            }
            byte[] payload = new byte[(int) length];
            System.arraycopy(data, pos + FrameCodec.HEADER_BYTES, payload, 0, (int) length);
            frames.add(payload);
            pos = end;
        }
        pending = pos == data.length ? new byte[0] : java.util.Arrays.copyOfRange(data, pos, data.length);
        return frames;
    }

    /** Bytes received that do not yet form a whole frame. */
    public int buffered() {
        return pending.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** A stream that breaks the framing rules. */
    public static final class FrameException extends RuntimeException {
        public FrameException(String message) {
            super(message);
        }
    }
}
