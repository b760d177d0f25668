package dev.portico.dataplane.routing;

import java.util.Locale;

/** Host header canonical form: lower case, no port, no trailing dot. */
public final class HostNames {
    private HostNames() {
    }

    public static String canonical(String host) {
        if (host == null || host.isEmpty()) {
            return "";
        }
        String h = host;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }
}
