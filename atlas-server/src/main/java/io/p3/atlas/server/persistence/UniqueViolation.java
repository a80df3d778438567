package io.p3.atlas.server.persistence;

import java.sql.SQLException;

/** Recognizes a duplicate-key failure (SQLSTATE 23505 on PostgreSQL and H2) among an exception's causes. */
public final class UniqueViolation {
    private UniqueViolation() {
    }

    /** Runs {@code insert}; a duplicate-key failure (a concurrent writer took the key) counts as false. */
    public static boolean falseOnDuplicate(java.util.function.BooleanSupplier insert) {
        try {
            return insert.getAsBoolean();
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            if (is(e)) {
                return false;
            }
            throw e;
        }
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
