package dev.ignis.discovery.file.internal;

import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code file_sd_configs} section at work. A thread of its own reads every file matching
 * the patterns at start, whenever a watched directory reports a change (each pattern's
 * directory, through the bundle's shared {@link DirectoryWatcher}), and every refresh interval
 * as a backup. A file that fails to read keeps the groups it last had; a file that is gone, or
 * has fewer groups, has the missing ones removed. Only groups that changed are reported after
 * the first refresh.
 */
final class FileDiscoverer implements Discoverer {
    private static final Logger LOG = LoggerFactory.getLogger(FileDiscoverer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Events that follow within this time are read in the same refresh (an editor's save is several). */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final FileSdConfig config;
    private final FileSdMetrics metrics;
    private final DirectoryWatcher watcher;
    /** What the watcher calls; sets {@code changed}. */
    private final Runnable wake = this::wake;
    /** Successfully read files and their mtime in seconds, for {@link FileSdMetrics#MTIME}. */
    private final Map<String, Double> mtimes = new ConcurrentHashMap<>();

    // Owned by the discovery thread.
    private Map<String, Integer> lastRefresh = new HashMap<>();
    private final Map<String, TargetGroup> reported = new HashMap<>();
    private final Set<Path> watched = new LinkedHashSet<>();
    private final Set<Path> failedWatches = new LinkedHashSet<>();
    private boolean watcherFailed;
    private boolean firstSent;

    private final Object lifecycle = new Object();
    private Thread thread;
    private volatile boolean closed;
    /** Set by the watcher, cleared by the discovery thread. Guarded by {@code signal}. */
    private boolean changed;
    private final Object signal = new Object();

    FileDiscoverer(FileSdConfig config, FileSdMetrics metrics, DirectoryWatcher watcher) {
        this.config = config;
        this.metrics = metrics;
        this.watcher = watcher;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        Objects.requireNonNull(updates);
        synchronized (lifecycle) {
            if (closed || thread != null) {
                return;
            }
            metrics.add(this);
            thread = new Thread(() -> run(updates), "ignis-file-sd-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        wake();
        metrics.remove(this);
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.atWarn().addKeyValue("thread", t.getName()).log("File discovery thread did not stop");
            }
        }
        LOG.atDebug().addKeyValue("paths", config.files()).log("File discovery stopped");
    }

    /** Files last read successfully with their mtime (seconds). */
    Map<String, Double> mtimes() {
        return Map.copyOf(mtimes);
    }

    private void run(Consumer<List<TargetGroup>> updates) {
        long interval = config.refreshInterval().toNanos();
        try {
            while (!closed) {
                refresh(updates);
                if (!awaitChange(interval > 0 ? System.nanoTime() + interval : 0)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.atError().addKeyValue("paths", config.files()).addKeyValue("err", e.toString())
                        .log("File discovery failed");
            }
        } finally {
            synchronized (lifecycle) {
                for (Path dir : watched) {
                    watcher.unwatch(dir, wake);
                }
                watched.clear();
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            changed = true;
            signal.notifyAll();
        }
    }

    /**
     * Waits until a watched directory changes or {@code deadline} (0 = none) passes; after a
     * change, waits for the burst of events to settle.
     *
     * @return false when closed
     */
    private boolean awaitChange(long deadline) throws InterruptedException {
        synchronized (signal) {
            while (!changed && !closed) {
                if (deadline == 0) {
                    signal.wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return !closed;
                    }
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
            }
            changed = false;
        }
        long until = System.nanoTime() + MAX_SETTLE_NANOS;
        while (!closed && System.nanoTime() < until) {
            TimeUnit.NANOSECONDS.sleep(SETTLE_NANOS);
            synchronized (signal) {
                if (!changed) {
                    break;
                }
                changed = false;
            }
        }
        return !closed;
    }

    private void refresh(Consumer<List<TargetGroup>> updates) {
        long t0 = System.nanoTime();
        // Watch first, so that a change made while the files are read causes another refresh.
        watchDirectories();
        Map<String, Integer> ref = new LinkedHashMap<>();
        List<TargetGroup> changed = new ArrayList<>();
        for (String file : listFiles()) {
            if (closed) {
                return;
            }
            List<TargetGroup> groups;
            try {
                groups = read(file);
            } catch (TargetGroupReader.ReadException | IOException e) {
                if (closed) {
                    return;
                }
                metrics.readError();
                mtimes.remove(file);
                String err = e instanceof NoSuchFileException ? "open " + file + ": no such file or directory"
                        : e.getMessage();
                LOG.atError().addKeyValue("path", file).addKeyValue("err", err).log("Error reading file");
                // Keep what the file had.
                ref.put(file, lastRefresh.getOrDefault(file, 0));
                continue;
            }
            for (TargetGroup g : groups) {
                TargetGroup before = reported.get(g.source());
                if (before == null ? !g.targets().isEmpty() : !before.equals(g)) {
                    changed.add(g);
                }
            }
            ref.put(file, groups.size());
        }
        for (Map.Entry<String, Integer> e : lastRefresh.entrySet()) {
            String file = e.getKey();
            Integer now = ref.get(file);
            int before = e.getValue();
            if (now == null || before > now) {
                LOG.atDebug().addKeyValue("file", file).log("file_sd refresh found file that should be removed");
                if (now == null) {
                    mtimes.remove(file);
                }
                for (int i = now == null ? 0 : now; i < before; i++) {
                    changed.add(new TargetGroup(file + ":" + i, List.of(), Labels.EMPTY));
                }
            }
        }
        lastRefresh = ref;
        for (TargetGroup g : changed) {
            if (g.targets().isEmpty()) {
                reported.remove(g.source());
            } else {
                reported.put(g.source(), g);
            }
        }
        metrics.scanned(System.nanoTime() - t0);
        if ((!changed.isEmpty() || !firstSent) && !closed) {
            firstSent = true;
            updates.accept(List.copyOf(changed));
        }
    }

    private List<TargetGroup> read(String file) throws TargetGroupReader.ReadException, IOException {
        Path p = Path.of(file);
        byte[] content = Files.readAllBytes(p);
        double mtime = Math.floor(Files.getLastModifiedTime(p).toMillis() / 1000.0);
        List<TargetGroup> groups = TargetGroupReader.parse(file, content);
        mtimes.put(file, mtime);
        return groups;
    }

    /** Every file matching a pattern, each once, in pattern then name order. */
    private List<String> listFiles() {
        Set<String> out = new LinkedHashSet<>();
        for (String pattern : config.files()) {
            try {
                for (String f : Glob.glob(pattern)) {
                    if (TargetGroupReader.readable(f)) {
                        out.add(f);
                    }
                }
            } catch (Glob.BadPatternException e) {
                LOG.atError().addKeyValue("glob", pattern).addKeyValue("err", e.getMessage())
                        .log("Error expanding glob");
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Watches each pattern's directory, again on every refresh: a directory that did not exist
     * or was replaced is picked up once it is there.
     */
    private void watchDirectories() {
        Set<Path> want = new LinkedHashSet<>();
        for (String pattern : config.files()) {
            int slash = pattern.lastIndexOf('/');
            want.add(Path.of(slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash)));
        }
        for (Path dir : want) {
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                try {
                    watcher.watch(dir, wake);
                    watched.add(dir);
                    failedWatches.remove(dir);
                } catch (IOException | RuntimeException e) {
                    boolean notThere = e instanceof NoSuchFileException || e instanceof NotDirectoryException;
                    if (!notThere && !watcherFailed) {
                        // A missing directory is the config's business; anything else means watching is broken.
                        watcherFailed = true;
                        metrics.watcherError();
                    }
                    if (failedWatches.add(dir)) {
                        String err = e instanceof NoSuchFileException ? "no such file or directory" : e.toString();
                        LOG.atError().addKeyValue("path", dir).addKeyValue("err", err).log("Error adding file watch");
                    }
                }
            }
        }
    }
}
