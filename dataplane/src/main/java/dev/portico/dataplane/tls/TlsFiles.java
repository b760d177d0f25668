package dev.portico.dataplane.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.impl.KeyStoreHelper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The two files of a TLS listener, as a {@code kubernetes.io/tls} Secret mounts them ({@code tls.crt},
 * {@code tls.key}). {@link #read} refuses a pair a handshake would fail with, naming the flag and file,
 * so a bad Secret stops the start (or a rotation) instead of every later handshake.
 */
public record TlsFiles(Path certFile, Path keyFile) {
    static final String CERT_FLAG = "--tls-cert-file";
    static final String KEY_FLAG = "--tls-key-file";
    private static final byte[] PROBE = "portico key check".getBytes(StandardCharsets.US_ASCII);

    /** @throws IllegalArgumentException naming the flag and file: missing, unreadable, not PEM, or not a pair */
    public CertificatePair read() {
        Buffer cert = Buffer.buffer(bytes(CERT_FLAG, certFile));
        Buffer key = Buffer.buffer(bytes(KEY_FLAG, keyFile));
        Certificate leaf = leaf(cert);
        PrivateKey privateKey = privateKey(cert, key);
        if (!signs(privateKey, leaf.getPublicKey())) {
            throw new IllegalArgumentException(KEY_FLAG + " " + keyFile + ": does not match the certificate in "
                    + CERT_FLAG + " " + certFile);
        }
        return new CertificatePair(cert, key);
    }

    private static byte[] bytes(String flag, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + ": cannot be read (" + e + ")");
        }
    }

    /** The first certificate of the chain: the one whose key the private key must be. */
    private Certificate leaf(Buffer cert) {
        Collection<? extends Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(cert.getBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(CERT_FLAG + " " + certFile + ": not a PEM certificate chain ("
                    + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(CERT_FLAG + " " + certFile + ": no PEM certificate in it");
        }
        return chain.iterator().next();
    }

    /** Parsed as Vert.x will serve it: PKCS#8, or PKCS#1 RSA as cert-manager writes by default. */
    private PrivateKey privateKey(Buffer cert, Buffer key) {
        try {
            KeyStore store = KeyStoreHelper.loadKeyCert(List.of(key), List.of(cert));
            char[] password = KeyStoreHelper.DUMMY_PASSWORD.toCharArray();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getKey(alias, password) instanceof PrivateKey k) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no private key in it");
        } catch (Exception e) {
            throw new IllegalArgumentException(KEY_FLAG + " " + keyFile + ": not a PEM private key ("
                    + e.getMessage() + ")");
        }
    }

    /** The key signs what the certificate's public key verifies: they are one pair. */
    private static boolean signs(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign under their own name
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another kind than the certificate's
        }
    }
}
