package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.p3.atlas.server.content.ContentTesting.random;
import static io.p3.atlas.server.content.ContentTesting.sha256;
import static io.p3.atlas.server.content.ContentTesting.tempFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.testing.Observers;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.AssetType;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * StreamService's asset RPCs over grpc-java and gRPC-Web against the real server on PostgreSQL, once with
 * blobs in files and once with blobs on S3 (s3proxy).
 */
@ClassTemplate
class StreamServiceIT {
    static final int MAX = 12 * 1024 * 1024;

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().onEachBlobStore()
            .env("ATLAS_MAX_ASSET_BYTES", Integer.toString(MAX))
            .env("ATLAS_CACHE_MEMORY_BYTES", Integer.toString(16 * 1024 * 1024));

    static StreamServiceGrpc.StreamServiceBlockingStub blocking() {
        return StreamServiceGrpc.newBlockingStub(server.channel());
    }



    static UploadAssetRequest meta(String id, AssetType type, String sha) {
        return UploadAssetRequest.newBuilder().setMetadata(UploadAssetMetadata.newBuilder()
                .setId(id).setType(type).setContentType("video/mp4").setSha256(sha)).build();
    }

    /** Uploads {@code bytes} in 64 KiB chunks; returns the call's outcome. */
    static CompletableFuture<UploadAssetResponse> upload(UploadAssetRequest metadata, byte[] bytes) {
        CompletableFuture<UploadAssetResponse> result = new CompletableFuture<>();
        StreamObserver<UploadAssetRequest> out = StreamServiceGrpc.newStub(server.channel()).uploadAsset(
                Observers.into(result));
        out.onNext(metadata);
        for (int i = 0; i < bytes.length; i += 64 * 1024) {
            out.onNext(UploadAssetRequest.newBuilder()
                    .setChunk(ByteString.copyFrom(bytes, i, Math.min(64 * 1024, bytes.length - i))).build());
        }
        out.onCompleted();
        return result;
    }

    static Status.Code failure(CompletableFuture<?> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
        return ((StatusRuntimeException) e.getCause()).getStatus().getCode();
    }

    static byte[] readAll(Iterator<ReadAssetResponse> it, List<ReadAssetResponse> seen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (it.hasNext()) {
            ReadAssetResponse r = it.next();
            seen.add(r.toBuilder().clearData().build());
            assertTrue(r.getData().size() <= 64 * 1024, "chunk of " + r.getData().size());
            assertEquals(out.size() + seen.get(0).getOffset(), r.getOffset());
            out.writeBytes(r.getData().toByteArray());
        }
        return out.toByteArray();
    }


    @Test
    void uploadLargerThanArmeriasDefaultCapThenReadItBackInChunks() throws Exception {
        byte[] movie = random(11 * 1024 * 1024, 1);
        UploadAssetResponse res = upload(meta("movie", AssetType.ASSET_TYPE_MEDIA, sha256(movie)), movie)
                .get(60, TimeUnit.SECONDS);
        assertEquals("movie", res.getAsset().getId());
        assertEquals(movie.length, res.getAsset().getSize());
        assertEquals(sha256(movie), res.getAsset().getSha256());
        assertEquals("/content/movie", res.getAsset().getUrl());
        assertTrue(res.getAsset().getFetched());

        List<ReadAssetResponse> seen = new ArrayList<>();
        byte[] back = readAll(blocking().readAsset(ReadAssetRequest.newBuilder().setId("movie").build()), seen);
        assertArrayEquals(movie, back);
        assertEquals("movie", seen.get(0).getAsset().getId());
        assertFalse(seen.get(1).hasAsset(), "metadata only on the first message");

        seen.clear();
        byte[] slice = readAll(blocking().readAsset(ReadAssetRequest.newBuilder().setId("movie")
                .setOffset(100_000).setLength(200_000).build()), seen);
        assertArrayEquals(Arrays.copyOfRange(movie, 100_000, 300_000), slice);
        assertEquals(100_000, seen.get(0).getOffset());
    }

