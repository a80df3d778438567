package io.p3.atlas.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Playlists shipped with the server's test harness (atlas-server's test-jar). */
final class Fixtures {
    /** iptv-org's German list, 30 channels: 6 in group News, 2 in Music, 22 without a group. */
    static final String GERMAN = "/m3u/iptv-org-de-excerpt.m3u";

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
