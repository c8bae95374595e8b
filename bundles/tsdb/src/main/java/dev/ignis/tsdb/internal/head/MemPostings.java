package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.index.IndexReader;
import dev.ignis.tsdb.internal.index.LongList;
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
 * refs. Writers take the write lock themselves; readers call {@link #readLock()} around a whole
 * query, then use the {@link IndexReader} methods.
 */
final class MemPostings implements IndexReader {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, LongList>> index = new HashMap<>();
    private final LongList all = new LongList();

    /** Adds a series to the lists of each of its label pairs. */
    void add(long ref, Labels labels) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < labels.size(); i++) {
                index.computeIfAbsent(labels.name(i), k -> new HashMap<>())
                        .computeIfAbsent(labels.value(i), k -> new LongList())
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
        Map<LongList, LongList> drops = new IdentityHashMap<>();
        LongList allDrops = new LongList();
        lock.writeLock().lock();
        try {
            for (MemSeries s : byRef) {
                Labels labels = s.labels;
                for (int i = 0; i < labels.size(); i++) {
                    Map<String, LongList> values = index.get(labels.name(i));
                    LongList l = values == null ? null : values.get(labels.value(i));
                    if (l != null) {
                        drops.computeIfAbsent(l, k -> new LongList()).add(s.ref);
                    }
                }
                allDrops.add(s.ref);
            }
            drops.forEach((l, d) -> {
                long[] refs = d.toArray();
                l.removeAll(refs, refs.length);
            });
            long[] refs = allDrops.toArray();
            all.removeAll(refs, refs.length);
            for (MemSeries s : byRef) {
                Labels labels = s.labels;
                for (int i = 0; i < labels.size(); i++) {
                    Map<String, LongList> values = index.get(labels.name(i));
                    LongList l = values == null ? null : values.get(labels.value(i));
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
        Map<String, LongList> values = index.get(name);
        LongList l = values == null ? null : values.get(value);
        return l == null ? Postings.EMPTY : l.toArray();
    }

    @Override
    public long[] allPostings() {
        return all.toArray();
    }

    @Override
    public Collection<String> labelValues(String name) {
        Map<String, LongList> values = index.get(name);
        return values == null ? Collections.emptySet() : values.keySet();
    }

    @Override
    public Collection<String> labelNames() {
        return index.keySet();
    }

    /** Number of series having each label pair; caller holds the read lock. */
    int count(String name, String value) {
        Map<String, LongList> values = index.get(name);
        LongList l = values == null ? null : values.get(value);
        return l == null ? 0 : l.size();
    }
}
