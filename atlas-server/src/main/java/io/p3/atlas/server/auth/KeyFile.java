package io.p3.atlas.server.auth;

import io.p3.atlas.server.config.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the keys file: one key per line, {@code sha256:<lower-case hex SHA-256 of the key> <role>
 * [<wallet_address> …]}; {@code #} starts a comment, blank lines are ignored. A malformed line fails the
 * whole file with one message naming the file, the line number and the problem (never echoing the
 * first word, which might be a raw key pasted by mistake).
 */
final class KeyFile {
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern WALLET = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private KeyFile() {
    }

    /** The keys by hash; throws {@link ConfigException} for the first malformed line. */
    static Map<String, ApiKey> parse(Path file, List<String> lines) {
        Map<String, ApiKey> keys = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            ApiKey key = parseLine(line, problem -> fail(file, lineNo, problem));
            Integer earlier = lineOf.putIfAbsent(key.sha256(), lineNo);
            if (earlier != null) {
                throw fail(file, lineNo, "the same key hash is already on line " + earlier);
            }
            keys.put(key.sha256(), key);
        }
        return Map.copyOf(keys);
    }

    private static ApiKey parseLine(String line, java.util.function.Function<String, ConfigException> fail) {
        String[] words = SPACES.split(line);
        if (!HASH.matcher(words[0]).matches()) {
            throw fail.apply("the first word must be sha256: followed by 64 lower-case hex digits"
                    + " (the SHA-256 of the key, never the key itself)");
        }
        if (words.length < 2) {
            throw fail.apply("a role must follow the hash (one of " + Role.allWords() + ")");
        }
        Optional<Role> role = Role.fromWord(words[1]);
        if (role.isEmpty()) {
            throw fail.apply("unknown role '" + printable(words[1]) + "' (expected one of " + Role.allWords() + ")");
        }
        Set<String> wallets = new LinkedHashSet<>();
        for (int w = 2; w < words.length; w++) {
            if (!WALLET.matcher(words[w]).matches()) {
                throw fail.apply("'" + printable(words[w]) + "' is not a wallet address (0x and 40 hex digits)");
            }
            wallets.add(words[w].toLowerCase(Locale.ROOT));
        }
        if (role.get() != Role.NODE && !wallets.isEmpty()) {
            throw fail.apply("only node keys list wallet addresses, this line's role is " + role.get().word());
        }
        if (role.get() == Role.NODE && wallets.isEmpty()) {
            throw fail.apply("a node key needs at least one wallet address after its role");
        }
        return new ApiKey(words[0].substring("sha256:".length()), role.get(), wallets);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String printable(String word) {
        String w = word.length() > 48 ? word.substring(0, 48) + "…" : word;
        return w.replaceAll("\\p{Cntrl}", "?");
    }

    private static ConfigException fail(Path file, int line, String problem) {
        return new ConfigException("ATLAS_API_KEYS_FILE " + file + " line " + line + ": " + problem);
    }
}
