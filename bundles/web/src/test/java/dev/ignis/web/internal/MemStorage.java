package dev.ignis.web.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.StorageException;
import dev.ignis.api.storage.TsdbStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A small in-memory {@link Storage} for the web tests: series with float samples, queriers that
 * really filter by matchers (anchored Java regexes) and time range, and admin operations that
 * record their calls. A querier sees a series when it has a sample in its range.
 */
public final class MemStorage implements Storage {
    private final TreeMap<Labels, TreeMap<Long, Double>> series = new TreeMap<>();
    /** Admin calls in order, e.g. {@code delete 0 10 [job="a"]}, {@code clean}, {@code snapshot <dir> true}. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Querier ranges asked for, as {@code mint..maxt}. */
    public final List<String> queriers = new CopyOnWriteArrayList<>();
    /** Open queriers; zero after every request. */
    public int open;
    public TsdbStats stats = new TsdbStats(0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, List.of(), List.of(), List.of(),
            List.of());
    public StorageException failure;

    /** Adds a sample to the series {@code labels} (alternating names and values). */
    public synchronized MemStorage add(long t, double v, String... labels) {
        series.computeIfAbsent(Labels.of(labels), k -> new TreeMap<>()).put(t, v);
        return this;
    }

    @Override
    public Appender appender() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long minTime() {
        return Long.MAX_VALUE;
    }

    @Override
    public void deleteSeries(long mint, long maxt, List<LabelMatcher> matchers) throws StorageException {
        if (failure != null) {
            throw failure;
        }
        calls.add("delete " + mint + " " + maxt + " " + matchers);
    }

    @Override
    public void cleanTombstones() throws StorageException {
        if (failure != null) {
            throw failure;
        }
        calls.add("clean");
    }

    @Override
    public void snapshot(Path dir, boolean skipHead) throws StorageException {
        if (failure != null) {
            throw failure;
        }
        try {
            Files.writeString(dir.resolve("snapshot.txt"), "skipHead=" + skipHead, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.add("snapshot " + dir + " " + skipHead);
    }

    @Override
    public TsdbStats stats(int limit) {
        calls.add("stats " + limit);
        return stats;
    }

    @Override
    public synchronized Querier querier(long mint, long maxt) {
        queriers.add(mint + ".." + maxt);
        List<Series> inRange = new ArrayList<>();
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : mint > maxt ? Map.<Labels, TreeMap<Long, Double>>of().entrySet()
                : series.entrySet()) {
            var sub = e.getValue().subMap(mint, true, maxt, true);
            if (!sub.isEmpty()) {
                long[] ts = sub.keySet().stream().mapToLong(Long::longValue).toArray();
                double[] vs = sub.values().stream().mapToDouble(Double::doubleValue).toArray();
                inRange.add(new Series(e.getKey(), ts, vs));
            }
        }
        open++;
        return new MemQuerier(inRange);
    }

    private record Series(Labels labels, long[] ts, double[] vs) {
    }

    private static boolean matches(Labels l, LabelMatcher[] matchers) {
        for (LabelMatcher m : matchers) {
            String v = l.get(m.name());
            boolean ok = switch (m.type()) {
                case EQUAL -> v.equals(m.value());
                case NOT_EQUAL -> !v.equals(m.value());
                case REGEX -> Pattern.compile(m.value()).matcher(v).matches();
                case NOT_REGEX -> !Pattern.compile(m.value()).matcher(v).matches();
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private final class MemQuerier implements Querier {
        private final List<Series> series;
        private boolean closed;

        MemQuerier(List<Series> series) {
            this.series = series;
        }

        @Override
        public SeriesSet select(LabelMatcher... matchers) {
            if (matchers.length == 0) {
                throw new IllegalStateException("BUG in caller: select needs a matcher");
            }
            Iterator<Series> it = series.stream().filter(s -> matches(s.labels(), matchers)).iterator();
            return new SeriesSet() {
                Series cur;

                @Override
                public boolean next() {
                    cur = it.hasNext() ? it.next() : null;
                    return cur != null;
                }

                @Override
                public Labels labels() {
                    return cur.labels();
                }

                @Override
                public SampleIterator iterator() {
                    Series s = cur;
                    return new SampleIterator() {
                        int i = -1;

                        @Override
                        public boolean next() {
                            return ++i < s.ts().length;
                        }

                        @Override
                        public boolean seek(long t) {
                            i = Math.max(i, 0);
                            while (i < s.ts().length && s.ts()[i] < t) {
                                i++;
                            }
                            return i < s.ts().length;
                        }

                        @Override
                        public long t() {
                            return s.ts()[i];
                        }

                        @Override
                        public double v() {
                            return s.vs()[i];
                        }
                    };
                }
            };
        }

        @Override
        public List<String> labelNames(LabelMatcher... matchers) {
            TreeSet<String> names = new TreeSet<>();
            for (Series s : series) {
                if (matchers.length == 0 || matches(s.labels(), matchers)) {
                    s.labels().forEach((n, v) -> names.add(n));
                }
            }
            return new ArrayList<>(names);
        }

        @Override
        public List<String> labelValues(String name, LabelMatcher... matchers) {
            TreeSet<String> vals = new TreeSet<>();
            for (Series s : series) {
                if ((matchers.length == 0 || matches(s.labels(), matchers)) && s.labels().has(name)) {
                    vals.add(s.labels().get(name));
                }
            }
            return new ArrayList<>(vals);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                synchronized (MemStorage.this) {
                    open--;
                }
            }
        }
    }
}
