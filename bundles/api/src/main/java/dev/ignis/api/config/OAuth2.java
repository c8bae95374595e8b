package dev.ignis.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code oauth2}: client-credentials grant settings. Maps keep config order. */
public record OAuth2(String clientId, Secret clientSecret, String clientSecretFile, List<String> scopes,
        String tokenUrl, Map<String, String> endpointParams, TlsConfig tlsConfig, String proxyUrl) {
    public OAuth2 {
        scopes = List.copyOf(scopes);
        endpointParams = Collections.unmodifiableMap(new LinkedHashMap<>(endpointParams));
    }
}
