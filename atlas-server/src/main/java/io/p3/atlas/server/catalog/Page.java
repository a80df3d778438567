package io.p3.atlas.server.catalog;

import io.p3.atlas.server.paging.PageToken;
import java.util.List;
import java.util.function.Function;

/** One page of a catalog listing; {@code totalSize} is -1 where a listing doesn't count. */
public record Page<T>(List<T> items, String nextPageToken, int totalSize) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page from {@code rows}, fetched with one row more than {@code size}: that extra row only says
     * there is a next page, whose token holds the {@code cursor} of the last row kept, bound to {@code filters}.
     */
    public static <T> Page<T> cut(List<T> rows, int size, String filters, Function<T, List<String>> cursor,
                                  int totalSize) {
        if (rows.size() <= size) {
            return new Page<>(rows, "", totalSize);
        }
        List<T> kept = rows.subList(0, size);
        return new Page<>(kept, PageToken.encode(filters, cursor.apply(kept.get(size - 1))), totalSize);
    }
}
