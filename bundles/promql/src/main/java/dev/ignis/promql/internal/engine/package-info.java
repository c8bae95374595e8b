/**
 * PromQL evaluation: instant and range queries over the {@code Queryable} storage contract.
 * This first cut evaluates literals, instant and range selectors (lookback, stale markers,
 * {@code offset}, {@code @}), unary and binary operators with one-to-one and set vector
 * matching; functions, aggregations, subqueries and group modifiers answer an
 * {@code execution} error saying they are not implemented yet.
 */
package dev.ignis.promql.internal.engine;
