package io.p3.atlas.server.testing;

import io.p3.atlas.server.persistence.DatabaseUrl;
import java.nio.file.Path;
import java.util.Optional;

/** Which database a test runs against; each call makes a fresh, empty one. */
public enum TestDatabase {
    H2, POSTGRES;

    /** A new empty database as a DATABASE_URL value, or empty for H2 (which lives in the data dir). */
    public Optional<String> newDatabaseUrl() {
        return this == H2 ? Optional.empty() : Optional.of(EmbeddedPostgres.get().newDatabase());
    }

    /** A new empty database of this kind; H2 goes under a new temp dir. */
    public DatabaseUrl newDatabase() {
        return DatabaseUrl.resolve(newDatabaseUrl(), newTempDir("atlas-h2-"));
    }

    /** A new temp dir, deleted with its contents once the current test class is done (see {@link TempDirs}). */
    public static Path newTempDir(String prefix) {
        return TempDirs.newDir(prefix);
    }
}
