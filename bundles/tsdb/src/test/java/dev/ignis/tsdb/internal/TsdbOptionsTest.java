package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retention and block durations from the launcher's flag properties, with Prometheus 2.42's rules. */
class TsdbOptionsTest {

    static final long H = 3_600_000L;
    static final long D = 24 * H;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // name | flags (name=value, space separated) | retention h | max bytes | max block h | ranges h
        "nothing set                       | ''                                                    | 360 | 0          | 36  | 2 6 18",
        "the launcher's defaults           | retention.time=0s retention=0s retention.size=0B max-block-duration=1d12h | 360 | 0 | 36 | 2 6 18",
        "retention.time                    | retention.time=30d                                    | 720 | 0          | 72  | 2 6 18 54",
        "deprecated retention              | retention=20d                                         | 480 | 0          | 48  | 2 6 18",
        "the new flag wins                 | retention=20d retention.time=5d                       | 120 | 0          | 12  | 2 6",
        "size only: no time retention      | retention.size=1GB                                    | 0   | 1073741824 | 744 | 2 6 18 54 162 486",
        "size and time                     | retention.size=512MB retention.time=10d               | 240 | 536870912  | 24  | 2 6 18",
        "max block duration given          | retention.time=30d max-block-duration=6h              | 720 | 0          | 6   | 2 6",
        "long retention capped at 31d      | retention.time=2y                                     | 17520 | 0        | 744 | 2 6 18 54 162 486",
    })
    void readsRetentionFlagsAsPrometheus(String name, String flags, long retentionH, long maxBytes, long maxBlockH,
            String ranges) {
        Map<String, String> props = new HashMap<>();
        for (String kv : flags.trim().split(" ")) {
            if (!kv.isEmpty()) {
                props.put("ignis.flag.storage.tsdb." + kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        TsdbOptions o = TsdbOptions.fromProperties(props::get);
        assertEquals(retentionH * H, o.retention());
        assertEquals(maxBytes, o.maxBytes());
        assertEquals(maxBlockH * H, o.maxBlockDuration());
        long[] want = Arrays.stream(ranges.split(" ")).mapToLong(s -> Long.parseLong(s) * H).toArray();
        assertArrayEquals(want, o.compactionRanges());
    }

    @Test
    void defaultsKeepFifteenDaysInBlocksOfAtMostATenth() {
        TsdbOptions o = TsdbOptions.defaults(Path.of("data"));
        assertEquals(15 * D, o.retention());
        assertEquals(0, o.maxBytes());
        assertEquals(15 * D / 10, o.maxBlockDuration());
    }

    /** The options read from one launcher property each, by option name. */
    private static final Map<String, Function<TsdbOptions, Object>> OPTIONS = Map.of(
            "headChunksWriteQueueSize", TsdbOptions::headChunksWriteQueueSize,
            "walCompression", TsdbOptions::walCompression,
            "useLockfile", TsdbOptions::useLockfile,
            "memorySnapshotOnShutdown", TsdbOptions::memorySnapshotOnShutdown,
            "exemplarStorage", TsdbOptions::exemplarStorage);

    private static final Map<String, String> PROPERTIES = Map.of(
            "headChunksWriteQueueSize", TsdbOptions.HEAD_CHUNKS_WRITE_QUEUE_SIZE_PROPERTY,
            "walCompression", TsdbOptions.WAL_COMPRESSION_PROPERTY,
            "useLockfile", TsdbOptions.LOCKFILE_PROPERTY,
            "memorySnapshotOnShutdown", TsdbOptions.FEATURES_PROPERTY,
            "exemplarStorage", TsdbOptions.FEATURES_PROPERTY);

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
        // option | property value (nothing: unset, the flag's default) | option value
        "headChunksWriteQueueSize | ''        | 0",
        "headChunksWriteQueueSize | 0         | 0",
        "headChunksWriteQueueSize | 1         | 1",
        "headChunksWriteQueueSize | 10000     | 10000",
        // Prometheus makes a queue only for a positive size.
        "headChunksWriteQueueSize | -5        | 0",
        // As 2.42: on unless the flag says false (the launcher passes "false" for --no-...).
        "walCompression           |           | true",
        "walCompression           | true      | true",
        "walCompression           | false     | false",
        "walCompression           | ' false ' | false",
        // Off unless set, as in Prometheus.
        "useLockfile              |           | false",
        "useLockfile              | false     | false",
        "useLockfile              | true      | true",
        "useLockfile              | ' true '  | true",
        // From the launcher's --enable-feature list.
        "memorySnapshotOnShutdown |                                              | false",
        "memorySnapshotOnShutdown | exemplar-storage                             | false",
        "memorySnapshotOnShutdown | memory-snapshot-on-shutdown                  | true",
        "memorySnapshotOnShutdown | exemplar-storage,memory-snapshot-on-shutdown | true",
        "memorySnapshotOnShutdown | memory-snapshot                              | false",
        "exemplarStorage          |                                              | false",
        "exemplarStorage          | exemplar-storage                             | true",
        "exemplarStorage          | memory-snapshot-on-shutdown,exemplar-storage | true",
        "exemplarStorage          | exemplars                                    | false",
    })
    void optionFromItsProperty(String option, String value, String want) {
        Map<String, String> props = new HashMap<>();
        if (value != null) {
            props.put(PROPERTIES.get(option), value);
        }
        assertEquals(want, String.valueOf(OPTIONS.get(option).apply(TsdbOptions.fromProperties(props::get))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // option | the launcher property it reads (a flag's is ignis.flag.<flag name>)
        "headChunksWriteQueueSize | ignis.flag.storage.tsdb.head-chunks-write-queue-size",
        "walCompression           | ignis.flag.storage.tsdb.wal-compression",
        "useLockfile              | ignis.flag.storage.tsdb.use-lockfile",
        "memorySnapshotOnShutdown | ignis.features",
        "exemplarStorage          | ignis.features",
    })
    void optionPropertyNames(String option, String property) {
        assertEquals(property, PROPERTIES.get(option));
    }
}
