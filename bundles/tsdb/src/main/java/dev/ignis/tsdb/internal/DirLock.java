package dev.ignis.tsdb.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code <dir>/lock} file of {@code --storage.tsdb.use-lockfile} and
 * {@code --storage.agent.use-lockfile}: held (an exclusive file lock) while the storage is open,
 * removed on a clean close, so that a file found at start tells of an unclean shutdown, as in
 * Prometheus 2.42.
 */
public final class DirLock implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(DirLock.class);

    /** The {@code *_clean_start} gauge without a lock file. */
    public static final int DISABLED = -1;
    /** Help text of 2.42's {@code prometheus_tsdb_clean_start} and {@code prometheus_agent_clean_start}. */
    public static final String CLEAN_START_HELP =
            "-1: lockfile is disabled. 0: a lockfile from a previous execution was replaced. 1: lockfile creation was clean";
    /** 2.42's error (Go's EAGAIN text) when another process holds the lock. */
    public static final String IN_USE = "lock DB directory: resource temporarily unavailable";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final int cleanStart;

    private DirLock(Path file, FileChannel channel, FileLock lock, int cleanStart) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.cleanStart = cleanStart;
    }

    /**
     * Creates and locks {@code dir/lock}.
     *
     * @throws IOException {@link #IN_USE} if another process or channel holds it
     */
    public static DirLock acquire(Path dir) throws IOException {
        Path file = dir.resolve("lock");
        boolean existed = Files.exists(file);
        if (existed) {
            LOG.atWarn().setMessage("A lockfile from a previous execution already existed. It was replaced")
                    .addKeyValue("file", file.toAbsolutePath()).log();
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another channel of this JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException(IN_USE);
        }
        return new DirLock(file, ch, lock, existed ? 0 : 1);
    }

    /** 0 when a lock file was left over (unclean shutdown), 1 when it was created. */
    public int cleanStart() {
        return cleanStart;
    }

    /** Removes the file while still holding it (no one else can have it yet), then unlocks. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
