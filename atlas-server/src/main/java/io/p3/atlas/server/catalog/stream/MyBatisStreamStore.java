package io.p3.atlas.server.catalog.stream;

import io.p3.atlas.server.persistence.ForeignKeyViolation;
import io.p3.atlas.server.persistence.UniqueViolation;
import io.p3.atlas.server.persistence.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Streams in SQL through {@link StreamMapper}; tags live in their own table. */
public final class MyBatisStreamStore implements StreamStore {
    private final Database db;

    public MyBatisStreamStore(Database db) {
        this.db = db.register(StreamMapper.class);
    }

    @Override
    public boolean insert(Stream stream) {
        try {
            return UniqueViolation.falseOnDuplicate(() -> db.inTransaction(session -> {
                StreamMapper m = session.getMapper(StreamMapper.class);
                if (m.exists(stream.id()) > 0) {
                    return false;
                }
                m.insert(stream);
                stream.tags().forEach(tag -> m.insertTag(stream.id(), tag));
                return true;
            }));
        } catch (RuntimeException e) {
            if (ForeignKeyViolation.is(e)) {
                throw new MissingTargetException(e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Stream> find(String id) {
        return list(id, null, null, null, 1).stream().findFirst();
    }

    @Override
    public List<Stream> list(StreamKind kind, String tag, String afterId, int limit) {
        return list(null, kind, tag, afterId, limit);
    }

    private List<Stream> list(String id, StreamKind kind, String tag, String afterId, int limit) {
        return db.readOnlySnapshot(StreamMapper.class, m -> {
            List<Stream> rows = m.list(id, kind == null ? null : kind.name(), tag, afterId, limit);
            if (rows.isEmpty()) {
                return rows;
            }
            Map<String, List<String>> tags = new HashMap<>();
            for (StreamMapper.StreamTag t : m.tags(rows.stream().map(Stream::id).toList())) {
                tags.computeIfAbsent(t.streamId(), k -> new ArrayList<>()).add(t.tag());
            }
            return rows.stream().map(s -> s.withTags(tags.getOrDefault(s.id(), List.of()))).toList();
        });
    }

    @Override
    public boolean delete(String id) {
        return db.readWrite(StreamMapper.class, m -> m.delete(id)) > 0;
    }
}
