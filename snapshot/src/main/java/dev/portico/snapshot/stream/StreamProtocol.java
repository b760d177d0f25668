package dev.portico.snapshot.stream;

/** Fixed names of the snapshot stream, shared by operator and data plane. */
public final class StreamProtocol {
    public static final String PATH = "/portico.v1.Snapshots/Stream";
    public static final String CONTENT_TYPE = "application/grpc+json";
    public static final int DEFAULT_PORT = 18000;
    /** Frames above this are refused: a snapshot of 5,000 routes is a few MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private StreamProtocol() {
    }
}
