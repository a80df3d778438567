package io.p3.atlas.server.paging;

import io.p3.atlas.server.error.AtlasException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset page tokens: the cursor values of the last row returned, bound to the request's
 * filters so a token can't be replayed against another query. URL-safe base64 of
 * {@code v1 \u001f filters \u001f value \u001f value…}.
 */
public final class PageToken {
    private static final String VERSION = "v1";
    private static final char SEP = '\u001f';

    private PageToken() {
    }

    /** A token holding {@code cursor}, valid only for requests with the same {@code filters}. */
    public static String encode(String filters, List<String> cursor) {
        StringBuilder sb = new StringBuilder(VERSION).append(SEP).append(filters);
        for (String v : cursor) {
            sb.append(SEP).append(v);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor in {@code token}, or null for an empty token (first page). A malformed token, or one
     * made for other filters, is INVALID_ARGUMENT naming {@code page_token}.
     */
    public static List<String> decode(String token, String filters, int cursorSize) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        List<String> parts = split(raw);
        if (parts.size() != 2 + cursorSize || !parts.get(0).equals(VERSION)) {
            throw invalid();
        }
        if (!parts.get(1).equals(filters)) {
            throw AtlasException.invalidArgument("page_token",
                    "page_token was issued for a request with other filters; repeat the request without it");
        }
        return List.copyOf(parts.subList(2, parts.size()));
    }

    private static List<String> split(String raw) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == SEP) {
                out.add(raw.substring(start, i));
                start = i + 1;
            }
        }
        out.add(raw.substring(start));
        return out;
    }

    private static AtlasException invalid() {
        return AtlasException.invalidArgument("page_token",
                "page_token is not a token this server issued; pass the next_page_token of a previous response");
    }
}
