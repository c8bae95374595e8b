package dev.ignis.tsdb.internal.query;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;

/** No series. */
public enum EmptySeriesSet implements SeriesSet {
    INSTANCE;

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public Labels labels() {
        throw new IllegalStateException("no current series");
    }

    @Override
    public SampleIterator iterator() {
        throw new IllegalStateException("no current series");
    }
}
