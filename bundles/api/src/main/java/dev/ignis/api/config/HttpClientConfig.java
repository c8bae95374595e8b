package dev.ignis.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client options inlined in scrape, alertmanager, remote write and remote read
 * sections. {@code bearer_token} and {@code bearer_token_file} are folded into
 * {@link #authorization()} with type {@code Bearer}, as Prometheus does; at most one of
 * basic auth, authorization and OAuth2 is non-null.
 *
 * @param basicAuth or null
 * @param authorization or null
 * @param oauth2 or null
 * @param proxyUrl "" when unset
 * @param proxyConnectHeader headers sent to the proxy on CONNECT, in config order
 * @param tlsConfig never null
 * @param followRedirects default true
 * @param enableHttp2 default true
 */
public record HttpClientConfig(BasicAuth basicAuth, Authorization authorization, OAuth2 oauth2, String proxyUrl,
        Map<String, List<Secret>> proxyConnectHeader, TlsConfig tlsConfig, boolean followRedirects,
        boolean enableHttp2) {

    /** Prometheus's defaults: no auth, no proxy, redirects followed, HTTP/2 enabled. */
    public static final HttpClientConfig DEFAULT =
            new HttpClientConfig(null, null, null, "", Map.of(), TlsConfig.DEFAULT, true, true);

    public HttpClientConfig {
        proxyConnectHeader = Collections.unmodifiableMap(new LinkedHashMap<>(proxyConnectHeader));
    }
}
