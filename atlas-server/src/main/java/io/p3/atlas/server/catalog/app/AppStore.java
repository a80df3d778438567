package io.p3.atlas.server.catalog.app;

import java.util.List;
import java.util.Optional;

/** Where registered apps live. */
public interface AppStore {

    /** Stores {@code app}; false if its id is taken. */
    boolean insert(App app);

    Optional<App> find(String id);

    /** Apps ordered by id after {@code afterId} (null: from the start), of {@code categoryLower} if not null. */
    List<App> list(String categoryLower, String afterId, int limit);

    /** True if it existed. */
    boolean delete(String id);
}
