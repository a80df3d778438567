package io.p3.atlas.server.feature;

import com.linecorp.armeria.server.ServerBuilder;
import io.grpc.BindableService;
import java.util.List;

/**
 * A feature as the server plugs it in, whole: the gRPC services it serves and the plain HTTP routes it
 * binds. Its MyBatis mappers are registered by its stores when it is built. The server closes features in
 * the reverse order of their creation, after it stopped taking calls.
 */
public interface Feature extends AutoCloseable {

    /** The gRPC services this feature serves (empty when another feature's adapter serves its RPCs). */
    List<BindableService> grpcServices();

    /** Binds this feature's plain HTTP routes, if any. */
    default void addRoutes(ServerBuilder sb) {
    }

    /** Stops background work; writes already accepted are committed first. */
    @Override
    default void close() {
    }
}
