package io.p3.atlas.server.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset listing and the token for the next one (empty when done). {@code totalSize} counts
 * every match of the listing's filters, or is -1 where a listing doesn't count.
 */
public record Page<T>(List<T> items, String nextPageToken, int totalSize) {
    /** {@link #totalSize} of a listing that doesn't count its matches. */
    public static final int UNCOUNTED = -1;

    public Page {
        items = List.copyOf(items);
    }

    public Page(List<T> items, String nextPageToken) {
        this(items, nextPageToken, UNCOUNTED);
    }

    /**
     * The page from {@code rows}, fetched with one row more than {@code size}: that extra row only says
     * there is a next page, whose token holds the {@code cursor} of the last row kept, bound to
     * {@code filters} (see {@link PageToken}).
     */
    public static <T> Page<T> cut(List<T> rows, int size, String filters, Function<T, List<String>> cursor) {
        if (rows.size() <= size) {
            return new Page<>(rows, "");
        }
        List<T> kept = rows.subList(0, size);
        return new Page<>(kept, PageToken.encode(filters, cursor.apply(kept.get(size - 1))));
    }

    /** The same page, counted: {@code total} matches in all. */
    public Page<T> withTotalSize(int total) {
        return new Page<>(items, nextPageToken, total);
    }

    /** The same page with each item mapped. */
    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), nextPageToken, totalSize);
    }
}
