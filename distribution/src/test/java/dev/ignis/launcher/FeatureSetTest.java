package dev.ignis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSetTest {

    @TempDir
    Path home;

    private void write(String rel, String content) throws IOException {
        Path p = home.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void includesAndCommentsResolveInOrderWithoutDuplicates() throws IOException {
        write("bundle/a.jar", "");
        write("bundle/b.jar", "");
        write("bundle/c.jar", "");
        write("conf/features/common.list", "# shared\na.jar\nb.jar # trailing comment\n");
        write("conf/features/server.list", "include common.list\n\nc.jar\na.jar\n");
        List<Path> jars = FeatureSet.bundles(home, "server");
        assertEquals(List.of("a.jar", "b.jar", "c.jar"), jars.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void missingBundleNamesListAndLine() throws IOException {
        write("conf/features/server.list", "# x\nmissing.jar\n");
        IOException e = assertThrows(IOException.class, () -> FeatureSet.bundles(home, "server"));
        assertTrue(e.getMessage().contains("server.list:2: bundle not found"), e.getMessage());
    }

    @Test
    void includeCycleIsAnError() throws IOException {
        write("conf/features/a.list", "include b.list\n");
        write("conf/features/b.list", "include a.list\n");
        assertThrows(IOException.class, () -> FeatureSet.bundles(home, "a"));
    }
}
