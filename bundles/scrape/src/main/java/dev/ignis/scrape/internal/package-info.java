/** Implementation of the Ignis scrape bundle; private to the bundle. */
package dev.ignis.scrape.internal;
