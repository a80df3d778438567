package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.server.annotation.Blocking;
import com.tngtech.archunit.core.domain.JavaClass;
import io.grpc.BindableService;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The server runs gRPC methods on the event loop unless they are {@code @Blocking}: every RPC of every
 * feature's gRPC service is, except the reads that answer from a cache and hand misses off themselves, and the
 * node writes, which only queue for the group-commit writer (whose queue refuses rather than blocks when full).
 */
class BlockingRpcsTest {
    /** RPCs that reply from a cache (misses move to the blocking executor) or only queue a write. */
    static final Set<String> NON_BLOCKING = Set.of("CatalogGrpcService.listChannels",
            "CatalogGrpcService.getChannel", "NodeGrpcService.recordHeartbeat", "NodeGrpcService.trackContentServed");

    @Test
    void everyRpcThatMayBlockIsMarkedBlocking() throws ClassNotFoundException {
        Set<String> unmarked = new TreeSet<>();
        int services = 0;
        for (JavaClass jc : LayoutTest.MAIN) {
            if (!jc.isAssignableTo(BindableService.class) || jc.getModifiers().contains(
                    com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                continue;
            }
            services++;
            Class<?> c = Class.forName(jc.getName());
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || !overridesRpc(c, m)) {
                    continue;
                }
                String name = c.getSimpleName() + "." + m.getName();
                boolean blocking = c.isAnnotationPresent(Blocking.class) || m.isAnnotationPresent(Blocking.class);
                if (!blocking && !NON_BLOCKING.contains(name)) {
                    unmarked.add(name);
                }
            }
        }
        assertTrue(services >= 4, "found the feature gRPC services: " + services);
        assertEquals(Set.of(), unmarked, "mark them @Blocking (or the class), or reply from the event loop");
    }

    /** Whether {@code m} implements an RPC of the generated base class (an AsyncService default method). */
    static boolean overridesRpc(Class<?> c, Method m) {
        for (Class<?> i : c.getSuperclass().getInterfaces()) {
            try {
                i.getMethod(m.getName(), m.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                // not from this interface
            }
        }
        return false;
    }
}
