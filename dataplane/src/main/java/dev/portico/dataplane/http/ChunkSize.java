package dev.portico.dataplane.http;

/** Parses a chunk-size line ({@code 1a;ext=v}); -1 when malformed. */
public final class ChunkSize {
    private ChunkSize() {
    }

    public static long parse(byte[] line, int len) {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b == ';' || b == ' ' || b == '\t') {
                break;
            }
            int v = Character.digit(b, 16);
            if (v < 0 || ++digits > 15) {
                return -1;
            }
            size = size << 4 | v;
        }
        return digits == 0 ? -1 : size;
    }
}
