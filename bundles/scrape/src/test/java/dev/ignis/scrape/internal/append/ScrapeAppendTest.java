package dev.ignis.scrape.internal.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.RelabelAction;
import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.config.Regex;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.StorageException;
import dev.ignis.scrape.internal.relabel.Relabeler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scrape loop's append step, behaviour by behaviour, as Prometheus 2.42 does it. */
class ScrapeAppendTest {
    private static final String TEXT = "text/plain; version=0.0.4";
    private static final String OM = "application/openmetrics-text; version=1.0.0";
    private static final Labels TARGET = Labels.of("job", "node", "instance", "h:9100");
    private static final long NOW = 1_000_000;
    private static final long MAX = NOW + 600_000;

    private static AppendResult run(ScrapeAppend sa, RecordingAppender app, String body, String contentType) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return sa.append(app, b, 0, b.length, contentType, NOW, MAX);
    }

    private static ScrapeAppend plain() {
        return new ScrapeAppend(TARGET, AppendOptions.DEFAULT, null);
    }

    private static Relabeler dropMetric(String name) {
        RelabelConfig drop = new RelabelConfig(List.of("__name__"), ";",
                new Regex(name, Pattern.compile("^(?:" + name + ")$")), 0, "", "$1", RelabelAction.DROP);
        return Relabeler.of(List.of(drop));
    }

    @Test
    void attachesTargetLabelsAndDefaultTimestamp() {
        RecordingAppender app = new RecordingAppender();
        AppendResult r = run(plain(), app, "# HELP foo x\n# TYPE foo counter\nfoo{a=\"1\"} 3\nbar 4\n", TEXT);
        assertNull(r.error());
        assertEquals(List.of(
                "{__name__=\"foo\", a=\"1\", instance=\"h:9100\", job=\"node\"} 3.0 @1000000",
                "{__name__=\"bar\", instance=\"h:9100\", job=\"node\"} 4.0 @1000000"), app.lines);
        assertEquals(2, r.total());
        assertEquals(2, r.added());
        assertEquals(2, r.seriesAdded());
    }

    static Stream<Arguments> labelHandling() {
        return Stream.of(
                Arguments.of("conflictingExposedLabelIsRenamed", false, "foo{job=\"app\"} 1\n",
                        "{__name__=\"foo\", exported_job=\"app\", instance=\"h:9100\", job=\"node\"}"),
                Arguments.of("renamingSkipsTakenNames", false, "foo{job=\"app\",exported_job=\"x\"} 1\n",
                        "{__name__=\"foo\", exported_exported_job=\"app\", exported_job=\"x\", instance=\"h:9100\", job=\"node\"}"),
                Arguments.of("shorterConflictsAreRenamedFirst", false, "foo{job=\"a\",instance=\"b\"} 1\n",
                        "{__name__=\"foo\", exported_instance=\"b\", exported_job=\"a\", instance=\"h:9100\", job=\"node\"}"),
                Arguments.of("honorLabelsKeepsExposedValue", true, "foo{job=\"app\"} 1\n",
                        "{__name__=\"foo\", instance=\"h:9100\", job=\"app\"}"),
                Arguments.of("emptyExposedValueIsAbsent", false, "foo{job=\"\"} 1\n",
                        "{__name__=\"foo\", instance=\"h:9100\", job=\"node\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelHandling")
    void mergesTargetLabels(String name, boolean honor, String body, String labels) {
        RecordingAppender app = new RecordingAppender();
        ScrapeAppend sa = new ScrapeAppend(TARGET, new AppendOptions(honor, true, 0, 0, 0, 0), null);
        assertNull(run(sa, app, body, TEXT).error());
        assertEquals(List.of(labels + " 1.0 @1000000"), app.lines);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("parseError", AppendOptions.DEFAULT, "foo 1\nbar{,} 2\n",
                        "expected label name, got \"COMMA\""),
                Arguments.of("leadingBlankMakesInvalidName", AppendOptions.DEFAULT, " foo 1\n",
                        "invalid metric name or label names: {__name__=\" foo\", instance=\"h:9100\", job=\"node\"}"),
                Arguments.of("duplicateLabel", AppendOptions.DEFAULT, "foo{a=\"1\",a=\"2\"} 1\n",
                        "label name \"a\" is not unique: invalid sample"),
                Arguments.of("labelLimit", new AppendOptions(false, true, 0, 3, 0, 0), "foo{a=\"1\",b=\"2\"} 1\n",
                        "label_limit exceeded (metric: foo, number of labels: 5, limit: 3)"),
                Arguments.of("labelNameLengthLimit", new AppendOptions(false, true, 0, 0, 8, 0), "foo{abcdefghi=\"1\"} 1\n",
                        "label_name_length_limit exceeded (metric: foo, label name: abcdefghi, length: 9, limit: 8)"),
                Arguments.of("labelValueLengthLimit", new AppendOptions(false, true, 0, 0, 0, 3), "foo{a=\"a\\\"bcd\"} 1\n",
                        "label_value_length_limit exceeded (metric: foo, label name: a, value: \"a\\\"bcd\", length: 5, limit: 3)"),
                Arguments.of("sampleLimit", new AppendOptions(false, true, 2, 0, 0, 0), "a 1\nb 2\nc 3\nd 4\n",
                        "sample limit exceeded"),
                Arguments.of("openMetricsWithoutEof", AppendOptions.DEFAULT, "foo 1\n", "data does not end with # EOF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failsTheScrapeAsPrometheusDoes(String name, AppendOptions options, String body, String error) {
        ScrapeAppend sa = new ScrapeAppend(TARGET, options, null);
        AppendResult r = run(sa, new RecordingAppender(), body, name.startsWith("openMetrics") ? OM : TEXT);
        assertTrue(r.failed());
        assertEquals(error, r.error());
    }

    @Test
    void sampleLimitStillCountsEverySample() {
        ScrapeAppend sa = new ScrapeAppend(TARGET, new AppendOptions(false, true, 2, 0, 0, 0), null);
        AppendResult r = run(sa, new RecordingAppender(), "a 1\nb 2\nc 3\nd 4\n", TEXT);
        assertEquals(4, r.total());
        assertEquals(4, r.added());
        assertEquals(2, r.seriesAdded());
    }

    @Test
    void parseErrorReportsLine() {
        AppendResult r = run(plain(), new RecordingAppender(), "foo 1\nbar 2\nbaz\n", TEXT);
        assertEquals(3, r.errorLine());
    }

    @Test
    void keepsTheTargetsMetadata() {
        ScrapeAppend sa = plain();
        run(sa, new RecordingAppender(), "# HELP foo Foo things.\n# TYPE foo gauge\nfoo 1\n", TEXT);
        assertEquals(List.of(new dev.ignis.scrape.internal.cache.MetricMetadata("foo", "gauge", "Foo things.", "")),
                sa.cache().metadata().list());
    }

    @Test
    void secondScrapeUsesCachedRefsAndLabels() {
        ScrapeAppend sa = plain();
        RecordingAppender app = new RecordingAppender();
        run(sa, app, "foo{a=\"1\"} 3\nbar 4\n", TEXT);
        run(sa, app, "foo{a=\"1\"} 5\nbar 6\n", TEXT);
        assertEquals(List.of(0L, 0L, 1L, 2L), app.refsSeen);
        assertEquals(2, sa.cache().size());
    }

    /** A first body, then a second one whose lines the warm cache may know. */
    static Stream<Arguments> warmBodies() {
        return Stream.of(
                Arguments.of("a 1\nb{x=\"1\"} 2\n", "a 3\nb{x=\"1\"} 4\n"),
                Arguments.of("a 1\nb{x=\"1\"} 2\n", "a 3\nb{x=\"1\"} x\n"),
                Arguments.of("a 1\nb{x=\"1\"} 2\n", "a 3\nb{x=\"1\"}\n"),
                Arguments.of("a 1\nb{x=\"1\"} 2\n", "a 3\nb{x=\"1\"}{y=\"2\"} 4\n"),
                Arguments.of("a 1\n", "a 3 4 5\n"),
                Arguments.of("a 1\n", "a 3 4\n"),
                Arguments.of("a 1\n", "a{x=\"1\"} 3\n"),
                Arguments.of("a 1\n", "a {x=\"1\"} 3\n"),
                Arguments.of("a 1\n", "a\n"),
                Arguments.of("a 1\n", "a{x=\"1\",x=\"2\"} 3\n"),
                Arguments.of("a{x=\"}\"} 1\n", "a{x=\"}\"} 2 7\n"),
                Arguments.of("a{x=\"b c\"} 1\n", "a{x=\"b c\"} 2\n"),
                Arguments.of("a{x=\"1\"} 1\n", "# HELP a h\n# TYPE a gauge\na{x=\"1\"} 2\n\n"),
                Arguments.of("a 1\nb 2\n", "b 3\na 4\n"));
    }

    /**
     * A known series is read past its labels (TextParser.knownSeries): a warm scrape gives the
     * samples, counts and error (reason and line) that the same body gives a cold cache.
     */
    @ParameterizedTest
    @MethodSource("warmBodies")
    void warmCacheReadsABodyAsAColdOne(String first, String second) {
        ScrapeAppend warm = plain();
        assertNull(run(warm, new RecordingAppender(), first, TEXT).error());
        RecordingAppender wa = new RecordingAppender();
        AppendResult w = run(warm, wa, second, TEXT);
        RecordingAppender ca = new RecordingAppender();
        AppendResult c = run(plain(), ca, second, TEXT);
        assertEquals(c.error(), w.error());
        assertEquals(c.errorLine, w.errorLine);
        assertEquals(c.total(), w.total());
        assertEquals(c.added(), w.added());
        // Besides the warm scrape's stale markers for what the first body had and this one lacks.
        assertEquals(ca.lines, wa.lines.stream().filter(l -> !l.contains(" STALE ")).toList());
    }

    @Test
    void openMetricsKeysAreMarkedInTheCache() {
        ScrapeAppend sa = plain();
        run(sa, new RecordingAppender(), "a 1\n", TEXT);
        assertFalse(sa.cache().hasOpenMetricsKeys());
        run(sa, new RecordingAppender(), "a 1\n# EOF\n", OM);
        assertTrue(sa.cache().hasOpenMetricsKeys());
        RecordingAppender app = new RecordingAppender();
        assertNull(run(sa, app, "a 2\n", TEXT).error());
        assertEquals(List.of("{__name__=\"a\", instance=\"h:9100\", job=\"node\"} 2.0 @1000000"), app.lines);
    }

    @Test
    void honorTimestampsChoosesTheExposedTimestamp() {
        RecordingAppender app = new RecordingAppender();
        run(plain(), app, "foo 1 123\n", TEXT);
        ScrapeAppend ignoring = new ScrapeAppend(TARGET, new AppendOptions(false, false, 0, 0, 0, 0), null);
        run(ignoring, app, "foo 1 123\n", TEXT);
        assertTrue(app.lines.get(0).endsWith("@123"));
        assertTrue(app.lines.get(1).endsWith("@1000000"));
    }

    @Test
    void vanishedSeriesGetStaleMarkers() {
        ScrapeAppend sa = plain();
        RecordingAppender app = new RecordingAppender();
        run(sa, app, "a 1\nb 2\n", TEXT);
        app.lines.clear();
        run(sa, app, "a 1\n", TEXT);
        assertEquals(List.of("{__name__=\"a\", instance=\"h:9100\", job=\"node\"} 1.0 @1000000",
                "{__name__=\"b\", instance=\"h:9100\", job=\"node\"} STALE @1000000"), app.lines);
    }

    @Test
    void emptyScrapeAfterFailureMarksEverythingStale() {
        ScrapeAppend sa = plain();
        RecordingAppender app = new RecordingAppender();
        run(sa, app, "a 1\nb 2\n", TEXT);
        // Like Prometheus, series appended before the error of the failed attempt count as seen.
        AppendResult failed = run(sa, new RecordingAppender(), "x{\n", TEXT);
        assertTrue(failed.failed());
        app.lines.clear();
        assertFalse(run(sa, app, "", TEXT).failed());
        assertEquals(2, app.lines.size());
        assertTrue(app.lines.stream().allMatch(l -> l.contains("STALE")), app.lines.toString());
    }

    @Test
    void explicitTimestampsBypassStaleness() {
        ScrapeAppend sa = plain();
        RecordingAppender app = new RecordingAppender();
        run(sa, app, "a 1 500\n", TEXT);
        app.lines.clear();
        run(sa, app, "", TEXT);
        assertEquals(List.of(), app.lines);
    }

    @Test
    void metricRelabelDropIsCachedAndNotCounted() {
        ScrapeAppend sa = new ScrapeAppend(TARGET, AppendOptions.DEFAULT, dropMetric("go_.*"));
        RecordingAppender app = new RecordingAppender();
        AppendResult r = run(sa, app, "go_goroutines 7\nup_time 1\n", TEXT);
        assertEquals(2, r.total());
        assertEquals(1, r.added());
        assertEquals(1, app.lines.size());
        assertEquals(1, sa.cache().droppedCount());
        r = run(sa, app, "go_goroutines 8\nup_time 2\n", TEXT);
        assertEquals(1, r.added());
        assertEquals(2, app.lines.size());
    }

    @Test
    void storageRejectsAreCountedWithoutFailing() {
        RecordingAppender app = new RecordingAppender();
        app.rejects.put("old", StorageException.Kind.OUT_OF_ORDER);
        app.rejects.put("dup", StorageException.Kind.DUPLICATE_SAMPLE);
        AppendResult r = run(plain(), app, "old 1\ndup 2\nfuture 3 9999999999\nok 4\n", TEXT);
        assertNull(r.error());
        assertEquals(1, r.outOfOrder());
        assertEquals(1, r.duplicates());
        assertEquals(1, r.outOfBounds());
        assertEquals(4, r.added());
        assertEquals(1, r.seriesAdded());
    }

    @Test
    void internalStorageErrorFailsTheScrape() {
        RecordingAppender app = new RecordingAppender();
        app.rejects.put("x", StorageException.Kind.INTERNAL);
        assertEquals("disk on fire", run(plain(), app, "x 1\n", TEXT).error());
    }

    @Test
    void openMetricsExemplarsAreAppendedWithSampleTimestampByDefault() {
        RecordingAppender app = new RecordingAppender();
        AppendResult r = run(plain(), app,
                "# TYPE c counter\nc_total 1 # {trace_id=\"t1\"} 0.5\nc_total{x=\"y\"} 2 # {trace_id=\"t2\"} 1 7.5\n# EOF\n", OM);
        assertNull(r.error());
        assertEquals("exemplar c_total {trace_id=\"t1\"} 0.5 @1000000 (sample time)", app.lines.get(1));
        assertEquals("exemplar c_total {trace_id=\"t2\"} 1.0 @7500", app.lines.get(3));
    }

    @Test
    void rejectedExemplarsNeverFailTheScrapeAndOutOfOrderOnesAreCounted() {
        RecordingAppender app = new RecordingAppender();
        app.exemplarRejects.put("c_total", StorageException.Kind.OUT_OF_ORDER_EXEMPLAR);
        app.exemplarRejects.put("d_total", StorageException.Kind.EXEMPLAR_LABEL_LENGTH);
        AppendResult r = run(plain(), app, "# TYPE c counter\nc_total 1 # {trace_id=\"t1\"} 0.5\n"
                + "c_total{x=\"y\"} 2 # {trace_id=\"t2\"} 1 7.5\n# TYPE d counter\nd_total 1 # {a=\"b\"} 1\n# EOF\n", OM);
        assertNull(r.error());
        assertEquals(2, r.exemplarOutOfOrder());
        assertEquals(3, r.added());
    }

    @Test
    void reportsSyntheticSeriesWithTargetLabels() {
        ScrapeAppend sa = new ScrapeAppend(TARGET, AppendOptions.DEFAULT, dropMetric("b"));
        RecordingAppender app = new RecordingAppender();
        AppendResult r = run(sa, app, "a 1\nb 2\n", TEXT);
        app.lines.clear();
        assertNull(sa.report(app, NOW, 0.25, r, false));
        assertEquals(List.of(
                "{__name__=\"up\", instance=\"h:9100\", job=\"node\"} 1.0 @1000000",
                "{__name__=\"scrape_duration_seconds\", instance=\"h:9100\", job=\"node\"} 0.25 @1000000",
                "{__name__=\"scrape_samples_scraped\", instance=\"h:9100\", job=\"node\"} 2.0 @1000000",
                "{__name__=\"scrape_samples_post_metric_relabeling\", instance=\"h:9100\", job=\"node\"} 1.0 @1000000",
                "{__name__=\"scrape_series_added\", instance=\"h:9100\", job=\"node\"} 1.0 @1000000"), app.lines);
        app.refsSeen.clear();
        sa.report(app, NOW + 1, 0.5, new AppendResult(), true);
        assertTrue(app.refsSeen.stream().allMatch(ref -> ref > 0), "second report uses cached refs");
        app.lines.clear();
        assertNull(sa.reportStale(app, NOW + 2));
        assertEquals(5, app.lines.size());
        assertTrue(app.lines.stream().allMatch(l -> l.endsWith("STALE @1000002")), app.lines.toString());
    }

    @Test
    void reportSeriesSurviveCacheFlushes() {
        ScrapeAppend sa = plain();
        RecordingAppender app = new RecordingAppender();
        for (int i = 0; i < 3; i++) {
            AppendResult r = run(sa, app, "a 1\n", TEXT);
            sa.report(app, NOW + i, 0.1, r, false);
        }
        assertEquals(6, sa.cache().size());
    }
}
