package io.p3.atlas.server;

import io.p3.atlas.server.config.AtlasConfig;
import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.persistence.StartupException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Reads the environment, starts the server, and stops it gracefully on SIGTERM / Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        AtlasServer server;
        try {
            server = AtlasServer.start(AtlasConfig.fromEnv());
        } catch (ConfigException | StartupException e) {
            System.err.println("atlas: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "atlas-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