    @Test
    void readHonoursClientFlowControl() throws Exception {
        byte[] clip = random(2 * 1024 * 1024 + 7, 2);
        upload(meta("flow", AssetType.ASSET_TYPE_MEDIA, ""), clip).get(30, TimeUnit.SECONDS);
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        StreamServiceGrpc.newStub(server.channel()).readAsset(ReadAssetRequest.newBuilder().setId("flow").build(),
                new ClientResponseObserver<ReadAssetRequest, ReadAssetResponse>() {
                    ClientCallStreamObserver<ReadAssetRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<ReadAssetRequest> requestStream) {
                        call = requestStream;
                        requestStream.disableAutoRequestWithInitial(1);
                    }

                    @Override
                    public void onNext(ReadAssetResponse value) {
                        got.writeBytes(value.getData().toByteArray());
                        call.request(1); // one message at a time: the server must wait for us
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(got.toByteArray());
                    }
                });
        assertArrayEquals(clip, done.get(30, TimeUnit.SECONDS));
    }

    @Test
    void readValidatesOffsetAndLength() throws Exception {
        upload(meta("small", AssetType.ASSET_TYPE_SDK, ""), new byte[] {1, 2, 3}).get(30, TimeUnit.SECONDS);
        assertCode(Status.Code.INVALID_ARGUMENT, "offset", ReadAssetRequest.newBuilder().setId("small").setOffset(-1));
        assertCode(Status.Code.INVALID_ARGUMENT, "length", ReadAssetRequest.newBuilder().setId("small").setLength(-1));
        assertCode(Status.Code.OUT_OF_RANGE, "offset", ReadAssetRequest.newBuilder().setId("small").setOffset(4));
        assertCode(Status.Code.NOT_FOUND, "nope", ReadAssetRequest.newBuilder().setId("nope"));
        List<ReadAssetResponse> seen = new ArrayList<>();
        assertEquals(0, readAll(blocking().readAsset(ReadAssetRequest.newBuilder().setId("small").setOffset(3).build()),
                seen).length);
        assertEquals(1, seen.size(), "reading at the end answers one empty chunk with the metadata");
        assertEquals(2, readAll(blocking().readAsset(ReadAssetRequest.newBuilder().setId("small").setOffset(1)
                .setLength(100).build()), new ArrayList<>()).length);
    }

    static void assertCode(Status.Code code, String inMessage, ReadAssetRequest.Builder req) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> blocking().readAsset(req.build()).hasNext());
        assertEquals(code, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(inMessage), e.getStatus().getDescription());
    }

    @Test
    void mismatchTooLargeAndBadMetadataStoreNothing() throws Exception {
        byte[] b = random(1000, 3);
        assertEquals(Status.Code.INVALID_ARGUMENT, failure(upload(meta("bad", AssetType.ASSET_TYPE_MEDIA,
                sha256(new byte[] {0})), b)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, failure(upload(meta("huge", AssetType.ASSET_TYPE_MEDIA, ""),
                new byte[MAX + 1])));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure(upload(UploadAssetRequest.newBuilder()
                .setChunk(ByteString.copyFrom(b)).build(), b)));
        for (String id : List.of("bad", "huge")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blocking().getAsset(GetAssetRequest.newBuilder().setId(id).build()));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        }
        assertEquals(0, tempFiles(server));
    }

    @Test
    void uploadAbortedMidStreamLeavesNoTempFileAndNoRow() throws Exception {
        CompletableFuture<UploadAssetResponse> result = new CompletableFuture<>();
        StreamObserver<UploadAssetRequest> out = StreamServiceGrpc.newStub(server.channel()).uploadAsset(
                Observers.into(result));
        out.onNext(meta("aborted", AssetType.ASSET_TYPE_MEDIA, ""));
        out.onNext(UploadAssetRequest.newBuilder().setChunk(ByteString.copyFrom(random(100_000, 4))).build());
        awaitTempFiles(1); // the server is mid-upload
        out.onError(new RuntimeException("client gives up"));
        assertEquals(Status.Code.CANCELLED, failure(result));
        awaitTempFiles(0);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> blocking().getAsset(GetAssetRequest.newBuilder().setId("aborted").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    /** Waits (up to 20 s) until the blob temp dir holds {@code n} files. */
    static void awaitTempFiles(long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tempFiles(server) != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, tempFiles(server));
    }

    @Test
    void idempotentReuploadAndImmutability() throws Exception {
        byte[] v1 = random(5000, 5);
        String first = upload(meta("imm", AssetType.ASSET_TYPE_BUNDLE, ""), v1).get(30, TimeUnit.SECONDS)
                .getAsset().getSha256();
        assertEquals(first, upload(meta("imm", AssetType.ASSET_TYPE_BUNDLE, ""), v1).get(30, TimeUnit.SECONDS)
                .getAsset().getSha256());
        assertEquals(Status.Code.ALREADY_EXISTS,
                failure(upload(meta("imm", AssetType.ASSET_TYPE_BUNDLE, ""), random(5000, 6))));
        blocking().deleteAsset(DeleteAssetRequest.newBuilder().setId("imm").build());
        assertEquals(sha256(random(5000, 6)), upload(meta("imm", AssetType.ASSET_TYPE_BUNDLE, ""), random(5000, 6))
                .get(30, TimeUnit.SECONDS).getAsset().getSha256());
    }

    @Test
    void grpcWebCanGetAndListAssets() throws Exception {
        upload(meta("web-1", AssetType.ASSET_TYPE_GAME, ""), new byte[] {9}).get(30, TimeUnit.SECONDS);
        StreamServiceGrpc.StreamServiceBlockingStub web = GrpcClients.builder(server.baseUri())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .build(StreamServiceGrpc.StreamServiceBlockingStub.class);
        assertEquals(1, web.getAsset(GetAssetRequest.newBuilder().setId("web-1").build()).getAsset().getSize());
        ListAssetsResponse list = web.listAssets(ListAssetsRequest.newBuilder().setType(AssetType.ASSET_TYPE_GAME)
                .build());
        assertTrue(list.getAssetsList().stream().anyMatch(a -> a.getId().equals("web-1")));
        assertTrue(list.getAssetsList().stream().allMatch(a -> a.getType() == AssetType.ASSET_TYPE_GAME));
        Iterator<ReadAssetResponse> read = web.readAsset(ReadAssetRequest.newBuilder().setId("web-1").build());
        assertEquals(ByteString.copyFrom(new byte[] {9}), read.next().getData());
    }
}
