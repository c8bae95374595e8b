package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.ByteBuf;
import java.util.Arrays;

/** The pending series and samples of one appender, pooled and reused across batches. */
final class AgentBatch {

    final ByteBuf seriesRecord = new ByteBuf(1024);
    final ByteBuf samplesRecord = new ByteBuf(4096);
    final ByteBuf exemplarsRecord = new ByteBuf(256);
    final byte[][] records = new byte[3][];
    final int[] lengths = new int[3];
    AgentSeries[] newSeries = new AgentSeries[16];
    int nNew;
    AgentSeries[] sampleSeries = new AgentSeries[256];
    long[] refs = new long[256];
    long[] ts = new long[256];
    long[] vBits = new long[256];
    int n;
    long[] exRefs = new long[4];
    long[] exTs = new long[4];
    long[] exVBits = new long[4];
    Labels[] exLabels = new Labels[4];
    int nEx;

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

    void addExemplar(long ref, long t, long bits, Labels labels) {
        if (nEx == exRefs.length) {
            int cap = nEx * 2;
            exRefs = Arrays.copyOf(exRefs, cap);
            exTs = Arrays.copyOf(exTs, cap);
            exVBits = Arrays.copyOf(exVBits, cap);
            exLabels = Arrays.copyOf(exLabels, cap);
        }
        exRefs[nEx] = ref;
        exTs[nEx] = t;
        exVBits[nEx] = bits;
        exLabels[nEx] = labels;
        nEx++;
    }

    void clear() {
        Arrays.fill(exLabels, 0, nEx, null);
        nEx = 0;
        Arrays.fill(newSeries, 0, nNew, null);
        Arrays.fill(sampleSeries, 0, n, null);
        Arrays.fill(records, null);
        nNew = 0;
        n = 0;
    }
}
