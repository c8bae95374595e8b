package dev.ignis.scrape.internal.parse;

/** What {@link ExpositionParser#next()} found. */
public enum Entry {
    /** A sample: series bytes, value and optional timestamp are available. */
    SERIES,
    /** A {@code # HELP} line. */
    HELP,
    /** A {@code # TYPE} line. */
    TYPE,
    /** A {@code # UNIT} line (OpenMetrics only). */
    UNIT,
    /** Any other comment line (text format only). */
    COMMENT,
    /** End of the body; every later call returns it again. */
    EOF
}
