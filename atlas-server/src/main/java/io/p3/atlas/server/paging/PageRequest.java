package io.p3.atlas.server.paging;

import io.p3.atlas.server.error.AtlasException;

/** AIP-158 page size rules: 0 means the default, negative is invalid, above the maximum is capped. */
public final class PageRequest {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;

    private PageRequest() {
    }

    public static int pageSize(int requested) {
        return pageSize(requested, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    }

    public static int pageSize(int requested, int defaultSize, int maxSize) {
        if (requested < 0) {
            throw AtlasException.invalidArgument("page_size", "page_size must not be negative, got " + requested);
        }
        if (requested == 0) {
            return defaultSize;
        }
        return Math.min(requested, maxSize);
    }
}
