package dev.ignis.scrape.internal.loop;

/**
 * Response body buffers shared by a manager's scrape loops, so only scrapes in flight hold
 * one: a buffer per target, kept between scrapes, cost about 65 bytes per scraped series of
 * idle heap (Prometheus pools its buffers the same way). Buffers come in power-of-two size
 * classes from 16 KiB; each class keeps at most {@link #KEEP} free ones. Thread-safe.
 */
final class BodyBuffers {
    static final int MIN_SHIFT = 14;
    static final int CLASSES = 16; // 16 KiB .. 512 MiB
    static final int KEEP = 32;

    private final byte[][][] free = new byte[CLASSES][KEEP][];
    private final int[] count = new int[CLASSES];

    /** A buffer of at least {@code atLeast} bytes (16 KiB at the least). */
    byte[] take(int atLeast) {
        int c = classFor(atLeast);
        if (c >= CLASSES) {
            return new byte[atLeast];
        }
        synchronized (this) {
            if (count[c] > 0) {
                int n = --count[c];
                byte[] b = free[c][n];
                free[c][n] = null;
                return b;
            }
        }
        return new byte[1 << (MIN_SHIFT + c)];
    }

    /** Returns a buffer from {@link #take} (or one grown from it) for reuse. */
    void give(byte[] b) {
        if (b == null || b.length < 1 << MIN_SHIFT) {
            return;
        }
        int c = 31 - Integer.numberOfLeadingZeros(b.length) - MIN_SHIFT; // largest class it fills
        if (c >= CLASSES) {
            return;
        }
        synchronized (this) {
            if (count[c] < KEEP) {
                free[c][count[c]++] = b;
            }
        }
    }

    /** Free buffers held, for tests. */
    synchronized int held() {
        int n = 0;
        for (int c : count) {
            n += c;
        }
        return n;
    }

    /** The smallest class whose buffers hold {@code n} bytes. */
    static int classFor(int n) {
        if (n <= 1 << MIN_SHIFT) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(n - 1) - MIN_SHIFT;
    }
}
