package dev.ignis.api.storage;

/** Prometheus's stale marker: a NaN with a specific bit pattern, distinct from an ordinary NaN. */
public final class StaleMarker {
    /** The raw bits Prometheus writes for a stale sample. */
    public static final long BITS = 0x7ff0000000000002L;
    /** The stale marker as a double. Compare with {@link #isStale(double)}, never with ==. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {
    }

    /** Whether {@code v} is exactly the stale marker. */
    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}
