package dev.portico.dataplane.cors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's {@code allowOrigins}, compiled once: exact origins in a set, {@code scheme://*.suffix} wildcards, or
 * any origin. Scheme and host compare without case; a port matches only as written (a browser never sends a
 * default one).
 */
final class AllowedOrigins {
    private static final String LABELS = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    // as the GatewayRoute schema admits them, whatever the scheme
    private static final Pattern ORIGIN = Pattern.compile("([a-z][a-z0-9+.-]*://)(\\*\\.)?(" + LABELS
            + "(:[0-9]{1,5})?)");

    private final boolean any;
    private final Set<String> exact;
    private final List<Wildcard> wildcards;

    private AllowedOrigins(boolean any, Set<String> exact, List<Wildcard> wildcards) {
        this.any = any;
        this.exact = Set.copyOf(exact);
        this.wildcards = List.copyOf(wildcards);
    }

    /** @throws IllegalArgumentException naming {@code field[i]} for an origin that is none of the three forms */
    static AllowedOrigins compile(List<String> origins, String field) {
        boolean any = false;
        Set<String> exact = new HashSet<>();
        List<Wildcard> wildcards = new ArrayList<>();
        for (int i = 0; i < origins.size(); i++) {
            String o = origins.get(i).toLowerCase(Locale.ROOT);
            if (o.equals("*")) {
                any = true;
                continue;
            }
            var m = ORIGIN.matcher(o);
            if (!m.matches()) {
                throw new IllegalArgumentException(field + "[" + i + "]: \"" + origins.get(i) + "\" is not an origin "
                        + "(scheme://host[:port], scheme://*.suffix or *)");
            }
            if (m.group(2) == null) {
                exact.add(o);
            } else {
                wildcards.add(new Wildcard(m.group(1), "." + m.group(3)));
            }
        }
        return new AllowedOrigins(any, exact, wildcards);
    }

    /** Whether {@code *} is among them: every origin is allowed. */
    boolean any() {
        return any;
    }

    boolean allows(String origin) {
        if (any) {
            return true;
        }
        String o = origin.toLowerCase(Locale.ROOT); // the same string when it is lower case already, as browsers send it
        if (exact.contains(o)) {
            return true;
        }
        for (int i = 0; i < wildcards.size(); i++) {
            if (wildcards.get(i).matches(o)) {
                return true;
            }
        }
        return false;
    }

    /** {@code scheme://*.suffix}: {@code prefix} is {@code scheme://}, {@code suffix} {@code .suffix[:port]}. */
    private record Wildcard(String prefix, String suffix) {
        /** One or more labels between the scheme and the suffix: never the bare suffix. */
        boolean matches(String origin) {
            int end = origin.length() - suffix.length();
            return end > prefix.length() && origin.startsWith(prefix) && origin.endsWith(suffix)
                    && labels(origin, prefix.length(), end);
        }

        private static boolean labels(String s, int from, int to) {
            boolean atLabelStart = true;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    if (atLabelStart) {
                        return false;
                    }
                    atLabelStart = true;
                } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                    atLabelStart = false;
                } else {
                    return false;
                }
            }
            return !atLabelStart;
        }
    }
}
