package io.p3.atlas.server.catalog.app;

import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.fields.Fields;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.PageToken;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** App registry rules: validation, cached reads. */
public final class AppService {
    private final AppStore store;
    private final CatalogCache cache;
    private final Clock clock;

    public AppService(AppStore store, CatalogCache cache, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
    }

    /** Validates and registers {@code draft} (its create time is ignored); ALREADY_EXISTS if the id is taken. */
    public App register(App draft) {
        App app = new App(
                Fields.id("app.id", draft.id()),
                Fields.required("app.name", draft.name(), 256),
                Fields.optional("app.description", draft.description(), 4096),
                draft.entryAssetId() == null || draft.entryAssetId().isEmpty() ? ""
                        : Fields.id("app.entry_asset_id", draft.entryAssetId()),
                Fields.optional("app.version", draft.version(), 64),
                Fields.optionalHttpUrl("app.icon_url", draft.iconUrl()),
                Fields.optional("app.category", draft.category(), 64),
                clock.instant());
        boolean created = store.insert(app);
        cache.invalidateAll();
        if (!created) {
            throw AtlasException.alreadyExists("app", "an app with id '" + app.id() + "' already exists");
        }
        return app;
    }

    public App get(String id) {
        Fields.id("id", id);
        Optional<App> app = cache.get(CatalogCache.Area.APPS, List.of("get", id), () -> store.find(id));
        return app.orElseThrow(() -> AtlasException.notFound("app", "no app with id '" + id + "'"));
    }

    /** Apps ordered by id; an empty {@code category} means all. */
    public Page<App> list(String category, int pageSize, String pageToken) {
        String c = category == null ? "" : category.strip().toLowerCase(Locale.ROOT);
        int size = PageRequest.pageSize(pageSize);
        List<String> cursor = PageToken.decode(pageToken, c, 1);
        List<Object> key = List.of("list", c, size, pageToken == null ? "" : pageToken);
        return cache.get(CatalogCache.Area.APPS, key, () -> Page.cut(
                store.list(c.isEmpty() ? null : c, cursor == null ? null : cursor.get(0), size + 1),
                size, c, a -> List.of(a.id())));
    }

    public void delete(String id) {
        Fields.id("id", id);
        boolean existed = store.delete(id);
        cache.invalidateAll();
        if (!existed) {
            throw AtlasException.notFound("app", "no app with id '" + id + "'");
        }
    }
}
