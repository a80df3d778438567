package io.p3.atlas.server.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void herokuStyleUrlBecomesJdbcWithCredentials() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://app:s%40cret@db.example:6543/atlas?sslmode=require");
        assertEquals(DatabaseKind.POSTGRESQL, u.kind());
        assertEquals("jdbc:postgresql://db.example:6543/atlas?sslmode=require", u.jdbcUrl());
        assertEquals("app", u.user());
        assertEquals("s@cret", u.password());
        assertFalse(u.toString().contains("s@cret"));
    }

    @Test
    void postgresqlSchemeAndDefaultPort() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://app@localhost/atlas");
        assertEquals("jdbc:postgresql://localhost/atlas", u.jdbcUrl());
        assertEquals("app", u.user());
    }

    @Test
    void jdbcUrlPassesThrough() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=a&password=b");
        assertEquals("jdbc:postgresql://h:5432/db?user=a&password=b", u.jdbcUrl());
        assertEquals(DatabaseKind.POSTGRESQL, u.kind());
    }

    @Test
    void unsetMeansEmbeddedH2UnderDataDir() {
        DatabaseUrl u = DatabaseUrl.resolve(Optional.empty(), Path.of("/tmp/x"));
        assertEquals(DatabaseKind.H2, u.kind());
        assertTrue(u.jdbcUrl().startsWith("jdbc:h2:file:/tmp/x/atlas;MODE=PostgreSQL"), u.jdbcUrl());
    }

    @Test
    void badUrlsNameTheVariableAndHidePasswords() {
        ConfigException e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse("mysql://u:topsecret@h/db"));
        assertTrue(e.getMessage().startsWith("DATABASE_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres://u:p@h:5432/"));
        assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres:///db"));
    }
}
