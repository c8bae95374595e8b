package dev.ignis.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A feature set: the ordered list of bundle jars the launcher installs, read from
 * {@code conf/features/<name>.list}. Lines hold a jar file name relative to {@code bundle/};
 * {@code include <file>} pulls in another list; {@code #} starts a comment.
 */
public final class FeatureSet {

    private FeatureSet() {
    }

    /**
     * The bundle jars of feature set {@code name}, in install order, without duplicates.
     *
     * @throws IOException if a list or a listed jar is missing
     */
    public static List<Path> bundles(Path home, String name) throws IOException {
        Path features = home.resolve("conf").resolve("features");
        Set<Path> out = new LinkedHashSet<>();
        read(features, features.resolve(name + ".list"), home.resolve("bundle"), out, new LinkedHashSet<>());
        return new ArrayList<>(out);
    }

    private static void read(Path dir, Path list, Path bundleDir, Set<Path> out, Set<Path> seen) throws IOException {
        if (!seen.add(list)) {
            throw new IOException("feature list includes itself: " + list);
        }
        int lineNo = 0;
        for (String raw : Files.readAllLines(list)) {
            lineNo++;
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ")) {
                read(dir, dir.resolve(line.substring("include ".length()).strip()), bundleDir, out, seen);
                continue;
            }
            Path jar = bundleDir.resolve(line);
            if (!Files.isRegularFile(jar)) {
                throw new IOException(list + ":" + lineNo + ": bundle not found: " + jar);
            }
            out.add(jar);
        }
    }
}
