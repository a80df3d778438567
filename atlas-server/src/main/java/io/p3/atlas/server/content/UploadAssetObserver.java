package io.p3.atlas.server.content;

import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.v1.UploadAssetMetadata;
import io.p3.atlas.v1.UploadAssetRequest;
import io.p3.atlas.v1.UploadAssetResponse;

/**
 * One UploadAsset call: metadata first, then chunks into a temp blob; committed only on a clean end
 * of stream. A broken stream (client cancel, deadline) or any failure discards the temp file.
 * grpc callbacks of one call arrive one at a time (Armeria runs them on a sequential blocking executor).
 */
final class UploadAssetObserver implements StreamObserver<UploadAssetRequest> {
    private final AssetService assets;
    private final StreamObserver<UploadAssetResponse> out;
    private AssetService.UploadSpec spec;
    private AssetUpload upload;
    private boolean done;

    UploadAssetObserver(AssetService assets, StreamObserver<UploadAssetResponse> out) {
        this.assets = assets;
        this.out = out;
    }

    @Override
    public void onNext(UploadAssetRequest req) {
        if (done) {
            return;
        }
        try {
            if (spec == null) {
                if (!req.hasMetadata()) {
                    throw AtlasException.invalidArgument("metadata",
                            "the first UploadAssetRequest must carry metadata (id, type, content_type, sha256)");
                }
                UploadAssetMetadata m = req.getMetadata();
                spec = assets.uploadSpec(m.getId(), AssetProtos.kind(m.getType(), "type"), m.getContentType(), m.getSha256());
                upload = assets.startUpload();
            } else if (req.hasMetadata()) {
                throw AtlasException.invalidArgument("metadata", "only the first UploadAssetRequest carries metadata");
            } else {
                upload.write(req.getChunk().asReadOnlyByteBuffer());
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        // The client went away (cancelled, deadline, connection lost): keep nothing.
        done = true;
        discard();
    }

    @Override
    public void onCompleted() {
        if (done) {
            return;
        }
        try {
            if (spec == null) {
                throw AtlasException.invalidArgument("metadata", "the stream ended before any metadata was sent");
            }
            Asset asset = upload.commit(spec);
            done = true;
            discard();
            out.onNext(UploadAssetResponse.newBuilder().setAsset(AssetProtos.toProto(asset)).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        done = true;
        discard();
        out.onError(e);
    }

    private void discard() {
        if (upload != null) {
            upload.close();
        }
    }
}
