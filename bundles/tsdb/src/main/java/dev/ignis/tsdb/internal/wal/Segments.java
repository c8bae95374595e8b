package dev.ignis.tsdb.internal.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Naming and listing of WAL segment files ({@code 00000000}, ...) and checkpoint dirs. */
public final class Segments {

    /** Page size of segments (32 KiB). */
    public static final int PAGE_SIZE = 32 * 1024;
    /** Fragment header: type, 2-byte length, 4-byte CRC32C. */
    public static final int HEADER_SIZE = 7;

    static final int PAGE_TERM = 0;
    static final int FULL = 1;
    static final int FIRST = 2;
    static final int MIDDLE = 3;
    static final int LAST = 4;
    static final int SNAPPY = 8;

    private static final String CHECKPOINT_PREFIX = "checkpoint.";

    private Segments() {
    }

    /** The file name of segment {@code index}. */
    public static String name(int index) {
        return String.format("%08d", index);
    }

    /** Segment indexes in {@code dir}, ascending; files with other names are ignored. */
    public static List<Integer> list(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.length() == 8 && n.chars().allMatch(Character::isDigit) && Files.isRegularFile(p)) {
                    out.add(Integer.parseInt(n));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The newest complete checkpoint directory ({@code checkpoint.NNNNNNNN}), or null. */
    public static Path lastCheckpoint(Path dir) throws IOException {
        Path best = null;
        int bestIndex = -1;
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, CHECKPOINT_PREFIX + "*")) {
            for (Path p : ds) {
                String suffix = p.getFileName().toString().substring(CHECKPOINT_PREFIX.length());
                if (suffix.length() == 8 && suffix.chars().allMatch(Character::isDigit) && Files.isDirectory(p)) {
                    int idx = Integer.parseInt(suffix);
                    if (idx > bestIndex) {
                        bestIndex = idx;
                        best = p;
                    }
                }
            }
        }
        return best;
    }

    /** The segment index a checkpoint directory covers up to. */
    public static int checkpointIndex(Path checkpoint) {
        return Integer.parseInt(checkpoint.getFileName().toString().substring(CHECKPOINT_PREFIX.length()));
    }
}
