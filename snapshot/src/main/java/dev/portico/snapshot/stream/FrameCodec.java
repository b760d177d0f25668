package dev.portico.snapshot.stream;

import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.portico.snapshot.codec.SnapshotDecodingException;
import dev.portico.snapshot.codec.SnapshotJson;

import java.nio.ByteBuffer;

/**
 * gRPC length-prefixed framing: 1 flag byte (0, uncompressed) + 4-byte big-endian length + payload.
 * Encoding is stateless; decoding of a byte stream is {@link FrameDecoder}'s job.
 */
public final class FrameCodec {
    public static final int HEADER_BYTES = 5;

    private FrameCodec() {
    }

    public static byte[] frame(byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.put((byte) 0).putInt(payload.length).put(payload);
        return buf.array();
    }

    public static byte[] encode(StreamMessage message) {
        return frame(SnapshotJson.toBytes(message));
    }

    /** The message in {@code payload}; one of a {@code type} this build does not know is {@code Unrecognized}. */
    public static StreamMessage decode(byte[] payload) {
        try {
            return SnapshotJson.mapper().readValue(payload, StreamMessage.class);
        } catch (InvalidTypeIdException e) {
            if (e.getTypeId() == null || e.getTypeId().isEmpty()) {
                throw new SnapshotDecodingException("invalid stream message: no type", e);
            }
            return new StreamMessage.Unrecognized(e.getTypeId());
        } catch (java.io.IOException e) {
            throw new SnapshotDecodingException("invalid stream message: " + e.getMessage(), e);
        }
    }
}
