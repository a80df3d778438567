package io.p3.atlas.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test classes leave the temp directory as they found it. Registered for every test class (autodetected,
 * see {@code junit-platform.properties}): after each class it deletes the directories
 * {@link #newDir(String)} made for it (data dirs, H2 files, blob stores: after the class's own extensions,
 * such as {@link AtlasServerExtension}, have closed what used them), then fails the class if anything else
 * it created is still there. Dirs that live for the whole JVM on purpose (the embedded PostgreSQL server's,
 * deleted when the JVM exits) are allowed. The build points {@code java.io.tmpdir} at
 * {@code atlas-server/target/tmp} (the pom's argLine), so the system temp directory is not touched and
 * other builds on the machine cannot disturb the check.
 */
public final class TempDirs implements BeforeAllCallback, AfterAllCallback {
    /**
     * What lives as long as the JVM on purpose and is removed when it exits: EmbeddedPostgres's data
     * directory (its shutdown hook), Netty's self-signed test certificates ({@code keyutil_*}, TLS tests),
     * native libraries unpacked by brotli4j and Netty.
     */
    private static final List<String> JVM_LIFETIME = List.of("atlas-pg-", "keyutil_", "com_aayushatharva_brotli4j_",
            "libnetty_");
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"));
    private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Files.createDirectories(ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new temp dir, deleted with everything in it once the current test class is done. */
    public static Path newDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(ROOT, prefix);
            MADE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(ExtensionContext.Namespace.create(TempDirs.class)).put("before", listing());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (Path dir : List.copyOf(MADE)) {
            deleteTree(dir);
            MADE.remove(dir);
        }
        @SuppressWarnings("unchecked")
        Set<String> before = context.getStore(ExtensionContext.Namespace.create(TempDirs.class))
                .get("before", Set.class);
        Set<String> left = listing();
        left.removeAll(before);
        left.removeIf(name -> JVM_LIFETIME.stream().anyMatch(name::startsWith));
        if (!left.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left " + left + " in " + ROOT
                    + ": use JUnit's @TempDir or TempDirs.newDir, or delete what the test made");
        }
    }

    private static Set<String> listing() {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything in it (best effort: what cannot be deleted stays and is reported). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // reported by the listing check
                }
            });
        } catch (IOException ignored) {
            // reported by the listing check
        }
    }
}
