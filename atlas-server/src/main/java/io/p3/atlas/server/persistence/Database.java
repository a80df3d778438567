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
 * path) when they are built. Work runs through helpers named by intent: {@link #readOnly} (a read-only
 * transaction: a write through it fails on PostgreSQL), {@link #readWrite} (one auto-committed statement)
 * and {@link #inTransaction} (several statements, all or nothing).
 *
 * <p>Outages: {@link #health()} probes the database in the background; while it is unreachable, every
 * request for a connection (helpers, writers, listeners) fails at once with a transient connection error
 * instead of waiting for the pool, and the pool reconnects by itself once the database is back.
 */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final DatabaseHealth health;
    private final DataSource gated;
    private final SqlSessionFactory sessions;

    private Database(DatabaseUrl url, HikariDataSource dataSource, DatabaseHealth health, DataSource gated,
                     SqlSessionFactory sessions) {
        this.url = url;
        this.dataSource = dataSource;
        this.health = health;
        this.gated = gated;
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
        HikariDataSource ds = connect(url, meterRegistry, config);
        DatabaseHealth health = null;
        try {
            migrate(url, ds);
            String databaseId = databaseId(ds);
            health = new DatabaseHealth(() -> probeConnection(url, config), config, meterRegistry);
            DataSource gated = new FailFastDataSource(ds, health, meterRegistry);
            return new Database(url, ds, health, gated, sessionFactory(gated, databaseId));
        } catch (RuntimeException e) {
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

    private static HikariDataSource connect(DatabaseUrl url, MeterRegistry meterRegistry, DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("atlas-db");
        hc.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hc.setUsername(url.user());
        }
        if (url.password() != null) {
            hc.setPassword(url.password());
        }
        hc.setMaximumPoolSize(url.kind() == DatabaseKind.H2 ? 8 : 16);
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
     * Runs the reads of {@code work} in one read-only transaction (a consistent view; on PostgreSQL
     * {@code BEGIN READ ONLY}, so a write through this helper fails).
     */
    public <M, T> T readOnly(Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            Connection c = session.getConnection();
            c.setReadOnly(true);
            T result = work.apply(session.getMapper(mapper));
            session.commit(true);
            return result;
        } catch (SQLException e) {
            throw new PersistenceException("cannot start a read-only transaction", e);
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

    /** True while the pool is open and the database answers the health probe. */
    public boolean isHealthy() {
        return !dataSource.isClosed() && health.isUp();
    }

    @Override
    public void close() {
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
