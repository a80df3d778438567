package io.p3.atlas.server.grpc;

import io.p3.atlas.server.paging.Page;
import java.util.function.Consumer;
import java.util.function.Function;

/** Fills a {@code List…Response} builder from a domain {@link Page}, the same way for every listing. */
public final class PageReplies {
    private PageReplies() {
    }

    /** Adds each item of {@code page} as {@code toProto} makes it, then sets the next page token. */
    public static <T, P> void fill(Page<T> page, Function<? super T, ? extends P> toProto, Consumer<P> add,
                                   Consumer<String> setNextPageToken) {
        for (T item : page.items()) {
            add.accept(toProto.apply(item));
        }
        setNextPageToken.accept(page.nextPageToken());
    }
}
