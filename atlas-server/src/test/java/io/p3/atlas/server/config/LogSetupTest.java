package io.p3.atlas.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Logback is set up by {@link LogSetup} (found by ServiceLoader), here as in the server. */
class LogSetupTest {
    @Test
    void logbackStartsWithTheServersSetUp() {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertNotNull(lc.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"), "the console appender");
        assertEquals(Level.WARN, lc.getLogger("com.linecorp.armeria").getLevel());
        assertEquals(Level.ERROR,
                lc.getLogger("com.linecorp.armeria.server.grpc.HttpJsonTranscodingServiceBuilder").getLevel());
        assertEquals(Level.WARN, lc.getLogger("org.flywaydb").getLevel());
        assertEquals(LogSetup.level("ATLAS_ACCESS_LOG_LEVEL", Level.WARN),
                lc.getLogger("com.linecorp.armeria.logging.access").getLevel());
    }

    @Test
    void anUnsetVariableKeepsTheDefault() {
        assertEquals(Level.INFO, LogSetup.level("ATLAS_TEST_UNSET_LOG_LEVEL_VARIABLE", Level.INFO));
    }
}
