package dev.portico.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.Map;

/**
 * Builds an HTTP/1 message head in a reusable array and copies it into a buffer in one write (a
 * buffer's per-call checks cost more than the bytes). One per event loop; used from it only.
 */
final class HeadWriter {
    private byte[] a = new byte[2048];
    private int n;

    HeadWriter reset() {
        n = 0;
        return this;
    }

    /** Latin-1 text: request line parts, header names and values; each char's low 8 bits. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly "the low 8 bits of each char"
    HeadWriter text(CharSequence s) {
        int len = s.length();
        room(len);
        if (s instanceof String str) { // almost always: one array copy instead of an interface call per char
            str.getBytes(0, len, a, n);
            n += len;
            return this;
        }
        for (int i = 0; i < len; i++) {
            a[n++] = (byte) s.charAt(i);
        }
        return this;
    }

    HeadWriter bytes(byte[] b, int off, int len) {
        room(len);
        System.arraycopy(b, off, a, n, len);
        n += len;
        return this;
    }

    HeadWriter ch(char c) {
        room(1);
        a[n++] = (byte) c;
        return this;
    }

    /** A decimal; the non-negative ones (status codes, ports) written without a string in between. */
    HeadWriter number(int v) {
        if (v < 0) {
            return text(Integer.toString(v));
        }
        int digits = 1;
        for (int rest = v / 10; rest > 0; rest /= 10) {
            digits++;
        }
        room(digits);
        for (int i = n + digits - 1; i >= n; i--) {
            a[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += digits;
        return this;
    }

    HeadWriter crlf() {
        room(2);
        a[n++] = '\r';
        a[n++] = '\n';
        return this;
    }

    HeadWriter line(CharSequence name, CharSequence value) {
        return text(name).ch(':').ch(' ').text(value).crlf();
    }

    /** Every header of {@code headers}, then the empty line that ends the head. */
    HeadWriter lines(MultiMap headers) {
        for (Map.Entry<String, String> e : headers) {
            line(e.getKey(), e.getValue());
        }
        return crlf();
    }

    /** A new buffer with the head, and {@code room} bytes more capacity for a body to follow. */
    ByteBuf toBuffer(ByteBufAllocator alloc, int room) {
        ByteBuf out = alloc.buffer(n + room);
        out.writeBytes(a, 0, n);
        return out;
    }

    private void room(int more) {
        if (n + more > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
        }
    }
}
