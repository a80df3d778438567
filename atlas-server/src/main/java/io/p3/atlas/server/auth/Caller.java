package io.p3.atlas.server.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Who is calling, from the {@code authorization: Bearer <key>} header (gRPC metadata, gRPC-Web and HTTP
 * headers alike).
 *
 * @param presentedKey whether an {@code authorization} header was sent at all
 * @param key          the valid key, if the presented one is on a line of the keys file
 */
public record Caller(boolean presentedKey, Optional<ApiKey> key) {
    private static final String BEARER = "bearer ";

    public static Caller identify(String authorization, ApiKeys keys) {
        if (authorization == null || authorization.isBlank()) {
            return new Caller(false, Optional.empty());
        }
        String value = authorization.strip();
        if (value.length() <= BEARER.length() || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return new Caller(true, Optional.empty());
        }
        return new Caller(true, keys.find(value.substring(BEARER.length()).strip()));
    }
}
