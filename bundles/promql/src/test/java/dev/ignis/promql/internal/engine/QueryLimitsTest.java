package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.Queryable;
import dev.ignis.api.storage.SeriesSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code --query.timeout} and {@code --query.max-concurrency} as the engine applies them. */
class QueryLimitsTest {

    private static final MemQueryable DATA = MemQueryable.load("15s",
            "a{i=\"1\"} 0+1x400", "a{i=\"2\"} 0+2x400", "b 1+1x400");

    /** Storage whose every select takes {@code delayMs}, counting queriers open at once. */
    private static final class Slow implements Queryable {
        final long delayMs;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger mostOpen = new AtomicInteger();

        Slow(long delayMs) {
            this.delayMs = delayMs;
        }

        @Override
        public Querier querier(long mint, long maxt) {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            Querier q = DATA.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(LabelMatcher... matchers) {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return q.select(matchers);
                }

                @Override
                public List<String> labelNames(LabelMatcher... matchers) {
                    return q.labelNames(matchers);
                }

                @Override
                public List<String> labelValues(String name, LabelMatcher... matchers) {
                    return q.labelValues(name, matchers);
                }

                @Override
                public void close() {
                    open.decrementAndGet();
                    q.close();
                }
            };
        }
    }

    @Test
    void timeoutFlagStopsAQueryDuringEvaluation() {
        Engine engine = new Engine(new Slow(300), Settings.defaults().withTimeoutMs(100));
        QueryException e = assertThrows(QueryException.class,
                () -> engine.range("sum(a) + b", 0, 6_000_000, 15_000, QueryOptions.DEFAULT));
        assertEquals(ErrorType.TIMEOUT, e.type());
        assertEquals("query timed out in expression evaluation", e.getMessage());
    }

    @Test
    void queryTimeoutShorterThanTheFlagWins() {
        Engine engine = new Engine(new Slow(300), Settings.defaults());
        QueryException e = assertThrows(QueryException.class, () -> engine.instant("sum(a) + b", 600_000,
                new QueryOptions(Duration.ofMillis(100), false, () -> false)));
        assertEquals(ErrorType.TIMEOUT, e.type());
    }

    @Test
    void queryWithinTheTimeoutFlagSucceeds() throws QueryException {
        Engine engine = new Engine(new Slow(50), Settings.defaults().withTimeoutMs(10_000));
        assertEquals("{} 25", EngineTest.render(engine.instant("sum(a) + b", 90_000, QueryOptions.DEFAULT).value()));
    }

    @Test
    void deadlinePassedBeforeEvaluationIsAQueryExecutionTimeout() {
        Engine engine = new Engine(DATA, Settings.defaults());
        QueryException e = assertThrows(QueryException.class,
                () -> engine.instant("b", 0, new QueryOptions(Duration.ZERO, false, () -> false)));
        assertEquals("query timed out in query execution", e.getMessage());
    }

    @Test
    void maxConcurrencyBoundsQueriesEvaluatedAtOnce() throws Exception {
        Slow storage = new Slow(150);
        Engine engine = new Engine(storage, Settings.defaults().withMaxConcurrency(2));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                running.add(pool.submit(() -> engine.instant("sum(a)", 90_000, QueryOptions.DEFAULT)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, storage.mostOpen.get());
    }

    @Test
    void maxConcurrencyOfOneRunsQueriesOneAfterAnother() throws Exception {
        Slow storage = new Slow(50);
        Engine engine = new Engine(storage, Settings.defaults().withMaxConcurrency(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                running.add(pool.submit(() -> engine.range("a", 0, 600_000, 60_000, QueryOptions.DEFAULT)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, storage.mostOpen.get());
    }
}
