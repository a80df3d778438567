package io.p3.atlas.server.catalog;

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
        io.p3.atlas.server.paging.Page<T> page = io.p3.atlas.server.paging.Page.cut(rows, size, filters, cursor);
        return new Page<>(page.items(), page.nextPageToken(), totalSize);
    }
}
