package dev.ignis.discovery.file.internal;

import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
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
 * the patterns at start, whenever a watched directory reports a change (a {@link WatchService}
 * on each pattern's directory), and every refresh interval as a backup. A file that fails to
 * read keeps the groups it last had; a file that is gone, or has fewer groups, has the missing
 * ones removed. Only groups that changed are reported after the first refresh.
 */
final class FileDiscoverer implements Discoverer {
    private static final Logger LOG = LoggerFactory.getLogger(FileDiscoverer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Events that follow within this time are read in the same refresh (an editor's save is several). */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final FileSdConfig config;
    private final FileSdMetrics metrics;
    /** Successfully read files and their mtime in seconds, for {@link FileSdMetrics#MTIME}. */
    private final Map<String, Double> mtimes = new ConcurrentHashMap<>();

    // Owned by the discovery thread.
    private Map<String, Integer> lastRefresh = new HashMap<>();
    private final Map<String, TargetGroup> reported = new HashMap<>();
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private final Set<Path> failedWatches = new LinkedHashSet<>();
    private boolean firstSent;

    private final Object lifecycle = new Object();
    private Thread thread;
    private WatchService watcher;
    private volatile boolean closed;

    FileDiscoverer(FileSdConfig config, FileSdMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        Objects.requireNonNull(updates);
        synchronized (lifecycle) {
            if (closed || thread != null) {
                return;
            }
            try {
                watcher = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                metrics.watcherError();
                LOG.atError().addKeyValue("err", e.toString())
                        .log("Error adding file watcher, relying on the refresh interval");
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
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (IOException e) {
                    LOG.atError().addKeyValue("err", e.toString()).log("Error closing file watcher");
                }
            }
        }
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
        long nextRefresh = 0;
        try {
            while (!closed) {
                refresh(updates);
                if (interval > 0) {
                    nextRefresh = System.nanoTime() + interval;
                }
                if (!awaitChange(interval > 0 ? nextRefresh : 0)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.atError().addKeyValue("paths", config.files()).addKeyValue("err", e.toString())
                        .log("File discovery failed");
            }
        }
    }

    /**
     * Waits for a change in a watched directory or for {@code deadline} (0 = none).
     *
     * @return false when closed
     */
    private boolean awaitChange(long deadline) {
        try {
            if (watcher == null) {
                long left = deadline == 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
                return !closed;
            }
            while (!closed) {
                long left = deadline == 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                WatchKey key = deadline == 0 ? watcher.take() : watcher.poll(left, TimeUnit.NANOSECONDS);
                if (key == null) {
                    return true;
                }
                if (drain(key)) {
                    settle();
                    return !closed;
                }
            }
            return false;
        } catch (InterruptedException | ClosedWatchServiceException e) {
            return false;
        }
    }

    /** Takes the further events of a burst so that they cause one refresh, not many. */
    private void settle() throws InterruptedException {
        long until = System.nanoTime() + MAX_SETTLE_NANOS;
        while (System.nanoTime() < until) {
            WatchKey more = watcher.poll(SETTLE_NANOS, TimeUnit.NANOSECONDS);
            if (more == null) {
                return;
            }
            drain(more);
        }
    }

    /** Consumes a key's events; whether any of them may change what the files hold. */
    private boolean drain(WatchKey key) {
        boolean relevant = !key.pollEvents().isEmpty();
        if (!key.reset()) {
            // The directory went away; the next refresh tries to watch it again.
            watched.remove(key);
            relevant = true;
        }
        return relevant;
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

    /** Watches each pattern's directory; retried on every refresh until it works. */
    private void watchDirectories() {
        if (watcher == null) {
            return;
        }
        Set<Path> want = new LinkedHashSet<>();
        for (String pattern : config.files()) {
            int slash = pattern.lastIndexOf('/');
            want.add(Path.of(slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash)));
        }
        want.removeAll(watched.values());
        for (Path dir : want) {
            try {
                WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                watched.put(key, dir);
                failedWatches.remove(dir);
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (failedWatches.add(dir)) {
                    String err = e instanceof NoSuchFileException ? "no such file or directory" : e.toString();
                    LOG.atError().addKeyValue("path", dir).addKeyValue("err", err).log("Error adding file watch");
                }
            }
        }
    }
}
