package dev.ignis.launcher;

/**
 * One command-line flag of Prometheus 2.42, by its name without dashes.
 *
 * @param name the flag name, e.g. {@code storage.tsdb.path}
 * @param defaultValue the value shown by /api/v1/status/flags when the flag is not given
 * @param kind how the value is parsed and checked
 * @param mode which feature set accepts the flag when it is given explicitly
 * @param help the help text
 */
record Flag(String name, String defaultValue, Kind kind, Mode mode, String help) {

    /** Value kinds, each with the check Prometheus applies. */
    enum Kind { STRING, BOOL, DURATION, BYTES, INT, FLOAT, URL, ENUM_LOG_LEVEL, ENUM_LOG_FORMAT, LIST }

    /** Which mode a flag belongs to; Prometheus refuses a flag of the other mode. */
    enum Mode { ANY, SERVER, AGENT }
}
