package io.p3.atlas.server.catalog.app;

import io.p3.atlas.server.persistence.UniqueViolation;
import io.p3.atlas.server.persistence.Database;
import java.util.List;
import java.util.Optional;

/** Apps in SQL through {@link AppMapper}. */
public final class MyBatisAppStore implements AppStore {
    private final Database db;

    public MyBatisAppStore(Database db) {
        this.db = db.register(AppMapper.class);
    }

    @Override
    public boolean insert(App app) {
        return UniqueViolation.falseOnDuplicate(() -> db.inTransaction(session -> {
            AppMapper m = session.getMapper(AppMapper.class);
            return m.exists(app.id()) == 0 && m.insert(app) == 1;
        }));
    }

    @Override
    public Optional<App> find(String id) {
        return db.readOnly(AppMapper.class, m -> m.list(id, null, null, 1)).stream().findFirst();
    }

    @Override
    public List<App> list(String categoryLower, String afterId, int limit) {
        return db.readOnly(AppMapper.class, m -> m.list(null, categoryLower, afterId, limit));
    }

    @Override
    public boolean delete(String id) {
        return db.readWrite(AppMapper.class, m -> m.delete(id)) > 0;
    }
}
