package io.p3.atlas.server.catalog;

import java.sql.SQLException;

/** Recognizes a duplicate-key failure (SQLSTATE 23505 on PostgreSQL and H2) among an exception's causes. */
public final class UniqueViolation {
    private UniqueViolation() {
    }

    public static boolean is(Throwable t) {
        for (Throwable cur = t; cur != null && cur.getCause() != cur; cur = cur.getCause()) {
            if (cur instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
