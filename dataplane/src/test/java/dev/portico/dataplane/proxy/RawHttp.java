package dev.portico.dataplane.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 messages off a raw socket stream, one at a time, as a test client or backend sees them. */
public final class RawHttp {
    /** One message: its start line, headers (lower-case names, last wins) and body. */
    public record Message(String startLine, Map<String, String> headers, byte[] body) {
        public int status() {
            return Integer.parseInt(startLine.substring(9, 12));
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /** A client socket to 127.0.0.1:{@code port} whose reads give up after 10 s. */
    public static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Writes {@code bytes} (ISO-8859-1) and flushes. */
    public static void send(Socket s, String bytes) throws IOException {
        s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** The head only (through the empty line); null when the stream ended first. */
    public static Message head(InputStream in) throws IOException {
        String start = line(in);
        while (start != null && start.isEmpty()) {
            start = line(in);
        }
        if (start == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Message(start, headers, new byte[0]);
    }

    /** A whole response; {@code headRequest}: no body follows whatever the headers say. */
    public static Message response(InputStream in, boolean headRequest) throws IOException {
        Message head = head(in);
        if (head == null) {
            return null;
        }
        return new Message(head.startLine(), head.headers(), headRequest ? new byte[0] : body(in, head));
    }

    /** The body framed by Content-Length or chunked coding (no length and no chunks: none, as for requests). */
    public static byte[] body(InputStream in, Message head) throws IOException {
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                out.write(in.readNBytes(size));
                line(in);
            }
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                // trailers: none expected
            }
            return out.toByteArray();
        }
        String cl = head.header("content-length");
        return cl == null ? new byte[0] : in.readNBytes(Integer.parseInt(cl));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
