package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The child JVM's command line: the caller's options and arguments, plus the archive beside the jar (and the
 * start-up JIT threshold, before the caller's options so that theirs wins).
 */
class SharedArchiveTest {
    static final Path JAR = Path.of("/opt/atlas/atlas-server.jar");

    @Test
    void keepsTheOptionsAndArgumentsAndAddsTheArchive() {
        List<String> cmd = SharedArchive.command("/usr/bin/java", List.of("-Xmx256m", "-Dx=y", "-jar", "x.jar"), JAR,
                new String[] {"extra"}).orElseThrow();
        assertEquals(List.of("/usr/bin/java", "-XX:CompileThresholdScaling=5", "-Xmx256m", "-Dx=y",
                "-XX:SharedArchiveFile=/opt/atlas/atlas-server.jsa",
                "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Datlas.cds.child=true", "-jar",
                JAR.toString(), "extra"), cmd);
    }

    @Test
    void runsInThisJvmWithoutJarOrWhenTheCallerChoseCdsAnAgentOrARecording() {
        assertEquals(Optional.empty(), SharedArchive.command("java", List.of("-cp", "x.jar", "Main"), JAR,
                new String[0]));
        for (String option : List.of("-Xshare:off", "-XX:SharedArchiveFile=a.jsa", "-XX:ArchiveClassesAtExit=a.jsa",
                "-XX:StartFlightRecording=filename=a.jfr", "-javaagent:agent.jar",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-agentpath:/lib/x.so")) {
            assertEquals(Optional.empty(), SharedArchive.command("java", List.of(option, "-jar", "x.jar"), JAR,
                    new String[0]), option);
        }
    }

    @Test
    void theArchiveIsNamedAfterTheJar() {
        assertTrue(SharedArchive.archiveFor(Path.of("target/atlas-server.jar")).endsWith("atlas-server.jsa"));
    }
}
