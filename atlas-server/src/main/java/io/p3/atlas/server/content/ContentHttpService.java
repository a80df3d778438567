package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.error.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET|HEAD|PUT /content/{id}}: real HTTP for players and CDNs. Reads answer with ETag,
 * Accept-Ranges, immutable caching, 304 on If-None-Match, 206 for one Range (If-Range honoured) and
 * 416 when unsatisfiable; bodies stream from memory or the blob store, never whole in memory. PUT takes a
 * raw body ({@code ?type=media}, optional {@code &sha256=}). A read of an asset whose metadata and bytes are
 * both in memory is answered on the event loop; database and file work run on the blocking executor.
 */
public final class ContentHttpService implements HttpService {
    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    private static final int CHUNK = 64 * 1024;

    private final AssetService assets;
    private final ContentMetrics metrics;

    public ContentHttpService(AssetService assets, ContentMetrics metrics) {
        this.assets = assets;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        String id = ctx.pathParam("id");
        if (req.method() == HttpMethod.PUT) {
            return AssetUploadHttpService.putRaw(assets, ctx, req, id);
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            return JsonErrors.render(HttpStatus.METHOD_NOT_ALLOWED, io.grpc.Status.Code.UNIMPLEMENTED,
                    "/content/{id} takes GET, HEAD and PUT, not " + req.method()).toHttpResponse();
        }
        Asset cached = assets.cachedFetched(id);
        if (cached != null) {
            ContentSource.InMemory hot = assets.inMemory(cached);
            if (hot != null) {
                return respond(ctx, req.headers(), cached, hot); // on the event loop: no database, no I/O
            }
        }
        Executor blocking = ctx.blockingTaskExecutor();
        CompletableFuture<Asset> asset = cached != null ? CompletableFuture.completedFuture(cached)
                : CompletableFuture.supplyAsync(() -> assets.get(id), blocking);
        CompletableFuture<HttpResponse> res = asset
                .thenCompose(a -> a.fetched()
                        ? CompletableFuture.supplyAsync(() -> respond(ctx, req.headers(), a, null), blocking)
                        : firstRead(ctx, req, a))
                .exceptionally(e -> {
                    Throwable t = HttpErrors.unwrap(e);
                    return t instanceof UpstreamFailure u ? HttpErrors.toResponse(u.getCause(), true)
                            : HttpErrors.toResponse(t, false);
                });
        return HttpResponse.of(res);
    }

    /**
     * A read of a pull-through asset not fetched yet: once the upstream answered, HEAD, GET and Range reads
     * are answered from the fetch under way ({@link GrowingFileResponse}); conditional requests, and every
     * read while another instance fetches the asset, wait for the stored asset.
     */
    private CompletableFuture<HttpResponse> firstRead(ServiceRequestContext ctx, HttpRequest req, Asset asset) {
        Executor blocking = ctx.blockingTaskExecutor();
        RequestHeaders h = req.headers();
        PullThrough.Download download = assets.download(asset);
        return download.started().exceptionally(e -> {
            throw new UpstreamFailure(e);
        }).thenComposeAsync(ignored -> {
            HttpResponse early = download.done().isDone() ? null
                    : GrowingFileResponse.answer(h, asset, download, blocking, metrics);
            if (early != null) {
                return CompletableFuture.completedFuture(early);
            }
            return download.done().exceptionally(e -> {
                throw new UpstreamFailure(e);
            }).thenApplyAsync(stored -> respond(ctx, h, stored, null), blocking);
        }, blocking);
    }

    /** The answer for a fetched asset; {@code hot}, when given, is its bytes in memory (else opened here). */
    private HttpResponse respond(ServiceRequestContext ctx, RequestHeaders req, Asset asset,
                                 ContentSource.InMemory hot) {
        String etag = asset.etag();
        ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.ETAG, HttpConditions.quoted(etag))
                .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (HttpConditions.noneMatchHits(req.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return HttpResponse.of(h.status(HttpStatus.NOT_MODIFIED).build());
        }
        long size = asset.size();
        HttpConditions.RangeResult range = HttpConditions.ifRangeAllows(req.get(HttpHeaderNames.IF_RANGE), etag)
                ? HttpConditions.range(req.get(HttpHeaderNames.RANGE), size)
                : new HttpConditions.Whole();
        if (range instanceof HttpConditions.Unsatisfiable) {
            return HttpResponse.of(h.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size)
                    .contentLength(0)
                    .build());
        }
        long first = 0;
        long length = size;
        if (range instanceof HttpConditions.Partial p) {
            first = p.first();
            length = p.length();
            h.status(HttpStatus.PARTIAL_CONTENT).set(HttpHeaderNames.CONTENT_RANGE, p.contentRange(size));
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, asset.contentType()).contentLength(length);
        if (req.method() == HttpMethod.HEAD || length == 0) {
            return HttpResponse.of(h.build());
        }
        return HttpResponse.of(h.build(), body(ctx, asset, hot != null ? hot : assets.open(asset), first, length));
    }

    private StreamMessage<HttpData> body(ServiceRequestContext ctx, Asset asset, ContentSource.Content content,
                                         long first, long length) {
        StreamMessage<HttpData> body;
        if (content instanceof ContentSource.InMemory m) {
            body = StreamMessage.of(HttpData.wrap(m.bytes(), (int) first, (int) length));
        } else {
            // A ranged read of the blob (file or S3 GET), opened now so a missing blob is an error response.
            InputStream in = ((ContentSource.Stored) content).open(first, length);
            ctx.log().whenComplete().thenRun(() -> closeQuietly(in)); // also when never subscribed
            body = StreamMessage.builder(in)
                    .executor(ctx.blockingTaskExecutor())
                    .bufferSize(CHUNK)
                    .build();
        }
        return body.map(d -> {
            metrics.served(asset.type(), ContentMetrics.Transport.HTTP, d.length());
            return d;
        });
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the response is over either way
        }
    }

    /** Marks a failure of the pull-through fetch: the client sees 502 Bad Gateway. */
    static final class UpstreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UpstreamFailure(Throwable cause) {
            super(null, asAtlas(cause), false, false);
        }

        private static AtlasException asAtlas(Throwable cause) {
            Throwable t = HttpErrors.unwrap(cause);
            return t instanceof AtlasException a ? a
                    : new AtlasException(ErrorCode.UNAVAILABLE, null, "the upstream fetch failed", null, t);
        }
    }
}
