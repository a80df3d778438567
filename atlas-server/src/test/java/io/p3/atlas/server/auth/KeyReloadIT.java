package io.p3.atlas.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The keys file is re-read while the server runs; a malformed new version leaves the old keys in force. */
class KeyReloadIT {
    static final String FIRST = UUID.randomUUID().toString();
    static final String SECOND = UUID.randomUUID().toString();
    static final Path KEYS = TestDatabase.newTempDir("atlas-keys-").resolve("keys");

    static {
        write("sha256:" + ApiKeys.sha256Hex(FIRST) + " publisher\n");
    }

    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2().env("ATLAS_API_KEYS_FILE", KEYS.toString());

    static void write(String content) {
        try {
            Path tmp = KEYS.resolveSibling("keys.tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, KEYS, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 401 when the key is refused; otherwise whatever the publisher call answers (it passed authentication). */
    static int authStatus(String key) {
        int status = server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/streams"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"s-" + UUID.randomUUID() + "\",\"title\":\"t\","
                        + "\"kind\":\"STREAM_KIND_LIVE\"}")).build()).statusCode();
        return status == 401 || status == 403 ? status : 200;
    }

    static int awaitStatus(String key, int want) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int s;
        while ((s = authStatus(key)) != want && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return s;
    }

    @Test
    void keysChangeWithoutARestartAndABadVersionIsRejected() throws Exception {
        assertEquals(200, authStatus(FIRST));
        assertEquals(401, authStatus(SECOND));

        write("sha256:" + ApiKeys.sha256Hex(FIRST) + " publisher\nsha256:" + ApiKeys.sha256Hex(SECOND) + " publisher\n");
        assertEquals(200, awaitStatus(SECOND, 200), "a new key works without a restart");

        write("sha256:" + ApiKeys.sha256Hex(SECOND) + " publisher\n");
        assertEquals(401, awaitStatus(FIRST, 401), "a removed key stops working");

        write("sha256:" + ApiKeys.sha256Hex(FIRST) + " publisher\nthis line is broken\n");
        Thread.sleep(3000);  // several reload checks (one per second)
        assertEquals(200, authStatus(SECOND), "the previous keys stay in force");
        assertEquals(401, authStatus(FIRST), "nothing of the malformed version is taken");
    }
}
