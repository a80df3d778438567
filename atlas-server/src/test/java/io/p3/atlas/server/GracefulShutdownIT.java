package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.JarProcess;
import io.p3.atlas.server.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIGTERM stops the packaged server gracefully; its embedded data is there on the next start. */
class GracefulShutdownIT {
    static final String WALLET = "0x8888888888888888888888888888888888888888";

    @Test
    void sigtermStopsCleanlyAndDataSurvives() throws Exception {
        Map<String, String> env = Map.of("ATLAS_PORT", "0",
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-term-").toString());
        HttpClient http = HttpClient.newHttpClient();
        try (JarProcess first = JarProcess.start(env)) {
            int port = first.awaitReady();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/nodes/" + WALLET + ":trackContentServed"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"bytes\":\"42\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            int code = first.terminate();
            assertTrue(code == 0 || code == 143, () -> "exit code " + code + ": " + first.output());
            assertTrue(first.output().stream().anyMatch(l -> l.contains("Atlas Transport stopped")),
                    () -> "graceful stop logged: " + first.output());
        }
        try (JarProcess second = JarProcess.start(env)) {
            int port = second.awaitReady();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/nodes/" + WALLET)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"bytesServed\":\"42\""), r.body());
        }
    }
}
