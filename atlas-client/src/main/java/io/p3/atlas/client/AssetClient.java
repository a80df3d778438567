package io.p3.atlas.client;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.v1.Asset;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.CreateAssetRequest;
import io.p3.atlas.v1.DeleteAssetRequest;
import io.p3.atlas.v1.GetAssetRequest;
import io.p3.atlas.v1.ListAssetsRequest;
import io.p3.atlas.v1.ListAssetsResponse;
import io.p3.atlas.v1.ReadAssetRequest;
import io.p3.atlas.v1.ReadAssetResponse;
import io.p3.atlas.v1.StreamServiceGrpc;
import io.p3.atlas.v1.UploadAssetMetadata;
import io.p3.atlas.v1.UploadAssetRequest;
import io.p3.atlas.v1.UploadAssetResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * StreamService assets: upload (streamed, hashed by the server), pull-through registration, metadata,
 * and streamed reads. Plain HTTP clients use {@code /content/{id}} (Range, ETag) instead.
 */
public final class AssetClient {
    private static final int CHUNK = 64 * 1024;

    private final StreamServiceGrpc.StreamServiceBlockingStub blocking;
    private final StreamServiceGrpc.StreamServiceStub async;
    private final CallOptionsSupport calls;

    AssetClient(Channel channel, CallOptionsSupport calls) {
        this.blocking = StreamServiceGrpc.newBlockingStub(channel);
        this.async = StreamServiceGrpc.newStub(channel);
        this.calls = calls;
    }

    /**
     * Uploads {@code content} in 64 KiB chunks (no deadline: large files take as long as they take).
     * {@code id} and {@code expectedSha256} may be null (the server generates an id; no hash check).
     * A hash mismatch or an existing id with other bytes fails and stores nothing.
     */
    public Asset upload(String id, AssetType type, String contentType, String expectedSha256, InputStream content) {
        CompletableFuture<Asset> result = new CompletableFuture<>();
        StreamObserver<UploadAssetRequest> requests = async.uploadAsset(new StreamObserver<>() {
            @Override
            public void onNext(UploadAssetResponse value) {
                result.complete(value.getAsset());
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException("upload ended without an asset"));
            }
        });
        UploadAssetMetadata.Builder meta = UploadAssetMetadata.newBuilder().setType(type);
        if (id != null) {
            meta.setId(id);
        }
        if (contentType != null) {
            meta.setContentType(contentType);
        }
        if (expectedSha256 != null) {
            meta.setSha256(expectedSha256);
        }
        try {
            requests.onNext(UploadAssetRequest.newBuilder().setMetadata(meta).build());
            byte[] buf = new byte[CHUNK];
            for (int n; (n = content.read(buf)) > 0 && !result.isDone(); ) {
                requests.onNext(UploadAssetRequest.newBuilder().setChunk(ByteString.copyFrom(buf, 0, n)).build());
            }
            requests.onCompleted();
        } catch (IOException e) {
            requests.onError(io.grpc.Status.CANCELLED.withDescription("the local input failed").asRuntimeException());
            throw new UncheckedIOException(e);
        }
        return await(result);
    }

    /** Registers an upstream asset, fetched through the server on first read. */
    public Asset createFromUrl(String id, AssetType type, String sourceUrl) {
        return CallOptionsSupport.call(() -> calls.withDeadline(blocking).createAsset(CreateAssetRequest.newBuilder()
                .setId(id == null ? "" : id).setType(type).setSourceUrl(sourceUrl).build()).getAsset());
    }

    public Asset get(String id) {
        return CallOptionsSupport.call(() -> calls.withDeadline(blocking)
                .getAsset(GetAssetRequest.newBuilder().setId(id).build()).getAsset());
    }

    /** Every asset of {@code type} (UNSPECIFIED: all), following pages. */
    public List<Asset> list(AssetType type) {
        return listAssets(type).toList();
    }

    /** The assets of {@code type} (UNSPECIFIED: all), by id, lazily. */
    public Paged<Asset> listAssets(AssetType type) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(blocking).listAssets(
                ListAssetsRequest.newBuilder().setType(type).setPageSize(size).setPageToken(token).build())),
                ListAssetsResponse::getAssetsList, ListAssetsResponse::getNextPageToken);
    }

    public void delete(String id) {
        CallOptionsSupport.call(() -> calls.withDeadline(blocking)
                .deleteAsset(DeleteAssetRequest.newBuilder().setId(id).build()));
    }

    /**
     * Streams {@code length} bytes from {@code offset} (0 and 0: the whole asset) into {@code out};
     * returns the asset's metadata. Pull-through assets are fetched upstream first if needed.
     */
    public Asset read(String id, long offset, long length, OutputStream out) {
        return CallOptionsSupport.call(() -> {
            Iterator<ReadAssetResponse> chunks = blocking.readAsset(ReadAssetRequest.newBuilder()
                    .setId(id).setOffset(offset).setLength(length).build());
            Asset asset = null;
            try {
                while (chunks.hasNext()) {
                    ReadAssetResponse r = chunks.next();
                    if (r.hasAsset()) {
                        asset = r.getAsset();
                    }
                    r.getData().writeTo(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return asset;
        });
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException) {
                throw AtlasClientException.from((StatusRuntimeException) e.getCause());
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
