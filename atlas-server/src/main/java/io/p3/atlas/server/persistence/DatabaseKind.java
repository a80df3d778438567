package io.p3.atlas.server.persistence;

/** Which database the server talks to; also the MyBatis databaseId of SQL that differs. */
public enum DatabaseKind {
    POSTGRESQL("postgresql"),
    H2("h2");

    private final String databaseId;

    DatabaseKind(String databaseId) {
        this.databaseId = databaseId;
    }

    /** The MyBatis {@code databaseId} used in mapper XML variants. */
    public String databaseId() {
        return databaseId;
    }
}
