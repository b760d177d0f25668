package dev.portico.dataplane.tls;

import java.util.List;

/**
 * A TLS listener beside the cleartext one.
 *
 * @param port         0 picks a free port
 * @param certificates the certificate chains and private keys it serves, chosen by SNI when more than one; the
 *                     first for clients that name no server, or one no certificate has
 */
public record TlsListener(int port, List<TlsFiles> certificates) {
    public TlsListener {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a TLS listener needs a certificate");
        }
        certificates = List.copyOf(certificates);
    }

    public TlsListener(int port, TlsFiles files) {
        this(port, List.of(files));
    }

    public TlsListener withPort(int newPort) {
        return new TlsListener(newPort, certificates);
    }
}
