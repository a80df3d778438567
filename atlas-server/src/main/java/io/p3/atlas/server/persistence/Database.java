package io.p3.atlas.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.mapping.VendorDatabaseIdProvider;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The one database of a server: a HikariCP pool, Flyway-migrated schema and a MyBatis session factory.
 * Each feature's stores {@link #register register} their mappers (interface + XML at the same package
 * path) when they are built. Work runs through helpers named by intent: {@link #readOnly} (read-only
 * statements, each on its own: a write through it fails on PostgreSQL), {@link #readOnlySnapshot} (several
 * reads in one read-only transaction), {@link #readWrite} (one auto-committed statement) and
 * {@link #inTransaction} (several statements, all or nothing).
 */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    /** PostgreSQL only: connections in a read-only session, for {@link #readOnly} (null on H2). */
    private final HikariDataSource readPool;
    private final SqlSessionFactory sessions;

    private Database(DatabaseUrl url, HikariDataSource dataSource, HikariDataSource readPool,
                     SqlSessionFactory sessions) {
        this.url = url;
        this.dataSource = dataSource;
        this.readPool = readPool;
        this.sessions = sessions;
    }

    /**
     * Connects, migrates and registers mappers. Every failure becomes a {@link StartupException} whose
     * message says what to fix.
     */
    public static Database open(DatabaseUrl url, MeterRegistry meterRegistry) {
        HikariDataSource ds = connect(url, meterRegistry, false);
        HikariDataSource readPool = null;
        try {
            migrate(url, ds);
            readPool = url.kind() == DatabaseKind.POSTGRESQL ? connect(url, meterRegistry, true) : null;
            return new Database(url, ds, readPool, sessionFactory(url, ds));
        } catch (RuntimeException e) {
            if (readPool != null) {
                readPool.close();
            }
            ds.close();
            throw e;
        }
    }

    /** {@link #open(DatabaseUrl, MeterRegistry)}, then {@link #register} of {@code mappers}. */
    public static Database open(DatabaseUrl url, MeterRegistry meterRegistry, List<Class<?>> mappers) {
        Database db = open(url, meterRegistry);
        mappers.forEach(db::register);
        return db;
    }

    /**
     * Makes {@code mapper} (and the XML beside it) usable through this database; registering it again is a
     * no-op. Called by stores while the server is being built, before it serves calls.
     */
    public synchronized Database register(Class<?> mapper) {
        Configuration conf = sessions.getConfiguration();
        if (!conf.hasMapper(mapper)) {
            conf.addMapper(mapper);
        }
        return this;
    }

    /**
     * The pool; {@code readOnly}: a second, smaller one whose sessions are read-only
     * ({@code SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY}, once per connection, by PgJDBC's
     * {@code readOnlyMode=always}), so a single-statement read is one round trip and a write through it fails.
     */
    private static HikariDataSource connect(DatabaseUrl url, MeterRegistry meterRegistry, boolean readOnly) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(readOnly ? "atlas-db-read" : "atlas-db");
        hc.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hc.setUsername(url.user());
        }
        if (url.password() != null) {
            hc.setPassword(url.password());
        }
        hc.setMaximumPoolSize(url.kind() == DatabaseKind.H2 ? 8 : readOnly ? 8 : 16);
        if (readOnly) {
            hc.setMinimumIdle(2);
            hc.setReadOnly(true);
            hc.addDataSourceProperty("readOnlyMode", "always");
        }
        hc.setConnectionTimeout(10_000);
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(1);
        if (meterRegistry != null) {
            hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meterRegistry));
        }
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StartupException("cannot connect to " + url.describe() + ": " + rootMessage(e)
                    + (url.kind() == DatabaseKind.POSTGRESQL
                            ? " (check DATABASE_URL, credentials, and that PostgreSQL is running)"
                            : " (check that ATLAS_DATA_DIR is writable and no other server uses it)"), e);
        }
    }

    private static void migrate(DatabaseUrl url, DataSource ds) {
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StartupException("cannot migrate the schema of " + url.describe() + ": " + rootMessage(e), e);
        }
    }

    private static SqlSessionFactory sessionFactory(DatabaseUrl url, DataSource ds) {
        Configuration conf = new Configuration(new Environment("atlas", new JdbcTransactionFactory(), ds));
        conf.setMapUnderscoreToCamelCase(true);
        conf.setDefaultExecutorType(ExecutorType.REUSE);
        conf.setCacheEnabled(false);
        conf.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
        conf.getTypeHandlerRegistry().register(Instant.class, new InstantTypeHandler());
        Properties vendors = new Properties();
        vendors.setProperty("PostgreSQL", DatabaseKind.POSTGRESQL.databaseId());
        vendors.setProperty("H2", DatabaseKind.H2.databaseId());
        VendorDatabaseIdProvider idProvider = new VendorDatabaseIdProvider();
        idProvider.setProperties(vendors);
        conf.setDatabaseId(idProvider.getDatabaseId(ds));
        return new SqlSessionFactoryBuilder().build(conf);
    }

    public DatabaseKind kind() {
        return url.kind();
    }

    public DatabaseUrl url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlSessionFactory sessions() {
        return sessions;
    }

    /**
     * Runs the reads of {@code work} read-only, each statement on its own (auto-commit: a single-statement
     * read is one round trip). On PostgreSQL the session is read-only, so a write through this helper fails;
     * H2 (embedded, one process) does not enforce it. Several statements that must see one snapshot: use
     * {@link #readOnlySnapshot}.
     */
    public <M, T> T readOnly(Class<M> mapper, Function<M, T> work) {
        if (readPool == null) {
            try (SqlSession session = sessions.openSession(true)) {
                return work.apply(session.getMapper(mapper));
            }
        }
        try (SqlSession session = sessions.openSession(readPool.getConnection())) {
            return work.apply(session.getMapper(mapper));
        } catch (SQLException e) {
            throw new PersistenceException("cannot get a read-only connection", e);
        }
    }

    /**
     * Runs the reads of {@code work} in one read-only transaction (one consistent view; on PostgreSQL
     * {@code BEGIN} in a read-only session, so a write through this helper fails).
     */
    public <M, T> T readOnlySnapshot(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = readPool == null ? sessions.openSession(false) : readOnlyTransaction()) {
            Connection c = session.getConnection();
            c.setReadOnly(true);
            T result = work.apply(session.getMapper(mapper));
            session.commit(true);
            return result;
        } catch (SQLException e) {
            throw new PersistenceException("cannot start a read-only transaction", e);
        }
    }

    private SqlSession readOnlyTransaction() throws SQLException {
        Connection c = readPool.getConnection();
        try {
            c.setAutoCommit(false);
            return sessions.openSession(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Runs {@code work} with a mapper in an auto-commit session: each statement commits on its own. */
    public <M, T> T readWrite(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(true)) {
            return work.apply(session.getMapper(mapper));
        }
    }

    /** Runs {@code work} in one read-write transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = work.apply(session);
            session.commit(true);
            return result;
        }
    }

    /** True while the pool is open and can hand out a valid connection. */
    public boolean isHealthy() {
        if (dataSource.isClosed()) {
            return false;
        }
        try (var c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (readPool != null) {
            readPool.close();
        }
        dataSource.close();
    }

    static String rootMessage(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur.getCause() != cur) {
            cur = cur.getCause();
        }
        String m = cur.getMessage();
        return (m == null ? cur.getClass().getSimpleName() : m).lines().findFirst().orElse("").trim();
    }
}
