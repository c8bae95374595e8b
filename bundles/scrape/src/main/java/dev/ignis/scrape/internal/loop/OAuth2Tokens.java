package dev.ignis.scrape.internal.loop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ignis.api.config.OAuth2;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Fields;

/**
 * The {@code Authorization} header of a job with an {@code oauth2} section: a token from the
 * OAuth 2.0 client-credentials grant at {@code token_url}, as Prometheus 2.42 gets it
 * (golang.org/x/oauth2's clientcredentials): a form POST with {@code grant_type},
 * {@code scope} (the scopes joined by spaces) and {@code endpoint_params}; the client
 * credentials first in a Basic header, and if the server refuses that, as form fields (the
 * style that worked is kept). The token is reused until 10 s before {@code expires_in} runs out
 * (forever without it); a changed {@code client_secret_file} fetches a new one. Loops waiting at
 * the same time share one fetch.
 *
 * <p>Thread-safe. Callbacks run on a Jetty thread, or on the caller's when a token is cached.
 */
final class OAuth2Tokens {
    private static final long EXPIRY_DELTA_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_RESPONSE = 1 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    /** Receives the header value, or the reason there is none (Prometheus's wording). */
    interface Callback {
        void done(String header, OAuth2Failure failure);
    }

    /** A token fetch that failed; its message is what follows {@code Get "<url>": }. */
    static final class OAuth2Failure extends Exception {
        private static final long serialVersionUID = 1L;

        OAuth2Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final OAuth2 config;
    private final HttpClient client;
    private final LongSupplier nanoTime;

    // Guarded by this.
    private String header;
    private long expiresAt;
    private boolean expires;
    private String secretOfToken;
    private Boolean credentialsInBody; // null until one style worked
    private List<Callback> waiting;

    OAuth2Tokens(OAuth2 config, HttpClient client) {
        this(config, client, System::nanoTime);
    }

    OAuth2Tokens(OAuth2 config, HttpClient client, LongSupplier nanoTime) {
        this.config = config;
        this.client = client;
        this.nanoTime = nanoTime;
    }

    /** Calls {@code cb} with a valid header, fetching a token first when needed. */
    void header(long timeoutMs, Callback cb) {
        String secret;
        try {
            secret = secret();
        } catch (IOException e) {
            cb.done(null, new OAuth2Failure("unable to read client secret file " + config.clientSecretFile() + ": "
                    + e.getMessage()));
            return;
        }
        String ready = null;
        boolean inBody;
        boolean retryInBody;
        synchronized (this) {
            if (header != null && secret.equals(secretOfToken)
                    && (!expires || nanoTime.getAsLong() < expiresAt - EXPIRY_DELTA_NANOS)) {
                ready = header;
            } else if (waiting != null) {
                waiting.add(cb);
                return;
            } else {
                waiting = new ArrayList<>();
                waiting.add(cb);
            }
            inBody = Boolean.TRUE.equals(credentialsInBody);
            retryInBody = credentialsInBody == null;
        }
        if (ready != null) {
            cb.done(ready, null);
            return;
        }
        fetch(secret, inBody, retryInBody, timeoutMs);
    }

    private String secret() throws IOException {
        if (!config.clientSecretFile().isEmpty()) {
            return Files.readString(Path.of(config.clientSecretFile()), StandardCharsets.UTF_8).strip();
        }
        return config.clientSecret() == null ? "" : config.clientSecret().value();
    }

