package io.p3.atlas.server.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p3.atlas.server.persistence.Database;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * Analytics in SQL through {@link AnalyticsMapper}. A batch is one transaction: multi-row inserts of
 * the events, counters added in SQL and distinct users inserted if absent, each in key order so two
 * servers writing the same days and names take row locks in the same order.
 */
public final class MyBatisAnalyticsStore implements AnalyticsStore {
    /** Rows per multi-row INSERT (stays far below PostgreSQL's 65 535 bind parameters). */
    static final int ROWS_PER_INSERT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<AnalyticsMapper.UserRow> USER_ORDER =
            Comparator.comparing(AnalyticsMapper.UserRow::day).thenComparing(AnalyticsMapper.UserRow::name)
                    .thenComparing(AnalyticsMapper.UserRow::anonUserId);

    private final Database db;

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
        List<AnalyticsMapper.EventRow> rows = new ArrayList<>(events.size());
        Map<Key, Long> counts = new TreeMap<>();
        TreeSet<AnalyticsMapper.UserRow> users = new TreeSet<>(USER_ORDER);
        for (AnalyticsEvent e : events) {
            rows.add(new AnalyticsMapper.EventRow(e, toJson(e.properties())));
            counts.merge(new Key(e.day(), e.name()), 1L, Long::sum);
            if (e.anonUserId() != null) {
                users.add(new AnalyticsMapper.UserRow(e.day(), e.name(), e.anonUserId()));
            }
        }
        db.inTransaction(session -> {
            AnalyticsMapper m = session.getMapper(AnalyticsMapper.class);
            for (List<AnalyticsMapper.EventRow> chunk : chunks(rows)) {
                m.insertEvents(chunk);
            }
            counts.forEach((k, n) -> m.addCount(k.day(), k.name(), n));
            for (List<AnalyticsMapper.UserRow> chunk : chunks(new ArrayList<>(users))) {
                m.insertUsers(chunk);
            }
            return null;
        });
    }

    @Override
    public List<DailyEventStats> stats(LocalDate start, LocalDate end, String name, LocalDate afterDay,
                                       String afterName, int limit) {
        return db.readOnly(AnalyticsMapper.class, m -> m.selectStats(start, end, name, afterDay, afterName, limit));
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += ROWS_PER_INSERT) {
            out.add(all.subList(i, Math.min(all.size(), i + ROWS_PER_INSERT)));
        }
        return out;
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

    /** A day and event name, ordered for lock order. */
    private record Key(LocalDate day, String name) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }
}
