package io.p3.atlas.server.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server-side request forgery guard on real connections: the default policy refuses loopback however it
 * is named, and the policy is applied to the resolved address of every hop, redirects included.
 */
class UpstreamGuardIT {
    private static final String FIELD = "source_url";
    private static final UpstreamConfig GUARDED =
            new UpstreamConfig(Duration.ofSeconds(2), Duration.ofSeconds(2), 5, false);

    private static LocalUpstream first;
    private static LocalUpstream second;

    private SimpleMeterRegistry meters;

    @BeforeAll
    static void start() {
        first = new LocalUpstream("127.0.0.1");
        second = new LocalUpstream("127.0.0.2");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @BeforeEach
    void resetCounts() {
        meters = new SimpleMeterRegistry();
        first.hits.set(0);
        second.hits.set(0);
    }

    private AtlasException refused(UpstreamFetcher fetcher, URI uri) {
        return assertThrows(AtlasException.class,
                () -> fetcher.get(UpstreamRequest.get(uri, FIELD, 1 << 20), (r, in) -> in.readAllBytes()));
    }

    @Test
    void loopbackIsRefusedByDefaultHoweverItIsWritten() {
        try (UpstreamFetcher fetcher = new UpstreamFetcher(GUARDED, meters)) {
            int port = first.port();
            for (String url : new String[] {"http://127.0.0.1:" + port + "/hello",
                    "http://localhost:" + port + "/hello", "http://[::ffff:127.0.0.1]:" + port + "/hello",
                    "http://[::1]:" + port + "/hello"}) {
                AtlasException e = refused(fetcher, URI.create(url));
                assertEquals(ErrorCode.PERMISSION_DENIED, e.code(), url);
                assertTrue(e.getMessage().startsWith(FIELD + ": refusing to fetch"), e.getMessage());
                assertTrue(e.getMessage().contains("(loopback)"), e.getMessage());
                assertTrue(e.getMessage().contains("ATLAS_UPSTREAM_ALLOW_PRIVATE=true"), e.getMessage());
            }
            assertEquals(0, first.hits.get(), "no request reached the upstream");
            assertEquals(4, meters.counter("atlas.upstream.requests", "outcome", "refused").count());
        }
    }

    @Test
    void theMessageNamesTheHostAndTheAddressItResolvedTo() {
        try (UpstreamFetcher fetcher = new UpstreamFetcher(GUARDED, meters)) {
            AtlasException e = refused(fetcher, URI.create("http://localhost:" + first.port() + "/hello"));
            String m = e.getMessage();
            assertTrue(m.contains("host 'localhost' resolves to 127.0.0.1 (loopback)")
                    || m.contains("host 'localhost' resolves to 0:0:0:0:0:0:0:1 (loopback)"), m);
        }
    }

    @Test
    void allowPrivateLiftsTheGuard() {
        UpstreamConfig open = new UpstreamConfig(Duration.ofSeconds(2), Duration.ofSeconds(2), 5, true);
        try (UpstreamFetcher fetcher = new UpstreamFetcher(open, meters)) {
            byte[] body = fetcher.get(UpstreamRequest.get(first.uri("/hello"), FIELD, 1 << 20),
                    (r, in) -> in.readAllBytes()).value();
            assertEquals(LocalUpstream.HELLO, LocalUpstream.utf8(body));
        }
    }

    /** Allows 127.0.0.1, refuses 127.0.0.2: a redirect from the first to the second must be refused. */
    @Test
    void everyRedirectHopIsChecked() {
        AddressPolicy onlyFirst = address -> address.getHostAddress().equals("127.0.0.1") ? null : "test-refused";
        try (UpstreamFetcher fetcher = new UpstreamFetcher(GUARDED, meters, onlyFirst)) {
            assertEquals(LocalUpstream.HELLO, LocalUpstream.utf8(fetcher.get(
                    UpstreamRequest.get(first.uri("/hello"), FIELD, 1 << 20), (r, in) -> in.readAllBytes()).value()));

            URI hop = first.uri("/redirect-to?url=" + second.uri("/hello"));
            AtlasException e = refused(fetcher, hop);
            assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
            assertTrue(e.getMessage().contains("host '127.0.0.2' resolves to 127.0.0.2 (test-refused)"),
                    e.getMessage());
            assertEquals(2, first.hits.get(), "the first hop was made");
            assertEquals(0, second.hits.get(), "the refused hop was not");
        }
    }

    /** The control for the test above: with both addresses allowed the same redirect arrives. */
    @Test
    void theSameRedirectArrivesWhenBothAddressesAreAllowed() {
        try (UpstreamFetcher fetcher = new UpstreamFetcher(GUARDED, meters, AddressPolicy.allowAll())) {
            URI hop = first.uri("/redirect-to?url=" + second.uri("/hello"));
            UpstreamResult<byte[]> result = fetcher.get(UpstreamRequest.get(hop, FIELD, 1 << 20),
                    (r, in) -> in.readAllBytes());
            assertEquals(LocalUpstream.HELLO, LocalUpstream.utf8(result.value()));
            assertEquals(second.uri("/hello"), result.response().finalUri());
            assertEquals(1, second.hits.get());
        }
    }

    /** Both layers run: the address filter before a connection is chosen and the guard on the connect itself. */
    @Test
    void theAddressIsCheckedBeforeTheRequestAndOnTheConnectionItself() {
        java.util.List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();
        AddressPolicy recording = address -> {
            checked.add(address.getHostAddress());
            return null;
        };
        try (UpstreamFetcher fetcher = new UpstreamFetcher(GUARDED, meters, recording)) {
            fetcher.get(UpstreamRequest.get(first.uri("/hello"), FIELD, 1 << 20), (r, in) -> in.readAllBytes());
            assertEquals(java.util.List.of("127.0.0.1", "127.0.0.1"), checked);
        }
    }

    @Test
    void theConnectGuardRefusesWhatThePolicyRefuses() throws Exception {
        AddressPolicy publicOnly = AddressPolicy.publicOnly();
        assertEquals("loopback", ConnectGuard.check(publicOnly,
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 80)).reason());
        assertEquals(null, ConnectGuard.check(publicOnly,
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("8.8.8.8"), 80)));
        assertTrue(ConnectGuard.check(AddressPolicy.allowAll(),
                java.net.InetSocketAddress.createUnresolved("example.com", 80)) != null, "unresolved is refused");
    }
}
