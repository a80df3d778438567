package io.p3.atlas.server.paging;

import io.p3.atlas.server.error.AtlasException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The cursor values a page token holds (see {@link PageToken}), read with their types; a value that
 * doesn't parse is INVALID_ARGUMENT naming {@code page_token}.
 */
public record Cursor(List<String> values) {

    /**
     * The cursor of {@code token} ({@code size} values, bound to {@code filters}), or null for an empty
     * token (the first page).
     */
    public static Cursor of(String token, String filters, int size) {
        List<String> values = PageToken.decode(token, filters, size);
        return values == null ? null : new Cursor(values);
    }

    public String text(int i) {
        return values.get(i);
    }

    public long number(int i) {
        try {
            return Long.parseLong(values.get(i));
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    public LocalDate date(int i) {
        try {
            return LocalDate.parse(values.get(i));
        } catch (DateTimeParseException e) {
            throw malformed();
        }
    }

    private static AtlasException malformed() {
        return AtlasException.invalidArgument("page_token", "page_token is malformed");
    }
}
