package dev.ignis.scrape.internal.loop;

import dev.ignis.api.config.Authorization;
import dev.ignis.api.config.BasicAuth;
import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.OAuth2;
import dev.ignis.api.config.Secret;
import dev.ignis.api.config.TlsConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The HTTP side of one scrape pool: a Jetty {@link HttpClient} configured from the job's HTTP
 * client options ({@code basic_auth}, {@code authorization} and the legacy bearer token,
 * {@code tls_config}, {@code proxy_url}, {@code proxy_connect_header},
 * {@code follow_redirects}, {@code oauth2} with
 * {@link OAuth2Tokens}), sending the requests
 * Prometheus 2.42 sends: GET with its {@code Accept} header, {@code Accept-Encoding: gzip}
 * (Jetty decodes the body), {@code X-Prometheus-Scrape-Timeout-Seconds}, and the scrape
 * timeout as the exchange's total timeout (enforced by the loops' timer, which aborts the
 * request). Failures are worded as Prometheus's targets page
 * shows them ({@code Get "<url>": context deadline exceeded}, ...).
 *
 * <p>Credential files are read on every request, as Prometheus does, so rotated tokens apply
 * without a reload. Thread-safe; all pools share one executor and scheduler.
 */
final class HttpScraper implements AutoCloseable {
    /** What Prometheus 2.42 sends without the native-histograms feature. */
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    static final String USER_AGENT = "Prometheus/2.42.0";
    // Constant headers in their wire form: the generator copies the bytes instead of encoding
    // name and value on every request.
    private static final HttpField ACCEPT_FIELD = new PreEncodedHttpField(HttpHeader.ACCEPT, ACCEPT);
    private static final HttpField USER_AGENT_FIELD = new PreEncodedHttpField(HttpHeader.USER_AGENT, USER_AGENT);
    private static final String TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
    private static final int MAX_REDIRECTS = 10; // Go's http.Client stops after 10
    private static final long IDLE_MS = 5 * 60 * 1000L;

    // HTTP/1.1: clear-text targets, and TLS ones unless enable_http2.
    private final HttpClient client;
    private final HttpClientConfig config;
    private final Executor executor;
    private final Scheduler scheduler;
    private final ScheduledExecutorService deadlines;
    // enable_http2: TLS targets go through this one (h2 by ALPN), made at the first such scrape
    // so that a clear-text job keeps one client and the plain transport's shorter request path.
    private HttpClient tlsClient;
    private boolean closed;
    // With an oauth2 section: its own client (its tls_config and proxy_url) and the tokens.
    private final HttpClient tokenClient;
    private final OAuth2Tokens tokens;

    /**
     * @param deadlines aborts each request when its scrape timeout has passed
     * @throws IllegalArgumentException when the TLS files or the proxy URL are unusable, with
     *         the reason
     */
    HttpScraper(HttpClientConfig config, Executor executor, Scheduler scheduler, ScheduledExecutorService deadlines) {
        this.config = config;
        this.executor = executor;
        this.scheduler = scheduler;
        this.deadlines = deadlines;
        this.client = newClient(config.tlsConfig(), config.proxyUrl(), config.followRedirects(), false, executor,
                scheduler);
        addConnectHeaders(client, config.proxyConnectHeader());
        OAuth2 o = config.oauth2();
        if (o == null) {
            tokenClient = null;
            tokens = null;
        } else {
            try {
                // prometheus/common fetches tokens through a plain HTTP/1.1 transport of its own.
                tokenClient = newClient(o.tlsConfig() == null ? TlsConfig.DEFAULT : o.tlsConfig(), o.proxyUrl(), true,
                        false, executor, scheduler);
            } catch (IllegalArgumentException e) {
                stop(client);
                throw e;
            }
            tokens = new OAuth2Tokens(o, tokenClient);
        }
    }

