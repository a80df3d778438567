package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.JarProcess;
import io.p3.atlas.server.testing.TestDatabase;
import io.p3.atlas.server.testing.TestS3;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up failures end the real process with one clear line, not a stack trace. */
class StartupErrorsIT {

    private static List<String> failedStart(Map<String, String> env) throws Exception {
        try (JarProcess p = JarProcess.start(env)) {
            assertEquals(2, p.awaitExit(), () -> "exit code; output: " + p.output());
            List<String> out = p.output();
            assertFalse(out.stream().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread")),
                    () -> "no stack trace: " + out);
            return out;
        }
    }

    @Test
    void malformedDatabaseUrl() throws Exception {
        List<String> out = failedStart(Map.of("ATLAS_PORT", "0", "DATABASE_URL", "mysql://u:hunter2@h/db",
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-bad-").toString()));
        String line = out.get(out.size() - 1);
        assertTrue(line.startsWith("atlas: cannot start: DATABASE_URL must look like postgres://"), line);
        assertFalse(String.join("\n", out).contains("hunter2"), "password is never printed");
    }

    @Test
    void unreachableDatabase() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> out = failedStart(Map.of("ATLAS_PORT", "0",
                "DATABASE_URL", "postgres://atlas:pw@127.0.0.1:" + closedPort + "/atlas",
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-bad-").toString()));
        String line = out.get(out.size() - 1);
        assertTrue(line.startsWith("atlas: cannot start: cannot connect to PostgreSQL"), line);
        assertTrue(line.contains("check DATABASE_URL"), line);
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("0.0.0.0", 0));
            List<String> out = failedStart(Map.of("ATLAS_PORT", Integer.toString(busy.getLocalPort()),
                    "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-busy-").toString()));
            String line = out.get(out.size() - 1);
            assertTrue(line.contains("port " + busy.getLocalPort() + " is already in use"), line);
            assertTrue(line.contains("ATLAS_PORT"), line);
        }
    }

    @Test
    void missingBucket() throws Exception {
        Map<String, String> env = new HashMap<>(TestS3.get().env("no-such-bucket"));
        env.putAll(Map.of("ATLAS_PORT", "0", "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-s3-").toString(),
                "AWS_ACCESS_KEY_ID", TestS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", TestS3.SECRET_KEY));
        List<String> out = failedStart(env);
        String line = out.get(out.size() - 1);
        assertTrue(line.startsWith("atlas: cannot start: the S3 bucket 'no-such-bucket' at "
                + TestS3.get().endpoint() + " does not exist"), line);
        assertTrue(line.contains("ATLAS_S3_BUCKET"), line);
        assertFalse(String.join("\n", out).contains(TestS3.SECRET_KEY), "the secret is never printed");
    }

    @Test
    void malformedPort() throws Exception {
        List<String> out = failedStart(Map.of("ATLAS_PORT", "eighty"));
        assertTrue(out.get(out.size() - 1).contains("ATLAS_PORT must be an integer"), out.toString());
    }
}
