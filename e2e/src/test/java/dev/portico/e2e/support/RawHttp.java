package dev.portico.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes on a plain socket, exactly as written: for requests no well-behaved client library would send
 * (smuggling, NUL bytes, folded headers, slow heads). Reads until the server closes or goes quiet.
 */
public final class RawHttp {
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

    /** What came back on one connection. */
    public record Answer(String text, boolean closed, long millis) {
        /** The first response's status, or -1 when nothing came back. */
        public int status() {
            Matcher m = STATUS_LINE.matcher(text);
            return m.find() && m.start() == 0 ? Integer.parseInt(m.group(1)) : -1;
        }

        /** How many responses the server wrote (a smuggled second request would make two). */
        public int responses() {
            Matcher m = STATUS_LINE.matcher(text);
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }

        public String body() {
            int at = text.indexOf("\r\n\r\n");
            return at < 0 ? "" : text.substring(at + 4);
        }

        @Override
        public String toString() {
            return (closed ? "[closed] " : "[open] ") + millis + " ms: "
                    + text.substring(0, Math.min(text.length(), 600)).replace("\r\n", "\\r\\n ");
        }
    }

    private RawHttp() {
    }

    public static Answer exchange(int port, String request, Duration quiet) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), quiet);
    }

    /**
     * Writes {@code request}, then reads until the server closes the connection or sends nothing for
     * {@code quiet}.
     */
    public static Answer exchange(int port, byte[] request, Duration quiet) {
        return exchange(port, request, Duration.ZERO, quiet);
    }

    /**
     * Writes {@code head} one byte at a time with {@code pause} between bytes (a slow client), and keeps
     * reading, so an early answer (408) is seen as soon as the server sends it.
     */
    public static Answer trickle(int port, String head, Duration pause, Duration quiet) {
        return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), pause, quiet);
    }

    private static Answer exchange(int port, byte[] request, Duration pause, Duration quiet) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout((int) Math.max(1, quiet.toMillis()));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed = false;
            if (pause.isZero()) {
                try {
                    out.write(request);
                    out.flush();
                } catch (SocketException refusedMidWrite) {
                    // the server may answer and close before it read everything (oversize heads)
                }
            } else {
                socket.setSoTimeout((int) Math.max(1, pause.toMillis()));
                for (byte b : request) {
                    try {
                        out.write(b);
                        out.flush();
                    } catch (SocketException closedWhileWriting) {
                        break;
                    }
                    try {
                        int n = in.read();
                        if (n < 0) {
                            closed = true;
                            break;
                        }
                        got.write(n);
                        break; // the server answered before the head was complete
                    } catch (SocketTimeoutException stillWaiting) {
                        // the pause between two bytes
                    }
                }
                socket.setSoTimeout((int) Math.max(1, quiet.toMillis()));
            }
            if (!closed) {
                closed = readUntilQuiet(in, got);
            }
            return new Answer(got.toString(StandardCharsets.ISO_8859_1), closed,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("raw exchange with 127.0.0.1:" + port + " failed", e);
        }
    }

    /** @return true when the server closed the connection, false when it only went quiet */
    private static boolean readUntilQuiet(InputStream in, ByteArrayOutputStream got) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException quiet) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
            if (n < 0) {
                return true;
            }
            got.write(buffer, 0, n);
        }
    }
}
