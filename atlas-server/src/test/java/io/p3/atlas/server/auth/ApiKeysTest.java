package io.p3.atlas.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    static String line(String rawKey, String roleAndWallets) {
        return "sha256:" + ApiKeys.sha256Hex(rawKey) + " " + roleAndWallets + "\n";
    }

    @Test
    void findsKeysByTheirHashOnly() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, line("k-admin", "admin") + line("k-reader", "reader"));
        try (ApiKeys keys = ApiKeys.load(new AuthConfig(Optional.of(file), Duration.ofHours(1)))) {
            assertTrue(keys.enabled());
            assertEquals(Role.ADMIN, keys.find("k-admin").orElseThrow().role());
            assertEquals(Role.READER, keys.find("k-reader").orElseThrow().role());
            assertTrue(keys.find("k-unknown").isEmpty());
            assertTrue(keys.find("").isEmpty());
            assertTrue(keys.find("x".repeat(ApiKeys.MAX_KEY_CHARS + 1)).isEmpty());
            assertFalse(Files.readString(file).contains("k-admin"), "the file holds hashes only");
        }
    }

    @Test
    void reloadsAChangedFileAndKeepsThePreviousKeysWhenTheNewVersionIsMalformed() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, line("k1", "publisher"));
        try (ApiKeys keys = ApiKeys.load(new AuthConfig(Optional.of(file), Duration.ofHours(1)))) {
            Files.writeString(file, line("k1", "publisher") + line("k2", "admin"));
            keys.reloadIfChanged();
            assertEquals(Role.ADMIN, keys.find("k2").orElseThrow().role(), "added key in force");

            Files.writeString(file, line("k3", "admin") + "sha256:nothex admin\n");
            keys.reloadIfChanged();
            assertTrue(keys.find("k3").isEmpty(), "a malformed version is rejected whole");
            assertTrue(keys.find("k2").isPresent(), "the previous keys stay in force");

            Files.delete(file);
            keys.reloadIfChanged();
            assertTrue(keys.find("k1").isPresent(), "a deleted file keeps the previous keys");

            Files.writeString(file, line("k3", "reader"));
            keys.reloadIfChanged();
            assertTrue(keys.find("k1").isEmpty(), "removed key refused");
            assertEquals(Role.READER, keys.find("k3").orElseThrow().role());
        }
    }

    @Test
    void theFileIsWatchedWithoutARestart() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, line("w1", "reader"));
        try (ApiKeys keys = ApiKeys.load(new AuthConfig(Optional.of(file), Duration.ofMillis(50)))) {
            Files.writeString(file, line("w2", "reader"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (keys.find("w2").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(keys.find("w2").isPresent());
        }
    }

    @Test
    void malformedOrMissingFileAtStartUpIsAConfigError() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# ok\n" + line("a", "admin") + "sha256:" + "c".repeat(64) + " superuser\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ApiKeys.load(new AuthConfig(Optional.of(file), Duration.ofHours(1))));
        assertEquals("ATLAS_API_KEYS_FILE " + file + " line 3: unknown role 'superuser' (expected one of admin,"
                + " publisher, node, reader)", e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ApiKeys.load(new AuthConfig(Optional.of(dir.resolve("nope")), Duration.ofHours(1))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void withoutAFileTheServerIsOpen() {
        try (ApiKeys keys = ApiKeys.load(new AuthConfig(Optional.empty(), Duration.ofHours(1)))) {
            assertFalse(keys.enabled());
            assertEquals(AccessPolicy.Outcome.OPEN, AccessPolicy.decide(io.p3.atlas.v1.Access.ACCESS_ADMIN,
                    Caller.identify(null, keys), keys.enabled()));
        }
    }
}
