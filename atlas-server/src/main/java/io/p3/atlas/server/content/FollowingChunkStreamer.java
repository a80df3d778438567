package io.p3.atlas.server.content;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.ServerCallStreamObserver;
import io.p3.atlas.v1.ReadAssetResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A ReadAsset that follows a pull-through download as it arrives (the gRPC twin of
 * {@link GrowingFileResponse}): it reads the download's temp file up to the bytes written so far, in
 * chunks of at most 64 KiB, sending only while the call is ready (gRPC flow control). It runs on its own
 * blocking thread, waiting for the download ({@link PullThrough.Download#awaitBeyond}) or for onReady.
 * The first message carries the pre-fetch Asset (not fetched, no size or sha256 yet). An offset beyond
 * the bytes received waits for them; only when the download ends short of it is the call OUT_OF_RANGE.
 * Without a length the call completes once the asset is stored; a failed download fails the call.
 */
final class FollowingChunkStreamer implements Runnable {
    private final ServerCallStreamObserver<ReadAssetResponse> call;
    private final AssetService.Follow follow;
    private final FileChannel channel;
    private final ContentMetrics metrics;

    private FollowingChunkStreamer(ServerCallStreamObserver<ReadAssetResponse> call, AssetService.Follow follow,
                                   FileChannel channel, ContentMetrics metrics) {
        this.call = call;
        this.follow = follow;
        this.channel = channel;
        this.metrics = metrics;
    }

    /**
     * A streamer following the download, or null when its temp file is gone (the fetch finished or failed
     * meanwhile: the caller answers from the outcome). Registers the readiness and cancel handlers.
     */
    static FollowingChunkStreamer open(ServerCallStreamObserver<ReadAssetResponse> call, AssetService.Follow follow,
                                       ContentMetrics metrics) {
        FileChannel channel = follow.download().openToFollow();
        if (channel == null) {
            return null;
        }
        FollowingChunkStreamer streamer = new FollowingChunkStreamer(call, follow, channel, metrics);
        call.setOnReadyHandler(streamer::wake);
        call.setOnCancelHandler(streamer::wake);
        return streamer;
    }

    @Override
    public void run() {
        PullThrough.Download download = follow.download();
        long position = follow.offset();
        long end = follow.length() == 0 || follow.length() > Long.MAX_VALUE - position
                ? Long.MAX_VALUE : position + follow.length();
        boolean first = true;
        try (channel) {
            while (awaitReady()) {
                long written = download.awaitBeyond(position);
                if (written > position) {
                    int n = (int) Math.min(AssetChunkStreamer.CHUNK, Math.min(written, end) - position);
                    send(position, PullThrough.Download.readWritten(channel, position, n), first);
                    first = false;
                    position += n;
                    if (position >= end) {
                        call.onCompleted();
                        return;
                    }
                } else if (download.done().isCompletedExceptionally()) {
                    call.onError(download.done().handle((asset, error) -> error).join());
                    return;
                } else if (download.done().isDone()) {
                    if (position > written) {
                        call.onError(AssetService.outOfRange(follow.asset().id(), position, written));
                        return;
                    }
                    if (first) {
                        send(position, ByteBuffer.allocate(0), true); // offset == size: just the asset
                    }
                    call.onCompleted();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            call.onError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(e);
        }
    }

    private void send(long position, ByteBuffer data, boolean first) {
        int n = data.remaining();
        ReadAssetResponse.Builder msg = ReadAssetResponse.newBuilder()
                .setOffset(position)
                .setData(UnsafeByteOperations.unsafeWrap(data));
        if (first) {
            msg.setAsset(AssetProtos.toProto(follow.asset()));
        }
        call.onNext(msg.build());
        metrics.served(follow.asset().type(), ContentMetrics.Transport.GRPC, n);
    }

    /** Waits until the call can take a message; false when the client went away. */
    private synchronized boolean awaitReady() throws InterruptedException {
        while (!call.isCancelled() && !call.isReady()) {
            wait(1000);
        }
        return !call.isCancelled();
    }

    private synchronized void wake() {
        notifyAll();
    }
}
