package dev.portico.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for requests through the gateway, as curl would send them. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private Http() {
    }

    public static HttpResponse<String> get(String url) {
        return send("GET", url, null, Map.of());
    }

    /**
     * The status of a GET, or -1 when nothing answers (refused, reset, timed out): for health probes. Like the
     * kubelet's probes, each opens a connection of its own and asks it closed: a pooled keep-alive connection the
     * server had just closed as idle would read as a failed probe.
     */
    public static int probe(String url) {
        URI uri = URI.create(url);
        try {
            return RawHttp.exchange(uri.getPort(), "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + ":" + uri.getPort() + "\r\nConnection: close\r\n\r\n", PROBE_TIMEOUT).status();
        } catch (UncheckedIOException refused) {
            return -1;
        }
    }

    public static HttpResponse<String> send(String method, String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
