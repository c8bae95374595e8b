/** Implementation of the Ignis web bundle; private to the bundle. */
package dev.ignis.web.internal;
