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
import java.util.List;

/**
 * WAL directory operations the shared {@code wal} package keeps package-private: the repair of
 * a torn segment (as {@code WalReplay} does it) and the listing of checkpoints.
 */
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
}
