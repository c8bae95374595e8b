package dev.ignis.web.internal.metrics;

import dev.ignis.api.metrics.Exporter;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.RouterServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /metrics}: every registered {@link Exporter} in the text format 0.0.4,
 * gzip-compressed when the client accepts it (as promhttp does).
 */
@Component(name = "dev.ignis.web.metrics", service = Servlet.class)
@HttpWhiteboardServletName("ignis-metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends RouterServlet {
    private static final long serialVersionUID = 1L;

    /** Content type of the text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient List<Exporter> exporters = new CopyOnWriteArrayList<>();
    // A few renderers reused across scrapes; concurrent scrapes beyond that get a fresh one.
    private final transient ArrayBlockingQueue<TextExposition> pool = new ArrayBlockingQueue<>(2);

    @Activate
    public MetricsServlet(@Reference(name = "httpMetrics") HttpMetrics metrics) {
        super(metrics);
        route("GET", "/metrics", "/metrics", this::serve);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeExporter")
    public void addExporter(Exporter e) {
        exporters.add(e);
    }

    public void removeExporter(Exporter e) {
        exporters.remove(e);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TextExposition text = pool.poll();
        if (text == null) {
            text = new TextExposition();
        }
        try {
            text.reset();
            for (Exporter e : exporters) {
                text.collect(e);
            }
            resp.setStatus(200);
            resp.setContentType(CONTENT_TYPE);
            OutputStream out = resp.getOutputStream();
            GZIPOutputStream gzip = null;
            String ae = req.getHeader("Accept-Encoding");
            if (ae != null && ae.contains("gzip")) {
                resp.setHeader("Content-Encoding", "gzip");
                gzip = new GZIPOutputStream(out, 8192);
                out = gzip;
            }
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            text.writeTo(w);
            w.flush();
            if (gzip != null) {
                gzip.finish();
            }
        } finally {
            text.reset();
            pool.offer(text);
        }
    }
}
