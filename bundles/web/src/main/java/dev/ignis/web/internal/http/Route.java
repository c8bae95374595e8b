package dev.ignis.web.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves one method and path of a {@link RouterServlet}. */
@FunctionalInterface
public interface Route {
    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException;
}
