package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.cors.CorsService;
import java.time.Duration;

/**
 * Binds the content's plain HTTP routes beside the gRPC service: {@code /content/{id}} (GET, HEAD,
 * PUT) and {@code POST /v1/assets:upload}, without Armeria's default 10 MiB request cap and 10 s
 * timeout (uploads and downloads may be large and slow; the asset size cap applies instead). The
 * UploadAsset gRPC stream gets the same request-length allowance.
 */
public final class ContentHttpRoutes {
    /** Room for multipart framing and form fields around an asset of the maximum size. */
    static final long REQUEST_OVERHEAD_BYTES = 1024 * 1024;

    private ContentHttpRoutes() {
    }

    public static void addTo(ServerBuilder sb, AssetService assets, ContentMetrics metrics, ContentConfig config) {
        long maxRequest = config.maxAssetBytes() + REQUEST_OVERHEAD_BYTES;
        sb.route()
                .path("/content/{id}")
                .methods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.OPTIONS)
                .maxRequestLength(maxRequest)
                .requestTimeout(Duration.ZERO)
                .decorator(contentCors())
                .build(new ContentHttpService(assets, metrics));
        sb.route()
                .path("exact:/v1/assets:upload")
                .methods(HttpMethod.POST)
                .maxRequestLength(maxRequest)
                .requestTimeout(Duration.ZERO)
                .build(new AssetUploadHttpService(assets));
        sb.decorator("exact:/atlas.v1.StreamService/UploadAsset", (delegate, ctx, req) -> {
            ctx.setMaxRequestLength(maxRequest);
            return delegate.serve(ctx, req);
        });
    }

    /** Players on other origins may read content (with Range) and see its validators. */
    private static java.util.function.Function<? super com.linecorp.armeria.server.HttpService, CorsService>
            contentCors() {
        return CorsService.builderForAnyOrigin()
                .allowRequestMethods(HttpMethod.GET, HttpMethod.HEAD)
                .allowRequestHeaders(HttpHeaderNames.RANGE, HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.IF_RANGE)
                .exposeHeaders(HttpHeaderNames.ETAG, HttpHeaderNames.CONTENT_RANGE, HttpHeaderNames.ACCEPT_RANGES,
                        HttpHeaderNames.CONTENT_LENGTH)
                .maxAge(86400)
                .newDecorator();
    }
}
