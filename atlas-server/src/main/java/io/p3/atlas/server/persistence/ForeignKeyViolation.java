package io.p3.atlas.server.persistence;

import java.sql.SQLException;

/**
 * Recognizes a foreign-key failure among an exception's causes: a row refers to a parent that does not
 * exist (SQLSTATE 23503 on PostgreSQL; 23506 and 23503 on H2).
 */
public final class ForeignKeyViolation {
    private ForeignKeyViolation() {
    }

    public static boolean is(Throwable t) {
        for (Throwable cur = t; cur != null && cur.getCause() != cur; cur = cur.getCause()) {
            if (cur instanceof SQLException sql
                    && ("23503".equals(sql.getSQLState()) || "23506".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
