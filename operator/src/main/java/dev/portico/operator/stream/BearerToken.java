package dev.portico.operator.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** The shared secret data planes present as {@code Authorization: Bearer <token>}. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the stream token must not be empty");
        }
        this.expected = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the token file; surrounding whitespace (a trailing newline) is not part of the token. */
    public static BearerToken fromFile(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8);
            if (token.isBlank()) {
                throw new IllegalArgumentException("--token-file " + file + " is empty");
            }
            return new BearerToken(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --token-file " + file, e);
        }
    }

    /** Constant-time comparison, so the response time says nothing about how much of the token was right. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented = authorizationHeader.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented);
    }
}
