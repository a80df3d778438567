package io.p3.atlas.server.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, started once per JVM from the installed binaries in a temp dir
 * on a free port (as the {@code postgres} OS user when running as root, since initdb refuses root),
 * and stopped at JVM exit. {@code ATLAS_TEST_DATABASE_URL} (a jdbc:postgresql:// or postgres:// URL
 * of a user allowed to CREATE DATABASE) replaces it. Each {@link #newDatabase()} is a fresh database.
 *
 * <p>Unavailable PostgreSQL skips the test, except under {@code CI=true}, where it fails.
 */
public final class EmbeddedPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres instance;
    private static String unavailableReason;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String baseDatabase;
    /** The server's files and binaries when this JVM started it; null for ATLAS_TEST_DATABASE_URL. */
    private final Cluster cluster;

    private EmbeddedPostgres(String host, int port, String user, String password, String baseDatabase,
                             Cluster cluster) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.baseDatabase = baseDatabase;
        this.cluster = cluster;
    }

    /** The shared server, started on first use; skips (or, under CI, fails) the test if impossible. */
    public static synchronized EmbeddedPostgres get() {
        if (instance == null && unavailableReason == null) {
            try {
                instance = fromEnv();
                if (instance == null) {
                    instance = startLocal();
                }
            } catch (Exception e) {
                unavailableReason = e.toString();
            }
        }
        if (instance == null) {
            unavailable(unavailableReason);
        }
        return instance;
    }

    /**
     * A server of the caller's own (never {@code ATLAS_TEST_DATABASE_URL}), for a test that stops and
     * starts it ({@link #stop()}, {@link #start()}); {@link #close()} removes it. Needs the PostgreSQL
     * server binaries: without them it skips (or, under CI, fails) the test.
     */
    public static EmbeddedPostgres dedicated() {
        try {
            return startLocal();
        } catch (Exception e) {
            unavailable(e.toString());
            throw new IllegalStateException(e);
        }
    }

    private static void unavailable(String reason) {
        String msg = "PostgreSQL is unavailable for tests: " + reason
                + " (install PostgreSQL server binaries or set ATLAS_TEST_DATABASE_URL)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
    }

    /** Stops this (dedicated) server the way an operator does ({@code pg_ctl stop -m fast}): sessions end. */
    public void stop() {
        cluster().ctl("stop", "-m", "fast");
    }

    /** Starts this (dedicated) server again, on the same port and files. */
    public void start() {
        cluster().ctl("start");
    }

    /** Stops this (dedicated) server and deletes its files; the shared one lives until the JVM exits. */
    public void close() {
        cluster().destroy();
    }

    private Cluster cluster() {
        if (cluster == null || this == instance) {
            throw new IllegalStateException("only a dedicated() server can be stopped, started or closed");
        }
        return cluster;
    }

    /** Creates an empty database and returns its {@code postgres://} URL (what DATABASE_URL takes). */
    public String newDatabase() {
        String name = "atlas_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl(baseDatabase), user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return "postgres://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/" + name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private static EmbeddedPostgres fromEnv() {
        String url = System.getenv("ATLAS_TEST_DATABASE_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        var parsed = io.p3.atlas.server.persistence.DatabaseUrl.parse(url);
        java.net.URI uri = java.net.URI.create(parsed.jdbcUrl().substring("jdbc:".length()));
        String db = uri.getPath().substring(1);
        return new EmbeddedPostgres(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                parsed.user(), parsed.password(), db, null);
    }

    private static EmbeddedPostgres startLocal() throws IOException, InterruptedException {
        Path bin = findBinDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        // The system temp dir, not the build's: the postgres OS user must be able to reach it.
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("atlas.system.tmpdir",
                System.getProperty("java.io.tmpdir"))), "atlas-pg-");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        Cluster cluster = new Cluster(bin, dir, freePort(), root);
        run(List.of(bin.resolve("initdb").toString(), "-D", cluster.data().toString(), "-U", "atlas", "-A", "trust",
                "-E", "UTF8", "--no-sync", "--locale=C"), root);
        cluster.ctl("start");
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroyAtExit, "embedded-postgres-stop"));
        return new EmbeddedPostgres("127.0.0.1", cluster.port(), "atlas", null, "postgres", cluster);
    }

    /** A server started from the installed binaries: its files under {@code dir}, on {@code port}. */
    private record Cluster(Path bin, Path dir, int port, boolean root) {
        Path data() {
            return dir.resolve("data");
        }

        /** {@code pg_ctl <action> -w …}; start uses this cluster's port, socket dir and test settings. */
        void ctl(String action, String... more) {
            List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(),
                    "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60"));
            if (action.equals("start")) {
                cmd.addAll(List.of("-o", "-p " + port + " -h 127.0.0.1 -k " + dir + " -c fsync=off"
                        + " -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB"));
            }
            cmd.add(action);
            cmd.addAll(List.of(more));
            try {
                run(cmd, root);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Stops the server at once if running and deletes its files (idempotent). */
        void destroy() {
            stopNow();
            deleteTree(dir);
        }

        /**
         * At JVM exit: stops the server and leaves the file removal to a background {@code rm -rf}
         * (deleting a cluster file by file in a shutdown hook took over 30 s, and failsafe killed the fork).
         */
        void destroyAtExit() {
            stopNow();
            removeInBackground(dir);
        }

        private void stopNow() {
            if (Files.exists(dir)) {
                try {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate",
                            "stop"), root);
                } catch (Exception ignored) {
                    // not running, or already gone
                }
            }
        }
    }

    private static Path findBinDir() throws IOException, InterruptedException {
        List<Path> candidates = new ArrayList<>();
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            Arrays.stream(versions)
                    .sorted(Comparator.comparing((File f) -> versionOf(f.getName())).reversed())
                    .forEach(f -> candidates.add(f.toPath().resolve("bin")));
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(p));
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
                return c;
            }
        }
        throw new IOException("no initdb/pg_ctl found under /usr/lib/postgresql/*/bin or on PATH");
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd).toLowerCase(Locale.ROOT).contains("initdb")
                    ? "initdb failed: " + out : "command failed: " + String.join(" ", cmd) + ": " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * Removes the cluster's directory (every test database: thousands of files) in a process that outlives
     * this JVM, so the test JVM exits at once instead of deleting file by file in its shutdown hook.
     */
    private static void removeInBackground(Path dir) {
        try {
            new ProcessBuilder("rm", "-rf", dir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir; best effort
        }
    }
}
