package io.p3.atlas.server.node;

import io.p3.atlas.server.error.AtlasException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Wallet addresses: {@code 0x} and 40 hex digits, any case in, lower case stored and returned. */
public final class WalletAddress {
    private static final Pattern FORMAT = Pattern.compile("0[xX][0-9a-fA-F]{40}");

    private WalletAddress() {
    }

    /** The lower-case form of {@code raw}, or INVALID_ARGUMENT naming {@code field}. */
    public static String normalize(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            throw AtlasException.invalidArgument(field, field + " is required: 0x followed by 40 hex digits");
        }
        if (!FORMAT.matcher(raw).matches()) {
            String shown = raw.length() > 50 ? raw.substring(0, 50) + "…" : raw;
            throw AtlasException.invalidArgument(field,
                    field + " must be 0x followed by 40 hex digits, got '" + shown + "'");
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    /** True if {@code raw} is a well-formed wallet address in any case. */
    public static boolean isValid(String raw) {
        return raw != null && FORMAT.matcher(raw).matches();
    }
}
