package dev.ignis.scrape.internal.loop;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An {@link Appendable} that keeps committed samples in memory, rejects out-of-order samples
 * per series as the TSDB does, and lets tests wait (bounded) for a condition on them.
 */
final class MemoryStorage implements Appendable {
    record Sample(Labels labels, long t, double v) {
        boolean stale() {
            return StaleMarker.isStale(v);
        }

        String name() {
            return labels.get(Labels.METRIC_NAME);
        }
    }

    private final List<Sample> committed = new ArrayList<>();
    private final Map<Labels, Long> refs = new HashMap<>();
    private final Map<Labels, Long> lastT = new HashMap<>();
    int commits;

    @Override
    public Appender appender() {
        return new Appender() {
            private final List<Sample> pending = new ArrayList<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) throws StorageException {
                synchronized (MemoryStorage.this) {
                    Long last = lastT.get(labels);
                    if (last != null && t < last) {
                        throw new StorageException(StorageException.Kind.OUT_OF_ORDER);
                    }
                    pending.add(new Sample(labels, t, v));
                    return refs.computeIfAbsent(labels, l -> (long) refs.size() + 1);
                }
            }

            @Override
            public void commit() {
                synchronized (MemoryStorage.this) {
                    for (Sample s : pending) {
                        lastT.merge(s.labels(), s.t(), Math::max);
                    }
                    committed.addAll(pending);
                    commits++;
                    MemoryStorage.this.notifyAll();
                }
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    synchronized List<Sample> samples() {
        return List.copyOf(committed);
    }

    /** Samples of series whose labels pass {@code filter}. */
    synchronized List<Sample> samples(Predicate<Labels> filter) {
        return committed.stream().filter(s -> filter.test(s.labels())).toList();
    }

    /** The newest sample of the series with exactly these labels, or null. */
    synchronized Sample last(Labels labels) {
        Sample out = null;
        for (Sample s : committed) {
            if (s.labels().equals(labels)) {
                out = s;
            }
        }
        return out;
    }

    /** Waits until {@code cond} holds over all committed samples; fails after {@code max}. */
    synchronized void await(Duration max, String what, Predicate<List<Sample>> cond) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!cond.test(committed)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; samples: " + tail());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private String tail() {
        int from = Math.max(0, committed.size() - 30);
        return committed.subList(from, committed.size()).toString();
    }
}
