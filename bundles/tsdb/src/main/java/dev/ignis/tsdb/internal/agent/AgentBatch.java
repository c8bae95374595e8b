package dev.ignis.tsdb.internal.agent;

import dev.ignis.tsdb.internal.util.ByteBuf;
import java.util.Arrays;

/** The pending series and samples of one appender, pooled and reused across batches. */
final class AgentBatch {

    final ByteBuf seriesRecord = new ByteBuf(1024);
    final ByteBuf samplesRecord = new ByteBuf(4096);
    final byte[][] records = new byte[2][];
    final int[] lengths = new int[2];
    AgentSeries[] newSeries = new AgentSeries[16];
    int nNew;
    AgentSeries[] sampleSeries = new AgentSeries[256];
    long[] refs = new long[256];
    long[] ts = new long[256];
    long[] vBits = new long[256];
    int n;

    void addSeries(AgentSeries s) {
        if (nNew == newSeries.length) {
            newSeries = Arrays.copyOf(newSeries, nNew * 2);
        }
        newSeries[nNew++] = s;
    }

    void addSample(AgentSeries s, long t, long bits) {
        if (n == refs.length) {
            int cap = n * 2;
            sampleSeries = Arrays.copyOf(sampleSeries, cap);
            refs = Arrays.copyOf(refs, cap);
            ts = Arrays.copyOf(ts, cap);
            vBits = Arrays.copyOf(vBits, cap);
        }
        sampleSeries[n] = s;
        refs[n] = s.ref;
        ts[n] = t;
        vBits[n] = bits;
        n++;
    }

    void clear() {
        Arrays.fill(newSeries, 0, nNew, null);
        Arrays.fill(sampleSeries, 0, n, null);
        Arrays.fill(records, null);
        nNew = 0;
        n = 0;
    }
}
