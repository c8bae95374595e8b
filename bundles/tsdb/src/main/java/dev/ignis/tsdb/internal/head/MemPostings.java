package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.index.IndexReader;
import dev.ignis.tsdb.internal.index.LongList;
import dev.ignis.tsdb.internal.index.Postings;
import java.util.Collection;
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
