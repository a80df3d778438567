package io.p3.atlas.server.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamRequestTest {

    @Test
    void parsesHttpAndHttpsUrls() {
        assertEquals(URI.create("https://iptv-org.github.io/iptv/countries/ca.m3u"),
                UpstreamRequest.parseUri("  https://iptv-org.github.io/iptv/countries/ca.m3u ", "playlist_url"));
        assertEquals(URI.create("HTTP://[2606:4700::1]:8080/a?b=c"),
                UpstreamRequest.parseUri("HTTP://[2606:4700::1]:8080/a?b=c", "playlist_url"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                              | is required",
            "'   '                           | is required",
            "ftp://example.com/a.m3u         | must use http or https, got scheme 'ftp'",
            "file:///etc/passwd              | must use http or https, got scheme 'file'",
            "gopher://example.com/           | must use http or https",
            "mailto:someone@example.com      | must be an absolute http or https URL",
            "/relative/path.m3u              | must be an absolute http or https URL",
            "example.com/a.m3u               | must be an absolute http or https URL",
            "http://                         | is not a valid URL",
            "http:///nohost                  | must name a host",
            "http://exa mple.com/            | is not a valid URL",
            "http://user:secret@example.com/ | must not contain user info",
            "http://example.com:99999/       | invalid port 99999",
            "http://example.com:0/           | invalid port 0",
    })
    void rejectsAnythingElseNamingTheField(String raw, String expected) {
        AtlasException e = assertThrows(AtlasException.class, () -> UpstreamRequest.parseUri(raw, "source_url"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("source_url", e.field());
        assertTrue(e.getMessage().startsWith("source_url "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "credentials are not echoed: " + e.getMessage());
    }

    @Test
    void aNullUrlIsRequired() {
        AtlasException e = assertThrows(AtlasException.class, () -> UpstreamRequest.parseUri(null, "playlist_url"));
        assertEquals("playlist_url is required", e.getMessage());
    }

    @Test
    void describeDropsQueryAndCredentials() {
        assertEquals("https://example.com:8443/list.m3u",
                UpstreamRequest.describe(URI.create("https://example.com:8443/list.m3u?token=secret")));
        assertEquals("http://example.com/", UpstreamRequest.describe(URI.create("http://example.com")));
    }

    @Test
    void blankValidatorsAreNoValidators() {
        UpstreamRequest r = UpstreamRequest.conditional(URI.create("http://example.com/"), "f", 10, " ", "");
        assertNull(r.ifNoneMatch());
        assertNull(r.ifModifiedSince());
        UpstreamRequest c = UpstreamRequest.get(URI.create("http://example.com/"), "f", 10)
                .withConditions("\"e\"", null);
        assertEquals("\"e\"", c.ifNoneMatch());
        assertThrows(IllegalArgumentException.class, () -> UpstreamRequest.get(URI.create("http://e/"), "f", 0));
    }
}
