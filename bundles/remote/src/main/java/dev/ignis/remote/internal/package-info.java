/** Implementation of the Ignis remote bundle (remote write receiver); private to the bundle. */
package dev.ignis.remote.internal;
