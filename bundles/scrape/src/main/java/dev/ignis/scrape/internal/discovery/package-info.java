/**
 * The discovery manager: runs one {@link dev.ignis.api.discovery.Discoverer} per
 * {@code *_sd_configs} section of every scrape job and alertmanager set, plus the built-in
 * static groups, and publishes the merged groups as the
 * {@link dev.ignis.api.discovery.TargetDiscovery} service (component
 * {@code dev.ignis.scrape.discovery}, also a {@code ConfigListener} and an {@code Exporter};
 * configuration property {@code update.interval.ms}, default 5000).
 *
 * <p>Where it differs from Prometheus 2.42 on purpose:
 * <ul>
 * <li>Notifications are rate-limited rather than ticked: a change after a quiet interval goes
 *     out at once, further changes wait until one interval after the previous notification.
 *     Prometheus sends on a 5 s ticker, so its first targets appear up to 5 s later.</li>
 * <li>A reload keeps a running discoverer when its section is unchanged in the same pool, as
 *     the new manager behind {@code --enable-feature=new-service-discovery-manager} does; the
 *     default 2.42 manager restarts all of them. Identical sections in different jobs are not
 *     shared: each pool runs its own discoverer, and renaming a job restarts its discoverers.</li>
 * <li>Sections are validated by their plugin when the manager applies the config, not when the
 *     config is parsed. A rejected section fails the reload (the config bundle reports it, and
 *     {@code prometheus_config_last_reload_successful} drops to 0) and leaves its pool running
 *     on the previous sections, where Prometheus would keep its whole previous config.</li>
 * <li>A section whose plugin is not installed is not an error: it is reported by
 *     {@code problems()} and in {@code prometheus_sd_failed_configs}, and served as soon as a
 *     plugin for its key arrives. Prometheus does not know such keys at all.</li>
 * <li>Group sources are unique per discoverer only; a pool may hold two groups with one source
 *     (e.g. two file sections reading one file) and consumers must not key a pool's groups by
 *     source.</li>
 * </ul>
 */
package dev.ignis.scrape.internal.discovery;
