package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream for pull-through tests (an Armeria server on loopback) that counts its hits per path and
 * serves one movie: {@code /movie/{name}} after 300 ms (so first reads overlap), {@code /held/{name}} its first
 * 100 000 bytes at once and the rest when the test opens the gate of {@code name}, {@code /unsized/{name}} the
 * same without a Content-Length, {@code /cut/{name}} the same but breaking the connection instead of sending the
 * rest, and {@code /status/{code}} an empty answer with that status.
 */
final class HeldUpstream implements AutoCloseable {
    static final int HELD_BYTES = 100_000;

    private final byte[] movie;
    private final ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Server server;

    HeldUpstream(byte[] movie) {
        this.movie = movie;
        this.server = Server.builder()
                .http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .decorator((delegate, ctx, req) -> {
                    hits.computeIfAbsent(ctx.path(), p -> new AtomicInteger()).incrementAndGet();
                    return delegate.serve(ctx, req);
                })
                .service("/movie/{name}", (ctx, req) -> HttpResponse.delayed(
                        HttpResponse.of(HttpStatus.OK, MediaType.parse("video/mp4"), HttpData.wrap(movie)),
                        Duration.ofMillis(300)))
                .service("/held/{name}", (ctx, req) -> held(ctx.pathParam("name"), false, true))
                .service("/unsized/{name}", (ctx, req) -> held(ctx.pathParam("name"), false, false))
                .service("/cut/{name}", (ctx, req) -> held(ctx.pathParam("name"), true, true))
                .service("/status/{code}", (ctx, req) ->
                        HttpResponse.of(HttpStatus.valueOf(Integer.parseInt(ctx.pathParam("code")))))
                .build();
        server.start().join();
    }

    private HttpResponse held(String name, boolean cut, boolean sized) {
        HttpResponseWriter w = HttpResponse.streaming();
        var headers = ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse("video/mp4"));
        w.write(sized ? headers.contentLength(movie.length).build() : headers.build());
        w.write(HttpData.wrap(movie, 0, HELD_BYTES));
        CompletableFuture.runAsync(() -> {
            try {
                gate(name).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (cut) {
                w.abort(new IOException("upstream broke down"));
                return;
            }
            w.write(HttpData.wrap(movie, HELD_BYTES, movie.length - HELD_BYTES));
            w.close();
        });
        return w;
    }

    /** The gate holding back the rest of {@code /held|unsized|cut/{name}}; count it down to release it. */
    CountDownLatch gate(String name) {
        return gates.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    /** The URL of {@code path} on this upstream. */
    String url(String path) {
        return "http://127.0.0.1:" + server.activeLocalPort() + path;
    }

    /** How many requests {@code path} received since the last {@link #reset}. */
    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Forgets the hit counts and gates (each test counts its own). */
    void reset() {
        hits.clear();
        gates.clear();
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
