package io.p3.atlas.server.auth;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.p3.atlas.v1.Access;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Access levels of the plain HTTP routes (those not served by the gRPC service, whose RPCs declare their
 * own). Reads (GET, HEAD, OPTIONS) are public; a write is ADMIN unless a path prefix grants it to a lower
 * level (deny by default). {@code /internal/*} (health, metrics) and {@code /docs} are never checked.
 */
public final class HttpRouteAccess {
    private final Map<String, Access> writes = new LinkedHashMap<>();

    /** Writes to paths starting with {@code pathPrefix} need {@code access}; the first matching prefix wins. */
    public HttpRouteAccess write(String pathPrefix, Access access) {
        writes.put(pathPrefix, access);
        return this;
    }

    /** The access of this request, or empty when it is not a plain route to check (gRPC, infrastructure). */
    public Optional<Access> of(ServiceRequestContext ctx) {
        if (isExempt(ctx.path()) || ctx.config().service().as(GrpcService.class) != null) {
            return Optional.empty();
        }
        HttpMethod m = ctx.method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
            return Optional.of(Access.ACCESS_PUBLIC);
        }
        String path = ctx.path();
        return Optional.of(writes.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(Access.ACCESS_ADMIN));
    }

    /** Paths that are never authenticated or rate limited. */
    public static boolean isExempt(String path) {
        return path.startsWith("/internal/") || path.equals("/docs") || path.startsWith("/docs/");
    }
}
