package io.p3.atlas.server.content;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.ServerCallStreamObserver;
import io.p3.atlas.v1.ReadAssetResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Sends one ReadAsset slice in chunks of at most 64 KiB, only while the call is ready (gRPC flow
 * control): when the client reads slowly, the server waits for onReady instead of buffering the file.
 */
final class AssetChunkStreamer implements Runnable {
    static final int CHUNK = 64 * 1024;

    private final ServerCallStreamObserver<ReadAssetResponse> call;
    private final Asset asset;
    private final ContentSource.Content content;
    private final ContentMetrics metrics;
    private final long end;
    private long position;
    private InputStream stored;
    private boolean first = true;
    private boolean done;

    AssetChunkStreamer(ServerCallStreamObserver<ReadAssetResponse> call, Asset asset, ContentSource.Content content,
                       long offset, long length, ContentMetrics metrics) {
        this.call = call;
        this.asset = asset;
        this.content = content;
        this.metrics = metrics;
        this.position = offset;
        this.end = offset + length;
        // Opened now, so a blob missing from the store fails the call before any message is sent.
        if (content instanceof ContentSource.Stored s && length > 0) {
            this.stored = s.open(offset, length);
        }
    }

    /** Registers for readiness and cancellation, then sends what flow control allows now. */
    void start() {
        call.setOnCancelHandler(this::close);
        call.setOnReadyHandler(this);
        run();
    }

    @Override
    public synchronized void run() {
        if (done) {
            return;
        }
        if (call.isCancelled()) {
            close(); // cancelled before the cancel handler was set: release the blob stream
            return;
        }
        try {
            while (!done && call.isReady()) {
                int n = (int) Math.min(CHUNK, end - position);
                ReadAssetResponse.Builder msg = ReadAssetResponse.newBuilder()
                        .setOffset(position)
                        .setData(read(n));
                if (first) {
                    msg.setAsset(AssetProtos.toProto(asset));
                    first = false;
                }
                call.onNext(msg.build());
                metrics.served(asset.type(), ContentMetrics.Transport.GRPC, n);
                position += n;
                if (position >= end) {
                    close();
                    call.onCompleted();
                }
            }
        } catch (RuntimeException e) {
            close();
            call.onError(e);
        }
    }

    private ByteString read(int n) {
        if (n == 0) {
            return ByteString.EMPTY;
        }
        if (content instanceof ContentSource.InMemory m) {
            return ByteString.copyFrom(m.bytes(), (int) position, n);
        }
        try {
            byte[] bytes = stored.readNBytes(n);
            if (bytes.length < n) {
                throw new EOFException("blob of asset '" + asset.id() + "' is shorter than recorded");
            }
            return UnsafeByteOperations.unsafeWrap(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void close() {
        done = true;
        if (stored != null) {
            try {
                stored.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
            stored = null;
        }
    }
}
