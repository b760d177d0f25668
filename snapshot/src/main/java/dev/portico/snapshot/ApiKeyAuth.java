package dev.portico.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * API-key authentication. Keys travel and are held only as SHA-256 hashes.
 *
 * @param in   where the key is read from
 * @param name header or query parameter name
 */
public record ApiKeyAuth(In in, String name, List<Client> clients) {

    public enum In { Header, Query }

    /** One client: its id (the Secret's data key) and the hex SHA-256 of its key. */
    public record Client(String id, String keySha256) {
        @Override
        public String toString() {
            return "Client[id=" + id + ", keySha256=<redacted>]";
        }
    }

    public ApiKeyAuth {
        if (in == null) {
            in = In.Header;
        }
        if (name == null || name.isEmpty()) {
            name = "X-Api-Key";
        }
        clients = Canonical.sorted(clients, Comparator.comparing(Client::id));
    }
}
