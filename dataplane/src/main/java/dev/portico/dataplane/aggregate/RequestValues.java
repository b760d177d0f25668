package dev.portico.dataplane.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a backend path's {@code {name}} stands for in one request: the Template capture of that
 * name, else the client's query parameter of that name (its first value), else nothing. Values
 * are percent-decoded here and re-encoded by {@link PathTemplate}, so nothing is escaped twice.
 */
final class RequestValues implements Function<String, byte[]> {
    private final Map<String, String> captures;
    private final String rawQuery;
    private Map<String, byte[]> query;

    RequestValues(Map<String, String> captures, String rawQuery) {
        this.captures = captures;
        this.rawQuery = rawQuery;
    }

    @Override
    public byte[] apply(String name) {
        String captured = captures.get(name);
        if (captured != null) {
            return PercentCodec.decodePath(captured);
        }
        if (query == null) {
            query = parse(rawQuery);
        }
        return query.get(name);
    }

    private static Map<String, byte[]> parse(String raw) {
        Map<String, byte[]> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = new String(PercentCodec.decodeQuery(eq < 0 ? pair : pair.substring(0, eq)),
                    StandardCharsets.UTF_8);
            params.putIfAbsent(name, PercentCodec.decodeQuery(eq < 0 ? "" : pair.substring(eq + 1)));
        }
        return params;
    }
}
