package io.p3.atlas.server.ratelimit;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AsciiString;

/**
 * The IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers, structured fields) on every limited
 * response, accepted or not: {@code RateLimit-Policy: "read";q=600;w=60} and
 * {@code RateLimit: "read";r=<remaining>;t=<seconds until full>}; a refusal adds {@code Retry-After}.
 */
final class RateLimitHeaders {
    static final AsciiString POLICY = HttpHeaderNames.of("ratelimit-policy");
    static final AsciiString RATE_LIMIT = HttpHeaderNames.of("ratelimit");

    private RateLimitHeaders() {
    }

    static void apply(ServiceRequestContext ctx, RateLimitDecision d) {
        String name = "\"" + d.budget().label() + "\"";
        ctx.setAdditionalResponseHeader(POLICY, name + ";q=" + d.spec().requests() + ";w=" + d.spec().windowSeconds());
        ctx.setAdditionalResponseHeader(RATE_LIMIT, name + ";r=" + d.remaining() + ";t=" + d.resetSeconds());
        if (!d.allowed()) {
            ctx.setAdditionalResponseHeader(HttpHeaderNames.RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
        }
    }

    /** The caller-facing refusal (RESOURCE_EXHAUSTED with RetryInfo; 429 over HTTP). */
    static io.p3.atlas.server.error.AtlasException refusal(RateLimitDecision d) {
        return io.p3.atlas.server.error.AtlasException.resourceExhausted("rate limit exceeded: the "
                + d.budget().label() + " budget of this client is " + d.spec() + "; retry in "
                + d.retryAfterSeconds() + " s", d.retryAfter().isZero() ? java.time.Duration.ofSeconds(1) : d.retryAfter());
    }
}
