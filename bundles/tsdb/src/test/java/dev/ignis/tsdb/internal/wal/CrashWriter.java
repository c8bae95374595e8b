package dev.ignis.tsdb.internal.wal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process that {@link CrashRecoveryTest} kills: opens a data dir, continues after the last
 * batch it finds, and appends batches of {@link #SERIES} series forever, printing
 * "committed N" after each commit returns.
 */
public final class CrashWriter {

    static final int SERIES = 50;
    static final long STEP = 1000;

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        try (Tsdb db = Tsdb.open(options(dir))) {
            long max = db.head().maxTime();
            long batch = max == Long.MIN_VALUE ? 0 : max / STEP + 1;
            out.println("started " + batch);
            out.flush();
            Labels[] ls = labels();
            long[] refs = new long[SERIES];
            while (true) {
                Appender app = db.appender();
                for (int s = 0; s < SERIES; s++) {
                    refs[s] = app.append(refs[s], ls[s], batch * STEP, batch);
                }
                app.commit();
                out.println("committed " + batch);
                out.flush();
                batch++;
            }
        }
    }

    static TsdbOptions options(Path dir) {
        return TsdbOptions.defaults(dir).withWalSegmentSize(2 * Segments.PAGE_SIZE);
    }

    static Labels[] labels() {
        Labels[] ls = new Labels[SERIES];
        for (int s = 0; s < SERIES; s++) {
            ls[s] = Labels.of("__name__", "crash_test", "series", Integer.toString(s), "pad", "p".repeat(s * 5));
        }
        return ls;
    }
}
