package dev.ignis.web.internal.metrics;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;

/**
 * JVM metrics under the names of the Prometheus Java client 1.x: memory by area and pool,
 * threads, garbage collections, class loading and runtime info. They take the place of
 * Prometheus's {@code go_*} metrics.
 */
@Component(name = "dev.ignis.web.exporter.jvm", service = Exporter.class)
public final class JvmExporter implements Exporter {

    private static final Labels HEAP = Labels.of("area", "heap");
    private static final Labels NONHEAP = Labels.of("area", "nonheap");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final List<MemoryPoolMXBean> pools;
    private final List<Labels> poolLabels;
    private final List<GarbageCollectorMXBean> gcs;
    private final List<Labels> gcLabels;
    private final Labels runtimeInfo;

    public JvmExporter() {
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .sorted(Comparator.comparing(MemoryPoolMXBean::getName)).collect(Collectors.toList());
        this.poolLabels = pools.stream().map(p -> Labels.of("pool", p.getName())).collect(Collectors.toList());
        this.gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .sorted(Comparator.comparing(GarbageCollectorMXBean::getName)).collect(Collectors.toList());
        this.gcLabels = gcs.stream().map(g -> Labels.of("gc", g.getName())).collect(Collectors.toList());
        this.runtimeInfo = Labels.of("runtime", System.getProperty("java.runtime.name", ""),
                "vendor", System.getProperty("java.vm.vendor", ""),
                "version", System.getProperty("java.runtime.version", ""));
    }

    @Override
    public void collect(MetricWriter w) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        area(w, "jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", heap.getUsed(), nonHeap.getUsed());
        area(w, "jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.",
                heap.getCommitted(), nonHeap.getCommitted());
        area(w, "jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.", heap.getMax(), nonHeap.getMax());
        area(w, "jvm_memory_init_bytes", "Initial bytes of a given JVM memory area.", heap.getInit(), nonHeap.getInit());

        w.family("jvm_memory_pool_used_bytes", MetricType.GAUGE, "Used bytes of a given JVM memory pool.");
        for (int i = 0; i < pools.size(); i++) {
            MemoryUsage u = pools.get(i).getUsage();
            if (u != null) {
                w.sample("jvm_memory_pool_used_bytes", poolLabels.get(i), u.getUsed());
            }
        }
        w.family("jvm_memory_pool_max_bytes", MetricType.GAUGE, "Max bytes of a given JVM memory pool.");
        for (int i = 0; i < pools.size(); i++) {
            MemoryUsage u = pools.get(i).getUsage();
            if (u != null) {
                w.sample("jvm_memory_pool_max_bytes", poolLabels.get(i), u.getMax());
            }
        }

        w.family("jvm_threads_current", MetricType.GAUGE, "Current thread count of a JVM");
        w.sample("jvm_threads_current", threads.getThreadCount());
        w.family("jvm_threads_daemon", MetricType.GAUGE, "Daemon thread count of a JVM");
        w.sample("jvm_threads_daemon", threads.getDaemonThreadCount());
        w.family("jvm_threads_peak", MetricType.GAUGE, "Peak thread count of a JVM");
        w.sample("jvm_threads_peak", threads.getPeakThreadCount());
        w.family("jvm_threads_started_total", MetricType.COUNTER, "Started thread count of a JVM");
        w.sample("jvm_threads_started_total", threads.getTotalStartedThreadCount());

        w.family("jvm_gc_collection_seconds", MetricType.SUMMARY, "Time spent in a given JVM garbage collector in seconds.");
        for (int i = 0; i < gcs.size(); i++) {
            GarbageCollectorMXBean gc = gcs.get(i);
            long count = gc.getCollectionCount();
            long millis = gc.getCollectionTime();
            if (count >= 0) {
                w.sample("jvm_gc_collection_seconds_count", gcLabels.get(i), count);
                w.sample("jvm_gc_collection_seconds_sum", gcLabels.get(i), Math.max(millis, 0) / 1000.0);
            }
        }

        w.family("jvm_classes_currently_loaded", MetricType.GAUGE, "The number of classes that are currently loaded in the JVM");
        w.sample("jvm_classes_currently_loaded", classes.getLoadedClassCount());
        w.family("jvm_classes_loaded_total", MetricType.COUNTER,
                "The total number of classes that have been loaded since the JVM has started execution");
        w.sample("jvm_classes_loaded_total", classes.getTotalLoadedClassCount());

        w.family("jvm_runtime_info", MetricType.GAUGE, "JVM runtime info");
        w.sample("jvm_runtime_info", runtimeInfo, 1);
    }

    private static void area(MetricWriter w, String name, String help, long heap, long nonHeap) {
        w.family(name, MetricType.GAUGE, help);
        w.sample(name, HEAP, heap);
        w.sample(name, NONHEAP, nonHeap);
    }
}
