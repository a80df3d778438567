package io.p3.atlas.server.upstream;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback address, playing the upstream: plain bodies with validators, fixed and
 * chunked bodies of any size, redirects, error statuses and stalls. Counts the requests it receives.
 */
final class LocalUpstream implements AutoCloseable {
    static final String ETAG = "\"v1\"";
    static final String LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT";
    static final String HELLO = "hello upstream";

    private final Server server;
    private final String host;
    final AtomicInteger hits = new AtomicInteger();

    LocalUpstream(String host) {
        this.host = host;
        this.server = Server.builder()
                .http(new InetSocketAddress(host, 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .requestTimeout(Duration.ZERO)
                .decorator((delegate, ctx, req) -> {
                    hits.incrementAndGet();
                    return delegate.serve(ctx, req);
                })
                .service("/hello", (ctx, req) -> {
                    String inm = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
                    String ims = req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
                    com.linecorp.armeria.common.ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.OK);
                    if (ETAG.equals(inm) || (inm == null && LAST_MODIFIED.equals(ims))) {
                        h.status(HttpStatus.NOT_MODIFIED);
                    }
                    h.contentType(MediaType.PLAIN_TEXT_UTF_8).set(HttpHeaderNames.ETAG, ETAG)
                            .set(HttpHeaderNames.LAST_MODIFIED, LAST_MODIFIED);
                    ResponseHeaders headers = h.build();
                    return headers.status() == HttpStatus.NOT_MODIFIED ? HttpResponse.of(headers)
                            : HttpResponse.of(headers, HttpData.ofUtf8(HELLO));
                })
                // Content-Length declared up front.
                .service("/fixed/{n}", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.OCTET_STREAM,
                        bytes(Integer.parseInt(ctx.pathParam("n")))))
                // No Content-Length: chunked, 64 KiB at a time.
                .service("/chunked/{n}", (ctx, req) -> chunked(Integer.parseInt(ctx.pathParam("n"))))
                .service("/redirect/{n}", (ctx, req) -> {
                    int n = Integer.parseInt(ctx.pathParam("n"));
                    return n == 0 ? HttpResponse.of("arrived")
                            : redirect(HttpStatus.FOUND, "/redirect/" + (n - 1));
                })
                .service("/redirect-to", (ctx, req) -> redirect(HttpStatus.TEMPORARY_REDIRECT, ctx.queryParam("url")))
                .service("/status/{code}", (ctx, req) ->
                        HttpResponse.of(HttpStatus.valueOf(Integer.parseInt(ctx.pathParam("code")))))
                // Headers never come.
                .service("/stall-headers", (ctx, req) -> HttpResponse.streaming())
                // Headers and a first chunk, then nothing.
                .service("/stall-body", (ctx, req) -> {
                    HttpResponseWriter w = HttpResponse.streaming();
                    w.write(ResponseHeaders.of(HttpStatus.OK));
                    w.write(HttpData.ofUtf8("partial"));
                    return w;
                })
                .build();
        server.start().join();
    }

    private static HttpResponse redirect(HttpStatus status, String location) {
        return HttpResponse.of(ResponseHeaders.builder(status).set(HttpHeaderNames.LOCATION, location).build());
    }

    private static HttpResponse chunked(int size) {
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.OCTET_STREAM.toString()));
        for (int off = 0; off < size; off += 65536) {
            byte[] chunk = bytes(off, Math.min(65536, size - off));
            w.write(HttpData.wrap(chunk));
        }
        w.close();
        return w;
    }

    /** {@code n} bytes of a repeating pattern, the same on every call. */
    static byte[] bytes(int n) {
        return bytes(0, n);
    }

    /** Bytes {@code from} to {@code from + n} of that pattern. */
    static byte[] bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((from + i) % 251);
        }
        return b;
    }

    int port() {
        return server.activeLocalPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://" + host + ":" + port() + pathAndQuery);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
