package dev.ignis.launcher;

import static dev.ignis.launcher.InFramework.eventually;
import static dev.ignis.launcher.InFramework.get;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.notifier.AlertSink;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.rules.RuleManager;
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

/** Boots the agent feature set exactly as bin/ignis --agent does and checks what is absent. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentFeatureSetIT {

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        return ExamSupport.featureSet("agent");
    }

    @Test
    public void everyBundleOfTheSetIsActive() {
        List<String> notActive = InFramework.bundlesNotActive(ctx);
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void agentHasNoQueryEngineRulesNotifierOrBlockStorage() throws Exception {
        assertTrue("RuntimeInfo", eventually(10, () -> ctx.getServiceReference(RuntimeInfo.class) != null));
        assertTrue("ConfigSource", eventually(10, () -> ctx.getServiceReference(ConfigSource.class) != null));
        assertTrue(ctx.getService(ctx.getServiceReference(RuntimeInfo.class)).agentMode());
        for (Bundle b : ctx.getBundles()) {
            String bsn = String.valueOf(b.getSymbolicName());
            assertFalse(bsn + " must not be in the agent set",
                    List.of("dev.ignis.promql", "dev.ignis.rules", "dev.ignis.notifier").contains(bsn));
        }
        assertNull(ctx.getServiceReference(QueryEngine.class));
        assertNull(ctx.getServiceReference(RuleManager.class));
        assertNull(ctx.getServiceReference(AlertSink.class));
        assertNull("the agent stores no blocks: no full Storage service", ctx.getServiceReference(Storage.class));
        assertTrue("the agent's WAL storage serves Appendable",
                eventually(30, () -> ctx.getServiceReference(Appendable.class) != null));
    }

    @Test
    public void readySaysAgent() throws Exception {
        assertTrue("/-/ready answers 200", eventually(30, () -> {
            try {
                return get(ctx, "/-/ready").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }));
        assertEquals("Prometheus Agent is Ready.\n", get(ctx, "/-/ready").body());
    }

    @Test
    public void healthySaysAgent() throws Exception {
        HttpResponse<String> healthy = get(ctx, "/-/healthy");
        assertEquals(200, healthy.statusCode());
        assertEquals("Prometheus Agent is Healthy.\n", healthy.body());
    }
}
