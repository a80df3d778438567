package io.p3.atlas.server.catalog.channel;

import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseKind;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

/**
 * Channels in SQL through {@link ChannelMapper}. Imports run in one transaction, a chunk of drafts at a
 * time ({@link ChannelBulkWriter}): on PostgreSQL one upsert statement per chunk; on H2 one query to learn
 * which URL hashes exist (skipped while importing into an empty table) and JDBC batches.
 * Imports in this process run one at a time (H2's insert-or-update path relies on it).
 */
public final class MyBatisChannelStore implements ChannelStore {
    private final Database db;
    private final Clock clock;
    private final ReentrantLock importLock = new ReentrantLock();
    private static final int REMOVE_CHUNK = 1000;

    public MyBatisChannelStore(Database db, Clock clock) {
        this.db = db.register(ChannelMapper.class);
        this.clock = clock;
    }

    @Override
    public <T> T inImport(Function<Writer, T> work) {
        importLock.lock();
        try {
            return importLocked(work);
        } finally {
            importLock.unlock();
        }
    }

    private <T> T importLocked(Function<Writer, T> work) {
        try (SqlSession session = db.sessions().openSession(false)) {
            return Database.commitOrRollBack(session, s -> {
                ChannelMapper m = s.getMapper(ChannelMapper.class);
                boolean postgres = db.kind() == DatabaseKind.POSTGRESQL;
                if (postgres) {
                    preferIndexes(s);
                }
                // H2 is one process and imports run one at a time: into an empty table, nothing exists yet.
                boolean empty = !postgres && m.anyChannel().isEmpty();
                return work.apply(new ImportWriter(s, m, clock.instant(), postgres, empty));
            });
        }
    }

    /** The writer of one import transaction. */
    private final class ImportWriter implements Writer {
        private final SqlSession session;
        private final ChannelMapper m;
        private final Instant now;
        private final boolean postgres;
        private final boolean empty;

        ImportWriter(SqlSession session, ChannelMapper m, Instant now, boolean postgres, boolean empty) {
            this.session = session;
            this.m = m;
            this.now = now;
            this.postgres = postgres;
            this.empty = empty;
        }

        @Override
        public int upsert(List<ChannelDraft> drafts, String source) {
            if (drafts.isEmpty()) {
                return 0;
            }
            try {
                if (postgres) {
                    return ChannelBulkWriter.upsertPostgres(session.getConnection(), drafts, source, now);
                }
                Set<String> existing = empty ? Set.of()
                        : new HashSet<>(m.existingHashes(drafts.stream().map(ChannelDraft::urlHash).toList()));
                ChannelBulkWriter.writeH2(session.getConnection(), drafts, existing, source, now);
                return existing.size();
            } catch (SQLException e) {
                throw new PersistenceException("cannot write channels", e);
            }
        }

        @Override
        public int removeAllBut(String source, Set<String> kept) {
            List<String> gone = m.sourceChannels(source).stream()
                    .filter(c -> !kept.contains(c.urlHash())).map(ChannelMapper.SourceChannel::id).toList();
            return remove(m, gone);
        }
    }

    /**
     * The one way channels are deleted, by DeleteChannel and by imports that replace their source, so a
     * rule about deleting channels (e.g. what happens to catalog streams playing them) applies to both.
     * Runs in the caller's transaction; returns how many rows went.
     */
    private static int remove(ChannelMapper m, List<String> ids) {
        int removed = 0;
        for (int from = 0; from < ids.size(); from += REMOVE_CHUNK) {
            removed += m.deleteByIds(ids.subList(from, Math.min(ids.size(), from + REMOVE_CHUNK)));
        }
        return removed;
    }

    /**
     * A first big import fills an empty table inside one transaction; the table's statistics still say
     * "empty", so PostgreSQL would answer each lookup of a chunk (e.g. the removals of replace_source, by
     * id) with a sequential scan of everything imported so far (quadratic). Within this transaction only,
     * prefer the indexes. (The upserts themselves find existing rows through the url_hash conflict index.)
     */
    private static void preferIndexes(SqlSession session) {
        try (Statement st = session.getConnection().createStatement()) {
            st.execute("SET LOCAL enable_seqscan = off");
        } catch (SQLException e) {
            throw new PersistenceException("cannot prepare the import transaction", e);
        }
    }

    @Override
    public Optional<Channel> find(String id) {
        return Optional.ofNullable(db.readOnly(ChannelMapper.class, m -> m.select(id)));
    }

    @Override
    public List<Channel> list(ChannelFilter filter, String afterName, String afterId, int limit) {
        return db.readOnly(ChannelMapper.class, m -> m.list(filter, afterName, afterId, limit));
    }

    @Override
    public int count(ChannelFilter filter) {
        return db.readOnly(ChannelMapper.class, m -> m.count(filter));
    }

    @Override
    public boolean delete(String id) {
        return db.inTransaction(s -> remove(s.getMapper(ChannelMapper.class), List.of(id))) > 0;
    }

    @Override
    public Optional<PlaylistValidators> findValidators(String url) {
        return Optional.ofNullable(db.readOnly(ChannelMapper.class, m -> m.selectValidators(ChannelDraft.sha256(url))));
    }

    @Override
    public void saveValidators(String url, PlaylistValidators validators) {
        String hash = ChannelDraft.sha256(url);
        db.inTransaction(session -> {
            ChannelMapper m = session.getMapper(ChannelMapper.class);
            m.deleteValidators(hash);
            return m.insertValidators(hash, url, validators.etag(), validators.lastModified(), clock.instant());
        });
    }
}
