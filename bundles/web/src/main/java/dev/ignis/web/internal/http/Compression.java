package dev.ignis.web.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression as Prometheus's {@code httputil.CompressionHandler} negotiates it: the
 * first {@code Accept-Encoding} entry that is exactly {@code gzip} or {@code deflate} (zlib
 * stream) wins; anything else, including parameters such as {@code gzip;q=1}, is ignored.
 */
public final class Compression {

    private Compression() {
    }

    /** The encoding to use for this request: "gzip", "deflate" or {@code null}. */
    public static String negotiate(HttpServletRequest req) {
        String ae = req.getHeader("Accept-Encoding");
        if (ae == null) {
            return null;
        }
        for (String part : ae.split(",", -1)) {
            String e = part.trim();
            if (e.equals("gzip") || e.equals("deflate")) {
                return e;
            }
        }
        return null;
    }

    /**
     * Sets {@code Content-Encoding} if the client accepts compression and returns the stream
     * to write the body to; call {@link #finish(OutputStream)} after the last byte.
     */
    public static OutputStream open(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String encoding = negotiate(req);
        OutputStream out = resp.getOutputStream();
        if (encoding == null) {
            return out;
        }
        resp.setHeader("Content-Encoding", encoding);
        return encoding.equals("gzip") ? new GZIPOutputStream(out, 8192) : new DeflaterOutputStream(out);
    }

    /** Finishes a compressed stream (no-op for the plain response stream). */
    public static void finish(OutputStream out) throws IOException {
        if (out instanceof DeflaterOutputStream d) {
            d.finish();
        } else {
            out.flush();
        }
    }
}
