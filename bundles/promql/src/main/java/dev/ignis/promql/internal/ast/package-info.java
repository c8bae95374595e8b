/**
 * The PromQL syntax tree: a sealed interface of records, one per node kind, each with its
 * position range in the query text. {@code toString()} of every node prints PromQL that parses
 * back to an equal tree (positions aside).
 */
package dev.ignis.promql.internal.ast;
