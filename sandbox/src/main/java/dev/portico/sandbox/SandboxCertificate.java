package dev.portico.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * The sandbox gateway's HTTPS certificate: self-signed for {@code localhost} and {@code 127.0.0.1}, in the sandbox folder as
 * {@code tls.crt} and {@code tls.key} (PEM, as a {@code kubernetes.io/tls} Secret mounts them), so that clients
 * can be pointed at it ({@code curl --cacert .portico/tls.crt}) or told not to check ({@code curl -k}). Kept from one
 * start to the next while it is valid for another day: a client told to trust it keeps working, and the start does
 * not wait for a new RSA key.
 */
record SandboxCertificate(Path cert, Path key) {
    private static final String STORE_PASS = "sandbox"; // a store that lives for a moment in the sandbox folder

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
            return namesLocalhost(x509); // one made before the sandbox put in subject alternative names is made anew
        } catch (IOException | GeneralSecurityException | ClassCastException unusable) {
            return false; // made anew
        }
    }

    private static boolean namesLocalhost(X509Certificate x509) throws GeneralSecurityException {
        Collection<List<?>> names = x509.getSubjectAlternativeNames();
        return names != null && names.stream().anyMatch(n -> "localhost".equals(n.get(1)));
    }

    private static SandboxCertificate create(Path dir) throws IOException {
        Path store = Files.createTempFile(dir, "tls", ".p12");
        try {
            KeyStore.PrivateKeyEntry made = selfSigned(store);
            Path cert = Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", made.getCertificate().getEncoded()));
            Path key = dir.resolve("tls.key");
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem("PRIVATE KEY", made.getPrivateKey().getEncoded())); // PKCS#8
            return new SandboxCertificate(cert, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not make the sandbox's TLS certificate: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(store);
        }
    }

    /**
     * The JDK's keytool makes the key pair and a certificate that names {@code localhost} and {@code 127.0.0.1} as
     * subject alternative names (clients such as Go's and browsers ignore the CN); no library is needed for it.
     */
    private static KeyStore.PrivateKeyEntry selfSigned(Path store) throws IOException, GeneralSecurityException {
        Files.delete(store); // keytool makes the store itself
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sandbox", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "365", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASS, "-keypass", STORE_PASS).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(keytool + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the sandbox's TLS certificate", e);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASS.toCharArray());
        }
        return (KeyStore.PrivateKeyEntry) keys.getEntry("sandbox",
                new KeyStore.PasswordProtection(STORE_PASS.toCharArray()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
