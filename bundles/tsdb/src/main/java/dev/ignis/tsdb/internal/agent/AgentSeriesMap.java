package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.LongObjectMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The agent's series by ref (striped primitive maps, so a lookup by ref allocates nothing) and
 * by labels. Two refs may carry the same labels after a replay of a WAL in which a collected
 * series came back: the label index then names the newer one. Thread-safe.
 */
final class AgentSeriesMap {

    private static final int STRIPES = 64;

    private final Stripe[] byRef = new Stripe[STRIPES];
    private final ConcurrentHashMap<Labels, AgentSeries> byLabels = new ConcurrentHashMap<>();

    AgentSeriesMap() {
        for (int i = 0; i < STRIPES; i++) {
            byRef[i] = new Stripe();
        }
    }

    AgentSeries get(long ref) {
        LongObjectMap<AgentSeries> m = stripe(ref);
        synchronized (m) {
            return m.get(ref);
        }
    }

    AgentSeries get(Labels labels) {
        return byLabels.get(labels);
    }

    /**
     * The series with these labels, created with {@code newRef.getAsLong()} when absent.
     * {@code created[0]} tells whether this call created it.
     */
    AgentSeries getOrCreate(Labels labels, LongSupplier newRef, boolean[] created) {
        AgentSeries s = byLabels.get(labels);
        if (s != null) {
            created[0] = false;
            return s;
        }
        boolean[] made = {false};
        s = byLabels.computeIfAbsent(labels, l -> {
            made[0] = true;
            AgentSeries n = new AgentSeries(newRef.getAsLong(), l, Long.MIN_VALUE);
            putRef(n);
            return n;
        });
        created[0] = made[0];
        return s;
    }

    /** Adds a replayed series; the label index names it from now on. */
    void put(AgentSeries s) {
        putRef(s);
        byLabels.put(s.labels, s);
    }

    private void putRef(AgentSeries s) {
        LongObjectMap<AgentSeries> m = stripe(s.ref);
        synchronized (m) {
            m.put(s.ref, s);
        }
    }

    /** Removes and returns every series whose newest sample is older than {@code mint}. */
    List<AgentSeries> gc(long mint) {
        List<AgentSeries> removed = new ArrayList<>();
        for (Stripe st : byRef) {
            LongObjectMap<AgentSeries> m = st.map;
            List<AgentSeries> old = new ArrayList<>();
            synchronized (m) {
                m.forEachValue(s -> {
                    if (s.lastTs() < mint) {
                        old.add(s);
                    }
                });
                for (AgentSeries s : old) {
                    m.remove(s.ref);
                }
            }
            for (AgentSeries s : old) {
                byLabels.remove(s.labels, s);
            }
            removed.addAll(old);
        }
        return removed;
    }

    void forEach(Consumer<AgentSeries> action) {
        for (Stripe st : byRef) {
            LongObjectMap<AgentSeries> m = st.map;
            synchronized (m) {
                m.forEachValue(action);
            }
        }
    }

    int size() {
        int n = 0;
        for (Stripe st : byRef) {
            LongObjectMap<AgentSeries> m = st.map;
            synchronized (m) {
                n += m.size();
            }
        }
        return n;
    }

    private LongObjectMap<AgentSeries> stripe(long ref) {
        return byRef[(int) (ref ^ (ref >>> 32)) & (STRIPES - 1)].map;
    }

    private static final class Stripe {
        final LongObjectMap<AgentSeries> map = new LongObjectMap<>();
    }
}
