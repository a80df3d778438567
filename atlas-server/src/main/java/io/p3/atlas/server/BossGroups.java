package io.p3.atlas.server;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.common.util.TransportType;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loop that accepts connections on the port. Armeria builds one per port as Netty's
 * {@code MultiThreadIoEventLoopGroup} and stops it with {@code shutdownGracefully()}, whose default quiet
 * period (2 s of no tasks) held every SIGTERM for two seconds after the last call had finished. This one is
 * the same group (same transport, one non-daemon thread) stopping without a quiet period; in-flight calls
 * are waited for before it is stopped ({@code ATLAS_SHUTDOWN_GRACE}).
 */
final class BossGroups {
    private BossGroups() {
    }

    static EventLoopGroup quickToStop(String threadName) {
        ThreadFactory threads = r -> {
            Thread t = new FastThreadLocalThread(r, threadName);
            t.setDaemon(false);
            return t;
        };
        IoHandlerFactory io = ioHandlerFactory(Flags.transportType());
        if (io == null) {
            return EventLoopGroups.newEventLoopGroup(1, threads); // other transports: Armeria's own, 2 s quiet period
        }
        return new MultiThreadIoEventLoopGroup(1, threads, io) {
            @Override
            public Future<?> shutdownGracefully() {
                return shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        };
    }

    /** The transport's handler factory, as Armeria makes it ({@code EpollIoHandler.newFactory()}); null if none. */
    private static IoHandlerFactory ioHandlerFactory(TransportType transport) {
        if (transport == TransportType.NIO) {
            return NioIoHandler.newFactory();
        }
        String handler = switch (transport) {
            case EPOLL -> "io.netty.channel.epoll.EpollIoHandler"; // a runtime dependency of Armeria on Linux
            case KQUEUE -> "io.netty.channel.kqueue.KQueueIoHandler";
            case IO_URING -> "io.netty.channel.uring.IoUringIoHandler";
            default -> null;
        };
        try {
            return handler == null ? null : (IoHandlerFactory) Class.forName(handler).getMethod("newFactory").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
