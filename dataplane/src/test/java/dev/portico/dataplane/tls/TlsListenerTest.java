package dev.portico.dataplane.tls;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.LogCapture;
import dev.portico.dataplane.TestBackend;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS beside the cleartext listener: same routes, ALPN, the edge guard on HTTP/1.1, certificate rotation. */
class TlsListenerTest {
    private static final Pattern REQUEST_ID = Pattern.compile("(?i)x-request-id: (\\S+)");

    @TempDir
    Path dir;
    private Path certFile;
    private Path keyFile;
    private final List<SelfSignedCertificate> made = new CopyOnWriteArrayList<>();
    private GatewayFixture gw;

    @BeforeEach
    void start() throws IOException {
        certFile = dir.resolve("tls.crt");
        keyFile = dir.resolve("tls.key");
        mount(newCertificate());
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withTls(new TlsListener(0, new TlsFiles(certFile, keyFile))));
        TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        gw.apply(snapshot(1, List.of(route("edge", "all", "2024-01-01T00:00:00Z", List.of(),
                ruleBuilder("all").backend("echo", 1).build())), List.of(cluster("echo", echo.port()))));
    }

    @AfterEach
    void stop() {
        gw.close();
        made.forEach(SelfSignedCertificate::delete);
    }

    private SelfSignedCertificate newCertificate() {
        SelfSignedCertificate c = SelfSignedCertificate.create("localhost");
        made.add(c);
        return c;
    }

    /** As kubelet does: the Secret's files replaced in place. */
    private void mount(SelfSignedCertificate c) throws IOException {
        Files.copy(Path.of(c.certificatePath()), certFile, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(c.privateKeyPath()), keyFile, StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpClient client(HttpClientOptions options) {
        return gw.vertx.createHttpClient(options.setSsl(true).setTrustAll(true).setVerifyHost(false));
    }

    private record Answer(int status, HttpVersion version, JsonObject body) {
    }

    private Future<Answer> send(HttpClient client) {
        return client.request(HttpMethod.GET, gw.dataPlane.tlsPort(), "localhost", "/orders")
                .compose(req -> req.send().compose(res -> res.body()
                        .map(b -> new Answer(res.statusCode(), res.version(), b.toJsonObject()))));
    }

    private Answer get(HttpClient client) throws Exception {
        return send(client).await(10, TimeUnit.SECONDS);
    }

    @Test
    void httpsHttp11ReachesTheBackendAsHttps() throws Exception {
        HttpClient client = client(new HttpClientOptions());
        Answer answer = get(client);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(answer.body().getJsonObject("headers").getString("x-forwarded-proto")).isEqualTo("https");
        assertThat(gw.get("/orders").body()).contains("\"x-forwarded-proto\":\"http\""); // cleartext still http
        client.close();
    }

    @Test
    void alpnNegotiatesHttp2() throws Exception {
        HttpClient client = client(new HttpClientOptions().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
        Answer answer = get(client);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(answer.body().getJsonObject("headers").getString("x-forwarded-proto")).isEqualTo("https");
        client.close();
    }

    /** A GET ends with its HEADERS frame: it reaches the HTTP/1.1 backend with no body framing, as over HTTP/1.1. */
    @Test
    void anHttp2GetOverAlpnReachesTheBackendWithoutFramingHeaders() throws Exception {
        HttpClient client = client(new HttpClientOptions().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
        Answer answer = get(client);
        assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(answer.body().getJsonObject("headers").fieldNames())
                .doesNotContain("transfer-encoding", "content-length");
        assertThat(answer.body().getInteger("bodyLength")).isZero();
        client.close();
    }

    /** The edge guard sits behind TLS too: a smuggling attempt gets the very answer it gets in cleartext. */
    @Test
    void contentLengthWithTransferEncodingIsRefusedAsInCleartext() throws Exception {
        String smuggle = "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n";
        String overTls;
        try (SSLSocket s = tlsSocket()) {
            overTls = exchange(s, smuggle);
        }
        String cleartext;
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            cleartext = exchange(s, smuggle);
        }
        assertThat(overTls).startsWith("HTTP/1.1 400 Bad Request\r\n").containsOnlyOnce("HTTP/1.1")
                .containsIgnoringCase("connection: close").contains("\"error\":\"bad_request\"");
        assertThat(withoutRequestId(overTls)).isEqualTo(withoutRequestId(cleartext));
    }

    @Test
    void aRenewedCertificateReachesNewConnectionsAndABadOneKeepsTheOld() throws Exception {
        assertThat(servedSerial()).isEqualTo(serial(made.get(0)));
        SelfSignedCertificate renewed = newCertificate();
        mount(renewed);
        await().atMost(Duration.ofSeconds(13)).pollInterval(Duration.ofMillis(250))
                .until(() -> servedSerial().equals(serial(renewed)));

        try (LogCapture logs = LogCapture.start()) {
            Files.writeString(certFile,
                    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
            await().atMost(Duration.ofSeconds(13)).until(() -> !logs.from(CertificateReloader.class).isEmpty());
            assertThat(logs.from(CertificateReloader.class)).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage()).contains("--tls-cert-file " + certFile).contains("previous one");
            });
        }
        assertThat(servedSerial()).isEqualTo(serial(renewed));
        HttpClient client = client(new HttpClientOptions());
        assertThat(get(client).status()).isEqualTo(200);
        client.close();
    }

    @Test
    void shutdownTurnsReadinessOffDrainsAnHttpsRequestInFlightThenClosesTheListener() throws Exception {
        TestBackend slow = gw.own(TestBackend.start(gw.vertx, "slow",
                req -> gw.vertx.setTimer(800, t -> req.response().end("{}"))));
        gw.apply(snapshot(2, List.of(route("edge", "slow", "2024-01-02T00:00:00Z", List.of(),
                ruleBuilder("slow").backend("slow", 1).build())), List.of(cluster("slow", slow.port()))));
        HttpClient client = client(new HttpClientOptions()); // referenced: an unreachable client closes its pool
        Future<Answer> inFlight = send(client);
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.hits() == 1);
        Future<Void> shutdown = gw.dataPlane.shutdown();
        assertThat(gw.admin("/readyz").statusCode()).isEqualTo(503);
        assertThat(inFlight.await(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        shutdown.await(10, TimeUnit.SECONDS);
        assertThatThrownBy(this::servedSerial).isInstanceOf(IOException.class);
        client.close();
    }

    /** Two Secrets on one listener: each client gets the certificate for the name it asks for (SNI). */
    @Test
    void severalCertificatesAreChosenByServerNameTheFirstByDefaultAndEachRotates() throws Exception {
        SelfSignedCertificate shop = SelfSignedCertificate.create("shop.example");
        SelfSignedCertificate api = SelfSignedCertificate.create("api.example");
        made.addAll(List.of(shop, api));
        Path apiCert = dir.resolve("api.crt");
        Path apiKey = dir.resolve("api.key");
        Files.copy(Path.of(api.certificatePath()), apiCert);
        Files.copy(Path.of(api.privateKeyPath()), apiKey);
        SelfSignedCertificate regions = SelfSignedCertificate.create("*.api.example");
        SelfSignedCertificate renewed = SelfSignedCertificate.create("api.example");
        made.addAll(List.of(regions, renewed));
        TlsListener listener = new TlsListener(0, List.of(
                new TlsFiles(Path.of(shop.certificatePath()), Path.of(shop.privateKeyPath())),
                new TlsFiles(apiCert, apiKey),
                new TlsFiles(Path.of(regions.certificatePath()), Path.of(regions.privateKeyPath()))));
        try (GatewayFixture both = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withInstances(1).withTls(listener))) {
            int port = both.dataPlane.tlsPort();
            assertThat(servedSerial(port, "shop.example")).isEqualTo(serial(shop));
            assertThat(servedSerial(port, "api.example")).isEqualTo(serial(api));
            assertThat(servedSerial(port, "eu.api.example")).as("a wildcard name").isEqualTo(serial(regions));
            assertThat(servedSerial(port, null)).as("no server name: the first").isEqualTo(serial(shop));
            assertThat(servedSerial(port, "other.example")).as("a name no certificate has").isEqualTo(serial(shop));

            Files.copy(Path.of(renewed.certificatePath()), apiCert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(renewed.privateKeyPath()), apiKey, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(13)).pollInterval(Duration.ofMillis(250))
                    .until(() -> servedSerial(port, "api.example").equals(serial(renewed)));
            assertThat(servedSerial(port, "shop.example")).isEqualTo(serial(shop));
        }
        TlsListener reversed = new TlsListener(0, List.of(listener.certificates().get(1),
                listener.certificates().get(0), listener.certificates().get(2)));
        try (GatewayFixture other = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withInstances(1).withTls(reversed))) {
            int port = other.dataPlane.tlsPort();
            assertThat(servedSerial(port, null)).as("the first, whichever it is").isEqualTo(serial(renewed));
            assertThat(servedSerial(port, "shop.example")).isEqualTo(serial(shop));
        }
    }

    @Test
    void aMissingOrMismatchedFileIsNamedWithItsFlag() {
        Path absent = dir.resolve("absent.key");
        assertThatThrownBy(() -> new TlsFiles(certFile, absent).read())
                .hasMessage("--tls-key-file " + absent + ": no such file");
        SelfSignedCertificate other = newCertificate();
        Path otherKey = Path.of(other.privateKeyPath());
        assertThatThrownBy(() -> new TlsFiles(certFile, otherKey).read())
                .hasMessage("--tls-key-file " + otherKey + ": does not match the certificate in --tls-cert-file "
                        + certFile);
        assertThatThrownBy(() -> new TlsFiles(otherKey, otherKey).read())
                .hasMessageStartingWith("--tls-cert-file " + otherKey + ": not a PEM certificate chain");
    }

    private static BigInteger serial(SelfSignedCertificate c) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(c.certificatePath()))) {
            return ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in)).getSerialNumber();
        }
    }

    /** The serial of the certificate a new TLS connection is shown. */
    private BigInteger servedSerial() throws Exception {
        return servedSerial(gw.dataPlane.tlsPort(), null);
    }

    /** ... on {@code port}, asking for {@code serverName} (null: none, as for an address). */
    private static BigInteger servedSerial(int port, String serverName) throws Exception {
        try (SSLSocket s = tlsSocket(port)) {
            if (serverName != null) {
                SSLParameters parameters = s.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                s.setSSLParameters(parameters);
            }
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private SSLSocket tlsSocket() throws Exception {
        return tlsSocket(gw.dataPlane.tlsPort());
    }

    private static SSLSocket tlsSocket(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    }

    /** Writes the request; returns everything the gateway wrote until it closed or went quiet for 3 s. */
    private static String exchange(Socket s, String request) throws IOException {
        s.setSoTimeout(3000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = s.getInputStream().read(chunk)) > 0;) {
                buf.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // the gateway kept the connection open: what it wrote so far is the answer
        } catch (IOException closed) {
            // TLS: a reset after close_notify ends the answer too
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String withoutRequestId(String response) {
        Matcher m = REQUEST_ID.matcher(response);
        assertThat(m.find()).as(response).isTrue();
        return response.replace(m.group(1), "<id>");
    }
}
