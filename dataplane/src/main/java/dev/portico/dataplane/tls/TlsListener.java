package dev.portico.dataplane.tls;

/**
 * A TLS listener beside the cleartext one.
 *
 * @param port  0 picks a free port
 * @param files the certificate chain and private key it serves
 */
public record TlsListener(int port, TlsFiles files) {
    public TlsListener withPort(int newPort) {
        return new TlsListener(newPort, files);
    }
}
