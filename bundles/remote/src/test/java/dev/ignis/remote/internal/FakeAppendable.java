package dev.ignis.remote.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A storage that keeps committed samples in memory and rejects as Prometheus's head does
 * against committed data: older than the series' newest sample is out of order, the same
 * timestamp with another value a duplicate, older than {@link #minValidTime} out of bounds.
 * {@link #failNext} makes the next append fail with a given error.
 */
final class FakeAppendable implements Appendable {

    record Sample(Labels labels, long t, double v) {
    }

    record Exemplar(Labels series, Labels labels, long t, double v) {
    }

    final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    final List<Exemplar> exemplars = Collections.synchronizedList(new ArrayList<>());
    final Map<Labels, Long> refs = new HashMap<>();
    volatile long minValidTime = Long.MIN_VALUE;
    volatile StorageException failNext;
    int commits;
    int rollbacks;

    @Override
    public Appender appender() {
        return new Appender() {
            final List<Sample> pending = new ArrayList<>();
            final List<Exemplar> pendingExemplars = new ArrayList<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) throws StorageException {
                StorageException f = failNext;
                if (f != null) {
                    failNext = null;
                    throw f;
                }
                if (t < minValidTime) {
                    throw new StorageException(StorageException.Kind.OUT_OF_BOUNDS);
                }
                Sample last = last(labels);
                if (last != null && t < last.t()) {
                    throw new StorageException(StorageException.Kind.OUT_OF_ORDER);
                }
                if (last != null && t == last.t() && Double.doubleToLongBits(v) != Double.doubleToLongBits(last.v())) {
                    throw new StorageException(StorageException.Kind.DUPLICATE_SAMPLE);
                }
                pending.add(new Sample(labels, t, v));
                synchronized (refs) {
                    return refs.computeIfAbsent(labels, l -> (long) refs.size() + 1);
                }
            }

            @Override
            public long appendExemplar(long ref, Labels series, Labels labels, long t, double v) {
                pendingExemplars.add(new Exemplar(series, labels, t, v));
                return ref;
            }

            @Override
            public void commit() {
                samples.addAll(pending);
                exemplars.addAll(pendingExemplars);
                commits++;
            }

            @Override
            public void rollback() {
                rollbacks++;
            }
        };
    }

    private Sample last(Labels labels) {
        synchronized (samples) {
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (samples.get(i).labels().equals(labels)) {
                    return samples.get(i);
                }
            }
        }
        return null;
    }
}
