package io.p3.atlas.server.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p3.atlas.server.error.AtlasException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    @Test
    void roundTripsCursorForSameFilters() {
        String token = PageToken.encode("f|a", List.of("42", "0xabc"));
        assertEquals(List.of("42", "0xabc"), PageToken.decode(token, "f|a", 2));
        assertNull(PageToken.decode("", "f|a", 2));
    }

    @Test
    void rejectsGarbageAndForeignTokens() {
        String token = PageToken.encode("f|a", List.of("42"));
        assertEquals("page_token", assertThrows(AtlasException.class,
                () -> PageToken.decode("!!not-base64!!", "f|a", 1)).field());
        assertThrows(AtlasException.class, () -> PageToken.decode(token, "f|b", 1));
        assertThrows(AtlasException.class, () -> PageToken.decode(token, "f|a", 2));
    }

    @Test
    void pageSizeFollowsAip158() {
        assertEquals(50, PageRequest.pageSize(0));
        assertEquals(7, PageRequest.pageSize(7));
        assertEquals(1000, PageRequest.pageSize(5000));
        assertEquals("page_size", assertThrows(AtlasException.class, () -> PageRequest.pageSize(-1)).field());
    }
}
