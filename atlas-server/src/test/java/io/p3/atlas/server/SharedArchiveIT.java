package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.JarProcess;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar} with the archive the build leaves beside the jar: the server runs in a child JVM that
 * maps it, and a kill -9 of the {@code java -jar} process ends the server as well (SIGTERM and start-up
 * errors through the child: GracefulShutdownIT, StartupErrorsIT).
 */
class SharedArchiveIT {

    @Test
    void theServerRunsFromTheArchiveAndDiesWithItsParent(@TempDir Path dataDir) throws Exception {
        try (JarProcess p = JarProcess.start(Map.of("ATLAS_PORT", "0", "ATLAS_DATA_DIR", dataDir.toString()))) {
            int port = p.awaitReady();
            List<ProcessHandle> children = p.handle().children().toList();
            assertEquals(1, children.size(), () -> "one server JVM: " + p.output());
            ProcessHandle server = children.get(0);
            String commandLine = server.info().commandLine().orElse("");
            assertTrue(commandLine.contains("-XX:SharedArchiveFile=") && commandLine.contains("atlas-server.jsa")
                    && commandLine.contains("-Xmx256m"), commandLine);

            p.kill9();
            server.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(refused(port), "nothing listens on the server's port anymore");
        }
    }

    static boolean refused(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }
}
