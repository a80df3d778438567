package io.p3.atlas.server.auth;

/** Test access to the key hashing used by the keys file (sha256 hex of the raw key). */
public final class ApiKeysAccess {
    private ApiKeysAccess() {
    }

    public static String hash(String rawKey) {
        return ApiKeys.sha256Hex(rawKey);
    }
}
