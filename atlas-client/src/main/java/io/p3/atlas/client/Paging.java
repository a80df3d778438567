package io.p3.atlas.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Follows {@code next_page_token} through a listing, for the facades' "give me all (or N)" methods. */
final class Paging {
    /** The largest page the server hands out. */
    static final int MAX_PAGE_SIZE = 1000;

    private Paging() {
    }

    /**
     * Calls {@code fetch(pageToken, pageSize)} until the listing ends or {@code limit} items are in,
     * starting with an empty token; each page size is what is still wanted, at most 1000.
     */
    static <R, T> List<T> collect(BiFunction<String, Integer, R> fetch, Function<R, List<T>> items,
                                  Function<R, String> nextPageToken, int limit) {
        List<T> out = new ArrayList<>();
        String token = "";
        do {
            R page = fetch.apply(token, Math.min(MAX_PAGE_SIZE, limit - out.size()));
            out.addAll(items.apply(page));
            token = nextPageToken.apply(page);
        } while (!token.isEmpty() && out.size() < limit);
        return out;
    }

    /** Every item of the listing, in pages of 1000. */
    static <R, T> List<T> all(BiFunction<String, Integer, R> fetch, Function<R, List<T>> items,
                              Function<R, String> nextPageToken) {
        return collect(fetch, items, nextPageToken, Integer.MAX_VALUE);
    }
}
