package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.query.ErrorType;
import dev.ignis.web.internal.http.Compression;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes API v1 responses in Prometheus's envelope:
 * {@code {"status":"success","data":...,"warnings":[...]}} and
 * {@code {"status":"error","data":...,"errorType":"...","error":"...","warnings":[...]}}
 * ({@code data} and {@code warnings} only when present), {@code Content-Type:
 * application/json}, gzip- or deflate-compressed when the client accepts it ({@link Compression}).
 */
public final class ApiResponses {

    private ApiResponses() {
    }

    /** Writes an endpoint's result: the success envelope, or 204 when it has no data. */
    public static void result(HttpServletRequest req, HttpServletResponse resp, ApiResult result) throws IOException {
        if (result.data() == null) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        success(req, resp, result.data(), result.warnings());
    }

    /** Writes {@code {"status":"success","data":<data>}} with status 200. */
    public static void success(HttpServletRequest req, HttpServletResponse resp, JsonBody data, List<String> warnings)
            throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        write(req, resp, "success", data, null, null, warnings);
    }

    /** Writes the error envelope with the error type's HTTP status. */
    public static void error(HttpServletRequest req, HttpServletResponse resp, ApiException e) throws IOException {
        error(req, resp, e.type(), e.getMessage(), e.data(), List.of());
    }

    /** Writes the error envelope with the error type's HTTP status. */
    public static void error(HttpServletRequest req, HttpServletResponse resp, ErrorType type, String message,
            JsonBody data, List<String> warnings) throws IOException {
        resp.setStatus(type.httpStatus());
        write(req, resp, "error", data, type, message, warnings);
    }

    private static void write(HttpServletRequest req, HttpServletResponse resp, String status, JsonBody data,
            ErrorType type, String message, List<String> warnings) throws IOException {
        resp.setContentType("application/json");
        OutputStream out = Compression.open(req, resp);
        try (JsonGenerator g = GoJson.generator(out)) {
            g.writeStartObject();
            g.writeStringField("status", status);
            if (data != null) {
                g.writeFieldName("data");
                data.write(g);
            }
            if (type != null) {
                g.writeStringField("errorType", type.wire());
                g.writeStringField("error", message == null ? "" : message);
            }
            if (!warnings.isEmpty()) {
                g.writeArrayFieldStart("warnings");
                for (int i = 0; i < warnings.size(); i++) {
                    g.writeString(warnings.get(i));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        Compression.finish(out);
    }
}
