package io.p3.atlas.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A listing the server hands out in pages (AIP-158 {@code page_token} / {@code next_page_token}), read
 * lazily: iterating or streaming it fetches the next page only when the items already fetched run out, so
 * a listing of any length is walked in constant memory. Each {@link #iterator()} or {@link #stream()}
 * starts again from the first page. Immutable and reusable; iterators are not thread-safe.
 *
 * <pre>{@code
 * for (Channel c : atlas.catalog().listChannels("News", null, null)) { ... }   // pages of 1000 on demand
 * long german = atlas.catalog().listChannels(null, "German", null).stream().count();
 * Paged.Page<Channel> first = atlas.catalog().listChannels(null, null, null).pageSize(20).firstPage();
 * }</pre>
 *
 * @param <T> the listed item
 */
public final class Paged<T> implements Iterable<T> {
    /** The largest page the server hands out (and the default page size here). */
    public static final int MAX_PAGE_SIZE = 1000;

    private final BiFunction<String, Integer, Page<T>> fetch;
    private final int pageSize;

    private Paged(BiFunction<String, Integer, Page<T>> fetch, int pageSize) {
        this.fetch = fetch;
        this.pageSize = pageSize;
    }

    /**
     * A listing over one RPC: {@code call(pageToken, pageSize)} returns its response, from which
     * {@code items} and {@code nextPageToken} are read.
     */
    static <R, T> Paged<T> of(BiFunction<String, Integer, R> call, Function<R, List<T>> items,
                              Function<R, String> nextPageToken) {
        return of(call, items, nextPageToken, r -> OptionalInt.empty());
    }

    /** The same, for a response that also reports the size of the whole listing. */
    static <R, T> Paged<T> of(BiFunction<String, Integer, R> call, Function<R, List<T>> items,
                              Function<R, String> nextPageToken, Function<R, OptionalInt> totalSize) {
        return new Paged<>((token, size) -> {
            R response = call.apply(token, size);
            return new Page<>(items.apply(response), nextPageToken.apply(response), totalSize.apply(response));
        }, MAX_PAGE_SIZE);
    }

    /**
     * @param size items per page, 1 to {@value #MAX_PAGE_SIZE}
     * @return the same listing fetched in pages of {@code size}
     */
    public Paged<T> pageSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + size);
        }
        return new Paged<>(fetch, size);
    }

    /**
     * Fetches one page: one call to the server.
     *
     * @param pageToken a {@link Page#nextPageToken()} of this listing, or null or empty for the first page
     * @return the page
     */
    public Page<T> page(String pageToken) {
        return fetch.apply(pageToken == null ? "" : pageToken, pageSize);
    }

    /** @return the first page (one call to the server) */
    public Page<T> firstPage() {
        return page("");
    }

    /** @return the pages, each fetched when the iteration reaches it */
    public Iterable<Page<T>> pages() {
        return PageIterator::new;
    }

    /** @return the items, each page fetched when the iteration reaches it */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<T>() {
            private final PageIterator pages = new PageIterator();
            private Iterator<T> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pages.hasNext()) {
                    current = pages.next().items().iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** @return a sequential stream of the items, fetching pages as the stream pulls them */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * @param limit how many items at most
     * @return the first {@code limit} items, fetched in pages of at most {@code limit}
     */
    public List<T> first(int limit) {
        if (limit < 1) {
            return new ArrayList<>();
        }
        return pageSize(Math.min(limit, pageSize)).stream().limit(limit).collect(Collectors.toList());
    }

    /** @return every item in memory: for listings known to be small; iterate or stream the others */
    public List<T> toList() {
        return stream().collect(Collectors.toList());
    }

    /** Pages from the first, each fetched on {@link #next()}. */
    private final class PageIterator implements Iterator<Page<T>> {
        private String token = "";
        private boolean done;

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Page<T> next() {
            if (done) {
                throw new NoSuchElementException();
            }
            Page<T> page = page(token);
            token = page.nextPageToken();
            done = token.isEmpty();
            return page;
        }
    }

    /**
     * One page of a listing.
     *
     * @param <T> the listed item
     */
    public static final class Page<T> {
        private final List<T> items;
        private final String nextPageToken;
        private final OptionalInt totalSize;

        Page(List<T> items, String nextPageToken, OptionalInt totalSize) {
            this.items = Collections.unmodifiableList(items);
            this.nextPageToken = Objects.requireNonNull(nextPageToken, "nextPageToken");
            this.totalSize = totalSize;
        }

        /** @return the items of this page, in the listing's order */
        public List<T> items() {
            return items;
        }

        /** @return the token of the next page, empty on the last page */
        public String nextPageToken() {
            return nextPageToken;
        }

        /** @return true unless this is the last page */
        public boolean hasNextPage() {
            return !nextPageToken.isEmpty();
        }

        /** @return how many items the whole listing holds, for listings whose RPC reports it (channels) */
        public OptionalInt totalSize() {
            return totalSize;
        }
    }
}
