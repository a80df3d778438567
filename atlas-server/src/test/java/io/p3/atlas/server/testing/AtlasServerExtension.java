package io.p3.atlas.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.config.AtlasConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Boots the real server (all transports, real database) on port 0 for a test class:
 * {@code @RegisterExtension static AtlasServerExtension server = AtlasServerExtension.postgres();}.
 * A fresh database and data dir per class; a grpc-java channel and an HTTP client to call it.
 */
public final class AtlasServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final TestDatabase database;
    private final Map<String, String> env = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private AtlasServer server;
    private ManagedChannel channel;
    private Optional<String> databaseUrl;
    private Path dataDir;
    // HTTP/1.1: the JDK client's h2c connections can race the server's idle close (EOF on a reused
    // connection, no retry); its HTTP/1.1 pool drops connections the server closed.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AtlasServerExtension(TestDatabase database) {
        this.database = database;
    }

    public static AtlasServerExtension postgres() {
        return new AtlasServerExtension(TestDatabase.POSTGRES);
    }

    public static AtlasServerExtension h2() {
        return new AtlasServerExtension(TestDatabase.H2);
    }

    /** The server's clock (default: system UTC). */
    public AtlasServerExtension clock(Clock c) {
        this.clock = c;
        return this;
    }

    /** An environment variable for the server's config (ATLAS_*). */
    public AtlasServerExtension env(String name, String value) {
        env.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        databaseUrl = database.newDatabaseUrl();
        dataDir = TestDatabase.newTempDir("atlas-data-");
        server = AtlasServer.start(config(), clock);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    /** The config this extension's server runs with, on port 0; start another instance with it. */
    public AtlasConfig config() {
        Map<String, String> e = new HashMap<>();
        e.put("ATLAS_SHUTDOWN_GRACE", "PT1S"); // tests don't wait for idle keep-alive clients
        e.putAll(env);
        e.put("ATLAS_PORT", "0");
        e.put("ATLAS_DATA_DIR", dataDir.toString());
        databaseUrl.ifPresent(u -> e.put("DATABASE_URL", u));
        return AtlasConfig.fromEnv(e);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            EmbeddedPostgres.deleteTree(dataDir); // the H2 database and blobs of this class
        }
    }

    public AtlasServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:port} */
    public String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    /** A grpc-java (Netty) channel to the server, closed after the class. */
    public ManagedChannel channel() {
        return channel;
    }

    /** The DATABASE_URL the server uses (empty for H2). */
    public Optional<String> databaseUrl() {
        return databaseUrl;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** GET {@code path} (e.g. {@code /v1/nodes}); returns status and body. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUri() + path)).GET().build());
    }

    /** POST a JSON body to {@code path} with {@code content-type: application/json}. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUri() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
