package dev.ignis.api.scrape;

/** A target's health as the targets API spells it. */
public enum TargetHealth {
    /** The last scrape succeeded. */
    UP("up"),
    /** The last scrape failed. */
    DOWN("down"),
    /** Not scraped yet. */
    UNKNOWN("unknown");

    private final String text;

    TargetHealth(String text) {
        this.text = text;
    }

    /** {@code up}, {@code down} or {@code unknown}. */
    public String text() {
        return text;
    }
}
