package dev.portico.dataplane.http;

import java.util.ArrayList;
import java.util.List;

/**
 * X-Forwarded-For: who the client is (the peer, or the N-th entry from the right when N proxies in
 * front are trusted; never the left, which the client controls) and what goes upstream (the
 * client's list with the peer appended).
 */
public final class ForwardedFor {
    private ForwardedFor() {
    }

    public static String clientIp(List<String> xffHeaders, String peer, int trustedHops) {
        if (trustedHops <= 0 || xffHeaders.isEmpty()) {
            return peer;
        }
        List<String> entries = entries(xffHeaders);
        int index = entries.size() - trustedHops;
        return index >= 0 && !entries.get(index).isEmpty() ? entries.get(index) : peer;
    }

    public static String appended(List<String> xffHeaders, String peer) {
        if (xffHeaders.isEmpty()) {
            return peer;
        }
        return String.join(", ", xffHeaders) + ", " + peer;
    }

    private static List<String> entries(List<String> headers) {
        List<String> out = new ArrayList<>();
        for (String h : headers) {
            for (String part : h.split(",")) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
