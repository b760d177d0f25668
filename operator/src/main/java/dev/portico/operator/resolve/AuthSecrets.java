package dev.portico.operator.resolve;

import dev.portico.snapshot.ApiKeyAuth;
import io.fabric8.kubernetes.api.model.Secret;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Secrets routes name for authentication: JWK Sets and API keys, read and checked here. */
public final class AuthSecrets {

    public static final String DEFAULT_JWKS_KEY = "jwks.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<ObjectRef, Secret> secrets = new HashMap<>();

    public AuthSecrets(Collection<Secret> secrets) {
        secrets.forEach(s -> this.secrets.put(ObjectRef.of(s), s));
    }

    /** A JWK Set JSON document, or why there is none. */
    public record Jwks(String json, RefProblem problem) {
    }

    /** The API-key clients with their keys already hashed, or why there are none. */
    public record ApiKeys(List<ApiKeyAuth.Client> clients, RefProblem problem) {
        public ApiKeys {
            clients = List.copyOf(clients);
        }
    }

    public Jwks jwks(String namespace, String secretName, String key) {
        String dataKey = key == null || key.isEmpty() ? DEFAULT_JWKS_KEY : key;
        ObjectRef ref = new ObjectRef(namespace, secretName);
        Secret secret = secrets.get(ref);
        if (secret == null) {
            return new Jwks(null, new RefProblem(RefProblem.SECRET_NOT_FOUND, "secret " + ref + " not found"));
        }
        Map<String, byte[]> data;
        try {
            data = dataOf(secret);
        } catch (IllegalArgumentException e) {
            return new Jwks(null, invalid(ref, "data is not valid base64"));
        }
        byte[] raw = data.get(dataKey);
        if (raw == null) {
            return new Jwks(null, invalid(ref, "has no key " + dataKey));
        }
        String problem = jwksProblem(raw);
        if (problem != null) {
            return new Jwks(null, invalid(ref, "key " + dataKey + ": " + problem));
        }
        // Compact form: reformatting the Secret must not change the snapshot's content hash.
        return new Jwks(JSON.writeValueAsString(JSON.readTree(raw)), null);
    }

    public ApiKeys apiKeys(String namespace, String secretName) {
        ObjectRef ref = new ObjectRef(namespace, secretName);
        Secret secret = secrets.get(ref);
        if (secret == null) {
            return new ApiKeys(List.of(), new RefProblem(RefProblem.SECRET_NOT_FOUND, "secret " + ref + " not found"));
        }
        Map<String, byte[]> data;
        try {
            data = dataOf(secret);
        } catch (IllegalArgumentException e) {
            return new ApiKeys(List.of(), invalid(ref, "data is not valid base64"));
        }
        List<ApiKeyAuth.Client> clients = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : data.entrySet()) {
            // Header values lose surrounding whitespace on the wire, so a key file's trailing newline must not count.
            String key = new String(entry.getValue(), StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                return new ApiKeys(List.of(), invalid(ref, "key " + entry.getKey() + " is empty"));
            }
            clients.add(new ApiKeyAuth.Client(entry.getKey(), sha256Hex(key)));
        }
        if (clients.isEmpty()) {
            return new ApiKeys(List.of(), invalid(ref, "holds no API keys"));
        }
        return new ApiKeys(clients, null);
    }

    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** data (base64) overlaid with stringData, as the API server merges them on write. */
    private static Map<String, byte[]> dataOf(Secret secret) {
        Map<String, byte[]> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getMimeDecoder().decode(v == null ? "" : v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, (v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }

    private static String jwksProblem(byte[] raw) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (RuntimeException e) {
            return "not valid JSON";
        }
        if (root == null || !root.isObject() || !root.path("keys").isArray()) {
            return "not a JWK Set (an object with a \"keys\" array)";
        }
        JsonNode keys = root.get("keys");
        if (keys.isEmpty()) {
            return "the JWK Set has no keys";
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).isObject() || !keys.get(i).path("kty").isString()) {
                return "keys[" + i + "] has no \"kty\"";
            }
        }
        return null;
    }

    private static RefProblem invalid(ObjectRef ref, String what) {
        return new RefProblem(RefProblem.INVALID_SECRET, "secret " + ref + " " + what);
    }
}
