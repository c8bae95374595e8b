package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;

/**
 * When a target's first scrape happens, as Prometheus 2.42 computes it ({@code Target.offset}):
 * scrapes are pinned to absolute time, each target at a stable phase within the interval given
 * by a hash of its labels and URL, mixed with a per-server jitter seed (hostname and external
 * labels), so that restarts keep each target's phase and targets spread over the interval.
 * The hashes are Prometheus's: xxHash64 of the label set and FNV-1a over its decimal form and
 * the URL.
 */
public final class ScrapeOffset {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private ScrapeOffset() {
    }

    /**
     * Nanoseconds from {@code nowNanos} (since the epoch) to the target's first scrape, in
     * {@code (0, interval]}.
     */
    public static long offsetNanos(long intervalNanos, long nowNanos, long targetHash, long jitterSeed) {
        long base = intervalNanos - nowNanos % intervalNanos;
        long offset = Long.remainderUnsigned(targetHash ^ jitterSeed, intervalNanos);
        long next = base + offset;
        return next > intervalNanos ? next - intervalNanos : next;
    }

    /** The target's hash: FNV-1a of its label hash as 16-digit decimal, then its scrape URL. */
    public static long targetHash(Labels target, String scrapeUrl) {
        String digits = Long.toUnsignedString(labelsHash(target));
        StringBuilder sb = new StringBuilder(16 + scrapeUrl.length());
        for (int i = digits.length(); i < 16; i++) {
            sb.append('0');
        }
        sb.append(digits).append(scrapeUrl);
        return fnv1a(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The server's jitter seed: FNV-1a of its FQDN followed by its external labels' text form. */
    public static long jitterSeed(String fqdn, Labels externalLabels) {
        return fnv1a((fqdn + externalLabels).getBytes(StandardCharsets.UTF_8));
    }

    /** Prometheus's {@code labels.Hash}: xxHash64 of name, 0xff, value, 0xff for each label. */
    public static long labelsHash(Labels l) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        for (int i = 0; i < l.size(); i++) {
            byte[] n = l.name(i).getBytes(StandardCharsets.UTF_8);
            byte[] v = l.value(i).getBytes(StandardCharsets.UTF_8);
            out.write(n, 0, n.length);
            out.write(0xff);
            out.write(v, 0, v.length);
            out.write(0xff);
        }
        byte[] b = out.toByteArray();
        return xxHash64(b, 0, b.length);
    }

    static long fnv1a(byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : b) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** xxHash64 with seed 0. */
    static long xxHash64(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long h;
        if (len >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            for (; i + 32 <= end; i += 32) {
                v1 = round(v1, le64(b, i));
                v2 = round(v2, le64(b, i + 8));
                v3 = round(v3, le64(b, i + 16));
                v4 = round(v4, le64(b, i + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += len;
        for (; i + 8 <= end; i += 8) {
            h ^= round(0, le64(b, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= end) {
            h ^= (le32(b, i) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < end; i++) {
            h ^= (b[i] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long acc, long val) {
        acc ^= round(0, val);
        return acc * P1 + P4;
    }

    private static long le64(byte[] b, int i) {
        return (le32(b, i) & 0xffffffffL) | ((long) le32(b, i + 4) << 32);
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
