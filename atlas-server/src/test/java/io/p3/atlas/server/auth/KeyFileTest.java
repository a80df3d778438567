package io.p3.atlas.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyFileTest {
    static final Path FILE = Path.of("/etc/atlas/keys");
    static final String H1 = "a".repeat(64);
    static final String H2 = "b".repeat(64);
    static final String W = "0x52908400098527886E0F7030069857D2E4169EE7";

    @Test
    void parsesRolesWalletsCommentsAndBlankLines() {
        Map<String, ApiKey> keys = KeyFile.parse(FILE, List.of(
                "# operators", "", "sha256:" + H1 + " admin   # the ops team",
                "  sha256:" + H2 + "\tnode " + W + " 0x1111111111111111111111111111111111111111  "));
        assertEquals(2, keys.size());
        assertEquals(Role.ADMIN, keys.get(H1).role());
        ApiKey node = keys.get(H2);
        assertEquals(Role.NODE, node.role());
        assertTrue(node.mayReportFor(W.toLowerCase()), "wallets compare case-insensitively");
        assertTrue(node.mayReportFor(W));
        assertFalse(node.mayReportFor("0x2222222222222222222222222222222222222222"));
        assertTrue(keys.get(H1).mayReportFor("0x2222222222222222222222222222222222222222"), "admin may");
        assertEquals("sha256:" + H2, node.id());
    }

    @Test
    void eachMalformedLineNamesFileLineAndProblem() {
        assertProblem(List.of("# c", "sha256:" + H1.toUpperCase() + " admin"), 2, "64 lower-case hex digits");
        assertProblem(List.of("mysecretrawkey admin"), 1, "never the key itself");
        assertProblem(List.of("sha256:" + H1), 1, "a role must follow");
        assertProblem(List.of("sha256:" + H1 + " root"), 1, "unknown role 'root'");
        assertProblem(List.of("sha256:" + H1 + " node"), 1, "needs at least one wallet");
        assertProblem(List.of("sha256:" + H1 + " node 0x12"), 1, "'0x12' is not a wallet address");
        assertProblem(List.of("sha256:" + H1 + " reader " + W), 1, "only node keys list wallet addresses");
        assertProblem(List.of("sha256:" + H1 + " admin", "", "sha256:" + H1 + " reader"), 3, "already on line 1");
    }

    @Test
    void aRawKeyPastedByMistakeIsNeverEchoed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> KeyFile.parse(FILE, List.of("0123456789abcdef0123456789abcdef admin")));
        assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
    }

    private static void assertProblem(List<String> lines, int line, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> KeyFile.parse(FILE, lines));
        assertTrue(e.getMessage().startsWith("ATLAS_API_KEYS_FILE " + FILE + " line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }
}
