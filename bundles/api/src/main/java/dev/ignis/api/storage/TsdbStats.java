package dev.ignis.api.storage;

import java.util.List;

/** Head statistics as /api/v1/status/tsdb reports them; each list holds the top entries. */
public record TsdbStats(
        long numSeries,
        long numLabelPairs,
        long chunkCount,
        long minTime,
        long maxTime,
        List<Stat> seriesCountByMetricName,
        List<Stat> labelValueCountByLabelName,
        List<Stat> memoryInBytesByLabelName,
        List<Stat> seriesCountByLabelValuePair) {

    /** One name/count pair. */
    public record Stat(String name, long value) {
    }

    public TsdbStats {
        seriesCountByMetricName = List.copyOf(seriesCountByMetricName);
        labelValueCountByLabelName = List.copyOf(labelValueCountByLabelName);
        memoryInBytesByLabelName = List.copyOf(memoryInBytesByLabelName);
        seriesCountByLabelValuePair = List.copyOf(seriesCountByLabelValuePair);
    }
}
