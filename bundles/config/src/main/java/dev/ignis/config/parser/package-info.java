/**
 * The prometheus.yml parser and renderer: plain classes, private to the config bundle and
 * usable on a flat class path (ignistool). Entry point: {@link dev.ignis.config.parser.ConfigParser}.
 */
package dev.ignis.config.parser;
