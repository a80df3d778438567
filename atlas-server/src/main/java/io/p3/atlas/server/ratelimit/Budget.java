package io.p3.atlas.server.ratelimit;

import io.p3.atlas.v1.Access;
import java.util.Locale;
import java.util.Optional;

/** The two budgets every client has: public reads, and everything else (writes). */
public enum Budget {
    READ, WRITE;

    /** {@code read} / {@code write}: header policy names, metric labels, RPC fields. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Public RPCs and routes spend read tokens; everything that needs a key spends write tokens. */
    public static Budget of(Access access) {
        return access == Access.ACCESS_PUBLIC ? READ : WRITE;
    }

    static Optional<Budget> fromLabel(String label) {
        for (Budget b : values()) {
            if (b.label().equals(label)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
