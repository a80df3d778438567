package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.multipart.BodyPart;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.error.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Uploads over plain HTTP, with the same hashing and all-or-nothing rules as UploadAsset:
 * {@code POST /v1/assets:upload} as {@code multipart/form-data} (field {@code file} plus {@code type},
 * optional {@code id}, {@code content_type}, {@code sha256}), and the raw-body {@code PUT /content/{id}}
 * (see {@link #putRaw}). Bodies stream to a temp file on the blocking executor; the reply is the asset
 * as JSON.
 */
public final class AssetUploadHttpService implements HttpService {
    private final AssetService assets;

    public AssetUploadHttpService(AssetService assets) {
        this.assets = assets;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        MediaType type = req.contentType();
        if (type == null || !type.is(MediaType.MULTIPART_FORM_DATA)) {
            return JsonErrors.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, AtlasException.invalidArgument(null,
                    "send multipart/form-data with a 'file' field and a 'type' field (e.g. curl -F file=@movie.mp4"
                            + " -F type=media), or PUT the raw bytes to /content/{id}?type=media"
                            + (type == null ? "" : "; got content-type '" + type + "'")));
        }
        Map<String, String> fields = new ConcurrentHashMap<>();
        AtomicReference<AssetUpload> upload = new AtomicReference<>();
        AtomicReference<String> fileType = new AtomicReference<>();
        CompletableFuture<HttpResponse> res = Multipart.from(req).collect(part -> {
            if ("file".equals(part.name())) {
                return receiveFile(ctx, part, upload, fileType);
            }
            return part.aggregate().thenApply(p -> {
                String name = part.name() == null ? "" : part.name();
                fields.put(name, p.contentUtf8().trim());
                return name; // collect() wants a non-null value per part
            });
        }).handleAsync((ignored, error) -> {
            AssetUpload up = upload.get();
            try {
                if (error != null) {
                    return HttpErrors.toResponse(error, false);
                }
                if (up == null) {
                    throw AtlasException.invalidArgument("file", "the multipart body has no 'file' field");
                }
                String contentType = fields.getOrDefault("content_type", fields.get("contentType"));
                if (contentType == null || contentType.isEmpty()) {
                    contentType = fileType.get();
                }
                AssetService.UploadSpec spec = assets.uploadSpec(fields.get("id"),
                        AssetKind.parse(fields.get("type"), "type"), contentType, fields.get("sha256"));
                return created(up.commit(spec));
            } catch (RuntimeException e) {
                return HttpErrors.toResponse(e, false);
            } finally {
                if (up != null) {
                    up.close();
                }
            }
        }, ctx.blockingTaskExecutor());
        return HttpResponse.of(res);
    }

    private CompletableFuture<String> receiveFile(ServiceRequestContext ctx, BodyPart part,
                                                AtomicReference<AssetUpload> upload, AtomicReference<String> fileType) {
        if (fileType.get() != null) {
            part.content().abort();
            return CompletableFuture.failedFuture(
                    AtlasException.invalidArgument("file", "send exactly one 'file' field"));
        }
        MediaType partType = part.headers().contentType();
        fileType.set(partType == null ? "" : partType.toString());
        return CompletableFuture.supplyAsync(() -> {
            AssetUpload up = assets.startUpload(); // creates the temp file: not on the event loop
            upload.set(up);
            copy(up, part.content().toInputStream());
            return "file";
        }, ctx.blockingTaskExecutor());
    }

    /** {@code PUT /content/{id}?type=media[&sha256=…]}: the raw body is the asset (Content-Type kept). */
    static HttpResponse putRaw(AssetService assets, ServiceRequestContext ctx, HttpRequest req, String id) {
        CompletableFuture<HttpResponse> res = CompletableFuture.supplyAsync(() -> {
            MediaType ct = req.contentType();
            AssetService.UploadSpec spec = assets.uploadSpec(id, AssetKind.parse(ctx.queryParam("type"), "type"),
                    ct == null ? null : ct.toString(), ctx.queryParam("sha256"));
            try (AssetUpload up = assets.startUpload()) {
                copy(up, req.toInputStream(o -> o instanceof HttpData d ? d : HttpData.empty()));
                return created(up.commit(spec));
            }
        }, ctx.blockingTaskExecutor()).exceptionally(e -> {
            req.abort();
            return HttpErrors.toResponse(e, false);
        });
        return HttpResponse.of(res);
    }

    private static void copy(AssetUpload up, InputStream in) {
        try (in) {
            up.copyFrom(in);
        } catch (IOException e) {
            up.close();
            throw new AtlasException(ErrorCode.CANCELLED, null,
                    "the request body broke off before the end; nothing was stored", null, e);
        }
    }

    private static HttpResponse created(Asset asset) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.CREATED)
                        .contentType(MediaType.JSON_UTF_8)
                        .set(HttpHeaderNames.LOCATION, asset.url())
                        .build(),
                HttpData.ofUtf8(AssetProtos.toJson(asset)));
    }
}
