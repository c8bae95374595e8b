package dev.ignis.web.internal.ui;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Answers {@code /api/v1/targets} and {@code /api/v1/rules} with what a real Prometheus 2.42
 * answered (recorded under {@code prometheus/}: a self-scraping job, a job whose target
 * refuses connections, a job whose only target is dropped by relabeling, and a rule group
 * with a recording rule and firing, pending and inactive alerts), so the UI's pages are
 * checked against Prometheus's own shapes.
 */
final class RecordedApi extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        String file;
        if (path.endsWith("/targets")) {
            file = "active".equals(req.getParameter("state")) ? "targets-active.json" : "targets-any.json";
        } else if (path.endsWith("/rules")) {
            file = "alert".equals(req.getParameter("type")) ? "rules-alert.json" : "rules.json";
        } else {
            resp.sendError(404);
            return;
        }
        try (InputStream in = RecordedApi.class.getResourceAsStream("prometheus/" + file)) {
            byte[] body = in.readAllBytes();
            resp.setContentType("application/json");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
