package io.p3.atlas.server.grpc;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.ServerMethodDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the query parameters of an HTTP/JSON transcoded call ({@code /v1/…}) before Armeria's transcoding
 * reads them, which would drop unknown names, keep only the last of repeated values, read {@code yes} as
 * false and answer a bare 400 for {@code pageSize=abc}. Each problem is INVALID_ARGUMENT naming the
 * parameter and the expected form: an unknown name (with the names the call takes), a number or bool that
 * does not parse or fit, a field that is part of the path, a single-valued field given twice. Names are
 * the proto names or their lowerCamelCase JSON names ({@code page_size}, {@code pageSize}); enum values
 * are checked with the body by {@link JsonRequestCheck}.
 */
public final class QueryParamCheck implements DecoratingHttpServiceFunction {
    private static final String API_PREFIX = "/v1/";
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([A-Za-z0-9_.]+)");

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (ctx.path().startsWith(API_PREFIX) && !ctx.queryParams().isEmpty()) {
            GrpcService grpc = ctx.config().service().as(GrpcService.class);
            ServerMethodDefinition<?, ?> method = grpc == null ? null : grpc.methodDefinition(ctx);
            if (method != null && method.getMethodDescriptor().getSchemaDescriptor()
                    instanceof ProtoMethodDescriptorSupplier s) {
                check(ctx.queryParams(), s.getMethodDescriptor());
            }
        }
        return delegate.serve(ctx, req);
    }

    static void check(QueryParams params, MethodDescriptor method) {
        Descriptor input = method.getInputType();
        Set<String> inPath = pathFields(method);
        for (String name : params.names()) {
            List<String> values = params.getAll(name);
            FieldDescriptor fd = resolve(input, name);
            if (fd == null) {
                throw AtlasException.invalidArgument(Fields.shorten(name), "unknown query parameter '"
                        + Fields.shorten(name) + "'; " + method.getName() + " takes " + accepted(input, inPath));
            }
            String field = protoPath(input, name);
            if (inPath.contains(field)) {
                throw AtlasException.invalidArgument(field, name + " is part of the path; leave it out of the query");
            }
            if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                throw AtlasException.invalidArgument(field, name + " cannot be given as a query parameter");
            }
            if (!fd.isRepeated() && values.size() > 1) {
                throw AtlasException.invalidArgument(field, name + " is given " + values.size()
                        + " times; give it once");
            }
            for (String v : values) {
                String problem = ProtoScalars.problem(fd, v);
                if (problem != null) {
                    throw AtlasException.invalidArgument(field, name + " must be " + problem + ", got '"
                            + Fields.shorten(v) + "'");
                }
            }
        }
    }

    /** The field a (possibly dotted) parameter names, by proto or JSON name; null if none. */
    private static FieldDescriptor resolve(Descriptor type, String name) {
        Descriptor current = type;
        FieldDescriptor fd = null;
        for (String part : name.split("\\.", -1)) {
            if (current == null) {
                return null;
            }
            fd = JsonRequestCheck.field(current, part);
            if (fd == null) {
                return null;
            }
            current = fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? fd.getMessageType() : null;
        }
        return fd;
    }

    private static String protoPath(Descriptor type, String name) {
        StringBuilder path = new StringBuilder();
        Descriptor current = type;
        for (String part : name.split("\\.", -1)) {
            FieldDescriptor fd = JsonRequestCheck.field(current, part);
            path.append(path.length() == 0 ? "" : ".").append(fd.getName());
            current = fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? fd.getMessageType() : null;
        }
        return path.toString();
    }

    /** The fields bound to the path template of the method's {@code google.api.http} rule. */
    private static Set<String> pathFields(MethodDescriptor method) {
        Set<String> names = new HashSet<>();
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        String template = switch (rule.getPatternCase()) {
            case GET -> rule.getGet();
            case POST -> rule.getPost();
            case PUT -> rule.getPut();
            case DELETE -> rule.getDelete();
            case PATCH -> rule.getPatch();
            default -> "";
        };
        Matcher m = PATH_VARIABLE.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String accepted(Descriptor input, Set<String> inPath) {
        String list = input.getFields().stream()
                .filter(f -> !inPath.contains(f.getName()) && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE)
                .map(f -> f.getName().equals(f.getJsonName()) ? f.getName() : f.getName() + " (" + f.getJsonName() + ")")
                .collect(Collectors.joining(", "));
        return list.isEmpty() ? "no query parameters" : list;
    }
}
