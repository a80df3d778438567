package io.p3.atlas.server.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p3.atlas.server.persistence.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * Analytics in SQL: salts and stats through {@link AnalyticsMapper}, batches through
 * {@link AnalyticsBulkWriter}. A batch is one transaction: the events (COPY on PostgreSQL), then the
 * daily aggregates once per batch (counters added in SQL, distinct users inserted if absent), each in key
 * order so two servers writing the same days and names take row locks in the same order. A distinct-user row
 * this server has committed is remembered and not inserted again: after the first minutes of a day nearly
 * every event's user is already counted, and those inserts (each a unique-index probe that finds the row)
 * were most of a batch's aggregate work. The rows are never deleted, so a remembered row stays true.
 */
public final class MyBatisAnalyticsStore implements AnalyticsStore {
    /** Rows per JDBC batch of the H2 insert (PostgreSQL streams the whole batch through one COPY). */
    static final int ROWS_PER_INSERT = 500;
    /** Distinct-user rows remembered as committed, at most (then forgotten least-recently-used first). */
    static final int KNOWN_USERS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Cache<Key, Boolean> knownUsers = Caffeine.newBuilder().maximumSize(KNOWN_USERS).build();

    public MyBatisAnalyticsStore(Database db) {
        this.db = db.register(AnalyticsMapper.class);
    }

    @Override
    public byte[] saltFor(LocalDate day, byte[] candidate) {
        try {
            db.readWrite(AnalyticsMapper.class, m -> m.insertSaltIfAbsent(day, candidate));
        } catch (PersistenceException e) {
            // H2's MERGE can lose a race for a new key; the other insert won, which is all we need.
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
        return findSalt(day).orElseThrow(() -> new IllegalStateException("the salt of " + day + " vanished"));
    }

    private static boolean isUniqueViolation(Throwable t) {
        for (Throwable cur = t; cur != null && cur.getCause() != cur; cur = cur.getCause()) {
            if (cur instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<byte[]> findSalt(LocalDate day) {
        return db.readOnly(AnalyticsMapper.class, m -> m.selectSalt(day)).stream().findFirst();
    }

    @Override
    public int deleteSaltsBefore(LocalDate day) {
        return db.readWrite(AnalyticsMapper.class, m -> m.deleteSaltsBefore(day));
    }

    @Override
    public void writeBatch(List<AnalyticsEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String> json = new ArrayList<>(events.size());
        Map<Key, Long> counts = new TreeMap<>();
        TreeSet<Key> users = new TreeSet<>();
        for (AnalyticsEvent e : events) {
            json.add(toJson(e.properties()));
            counts.merge(new Key(e.day(), e.name(), ""), 1L, Long::sum);
            if (e.anonUserId() != null) {
                Key user = new Key(e.day(), e.name(), e.anonUserId());
                if (knownUsers.getIfPresent(user) == null) {
                    users.add(user);
                }
            }
        }
        long[] countValues = counts.values().stream().mapToLong(Long::longValue).toArray();
        db.inTransaction(session -> {
            try {
                Connection c = session.getConnection();
                AnalyticsBulkWriter.insertEvents(c, db.kind(), events, json, ROWS_PER_INSERT);
                AnalyticsBulkWriter.addAggregates(c, db.kind(), keys(counts.keySet()), countValues, keys(users));
            } catch (SQLException e) {
                throw new PersistenceException("cannot write " + events.size() + " analytics events", e);
            }
            return null;
        });
        users.forEach(u -> knownUsers.put(u, Boolean.TRUE)); // committed
    }

    private static AnalyticsBulkWriter.Keys keys(Collection<Key> keys) {
        AnalyticsBulkWriter.Keys out = new AnalyticsBulkWriter.Keys(new LocalDate[keys.size()],
                new String[keys.size()], new String[keys.size()]);
        int i = 0;
        for (Key k : keys) {
            out.days()[i] = k.day();
            out.names()[i] = k.name();
            out.ids()[i++] = k.anonUserId();
        }
        return out;
    }

    @Override
    public List<DailyEventStats> stats(LocalDate start, LocalDate end, String name, LocalDate afterDay,
                                       String afterName, int limit) {
        return db.readOnly(AnalyticsMapper.class, m -> m.selectStats(start, end, name, afterDay, afterName, limit));
    }

    /** Properties as a JSON object with sorted keys, or null when there are none. */
    static String toJson(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(properties));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize properties", e);
        }
    }

    /** A day, event name and (for distinct users) anonymous id, ordered for lock order. */
    private record Key(LocalDate day, String name, String anonUserId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            if (c == 0) {
                c = name.compareTo(o.name);
            }
            return c != 0 ? c : anonUserId.compareTo(o.anonUserId);
        }
    }
}
