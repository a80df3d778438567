package io.p3.atlas.server.analytics;

import io.p3.atlas.server.persistence.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk path of analytics batches: plain JDBC on the batch's connection, no SQL generated per batch
 * (MyBatis expanding a 500-row {@code <foreach>} took most of the writer's time). PostgreSQL gets the
 * events through {@code COPY … FROM STDIN} (PgJDBC's {@code CopyManager}, text format, streamed in
 * chunks); H2 gets one prepared {@code INSERT} run as JDBC batches. The daily aggregates are then
 * updated once per batch: one statement for the counters and one for the distinct users on PostgreSQL
 * (the keys bound as arrays). Everything runs inside the caller's transaction: a batch stays all or nothing.
 */
final class AnalyticsBulkWriter {
    static final String COLUMNS = "name, event_time, receive_time, anon_user_id, stream_id, asset_id, app_id, properties";
    private static final String COPY = "COPY analytics_events (" + COLUMNS + ") FROM STDIN";
    private static final String INSERT = "INSERT INTO analytics_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PG_COUNTS = "INSERT INTO analytics_daily_counts AS t (stats_date, name, event_count)"
            + " SELECT * FROM unnest(CAST(? AS date[]), CAST(? AS varchar[]), CAST(? AS bigint[])) ORDER BY 1, 2"
            + " ON CONFLICT (stats_date, name) DO UPDATE SET event_count = t.event_count + EXCLUDED.event_count";
    private static final String PG_USERS = "INSERT INTO analytics_daily_users (stats_date, name, anon_user_id)"
            + " SELECT * FROM unnest(CAST(? AS date[]), CAST(? AS varchar[]), CAST(? AS varchar[])) ORDER BY 1, 2, 3"
            + " ON CONFLICT (stats_date, name, anon_user_id) DO NOTHING";
    private static final String H2_COUNT = "MERGE INTO analytics_daily_counts t"
            + " USING (VALUES (CAST(? AS DATE), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) s (stats_date, name, n)"
            + " ON t.stats_date = s.stats_date AND t.name = s.name"
            + " WHEN MATCHED THEN UPDATE SET event_count = t.event_count + s.n"
            + " WHEN NOT MATCHED THEN INSERT (stats_date, name, event_count) VALUES (s.stats_date, s.name, s.n)";
    private static final String H2_USER = "MERGE INTO analytics_daily_users t"
            + " USING (VALUES (CAST(? AS DATE), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(32)))) s (stats_date, name, id)"
            + " ON t.stats_date = s.stats_date AND t.name = s.name AND t.anon_user_id = s.id"
            + " WHEN NOT MATCHED THEN INSERT (stats_date, name, anon_user_id) VALUES (s.stats_date, s.name, s.id)";
    /** Bytes buffered before they are handed to COPY. */
    private static final int COPY_CHUNK = 64 * 1024;

    private AnalyticsBulkWriter() {
    }

    /** Inserts {@code events} ({@code json.get(i)}: the properties of event i, or null) on {@code c}. */
    static void insertEvents(Connection c, DatabaseKind kind, List<AnalyticsEvent> events, List<String> json,
                             int rowsPerBatch) throws SQLException {
        if (kind == DatabaseKind.POSTGRESQL) {
            copyEvents(c, events, json);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < events.size(); i++) {
                AnalyticsEvent e = events.get(i);
                ps.setString(1, e.name());
                ps.setObject(2, OffsetDateTime.ofInstant(e.eventTime(), ZoneOffset.UTC));
                ps.setObject(3, OffsetDateTime.ofInstant(e.receiveTime(), ZoneOffset.UTC));
                setNullable(ps, 4, e.anonUserId());
                setNullable(ps, 5, e.streamId());
                setNullable(ps, 6, e.assetId());
                setNullable(ps, 7, e.appId());
                setNullable(ps, 8, json.get(i));
                ps.addBatch();
                if ((i + 1) % rowsPerBatch == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Adds {@code counts[i]} to the counter of ({@code days[i]}, {@code names[i]}) and inserts the distinct
     * users ({@code userDays[i]}, {@code userNames[i]}, {@code userIds[i]}) unless present: one statement
     * each on PostgreSQL (arrays), one JDBC batch each on H2. Keys come sorted: one lock order for all writers.
     */
    static void addAggregates(Connection c, DatabaseKind kind, Keys counts, long[] countValues, Keys users)
            throws SQLException {
        if (kind == DatabaseKind.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement(PG_COUNTS)) {
                ps.setArray(1, c.createArrayOf("varchar", isoDays(counts.days())));
                ps.setArray(2, c.createArrayOf("varchar", counts.names()));
                Long[] boxed = new Long[countValues.length];
                for (int i = 0; i < boxed.length; i++) {
                    boxed[i] = countValues[i];
                }
                ps.setArray(3, c.createArrayOf("bigint", boxed));
                ps.executeUpdate();
            }
            if (users.size() > 0) {
                try (PreparedStatement ps = c.prepareStatement(PG_USERS)) {
                    ps.setArray(1, c.createArrayOf("varchar", isoDays(users.days())));
                    ps.setArray(2, c.createArrayOf("varchar", users.names()));
                    ps.setArray(3, c.createArrayOf("varchar", users.ids()));
                    ps.executeUpdate();
                }
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(H2_COUNT)) {
            for (int i = 0; i < counts.size(); i++) {
                ps.setObject(1, counts.days()[i]);
                ps.setString(2, counts.names()[i]);
                ps.setLong(3, countValues[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(H2_USER)) {
            for (int i = 0; i < users.size(); i++) {
                ps.setObject(1, users.days()[i]);
                ps.setString(2, users.names()[i]);
                ps.setString(3, users.ids()[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String[] isoDays(java.time.LocalDate[] days) {
        String[] out = new String[days.length];
        for (int i = 0; i < days.length; i++) {
            out[i] = days[i].toString();
        }
        return out;
    }

    /** Aggregate keys as parallel arrays: day, event name and (for users) the anonymous id. */
    record Keys(java.time.LocalDate[] days, String[] names, String[] ids) {
        int size() {
            return days.length;
        }
    }

    private static void setNullable(PreparedStatement ps, int i, String value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, value);
        }
    }

    private static void copyEvents(Connection c, List<AnalyticsEvent> events, List<String> json) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            StringBuilder row = new StringBuilder(COPY_CHUNK + 4096);
            Timestamps times = new Timestamps();
            for (int i = 0; i < events.size(); i++) {
                appendRow(row, events.get(i), json.get(i), times);
                if (row.length() >= COPY_CHUNK) {
                    write(copy, row);
                }
            }
            write(copy, row);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        if (rows.length() > 0) {
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            rows.setLength(0);
        }
    }

    /** One row of COPY's text format: tab-separated, \N for null, newline-terminated. */
    static void appendRow(StringBuilder out, AnalyticsEvent e, String json, Timestamps times) {
        field(out, e.name()).append('\t');
        times.append(out, e.eventTime()).append('\t');
        times.append(out, e.receiveTime()).append('\t');
        field(out, e.anonUserId()).append('\t');
        field(out, e.streamId()).append('\t');
        field(out, e.assetId()).append('\t');
        field(out, e.appId()).append('\t');
        field(out, json).append('\n');
    }

    /** Escapes what COPY's text format treats specially: backslash, tab, newline, carriage return. */
    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        int plain = 0;
        while (plain < value.length() && !special(value.charAt(plain))) {
            plain++;
        }
        out.append(value, 0, plain); // usually all of it, copied at once
        for (int i = plain; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    private static boolean special(char ch) {
        return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r';
    }

    /**
     * ISO-8601 in UTC, rounded to microseconds (PostgreSQL's precision) the way PgJDBC rounds parameters, e.g.
     * {@code 2026-03-10T09:08:07.123457Z}. A batch's times mostly share their second, so the date and time of
     * the last second are kept and only the microseconds are written per value ({@code Instant.toString} for
     * every value had been a twentieth of the server's CPU under ingestion load).
     */
    static final class Timestamps {
        private long second = Long.MIN_VALUE;
        private String secondText;

        StringBuilder append(StringBuilder out, Instant t) {
            Instant micros = t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
            if (micros.getEpochSecond() != second) {
                second = micros.getEpochSecond();
                secondText = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
            }
            int us = micros.getNano() / 1000;
            out.append(secondText).append('.');
            for (int digit = 100_000; digit > 0; digit /= 10) {
                out.append((char) ('0' + us / digit % 10));
            }
            return out.append('Z');
        }
    }
}
