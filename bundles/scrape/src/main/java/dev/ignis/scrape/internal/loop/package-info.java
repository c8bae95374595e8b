/**
 * The running scrape side: {@link dev.ignis.scrape.internal.loop.ScrapeManager} (component
 * {@code dev.ignis.scrape.manager}: a {@code ConfigListener}, the {@code ScrapeTargets} read
 * side and an {@code Exporter}), one {@link dev.ignis.scrape.internal.loop.ScrapePool} per job
 * and one {@link dev.ignis.scrape.internal.loop.ScrapeLoop} per target. HTTP goes through
 * Jetty 12's client (the {@code jetty-client} bundle wired to the Jetty packages that
 * {@code org.apache.felix.http.jetty12} exports); all pools share one Jetty thread pool and
 * scheduler, one timer thread for ticks and a small worker pool for appends.
 *
 * <p>Where it differs from Prometheus 2.42:
 * <ul>
 * <li>{@code enable_http2}: a clear-text target that redirects to https is followed over
 *     HTTP/1.1 (Go's transport would offer h2 there); https targets negotiate as Go's.</li>
 * <li>{@code oauth2}: a token request that fails on the network is worded
 *     {@code oauth2: cannot fetch token: Post "<token_url>": <Java's reason>}.</li>
 * <li>TLS keys must be PKCS#8 or PKCS#1 RSA PEM (SEC1 {@code EC PRIVATE KEY} files are not
 *     read); TLS files are read when the pool is created, not watched. A host name mismatch
 *     is reported with Java's wording, not Go's {@code x509: certificate is valid for ...}.</li>
 * <li>Non-200 answers are reported with Go's status text for the code rather than the
 *     server's reason phrase (the same for Go exporters).</li>
 * <li>{@code User-Agent} is {@code Prometheus/2.42.0}, Prometheus's own for this version.</li>
 * <li>Pools exist for every configured job from the start, not only once discovery has
 *     reported targets for them; every discovery update re-syncs every pool.</li>
 * <li>{@code prometheus_target_interval_length_seconds} quantiles cover the last 1024
 *     observations per interval instead of a 10-minute decaying window; sync and reload
 *     length summaries and metadata cache gauges are not exported.</li>
 * </ul>
 */
package dev.ignis.scrape.internal.loop;
