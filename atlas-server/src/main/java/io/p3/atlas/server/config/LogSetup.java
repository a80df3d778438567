package io.p3.atlas.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The server's logging, set up in code when logback starts (found by {@code ServiceLoader}): one console
 * appender, the root at {@code ATLAS_LOG_LEVEL} (INFO), the access log at {@code ATLAS_ACCESS_LOG_LEVEL} (WARN,
 * so off), and the libraries' chatter at WARN. In code rather than a {@code logback.xml}: logback's XML
 * configurator (a SAX parser, its model and about 300 classes) was a twentieth of a cold start. A
 * {@code -Dlogback.configurationFile} still wins: this then steps aside.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %msg%n";

    /** Loggers quieter than the root. */
    static final Map<String, Level> QUIET = Map.of(
            "com.linecorp.armeria", Level.WARN,
            // UploadAsset/ReadAsset are streaming RPCs whose http options name the plain /content routes that
            // serve them; Armeria transcodes unary RPCs only and would warn about them at every start.
            "com.linecorp.armeria.server.grpc.HttpJsonTranscodingServiceBuilder", Level.ERROR,
            "io.netty", Level.WARN,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.apache.ibatis", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext lc) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(lc);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(lc);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        Logger root = lc.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level("ATLAS_LOG_LEVEL", Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, level) -> lc.getLogger(name).setLevel(level));
        lc.getLogger("com.linecorp.armeria.logging.access").setLevel(level("ATLAS_ACCESS_LOG_LEVEL", Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code variable}'s level, any case; a value that is no level leaves the default (AtlasConfig refuses it). */
    static Level level(String variable, Level fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Level.toLevel(value.trim(), fallback);
    }
}
