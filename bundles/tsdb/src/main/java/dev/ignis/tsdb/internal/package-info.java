/** Implementation of the Ignis tsdb bundle; private to the bundle. */
package dev.ignis.tsdb.internal;
