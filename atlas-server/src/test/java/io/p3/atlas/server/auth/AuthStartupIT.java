package io.p3.atlas.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.JarProcess;
import io.p3.atlas.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar: a malformed keys file stops start-up with one line; no file runs open with a warning. */
class AuthStartupIT {
    @Test
    void malformedKeysFileExitsWithCode2AndOneLineNamingFileAndLine() throws Exception {
        Path dir = TestDatabase.newTempDir("atlas-keys-");
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "# ops\nsha256:" + "a".repeat(64) + " admin\nsha256:" + "b".repeat(64) + " wizard\n");
        try (JarProcess p = JarProcess.start(Map.of("ATLAS_PORT", "0", "ATLAS_DATA_DIR", dir.resolve("data").toString(),
                "ATLAS_API_KEYS_FILE", keys.toString()))) {
            assertEquals(2, p.awaitExit(), () -> "exit code; output: " + p.output());
            List<String> out = p.output();
            assertFalse(out.stream().anyMatch(l -> l.startsWith("\tat ")), () -> "no stack trace: " + out);
            assertEquals("atlas: cannot start: ATLAS_API_KEYS_FILE " + keys + " line 3: unknown role 'wizard'"
                    + " (expected one of admin, publisher, node, reader)", out.get(out.size() - 1));
        }
    }

    @Test
    void malformedRateLimitExitsWithCode2() throws Exception {
        try (JarProcess p = JarProcess.start(Map.of("ATLAS_PORT", "0", "ATLAS_RATE_LIMIT_READ", "lots",
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-rl-").toString()))) {
            assertEquals(2, p.awaitExit(), () -> "exit code; output: " + p.output());
            String line = p.output().get(p.output().size() - 1);
            assertTrue(line.startsWith("atlas: cannot start: ATLAS_RATE_LIMIT_READ must look like 600/1m"), line);
        }
    }

    @Test
    void withoutAKeysFileTheServerWarnsThatWritesAreUnauthenticated() throws Exception {
        try (JarProcess p = JarProcess.start(Map.of("ATLAS_PORT", "0",
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-open-").toString()))) {
            p.awaitReady();
            assertEquals(1, p.output().stream().filter(l -> l.contains("WARN")
                    && l.contains("ATLAS_API_KEYS_FILE is not set") && l.contains("unauthenticated")).count(), p.output()::toString);
        }
    }
}
