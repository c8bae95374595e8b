package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.tsdb.internal.agent.AgentComponent;
import dev.ignis.tsdb.internal.agent.AgentOptions;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --storage.tsdb.use-lockfile} and {@code --storage.agent.use-lockfile} as Prometheus 2.42
 * honours them (checked with its binary: flag off, on over a fresh dir, on after a kill -9, and a
 * second instance): the lock file, the {@code *_clean_start} gauge and the refusal.
 */
class LockfileTest {

    @TempDir
    Path dir;

    /** The storage under test, opened from the launcher's flag properties. */
    interface Storage extends Closeable {
        Map<String, Double> metrics();
    }

    static Storage open(String mode, Path dir, boolean flag) throws IOException {
        Map<String, String> props = new HashMap<>();
        if (mode.equals("server")) {
            props.put(TsdbOptions.PATH_PROPERTY, dir.toString());
            props.put(TsdbOptions.LOCKFILE_PROPERTY, Boolean.toString(flag));
            TsdbComponent c = new TsdbComponent(TsdbOptions.fromProperties(props::get));
            return storage(c::collect, c::close);
        }
        props.put(AgentOptions.PATH_PROPERTY, dir.toString());
        props.put(AgentOptions.LOCKFILE_PROPERTY, Boolean.toString(flag));
        AgentComponent c = new AgentComponent(AgentOptions.fromProperties(props::get));
        return storage(c::collect, c::close);
    }

    interface Collector {
        void collect(MetricWriter w);
    }

    static Storage storage(Collector collector, Closeable close) {
        return new Storage() {
            @Override
            public Map<String, Double> metrics() {
                Map<String, Double> out = new HashMap<>();
                collector.collect(new MetricWriter() {
                    @Override
                    public void family(String name, MetricType type, String help) {
                    }

                    @Override
                    public void sample(String name, Labels labels, double value) {
                        out.put(name, value);
                    }
                });
                return out;
            }

            @Override
            public void close() throws IOException {
                close.close();
            }
        };
    }

    @ParameterizedTest(name = "{0}: {1}, lock {2} -> clean_start {3}, refused {4}")
    @CsvSource({
            // mode, flag, lock before open (none, left-over file, held by another channel), clean_start, refused
            "server, false, none,      -1, false",
            "server, false, left-over, -1, false",
            "server, false, held,      -1, false",
            "server, true,  none,       1, false",
            "server, true,  left-over,  0, false",
            "server, true,  held,        , true",
            "agent,  false, none,      -1, false",
            "agent,  false, held,      -1, false",
            "agent,  true,  none,       1, false",
            "agent,  true,  left-over,  0, false",
            "agent,  true,  held,        , true"})
    void honoursTheFlagAsPrometheus(String mode, boolean flag, String before, Double cleanStart, boolean refused)
            throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path lockFile = data.resolve("lock");
        FileChannel other = null;
        FileLock held = null;
        if (!before.equals("none")) {
            Files.createFile(lockFile);
        }
        if (before.equals("held")) {
            other = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            held = other.lock();
        }
        try {
            if (refused) {
                IOException e = assertThrows(IOException.class, () -> open(mode, data, flag));
                assertEquals("lock DB directory: resource temporarily unavailable", e.getMessage());
                assertEquals(true, Files.exists(lockFile), "the holder's file stays");
                return;
            }
            try (Storage s = open(mode, data, flag)) {
                String metric = mode.equals("server") ? "prometheus_tsdb_clean_start" : "prometheus_agent_clean_start";
                assertEquals(cleanStart, s.metrics().get(metric));
                // With the flag the file exists while open; without, a left-over file is left alone.
                assertEquals(flag || !before.equals("none"), Files.exists(lockFile));
            }
            // A clean close removes the file it held, so the next start reads as clean.
            assertEquals(!flag && !before.equals("none"), Files.exists(lockFile));
        } finally {
            if (held != null) {
                held.release();
                other.close();
            }
        }
    }
}
