package dev.portico.dataplane.http;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.LogCapture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.PathMatch;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One raw-socket test per row of hardening.md: exact bytes in, exact status line out. */
class HardeningTest {
    private static GatewayFixture gw;
    private static TestBackend echo;

    @BeforeAll
    static void start() {
        GatewayOptions options = GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withGuardLimits(new GuardLimits(60 * 1024, 100, 400)).withTrustedHops(0);
        gw = new GatewayFixture(options);
        echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        String t = "2024-01-01T00:00:00Z";
        gw.apply(snapshot(1, List.of(
                route("edge", "public", t, List.of(), ruleBuilder("public").index(0)
                        .matches(match(PathMatch.Type.PathPrefix, "/public")).backend("echo", 1).build(),
                        ruleBuilder("admin").index(1).matches(match(PathMatch.Type.PathPrefix, "/admin"))
                                .backend("echo", 1).build(),
                        ruleBuilder("small").index(2).matches(match(PathMatch.Type.PathPrefix, "/small"))
                                .backend("echo", 1).maxBody(16).build()),
                route("edge", "hosted", t, List.of("api.example"), ruleBuilder("hosted").index(0)
                        .matches(match(PathMatch.Type.PathPrefix, "/only-here")).backend("echo", 1).build())),
                List.of(cluster("echo", echo.port()))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Sends raw bytes; returns everything the gateway wrote until it closed or went quiet. */
    private static String raw(String request) {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1), 3000);
    }

    private static String raw(byte[] request, int quietMs) {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(quietMs);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return readAll(s.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                if (buf.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && complete(buf.toString(
                        StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // the gateway kept the connection open or reset it after answering: what we have is the answer
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean complete(String response) {
        int head = response.indexOf("\r\n\r\n");
        String lower = response.substring(0, head).toLowerCase();
        int cl = lower.indexOf("content-length:");
        if (cl < 0) {
            return false;
        }
        int end = lower.indexOf("\r\n", cl);
        int length = Integer.parseInt(lower.substring(cl + 15, end < 0 ? head : end).trim());
        return response.length() - head - 4 >= length;
    }

    private static String statusLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    private static JsonObject body(String response) {
        return new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    private static void assertGatewayError(String response, String status, String code) {
        assertThat(statusLine(response)).isEqualTo(status);
        JsonObject body = body(response);
        assertThat(body.getString("error")).isEqualTo(code);
        assertThat(body.getString("requestId")).isNotBlank();
        assertThat(response.toLowerCase()).contains("x-request-id: " + body.getString("requestId"));
    }

    private static String upstreamUri(String response) {
        return body(response).getString("uri");
    }

    @Test
    void dotSegmentsAndMergedSlashesAreNormalisedBeforeRoutingAndSentUpstreamAsMatched() {
        assertThat(upstreamUri(raw("GET /public/../admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
                .isEqualTo("/admin");
        assertThat(upstreamUri(raw("GET /public/%2e%2e/admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
                .isEqualTo("/admin");
        assertThat(upstreamUri(raw("GET //admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
                .isEqualTo("/admin");
        assertThat(upstreamUri(raw("GET /./admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
                .isEqualTo("/admin");
    }

    @Test
    void encodedSlashOrBackslashAndRawBackslashAre400() {
        assertGatewayError(raw("GET /public/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public/a%5cb HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public/a\\b HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
    }

    @Test
    void controlCharactersNulAndRawHashInTheTargetAre400() {
        assertGatewayError(raw("GET /public/a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public/a#b HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public/a%00b HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
    }

    @Test
    void contentLengthWithTransferEncodingConflictingOrSignedLengthsAre400AndClose() {
        String both = raw("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n");
        assertGatewayError(both, "HTTP/1.1 400 Bad Request", "bad_request");
        assertThat(both.toLowerCase()).contains("connection: close");
        assertThat(both).containsOnlyOnce("HTTP/1.1");
        assertGatewayError(raw("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello"),
                "HTTP/1.1 400 Bad Request", "bad_request");
    }

    @Test
    void unknownTransferEncodingObsFoldAndSpaceBeforeColonAre400() {
        assertGatewayError(raw("POST /public HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nhello"),
                "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n"),
                "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n"),
                "HTTP/1.1 400 Bad Request", "bad_request");
    }

    @Test
    void missingDuplicateOrMalformedHostIs400() {
        assertGatewayError(raw("GET /public HTTP/1.1\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), "HTTP/1.1 400 Bad Request",
                "bad_request");
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: a b\r\n\r\n"), "HTTP/1.1 400 Bad Request", "bad_request");
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: user@evil\r\n\r\n"), "HTTP/1.1 400 Bad Request",
                "bad_request");
    }

    @Test
    void headersOver60KiBOrOver100HeadersAre431() {
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(61 * 1024) + "\r\n\r\n"),
                "HTTP/1.1 431 Request Header Fields Too Large", "request_header_fields_too_large");
        assertGatewayError(raw("GET /public HTTP/1.1\r\nHost: x\r\n" + "X-H: 1\r\n".repeat(101) + "\r\n"),
                "HTTP/1.1 431 Request Header Fields Too Large", "request_header_fields_too_large");
        String atLimit = raw("GET /public HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "X-H: 1\r\n".repeat(94) + "\r\n"); // the test backend shares the guard: leave room for X-Forwarded-*
        assertThat(statusLine(atLimit)).as(atLimit).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void headersSentTooSlowlyGet408AndTheConnectionCloses() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /public HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String response = readAll(s.getInputStream());
            assertGatewayError(response, "HTTP/1.1 408 Request Timeout", "request_timeout");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aSlowHeadLaterOnAKeptAliveConnectionGets408CountedFromItsOwnFirstByte() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /public HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(readAll(s.getInputStream()))).isEqualTo("HTTP/1.1 200 OK");
            Thread.sleep(250); // most of the 400 ms the connection's first head had, spent idle between requests
            long started = System.nanoTime();
            s.getOutputStream().write("GET /public HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = readAll(s.getInputStream());
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertGatewayError(response, "HTTP/1.1 408 Request Timeout", "request_timeout");
            assertThat(tookMs).isGreaterThanOrEqualTo(390);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** Writes the request a few bytes at a time, so the guard sees lines split across reads. */
    private static String trickled(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < bytes.length; i += 3) {
                out.write(bytes, i, Math.min(3, bytes.length - i));
                out.flush();
            }
            return readAll(s.getInputStream());
        }
    }

    @Test
    void requestsSplitAcrossManyReadsAreCheckedLikeWholeOnes() throws Exception {
        assertThat(statusLine(trickled("GET /public HTTP/1.1\r\nHost: x\r\nX-Long: " + "v".repeat(300)
                + "\r\nConnection: close\r\n\r\n"))).isEqualTo("HTTP/1.1 200 OK");
        // refused at the end of the head, which is the last byte sent: no write races the gateway's close
        String both = trickled("POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        assertGatewayError(both, "HTTP/1.1 400 Bad Request", "bad_request");
    }

    @Test
    void eachRequestOnAKeptAliveConnectionIsCheckedOnItsOwnHeaders() throws Exception {
        // the guard keeps one header block per connection: counts, Host and lengths must start afresh each time
        String many = "X-H: 1\r\n".repeat(60);
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            String first = exchange(s, "POST /public HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n" + many + "\r\nhello");
            assertThat(statusLine(first)).as(first).isEqualTo("HTTP/1.1 200 OK");
            String second = exchange(s, "GET /public HTTP/1.1\r\nhOsT: x\r\n" + many + "\r\n");
            assertThat(statusLine(second)).as(second).isEqualTo("HTTP/1.1 200 OK");
            assertThat(body(second).getString("method")).isEqualTo("GET");
            assertGatewayError(exchange(s, "GET /public HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n"),
                    "HTTP/1.1 400 Bad Request", "bad_request");
        }
    }

    @Test
    void aRefusedPipelinedRequestIsAnsweredAfterTheRequestsBeforeIt() throws Exception {
        String bad = "GET /public HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n";
        // the forward path answers the first; Vert.x the HTTP/1.0 one (the forward path hands those over)
        for (String good : List.of("GET /public HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /public HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")) {
            try (Socket s = new Socket("127.0.0.1", gw.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write((good + good + bad + good).getBytes(StandardCharsets.ISO_8859_1));
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                List<String> statuses = java.util.regex.Pattern.compile("HTTP/1\\.[01] \\d{3} [^\r]*").matcher(all)
                        .results().map(java.util.regex.MatchResult::group).toList();
                assertThat(statuses).as(all).hasSize(3).endsWith("HTTP/1.1 400 Bad Request");
                assertThat(statuses.subList(0, 2)).as(all).allMatch(l -> l.endsWith(" 200 OK"));
                assertThat(all).endsWith("\"}").contains("duplicate Host header"); // nothing after it: closed
            }
        }
    }

    /** Writes one request on an open connection and reads its whole answer. */
    private static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return readAll(s.getInputStream());
    }

    @Test
    void connectionListedHeadersAreRemovedButGatewayForwardedHeadersStay() {
        String r = raw("GET /public HTTP/1.1\r\nHost: x\r\nConnection: close, X-Forwarded-For, X-Secret\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\nX-Secret: s\r\n\r\n");
        JsonObject headers = body(r).getJsonObject("headers");
        assertThat(headers.containsKey("x-secret")).isFalse();
        assertThat(headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(headers.getString("x-forwarded-proto")).isEqualTo("http");
        assertThat(headers.getString("x-forwarded-host")).isEqualTo("x");
    }

    @Test
    void clientForwardedForIsAppendedToAndNotTrustedWithoutTrustedHops() {
        String r = raw("GET /public HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-For: 6.6.6.6\r\n"
                + "X-Request-Id: client-chosen\r\n\r\n");
        JsonObject headers = body(r).getJsonObject("headers");
        assertThat(headers.getString("x-forwarded-for")).isEqualTo("6.6.6.6, 127.0.0.1");
        assertThat(headers.getString("x-request-id")).isNotEqualTo("client-chosen");
        assertThat(ForwardedFor.clientIp(List.of("6.6.6.6, 10.0.0.7"), "10.0.0.1", 0)).isEqualTo("10.0.0.1");
        assertThat(ForwardedFor.clientIp(List.of("6.6.6.6, 10.0.0.7"), "10.0.0.1", 1)).isEqualTo("10.0.0.7");
        assertThat(ForwardedFor.clientIp(List.of("6.6.6.6, 10.0.0.7"), "10.0.0.1", 2)).isEqualTo("6.6.6.6");
    }

    @Test
    void anUpgradeThatDoesNotHappenEndsTheConnectionSoNothingIsSmuggledBehindIt() {
        String r = raw("GET /public HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                + "GET /admin HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n");
        assertThat(r.toLowerCase()).contains("connection: close");
        assertThat(r).containsOnlyOnce("HTTP/1.1 ");
        assertThat(echo.hits()).isPositive();
    }

    @Test
    void clientSuppliedIdentityHeadersAreRemoved() {
        String r = raw("GET /public HTTP/1.1\r\nHost: x\r\nConnection: close\r\nPortico-Client-Id: forged\r\n\r\n");
        assertThat(body(r).getJsonObject("headers").containsKey("portico-client-id")).isFalse();
    }

    @Test
    void absoluteFormTargetToAnotherHostIsRoutedOnlyByConfiguredHosts() {
        assertGatewayError(raw("GET http://evil.example/only-here HTTP/1.1\r\nHost: api.example\r\n\r\n"),
                "HTTP/1.1 404 Not Found", "route_not_found");
        assertThat(statusLine(raw("GET http://api.example/only-here HTTP/1.1\r\nHost: api.example\r\n"
                + "Connection: close\r\n\r\n"))).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void bodyOverTheRouteLimitIs413() {
        assertGatewayError(raw("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n" + "x".repeat(17)),
                "HTTP/1.1 413 Request Entity Too Large", "payload_too_large");
        assertGatewayError(raw("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "20\r\n" + "y".repeat(32) + "\r\n0\r\n\r\n"), "HTTP/1.1 413 Request Entity Too Large",
                "payload_too_large");
    }

    /** A refusal by the guard: the JSON error with the request id, answered as HTTP/1.1, and the connection closed. */
    private static void assertRefusedAndClosed(String request, String status, String code) {
        String r = raw(request);
        assertGatewayError(r, status, code);
        assertThat(r.toLowerCase()).as(r).contains("connection: close");
        assertThat(r).as(r).startsWith("HTTP/1.1 ").containsOnlyOnce("\r\n\r\n").endsWith("\"}");
    }

    @Test
    void aMalformedChunkedBodyIs400AndClosed() {
        assertRefusedAndClosed("POST /public HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n"
                + "0\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
        assertRefusedAndClosed("POST /public HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n"
                + "0\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
    }

    /** The head and a first chunk went upstream before the bad chunk came: the refusal still answers, at once. */
    @Test
    void aBodyThatTurnsMalformedAfterTheRequestWentUpstreamIs400NotAnUpstreamTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write("POST /public HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300); // the forward path has the request and streams its body upstream
            out.write("zz\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String r = readAll(s.getInputStream());
            assertGatewayError(r, "HTTP/1.1 400 Bad Request", "bad_request");
            assertThat(body(r).getString("message")).isEqualTo("a chunk size in the request body is not a hexadecimal"
                    + " number");
            assertThat(s.getInputStream().read()).as("closed after the refusal").isEqualTo(-1);
        }
    }

    /**
     * The guard keeps 8 KiB of a line: a longer request line is judged on what was kept (method, characters), and its
     * length is the decoder's, which allows 16 KiB and answers 414 above. (Served end to end only with a backend that
     * takes such lines: the echo backend's own limit is 4 KiB.)
     */
    @Test
    void aRequestLineLongerThanTheGuardKeepsIsJudgedOnWhatWasKeptAndOverTheLimitIs414() {
        byte[] kept = ("GET /public?q=" + "a".repeat(8192)).substring(0, 8192).getBytes(StandardCharsets.US_ASCII);
        assertThat(RequestLineCheck.check(kept, kept.length, true)).as("no version in sight: not malformed").isNull();
        assertThat(RequestLineCheck.check(kept, kept.length, false)).isNotNull();
        byte[] badMethod = ("G@T /" + "a".repeat(8192)).substring(0, 8192).getBytes(StandardCharsets.US_ASCII);
        assertThat(RequestLineCheck.check(badMethod, badMethod.length, true).message())
                .isEqualTo("request method with a character not allowed in a token (0x40)");
        assertGatewayError(raw("G@T /" + "a".repeat(10 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                "HTTP/1.1 400 Bad Request", "bad_request");
        String long20k = raw("GET /public?q=" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(statusLine(long20k)).as(long20k).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void unsupportedHttpVersionIs505AndAMalformedOneIs400BothAnsweredAsHttp11() {
        int before = echo.hits();
        assertRefusedAndClosed("GET /public HTTP/9.9\r\nHost: a\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported", "http_version_not_supported");
        assertRefusedAndClosed("GET /public HTTP/2.0\r\nHost: a\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported", "http_version_not_supported");
        assertRefusedAndClosed("GET /public HTTP/1.2\r\nHost: a\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported", "http_version_not_supported");
        for (String version : List.of("HTTP/1", "HTTP/1.10", "http/1.1", "HTTP/x.1", "HTP/1.1")) {
            assertRefusedAndClosed("GET /public " + version + "\r\nHost: a\r\n\r\n", "HTTP/1.1 400 Bad Request",
                    "bad_request");
        }
        assertRefusedAndClosed("GET /public\r\nHost: a\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
        assertRefusedAndClosed("GET /pub lic HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
        assertThat(echo.hits()).isEqualTo(before);
    }

    @Test
    void aMethodThatIsNotATokenIs400AndNeverReachesTheUpstream() {
        int before = echo.hits();
        assertRefusedAndClosed("G@T /public HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
        assertRefusedAndClosed("G\u00c9T /public HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 400 Bad Request",
                "bad_request");
        assertRefusedAndClosed(" GET /public HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
        assertThat(echo.hits()).isEqualTo(before);
        assertThat(statusLine(raw("M-SEARCH* /public HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")))
                .isEqualTo("HTTP/1.1 200 OK"); // any token is a method: the upstream decides what it serves
    }

    @Test
    void aHeaderNameThatIsNotATokenIs400() {
        assertRefusedAndClosed("GET /public HTTP/1.1\r\nHost: a\r\nX(A): 1\r\n\r\n", "HTTP/1.1 400 Bad Request",
                "bad_request");
        assertRefusedAndClosed("GET /public HTTP/1.1\r\nHost: a\r\nX-\u00ff: 1\r\n\r\n", "HTTP/1.1 400 Bad Request",
                "bad_request");
        assertRefusedAndClosed("GET /public HTTP/1.1\r\nHost: a\r\nX\"A: 1\r\n\r\n", "HTTP/1.1 400 Bad Request",
                "bad_request");
    }

    @Test
    void bareLineFeedsInTheHeadAre400BeforeTheDecoderAndLogNothingAboveFine() {
        try (LogCapture logs = LogCapture.start()) {
            assertRefusedAndClosed("GET /public HTTP/1.1\nHost: a\n\n", "HTTP/1.1 400 Bad Request", "bad_request");
            assertRefusedAndClosed("GET /public HTTP/1.1\r\nHost: a\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
            assertRefusedAndClosed("GET /public HTTP/1.1\r\nHost: a\r\n\n", "HTTP/1.1 400 Bad Request", "bad_request");
            assertRefusedAndClosed("POST /public HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello"
                    + "\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request", "bad_request");
            assertThat(logs.records()).as("nothing logged for a client's malformed bytes")
                    .noneMatch(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
        }
    }

    @Test
    void requestsTheGatewayCutsShortUpstreamLogNothingAboveFine() throws InterruptedException {
        try (LogCapture logs = LogCapture.start()) {
            assertGatewayError(raw("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "20\r\n" + "y".repeat(32) + "\r\n0\r\n\r\n"), "HTTP/1.1 413 Request Entity Too Large",
                    "payload_too_large");
            Thread.sleep(300); // the upstream request's reset is reported after the client's answer
            assertThat(logs.records()).as("an upstream request the gateway reset is no server fault")
                    .noneMatch(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
        }
    }
}
