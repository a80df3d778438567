package io.p3.atlas.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.config.AtlasConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Boots the real server (all transports, real database) on port 0 for a test class:
 * {@code @RegisterExtension static AtlasServerExtension server = AtlasServerExtension.postgres();}.
 * A fresh database and data dir per class; a grpc-java channel and an HTTP client to call it.
 *
 * <p>Blobs go to files under the data dir, or to a fresh bucket on s3proxy ({@link #blobStore}). With
 * {@link #onEachBlobStore()} on a {@code @ClassTemplate} class, the whole class runs twice, once per
 * blob store, each run on its own fresh server, database and bucket.
 */
public final class AtlasServerExtension implements BeforeAllCallback, AfterAllCallback,
        ClassTemplateInvocationContextProvider {
    /** Where the server keeps blobs. */
    public enum Blobs {
        FILE, S3
    }

    /** Makes the fresh database of each run: a DATABASE_URL, or empty for H2. */
    private final Supplier<Optional<String>> newDatabaseUrl;
    private final Map<String, String> env = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private Blobs blobs = Blobs.FILE;
    private boolean eachBlobStore;
    private String bucket;
    private AtlasServer server;
    private ManagedChannel channel;
    private Optional<String> databaseUrl;
    private Path dataDir;
    // HTTP/1.1: the JDK client's h2c connections can race the server's idle close (EOF on a reused
    // connection, no retry); its HTTP/1.1 pool drops connections the server closed.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AtlasServerExtension(Supplier<Optional<String>> newDatabaseUrl) {
        this.newDatabaseUrl = newDatabaseUrl;
    }

    public static AtlasServerExtension postgres() {
        return new AtlasServerExtension(TestDatabase.POSTGRES::newDatabaseUrl);
    }

    public static AtlasServerExtension h2() {
        return new AtlasServerExtension(TestDatabase.H2::newDatabaseUrl);
    }

    /**
     * A server on PostgreSQL, in a database {@code newDatabase} creates when the server starts (e.g. on a
     * {@link EmbeddedPostgres#dedicated()} server that the test stops and starts).
     */
    public static AtlasServerExtension postgres(Supplier<String> newDatabase) {
        return new AtlasServerExtension(() -> Optional.of(newDatabase.get()));
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

    /** Where the server keeps blobs (default: files under its data dir). */
    public AtlasServerExtension blobStore(Blobs b) {
        this.blobs = b;
        return this;
    }

    /** Runs the {@code @ClassTemplate} test class once per blob store (files, then S3 on s3proxy). */
    public AtlasServerExtension onEachBlobStore() {
        this.eachBlobStore = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!eachBlobStore) {
            start();
        }
    }

    private void start() {
        databaseUrl = newDatabaseUrl.get();
        dataDir = TestDatabase.newTempDir("atlas-data-");
        bucket = blobs == Blobs.S3 ? TestS3.get().newBucket() : null;
        server = AtlasServer.start(config(), clock);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return eachBlobStore;
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(Blobs.values()).map(b -> new ClassTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return b.name().toLowerCase(Locale.ROOT) + " blob store";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of((BeforeClassTemplateInvocationCallback) c -> {
                    blobs = b;
                    start();
                }, (AfterClassTemplateInvocationCallback) c -> stop());
            }
        });
    }

    /** The config this extension's server runs with, on port 0; start another instance with it. */
    public AtlasConfig config() {
        Map<String, String> e = new HashMap<>();
        e.put("ATLAS_SHUTDOWN_GRACE", "PT1S"); // tests don't wait for idle keep-alive clients
        e.putAll(env);
        e.put("ATLAS_PORT", "0");
        e.put("ATLAS_DATA_DIR", dataDir.toString());
        databaseUrl.ifPresent(u -> e.put("DATABASE_URL", u));
        if (bucket != null) {
            e.putAll(TestS3.get().env(bucket));
        }
        return AtlasConfig.fromEnv(e);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (!eachBlobStore) {
            stop();
        }
    }

    private void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            channel = null;
        }
        if (server != null) {
            server.close();
            server = null;
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

    /** The s3proxy bucket holding the server's blobs, or null when they are files. */
    public String bucket() {
        return bucket;
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
