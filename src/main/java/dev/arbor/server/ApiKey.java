package dev.arbor.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The API key a client must present as {@code Authorization: Bearer <key>}. The check runs in constant time
 * (on SHA-256 digests, so the key's length does not leak either); {@link #toString()} never shows the key.
 */
final class ApiKey {
    private final byte[] digest;

    ApiKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("An API key cannot be empty.");
        }
        this.digest = sha256(key);
    }

    /** A new random key: 32 bytes as 64 hex digits, prefixed so people can tell what it is. */
    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "arbor_" + HexFormat.of().formatHex(bytes);
    }

    /** True when the {@code Authorization} header value carries this key as a bearer token. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256.", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[hidden]";
    }
}
