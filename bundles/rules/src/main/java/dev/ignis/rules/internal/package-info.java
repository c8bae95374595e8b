/** Implementation of the Ignis rules bundle; private to the bundle. */
package dev.ignis.rules.internal;
