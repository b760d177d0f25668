package dev.portico.snapshot.codec;

/** A snapshot, delta or stream message that cannot be decoded; the message says where. */
public class SnapshotDecodingException extends RuntimeException {
    public SnapshotDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public SnapshotDecodingException(String message) {
        super(message);
    }
}
