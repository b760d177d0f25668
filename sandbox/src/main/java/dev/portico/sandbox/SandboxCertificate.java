package dev.portico.sandbox;

import io.vertx.core.net.SelfSignedCertificate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The sandbox gateway's HTTPS certificate: self-signed for {@code localhost}, in the sandbox folder as
 * {@code tls.crt} and {@code tls.key} (PEM, as a {@code kubernetes.io/tls} Secret mounts them), so that clients
 * can be pointed at it ({@code curl --cacert .portico/tls.crt}) or told not to check ({@code curl -k}). Kept from one
 * start to the next while it is valid for another day: a client told to trust it keeps working, and the start does
 * not wait for a new RSA key.
 */
record SandboxCertificate(Path cert, Path key) {

    static SandboxCertificate inFolder(Path dir) throws IOException {
        SandboxCertificate kept = new SandboxCertificate(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        return kept.validForADay() ? kept : create(dir);
    }

    private boolean validForADay() {
        if (!Files.isReadable(cert) || !Files.isReadable(key)) {
            return false;
        }
        try (InputStream pem = Files.newInputStream(cert)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
            x509.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
            return true;
        } catch (IOException | GeneralSecurityException | ClassCastException unusable) {
            return false; // made anew
        }
    }

    private static SandboxCertificate create(Path dir) throws IOException {
        SelfSignedCertificate made = SelfSignedCertificate.create("localhost");
        try {
            Path cert = Files.copy(Path.of(made.certificatePath()), dir.resolve("tls.crt"),
                    StandardCopyOption.REPLACE_EXISTING);
            Path key = Files.copy(Path.of(made.privateKeyPath()), dir.resolve("tls.key"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            return new SandboxCertificate(cert, key);
        } finally {
            made.delete();
        }
    }
}
