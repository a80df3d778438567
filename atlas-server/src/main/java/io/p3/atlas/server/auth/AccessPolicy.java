package io.p3.atlas.server.auth;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.v1.Access;
import java.util.Optional;

/** Decides whether a caller may make a call of a given access level. */
public final class AccessPolicy {
    /** The outcome of a decision, also the {@code outcome} label of the auth metric. */
    public enum Outcome {
        /** No keys configured: everything is allowed. */
        OPEN,
        /** A public call. */
        PUBLIC,
        /** A valid key of a role the call accepts. */
        ALLOWED,
        /** No key, or a key not in the keys file. */
        UNAUTHENTICATED,
        /** A valid key of the wrong role (or a node key reporting for another wallet). */
        PERMISSION_DENIED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean allowed() {
            return this == OPEN || this == PUBLIC || this == ALLOWED;
        }
    }

    private AccessPolicy() {
    }

    /** An undeclared or unknown access level is ADMIN: deny by default. */
    public static Access effective(Access declared) {
        return declared == null || declared == Access.ACCESS_UNSPECIFIED || declared == Access.UNRECOGNIZED
                ? Access.ACCESS_ADMIN : declared;
    }

    public static Outcome decide(Access access, Caller caller, boolean keysEnabled) {
        if (!keysEnabled) {
            return Outcome.OPEN;
        }
        Access a = effective(access);
        if (a == Access.ACCESS_PUBLIC) {
            return Outcome.PUBLIC;
        }
        if (caller.key().isEmpty()) {
            return Outcome.UNAUTHENTICATED;
        }
        Role role = caller.key().get().role();
        boolean ok = switch (a) {
            case ACCESS_ANY_KEY -> true;
            case ACCESS_NODE -> role == Role.NODE || role == Role.ADMIN;
            case ACCESS_PUBLISHER -> role == Role.PUBLISHER || role == Role.ADMIN;
            default -> role == Role.ADMIN;
        };
        return ok ? Outcome.ALLOWED : Outcome.PERMISSION_DENIED;
    }

    /** The caller-facing error for a refused decision (never echoes the key). */
    public static AtlasException refusal(Outcome outcome, Access access, Caller caller) {
        if (outcome == Outcome.UNAUTHENTICATED) {
            return new AtlasException(ErrorCode.UNAUTHENTICATED, caller.presentedKey()
                    ? "the API key is not valid (send authorization: Bearer <key> with a key from the keys file)"
                    : "this call needs an API key: send authorization: Bearer <key>");
        }
        Optional<Role> role = caller.key().map(ApiKey::role);
        return new AtlasException(ErrorCode.PERMISSION_DENIED, "this call needs " + needs(effective(access))
                + "; this key's role is " + role.map(Role::word).orElse("none"));
    }

    /** The refusal of a node key reporting for a wallet not on its line. */
    public static AtlasException walletRefusal(String wallet) {
        return new AtlasException(ErrorCode.PERMISSION_DENIED, "this key may not report for wallet_address '"
                + shorten(wallet) + "': it is not among the wallets on the key's line");
    }

    private static String needs(Access a) {
        return switch (a) {
            case ACCESS_ANY_KEY -> "a valid API key";
            case ACCESS_NODE -> "a node or admin key";
            case ACCESS_PUBLISHER -> "a publisher or admin key";
            default -> "an admin key";
        };
    }

    private static String shorten(String s) {
        String v = s == null ? "" : s;
        return v.length() > 64 ? v.substring(0, 64) + "…" : v;
    }
}
