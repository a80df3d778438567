package io.p3.atlas.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed server configuration, read once at start-up. The server-wide variables are mapped here with
 * their defaults; each feature maps its own variables from {@link #env()} in its own config record
 * (e.g. {@code CatalogConfig.from(config.env())}), so all parsing goes through {@link EnvReader}.
 *
 * @param port          {@code ATLAS_PORT}: the one port serving every transport (0 picks a free one)
 * @param dataDir       {@code ATLAS_DATA_DIR}: embedded database and blobs live here
 * @param databaseUrl   {@code DATABASE_URL}: PostgreSQL when set, embedded H2 otherwise
 * @param shutdownGrace {@code ATLAS_SHUTDOWN_GRACE}: how long graceful shutdown waits for in-flight calls
 * @param env           the environment it was read from, for feature configs
 */
public record AtlasConfig(int port, Path dataDir, Optional<String> databaseUrl, Duration shutdownGrace,
                          EnvReader env) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "./data";
    /** What {@code ATLAS_LOG_LEVEL} and {@code ATLAS_ACCESS_LOG_LEVEL} accept (logback reads them, any case). */
    public static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public AtlasConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("ATLAS_PORT must be between 0 and 65535, got " + port);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Reads the process environment. */
    public static AtlasConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Reads the given environment (tests pass their own map). */
    public static AtlasConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        // LogSetup applies them; checked here so a typo stops the start instead of being ignored.
        r.oneOf("ATLAS_LOG_LEVEL", LOG_LEVELS, "INFO");
        r.oneOf("ATLAS_ACCESS_LOG_LEVEL", LOG_LEVELS, "WARN");
        return new AtlasConfig(
                r.integer("ATLAS_PORT", DEFAULT_PORT),
                Path.of(r.string("ATLAS_DATA_DIR", DEFAULT_DATA_DIR)),
                r.optional("DATABASE_URL"),
                r.duration("ATLAS_SHUTDOWN_GRACE", Duration.ofSeconds(10)),
                r);
    }

    /** A copy with another port (tests use 0). */
    public AtlasConfig withPort(int newPort) {
        return new AtlasConfig(newPort, dataDir, databaseUrl, shutdownGrace, env);
    }
}
