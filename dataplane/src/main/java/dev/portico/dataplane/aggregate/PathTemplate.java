package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.filter.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aggregate backend's {@code path}, such as {@code /users/{userId}/orders?since={since}&limit=3},
 * compiled once per snapshot. On expansion a variable before the {@code ?} becomes exactly one path
 * segment (or part of one), after it exactly one query value; the literal text is sent as written.
 */
final class PathTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** A literal run of the template ({@code variable == null}) or one variable. */
    private record Piece(String literal, String variable, boolean inQuery) {
    }

    private final String owner;
    private final List<Piece> pieces;

    private PathTemplate(String owner, List<Piece> pieces) {
        this.owner = owner;
        this.pieces = List.copyOf(pieces);
    }

    /**
     * @param owner names the backend in errors, e.g. {@code aggregate.backends[user].path}
     * @throws IllegalArgumentException naming {@code owner} when the template is unusable
     */
    static PathTemplate parse(String template, String owner) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException(owner + " \"" + template + "\" must start with /");
        }
        if (template.indexOf('#') >= 0) {
            throw new IllegalArgumentException(owner + " \"" + template + "\" must not contain a fragment (#)");
        }
        int q = template.indexOf('?');
        List<Piece> pieces = new ArrayList<>();
        split(q < 0 ? template : template.substring(0, q), false, pieces);
        if (q >= 0) {
            pieces.add(new Piece("?", null, true));
            split(template.substring(q + 1), true, pieces);
        }
        return new PathTemplate(owner, pieces);
    }

    private static void split(String part, boolean inQuery, List<Piece> out) {
        Matcher m = VARIABLE.matcher(part);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(new Piece(literal(part.substring(at, m.start())), null, inQuery));
            }
            out.add(new Piece(null, m.group(1), inQuery));
            at = m.end();
        }
        if (at < part.length()) {
            out.add(new Piece(literal(part.substring(at)), null, inQuery));
        }
    }

    /** Literal text keeps its reserved characters and escapes; only bytes a URI cannot carry are escaped. */
    private static String literal(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Variable names in order of appearance (repeats included). */
    List<String> variables() {
        return pieces.stream().filter(p -> p.variable != null).map(Piece::variable).toList();
    }

    /**
     * @param values a variable's raw (decoded) bytes, or null when the request has no such value
     * @throws GatewayException 400 naming the backend and variable when a value is missing, or empty
     *                          where it would be a path segment
     */
    String expand(Function<String, byte[]> values) {
        StringBuilder sb = new StringBuilder(64);
        for (Piece p : pieces) {
            if (p.variable == null) {
                sb.append(p.literal);
                continue;
            }
            byte[] value = values.apply(p.variable);
            if (value == null) {
                throw new GatewayException(400, "bad_request", owner + " needs {" + p.variable
                        + "}, which is neither a path capture nor a query parameter of this request");
            }
            if (p.inQuery) {
                sb.append(PercentCodec.queryValue(value));
            } else if (value.length == 0) {
                throw new GatewayException(400, "bad_request", owner + " needs {" + p.variable
                        + "} as a path segment, but the query parameter " + p.variable + " is empty");
            } else {
                sb.append(PercentCodec.segment(value));
            }
        }
        return sb.toString();
    }
}
