package dev.ignis.tsdb.internal.chunkenc;

import dev.ignis.api.storage.SampleIterator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes an XOR chunk (see {@link XorChunk}). Reusable: {@link #reset} points it at another
 * chunk without allocating. Not thread-safe.
 */
public final class XorIterator implements SampleIterator {

    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] b = new byte[0];
    private int bitPos;
    private int bitEnd;
    private int total;
    private int read;
    private long t;
    private long tDelta;
    private long vBits;
    private int leading;
    private int trailing;
    private boolean corrupt;

    /**
     * Points the iterator at a chunk encoding.
     *
     * @param numSamples samples to decode, or -1 to take the count from the chunk header;
     *                   a live chunk's header may be ahead of what the caller may see
     */
    public XorIterator reset(byte[] bytes, int off, int len, int numSamples) {
        b = bytes;
        bitPos = (off + 2) << 3;
        bitEnd = (off + len) << 3;
        total = numSamples >= 0 ? numSamples
                : len < 2 ? 0 : ((bytes[off] & 0xff) << 8) | (bytes[off + 1] & 0xff);
        read = 0;
        corrupt = false;
        return this;
    }

    /** Decodes the whole chunk, header count included. */
    public XorIterator reset(byte[] bytes) {
        return reset(bytes, 0, bytes.length, -1);
    }

    /** Whether decoding stopped because the bit stream ended before the sample count. */
    public boolean corrupt() {
        return corrupt;
    }

    @Override
    public boolean next() {
        if (read >= total || corrupt) {
            return false;
        }
        if (read >= 2 && (bitPos >>> 3) + 8 <= b.length && fastNext()) {
            read++;
            return true;
        }
        if (corrupt) {
            return false;
        }
        if (read == 0) {
            long zz = readUvarint();
            t = (zz >>> 1) ^ -(zz & 1);
            vBits = readBits(64);
        } else if (read == 1) {
            tDelta = readUvarint();
            t += tDelta;
            readValue();
        } else {
            int sz = 0;
            int prefix = 0;
            for (int i = 0; i < 4; i++) {
                int bit = (int) readBits(1);
                prefix = (prefix << 1) | bit;
                if (bit == 0) {
                    break;
                }
            }
            switch (prefix) {
                case 0b0 -> sz = 0;
                case 0b10 -> sz = 14;
                case 0b110 -> sz = 17;
                case 0b1110 -> sz = 20;
                default -> sz = 64;
            }
            long dod = 0;
            if (sz == 64) {
                dod = readBits(64);
            } else if (sz != 0) {
                dod = readBits(sz);
                if (dod > (1L << (sz - 1))) {
                    dod -= 1L << sz;
                }
            }
            tDelta += dod;
            t += tDelta;
            readValue();
        }
        if (corrupt) {
            return false;
        }
        read++;
        return true;
    }

    /**
     * Decodes a sample after the second from two 64-bit windows of the stream: one for the
     * timestamp's delta-of-delta and the value's control bits (at most 24 + 13 bits), one for
     * the value's meaningful bits (bit by bit near the array's end). Needs 8 bytes of array
     * from the current byte.
     *
     * @return false, having consumed nothing, for a 64-bit delta-of-delta (left to the bit-by-bit
     *         path); false with {@link #corrupt} set when the sample runs past the stream's end
     */
    private boolean fastNext() {
        byte[] buf = b;
        int pos = bitPos;
        long w = (long) BE_LONG.get(buf, pos >>> 3) << (pos & 7);
        int ones = Long.numberOfLeadingZeros(~w);
        long dod;
        int used;
        switch (ones) {
            case 0 -> {
                dod = 0;
                used = 1;
            }
            case 1 -> {
                dod = signed((w << 2) >>> (64 - 14), 14);
                used = 2 + 14;
            }
            case 2 -> {
                dod = signed((w << 3) >>> (64 - 17), 17);
                used = 3 + 17;
            }
            case 3 -> {
                dod = signed((w << 4) >>> (64 - 20), 20);
                used = 4 + 20;
            }
            default -> {
                return false;
            }
        }
        long bits = w << used;
        long value = vBits;
        if (bits >= 0) {
            used++; // '0': the value repeats
        } else {
            int sig;
            if ((bits << 1) >= 0) {
                used += 2; // '10': within the previous leading/trailing zeros
            } else {
                leading = (int) ((bits << 2) >>> (64 - 5));
                int s = (int) ((bits << 7) >>> (64 - 6));
                trailing = 64 - leading - (s == 0 ? 64 : s);
                used += 13;
            }
            sig = 64 - leading - trailing;
            if (sig <= 0) {
                corrupt = true;
                return false;
            }
            pos += used;
            long x;
            if (sig <= 57 && (pos >>> 3) + 8 <= buf.length) {
                x = ((long) BE_LONG.get(buf, pos >>> 3) << (pos & 7)) >>> (64 - sig);
            } else {
                bitPos = pos;
                x = readBits(sig);
                if (corrupt) {
                    return false;
                }
            }
            value ^= x << trailing;
            used = sig;
        }
        pos += used;
        if (pos > bitEnd) {
            corrupt = true;
            bitPos = bitEnd;
            return false;
        }
        bitPos = pos;
        vBits = value;
        tDelta += dod;
        t += tDelta;
        return true;
    }

    private static long signed(long v, int bits) {
        // Prometheus's encoding: values above half the range are negative (half itself is not).
        return v > (1L << (bits - 1)) ? v - (1L << bits) : v;
    }

    /**
     * Decodes the samples not read yet into {@code ts} and {@code vs} from index 0, which must
     * have room for {@link #remaining()}; stops early at a corrupt stream ({@link #corrupt()}).
     *
     * @return the number of samples decoded
     */
    public int decode(long[] ts, double[] vs) {
        int n = 0;
        while (read < 2) {
            if (!next()) {
                return n;
            }
            ts[n] = t;
            vs[n++] = Double.longBitsToDouble(vBits);
        }
        // fastNext's decoding with the state in locals for the whole chunk; anything else
        // (a 64-bit delta-of-delta, the array's last bytes) goes through next().
        byte[] buf = b;
        int last = buf.length - 8;
        int end = bitEnd;
        int pos = bitPos;
        long time = t;
        long delta = tDelta;
        long value = vBits;
        int lead = leading;
        int trail = trailing;
        int left = total - read;
        while (left > 0) {
            if ((pos >>> 3) <= last) {
                long w = (long) BE_LONG.get(buf, pos >>> 3) << (pos & 7);
                int ones = Long.numberOfLeadingZeros(~w);
                if (ones < 4) {
                    long dod;
                    int used;
                    if (ones == 0) {
                        dod = 0;
                        used = 1;
                    } else {
                        int sz = ones == 1 ? 14 : ones == 2 ? 17 : 20;
                        used = ones + 1 + sz;
                        dod = signed((w << (ones + 1)) >>> (64 - sz), sz);
                    }
                    long bits = w << used;
                    long next = value;
                    if (bits >= 0) {
                        used++;
                    } else {
                        if ((bits << 1) >= 0) {
                            used += 2;
                        } else {
                            lead = (int) ((bits << 2) >>> (64 - 5));
                            int sf = (int) ((bits << 7) >>> (64 - 6));
                            trail = 64 - lead - (sf == 0 ? 64 : sf);
                            used += 13;
                        }
                        int sig = 64 - lead - trail;
                        int at = pos + used;
                        if (sig > 0 && sig <= 57 && (at >>> 3) <= last) {
                            next ^= (((long) BE_LONG.get(buf, at >>> 3) << (at & 7)) >>> (64 - sig)) << trail;
                            used += sig;
                        } else {
                            used = -1;
                        }
                    }
                    if (used >= 0) {
                        pos += used;
                        if (pos > end) {
                            corrupt = true;
                            bitPos = end;
                            return n;
                        }
                        value = next;
                        delta += dod;
                        time += delta;
                        ts[n] = time;
                        vs[n++] = Double.longBitsToDouble(value);
                        left--;
                        continue;
                    }
                }
            }
            // The bit-by-bit path from the state before this sample.
            bitPos = pos;
            t = time;
            tDelta = delta;
            vBits = value;
            leading = lead;
            trailing = trail;
            read = total - left;
            if (!next()) {
                return n;
            }
            ts[n] = t;
            vs[n++] = Double.longBitsToDouble(vBits);
            pos = bitPos;
            time = t;
            delta = tDelta;
            value = vBits;
            lead = leading;
            trail = trailing;
            left = total - read;
        }
        bitPos = pos;
        t = time;
        tDelta = delta;
        vBits = value;
        leading = lead;
        trailing = trail;
        read = total;
        return n;
    }

    /** Samples not read yet, as far as the count goes (a corrupt stream may hold fewer). */
    public int remaining() {
        return corrupt ? 0 : total - read;
    }

    @Override
    public boolean seek(long target) {
        if (read > 0 && t >= target) {
            return true;
        }
        while (next()) {
            if (t >= target) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long t() {
        return t;
    }

    @Override
    public double v() {
        return Double.longBitsToDouble(vBits);
    }

    /** Raw bits of the current value. */
    public long vBits() {
        return vBits;
    }

    private void readValue() {
        if (readBits(1) == 0) {
            return;
        }
        if (readBits(1) == 1) {
            leading = (int) readBits(5);
            int sig = (int) readBits(6);
            if (sig == 0) {
                sig = 64;
            }
            trailing = 64 - leading - sig;
        }
        int sig = 64 - leading - trailing;
        if (sig <= 0) {
            corrupt = true;
            return;
        }
        vBits ^= readBits(sig) << trailing;
    }

    private long readUvarint() {
        long x = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            long by = readBits(8);
            x |= (by & 0x7f) << shift;
            if ((by & 0x80) == 0) {
                return x;
            }
        }
        corrupt = true;
        return x;
    }

    private long readBits(int n) {
        if (bitPos + n > bitEnd) {
            corrupt = true;
            bitPos = bitEnd;
            return 0;
        }
        int at = bitPos >>> 3;
        if (at + 8 <= b.length) {
            if (n > 56) {
                // A 64-bit window starting mid-byte holds at least 57 bits: split the read.
                long hi = readBits(32);
                return (hi << (n - 32)) | readBits(n - 32);
            }
            // Bits past what the caller decodes may belong to a concurrent append: masked off.
            long w = (long) BE_LONG.get(b, at);
            long v = (w << (bitPos & 7)) >>> (64 - n);
            bitPos += n;
            return v;
        }
        long v = 0;
        while (n > 0) {
            int avail = 8 - (bitPos & 7);
            int take = Math.min(avail, n);
            int by = b[bitPos >>> 3] & 0xff;
            int bits = (by >>> (avail - take)) & ((1 << take) - 1);
            v = (v << take) | bits;
            bitPos += take;
            n -= take;
        }
        return v;
    }
}
