package dev.ignis.discovery.file.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Directory change notification shared by all file discoverers of the bundle: one
 * {@link WatchService} (on Linux one inotify instance, of which a user gets 128 by default,
 * and one JDK poller thread) and one dispatcher thread, however many sections there are.
 * Subscribers are called on the dispatcher thread and must return quickly. Thread-safe.
 */
final class DirectoryWatcher implements AutoCloseable {
    private final Object lock = new Object();
    /** Guarded by {@code lock}. */
    private WatchService service;
    private Thread dispatcher;
    private final Map<WatchKey, Set<Runnable>> subscribers = new HashMap<>();
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private boolean closed;

    /**
     * Calls {@code onChange} whenever an entry of {@code dir} is created, deleted or modified,
     * and once when {@code dir} itself goes away (the watch then ends). Watching a directory
     * again is harmless.
     *
     * @throws IOException when the directory cannot be watched (e.g. it does not exist) or
     *         the watch service cannot be created
     */
    void watch(Path dir, Runnable onChange) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("directory watcher closed");
            }
            if (service == null) {
                service = FileSystems.getDefault().newWatchService();
                dispatcher = new Thread(this::dispatch, "ignis-file-watch");
                dispatcher.setDaemon(true);
                dispatcher.start();
            }
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(dir, key);
            subscribers.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(onChange);
        }
    }

    /** Stops calling {@code onChange} for {@code dir}; the directory's watch ends with its last subscriber. */
    void unwatch(Path dir, Runnable onChange) {
        synchronized (lock) {
            WatchKey key = keys.remove(dir);
            if (key == null) {
                return;
            }
            Set<Runnable> s = subscribers.get(key);
            if (s != null) {
                s.remove(onChange);
                if (!s.isEmpty()) {
                    // Another path (e.g. a symbolic link) may lead to the same directory.
                    keys.put(dir, key);
                    return;
                }
                subscribers.remove(key);
            }
            keys.values().removeIf(k -> k == key);
            key.cancel();
        }
    }

    /** Directories being watched (for tests). */
    int watchedDirectories() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    private void dispatch() {
        WatchService ws;
        synchronized (lock) {
            ws = service;
        }
        while (true) {
            WatchKey key;
            try {
                key = ws.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean events = !key.pollEvents().isEmpty();
            boolean valid = key.reset();
            List<Runnable> targets;
            synchronized (lock) {
                Set<Runnable> s = subscribers.get(key);
                targets = s == null ? List.of() : List.copyOf(s);
                if (!valid) {
                    subscribers.remove(key);
                    keys.values().removeIf(k -> k == key);
                }
            }
            if (events || !valid) {
                for (Runnable r : targets) {
                    r.run();
                }
            }
        }
    }

    /** Ends every watch and stops the dispatcher. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            subscribers.clear();
            keys.clear();
            t = dispatcher;
            if (service != null) {
                try {
                    service.close();
                } catch (IOException e) {
                    // nothing left to release
                }
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
