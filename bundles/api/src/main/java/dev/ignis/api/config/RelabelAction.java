package dev.ignis.api.config;

import java.util.Locale;

/** Relabeling actions of Prometheus 2.42; {@link #text()} is the config spelling. */
public enum RelabelAction {
    REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

    /** The lower-case name used in YAML. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks an action up case-insensitively, or returns null. */
    public static RelabelAction fromText(String s) {
        for (RelabelAction a : values()) {
            if (a.name().equalsIgnoreCase(s)) {
                return a;
            }
        }
        return null;
    }
}
