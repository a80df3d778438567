package io.p3.atlas.server.catalog.channel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The bulk path of imports: plain JDBC on the import's connection (MyBatis' per-parameter reflection
 * doubled the cost of a 100 000-entry import). PostgreSQL gets one statement per chunk: the drafts bound
 * as arrays ({@code unnest}), upserted with {@code INSERT … ON CONFLICT (url_hash) DO UPDATE} (safe against
 * concurrent importers on other instances, rows in url_hash order so they lock in one order), and the
 * statement itself counts the rows that existed. H2 (embedded, one process) gets batched INSERTs for new
 * URLs and UPDATEs for known ones, which it runs far faster than MERGE. Existing rows keep their id and
 * create_time.
 */
final class ChannelBulkWriter {
    private static final String COLUMNS = "url, name, name_lower, logo, group_title, group_lower, language,"
            + " language_lower, tvg_id, http_referrer, user_agent, labels, quality, source, update_time";
    private static final String INSERT = "INSERT INTO catalog_channels (" + COLUMNS + ", id, url_hash, create_time)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE catalog_channels SET url = ?, name = ?, name_lower = ?, logo = ?,"
            + " group_title = ?, group_lower = ?, language = ?, language_lower = ?, tvg_id = ?, http_referrer = ?,"
            + " user_agent = ?, labels = ?, quality = ?, source = ?, update_time = ? WHERE url_hash = ?";
    /** The per-draft columns bound as arrays on PostgreSQL, in this order. */
    private static final int ARRAYS = 15;
    private static final String PG_UPSERT = "WITH up AS ("
            + " INSERT INTO catalog_channels (url, name, name_lower, logo, group_title, group_lower, language,"
            + " language_lower, tvg_id, http_referrer, user_agent, labels, quality, id, url_hash, source, update_time,"
            + " create_time)"
            + " SELECT d.*, ?, ?, ? FROM unnest(" + "CAST(? AS varchar[]), ".repeat(ARRAYS - 1) + "CAST(? AS varchar[]))"
            + " AS d (url, name, name_lower, logo, group_title, group_lower, language, language_lower, tvg_id,"
            + " http_referrer, user_agent, labels, quality, id, url_hash)"
            + " ORDER BY d.url_hash"
            + " ON CONFLICT (url_hash) DO UPDATE SET url = EXCLUDED.url,"
            + " name = EXCLUDED.name, name_lower = EXCLUDED.name_lower, logo = EXCLUDED.logo,"
            + " group_title = EXCLUDED.group_title, group_lower = EXCLUDED.group_lower, language = EXCLUDED.language,"
            + " language_lower = EXCLUDED.language_lower, tvg_id = EXCLUDED.tvg_id,"
            + " http_referrer = EXCLUDED.http_referrer, user_agent = EXCLUDED.user_agent, labels = EXCLUDED.labels,"
            + " quality = EXCLUDED.quality, source = EXCLUDED.source, update_time = EXCLUDED.update_time"
            // xmax is 0 on a freshly inserted row and our transaction id on one the upsert updated.
            + " RETURNING xmax <> 0 AS existed)"
            + " SELECT count(*) FROM up WHERE existed";

    private ChannelBulkWriter() {
    }

    /**
     * PostgreSQL: upserts {@code drafts} on {@code connection} (the caller commits) in one statement;
     * returns how many of them existed before.
     */
    static int upsertPostgres(Connection connection, List<ChannelDraft> drafts, String source, Instant now)
            throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        String[][] columns = new String[ARRAYS][drafts.size()];
        for (int r = 0; r < drafts.size(); r++) {
            ChannelDraft d = drafts.get(r);
            String[] values = {d.url(), d.name(), d.nameLower(), d.logo(), d.group(), d.groupLower(), d.language(),
                    d.languageLower(), d.tvgId(), d.httpReferrer(), d.userAgent(), String.join("\n", d.labels()),
                    d.quality(), d.id(), d.urlHash()};
            for (int c = 0; c < ARRAYS; c++) {
                columns[c][r] = values[c];
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(PG_UPSERT)) {
            ps.setString(1, source);
            ps.setObject(2, at);
            ps.setObject(3, at);
            for (int c = 0; c < ARRAYS; c++) {
                ps.setArray(4 + c, connection.createArrayOf("varchar", columns[c]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** H2: writes {@code drafts} on {@code connection} (the caller commits); {@code existing} holds the known URL hashes. */
    static void writeH2(Connection connection, List<ChannelDraft> drafts, Set<String> existing, String source,
                        Instant now) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement(INSERT);
             PreparedStatement update = connection.prepareStatement(UPDATE)) {
            for (ChannelDraft d : drafts) {
                if (existing.contains(d.urlHash())) {
                    int i = bindColumns(update, d, source, at);
                    update.setString(i, d.urlHash());
                    update.addBatch();
                } else {
                    bindInsert(insert, d, source, at);
                }
            }
            insert.executeBatch();
            update.executeBatch();
        }
    }

    private static void bindInsert(PreparedStatement ps, ChannelDraft d, String source, OffsetDateTime at)
            throws SQLException {
        int i = bindColumns(ps, d, source, at);
        ps.setString(i++, d.id());
        ps.setString(i++, d.urlHash());
        ps.setObject(i, at);
        ps.addBatch();
    }

    /** Binds the COLUMNS from index 1; returns the next index. */
    private static int bindColumns(PreparedStatement ps, ChannelDraft d, String source, OffsetDateTime at)
            throws SQLException {
        int i = 1;
        ps.setString(i++, d.url());
        ps.setString(i++, d.name());
        ps.setString(i++, d.nameLower());
        ps.setString(i++, d.logo());
        ps.setString(i++, d.group());
        ps.setString(i++, d.groupLower());
        ps.setString(i++, d.language());
        ps.setString(i++, d.languageLower());
        ps.setString(i++, d.tvgId());
        ps.setString(i++, d.httpReferrer());
        ps.setString(i++, d.userAgent());
        ps.setString(i++, String.join("\n", d.labels()));
        ps.setString(i++, d.quality());
        ps.setString(i++, source);
        ps.setObject(i++, at);
        return i;
    }
}
