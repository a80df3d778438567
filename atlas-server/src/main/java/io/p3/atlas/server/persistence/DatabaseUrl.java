package io.p3.atlas.server.persistence;

import io.p3.atlas.server.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database is: PostgreSQL from {@code DATABASE_URL} ({@code postgres://user:pass@host:port/db},
 * {@code postgresql://…} or {@code jdbc:postgresql://…}), or else an embedded H2 file database in
 * PostgreSQL compatibility mode under the data directory.
 *
 * @param kind     PostgreSQL or H2
 * @param jdbcUrl  the JDBC URL (credentials removed from it)
 * @param user     user name, or null to let the driver decide (e.g. from jdbcUrl parameters)
 * @param password password, or null
 */
public record DatabaseUrl(DatabaseKind kind, String jdbcUrl, String user, String password) {

    private static final String EXAMPLE = "postgres://user:pass@localhost:5432/atlas or jdbc:postgresql://localhost:5432/atlas";

    /** PostgreSQL if {@code databaseUrl} is present, else H2 under {@code dataDir}. */
    public static DatabaseUrl resolve(Optional<String> databaseUrl, Path dataDir) {
        return databaseUrl.map(DatabaseUrl::parse).orElseGet(() -> h2(dataDir));
    }

    /** The embedded default: an H2 file database {@code atlas} under {@code dataDir}. */
    public static DatabaseUrl h2(Path dataDir) {
        String file = dataDir.toAbsolutePath().normalize().resolve("atlas").toString();
        return new DatabaseUrl(DatabaseKind.H2,
                "jdbc:h2:file:" + file
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "sa", "");
    }

    /** Parses a PostgreSQL URL in either form; anything else is a {@link ConfigException}. */
    public static DatabaseUrl parse(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql://")) {
            return new DatabaseUrl(DatabaseKind.POSTGRESQL, trimmed, null, null);
        }
        if (!(trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://"))) {
            throw new ConfigException("DATABASE_URL must look like " + EXAMPLE + ", got '" + redact(trimmed) + "'");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ConfigException("DATABASE_URL is not a valid URL (" + e.getReason() + "); expected " + EXAMPLE);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException("DATABASE_URL has no host; expected " + EXAMPLE);
        }
        String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : uri.getRawPath().substring(1);
        if (db.isEmpty()) {
            throw new ConfigException("DATABASE_URL names no database; expected " + EXAMPLE);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String hostPort = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]" : uri.getHost();
        if (uri.getPort() != -1) {
            hostPort += ":" + uri.getPort();
        }
        String jdbc = "jdbc:postgresql://" + hostPort + "/" + db
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(DatabaseKind.POSTGRESQL, jdbc, user, password);
    }

    /** A description safe to log: no password. */
    public String describe() {
        return kind == DatabaseKind.H2 ? "H2 " + jdbcUrl.substring("jdbc:h2:".length()).split(";")[0]
                : "PostgreSQL " + redact(jdbcUrl.split("\\?")[0]);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Hides a password in a URL of the form scheme://user:pass@host. */
    static String redact(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + describe() + "]";
    }
}
