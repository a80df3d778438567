package io.p3.atlas.server.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

    static void assertInvalid(String field, Executable call) {
        AtlasException e = assertThrows(AtlasException.class, call);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(field + " "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z9", "_private", "-dash", "~tilde", "news.live", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "5aabtv-ca-62d64031964b", "com.example.quiz", "550e8400-e29b-41d4-a716-446655440000"})
    void oneIdRuleAcceptsWhatAnyFeatureAccepted(String id) {
        assertEquals(id, Fields.id("stream.asset_id", id));
        assertTrue(Fields.isId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "has space", "slash/y", "ü", "a?b", "a\u0663", "tab\t", "a\nb"})
    void idRuleRejectsTheRestNamingTheField(String id) {
        assertInvalid("stream.asset_id", () -> Fields.id("stream.asset_id", id));
        assertFalse(Fields.isId(id));
    }

    @Test
    void idsAreAtMost128Characters() {
        assertEquals(128, Fields.id("id", "x".repeat(128)).length());
        assertInvalid("id", () -> Fields.id("id", "x".repeat(129)));
    }

    @Test
    void walletsAreLowerCased() {
        assertEquals("0xabcdef0123456789abcdef0123456789abcdef01",
                Fields.wallet("wallet_address", "0XABCDEF0123456789abcdef0123456789ABCDEF01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "abcdef0123456789abcdef0123456789abcdef0123",
            "0xabcdef0123456789abcdef0123456789abcdef0", "0xabcdef0123456789abcdef0123456789abcdef012",
            "0xgbcdef0123456789abcdef0123456789abcdef01", " 0xabcdef0123456789abcdef0123456789abcdef01",
            "1xabcdef0123456789abcdef0123456789abcdef01", "0yabcdef0123456789abcdef0123456789abcdef01",
            "0x\u0663bcdef0123456789abcdef0123456789abcdef01", "0xabcdef0123456789abcdef0123456789abcdef0:"})
    void malformedWalletsNameTheField(String raw) {
        assertInvalid("relay.wallet_address", () -> Fields.wallet("relay.wallet_address", raw));
        assertFalse(Fields.isWallet(raw));
    }

    @Test
    void regionsAreLowerCasedAndOptionalWhenAsked() {
        assertEquals("eu-west", Fields.region("region", "EU-West", true));
        assertNull(Fields.region("region", "", false));
        assertInvalid("relay.region", () -> Fields.region("relay.region", "", true));
        assertInvalid("region", () -> Fields.region("region", "eu west", false));
    }

    @Test
    void datesAreStrictIsoDays() {
        assertEquals(LocalDate.of(2026, 2, 28), Fields.date("start_date", "2026-02-28"));
        assertNull(Fields.date("start_date", ""));
        for (String bad : new String[] {"2026-2-28", "2026-02-30", "20260228", "+2026-02-28", "2026-02-28T00:00"}) {
            assertInvalid("start_date", () -> Fields.date("start_date", bad));
        }
    }

    @Test
    void dateRangesAreOrderedAndBounded() {
        LocalDate d = LocalDate.of(2026, 1, 1);
        Fields.dateRange(d, d, 1);
        Fields.dateRange(d, d.plusDays(365), 366);
        Fields.dateRange(null, d, 1);
        assertInvalid("end_date", () -> Fields.dateRange(d, d.minusDays(1), 0));
        assertInvalid("end_date", () -> Fields.dateRange(d, d.plusDays(366), 366));
    }

    @Test
    void tagsAreNormalisedAndBounded() {
        assertEquals(List.of("live", "news"), Fields.tags("stream.tags", List.of("News", " live", "news"), 32));
        assertInvalid("stream.tags", () -> Fields.tags("stream.tags", List.of("two words"), 32));
        assertInvalid("stream.tags", () -> Fields.tags("stream.tags", List.of("a,b"), 32));
        assertInvalid("stream.tags", () -> Fields.tags("stream.tags", List.of("a", "b", "c"), 2));
    }

    @Test
    void urlsNeedTheirSchemeAHostAndNoCredentials() {
        assertEquals("https://cdn.example.org/a.mp4", Fields.httpUrl("source_url", "https://cdn.example.org/a.mp4")
                .toString());
        assertEquals("", Fields.optionalHttpUrl("stream.thumbnail_url", ""));
        assertEquals("wss://relay.example.org/live", Fields.url("relay.endpoint_url", "wss://relay.example.org/live",
                Set.of("wss"), "wss").toString());
        for (String bad : new String[] {"ftp://example.org/a", "/relative", "http://", "https://exa mple.org",
                "x".repeat(2049)}) {
            assertInvalid("source_url", () -> Fields.httpUrl("source_url", bad));
        }
        AtlasException e = assertThrows(AtlasException.class,
                () -> Fields.httpUrl("source_url", "http://user:secret@example.org/a"));
        assertEquals("source_url", e.field());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
