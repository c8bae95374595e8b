package dev.ignis.launcher;

import static dev.ignis.launcher.InFramework.eventually;
import static dev.ignis.launcher.InFramework.get;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Storage;
import java.net.http.HttpResponse;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Boots the server feature set exactly as bin/ignis does and checks what runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerFeatureSetIT {

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        return ExamSupport.featureSet("server");
    }

    /** The build-time resolution check: every bundle of the set resolves and starts. */
    @Test
    public void everyBundleOfTheSetIsActive() {
        List<String> notActive = InFramework.bundlesNotActive(ctx);
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void serverServicesArePresent() throws Exception {
        assertTrue("ConfigSource", eventually(10, () -> ctx.getServiceReference(ConfigSource.class) != null));
        assertTrue("RuntimeInfo", eventually(10, () -> ctx.getServiceReference(RuntimeInfo.class) != null));
        assertTrue("Storage", eventually(10, () -> ctx.getServiceReference(Storage.class) != null));
        assertNotNull("Storage is also the Appendable", ctx.getServiceReference(Appendable.class));
        assertTrue("QueryEngine", eventually(10, () -> ctx.getServiceReference(QueryEngine.class) != null));
        assertNotNull("SelectorParser", ctx.getServiceReference(SelectorParser.class));
        RuntimeInfo info = ctx.getService(ctx.getServiceReference(RuntimeInfo.class));
        assertFalse(info.agentMode());
        for (String bsn : List.of("dev.ignis.promql", "dev.ignis.rules", "dev.ignis.notifier", "dev.ignis.tsdb")) {
            assertTrue(bsn + " installed", installed(bsn));
        }
    }

    @Test
    public void httpSkeletonAnswers() throws Exception {
        HttpResponse<String> healthy = get(ctx, "/-/healthy");
        assertEquals(200, healthy.statusCode());
        assertEquals("Prometheus Server is Healthy.\n", healthy.body());
        assertTrue("ready", eventually(10, () -> status(get0("/-/ready")) == 200));
        HttpResponse<String> build = get(ctx, "/api/v1/status/buildinfo");
        assertEquals(200, build.statusCode());
        assertTrue(build.body(), build.body().startsWith("{\"status\":\"success\",\"data\":{\"version\":"));
        HttpResponse<String> metrics = get(ctx, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("prometheus_config_last_reload_successful 1"));
        assertTrue(metrics.body().contains("prometheus_build_info{"));
    }

    private HttpResponse<String> get0(String path) {
        try {
            return get(ctx, path);
        } catch (Exception e) {
            return null;
        }
    }

    private static int status(HttpResponse<String> r) {
        return r == null ? -1 : r.statusCode();
    }

    private boolean installed(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }
}
