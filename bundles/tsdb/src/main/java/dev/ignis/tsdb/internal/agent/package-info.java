/**
 * The agent's WAL-only storage (Prometheus 2.42 {@code tsdb/agent}); private to the bundle.
 *
 * <ul>
 * <li>{@link dev.ignis.tsdb.internal.agent.AgentComponent}: DS component
 *     {@code dev.ignis.tsdb.agent}, registered as {@code Appendable} and {@code Exporter} only
 *     (no {@code Queryable} or {@code Storage}), enabled by {@code TsdbModeGate} when
 *     {@code ignis.mode=agent}.</li>
 * <li>{@link dev.ignis.tsdb.internal.agent.AgentDb}: the open directory. The WAL is
 *     {@code <storage.agent.path>/wal} in Prometheus's format, written with the shared
 *     {@code wal.WalWriter} and {@code wal.Records}; {@code walDir()} and
 *     {@code currentSegment()} are for a WAL reader such as remote write, and
 *     {@code setLowestSentTimestamp} feeds its progress into truncation.</li>
 * <li>{@link dev.ignis.tsdb.internal.agent.AgentReplay}: rebuilds refs and newest timestamps
 *     from the newest checkpoint and later segments; repairs a torn tail.</li>
 * <li>Truncation every {@code truncateFrequency} (2h): series GC, new segment, checkpoint of
 *     the older two thirds of the segments with the shared {@code wal.Checkpoint}.</li>
 * </ul>
 *
 * <p>Flags (framework properties {@code ignis.flag.<flag>}): {@code storage.agent.path}
 * ({@code data-agent/}), {@code storage.agent.wal-compression} (true),
 * {@code storage.agent.retention.min-time} / {@code max-time} (0s means 5m / 4h),
 * {@code storage.agent.use-lockfile} (false). {@code ignis.agent.truncate-frequency} is not a
 * Prometheus flag; it shortens the truncation period for tests.
 */
package dev.ignis.tsdb.internal.agent;
