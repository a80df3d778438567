package io.p3.atlas.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.ListChannelsRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console is served at / from the classpath (the atlas-console module's jar), and every other
 * route keeps working beside it: /docs, /v1 transcoding, /content, /internal, gRPC and gRPC-Web.
 */
class ConsoleRoutesIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2();

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/console/[^\"]+\\.js)\"");
    private static final Pattern STYLE = Pattern.compile("href=\"(/console/[^\"]+\\.css)\"");

    @Test
    void rootServesTheConsolePageWithItsSecurityHeaders() {
        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(header(page, "content-type").startsWith("text/html"), header(page, "content-type"));
        assertTrue(page.body().contains("<title>Atlas Transport console</title>"), page.body());
        assertEquals("no-cache", header(page, "cache-control"));
        assertTrue(header(page, "content-security-policy").contains("connect-src 'self'"));
        assertEquals("nosniff", header(page, "x-content-type-options"));
        assertEquals(page.body(), server.get("/index.html").body());
    }

    @Test
    void hashedScriptsAndStylesAreImmutableAndCompressed() {
        String index = server.get("/").body();
        for (Pattern p : new Pattern[] {SCRIPT, STYLE}) {
            Matcher m = p.matcher(index);
            assertTrue(m.find(), "index.html names its " + p + ": " + index);
            HttpResponse<String> file = server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + m.group(1)))
                    .header("accept-encoding", "gzip").GET().build());
            assertEquals(200, file.statusCode(), m.group(1));
            assertEquals("public, max-age=31536000, immutable", header(file, "cache-control"));
            assertEquals("gzip", header(file, "content-encoding"));
            assertTrue(header(file, "content-type").matches("(application/javascript|text/css).*"),
                    header(file, "content-type"));
        }
        assertEquals(404, server.get("/console/no-such-file.js").statusCode());
        assertEquals(404, server.get("/console/").statusCode(), "no directory listing");
    }

    @Test
    void everyOtherRouteKeepsWorking() {
        assertEquals(200, server.get("/docs/").statusCode());
        assertTrue(server.get("/docs/specification.json").body().contains("atlas.v1.CatalogService"));
        HttpResponse<String> channels = server.get("/v1/channels?pageSize=1");
        assertEquals(200, channels.statusCode());
        assertTrue(header(channels, "content-type").startsWith("application/json"));
        assertEquals(404, server.get("/content/no-such-asset").statusCode());
        assertEquals(200, server.get("/internal/healthcheck").statusCode());
        assertTrue(server.get("/internal/metrics").body().contains("atlas_http_requests_total"));
        assertEquals(404, server.get("/no-such-page").statusCode(), "only / and /index.html are the page");

        // gRPC (grpc-java) and gRPC-Web (what the page uses) on their service paths.
        assertEquals(0, CatalogServiceGrpc.newBlockingStub(server.channel())
                .listChannels(ListChannelsRequest.newBuilder().setPageSize(1).build()).getTotalSize());
        HttpResponse<String> grpcWeb = server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUri() + "/atlas.v1.CatalogService/ListChannels"))
                .header("content-type", "application/grpc-web+proto").header("x-grpc-web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 0, 0})).build());
        assertEquals(200, grpcWeb.statusCode());
        assertTrue(header(grpcWeb, "content-type").startsWith("application/grpc-web"), header(grpcWeb, "content-type"));
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }
}
