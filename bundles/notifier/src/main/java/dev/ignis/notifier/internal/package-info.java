/** Implementation of the Ignis notifier bundle; private to the bundle. */
package dev.ignis.notifier.internal;
