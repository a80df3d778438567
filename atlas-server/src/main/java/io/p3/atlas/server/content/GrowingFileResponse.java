package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The first readers of a pull-through asset get its bytes while the upstream fetch writes them: the body
 * follows the fetch's temp file as it grows (64 KiB at a time, waiting for the client to consume each
 * chunk), ends when the fetch completes and is aborted if it fails. The validators (ETag) are unknown
 * until the end, so this response has none; later reads get the full treatment from the stored blob.
 */
final class GrowingFileResponse {
    private static final int CHUNK = 64 * 1024;

    private GrowingFileResponse() {
    }

    /**
     * The response following {@code download}, or null when its file is gone (the fetch finished or
     * failed meanwhile: the caller answers from the outcome). Runs on a blocking thread.
     */
    static HttpResponse follow(Asset asset, PullThrough.Download download, Executor blocking, ContentMetrics metrics) {
        FileChannel channel = download.openToFollow();
        if (channel == null) {
            return null;
        }
        String type = !asset.contentType().isEmpty() ? asset.contentType()
                : download.contentType() != null ? download.contentType() : AssetRules.DEFAULT_CONTENT_TYPE;
        ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (download.declaredLength() >= 0) {
            h.contentLength(download.declaredLength());
        }
        StreamWriter<HttpData> body = StreamMessage.streaming();
        blocking.execute(() -> pump(channel, download, body, asset, metrics));
        return HttpResponse.of(h.build(), body);
    }

    private static void pump(FileChannel channel, PullThrough.Download download, StreamWriter<HttpData> body,
                             Asset asset, ContentMetrics metrics) {
        try (channel) {
            long position = 0;
            while (true) {
                long written = download.awaitBeyond(position);
                if (written > position) {
                    ByteBuffer buf = PullThrough.Download.readWritten(channel, position,
                            (int) Math.min(CHUNK, written - position));
                    if (!body.tryWrite(HttpData.wrap(buf.array()))) {
                        return; // the client went away
                    }
                    metrics.served(asset.type(), ContentMetrics.Transport.HTTP, buf.capacity());
                    position += buf.capacity();
                    body.whenConsumed().get();
                } else if (download.done().isCompletedExceptionally()) {
                    body.abort(new IOException("the upstream fetch failed"));
                    return;
                } else if (download.done().isDone()) {
                    body.close();
                    return;
                }
            }
        } catch (IOException | ExecutionException e) {
            body.abort(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.abort(e);
        }
    }
}
