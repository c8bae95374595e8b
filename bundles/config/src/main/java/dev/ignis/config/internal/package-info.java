/** Implementation of the Ignis config bundle; private to the bundle. */
package dev.ignis.config.internal;
