package dev.ignis.tsdb.internal.agent;

import dev.ignis.tsdb.internal.wal.CorruptionException;
import dev.ignis.tsdb.internal.wal.Segments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File operations on a WAL directory that the shared {@code wal} package does not offer publicly. */
final class WalFiles {

    private static final String CHECKPOINT_PREFIX = "checkpoint.";

    private WalFiles() {
    }

    /**
     * Cuts the corrupt segment after its last good record, zero-pads that page, fsyncs, and
     * deletes every later segment of {@code segs}.
     */
    static void repair(Path walDir, List<Integer> segs, CorruptionException e) throws IOException {
        for (int s : segs) {
            if (s > e.segment()) {
                Files.deleteIfExists(walDir.resolve(Segments.name(s)));
            }
        }
        try (FileChannel ch = FileChannel.open(walDir.resolve(Segments.name(e.segment())), StandardOpenOption.WRITE)) {
            ch.truncate(e.offset());
            int pad = (int) ((Segments.PAGE_SIZE - e.offset() % Segments.PAGE_SIZE) % Segments.PAGE_SIZE);
            ByteBuffer zeros = ByteBuffer.allocate(pad);
            long p = e.offset();
            while (zeros.hasRemaining()) {
                p += ch.write(zeros, p);
            }
            ch.force(true);
        }
    }

    /** Deletes the segments with an index below {@code index}. */
    static void deleteSegmentsBefore(Path walDir, int index) throws IOException {
        for (int s : Segments.list(walDir)) {
            if (s < index) {
                Files.delete(walDir.resolve(Segments.name(s)));
            }
        }
    }

    /** Deletes the checkpoint directories with an index below {@code index}. */
    static void deleteCheckpointsBefore(Path walDir, int index) throws IOException {
        IOException failure = null;
        for (Path cp : checkpoints(walDir)) {
            if (Segments.checkpointIndex(cp) < index) {
                try {
                    deleteTree(cp);
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Complete checkpoint directories ({@code checkpoint.NNNNNNNN}). */
    static List<Path> checkpoints(Path walDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, CHECKPOINT_PREFIX + "*")) {
            for (Path p : ds) {
                String suffix = p.getFileName().toString().substring(CHECKPOINT_PREFIX.length());
                if (suffix.length() == 8 && suffix.chars().allMatch(Character::isDigit) && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    static String checkpointName(int index) {
        return CHECKPOINT_PREFIX + Segments.name(index);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }

    /** Makes directory entries (renames, new files) in {@code dir} durable where supported. */
    static void syncDir(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not supported on every platform; the data files themselves are synced.
        }
    }
}
