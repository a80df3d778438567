package io.p3.atlas.server.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher against real HTTP servers on loopback (the guard is lifted, except where a test says so). */
class UpstreamFetcherIT {
    private static final String FIELD = "playlist_url";
    private static final long MIB = 1 << 20;

    private static LocalUpstream upstream;

    private SimpleMeterRegistry meters;
    private UpstreamFetcher fetcher;

    @BeforeAll
    static void startUpstream() {
        upstream = new LocalUpstream("127.0.0.1");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @BeforeEach
    void newFetcher() {
        meters = new SimpleMeterRegistry();
        fetcher = new UpstreamFetcher(config(5, true), meters);
    }

    @AfterEach
    void closeFetcher() {
        fetcher.close();
    }

    static UpstreamConfig config(int maxRedirects, boolean allowPrivate) {
        return new UpstreamConfig(Duration.ofSeconds(1), Duration.ofMillis(500), maxRedirects, allowPrivate);
    }

    private static byte[] readAll(UpstreamResponse response, InputStream in) throws java.io.IOException {
        return in.readAllBytes();
    }

    private byte[] fetch(String path, long maxBytes) {
        return fetcher.get(UpstreamRequest.get(upstream.uri(path), FIELD, maxBytes), UpstreamFetcherIT::readAll)
                .value();
    }

    private AtlasException failure(String path, long maxBytes) {
        return assertThrows(AtlasException.class, () -> fetch(path, maxBytes));
    }

    /** Fetching {@code path} fails with {@code code} and a message containing {@code text}. */
    private AtlasException failure(String path, long maxBytes, ErrorCode code, String text) {
        AtlasException e = failure(path, maxBytes);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        return e;
    }

    private double requests(String outcome) {
        return meters.counter("atlas.upstream.requests", "outcome", outcome).count();
    }

    @Test
    void streamsTheBodyWithItsValidatorsAndCountsIt() {
        UpstreamResult<byte[]> result = fetcher.get(UpstreamRequest.get(upstream.uri("/hello"), FIELD, MIB),
                UpstreamFetcherIT::readAll);

        assertFalse(result.notModified());
        assertEquals(LocalUpstream.HELLO, LocalUpstream.utf8(result.value()));
        UpstreamResponse r = result.response();
        assertEquals(200, r.status());
        assertEquals(upstream.uri("/hello"), r.finalUri());
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        assertEquals(LocalUpstream.HELLO.length(), r.contentLength());
        assertEquals(LocalUpstream.ETAG, r.etag());
        assertEquals(LocalUpstream.LAST_MODIFIED, r.lastModified());
        assertEquals(1, requests("ok"));
        assertEquals(LocalUpstream.HELLO.length(), meters.counter("atlas.upstream.bytes").count());
    }

    @Test
    void streamsALargeChunkedBodyInPieces() throws Exception {
        int size = 8 * (int) MIB + 123;
        AtomicInteger largestRead = new AtomicInteger();
        byte[] digest = fetcher.get(UpstreamRequest.get(upstream.uri("/chunked/" + size), FIELD, 16 * MIB),
                (response, in) -> {
                    assertEquals(-1, response.contentLength());
                    MessageDigest sha = sha256();
                    byte[] buf = new byte[1 << 20];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        largestRead.accumulateAndGet(n, Math::max);
                        sha.update(buf, 0, n);
                    }
                    return sha.digest();
                }).value();

        assertArrayEquals(sha256().digest(LocalUpstream.bytes(size)), digest);
        assertTrue(largestRead.get() <= 65536, "one chunk at a time, got a read of " + largestRead.get());
        assertEquals(size, meters.counter("atlas.upstream.bytes").count());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aReaderThatStopsEarlyAbandonsTheTransferAndTheFetcherKeepsWorking() {
        String first = fetcher.get(UpstreamRequest.get(upstream.uri("/chunked/" + 4 * MIB), FIELD, 8 * MIB),
                (response, in) -> new String(in.readNBytes(3), java.nio.charset.StandardCharsets.ISO_8859_1)).value();
        assertEquals(3, first.length());
        assertTrue(meters.counter("atlas.upstream.bytes").count() < 4 * MIB);
        assertEquals(LocalUpstream.HELLO, LocalUpstream.utf8(fetch("/hello", MIB)));
    }

    @Test
    void aDeclaredContentLengthOverTheCapFailsBeforeTheReaderRuns() {
        AtomicInteger calls = new AtomicInteger();
        AtlasException e = assertThrows(AtlasException.class, () -> fetcher.get(
                UpstreamRequest.get(upstream.uri("/fixed/2000"), FIELD, 1000), (r, in) -> calls.incrementAndGet()));
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().startsWith(FIELD + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("Content-Length 2000"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 1000 bytes"), e.getMessage());
        assertEquals(0, calls.get());
        assertEquals(1, requests("too_large"));
    }

    @Test
    void aChunkedBodyOverTheCapFailsWhileStreaming() {
        failure("/chunked/" + 3 * MIB, MIB + 1, ErrorCode.FAILED_PRECONDITION,
                "limit of " + (MIB + 1) + " bytes (1.0 MiB)");
        assertTrue(meters.counter("atlas.upstream.bytes").count() < 3 * MIB);
        assertEquals(1, requests("too_large"));
    }

    @Test
    void aBodyExactlyAtTheCapIsAccepted() {
        assertEquals(1000, fetch("/chunked/1000", 1000).length);
        assertEquals(1000, fetch("/fixed/1000", 1000).length);
    }

    @Test
    void followsRedirectsUpToTheLimit() {
        UpstreamResult<byte[]> result = fetcher.get(UpstreamRequest.get(upstream.uri("/redirect/5"), FIELD, MIB),
                UpstreamFetcherIT::readAll);
        assertEquals("arrived", LocalUpstream.utf8(result.value()));
        assertEquals(upstream.uri("/redirect/0"), result.response().finalUri());
        assertEquals(5, meters.counter("atlas.upstream.redirects").count());

        failure("/redirect/6", MIB, ErrorCode.UNAVAILABLE, "more than 5 redirects");
        assertEquals(1, requests("too_many_redirects"));
    }

    @Test
    void noRedirectsWhenTheLimitIsZero() {
        try (UpstreamFetcher strict = new UpstreamFetcher(config(0, true), meters)) {
            AtlasException e = assertThrows(AtlasException.class, () -> strict.get(
                    UpstreamRequest.get(upstream.uri("/redirect/1"), FIELD, MIB), UpstreamFetcherIT::readAll));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
        }
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() {
        AtlasException e = failure("/redirect-to?url=file:///etc/passwd", MIB, ErrorCode.FAILED_PRECONDITION,
                "redirected to an unusable URL");
        assertTrue(e.getMessage().contains("'file'"), e.getMessage());
    }

    @Test
    void conditionalGetAnswersNotModifiedWithoutCallingTheReader() {
        AtomicInteger calls = new AtomicInteger();
        UpstreamResult<Integer> byEtag = fetcher.get(UpstreamRequest.conditional(upstream.uri("/hello"), FIELD, MIB,
                LocalUpstream.ETAG, null), (r, in) -> calls.incrementAndGet());
        assertTrue(byEtag.notModified());
        assertNull(byEtag.value());
        assertEquals(304, byEtag.response().status());
        assertEquals(LocalUpstream.ETAG, byEtag.response().etag());

        UpstreamResult<Integer> byDate = fetcher.get(UpstreamRequest.conditional(upstream.uri("/hello"), FIELD, MIB,
                null, LocalUpstream.LAST_MODIFIED), (r, in) -> calls.incrementAndGet());
        assertTrue(byDate.notModified());

        UpstreamResult<Integer> changed = fetcher.get(UpstreamRequest.conditional(upstream.uri("/hello"), FIELD, MIB,
                "\"v0\"", null), (r, in) -> calls.incrementAndGet());
        assertFalse(changed.notModified());
        assertEquals(1, changed.value());
        assertEquals(1, calls.get());
        assertEquals(2, requests("not_modified"));
    }

    @Test
    void headersThatNeverComeAreUnavailable() {
        failure("/stall-headers", MIB, ErrorCode.UNAVAILABLE, "did not answer");
        assertEquals(1, requests("timeout"));
    }

    @Test
    void theReadTimeoutIsTheWaitForTheAnswerNotConnectPlusRead() {
        // Connect timeout 5 s, read timeout 0.5 s: an upstream that accepts and never answers costs 0.5 s.
        try (UpstreamFetcher f = new UpstreamFetcher(new UpstreamConfig(Duration.ofSeconds(5), Duration.ofMillis(500),
                5, true), meters)) {
            long start = System.nanoTime();
            AtlasException e = assertThrows(AtlasException.class, () -> f.get(
                    UpstreamRequest.get(upstream.uri("/stall-headers"), FIELD, MIB), UpstreamFetcherIT::readAll));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("did not answer within PT0.5S (ATLAS_UPSTREAM_READ_TIMEOUT)"),
                    e.getMessage());
            assertTrue(waitedMs < 4_000, "waited " + waitedMs + " ms, not the 5.5 s of connect + read timeouts");
        }
    }

    @Test
    void aBodyThatStallsIsUnavailable() {
        failure("/stall-body", MIB, ErrorCode.UNAVAILABLE, "sent no data for PT0.5S");
        assertEquals("partial".length(), meters.counter("atlas.upstream.bytes").count());
    }

    @Test
    void upstreamServerErrorsAreUnavailable() {
        failure("/status/503", MIB, ErrorCode.UNAVAILABLE, "503 Service Unavailable");
        assertEquals(ErrorCode.UNAVAILABLE, failure("/status/500", MIB).code());
        assertEquals(2, requests("upstream_5xx"));
    }

    @Test
    void anUpstreamAskingToRetryLaterIsUnavailable() {
        failure("/status/429", MIB, ErrorCode.UNAVAILABLE, "429 Too Many Requests; retry later");
        failure("/status/408", MIB, ErrorCode.UNAVAILABLE, "408 Request Timeout; retry later");
    }

    @Test
    void upstreamClientErrorsAreFailedPreconditionAndNeverReachTheReader() {
        AtomicInteger calls = new AtomicInteger();
        AtlasException e = assertThrows(AtlasException.class, () -> fetcher.get(
                UpstreamRequest.get(upstream.uri("/status/404"), FIELD, MIB), (r, in) -> calls.incrementAndGet()));
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().startsWith(FIELD + ": the upstream http://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("404 Not Found"), e.getMessage());
        assertEquals(ErrorCode.FAILED_PRECONDITION, failure("/status/403", MIB).code());
        assertEquals(0, calls.get());
        assertEquals(2, requests("upstream_4xx"));
    }

    @Test
    void aClosedPortIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        AtlasException e = assertThrows(AtlasException.class, () -> fetcher.get(
                UpstreamRequest.get(URI.create("http://127.0.0.1:" + port + "/"), FIELD, MIB),
                UpstreamFetcherIT::readAll));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("cannot connect to the upstream 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void anUntrustedCertificateIsUnavailable() {
        com.linecorp.armeria.server.Server tls = com.linecorp.armeria.server.Server.builder()
                .https(new java.net.InetSocketAddress("127.0.0.1", 0))
                .tlsSelfSigned()
                .service("/hello", (ctx, req) -> com.linecorp.armeria.common.HttpResponse.of("secret"))
                .build();
        tls.start().join();
        try {
            URI uri = URI.create("https://127.0.0.1:" + tls.activeLocalPort() + "/hello");
            AtlasException e = assertThrows(AtlasException.class, () -> fetcher.get(
                    UpstreamRequest.get(uri, FIELD, MIB), UpstreamFetcherIT::readAll));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("TLS handshake with the upstream 127.0.0.1:" + tls.activeLocalPort()),
                    e.getMessage());
        } finally {
            tls.stop().join();
        }
    }

    @Test
    void refusesToBlockAnEventLoop() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> thrown = new java.util.concurrent.CompletableFuture<>();
        com.linecorp.armeria.server.Server s = com.linecorp.armeria.server.Server.builder()
                .http(new java.net.InetSocketAddress("127.0.0.1", 0))
                .service("/", (ctx, req) -> {
                    try {
                        fetch("/hello", MIB);
                        thrown.complete(null);
                    } catch (RuntimeException e) {
                        thrown.complete(e);
                    }
                    return com.linecorp.armeria.common.HttpResponse.of(204);
                })
                .build();
        s.start().join();
        try {
            com.linecorp.armeria.client.WebClient.of("http://127.0.0.1:" + s.activeLocalPort()).get("/")
                    .aggregate().join();
            assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        } finally {
            s.stop().join();
        }
    }

    @Test
    void onlyHttpAndHttpsAreFetched() {
        for (String url : new String[] {"ftp://example.com/list.m3u", "file:///etc/passwd", "gopher://x/"}) {
            AtlasException e = assertThrows(AtlasException.class, () -> fetcher.get(
                    UpstreamRequest.get(URI.create(url), FIELD, MIB), UpstreamFetcherIT::readAll));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), url);
            assertEquals(FIELD, e.field());
            assertTrue(e.getMessage().contains("http or https"), e.getMessage());
        }
        assertEquals(3, requests("invalid_url"));
    }

    @Test
    void exceptionsFromTheReaderPassThrough() {
        AtlasException mine = AtlasException.invalidArgument(FIELD, "not a playlist");
        AtlasException e = assertThrows(AtlasException.class, () -> fetcher.get(
                UpstreamRequest.get(upstream.uri("/hello"), FIELD, MIB), (r, in) -> {
                    throw mine;
                }));
        assertTrue(e == mine);
        assertEquals(1, requests("reader_error"));
    }

    @Test
    void errorMessagesCarryNoStackTraces() {
        for (String path : new String[] {"/status/500", "/status/404", "/stall-headers", "/chunked/5000"}) {
            String m = failure(path, 100).getMessage();
            assertFalse(m.contains("\tat ") || m.contains("Exception"), m);
        }
    }
}
