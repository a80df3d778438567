package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.content.HttpConditions.Partial;
import io.p3.atlas.server.content.HttpConditions.Unsatisfiable;
import io.p3.atlas.server.content.HttpConditions.Whole;
import org.junit.jupiter.api.Test;

class HttpConditionsTest {
    static final String ETAG = "0123456789abcdef0123456789abcdef";

    @Test
    void closedRangeIsInclusive() {
        assertEquals(new Partial(0, 99), HttpConditions.range("bytes=0-99", 1000));
        assertEquals(100, new Partial(0, 99).length());
        assertEquals("bytes 0-99/1000", new Partial(0, 99).contentRange(1000));
    }

    @Test
    void openAndSuffixRanges() {
        assertEquals(new Partial(990, 999), HttpConditions.range("bytes=990-", 1000));
        assertEquals(new Partial(900, 999), HttpConditions.range("bytes=-100", 1000));
        assertEquals(new Partial(0, 9), HttpConditions.range("bytes=-100", 10), "suffix longer than the file");
    }

    @Test
    void lastBytePastTheEndIsClamped() {
        assertEquals(new Partial(5, 9), HttpConditions.range("bytes=5-5000", 10));
    }

    @Test
    void unsatisfiableRanges() {
        assertInstanceOf(Unsatisfiable.class, HttpConditions.range("bytes=10-20", 10));
        assertInstanceOf(Unsatisfiable.class, HttpConditions.range("bytes=-0", 10));
        assertInstanceOf(Unsatisfiable.class, HttpConditions.range("bytes=0-", 0));
        assertInstanceOf(Unsatisfiable.class, HttpConditions.range("bytes=99999999999999999999-", 10));
    }

    @Test
    void absentMalformedOrMultipleRangesServeTheWhole() {
        assertInstanceOf(Whole.class, HttpConditions.range(null, 10));
        assertInstanceOf(Whole.class, HttpConditions.range("bytes=5-2", 10));
        assertInstanceOf(Whole.class, HttpConditions.range("items=0-1", 10));
        assertInstanceOf(Whole.class, HttpConditions.range("bytes=0-1,3-4", 10));
        assertInstanceOf(Whole.class, HttpConditions.range("bytes=-", 10));
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertTrue(HttpConditions.noneMatchHits("\"" + ETAG + "\"", ETAG));
        assertTrue(HttpConditions.noneMatchHits("W/\"" + ETAG + "\"", ETAG));
        assertTrue(HttpConditions.noneMatchHits("\"other\", \"" + ETAG + "\"", ETAG));
        assertTrue(HttpConditions.noneMatchHits("*", ETAG));
        assertFalse(HttpConditions.noneMatchHits("\"other\"", ETAG));
        assertTrue(HttpConditions.noneMatchHits(ETAG, ETAG), "leniently, the etag as the JSON shows it");
        assertFalse(HttpConditions.noneMatchHits(ETAG.substring(1), ETAG));
        assertFalse(HttpConditions.noneMatchHits(null, ETAG));
    }

    @Test
    void ifRangeNeedsAStrongMatch() {
        assertTrue(HttpConditions.ifRangeAllows(null, ETAG));
        assertTrue(HttpConditions.ifRangeAllows("\"" + ETAG + "\"", ETAG));
        assertFalse(HttpConditions.ifRangeAllows("W/\"" + ETAG + "\"", ETAG));
        assertFalse(HttpConditions.ifRangeAllows("\"other\"", ETAG));
        assertFalse(HttpConditions.ifRangeAllows("Wed, 21 Oct 2015 07:28:00 GMT", ETAG));
    }
}
