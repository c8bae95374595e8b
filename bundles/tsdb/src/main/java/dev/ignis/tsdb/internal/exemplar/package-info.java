/** Exemplar storage: the in-memory ring of Prometheus's {@code exemplar-storage} feature. */
package dev.ignis.tsdb.internal.exemplar;
