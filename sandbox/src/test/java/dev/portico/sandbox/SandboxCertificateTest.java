package dev.portico.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCertificateTest {
    @TempDir
    Path dir;

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void namesLocalhostAndTheLoopbackAddressesAsSubjectAlternativeNamesAndServesTlsThatVerifiesThem()
            throws Exception {
        SandboxCertificate made = SandboxCertificate.inFolder(dir);

        assertThat(read(made.cert()).getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("localhost", "127.0.0.1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.key()))).isEqualTo("rw-------");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("tls.crt", "tls.key");

        // the pair serves TLS that a client checking the host name against 127.0.0.1 accepts
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
                    new PemKeyCertOptions().setCertPath(made.cert().toString()).setKeyPath(made.key().toString())))
                    .requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(made.cert().toString())));
            String body = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                    .compose(req -> req.send().compose(res -> res.body())).await(10, TimeUnit.SECONDS).toString();
            assertThat(body).isEqualTo("ok");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aValidCertificateIsKeptAndOneWithoutSubjectAlternativeNamesIsMadeAnew() throws Exception {
        SandboxCertificate first = SandboxCertificate.inFolder(dir);
        byte[] cert = Files.readAllBytes(first.cert());
        assertThat(Files.readAllBytes(SandboxCertificate.inFolder(dir).cert())).isEqualTo(cert);

        SelfSignedCertificate old = SelfSignedCertificate.create("localhost"); // what earlier sandboxes made
        try {
            Files.copy(Path.of(old.certificatePath()), first.cert(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(old.privateKeyPath()), first.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            old.delete();
        }
        assertThat(read(first.cert()).getSubjectAlternativeNames()).isNull();
        List<?> names = List.copyOf(read(SandboxCertificate.inFolder(dir).cert()).getSubjectAlternativeNames());
        assertThat(names).isNotEmpty();
    }
}
