package io.p3.atlas.server.auth;

import java.util.Locale;
import java.util.Set;

/**
 * One line of the keys file: the SHA-256 of a key (never the key), its role and, for a node key, the
 * wallets it may report for (lower-case).
 *
 * @param sha256  lower-case hex SHA-256 of the raw key
 * @param role    what the key may do
 * @param wallets lower-case wallet addresses (node keys only)
 */
public record ApiKey(String sha256, Role role, Set<String> wallets) {
    public ApiKey {
        wallets = Set.copyOf(wallets);
    }

    /** How rate limits and logs name this key: {@code sha256:<hex>}, as on its line of the keys file. */
    public String id() {
        return "sha256:" + sha256;
    }

    /** Whether this key may report for {@code wallet} (compared case-insensitively); admin keys may. */
    public boolean mayReportFor(String wallet) {
        return role == Role.ADMIN
                || (role == Role.NODE && wallet != null && wallets.contains(wallet.toLowerCase(Locale.ROOT)));
    }
}
