package dev.portico.dataplane.proxy;

import dev.portico.dataplane.routing.RouteHit;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.Rewrite;
import io.vertx.core.MultiMap;
import java.util.Map;

/** Path and Host rewrites with {@code {var}} captures, and header modifiers (remove, set, add). */
final class Rewrites {
    private Rewrites() {
    }

    static String path(RouteHit hit, String path) {
        Rewrite rewrite = hit.rule().rule().rewrite();
        if (rewrite == null || rewrite.path() == null) {
            return path;
        }
        String value = substitute(rewrite.path().value(), hit.captures());
        return switch (rewrite.path().type()) {
            case ReplaceFullPath -> value;
            case ReplacePrefixMatch -> {
                String prefix = hit.matchedPrefix();
                String rest = prefix.equals("/") ? path
                        : path.length() >= prefix.length() ? path.substring(prefix.length()) : "";
                String base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                if (!rest.isEmpty() && !rest.startsWith("/")) {
                    rest = "/" + rest;
                }
                String out = base + rest;
                yield out.isEmpty() ? "/" : out;
            }
        };
    }

    static String host(RouteHit hit, String host) {
        Rewrite rewrite = hit.rule().rule().rewrite();
        return rewrite == null || rewrite.host() == null || rewrite.host().isEmpty() ? host
                : substitute(rewrite.host(), hit.captures());
    }

    static String substitute(String value, Map<String, String> captures) {
        if (captures.isEmpty() || value.indexOf('{') < 0) {
            return value;
        }
        String out = value;
        for (Map.Entry<String, String> e : captures.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    static void apply(HeaderModifier modifier, MultiMap headers) {
        if (modifier == null || modifier.isEmpty()) {
            return;
        }
        modifier.remove().forEach(headers::remove);
        modifier.set().forEach(h -> headers.set(h.name(), h.value()));
        modifier.add().forEach(h -> headers.add(h.name(), h.value()));
    }
}
