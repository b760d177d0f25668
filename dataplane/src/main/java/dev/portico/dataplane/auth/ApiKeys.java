package dev.portico.dataplane.auth;

import dev.portico.snapshot.ApiKeyAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The API-key clients of one route, held only as SHA-256 hashes. A presented key is hashed and
 * compared in constant time with every client's hash (no early exit), so neither the comparison nor
 * the position of the matching client shows in the timing.
 */
final class ApiKeys {
    private static final System.Logger LOG = System.getLogger(ApiKeys.class.getName());

    private final ApiKeyAuth config;
    private final String[] ids;
    private final byte[][] hashes;

    ApiKeys(ApiKeyAuth config, String routeId) {
        this.config = config;
        List<String> idList = new ArrayList<>();
        List<byte[]> hashList = new ArrayList<>();
        for (ApiKeyAuth.Client c : config.clients()) {
            byte[] hash = parseHash(c.keySha256());
            if (hash == null) {
                LOG.log(System.Logger.Level.WARNING, "route {0}: auth.apiKeys client \"{1}\" has no valid SHA-256 "
                        + "hash; its key is refused", routeId, c.id());
                continue;
            }
            idList.add(c.id());
            hashList.add(hash);
        }
        this.ids = idList.toArray(String[]::new);
        this.hashes = hashList.toArray(byte[][]::new);
    }

    ApiKeyAuth config() {
        return config;
    }

    /** @return the id of the client whose key this is, or null */
    String clientFor(String presentedKey) {
        MessageDigest md = TokenCache.threadSha256();
        byte[] presented = md.digest(presentedKey.getBytes(StandardCharsets.UTF_8));
        String match = null;
        for (int i = 0; i < hashes.length; i++) {
            if (MessageDigest.isEqual(presented, hashes[i])) {
                match = ids[i];
            }
        }
        return match;
    }

    /** The RFC 7235 challenge that tells a client where the key goes. */
    String challenge() {
        return "ApiKey " + (config.in() == ApiKeyAuth.In.Query ? "query" : "header") + "=\"" + config.name() + "\"";
    }

    private static byte[] parseHash(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
