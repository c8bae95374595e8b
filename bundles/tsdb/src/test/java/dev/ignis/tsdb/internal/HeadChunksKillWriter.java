package dev.ignis.tsdb.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process {@link HeadChunksKillTest} kills: appends batches of {@link #SERIES} series at a
 * 15 s step to a fresh data dir, printing "committed N" after each commit returns.
 */
public final class HeadChunksKillWriter {

    static final int SERIES = 2000;
    static final long STEP = 15_000;
    static final long T0 = 1_700_000_000_000L;

    private HeadChunksKillWriter() {
    }

    static Labels labels(int s) {
        return Labels.of("__name__", "kill_test", "series", Integer.toString(s));
    }

    static double value(int s, long batch) {
        return batch * 0.25 + s;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        // args: data dir [head chunks write queue size]
        int queue = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(Path.of(args[0])).withHeadChunksWriteQueueSize(queue))) {
            long[] refs = new long[SERIES];
            Labels[] ls = new Labels[SERIES];
            for (int s = 0; s < SERIES; s++) {
                ls[s] = labels(s);
            }
            for (long batch = 0;; batch++) {
                Appender app = db.appender();
                for (int s = 0; s < SERIES; s++) {
                    refs[s] = app.append(refs[s], ls[s], T0 + batch * STEP, value(s, batch));
                }
                app.commit();
                out.println("committed " + batch);
                out.flush();
            }
        }
    }
}
