package io.p3.atlas.server.auth;

import com.google.protobuf.Descriptors;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.p3.atlas.v1.Access;
import io.p3.atlas.v1.AccessProto;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The access level an RPC declares in the contract ({@code option (atlas.v1.access) = …}), read from its
 * method descriptor: no per-RPC code. An RPC without the option is ADMIN (deny by default). Health and
 * reflection are infrastructure: neither authenticated nor rate limited (empty).
 */
public final class MethodAccess {
    /** Services that are never authenticated or limited. */
    public static final Set<String> INFRASTRUCTURE = Set.of("grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    private static final ConcurrentMap<String, Optional<Access>> CACHE = new ConcurrentHashMap<>();

    private MethodAccess() {
    }

    /** The effective access of {@code method}, or empty for infrastructure services. */
    public static Optional<Access> of(MethodDescriptor<?, ?> method) {
        return CACHE.computeIfAbsent(method.getFullMethodName(), n -> compute(method));
    }

    /** The declared access of a proto method (UNSPECIFIED when it has no option). */
    public static Access declared(Descriptors.MethodDescriptor method) {
        return method.getOptions().getExtension(AccessProto.access);
    }

    private static Optional<Access> compute(MethodDescriptor<?, ?> method) {
        if (INFRASTRUCTURE.contains(method.getServiceName())) {
            return Optional.empty();
        }
        if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier s) {
            return Optional.of(AccessPolicy.effective(declared(s.getMethodDescriptor())));
        }
        return Optional.of(Access.ACCESS_ADMIN);
    }
}
