package io.p3.atlas.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
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
 *
 * <p>Outages: {@link #health()} probes the database in the background; while it is unreachable, every
 * request for a connection (helpers, writers, listeners, the read-only pool too) fails at once with a
 * transient connection error instead of waiting for the pool, and the pools reconnect by themselves once
 * the database is back.
 */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final DatabaseHealth health;
    private final DataSource gated;
    /** PostgreSQL only: connections in a read-only session, for {@link #readOnly}, gated like the pool (null on H2). */
    private final HikariDataSource readPool;
    private final DataSource readGated;
    private final SqlSessionFactory sessions;

    private Database(DatabaseUrl url, HikariDataSource dataSource, DatabaseHealth health, DataSource gated,
                     HikariDataSource readPool, DataSource readGated, SqlSessionFactory sessions) {
        this.url = url;
        this.dataSource = dataSource;
        this.health = health;
        this.gated = gated;
        this.readPool = readPool;
        this.readGated = readGated;
        this.sessions = sessions;
    }

    /**
     * Connects, migrates and registers mappers. Every failure becomes a {@link StartupException} whose
     * message says what to fix.
     */
    public static Database open(DatabaseUrl url, MeterRegistry meterRegistry) {
        return open(url, meterRegistry, DatabaseConfig.DEFAULTS);
    }

    /** As {@link #open(DatabaseUrl, MeterRegistry)}, with the pool's and the health probe's timings. */
    public static Database open(DatabaseUrl url, MeterRegistry meterRegistry, DatabaseConfig config) {
        HikariDataSource ds = connect(url, meterRegistry, config, false);
        DatabaseHealth health = null;
        HikariDataSource readPool = null;
        try {
            migrate(url, ds);
            String databaseId = databaseId(ds);
            health = new DatabaseHealth(() -> probeConnection(url, config), ds::getConnection, config, meterRegistry);
            DataSource gated = new FailFastDataSource(ds, health, meterRegistry);
            readPool = url.kind() == DatabaseKind.POSTGRESQL ? connect(url, meterRegistry, config, true) : null;
            DataSource readGated = readPool == null ? null : new FailFastDataSource(readPool, health, meterRegistry);
            return new Database(url, ds, health, gated, readPool, readGated, sessionFactory(gated, databaseId));
        } catch (RuntimeException e) {
            if (readPool != null) {
                readPool.close();
            }
            if (health != null) {
                health.close();
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
    private static HikariDataSource connect(DatabaseUrl url, MeterRegistry meterRegistry, DatabaseConfig config,
                                            boolean readOnly) {
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
        // A call waits this long for a connection at most; an outage is then caught by the health probe.
        hc.setConnectionTimeout(config.acquireTimeout().toMillis());
        hc.setValidationTimeout(Math.min(1000, config.acquireTimeout().toMillis()));
        if (url.kind() == DatabaseKind.POSTGRESQL) {
            hc.addDataSourceProperty("connectTimeout", Integer.toString(config.acquireTimeoutSeconds()));
        }
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

    /** A connection of the health probe's own, outside the pool, with connect and login timeouts. */
    private static Connection probeConnection(DatabaseUrl url, DatabaseConfig config) throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        if (url.kind() == DatabaseKind.POSTGRESQL) {
            String seconds = Integer.toString(config.acquireTimeoutSeconds());
            props.setProperty("connectTimeout", seconds);
            props.setProperty("loginTimeout", seconds);
            props.setProperty("ApplicationName", "atlas-health-probe");
        }
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    private static String databaseId(DataSource ds) {
        Properties vendors = new Properties();
        vendors.setProperty("PostgreSQL", DatabaseKind.POSTGRESQL.databaseId());
        vendors.setProperty("H2", DatabaseKind.H2.databaseId());
        VendorDatabaseIdProvider idProvider = new VendorDatabaseIdProvider();
        idProvider.setProperties(vendors);
        return idProvider.getDatabaseId(ds);
    }

    private static SqlSessionFactory sessionFactory(DataSource ds, String databaseId) {
        Configuration conf = new Configuration(new Environment("atlas", new JdbcTransactionFactory(), ds));
        conf.setMapUnderscoreToCamelCase(true);
        conf.setDefaultExecutorType(ExecutorType.REUSE);
        conf.setCacheEnabled(false);
        conf.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
        conf.getTypeHandlerRegistry().register(Instant.class, new InstantTypeHandler());
        conf.setDatabaseId(databaseId);
        return new SqlSessionFactoryBuilder().build(conf);
    }

    public DatabaseKind kind() {
        return url.kind();
    }

    public DatabaseUrl url() {
        return url;
    }

    /** The pool, failing at once while the database is down (see {@link #health()}). */
    public DataSource dataSource() {
        return gated;
    }

    /** Whether the database answers, as the background probe last found it. */
    public DatabaseHealth health() {
        return health;
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
        return onceMoreIfConnectionLost(() -> {
            try (SqlSession session = sessions.openSession(readGated.getConnection())) {
                return work.apply(session.getMapper(mapper));
            } catch (SQLException e) {
                throw new PersistenceException("cannot get a read-only connection", e);
            }
        });
    }

    /**
     * A pooled read connection the database ended (a restart, {@code pg_terminate_backend}) is found dead only
     * when used within Hikari's half-second alive-check bypass. When one is, its siblings were most likely
     * ended too: the read pool replaces them all (soft eviction: idle ones now, busy ones when returned),
     * and the read, safe to run again, runs once more on a new connection while the database is up.
     */
    private <T> T onceMoreIfConnectionLost(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            if (readPool == null || !health.isUp() || !connectionLost(e)) {
                throw e;
            }
            readPool.getHikariPoolMXBean().softEvictConnections();
            return read.get();
        }
    }

    /** SQLState class 08 (connection exception) or 57P01–57P03 (the server ended the session or is starting). */
    static boolean connectionLost(Throwable t) {
        for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
            if (cur instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the reads of {@code work} in one read-only transaction (one consistent view; on PostgreSQL
     * {@code BEGIN} in a read-only session, so a write through this helper fails).
     */
    public <M, T> T readOnlySnapshot(Class<M> mapper, Function<M, T> work) {
        return onceMoreIfConnectionLost(() -> {
            try (SqlSession session = readPool == null ? sessions.openSession(false) : readOnlyTransaction()) {
                Connection c = session.getConnection();
                c.setReadOnly(true);
                T result = work.apply(session.getMapper(mapper));
                session.commit(true);
                return result;
            } catch (SQLException e) {
                throw new PersistenceException("cannot start a read-only transaction", e);
            }
        });
    }

    private SqlSession readOnlyTransaction() throws SQLException {
        Connection c = readGated.getConnection();
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
            return commitOrRollBack(session, work);
        }
    }

    /**
     * Commits what {@code work} did in {@code session}, or rolls it back if it throws. The rollback is forced:
     * MyBatis rolls back on close only after its own statements, and work may run JDBC statements of its own
     * on the session's connection (COPY, batches).
     */
    public static <T> T commitOrRollBack(SqlSession session, Function<SqlSession, T> work) {
        T result;
        try {
            result = work.apply(session);
        } catch (RuntimeException | Error e) {
            try {
                session.rollback(true);
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        session.commit(true);
        return result;
    }

    /** True while the pool is open and the database answers the health probe. */
    public boolean isHealthy() {
        return !dataSource.isClosed() && health.isUp();
    }

    @Override
    public void close() {
        if (readPool != null) {
            readPool.close();
        }
        health.close();
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
