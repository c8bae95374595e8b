package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.promql.internal.ast.Durations;
import dev.ignis.promql.internal.ast.Printing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's building blocks: queries over an in-memory storage, results rendered
 * one element a line ({@code {labels} value}, sorted; {@code scalar v}; for a range vector
 * {@code {labels} t:v t:v}, times in seconds).
 */
class EngineTest {

    private static final MemQueryable STORAGE = MemQueryable.load("5m",
            "http_requests{job=\"api-server\", instance=\"0\", group=\"production\"} 0+10x10",
            "http_requests{job=\"api-server\", instance=\"1\", group=\"production\"} 0+20x10",
            "http_requests{job=\"app-server\", instance=\"0\", group=\"canary\"} 0+70x10",
            "other{job=\"api-server\", instance=\"0\", group=\"production\"} 5x10",
            "stale_metric 1 2 stale",
            "once 7");

    private final Engine engine = new Engine(STORAGE, Settings.defaults());

    static String render(QueryResult.Value v) {
        List<String> lines = new ArrayList<>();
        if (v instanceof QueryResult.Scalar s) {
            return "scalar " + Printing.formatNumber(s.v());
        } else if (v instanceof QueryResult.Vector vec) {
            vec.samples().forEach(s -> lines.add(s.labels() + " " + Printing.formatNumber(s.v())));
        } else if (v instanceof QueryResult.Matrix m) {
            for (QueryResult.Series s : m.series()) {
                StringBuilder sb = new StringBuilder(s.labels().toString());
                for (int i = 0; i < s.count(); i++) {
                    sb.append(' ').append(s.ts()[i] / 1000).append(':').append(Printing.formatNumber(s.vs()[i]));
                }
                lines.add(sb.toString());
            }
        } else if (v instanceof QueryResult.StringValue s) {
            return "string " + s.s();
        }
        lines.sort(null);
        return String.join(" | ", lines);
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
        50m ; http_requests{job="api-server"} ; {__name__="http_requests", group="production", instance="0", job="api-server"} 100 | {__name__="http_requests", group="production", instance="1", job="api-server"} 200
        50m ; http_requests{job="api-server", instance="0"} offset 10m ; {__name__="http_requests", group="production", instance="0", job="api-server"} 80
        40m ; http_requests{job="api-server", instance="0"} offset -10m ; {__name__="http_requests", group="production", instance="0", job="api-server"} 100
        50m ; http_requests{job="api-server", instance="0"} @ 600 ; {__name__="http_requests", group="production", instance="0", job="api-server"} 20
        50m ; http_requests{job="api-server", instance="0"} @ end() offset 5m ; {__name__="http_requests", group="production", instance="0", job="api-server"} 90
        50m ; -http_requests{job="api-server", instance="0"} ; {group="production", instance="0", job="api-server"} -100
        50m ; http_requests{job="api-server", instance="0"} * 2 ; {group="production", instance="0", job="api-server"} 200
        50m ; 1000 - http_requests{job="api-server", instance="0"} ; {group="production", instance="0", job="api-server"} 900
        50m ; http_requests > 150 ; {__name__="http_requests", group="canary", instance="0", job="app-server"} 700 | {__name__="http_requests", group="production", instance="1", job="api-server"} 200
        50m ; 150 < http_requests ; {__name__="http_requests", group="canary", instance="0", job="app-server"} 700 | {__name__="http_requests", group="production", instance="1", job="api-server"} 200
        50m ; http_requests{job="api-server"} > bool 150 ; {group="production", instance="0", job="api-server"} 0 | {group="production", instance="1", job="api-server"} 1
        50m ; 2 ^ 3 ^ 2 ; scalar 512
        50m ; -2 ^ 2 ; scalar -4
        50m ; 1 / 0 ; scalar +Inf
        50m ; 5 % -3 ; scalar 2
        50m ; 1 < bool 2 ; scalar 1
        50m ; (1 + 2) * 3 ; scalar 9
        50m ; `"text"` ; string text
        50m ; http_requests{group="canary"} + ignoring(group, job) http_requests{instance="0", job="api-server"} ; {instance="0"} 800
        50m ; http_requests{group="canary"} - on(instance) other ; {instance="0"} 695
        50m ; http_requests{job="api-server"} == on(instance) other * 20 ; {instance="0"} 100
        50m ; http_requests{job="api-server", instance="0"} atan2 0 ; {__name__="http_requests", group="production", instance="0", job="api-server"} 1.5707963267948966
        50m ; http_requests{job="api-server", instance="0"} atan2 other ; {__name__="http_requests", group="production", instance="0", job="api-server"} 1.5208379310729538
        50m ; http_requests{job="api-server"} and http_requests{instance="0"} ; {__name__="http_requests", group="production", instance="0", job="api-server"} 100
        50m ; http_requests{job="api-server"} and on(instance) other ; {__name__="http_requests", group="production", instance="0", job="api-server"} 100
        50m ; http_requests{job="api-server"} or http_requests{group="canary"} ; {__name__="http_requests", group="canary", instance="0", job="app-server"} 700 | {__name__="http_requests", group="production", instance="0", job="api-server"} 100 | {__name__="http_requests", group="production", instance="1", job="api-server"} 200
        50m ; http_requests unless http_requests{instance="1"} ; {__name__="http_requests", group="canary", instance="0", job="app-server"} 700 | {__name__="http_requests", group="production", instance="0", job="api-server"} 100
        5m ; stale_metric ; {__name__="stale_metric"} 2
        9m ; stale_metric ; {__name__="stale_metric"} 2
        10m ; stale_metric ; ``
        20m ; stale_metric ; ``
        5m ; once ; {__name__="once"} 7
        50m ; http_requests{job="api-server", instance="0"}[10m] ; {__name__="http_requests", group="production", instance="0", job="api-server"} 2400:80 2700:90 3000:100
        20m ; stale_metric[20m] ; {__name__="stale_metric"} 0:1 300:2
        50m ; increase(http_requests{job="api-server", instance="0"}[10m]) ; {group="production", instance="0", job="api-server"} 20
        50m ; rate(http_requests{job="api-server", instance="0"}[10m]) ; {group="production", instance="0", job="api-server"} 0.03333333333333333
        50m ; last_over_time(http_requests{job="api-server", instance="0"}[10m]) ; {__name__="http_requests", group="production", instance="0", job="api-server"} 100
        50m ; sum by (group) (http_requests) ; {group="canary"} 700 | {group="production"} 300
        50m ; topk(1, http_requests) ; {__name__="http_requests", group="canary", instance="0", job="app-server"} 700
        50m ; http_requests * on(instance) group_left(job) other ; {group="canary", instance="0", job="api-server"} 3500 | {group="production", instance="0", job="api-server"} 500
        50m ; max_over_time(http_requests{job="api-server", instance="0"}[20m:5m]) ; {group="production", instance="0", job="api-server"} 100
        """)
    void evaluatesInstantQuery(String at, String query, String expected) throws QueryException {
        QueryResult r = engine.instant(query, Durations.parse(at), QueryOptions.DEFAULT);
        assertEquals(expected == null ? "" : expected, render(r.value()));
    }

    @Test
    void seesASampleExactlyTheLookbackDeltaOldButNotOneMillisecondOlder() throws QueryException {
        assertEquals("{__name__=\"once\"} 7", render(engine.instant("once", 300_000, QueryOptions.DEFAULT).value()));
        assertEquals("", render(engine.instant("once", 300_001, QueryOptions.DEFAULT).value()));
    }

    @Test
    void rangeQueryGivesOneSeriesPerLabelSetWithAPointPerStep() throws QueryException {
        QueryResult r = engine.range("http_requests{instance=\"0\"} / 10", 0, 1_200_000, 300_000, QueryOptions.DEFAULT);
        assertEquals("{group=\"canary\", instance=\"0\", job=\"app-server\"} 0:0 300:7 600:14 900:21 1200:28"
                + " | {group=\"production\", instance=\"0\", job=\"api-server\"} 0:0 300:1 600:2 900:3 1200:4",
                render(r.value()));
        assertEquals("{} 0:3 60:3", render(engine.range("1 + 2", 0, 60_000, 60_000, QueryOptions.DEFAULT).value()));
    }

    @Test
    void rangeQueryRejectsRangeVectorsAsPrometheusDoes() {
        QueryException e = assertThrows(QueryException.class,
                () -> engine.range("once[5m]", 0, 60_000, 60_000, QueryOptions.DEFAULT));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector",
                e.getMessage());
    }

    @ParameterizedTest(name = "start={0} end={1} step={2}")
    @CsvSource(delimiter = ';', textBlock = """
        60000 ; 0       ; 1000   ; end timestamp must not be before start time
        0     ; 60000   ; 0      ; zero or negative query resolution step widths are not accepted. Try a positive integer
        0     ; 1100100 ; 100    ; exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)
        """)
    void rangeQueryRejectsBadRangesAsPrometheusDoes(long start, long end, long step, String message) {
        QueryException e = assertThrows(QueryException.class,
                () -> engine.range("1", start, end, step, QueryOptions.DEFAULT));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals(message, e.getMessage());
    }

    @Test
    void parseErrorsAreBadDataWithPrometheusMessage() {
        QueryException e = assertThrows(QueryException.class, () -> engine.instant("1 +", 0, QueryOptions.DEFAULT));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals("1:4: parse error: unexpected end of input", e.getMessage());
    }

    @Test
    void matchingErrorsAreExecutionErrorsWithPrometheusMessages() {
        QueryException many = assertThrows(QueryException.class, () -> engine.instant(
                "http_requests{instance=\"0\"} + on(instance) other", 3_000_000, QueryOptions.DEFAULT));
        assertEquals(ErrorType.EXECUTION, many.type());
        assertEquals("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
                many.getMessage());
        QueryException dup = assertThrows(QueryException.class, () -> engine.instant(
                "-{__name__=~\"http_requests|other\", instance=\"0\", job=\"api-server\"}", 3_000_000,
                QueryOptions.DEFAULT));
        assertEquals("vector cannot contain metrics with the same labelset", dup.getMessage());
        // A range function drops the name too: two names the same series once dropped (the
        // check only skipped when the selector reads a single name).
        QueryException rateDup = assertThrows(QueryException.class, () -> engine.instant(
                "rate({__name__=~\"http_requests|other\", instance=\"0\", job=\"api-server\"}[10m])", 3_000_000,
                QueryOptions.DEFAULT));
        assertEquals("vector cannot contain metrics with the same labelset", rateDup.getMessage());
    }

    @Test
    void queryPastItsTimeoutStops() {
        QueryException e = assertThrows(QueryException.class, () -> engine.instant("once", 0,
                new QueryOptions(java.time.Duration.ofMillis(-1), false, () -> false)));
        assertEquals(ErrorType.TIMEOUT, e.type());
        assertEquals("query timed out in query execution", e.getMessage());
    }

    @Test
    void queryLoadingMoreSamplesThanAllowedFails() {
        Engine small = new Engine(STORAGE, Settings.defaults().withMaxSamples(10));
        QueryException e = assertThrows(QueryException.class,
                () -> small.instant("http_requests[50m]", 3_000_000, QueryOptions.DEFAULT));
        assertEquals(ErrorType.EXECUTION, e.type());
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
    }

    @Test
    void queryWaitingForASlotPastItsTimeoutFails() throws Exception {
        Engine single = new Engine(STORAGE, Settings.defaults().withMaxConcurrency(1));
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread blocker = new Thread(() -> {
            try {
                single.instant("once", 0, new QueryOptions(null, false, () -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return false;
                }));
            } catch (QueryException ignored) {
                // not what this test looks at
            }
        });
        blocker.start();
        running.await();
        QueryException e = assertThrows(QueryException.class, () -> single.instant("once", 0,
                new QueryOptions(java.time.Duration.ofMillis(50), false, () -> false)));
        release.countDown();
        blocker.join();
        assertEquals(ErrorType.TIMEOUT, e.type());
        assertEquals("query timed out in query queue", e.getMessage());
    }

    @Test
    void subqueriesWithoutStepUseTheEvaluationInterval() throws QueryException {
        Engine e = new Engine(STORAGE, Settings.defaults());
        String q = "count_over_time(http_requests{job=\"api-server\", instance=\"0\"}[20m:])";
        assertEquals("{group=\"production\", instance=\"0\", job=\"api-server\"} 21",
                render(e.instant(q, 3_000_000, QueryOptions.DEFAULT).value()));
        e.subqueryStep(300_000);
        assertEquals("{group=\"production\", instance=\"0\", job=\"api-server\"} 5",
                render(e.instant(q, 3_000_000, QueryOptions.DEFAULT).value()));
    }

    @Test
    void canceledQueryStops() {
        QueryException e = assertThrows(QueryException.class,
                () -> engine.instant("once", 0, new QueryOptions(null, false, () -> true)));
        assertEquals(ErrorType.CANCELED, e.type());
    }

    @Test
    void formatPrintsTheCanonicalForm() throws QueryException {
        assertEquals("sum by (job) (rate(x[5m]))", engine.format("sum(rate(x[5m])) by (job)"));
    }
}
