package dev.portico.dataplane.admin;

import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;

/** The snapshot as /config shows it: JWKS key material and API-key hashes replaced. */
public final class RedactedSnapshot {
    static final String REDACTED = "<redacted>";

    private RedactedSnapshot() {
    }

    public static Snapshot of(Snapshot s) {
        return new Snapshot(s.gateway(), s.version(), s.routes().stream().map(RedactedSnapshot::route).toList(),
                s.clusters());
    }

    private static Route route(Route r) {
        if (r.auth() == null) {
            return r;
        }
        JwtAuth jwt = r.auth().jwt();
        if (jwt != null && jwt.jwks() != null) {
            jwt = new JwtAuth(jwt.issuer(), jwt.audiences(), REDACTED, jwt.jwksUri(), jwt.claimsToHeaders(),
                    jwt.forwardToken());
        }
        ApiKeyAuth keys = r.auth().apiKeys();
        if (keys != null) {
            keys = new ApiKeyAuth(keys.in(), keys.name(), keys.clients().stream()
                    .map(c -> new ApiKeyAuth.Client(c.id(), REDACTED)).toList());
        }
        return new Route(r.namespace(), r.name(), r.generation(), r.creationTimestamp(), r.hosts(),
                new Auth(jwt, keys), r.cors(), r.rules());
    }
}
