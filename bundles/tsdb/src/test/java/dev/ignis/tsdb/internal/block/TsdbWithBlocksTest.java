package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory holding a block written by promtool, plus the head. */
class TsdbWithBlocksTest {

    static final long BLOCK_MAX = 1700004485002L;
    static final Labels API_200 = Labels.of("__name__", "req_total", "job", "api", "code", "200");

    @TempDir
    Path dir;

    @BeforeEach
    void copyBlock() throws IOException {
        Path block = Files.createDirectories(dir.resolve(PromtoolBlockTest.ULID).resolve("chunks")).getParent();
        for (String f : List.of("index", "meta.json", "tombstones", "chunks/000001")) {
            try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/block/" + PromtoolBlockTest.ULID + "/" + f)) {
                Files.copy(in, block.resolve(f));
            }
        }
    }

    @Test
    void mergesBlockAndHeadSamplesOfOneSeries() throws Exception {
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            assertEquals(1, db.blocks().size());
            assertEquals(1700000000000L, db.minTime());
            Appender app = db.appender();
            app.append(0, API_200, BLOCK_MAX + 1000, 99_999);
            app.append(0, Labels.of("__name__", "req_total", "job", "new"), BLOCK_MAX + 1000, 1);
            app.commit();

            List<Long> ts = new ArrayList<>();
            try (Querier q = db.querier(BLOCK_MAX - 60_000, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(LabelMatcher.equal("job", "api"), LabelMatcher.equal("code", "200"));
                assertTrue(ss.next());
                assertEquals(API_200, ss.labels());
                SampleIterator it = ss.iterator();
                double last = 0;
                while (it.next()) {
                    ts.add(it.t());
                    last = it.v();
                }
                assertEquals(99_999, last);
                assertTrue(ts.size() > 2 && ts.get(ts.size() - 1) == BLOCK_MAX + 1000, ts.toString());
                for (int i = 1; i < ts.size(); i++) {
                    assertTrue(ts.get(i) > ts.get(i - 1), "ordered, no duplicates");
                }
                assertEquals(List.of("api", "new", "web"), q.labelValues("job"));
                assertEquals(List.of("__name__", "code", "job", "path", "room"), q.labelNames());
            }
            try (Querier q = db.querier(0, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(LabelMatcher.equal("__name__", "req_total"));
                List<String> jobs = new ArrayList<>();
                while (ss.next()) {
                    jobs.add(ss.labels().get("job") + ss.labels().get("code"));
                }
                // Prometheus order: label pairs compared in turn, so "code" (present) sorts before "job".
                assertEquals(List.of("api200", "web200", "api500", "new"), jobs, "sorted across sources");
            }
        }
    }

    @Test
    void rejectsHeadSamplesThatBelongToTheBlock() throws Exception {
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            Appender app = db.appender();
            StorageException e = assertThrows(StorageException.class, () -> app.append(0, API_200, BLOCK_MAX - 1, 1));
            assertEquals(StorageException.Kind.OUT_OF_BOUNDS, e.kind());
            app.rollback();
        }
    }

    @Test
    void skipsACorruptBlock() throws Exception {
        Path meta = dir.resolve(PromtoolBlockTest.ULID).resolve("meta.json");
        Files.writeString(meta, "{ not json");
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            assertEquals(0, db.blocks().size());
            Appender app = db.appender();
            app.append(0, API_200, 1000, 1);
            app.commit();
        }
    }
}
