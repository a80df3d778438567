package io.p3.atlas.server.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset listing and the token for the next one (empty when done). */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
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

    /** The same page with each item mapped. */
    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), nextPageToken);
    }
}
