package dev.ignis.tsdb.internal;

import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage that cannot be opened at start (a data directory locked by another instance, say)
 * ends the process with status 1 as Prometheus 2.42 does ({@code opening storage failed: ...}),
 * rather than leaving a server without storage running.
 */
public final class StartFailure {

    private static final Logger LOG = LoggerFactory.getLogger("main");
    /** Framework property the launcher sets: stop the framework on a fatal start-up error. */
    static final String EXIT_ON_ERROR = "ignis.exit.on.config.error";
    /** System property the launcher exits with once the framework has stopped. */
    static final String EXIT_CODE = "ignis.exit.code";

    private StartFailure() {
    }

    /** Logs the failure and, under the launcher, stops the framework with status 1; returns {@code e}. */
    public static IOException storage(BundleContext ctx, IOException e) {
        boolean exit = Boolean.parseBoolean(ctx.getProperty(EXIT_ON_ERROR));
        if (exit) {
            synchronized (StartFailure.class) {
                // SCR retries the activation for each consumer while the framework stops: say it once.
                if ("1".equals(System.getProperty(EXIT_CODE))) {
                    return e;
                }
                System.setProperty(EXIT_CODE, "1");
            }
        }
        LOG.atError().setMessage("Fatal error during start-up").addKeyValue("err", "opening storage failed: " + e.getMessage())
                .log();
        if (exit) {
            try {
                // Returns at once; the framework stops on its own thread.
                ctx.getBundle(0).stop();
            } catch (BundleException | IllegalStateException | SecurityException ex) {
                LOG.atError().addKeyValue("err", ex.getMessage()).log("Cannot stop the framework");
            }
        }
        return e;
    }
}
