package io.p3.atlas.server.catalog.channel;

import io.p3.atlas.server.persistence.DatabaseKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The bulk path of imports: plain JDBC batches on the import's connection (MyBatis' per-parameter
 * reflection doubled the cost of a 100 000-entry import). PostgreSQL gets one batched
 * {@code INSERT … ON CONFLICT (url_hash) DO UPDATE}, safe against concurrent importers on other
 * instances; H2 (embedded, one process) gets batched INSERTs for new URLs and UPDATEs for known ones,
 * which it runs far faster than MERGE. Existing rows keep their id and create_time.
 */
final class ChannelBulkWriter {
    private static final String COLUMNS = "url, name, name_lower, logo, group_title, group_lower, language,"
            + " language_lower, tvg_id, http_referrer, user_agent, labels, quality, source, update_time";
    private static final String INSERT = "INSERT INTO catalog_channels (" + COLUMNS + ", id, url_hash, create_time)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT = INSERT + " ON CONFLICT (url_hash) DO UPDATE SET url = EXCLUDED.url,"
            + " name = EXCLUDED.name, name_lower = EXCLUDED.name_lower, logo = EXCLUDED.logo,"
            + " group_title = EXCLUDED.group_title, group_lower = EXCLUDED.group_lower, language = EXCLUDED.language,"
            + " language_lower = EXCLUDED.language_lower, tvg_id = EXCLUDED.tvg_id,"
            + " http_referrer = EXCLUDED.http_referrer, user_agent = EXCLUDED.user_agent, labels = EXCLUDED.labels,"
            + " quality = EXCLUDED.quality, source = EXCLUDED.source, update_time = EXCLUDED.update_time";
    private static final String UPDATE = "UPDATE catalog_channels SET url = ?, name = ?, name_lower = ?, logo = ?,"
            + " group_title = ?, group_lower = ?, language = ?, language_lower = ?, tvg_id = ?, http_referrer = ?,"
            + " user_agent = ?, labels = ?, quality = ?, source = ?, update_time = ? WHERE url_hash = ?";

    private ChannelBulkWriter() {
    }

    /** Writes {@code drafts} on {@code connection} (the caller commits); {@code existing} holds the known URL hashes. */
    static void write(Connection connection, DatabaseKind kind, List<ChannelDraft> drafts, Set<String> existing,
                      String source, Instant now) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        if (kind == DatabaseKind.POSTGRESQL) {
            try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
                for (ChannelDraft d : drafts) {
                    bindInsert(ps, d, source, at);
                }
                ps.executeBatch();
            }
            return;
        }
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
