package io.p3.atlas.server.testing;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.p3.atlas.v1.Access;
import io.p3.atlas.v1.AccessProto;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RateLimitServiceGrpc;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every atlas.v1 RPC with its proto descriptor, declared access and HTTP mapping, for sweeping tests. */
public final class Rpcs {
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_.]+)(=[^}]*)?}");

    /** One RPC. */
    public record Rpc(MethodDescriptor<?, ?> grpc, Descriptors.MethodDescriptor proto) {
        public String fullName() {
            return grpc.getFullMethodName();
        }

        public Access access() {
            return proto.getOptions().getExtension(AccessProto.access);
        }

        public Descriptors.Descriptor input() {
            return proto.getInputType();
        }

        /** The google.api.http rule, if the RPC has one. */
        public Optional<HttpRule> http() {
            return proto.getOptions().hasExtension(AnnotationsProto.http)
                    ? Optional.of(proto.getOptions().getExtension(AnnotationsProto.http)) : Optional.empty();
        }

        /** The HTTP method of the rule. */
        public String httpMethod() {
            HttpRule r = http().orElseThrow();
            return switch (r.getPatternCase()) {
                case GET -> "GET";
                case POST -> "POST";
                case PUT -> "PUT";
                case DELETE -> "DELETE";
                case PATCH -> "PATCH";
                default -> throw new IllegalStateException("custom pattern");
            };
        }

        /** The rule's path with each {field} replaced by {@code values.get(field)} (or "x"). */
        public String httpPath(Map<String, String> values) {
            HttpRule r = http().orElseThrow();
            String template = switch (r.getPatternCase()) {
                case GET -> r.getGet();
                case POST -> r.getPost();
                case PUT -> r.getPut();
                case DELETE -> r.getDelete();
                case PATCH -> r.getPatch();
                default -> throw new IllegalStateException("custom pattern");
            };
            Matcher m = VARIABLE.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "x")));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** A request message with {@code wallet_address} set when the input has one. */
        public byte[] requestWithWallet(String wallet) {
            DynamicMessage.Builder b = DynamicMessage.newBuilder(input());
            Descriptors.FieldDescriptor f = input().findFieldByName("wallet_address");
            if (f != null) {
                b.setField(f, wallet);
            }
            return b.build().toByteArray();
        }
    }

    private Rpcs() {
    }

    public static List<Rpc> all() {
        return Stream.of(NodeServiceGrpc.getServiceDescriptor(), CatalogServiceGrpc.getServiceDescriptor(),
                        StreamServiceGrpc.getServiceDescriptor(), AnalyticsServiceGrpc.getServiceDescriptor(),
                        RateLimitServiceGrpc.getServiceDescriptor())
                .flatMap(sd -> sd.getMethods().stream())
                .map(m -> new Rpc(m, ((ProtoMethodDescriptorSupplier) m.getSchemaDescriptor()).getMethodDescriptor()))
                .toList();
    }
}
