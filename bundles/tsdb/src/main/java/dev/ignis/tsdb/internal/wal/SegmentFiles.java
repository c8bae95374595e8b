package dev.ignis.tsdb.internal.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File operations on segments. */
final class SegmentFiles {

    private SegmentFiles() {
    }

    /**
     * Cuts a segment at {@code offset} and zero-fills the rest of that page, so the segment ends
     * on a page boundary with padding where the bad data was; then fsyncs it.
     */
    static void truncateAndPad(Path segment, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(offset);
            int pad = (int) ((Segments.PAGE_SIZE - offset % Segments.PAGE_SIZE) % Segments.PAGE_SIZE);
            ByteBuffer zeros = ByteBuffer.allocate(pad);
            long p = offset;
            while (zeros.hasRemaining()) {
                p += ch.write(zeros, p);
            }
            ch.force(true);
        }
    }
}
