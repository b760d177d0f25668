package dev.portico.dataplane.tls;

import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;

/**
 * The certificates one TLS listener serves, as read. With more than one, a handshake gets the certificate whose
 * names match the server name the client asked for (SNI); the first is served to clients that name none, or a
 * name no certificate has. Equal when every pair's bytes are.
 */
public record CertificateSet(List<CertificatePair> pairs) {
    public CertificateSet {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a TLS listener needs a certificate");
        }
        pairs = List.copyOf(pairs);
    }

    /** @throws IllegalArgumentException as {@link TlsFiles#read}, for the first pair refused */
    public static CertificateSet read(List<TlsFiles> files) {
        return new CertificateSet(files.stream().map(TlsFiles::read).toList());
    }

    /** Whether handshakes choose among several certificates by server name. */
    public boolean bySni() {
        return pairs.size() > 1;
    }

    public PemKeyCertOptions keyCertOptions() {
        PemKeyCertOptions options = new PemKeyCertOptions();
        for (CertificatePair pair : pairs) {
            options.addCertValue(pair.certificate()).addKeyValue(pair.key());
        }
        return options;
    }
}
