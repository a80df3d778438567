package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers to the first reads of a pull-through asset while this instance fetches it, without waiting for
 * the whole fetch: HEAD from the upstream's Content-Length and Content-Type; GET (whole, or one Range
 * against the upstream's Content-Length) follows the fetch's temp file as it grows, 64 KiB at a time,
 * waiting for the client to consume each chunk. Without an upstream length, a closed Range ({@code a-b}) is
 * served as soon as its bytes are received ({@code Content-Range: bytes a-b/*}), at once when they are
 * already. The validators (ETag) are unknown until the end, so these responses have none and say
 * {@code no-cache}; requests with If-None-Match or If-Range wait for the stored asset. A body ends when its
 * last byte is written and is aborted if the fetch fails first.
 */
final class GrowingFileResponse {
    private static final int CHUNK = 64 * 1024;
    private static final Pattern CLOSED_RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");

    private GrowingFileResponse() {
    }

    /**
     * The answer to {@code req} while {@code download} runs here (its upstream answered), or null when the
     * request must wait for the stored asset: validators asked for, a length needed but not declared, or
     * the temp file gone (the fetch finished or failed meanwhile). Runs on a blocking thread.
     */
    static HttpResponse answer(RequestHeaders req, Asset asset, PullThrough.Download download, Executor blocking,
                               ContentMetrics metrics) {
        if (req.contains(HttpHeaderNames.IF_NONE_MATCH) || req.contains(HttpHeaderNames.IF_RANGE)) {
            return null;
        }
        long size = download.declaredLength();
        String type = !asset.contentType().isEmpty() ? asset.contentType()
                : download.contentType() != null ? download.contentType() : AssetRules.DEFAULT_CONTENT_TYPE;
        ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        long first = 0;
        long length = size; // -1: unknown, to the end of the fetch
        String range = req.get(HttpHeaderNames.RANGE);
        if (range != null && size >= 0) {
            HttpConditions.RangeResult r = HttpConditions.range(range, size);
            if (r instanceof HttpConditions.Unsatisfiable) {
                return HttpResponse.of(h.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).contentLength(0).build());
            }
            if (r instanceof HttpConditions.Partial p) {
                first = p.first();
                length = p.length();
                h.status(HttpStatus.PARTIAL_CONTENT).set(HttpHeaderNames.CONTENT_RANGE, p.contentRange(size));
            }
        } else if (range != null) {
            Matcher m = CLOSED_RANGE.matcher(range.trim());
            if (!m.matches()) {
                return null;
            }
            first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last < first || !arrives(download, last)) {
                return null; // past the end: the stored asset and its size answer
            }
            length = last - first + 1;
            h.status(HttpStatus.PARTIAL_CONTENT).set(HttpHeaderNames.CONTENT_RANGE, "bytes " + first + "-" + last + "/*");
        }
        boolean head = req.method() == HttpMethod.HEAD;
        if (length < 0 && head) {
            return null; // nothing to say about the length yet
        }
        if (length >= 0) {
            h.contentLength(length);
        }
        if (head || length == 0) {
            return HttpResponse.of(h.build());
        }
        FileChannel channel = download.openToFollow();
        if (channel == null) {
            return null;
        }
        StreamWriter<HttpData> body = StreamMessage.streaming();
        long from = first;
        long end = length < 0 ? Long.MAX_VALUE : first + length;
        blocking.execute(() -> pump(channel, download, body, from, end, asset, metrics));
        return HttpResponse.of(h.build(), body);
    }

    /** Waits until byte {@code last} is received (true) or the fetch is over (false). */
    private static boolean arrives(PullThrough.Download download, long last) {
        try {
            return download.awaitBeyond(last) > last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends bytes {@code position..end-1} of the growing file (to the end of the fetch if end is MAX_VALUE). */
    private static void pump(FileChannel channel, PullThrough.Download download, StreamWriter<HttpData> body,
                             long position, long end, Asset asset, ContentMetrics metrics) {
        try (channel) {
            while (true) {
                long written = download.awaitBeyond(position);
                if (written > position) {
                    ByteBuffer buf = PullThrough.Download.readWritten(channel, position,
                            (int) Math.min(CHUNK, Math.min(written, end) - position));
                    if (!body.tryWrite(HttpData.wrap(buf.array()))) {
                        return; // the client went away
                    }
                    metrics.served(asset.type(), ContentMetrics.Transport.HTTP, buf.capacity());
                    position += buf.capacity();
                    if (position >= end) {
                        body.close();
                        return;
                    }
                    body.whenConsumed().get();
                } else if (download.done().isCompletedExceptionally() || end != Long.MAX_VALUE) {
                    // Failed, or ended before the bytes the headers promised.
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
