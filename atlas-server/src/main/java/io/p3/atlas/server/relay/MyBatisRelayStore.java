package io.p3.atlas.server.relay;

import io.p3.atlas.server.persistence.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Relays in SQL through {@link RelayMapper}. */
public final class MyBatisRelayStore implements RelayStore {
    private final Database db;

    public MyBatisRelayStore(Database db) {
        this.db = db.register(RelayMapper.class);
    }

    @Override
    public Relay upsert(Relay relay) {
        return db.inTransaction(s -> {
            RelayMapper m = s.getMapper(RelayMapper.class);
            m.upsert(relay);
            return m.select(relay.id());
        });
    }

    @Override
    public Optional<Beat> heartbeat(String id, int activeStreams, double load, Instant at) {
        return Optional.ofNullable(db.inTransaction(s -> {
            RelayMapper m = s.getMapper(RelayMapper.class);
            Relay before = m.selectForUpdate(id);
            if (before == null) {
                return null;
            }
            m.heartbeat(id, activeStreams, load, at);
            return new Beat(before, m.select(id));
        }));
    }

    @Override
    public Optional<Relay> find(String id) {
        return Optional.ofNullable(db.readOnly(RelayMapper.class, m -> m.select(id)));
    }

    @Override
    public List<Relay> list(String region, Instant heartbeatFrom, Instant heartbeatBefore, String afterId, int limit) {
        return db.readOnly(RelayMapper.class, m -> m.list(region, heartbeatFrom, heartbeatBefore, afterId, limit));
    }

    @Override
    public List<Relay> deleteSilentBefore(Instant cutoff) {
        return db.inTransaction(s -> s.getMapper(RelayMapper.class).deleteSilentBefore(cutoff));
    }

    @Override
    public Optional<Relay> delete(String id) {
        return db.inTransaction(s -> s.getMapper(RelayMapper.class).delete(id)).stream().findFirst();
    }
}
