package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.wal.ExemplarRecords;
import dev.ignis.tsdb.internal.wal.Records;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of the agent: as Prometheus's agent appender, a sample older than its series'
 * newest committed sample is rejected (OUT_OF_ORDER); equal timestamps and disorder within the
 * batch are accepted (the agent keeps no samples to compare with). Commit logs a series record
 * for series this batch created, one samples record and one exemplars record, then raises each series' newest
 * timestamp. Rollback still logs the series records of created series, so that samples a later
 * batch appends for them never precede their series in the WAL. With a valid ref nothing is
 * allocated per sample.
 */
final class AgentAppender implements Appender {

    private static final Logger LOG = LoggerFactory.getLogger(AgentAppender.class);
    // Prometheus's exemplar.ExemplarMaxLabelSetLength.
    static final int MAX_EXEMPLAR_LABEL_RUNES = 128;
    private static final StorageException OUT_OF_ORDER = new StorageException(StorageException.Kind.OUT_OF_ORDER);

    private final AgentDb db;
    private final boolean[] created = new boolean[1];
    private AgentBatch batch;

    AgentAppender(AgentDb db, AgentBatch batch) {
        this.db = db;
        this.batch = batch;
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) throws StorageException {
        AgentBatch b = open();
        AgentSeries s = ref != 0 ? db.series.get(ref) : null;
        if (s == null) {
            if (labels == null || labels.isEmpty()) {
                throw new StorageException(StorageException.Kind.INTERNAL, "invalid sample: empty labelset", null);
            }
            s = db.series.getOrCreate(labels, db.nextRef::incrementAndGet, created);
            if (created[0]) {
                b.addSeries(s);
                db.metrics.activeSeries.incrementAndGet();
            }
        }
        if (t < s.lastTs()) {
            db.metrics.outOfOrderSamples.increment();
            throw OUT_OF_ORDER;
        }
        b.addSample(s, t, Double.doubleToRawLongBits(v));
        db.metrics.samplesAppended.increment();
        return s.ref;
    }

    /**
     * Adds an exemplar to a series known by {@code ref}, as Prometheus's agent does: unknown
     * refs and label sets over 128 characters are rejected, a repeat of the series' latest
     * exemplar is dropped silently (0 returned). Exemplars are logged after the samples.
     */
    @Override
    public long appendExemplar(long ref, Labels seriesLabels, Labels exemplarLabels, long t, double v)
            throws StorageException {
        AgentBatch b = open();
        AgentSeries s = ref != 0 ? db.series.get(ref) : null;
        if (s == null) {
            throw new StorageException(StorageException.Kind.INTERNAL,
                    "unknown series ref when trying to add exemplar: " + ref, null);
        }
        Labels el = exemplarLabels == null ? Labels.EMPTY : exemplarLabels;
        int runes = 0;
        for (int i = 0; i < el.size(); i++) {
            runes += el.name(i).codePointCount(0, el.name(i).length()) + el.value(i).codePointCount(0, el.value(i).length());
        }
        if (runes > MAX_EXEMPLAR_LABEL_RUNES) {
            throw new StorageException(StorageException.Kind.INTERNAL,
                    "label length for exemplar exceeds maximum of " + MAX_EXEMPLAR_LABEL_RUNES + " UTF-8 characters", null);
        }
        long bits = Double.doubleToRawLongBits(v);
        if (!s.setLatestExemplar(el, t, bits)) {
            return 0;
        }
        b.addExemplar(s.ref, t, bits, el);
        db.metrics.exemplarsAppended.increment();
        return s.ref;
    }

    @Override
    public void commit() throws StorageException {
        AgentBatch b = open();
        batch = null;
        try {
            int count = encodeSeries(b, 0);
            if (b.n > 0) {
                Records.samples(b.samplesRecord, b.refs, b.ts, b.vBits, b.n);
                b.records[count] = b.samplesRecord.array();
                b.lengths[count++] = b.samplesRecord.length();
            }
            if (b.nEx > 0) {
                ExemplarRecords.encode(b.exemplarsRecord, b.exRefs, b.exTs, b.exVBits, b.exLabels, b.nEx);
                b.records[count] = b.exemplarsRecord.array();
                b.lengths[count++] = b.exemplarsRecord.length();
            }
            if (count > 0) {
                db.log(b.records, b.lengths, count);
            }
            for (int i = 0; i < b.n; i++) {
                if (!b.sampleSeries[i].updateTimestamp(b.ts[i])) {
                    db.metrics.outOfOrderSamples.increment();
                }
            }
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.INTERNAL, "write to WAL: " + e.getMessage(), e);
        } finally {
            db.release(b);
        }
    }

    @Override
    public void rollback() {
        AgentBatch b = batch;
        if (b == null) {
            return;
        }
        batch = null;
        try {
            int count = encodeSeries(b, 0);
            if (count > 0) {
                db.log(b.records, b.lengths, count);
            }
        } catch (IOException e) {
            LOG.atWarn().setMessage("Cannot log series records of a rolled back batch").addKeyValue("err", e.toString()).log();
        } finally {
            db.release(b);
        }
    }

    private static int encodeSeries(AgentBatch b, int count) {
        if (b.nNew == 0) {
            return count;
        }
        Records.startSeries(b.seriesRecord);
        for (int i = 0; i < b.nNew; i++) {
            Records.addSeries(b.seriesRecord, b.newSeries[i].ref, b.newSeries[i].labels);
        }
        b.records[count] = b.seriesRecord.array();
        b.lengths[count] = b.seriesRecord.length();
        return count + 1;
    }

    private AgentBatch open() {
        AgentBatch b = batch;
        if (b == null) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        return b;
    }
}
