package dev.ignis.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** Helpers for test code running inside the framework (no Pax Exam types here). */
final class InFramework {

    private InFramework() {
    }

    /** Bundles that are neither active nor a resolved fragment, as "bsn state=N". */
    static List<String> bundlesNotActive(BundleContext ctx) {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                notActive.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        return notActive;
    }

    /** Base URL of the framework's HTTP server, from the listen address it was given. */
    static String baseUrl(BundleContext ctx) {
        return "http://" + ctx.getProperty("ignis.flag.web.listen-address");
    }

    /** A GET, waiting up to 10 s for the server to answer at all. */
    static HttpResponse<String> get(BundleContext ctx, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(ctx) + path)).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Polls {@code condition} every 50 ms for up to {@code seconds}; false if it never held. */
    static boolean eventually(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
