package dev.portico.dataplane.aggregate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a backend's body into the value of its member in the merged response: the body itself when
 * it is one well-formed JSON value (and the Content-Type is JSON or absent), otherwise a JSON string
 * of its text; an empty body is {@code null}.
 */
final class JsonMember {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Buffer NULL = Buffer.buffer("null");

    private JsonMember() {
    }

    static Buffer of(Buffer body, String contentType) {
        if (body.length() == 0) {
            return NULL;
        }
        Charset charset = charset(contentType);
        if (contentType == null || isJson(contentType)) {
            Buffer copied = copyIfJson(body, charset);
            if (copied != null) {
                return copied;
            }
        }
        return quoted(body.toString(charset == null ? StandardCharsets.UTF_8 : charset));
    }

    static Buffer quoted(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        return Buffer.buffer(escaped.length + 2).appendByte((byte) '"').appendBytes(escaped).appendByte((byte) '"');
    }

    /** Re-emits the body token by token (validating it and normalising it to UTF-8); null when it is not JSON. */
    private static Buffer copyIfJson(Buffer body, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() + 16);
        try (JsonParser parser = charset == null || charset.equals(StandardCharsets.UTF_8)
                ? JSON.createParser(body.getBytes()) : JSON.createParser(body.toString(charset));
             JsonGenerator gen = JSON.createGenerator(out)) {
            if (parser.nextToken() == null) {
                return null;
            }
            gen.copyCurrentStructure(parser);
            if (parser.nextToken() != null) {
                return null; // a second root value or trailing garbage: not one JSON document
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || type.endsWith("+json") || type.equals("text/json");
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code charset} parameter, or null when absent or unknown. */
    private static Charset charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String name = param.substring(eq + 1).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
