package dev.ignis.web.internal.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What exporter-toolkit's web handler does in front of every route of Prometheus: reads the web
 * config (through {@link WebConfigSource}, so a changed file applies to the next request), sets
 * {@code http_server_config.headers}, and when {@code basic_auth_users} is not empty requires
 * HTTP basic auth: a bad or missing login is 401 {@code Unauthorized} with
 * {@code WWW-Authenticate: Basic}; an unreadable config is 500. bcrypt checks run one at a time
 * (they are slow on purpose) and their results are cached per user, hash and password; an
 * unknown user is checked against a fixed hash so that its answer takes as long as a known one.
 * Registered as a whiteboard filter on {@code /*} of every servlet context.
 */
public final class BasicAuthFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthFilter.class);

    // bcrypt (cost 10) of a password nobody has: checked for unknown users.
    private static final String DECOY_HASH = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";
    private static final int CACHE_SIZE = 100;

    private final WebConfigSource source;
    private final ReentrantLock bcryptLock = new ReentrantLock();
    private final Map<String, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public BasicAuthFilter(WebConfigSource source) {
        this.source = source;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        WebConfig config;
        try {
            config = source.config();
        } catch (WebConfigException e) {
            LOG.atError().addKeyValue("err", e.getMessage()).log("Unable to parse configuration");
            plainError(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Internal Server Error");
            return;
        }
        config.headers().forEach(resp::setHeader);
        if (config.users().isEmpty() || authorized(req, config.users())) {
            chain.doFilter(request, response);
            return;
        }
        resp.setHeader("WWW-Authenticate", "Basic");
        plainError(resp, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
    }

    private boolean authorized(HttpServletRequest req, Map<String, String> users) {
        String[] login = basicAuth(req.getHeader("Authorization"));
        if (login == null) {
            return false;
        }
        String hash = users.get(login[0]);
        boolean known = hash != null;
        if (!known) {
            hash = DECOY_HASH;
        }
        String key = hex(login[0]) + ":" + hex(hash) + ":" + hex(login[1]);
        Boolean ok;
        synchronized (cache) {
            ok = cache.get(key);
        }
        if (ok == null) {
            bcryptLock.lock();
            try {
                ok = known && Bcrypt.matches(login[1], hash);
            } finally {
                bcryptLock.unlock();
            }
            synchronized (cache) {
                cache.put(key, ok);
            }
        }
        return ok && known;
    }

    /** User and password of a {@code Basic} Authorization header, as Go's {@code Request.BasicAuth}. */
    static String[] basicAuth(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String s = new String(decoded, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append(Character.forDigit(b >> 4 & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Go's {@code http.Error}: plain text, nosniff, the message and a newline. */
    private static void plainError(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
