package dev.ignis.web.internal.metrics;

import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The process metrics client_golang's process collector reports, read from
 * {@code /proc/self} where it exists (Linux): CPU seconds, resident and virtual memory, start
 * time, open and maximum file descriptors. Without /proc only the start time is reported,
 * taken from the JVM.
 */
@Component(name = "dev.ignis.web.exporter.process", service = Exporter.class)
public final class ProcessExporter implements Exporter {

    /** Clock ticks per second of /proc's time fields (USER_HZ; 100 on every Linux ABI). */
    private static final double USER_HZ = 100;
    /** What Go reports for an unlimited address space: 2^64-1 as a float. */
    private static final double UNLIMITED = 18446744073709551615.0;

    private final Path proc;
    private final double bootTime;

    public ProcessExporter() {
        this(Path.of("/proc"));
    }

    /** @param proc the procfs root; tests pass a fake tree */
    public ProcessExporter(Path proc) {
        this.proc = proc;
        this.bootTime = readBootTime(proc);
    }

    @Override
    public void collect(MetricWriter w) {
        Path self = proc.resolve("self");
        String stat = read(self.resolve("stat"));
        if (stat == null) {
            startTime(w, ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
            return;
        }
        // Fields after the parenthesised command name, numbered from 3 (state) as in proc(5).
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        double utime = Double.parseDouble(f[14 - 3]);
        double stime = Double.parseDouble(f[15 - 3]);
        double starttime = Double.parseDouble(f[22 - 3]);
        double vsize = Double.parseDouble(f[23 - 3]);

        w.family("process_cpu_seconds_total", MetricType.COUNTER, "Total user and system CPU time spent in seconds.");
        w.sample("process_cpu_seconds_total", (utime + stime) / USER_HZ);

        String limits = read(self.resolve("limits"));
        double maxFds = limit(limits, "Max open files");
        if (!Double.isNaN(maxFds)) {
            w.family("process_max_fds", MetricType.GAUGE, "Maximum number of open file descriptors.");
            w.sample("process_max_fds", maxFds);
        }
        long openFds = countEntries(self.resolve("fd"));
        if (openFds >= 0) {
            w.family("process_open_fds", MetricType.GAUGE, "Number of open file descriptors.");
            w.sample("process_open_fds", openFds);
        }
        double rss = residentBytes(read(self.resolve("status")));
        if (!Double.isNaN(rss)) {
            w.family("process_resident_memory_bytes", MetricType.GAUGE, "Resident memory size in bytes.");
            w.sample("process_resident_memory_bytes", rss);
        }
        startTime(w, Double.isNaN(bootTime)
                ? ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0
                : bootTime + starttime / USER_HZ);
        w.family("process_virtual_memory_bytes", MetricType.GAUGE, "Virtual memory size in bytes.");
        w.sample("process_virtual_memory_bytes", vsize);
        double maxVm = limit(limits, "Max address space");
        if (!Double.isNaN(maxVm)) {
            w.family("process_virtual_memory_max_bytes", MetricType.GAUGE,
                    "Maximum amount of virtual memory available in bytes.");
            w.sample("process_virtual_memory_max_bytes", maxVm);
        }
    }

    private static void startTime(MetricWriter w, double seconds) {
        w.family("process_start_time_seconds", MetricType.GAUGE,
                "Start time of the process since unix epoch in seconds.");
        w.sample("process_start_time_seconds", seconds);
    }

    /** The soft limit of a /proc/self/limits row; {@code unlimited} as Go reports it; NaN if absent. */
    static double limit(String limits, String row) {
        if (limits == null) {
            return Double.NaN;
        }
        for (String line : limits.split("\n")) {
            if (line.startsWith(row)) {
                String[] cols = line.substring(row.length()).trim().split("\\s+");
                if (cols.length == 0) {
                    return Double.NaN;
                }
                return cols[0].equals("unlimited") ? UNLIMITED : Double.parseDouble(cols[0]);
            }
        }
        return Double.NaN;
    }

    /** VmRSS of /proc/self/status in bytes, or NaN. */
    static double residentBytes(String status) {
        if (status == null) {
            return Double.NaN;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] cols = line.substring(6).trim().split("\\s+");
                return Double.parseDouble(cols[0]) * 1024;
            }
        }
        return Double.NaN;
    }

    private static double readBootTime(Path proc) {
        String stat = read(proc.resolve("stat"));
        if (stat != null) {
            for (String line : stat.split("\n")) {
                if (line.startsWith("btime ")) {
                    return Double.parseDouble(line.substring(6).trim());
                }
            }
        }
        return Double.NaN;
    }

    private static long countEntries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        long n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path ignored : s) {
                n++;
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    private static String read(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            return String.join("\n", lines);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
