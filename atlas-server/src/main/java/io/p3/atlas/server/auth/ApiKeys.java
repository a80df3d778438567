package io.p3.atlas.server.auth;

import io.p3.atlas.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys in force. Read from {@code ATLAS_API_KEYS_FILE} at start-up (a malformed file stops
 * start-up) and again whenever its content changes: a malformed new version is rejected with a log line
 * and the previous keys stay in force. Only hashes are held; a presented key is hashed and looked up.
 * Without a file the server is open and {@link #enabled()} is false.
 */
public final class ApiKeys implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    /** Longer bearer tokens are not keys; they are refused without hashing. */
    static final int MAX_KEY_CHARS = 512;

    private final Optional<Path> file;
    private volatile Map<String, ApiKey> byHash;
    private volatile byte[] lastContent;
    private final ScheduledExecutorService reloader;

    private ApiKeys(Optional<Path> file, Map<String, ApiKey> byHash, byte[] content, ScheduledExecutorService reloader) {
        this.file = file;
        this.byHash = byHash;
        this.lastContent = content;
        this.reloader = reloader;
    }

    /** Loads the configured file (throws {@link ConfigException} when it is unreadable or malformed). */
    public static ApiKeys load(AuthConfig config) {
        if (config.keysFile().isEmpty()) {
            log.warn("ATLAS_API_KEYS_FILE is not set: the server runs OPEN and every write is unauthenticated"
                    + " (local development only; see the README to configure keys)");
            return new ApiKeys(Optional.empty(), Map.of(), new byte[0], null);
        }
        Path path = config.keysFile().get();
        byte[] content = read(path);
        Map<String, ApiKey> keys = KeyFile.parse(path, lines(content));
        ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atlas-api-keys-reload");
            t.setDaemon(true);
            return t;
        });
        ApiKeys apiKeys = new ApiKeys(Optional.of(path), keys, content, reloader);
        log.info("API keys: {} from {}", summary(keys), path);
        long ms = config.reloadPeriod().toMillis();
        reloader.scheduleWithFixedDelay(apiKeys::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
        return apiKeys;
    }

    /** Whether keys are configured; false means every call is allowed (open mode). */
    public boolean enabled() {
        return file.isPresent();
    }

    /** The key whose SHA-256 is on a line of the file, if {@code rawKey} is one. */
    public Optional<ApiKey> find(String rawKey) {
        if (rawKey == null || rawKey.isEmpty() || rawKey.length() > MAX_KEY_CHARS) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256Hex(rawKey)));
    }

    /** Re-reads the file if its bytes changed; package-private so tests can force a check. */
    void reloadIfChanged() {
        Path path = file.orElseThrow();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            log.warn("ATLAS_API_KEYS_FILE {} is gone; the previous keys stay in force", path);
            return;
        } catch (IOException | RuntimeException e) {
            log.warn("ATLAS_API_KEYS_FILE {} cannot be read ({}); the previous keys stay in force", path, e.toString());
            return;
        }
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        lastContent = content;
        try {
            Map<String, ApiKey> keys = KeyFile.parse(path, lines(content));
            byHash = keys;
            log.info("API keys reloaded: {} from {}", summary(keys), path);
        } catch (ConfigException e) {
            log.error("Rejected the new version of the keys file, the previous keys stay in force: {}", e.getMessage());
        }
    }

    static String sha256Hex(String rawKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(rawKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("ATLAS_API_KEYS_FILE " + path + " does not exist; create it (see the README)"
                    + " or unset ATLAS_API_KEYS_FILE");
        } catch (IOException e) {
            throw new ConfigException("ATLAS_API_KEYS_FILE " + path + " cannot be read: " + e.getMessage());
        }
    }

    private static List<String> lines(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).lines().toList();
    }

    private static String summary(Map<String, ApiKey> keys) {
        return keys.size() + " keys (" + keys.values().stream()
                .collect(Collectors.groupingBy(k -> k.role().word(), java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }
}
