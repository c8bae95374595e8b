package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.index.IndexReader;
import dev.ignis.tsdb.internal.index.Postings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The head's inverted index: label name -> value -> sorted series refs, plus the list of all
 * refs, four bytes a ref ({@link RefList}). Writers take the write lock themselves; readers
 * call {@link #readLock()} around a whole query, then use the {@link IndexReader} methods.
 */
final class MemPostings implements IndexReader {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, RefList>> index = new HashMap<>();
    private final RefList all = new RefList();

    /** Adds a series to the lists of each of its label pairs. */
    void add(long ref, Labels labels) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < labels.size(); i++) {
                index.computeIfAbsent(labels.name(i), k -> new HashMap<>())
                        .computeIfAbsent(labels.value(i), k -> new RefList())
                        .add(ref);
            }
            all.add(ref);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes series from the lists of their label pairs, dropping lists left empty. */
    void remove(List<MemSeries> removed) {
        List<MemSeries> byRef = new ArrayList<>(removed);
        byRef.sort(Comparator.comparingLong(s -> s.ref));
        // Refs to drop per list, ascending, so that each list is rewritten once.
        Map<RefList, RefList> drops = new IdentityHashMap<>();
        long[] allDrops = new long[byRef.size()];
        int dropped = 0;
        lock.writeLock().lock();
        try {
            for (MemSeries s : byRef) {
                Labels labels = s.labels;
                for (int i = 0; i < labels.size(); i++) {
                    Map<String, RefList> values = index.get(labels.name(i));
                    RefList l = values == null ? null : values.get(labels.value(i));
                    if (l != null) {
                        drops.computeIfAbsent(l, k -> new RefList()).add(s.ref);
                    }
                }
                allDrops[dropped++] = s.ref;
            }
            drops.forEach((l, d) -> {
                long[] refs = d.toArray();
                l.removeAll(refs, refs.length);
            });
            all.removeAll(allDrops, dropped);
            for (MemSeries s : byRef) {
                Labels labels = s.labels;
                for (int i = 0; i < labels.size(); i++) {
                    Map<String, RefList> values = index.get(labels.name(i));
                    RefList l = values == null ? null : values.get(labels.value(i));
                    if (l != null && l.size() == 0) {
                        values.remove(labels.value(i));
                        if (values.isEmpty()) {
                            index.remove(labels.name(i));
                        }
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Lock to hold while reading through {@link IndexReader}. */
    Lock readLock() {
        return lock.readLock();
    }

    @Override
    public long[] postings(String name, String value) {
        Map<String, RefList> values = index.get(name);
        RefList l = values == null ? null : values.get(value);
        return l == null ? Postings.EMPTY : l.toArray();
    }

    @Override
    public long[] allPostings() {
        return all.toArray();
    }

    @Override
    public Collection<String> labelValues(String name) {
        Map<String, RefList> values = index.get(name);
        return values == null ? Collections.emptySet() : values.keySet();
    }

    @Override
    public Collection<String> labelNames() {
        return index.keySet();
    }

    /** Number of series having each label pair; caller holds the read lock. */
    int count(String name, String value) {
        Map<String, RefList> values = index.get(name);
        RefList l = values == null ? null : values.get(value);
        return l == null ? 0 : l.size();
    }
}
