package io.p3.atlas.server.catalog;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback serving playlists with an ETag (answering 304 to a matching
 * If-None-Match) and counting full (200) responses per path.
 */
final class PlaylistServer implements AutoCloseable {
    private final Server server;
    final ConcurrentHashMap<String, AtomicInteger> fullResponses = new ConcurrentHashMap<>();

    PlaylistServer() {
        this.server = Server.builder()
                .http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .service("/ca.m3u", (ctx, req) -> playlist("/ca.m3u", CatalogStoreContract.fixture("iptv-org-ca.m3u"),
                        req.headers().get(HttpHeaderNames.IF_NONE_MATCH)))
                .service("/de.m3u", (ctx, req) -> playlist("/de.m3u",
                        CatalogStoreContract.fixture("iptv-org-de-excerpt.m3u"), req.headers().get(HttpHeaderNames.IF_NONE_MATCH)))
                .service("/latin1.m3u", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
                        MediaType.parse("audio/x-mpegurl; charset=iso-8859-1"),
                        HttpData.wrap("#EXTM3U\n#EXTINF:-1,Caf\u00e9 TV\nhttp://cafe.example/\n"
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))))
                .service("/big.m3u", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8,
                        "#EXTM3U\n" + "#EXTINF:-1,Big\nhttp://big.example/x\n".repeat(5_000)))
                .service("/html", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.HTML_UTF_8, "<html></html>"))
                .service("/missing", (ctx, req) -> HttpResponse.of(HttpStatus.NOT_FOUND))
                .build();
        server.start().join();
    }

    private HttpResponse playlist(String path, String body, String ifNoneMatch) {
        String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NOT_MODIFIED).set(HttpHeaderNames.ETAG, etag)
                    .build());
        }
        fullResponses.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse("audio/x-mpegurl"))
                .set(HttpHeaderNames.ETAG, etag).build(), HttpData.ofUtf8(body));
    }

    int full(String path) {
        return fullResponses.getOrDefault(path, new AtomicInteger()).get();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.activeLocalPort() + path;
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
