package dev.ignis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bin/ignis's default JVM options and the environment variables that change them, read back
 * from the running JVM ({@code jcmd VM.flags -all}).
 */
class JvmOptionsIT {

    private static final Path DIST = Path.of(System.getProperty("ignis.dist", "target/ignis")).toAbsolutePath();
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    @TempDir
    Path work;

    private static final String MIB = "1048576";

    /**
     * Environment and the version of a stand-in JDK home to run (null: the test's own JVM), then
     * the expected MaxHeapFreeRatio, MinHeapFreeRatio, G1PeriodicGCInterval, MALLOC_ARENA_MAX,
     * G1HeapRegionSize (null: the JVM's own choice, not checked), TrimNativeHeapInterval and
     * G1ConcRefinementGreenZone (0: G1's adaptive refinement).
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("defaults", Map.of(), null, 15, 5, 15000, "2", MIB, 30000, 1024),
                Arguments.of("IGNIS_JAVA_OPTS overrides one default", Map.of("IGNIS_JAVA_OPTS", "-XX:MaxHeapFreeRatio=50"), null, 50, 5,
                        15000, "2", MIB, 30000, 1024),
                Arguments.of("IGNIS_JAVA_OPTS adds to the defaults", Map.of("IGNIS_JAVA_OPTS", "-Xmx256m -XX:G1PeriodicGCInterval=0"),
                        null, 15, 5, 0, "2", MIB, 30000, 1024),
                Arguments.of("IGNIS_JAVA_OPTS overrides the region size, trim and refinement zone",
                        Map.of("IGNIS_JAVA_OPTS", "-XX:G1HeapRegionSize=8m -XX:TrimNativeHeapInterval=0 -XX:G1ConcRefinementGreenZone=64"),
                        null, 15, 5, 15000, "2", "8388608", 0, 64),
                Arguments.of("empty IGNIS_JAVA_DEFAULT_OPTS drops them", Map.of("IGNIS_JAVA_DEFAULT_OPTS", ""), null, 70, 40, 0, "2",
                        null, 0, 0),
                Arguments.of("IGNIS_JAVA_DEFAULT_OPTS replaces them",
                        Map.of("IGNIS_JAVA_DEFAULT_OPTS", "-XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=20"), null, 30, 20, 0, "2", null,
                        0, 0),
                Arguments.of("MALLOC_ARENA_MAX of the caller is kept", Map.of("MALLOC_ARENA_MAX", "8"), null, 15, 5, 15000, "8", MIB,
                        30000, 1024),
                Arguments.of("a JDK before 17.0.9 gets no native trim (it has no such flag)", Map.of(), "17.0.8", 15, 5, 15000, "2",
                        MIB, 0, 1024),
                Arguments.of("17.0.9 has it, still experimental", Map.of(), "17.0.9", 15, 5, 15000, "2", MIB, 30000, 1024),
                Arguments.of("19 keeps the fixed refinement zones", Map.of(), "19.0.2", 15, 5, 15000, "2", MIB, 0, 1024),
                Arguments.of("20 on has another refinement controller (23 refuses the zone flags)", Map.of(), "20.0.2", 15, 5, 15000,
                        "2", MIB, 0, 0),
                Arguments.of("21.0.1 has the trim, no refinement zones", Map.of(), "21.0.1", 15, 5, 15000, "2", MIB, 30000, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void effectiveFlags(String name, Map<String, String> env, String jdkVersion, int maxFree, int minFree, long periodic,
            String arenas, String regionSize, long trim, long greenZone) throws Exception {
        Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/ignis").toString(), "--web.listen-address=127.0.0.1:" + port)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("out.log").toFile());
        pb.environment().remove("IGNIS_JAVA_OPTS");
        pb.environment().remove("IGNIS_JAVA_DEFAULT_OPTS");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().putAll(env);
        if (jdkVersion != null) {
            pb.environment().put("JAVA_HOME", standInJdk(jdkVersion).toString());
        }
        Process p = pb.start();
        try {
            Map<String, String> flags = flags(p);
            assertEquals(Integer.toString(maxFree), flags.get("MaxHeapFreeRatio"));
            assertEquals(Integer.toString(minFree), flags.get("MinHeapFreeRatio"));
            assertEquals(Long.toString(periodic), flags.get("G1PeriodicGCInterval"));
            if (regionSize != null) {
                assertEquals(regionSize, flags.get("G1HeapRegionSize"));
            }
            assertEquals(Long.toString(trim), flags.get("TrimNativeHeapInterval"));
            assertEquals(Long.toString(greenZone), flags.get("G1ConcRefinementGreenZone"));
            String environ = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"), StandardCharsets.ISO_8859_1);
            assertEquals(List.of("MALLOC_ARENA_MAX=" + arenas),
                    Arrays.stream(environ.split("\0")).filter(v -> v.startsWith("MALLOC_ARENA_MAX=")).toList());
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * A JDK home whose release file names {@code version} and whose bin/java runs this JVM's
     * java (a script, so that bin/ignis reads this home's release file and not the real one's).
     */
    private Path standInJdk(String version) throws IOException {
        Path home = work.resolve("jdk-" + version);
        Path java = home.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Files.writeString(java, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\d+)\\s", Pattern.MULTILINE);

    /** The JVM's numeric flags (some are unsigned 64-bit: kept as text); bin/ignis execs java. */
    private Map<String, String> flags(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("bin/ignis exited " + p.exitValue() + ": " + Files.readString(work.resolve("out.log")));
            }
            Process j = new ProcessBuilder(JCMD.toString(), Long.toString(p.pid()), "VM.flags", "-all")
                    .redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (j.waitFor() == 0 && out.contains("MaxHeapFreeRatio")) {
                Map<String, String> m = new HashMap<>();
                Matcher x = FLAG.matcher(out);
                while (x.find()) {
                    m.put(x.group(1), x.group(2));
                }
                return m;
            }
            last = out;
            Thread.sleep(300);
        }
        throw new IOException("jcmd did not answer: " + last);
    }
}
