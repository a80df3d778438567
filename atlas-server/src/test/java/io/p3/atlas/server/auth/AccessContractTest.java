package io.p3.atlas.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ExtensionRegistry;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.p3.atlas.v1.Access;
import io.p3.atlas.v1.AccessProto;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.NetworkServiceGrpc;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RateLimitServiceGrpc;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every RPC of every atlas.v1 service declares its access level in the contract; nothing relies on the default. */
class AccessContractTest {

    /** All atlas.v1 methods, from the descriptor set the build writes (so a new service is included). */
    static List<String> undeclared() throws Exception {
        ExtensionRegistry registry = ExtensionRegistry.newInstance();
        registry.add(AccessProto.access);
        FileDescriptorSet set;
        try (InputStream in = AccessContractTest.class.getResourceAsStream("/META-INF/armeria/grpc/atlas.dsc")) {
            assertNotNull(in, "atlas.dsc on the classpath");
            set = FileDescriptorSet.parseFrom(in, registry);
        }
        List<String> missing = new ArrayList<>();
        int methods = 0;
        for (FileDescriptorProto file : set.getFileList()) {
            if (!file.getPackage().startsWith("atlas.")) {
                continue;
            }
            for (ServiceDescriptorProto service : file.getServiceList()) {
                for (MethodDescriptorProto m : service.getMethodList()) {
                    methods++;
                    Access a = m.getOptions().getExtension(AccessProto.access);
                    if (a == Access.ACCESS_UNSPECIFIED) {
                        missing.add(service.getName() + "." + m.getName());
                    }
                }
            }
        }
        assertTrue(methods >= 35, "found the atlas services: " + methods);
        return missing;
    }

    @Test
    void everyRpcDeclaresItsAccess() throws Exception {
        assertEquals(List.of(), undeclared());
    }

    @Test
    void theServerReadsTheDeclaredLevelFromTheMethodDescriptor() {
        for (ServiceDescriptor sd : List.of(NodeServiceGrpc.getServiceDescriptor(), CatalogServiceGrpc.getServiceDescriptor(),
                StreamServiceGrpc.getServiceDescriptor(), AnalyticsServiceGrpc.getServiceDescriptor(),
                RateLimitServiceGrpc.getServiceDescriptor(), NetworkServiceGrpc.getServiceDescriptor())) {
            for (io.grpc.MethodDescriptor<?, ?> m : sd.getMethods()) {
                Access a = MethodAccess.of(m).orElseThrow();
                var proto = ((ProtoMethodDescriptorSupplier) m.getSchemaDescriptor()).getMethodDescriptor();
                assertEquals(MethodAccess.declared(proto), a, m.getFullMethodName());
                if (a == Access.ACCESS_NODE) {
                    FieldDescriptor wallet = proto.getInputType().findFieldByName("wallet_address");
                    assertNotNull(wallet, m.getFullMethodName() + " binds node keys by wallet_address");
                    assertEquals(FieldDescriptor.JavaType.STRING, wallet.getJavaType());
                }
            }
        }
        assertEquals(Access.ACCESS_NODE, MethodAccess.of(NodeServiceGrpc.getRecordHeartbeatMethod()).orElseThrow());
        assertEquals(Access.ACCESS_PUBLIC, MethodAccess.of(NodeServiceGrpc.getGetNodeMethod()).orElseThrow());
        assertEquals(Access.ACCESS_ADMIN, MethodAccess.of(RateLimitServiceGrpc.getResetRateLimitMethod()).orElseThrow());
    }

    @Test
    void anRpcWithoutTheOptionIsAdminOnly() {
        assertEquals(Access.ACCESS_ADMIN, AccessPolicy.effective(Access.ACCESS_UNSPECIFIED));
        var unannotated = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("atlas.v1.FutureService/Write")
                .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
        assertEquals(Access.ACCESS_ADMIN, MethodAccess.of(unannotated).orElseThrow());
        for (String infra : Set.of("grpc.health.v1.Health/Check", "grpc.reflection.v1.ServerReflection/ServerReflectionInfo")) {
            var m = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder().setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(infra).setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
            assertTrue(MethodAccess.of(m).isEmpty(), infra + " is infrastructure");
        }
    }

    @Test
    void decisionsPerRoleAndLevel() {
        ApiKey admin = new ApiKey("a".repeat(64), Role.ADMIN, Set.of());
        ApiKey publisher = new ApiKey("b".repeat(64), Role.PUBLISHER, Set.of());
        ApiKey node = new ApiKey("c".repeat(64), Role.NODE, Set.of("0x" + "1".repeat(40)));
        ApiKey reader = new ApiKey("d".repeat(64), Role.READER, Set.of());
        record Row(Access access, ApiKey key, AccessPolicy.Outcome outcome) {
        }
        var U = AccessPolicy.Outcome.UNAUTHENTICATED;
        var D = AccessPolicy.Outcome.PERMISSION_DENIED;
        var A = AccessPolicy.Outcome.ALLOWED;
        for (Row r : List.of(
                new Row(Access.ACCESS_PUBLIC, null, AccessPolicy.Outcome.PUBLIC),
                new Row(Access.ACCESS_ANY_KEY, null, U), new Row(Access.ACCESS_ANY_KEY, reader, A),
                new Row(Access.ACCESS_NODE, null, U), new Row(Access.ACCESS_NODE, publisher, D),
                new Row(Access.ACCESS_NODE, reader, D), new Row(Access.ACCESS_NODE, node, A), new Row(Access.ACCESS_NODE, admin, A),
                new Row(Access.ACCESS_PUBLISHER, node, D), new Row(Access.ACCESS_PUBLISHER, publisher, A),
                new Row(Access.ACCESS_PUBLISHER, admin, A), new Row(Access.ACCESS_ADMIN, publisher, D),
                new Row(Access.ACCESS_ADMIN, admin, A), new Row(Access.ACCESS_UNSPECIFIED, publisher, D))) {
            Caller caller = new Caller(r.key() != null, java.util.Optional.ofNullable(r.key()));
            assertEquals(r.outcome(), AccessPolicy.decide(r.access(), caller, true), r.toString());
        }
        String refusal = AccessPolicy.refusal(D, Access.ACCESS_ADMIN, new Caller(true, java.util.Optional.of(reader)))
                .getMessage();
        assertEquals("this call needs an admin key; this key's role is reader", refusal);
    }

    private static final class Bytes implements io.grpc.MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            return new byte[0];
        }
    }
}
