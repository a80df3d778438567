package io.p3.atlas.server.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as the server's code sees it: while {@link DatabaseHealth} says the database is down, asking
 * for a connection fails at once with a {@link SQLTransientConnectionException} (SQLState 08001, which
 * the error mapping answers as UNAVAILABLE with a retry delay) instead of waiting for the pool's timeout;
 * a pool timeout or connection failure makes the health probe run at once.
 */
final class FailFastDataSource implements DataSource {
    /** SQLState class 08, "connection exception": the client could not establish a connection. */
    static final String UNABLE_TO_CONNECT = "08001";

    private final DataSource pool;
    private final DatabaseHealth health;
    private final Counter refused;

    FailFastDataSource(DataSource pool, DatabaseHealth health, MeterRegistry meters) {
        this.pool = pool;
        this.health = health;
        this.refused = meters == null ? null : Counter.builder("atlas.database.refused")
                .description("Requests for a connection refused at once because the database was down")
                .register(meters);
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkUp();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            suspect(e);
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        checkUp();
        try {
            return pool.getConnection(username, password);
        } catch (SQLException e) {
            suspect(e);
            throw e;
        }
    }

    private void checkUp() throws SQLTransientConnectionException {
        if (!health.isUp()) {
            if (refused != null) {
                refused.increment();
            }
            throw new SQLTransientConnectionException("the database is unreachable (" + health.lastFailure()
                    + "); failing at once until it answers again", UNABLE_TO_CONNECT);
        }
    }

    private void suspect(SQLException e) {
        if (e instanceof SQLTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            health.suspect();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
