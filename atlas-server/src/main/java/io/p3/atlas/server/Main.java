package io.p3.atlas.server;

import io.p3.atlas.server.config.AtlasConfig;
import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.persistence.StartupException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Reads the environment, starts the server, and stops it gracefully on SIGTERM / Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Optional<Integer> child;
        try {
            // java -jar: the server runs in a child JVM that maps the class-data archive (see SharedArchive).
            child = SharedArchive.runInChild(args);
        } catch (ConfigException e) {
            System.err.println("atlas: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (child.isPresent()) {
            System.exit(child.get());
            return;
        }
        SharedArchive.watchParent();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LoggerFactory.getILoggerFactory(); // logging set up (config.LogSetup) before the preload thread logs
        StartupPreload.start();
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
