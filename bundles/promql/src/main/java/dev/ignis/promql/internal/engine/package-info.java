/**
 * PromQL evaluation: instant and range queries over the {@code Queryable} storage contract.
 * Selectors (lookback, stale markers, offset, @), subqueries, unary and binary operators with
 * every kind of vector matching, the twelve aggregations and the functions of Prometheus 2.42;
 * the whole conformance corpus passes. Evaluation is step by step and reads each selector's
 * samples once per query; the incremental and streaming work of issue 4 is still ahead.
 */
package dev.ignis.promql.internal.engine;
