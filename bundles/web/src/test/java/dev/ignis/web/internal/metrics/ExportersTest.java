package dev.ignis.web.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.metrics.Exporter;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.api.BuildInfo;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportersTest {

    private static String render(Exporter e) throws Exception {
        TextExposition t = new TextExposition();
        t.collect(e);
        StringWriter w = new StringWriter();
        t.writeTo(w);
        return w.toString();
    }

    @Test
    void buildInfoIsLabelledAsPrometheus242() throws Exception {
        BuildInfo b = new BuildInfo("0.1.0", "abc123", "main", "ci", "20260101-00:00:00", "java17.0.15", "linux",
                "amd64");
        assertEquals("# HELP prometheus_build_info A metric with a constant '1' value labeled by version, revision,"
                + " branch, goversion from which prometheus was built, and the goos and goarch for the build.\n"
                + "# TYPE prometheus_build_info gauge\n"
                + "prometheus_build_info{branch=\"main\",goarch=\"amd64\",goos=\"linux\",goversion=\"java17.0.15\","
                + "revision=\"abc123\",version=\"0.1.0\"} 1\n", render(new BuildInfoExporter(b)));
    }

    @Test
    void buildInfoFromRuntimeInfo() throws Exception {
        String out = render(new BuildInfoExporter(new Fakes.Runtime()));
        assertTrue(out.contains("revision=\"abc123\",version=\"0.1.0\"} 1\n"), out);
        assertTrue(out.contains("goversion=\"java" + System.getProperty("java.version") + "\""), out);
    }

    @Test
    void buildInfoReadsBranchUserAndDateFromLauncherProperties() throws Exception {
        Map<String, String> props = Map.of(BuildInfo.BRANCH, "main", BuildInfo.BUILD_USER, "ci",
                BuildInfo.BUILD_DATE, "20260101-00:00:00");
        BuildInfo b = BuildInfo.of(new Fakes.Runtime(), props::get);
        assertEquals("main", b.branch());
        assertEquals("ci", b.buildUser());
        assertEquals("20260101-00:00:00", b.buildDate());
        assertEquals("unknown", BuildInfo.of(new Fakes.Runtime()).branch());
        assertTrue(render(new BuildInfoExporter(b)).contains("{branch=\"main\","));
    }

    @Test
    void processMetricsComeFromProc(@TempDir Path proc) throws Exception {
        Path self = Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n");
        // pid (comm with ) and spaces) state ppid ... utime=14 stime=15 ... starttime=22 vsize=23 rss=24
        Files.writeString(self.resolve("stat"), "4242 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 250 60 0 0 20 0 30 0"
                + " 12345 1235906560 11000 18446744073709551615\n");
        Files.writeString(self.resolve("status"), "Name:\tjava\nVmRSS:\t   46712 kB\nThreads:\t30\n");
        Files.writeString(self.resolve("limits"), "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            20000                20000                files\n"
                + "Max address space         unlimited            unlimited            bytes\n");
        Path fd = Files.createDirectories(self.resolve("fd"));
        for (int i = 0; i < 3; i++) {
            Files.createFile(fd.resolve(Integer.toString(i)));
        }
        assertEquals("""
                # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total 3.1
                # HELP process_max_fds Maximum number of open file descriptors.
                # TYPE process_max_fds gauge
                process_max_fds 20000
                # HELP process_open_fds Number of open file descriptors.
                # TYPE process_open_fds gauge
                process_open_fds 3
                # HELP process_resident_memory_bytes Resident memory size in bytes.
                # TYPE process_resident_memory_bytes gauge
                process_resident_memory_bytes 4.7833088e+07
                # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
                # TYPE process_start_time_seconds gauge
                process_start_time_seconds 1.70000012345e+09
                # HELP process_virtual_memory_bytes Virtual memory size in bytes.
                # TYPE process_virtual_memory_bytes gauge
                process_virtual_memory_bytes 1.23590656e+09
                # HELP process_virtual_memory_max_bytes Maximum amount of virtual memory available in bytes.
                # TYPE process_virtual_memory_max_bytes gauge
                process_virtual_memory_max_bytes 1.8446744073709552e+19
                """, render(new ProcessExporter(proc)));
    }

    @Test
    void processMetricsWithoutProcReportStartTimeOnly(@TempDir Path empty) throws Exception {
        String out = render(new ProcessExporter(empty));
        assertTrue(out.startsWith("# HELP process_start_time_seconds"), out);
        assertEquals(3, out.split("\n").length, out);
    }

    @Test
    void realProcessAndJvmMetricsRender() throws Exception {
        String process = render(new ProcessExporter());
        assertTrue(process.contains("process_start_time_seconds "), process);
        String jvm = render(new JvmExporter());
        for (String name : new String[] {"jvm_memory_used_bytes{area=\"heap\"} ", "jvm_memory_used_bytes{area=\"nonheap\"} ",
            "jvm_threads_current ", "jvm_gc_collection_seconds_count{gc=", "jvm_classes_currently_loaded ",
            "# TYPE jvm_gc_collection_seconds summary", "jvm_runtime_info{runtime="}) {
            assertTrue(jvm.contains(name), name + " missing in\n" + jvm);
        }
    }
}
