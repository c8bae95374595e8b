/**
 * The discovery manager: runs one {@link dev.ignis.api.discovery.Discoverer} per
 * {@code *_sd_configs} section of every scrape job and alertmanager set, plus the built-in
 * static groups, and publishes the merged groups as the
 * {@link dev.ignis.api.discovery.TargetDiscovery} service.
 */
package dev.ignis.scrape.internal.discovery;
