package io.p3.atlas.server.catalog.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class M3uParserTest {

    /** Collects what the parser reports. */
    static final class Collected implements M3uParser.Listener {
        final List<M3uEntry> entries = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        Map<String, String> header;

        @Override
        public void entry(M3uEntry entry) {
            entries.add(entry);
        }

        @Override
        public void error(int line, String reason) {
            errors.add(line + ": " + reason);
        }
    }

    static Collected parse(String text) throws IOException {
        return parse(new StringReader(text));
    }

    static Collected parse(Reader in) throws IOException {
        Collected c = new Collected();
        c.header = M3uParser.parse(in, c);
        return c;
    }

    static Reader fixture(String name) {
        InputStream in = M3uParserTest.class.getResourceAsStream("/m3u/" + name);
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    @Test
    void canadianPlaylistYieldsEveryEntryWithItsOptions() throws IOException {
        Collected c = parse(fixture("iptv-org-ca.m3u"));
        assertEquals(136, c.entries.size());
        assertEquals(List.of(), c.errors);
        M3uEntry first = c.entries.get(0);
        assertEquals(2, first.line());
        assertEquals("5AABTV.ca", first.attribute("tvg-id"));
        assertEquals("5AAB TV (720p) [Not 24/7]", first.title());
        assertEquals("http://158.69.124.9:1935/5aabtv/5aabtv/playlist.m3u8", first.url());
        M3uEntry miracle = c.entries.stream().filter(e -> e.title().equals("Miracle Channel")).findFirst().orElseThrow();
        assertEquals("https://www.miraclechannel.ca/", miracle.referrer());
        assertEquals("https://d9ruw6nhj5a52.cloudfront.net/live/live/playlist.m3u8", miracle.url());
    }

    @Test
    void germanPlaylistCarriesTheOlderAttributes() throws IOException {
        Collected c = parse(fixture("iptv-org-de-excerpt.m3u"));
        assertEquals(30, c.entries.size());
        assertEquals(List.of(), c.errors);
        M3uEntry augsburg = c.entries.get(2);
        assertEquals("Augsburg TV DE", augsburg.attribute("tvg-id"));
        assertEquals("Augsburg TV DE", augsburg.attribute("tvg-name"));
        assertEquals("German", augsburg.attribute("tvg-language"));
        assertEquals("", augsburg.attribute("group-title"));
        assertEquals("Augsburg TV", augsburg.title());
    }

    @Test
    void quotedValuesMayHoldCommasAndSpacesAndTheTitleStartsAfterTheFirstCommaOutside() throws IOException {
        Collected c = parse("#EXTM3U x-tvg-url=\"http://epg.example/a.xml,http://epg.example/b.xml\"\n"
                + "#EXTINF:-1 tvg-id=\"A.b\" tvg-name='Name, with comma' group-title=\"News, Sports\","
                + "Title, with, commas\n"
                + "http://a.example/1.m3u8\n");
        assertEquals("http://epg.example/a.xml,http://epg.example/b.xml", c.header.get("x-tvg-url"));
        M3uEntry e = c.entries.get(0);
        assertEquals("Name, with comma", e.attribute("tvg-name"));
        assertEquals("News, Sports", e.attribute("group-title"));
        assertEquals("Title, with, commas", e.title());
    }

    @Test
    void crlfBomBlankLinesUnquotedAttributesAndUpperCaseKeys() throws IOException {
        Collected c = parse("\uFEFF#EXTM3U\r\n\r\n#EXTINF:0 TVG-ID=Plain.id GROUP-TITLE=Kids,Kids TV\r\n\r\n"
                + "  http://a.example/kids.m3u8  \r\n#EXTINF:-1,Last\rhttp://a.example/last\r");
        assertEquals(2, c.entries.size());
        assertEquals(List.of(), c.errors);
        assertEquals("Plain.id", c.entries.get(0).attribute("tvg-id"));
        assertEquals("Kids", c.entries.get(0).attribute("group-title"));
        assertEquals("http://a.example/kids.m3u8", c.entries.get(0).url());
        assertEquals(3, c.entries.get(0).line());
        assertEquals("Last", c.entries.get(1).title());
    }

    @Test
    void vlcOptionsAndExtgrpBelongToTheirEntryOnly() throws IOException {
        Collected c = parse("#EXTM3U\n#EXTINF:-1,One\n#EXTVLCOPT:http-referrer=https://ref.example/\n"
                + "#EXTVLCOPT:http-user-agent=Mozilla/5.0 (X11; Linux)\n#EXTGRP:Music\n#KODIPROP:x=y\n"
                + "http://a.example/1\n#EXTINF:-1 http-referrer=\"https://attr.example/\",Two\nhttp://a.example/2\n");
        M3uEntry one = c.entries.get(0);
        assertEquals("https://ref.example/", one.referrer());
        assertEquals("Mozilla/5.0 (X11; Linux)", one.userAgent());
        assertEquals("Music", one.extGroup());
        M3uEntry two = c.entries.get(1);
        assertEquals("https://attr.example/", two.referrer());
        assertEquals("", two.userAgent());
        assertEquals("", two.extGroup());
    }

    @Test
    void entriesWithoutUrlAndStrayUrlsAreReportedWithTheirLines() throws IOException {
        Collected c = parse("#EXTM3U\nhttp://stray.example/\n#EXTINF:-1,No URL\n#EXTINF:-1,Fine\n"
                + "http://a.example/fine\n#EXTINF:-1,Dangling at the end\n");
        assertEquals(1, c.entries.size());
        assertEquals("Fine", c.entries.get(0).title());
        assertEquals(List.of("2: URL without a preceding #EXTINF", "3: entry has no URL", "6: entry has no URL"),
                c.errors);
    }

    @Test
    void unterminatedQuoteAndMissingCommaGiveAnEmptyTitle() throws IOException {
        Collected c = parse("#EXTM3U\n#EXTINF:-1 tvg-name=\"Broken, still\nhttp://a.example/x\n");
        assertEquals("Broken, still", c.entries.get(0).attribute("tvg-name"));
        assertEquals("", c.entries.get(0).title());
    }

    @Test
    void overLongLinesAreSkippedWithoutLoadingThem() throws IOException {
        String longUrl = "http://a.example/" + "x".repeat(M3uParser.MAX_LINE_LENGTH + 10);
        Collected c = parse("#EXTM3U\n#EXTINF:-1,Long\n" + longUrl + "\n#EXTINF:-1,Ok\nhttp://a.example/ok\n");
        assertEquals(1, c.entries.size());
        assertEquals("Ok", c.entries.get(0).title());
        assertEquals(1, c.errors.size());
        assertTrue(c.errors.get(0).startsWith("3: line longer than"), c.errors.get(0));
    }

    @Test
    void aPlaylistWithoutHeaderIsAcceptedWhenItStartsWithAnEntry() throws IOException {
        Collected c = parse("#EXTINF:-1,Headless\nhttp://a.example/h\n");
        assertEquals(1, c.entries.size());
        assertEquals(Map.of(), c.header);
    }

    @Test
    void somethingThatIsNotAPlaylistIsRefused() {
        assertThrows(M3uParser.NotAPlaylistException.class, () -> parse("<html><body>hello</body></html>"));
        assertThrows(M3uParser.NotAPlaylistException.class, () -> parse("{\"playlist\": 1}"));
        assertThrows(M3uParser.NotAPlaylistException.class, () -> parse("\n\n  \n"));
        assertThrows(M3uParser.NotAPlaylistException.class, () -> parse(
                "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\nseg1.ts\n"));
    }
}
