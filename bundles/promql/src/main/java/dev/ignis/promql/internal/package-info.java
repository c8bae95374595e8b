/** Implementation of the Ignis promql bundle; private to the bundle. */
package dev.ignis.promql.internal;