    /**
     * One token request.
     *
     * @param retryInBody when the server refuses credentials in the header, try them in the body
     */
    private void fetch(String secret, boolean inBody, boolean retryInBody, long timeoutMs) {
        // Go encodes url.Values sorted by key.
        TreeMap<String, String> values = new TreeMap<>();
        values.put("grant_type", "client_credentials");
        if (!config.scopes().isEmpty()) {
            values.put("scope", String.join(" ", config.scopes()));
        }
        for (Map.Entry<String, String> e : config.endpointParams().entrySet()) {
            if (values.containsKey(e.getKey()) && !e.getKey().equals("grant_type")) {
                finish(secret, null, new OAuth2Failure("oauth2: cannot overwrite parameter \"" + e.getKey() + "\""), inBody);
                return;
            }
            values.put(e.getKey(), e.getValue());
        }
        if (inBody) {
            values.put("client_id", config.clientId());
            values.put("client_secret", secret);
        }
        Fields form = new Fields();
        values.forEach(form::put);
        Request r = client.newRequest(config.tokenUrl())
                .method(HttpMethod.POST)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .body(new FormRequestContent(form));
        if (!inBody) {
            // As Go's oauth2: both parts query-escaped before the Basic encoding.
            String raw = queryEscape(config.clientId()) + ":" + queryEscape(secret);
            r.headers(h -> h.put(HttpHeader.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8))));
        }
        r.send(new BufferingResponseListener(MAX_RESPONSE) {
            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    Throwable f = result.getFailure();
                    String msg = f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage();
                    finish(secret, null, new OAuth2Failure("oauth2: cannot fetch token: Post \"" + config.tokenUrl() + "\": "
                            + msg), inBody);
                    return;
                }
                int status = result.getResponse().getStatus();
                String body = getContentAsString(StandardCharsets.UTF_8);
                if (status < 200 || status > 299) {
                    if (retryInBody) {
                        fetch(secret, true, false, timeoutMs);
                        return;
                    }
                    finish(secret, null, new OAuth2Failure("oauth2: cannot fetch token: " + status + " "
                            + Body.statusText(status, result.getResponse().getReason()) + "\nResponse: " + body), inBody);
                    return;
                }
                Token t;
                try {
                    t = parse(getMediaType(), body);
                } catch (IOException | RuntimeException e) {
                    finish(secret, null, new OAuth2Failure("oauth2: cannot parse json: " + e.getMessage()), inBody);
                    return;
                }
                if (t.accessToken == null || t.accessToken.isEmpty()) {
                    finish(secret, null, new OAuth2Failure("oauth2: server response missing access_token"), inBody);
                    return;
                }
                finish(secret, t, null, inBody);
            }
        });
    }

    private void finish(String secret, Token t, OAuth2Failure failure, boolean inBody) {
        List<Callback> cbs;
        String h = null;
        synchronized (this) {
            cbs = waiting;
            waiting = null;
            if (t != null) {
                h = t.type() + " " + t.accessToken;
                header = h;
                secretOfToken = secret;
                expires = t.expiresIn > 0;
                expiresAt = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(t.expiresIn);
                credentialsInBody = inBody;
            }
        }
        for (Callback cb : cbs) {
            cb.done(h, failure);
        }
    }

    /** The fields of a token response that matter. */
    private static final class Token {
        String accessToken;
        String tokenType = "";
        long expiresIn;

        /** As Go's oauth2 Token.Type(): Bearer by default, known types in their usual case. */
        String type() {
            switch (tokenType.toLowerCase(Locale.ROOT)) {
                case "", "bearer":
                    return "Bearer";
                case "mac":
                    return "MAC";
                case "basic":
                    return "Basic";
                default:
                    return tokenType;
            }
        }
    }

    /** A JSON token response, or a form-encoded one (served as such or as text/plain). */
    private static Token parse(String mediaType, String body) throws IOException {
        Token t = new Token();
        String mt = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (mt.equals("application/x-www-form-urlencoded") || mt.equals("text/plain")) {
            for (String kv : body.split("&")) {
                int eq = kv.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                set(t, k, v);
            }
            return t;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            for (JsonToken tok = p.nextToken(); tok == JsonToken.FIELD_NAME; tok = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (v != JsonToken.VALUE_NULL) {
                    set(t, name, p.getText());
                }
            }
        }
        return t;
    }

    private static void set(Token t, String k, String v) {
        switch (k) {
            case "access_token" -> t.accessToken = v;
            case "token_type" -> t.tokenType = v;
            case "expires_in" -> {
                try {
                    t.expiresIn = v.isEmpty() ? 0 : Long.parseLong(v);
                } catch (NumberFormatException e) {
                    t.expiresIn = (long) Double.parseDouble(v);
                }
            }
            default -> { }
        }
    }

    /** Go's url.QueryEscape: spaces as '+', everything but unreserved characters escaped. */
    static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}