    /**
     * {@code proxy_connect_header}: added to the CONNECT request that opens a tunnel through the
     * proxy to an HTTPS target (Jetty builds that request itself; client-wide request listeners
     * see it too).
     */
    private static void addConnectHeaders(HttpClient c, Map<String, List<Secret>> headers) {
        if (headers.isEmpty()) {
            return;
        }
        c.getRequestListeners().addBeginListener(request -> {
            if (HttpMethod.CONNECT.is(request.getMethod())) {
                request.headers(h -> headers.forEach((name, values) -> {
                    for (Secret v : values) {
                        h.add(name, v.value());
                    }
                }));
            }
        });
    }

    private static HttpClient newClient(TlsConfig tls, String proxyUrl, boolean followRedirects, boolean http2,
            Executor executor, Scheduler scheduler) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(Tls.clientFactory(tls));
        connector.setExecutor(executor);
        connector.setScheduler(scheduler);
        HttpClient c = new HttpClient(http2 ? new Http2Transport(connector, IDLE_MS) : new HttpClientTransportOverHTTP(connector));
        c.setExecutor(executor);
        c.setScheduler(scheduler);
        c.setFollowRedirects(followRedirects);
        c.setMaxRedirects(MAX_REDIRECTS);
        // Keep connections across scrapes at the usual intervals, as Prometheus's transport
        // does (5 minutes idle); a connection per scrape would cost a handshake each time.
        c.setIdleTimeout(IDLE_MS);
        // Targets come and go with discovery; forget the destinations nobody scrapes any more.
        c.setDestinationIdleTimeout(IDLE_MS);
        c.setHttpCookieStore(new HttpCookieStore.Empty());
        c.setUserAgentField(USER_AGENT_FIELD);
        if (proxyUrl != null && !proxyUrl.isEmpty()) {
            URI p = URI.create(proxyUrl);
            if (p.getHost() == null) {
                throw new IllegalArgumentException("invalid proxy_url " + proxyUrl);
            }
            boolean secure = "https".equalsIgnoreCase(p.getScheme());
            int port = p.getPort() > 0 ? p.getPort() : secure ? 443 : 80;
            c.getProxyConfiguration().addProxy(new HttpProxy(new Origin.Address(p.getHost(), port), secure));
        }
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalArgumentException("error creating HTTP client: " + e.getMessage(), e);
        }
        // Go's client answers no authentication challenges: a 401 or 407 is a plain status
        // (Jetty's handlers, installed by start(), turn one without a challenge header into a
        // protocol error).
        c.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        c.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        return c;
    }

    /**
     * What a loop's requests have in common, made once per loop: the URL, the timeout, and the
     * headers that depend only on them, in their wire form.
     *
     * @param host the {@code Host} header, as Jetty would derive it from the URL (its authority)
     */
    record Target(URI url, long timeoutMs, HttpField timeoutHeader, HttpField host) {
        Target(URI url, long timeoutMs) {
            this(url, timeoutMs, new PreEncodedHttpField(TIMEOUT_HEADER, seconds(timeoutMs)),
                    url.getAuthority() == null ? null : new PreEncodedHttpField(HttpHeader.HOST, url.getAuthority()));
        }
    }

    /** Starts one scrape; {@code body.onComplete} reports the outcome on a Jetty thread. */
    Request scrape(Target target, Body body) {
        if (tokens == null) {
            return send(target, body, authorization());
        }
        Request[] sent = new Request[1];
        tokens.header(target.timeoutMs(), (header, failure) -> {
            if (failure != null) {
                body.fail(failure);
            } else {
                sent[0] = send(target, body, header);
            }
        });
        // Null when the token is still being fetched: that scrape cannot be aborted early.
        return sent[0];
    }

    /** The client for {@code url}'s scheme; null once closed. */
    private HttpClient clientFor(URI url) {
        if (!config.enableHttp2() || !"https".equalsIgnoreCase(url.getScheme())) {
            return client;
        }
        synchronized (this) {
            if (tlsClient == null && !closed) {
                tlsClient = newClient(config.tlsConfig(), config.proxyUrl(), config.followRedirects(), true, executor,
                        scheduler);
                addConnectHeaders(tlsClient, config.proxyConnectHeader());
            }
            return tlsClient;
        }
    }

    private Request send(Target target, Body body, String auth) {
        HttpClient c = clientFor(target.url());
        if (c == null) {
            body.fail(new CancellationException("scrape pool stopped"));
            return null;
        }
        // The Host header given here spares Jetty two URI parses per request to derive it; the
        // HTTP/2 client (:authority) gets none, and Jetty drops it from a redirect's request.
        HttpField host = c == client ? target.host() : null;
        Request r = c.newRequest(target.url())
                .headers(h -> {
                    if (host != null) {
                        h.put(host);
                    }
                    h.put(ACCEPT_FIELD);
                    h.put(target.timeoutHeader());
                    if (auth != null) {
                        h.put(HttpHeader.AUTHORIZATION, auth);
                    }
                });
        // The scrape timeout is not given to Jetty: its timeout is scheduled twice per request
        // (for the destination's queue and for the connection) on Jetty's scheduler, whose
        // thread then wakes twice per request at the deadline to find the exchange long done.
        // One task on the loops' timer, removed when the exchange ends, does the same; an
        // abort reaches the conversation's current exchange, a redirect's too.
        long ms = target.timeoutMs();
        if (ms > 0) {
            try {
                body.deadline(deadlines.schedule(
                        () -> r.abort(new TimeoutException("Total timeout " + ms + " ms elapsed")), ms,
                        TimeUnit.MILLISECONDS));
            } catch (RejectedExecutionException stopping) {
                body.fail(new CancellationException("scrape pool stopped"));
                return null;
            }
        }
        r.send(body);
        return r;
    }

    /** The Authorization header value, or null; a credentials file that cannot be read sends none. */
    private String authorization() {
        BasicAuth ba = config.basicAuth();
        if (ba != null) {
            String pw = ba.passwordFile().isEmpty() ? ba.password().value() : readTrimmed(ba.passwordFile());
            if (pw == null) {
                return null;
            }
            byte[] raw = (ba.username() + ":" + pw).getBytes(StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        }
        Authorization a = config.authorization();
        if (a != null) {
            String cred = a.credentialsFile().isEmpty() ? a.credentials().value() : readTrimmed(a.credentialsFile());
            if (cred == null) {
                return null;
            }
            String type = a.type().isEmpty() ? "Bearer" : a.type();
            return type + " " + cred;
        }
        return null;
    }

    private static String readTrimmed(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** Go's {@code strconv.FormatFloat(seconds, 'f', -1, 64)}: {@code 10}, {@code 0.5}. */
    static String seconds(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    /** A failed exchange as Prometheus reports it on the targets page. */
    static String describe(URI url, Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof Body.BadStatus) && !(t instanceof Body.BodyLimitExceeded)
                && !(t instanceof TimeoutException) && !(t instanceof ConnectException)) {
            t = t.getCause();
        }
        if (t instanceof Body.BadStatus || t instanceof Body.BodyLimitExceeded) {
            return t.getMessage();
        }
        String get = "Get \"" + url + "\": ";
        if (t instanceof OAuth2Tokens.OAuth2Failure) {
            return get + t.getMessage();
        }
        if (t instanceof TimeoutException) {
            return get + "context deadline exceeded";
        }
        String hostPort = url.getHost() + ":" + url.getPort();
        if (t instanceof ConnectException) {
            return get + "dial tcp " + hostPort + ": connect: connection refused";
        }
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
            return get + "dial tcp: lookup " + url.getHost() + ": no such host";
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof CertPathBuilderException) {
                return get + "x509: certificate signed by unknown authority"; // Go 1.19's wording
            }
        }
        String msg = t.getMessage();
        return get + (msg == null ? t.getClass().getSimpleName() : msg);
    }

    @Override
    public void close() {
        stop(client);
        HttpClient tls;
        synchronized (this) {
            closed = true;
            tls = tlsClient;
        }
        if (tls != null) {
            stop(tls);
        }
        if (tokenClient != null) {
            stop(tokenClient);
        }
    }

    private static void stop(HttpClient c) {
        try {
            c.stop();
        } catch (Exception e) {
            // Stopping only releases connections; nothing to recover.
        }
    }
}
