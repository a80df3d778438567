package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The port's accept loop stops as soon as it is asked to: Netty's default shutdown waits for a 2 s quiet
 * period, which held every SIGTERM of an idle server for two seconds after its last call.
 */
class BossGroupsTest {
    @Test
    void theAcceptLoopStopsWithoutAQuietPeriod() throws InterruptedException {
        EventLoopGroup group = BossGroups.quickToStop("atlas-test-boss");
        group.next().submit(() -> { }).syncUninterruptibly(); // started, like a bound port's loop
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("atlas-test-boss")).findFirst().orElseThrow().isDaemon(),
                "a non-daemon thread, like Armeria's own, keeps the JVM up while the server runs");
        group.shutdownGracefully();
        assertTrue(group.terminationFuture().await(1500, TimeUnit.MILLISECONDS),
                "stopped well within the 2 s quiet period Netty waits by default");
    }
}
