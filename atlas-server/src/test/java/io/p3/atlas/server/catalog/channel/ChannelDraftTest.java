package io.p3.atlas.server.catalog.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelDraftTest {

    static M3uEntry entry(Map<String, String> attrs, String title, String url) {
        return new M3uEntry(7, attrs, title, url, "", "", "");
    }

    @Test
    void titleSplitsIntoNameQualityAndLabels() {
        ChannelDraft d = ChannelDraft.from(entry(Map.of("tvg-id", "5AABTV.ca"), "5AAB TV (720p) [Not 24/7] [Geo-blocked]",
                "http://158.69.124.9:1935/5aabtv/5aabtv/playlist.m3u8"));
        assertEquals("5AAB TV", d.name());
        assertEquals("720p", d.quality());
        assertEquals(List.of("Not 24/7", "Geo-blocked"), d.labels());
        assertEquals("5AABTV.ca", d.tvgId());
    }

    @Test
    void otherParenthesesStayInTheName() {
        ChannelDraft d = ChannelDraft.from(entry(Map.of(), "Canal (Québec) (1080i)", "https://a.example/q"));
        assertEquals("Canal (Québec)", d.name());
        assertEquals("1080i", d.quality());
    }

    @Test
    void idIsUrlSafeStableAndDistinctPerFeed() {
        M3uEntry a = entry(Map.of("tvg-id", "AzStarTV.ca"), "Az Star TV (1080p)", "http://live.azstartv.com/a.m3u8");
        M3uEntry b = entry(Map.of("tvg-id", "AzStarTV.ca"), "Az Star TV (240p)", "https://live.livestreamtv.ca/b.m3u8");
        ChannelDraft da = ChannelDraft.from(a);
        assertEquals(da.id(), ChannelDraft.from(a).id());
        assertNotEquals(da.id(), ChannelDraft.from(b).id());
        assertTrue(da.id().matches("azstartv-ca-[0-9a-f]{12}"), da.id());
        ChannelDraft umlaut = ChannelDraft.from(entry(Map.of(), "Allgäu TV / Ünïcödé", "http://x.example/"));
        assertTrue(umlaut.id().matches("allgau-tv-unicode-[0-9a-f]{12}"), umlaut.id());
        ChannelDraft symbols = ChannelDraft.from(entry(Map.of(), "★★★", "http://y.example/"));
        assertTrue(symbols.id().matches("channel-[0-9a-f]{12}"), symbols.id());
    }

    @Test
    void olderDialectFillsLanguageLogoGroupAndFallsBackToTvgName() {
        ChannelDraft d = ChannelDraft.from(entry(Map.of("tvg-name", "Bibel TV", "tvg-language", "German",
                "tvg-logo", "https://logo.example/b.png", "group-title", "Religion"), "", "http://b.example/"));
        assertEquals("Bibel TV", d.name());
        assertEquals("German", d.language());
        assertEquals("https://logo.example/b.png", d.logo());
        assertEquals("Religion", d.group());
        ChannelDraft grp = ChannelDraft.from(new M3uEntry(1, Map.of(), "X", "http://c.example/", "", "", "FromExtgrp"));
        assertEquals("FromExtgrp", grp.group());
    }

    @Test
    void unusableEntriesSayWhy() {
        assertEquals("entry has no title (nothing after the #EXTINF comma, no tvg-name)", assertThrows(
                ChannelDraft.InvalidEntryException.class,
                () -> ChannelDraft.from(entry(Map.of(), "[Geo-blocked]", "http://a.example/"))).getMessage());
        assertTrue(assertThrows(ChannelDraft.InvalidEntryException.class,
                () -> ChannelDraft.from(entry(Map.of(), "X", "javascript:alert(1)"))).getMessage()
                .startsWith("unsupported URL scheme 'javascript'"));
        assertTrue(assertThrows(ChannelDraft.InvalidEntryException.class,
                () -> ChannelDraft.from(entry(Map.of(), "X", "/relative/path.m3u8"))).getMessage()
                .startsWith("not an absolute URL"));
        assertTrue(assertThrows(ChannelDraft.InvalidEntryException.class,
                () -> ChannelDraft.from(entry(Map.of(), "X", "http://a b.example/"))).getMessage()
                .startsWith("not a valid URL"));
        ChannelDraft udp = ChannelDraft.from(entry(Map.of(), "Multicast", "udp://@239.0.0.1:1234"));
        assertEquals("udp://@239.0.0.1:1234", udp.url());
    }
}
