package io.p3.atlas.server.upstream;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.ClientFactoryOptions;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.proxy.ProxyConfig;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client for fetching from upstreams (playlists, pull-through assets). Blocking: call it from a
 * blocking thread, never from an event loop. Bodies stream to the caller's {@link BodyReader}; nothing is
 * buffered whole. Every connection, including each redirect hop, is checked against the server-side request
 * forgery guard on the address actually connected to. Failures are {@link AtlasException}s:
 * INVALID_ARGUMENT (bad URL), PERMISSION_DENIED (guard), FAILED_PRECONDITION (too large, upstream 4xx, bad
 * redirect), UNAVAILABLE (timeouts, connection errors, upstream 5xx, too many redirects).
 */
public final class UpstreamFetcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamFetcher.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String USER_AGENT = "AtlasTransport/0.1 (upstream fetcher)";

    private final UpstreamConfig config;
    private final AddressPolicy policy;
    private final ConnectGuard guard;
    /** Built on first use: starting a client transport costs start-up time, and most servers never fetch. */
    private volatile Client client;
    private boolean closed;
    private final MeterRegistry meters;
    private final Counter bytes;
    private final Counter redirects;

    public UpstreamFetcher(UpstreamConfig config, MeterRegistry meters) {
        this(config, meters, AddressPolicy.of(config));
    }

    /** With another address policy (tests: allow one loopback address, refuse another). */
    UpstreamFetcher(UpstreamConfig config, MeterRegistry meters, AddressPolicy policy) {
        this.config = Objects.requireNonNull(config, "config");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.guard = new ConnectGuard(policy);
        this.bytes = Counter.builder("atlas.upstream.bytes")
                .description("Body bytes received from upstreams").baseUnit("bytes").register(meters);
        this.redirects = Counter.builder("atlas.upstream.redirects")
                .description("Upstream redirects followed").register(meters);
    }

    public UpstreamConfig config() {
        return config;
    }

    private record Client(ClientFactory factory, WebClient web) {
    }

    private WebClient client() {
        Client c = client;
        if (c == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the upstream fetcher is closed");
                }
                c = client;
                if (c == null) {
                    c = newClient();
                    client = c;
                }
            }
        }
        return c.web();
    }

    private Client newClient() {
        ClientFactory factory = ClientFactory.builder()
                .connectTimeout(config.connectTimeout())
                // Never through a proxy: the guard must see the upstream's own address.
                .proxyConfig(ProxyConfig.direct())
                // Checked after DNS resolution, before a connection is acquired for this address ...
                .ipAddressFilter(address -> {
                    AddressRefusedException refused = ConnectGuard.check(policy, address);
                    if (refused != null) {
                        throw refused;
                    }
                    return true;
                })
                // ... and again on the socket address each new connection actually connects to.
                .option(ClientFactoryOptions.CHANNEL_PIPELINE_CUSTOMIZER,
                        pipeline -> pipeline.addFirst("atlas-upstream-guard", guard))
                .build();
        return new Client(factory, WebClient.builder()
                .factory(factory)
                .responseTimeout(Duration.ZERO) // timeouts are enforced per read (see BodyStream)
                .maxResponseLength(0) // the size cap is enforced per request (see BodyStream)
                .build());
    }

    /**
     * Blocking GET. Follows redirects (each hop re-validated), sends the request's validators, and answers
     * a not-modified result on 304. {@code body} is called at most once, only for a 2xx, with a stream that
     * enforces the size cap and the read timeout; the stream is closed (and the transfer stopped) when it
     * returns.
     *
     * @throws AtlasException INVALID_ARGUMENT, PERMISSION_DENIED, FAILED_PRECONDITION or UNAVAILABLE, naming
     *                        the request's field; exceptions the body reader throws pass through unchanged
     */
    public <T> UpstreamResult<T> get(UpstreamRequest request, BodyReader<T> body) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        RequestContext current = RequestContext.currentOrNull();
        if (current != null && current.eventLoop().inEventLoop()) {
            throw new IllegalStateException("upstream fetches block; call them from a blocking executor, "
                    + "not from an event loop");
        }
        try {
            UpstreamRequest.checkUri(request.uri(), request.field());
        } catch (AtlasException e) {
            meters.counter("atlas.upstream.requests", "outcome", "invalid_url").increment();
            throw e;
        }
        String outcome = "reader_error";
        try {
            UpstreamResult<T> result = fetch(request, body);
            outcome = result.notModified() ? "not_modified" : "ok";
            return result;
        } catch (UpstreamException e) {
            outcome = e.outcome();
            throw e;
        } catch (IOException e) {
            log.debug("Body reader failed for {}", UpstreamRequest.describe(request.uri()), e);
            throw UpstreamException.unavailable("reader_error", request.field() + ": reading the upstream body failed ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
                    + ")");
        } finally {
            meters.counter("atlas.upstream.requests", "outcome", outcome).increment();
        }
    }

    private <T> UpstreamResult<T> fetch(UpstreamRequest request, BodyReader<T> reader) throws IOException {
        String field = request.field();
        URI uri = request.uri();
        for (int followed = 0; ; followed++) {
            HttpResponse res;
            ClientRequestContext call;
            try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
                res = client().execute(requestHeaders(uri, request));
                call = captor.get();
            }
            SplitHttpResponse split = res.split();
            ResponseHeaders headers = awaitHeaders(res, split, call, uri, field);
            int status = headers.status().code();
            if (REDIRECTS.contains(status)) {
                split.body().abort();
                if (followed >= config.maxRedirects()) {
                    throw UpstreamException.unavailable("too_many_redirects", field + ": more than "
                            + config.maxRedirects() + " redirects fetching " + UpstreamRequest.describe(request.uri())
                            + " (ATLAS_UPSTREAM_MAX_REDIRECTS)");
                }
                uri = redirectTarget(uri, headers.get(HttpHeaderNames.LOCATION), status, field);
                redirects.increment();
                continue;
            }
            UpstreamResponse response = new UpstreamResponse(status, uri, headers.get(HttpHeaderNames.CONTENT_TYPE),
                    headers.contentLength(), headers.get(HttpHeaderNames.ETAG),
                    headers.get(HttpHeaderNames.LAST_MODIFIED));
            if (status == 304) {
                split.body().abort();
                return new UpstreamResult<>(response, true, null);
            }
            if (status < 200 || status > 299) {
                split.body().abort();
                throw statusFailure(headers, uri, field);
            }
            if (response.contentLength() > request.maxBytes()) {
                split.body().abort();
                throw UpstreamException.tooLarge(field, request.maxBytes(),
                        "(Content-Length " + response.contentLength() + " bytes)");
            }
            URI answered = uri;
            BodyStream stream = new BodyStream(request.maxBytes(), config.readTimeout(), field,
                    cause -> transportFailure(cause, answered, field));
            split.body().subscribe(stream);
            try (stream) {
                return new UpstreamResult<>(response, false, reader.read(response, stream));
            } finally {
                bytes.increment(stream.received());
            }
        }
    }

    private static RequestHeaders requestHeaders(URI uri, UpstreamRequest request) {
        // h1c: plain HTTP/1.1 to http:// upstreams (no h2c upgrade dance); https negotiates h2/http1.1 by ALPN.
        String scheme = uri.getScheme().equalsIgnoreCase("https") ? "https" : "h1c";
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = scheme + "://" + uri.getRawAuthority() + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.GET, target)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.ACCEPT, "*/*")
                .set(HttpHeaderNames.ACCEPT_ENCODING, "identity");
        if (request.ifNoneMatch() != null) {
            h.set(HttpHeaderNames.IF_NONE_MATCH, request.ifNoneMatch());
        }
        if (request.ifModifiedSince() != null) {
            h.set(HttpHeaderNames.IF_MODIFIED_SINCE, request.ifModifiedSince());
        }
        return h.build();
    }

    /**
     * Waits for the request to go out (name resolution, TCP/TLS connect: bounded by
     * ATLAS_UPSTREAM_CONNECT_TIMEOUT, which fails the call), then ATLAS_UPSTREAM_READ_TIMEOUT, exactly, for
     * the response headers.
     */
    private ResponseHeaders awaitHeaders(HttpResponse res, SplitHttpResponse split, ClientRequestContext call,
                                         URI uri, String field) {
        try {
            try {
                call.log().whenRequestComplete().get(
                        config.connectTimeout().plus(config.readTimeout()).toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                res.abort();
                throw UpstreamException.unavailable("timeout", field + ": could not reach the upstream "
                        + UpstreamRequest.describe(uri) + " and send the request within "
                        + config.connectTimeout().plus(config.readTimeout()) + "; retry later");
            }
            try {
                return split.headers().get(config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                res.abort();
                throw UpstreamException.unavailable("timeout", field + ": the upstream " + UpstreamRequest.describe(uri)
                        + " did not answer within " + config.readTimeout() + " (ATLAS_UPSTREAM_READ_TIMEOUT); retry later");
            }
        } catch (ExecutionException e) {
            throw transportFailure(e.getCause(), uri, field);
        } catch (InterruptedException e) {
            res.abort();
            Thread.currentThread().interrupt();
            throw UpstreamException.unavailable("interrupted", field + ": the upstream fetch was interrupted");
        }
    }

    private static URI redirectTarget(URI from, String location, int status, String field) {
        if (location == null || location.isBlank()) {
            throw new UpstreamException("bad_redirect", ErrorCode.FAILED_PRECONDITION, field + ": the upstream "
                    + UpstreamRequest.describe(from) + " answered " + status + " without a Location header");
        }
        URI next;
        try {
            next = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UpstreamException("bad_redirect", ErrorCode.FAILED_PRECONDITION, field + ": the upstream "
                    + UpstreamRequest.describe(from) + " redirected to an invalid URL");
        }
        try {
            return UpstreamRequest.checkUri(next, field);
        } catch (AtlasException e) {
            throw new UpstreamException("bad_redirect", ErrorCode.FAILED_PRECONDITION, field + ": the upstream "
                    + UpstreamRequest.describe(from) + " redirected to an unusable URL (" + e.getMessage() + ")");
        }
    }

    private static UpstreamException statusFailure(ResponseHeaders headers, URI uri, String field) {
        int status = headers.status().code();
        String answered = field + ": the upstream " + UpstreamRequest.describe(uri) + " answered " + headers.status();
        if (status >= 500 || status == 408 || status == 429) {
            return UpstreamException.unavailable("upstream_" + (status >= 500 ? "5xx" : "busy"),
                    answered + "; retry later");
        }
        return new UpstreamException(status >= 400 ? "upstream_4xx" : "unexpected_status",
                ErrorCode.FAILED_PRECONDITION, answered);
    }

    /** Maps a failure of the HTTP client (connect, TLS, guard, broken stream) to an {@link AtlasException}. */
    private RuntimeException transportFailure(Throwable failure, URI uri, String field) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof AddressRefusedException refused) {
                return refusal(refused, uri, field);
            }
            if (c instanceof AtlasException atlas) {
                return atlas;
            }
        }
        String hostPort = hostPort(uri);
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return UpstreamException.unavailable("connect_error", field + ": cannot resolve the upstream host '"
                        + uri.getHost() + "'");
            }
            if (c instanceof ConnectTimeoutException) {
                return UpstreamException.unavailable("timeout", field + ": connecting to the upstream " + hostPort
                        + " timed out after " + config.connectTimeout() + " (ATLAS_UPSTREAM_CONNECT_TIMEOUT)");
            }
            if (c instanceof ConnectException) {
                return UpstreamException.unavailable("connect_error", field + ": cannot connect to the upstream "
                        + hostPort + " (connection refused)");
            }
            if (c instanceof SSLException) {
                return UpstreamException.unavailable("tls_error", field + ": the TLS handshake with the upstream "
                        + hostPort + " failed (" + firstLine(String.valueOf(c.getMessage())) + ")");
            }
            if (c instanceof ResponseTimeoutException) {
                return UpstreamException.unavailable("timeout", field + ": the upstream " + hostPort + " timed out");
            }
        }
        log.debug("Upstream connection to {} failed", hostPort, failure);
        return UpstreamException.unavailable("connect_error", field + ": the connection to the upstream " + hostPort
                + " failed (" + failure.getClass().getSimpleName() + "); retry later");
    }

    private static UpstreamException refusal(AddressRefusedException refused, URI uri, String field) {
        String address = refused.address() == null ? refused.reason()
                : refused.address().getHostAddress() + " (" + refused.reason() + ")";
        return new UpstreamException("refused", ErrorCode.PERMISSION_DENIED, field + ": refusing to fetch "
                + UpstreamRequest.describe(uri) + ": host '" + uri.getHost() + "' resolves to " + address
                + "; upstream fetches may only reach public addresses, never loopback, private, link-local,"
                + " unique-local or other special-purpose ones (server-side request forgery guard)."
                + " Set ATLAS_UPSTREAM_ALLOW_PRIVATE=true to lift this for local testing");
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("").trim();
    }

    /** Closes the connections (idle and in use). */
    @Override
    public void close() {
        Client c;
        synchronized (this) {
            closed = true;
            c = client;
        }
        if (c != null) {
            c.factory().close();
        }
    }
}
