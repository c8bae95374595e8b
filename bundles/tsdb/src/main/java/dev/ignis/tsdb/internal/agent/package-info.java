/** The agent's WAL-only storage (Prometheus 2.42 agent mode); private to the bundle. */
package dev.ignis.tsdb.internal.agent;
