package dev.ignis.remote.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.remote.internal.proto.Exemplar;
import dev.ignis.remote.internal.proto.Label;
import dev.ignis.remote.internal.proto.Sample;
import dev.ignis.remote.internal.proto.TimeSeries;
import dev.ignis.remote.internal.proto.WriteRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one remote write 1.0 body (snappy block of a protobuf {@code WriteRequest}) and
 * appends all its float samples in one batch, answering as Prometheus 2.42's write handler:
 * 204 when committed; 400 when the body does not decode or a sample is out of order, out of
 * bounds or a duplicate (so that the sender drops rather than retries the batch); 500 for any
 * other storage error, including the storage's own rejection of an empty or duplicated label
 * set, and a native histogram (as 2.42 without --enable-feature=native-histograms). On any
 * error nothing of the request is kept. Exemplar failures are ignored; metadata is skipped.
 * Label names are not validated, as 2.42 does not.
 *
 * <p>Not thread-safe: one instance per request thread (it reuses its label builders).
 */
public final class WriteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WriteHandler.class);

    /** The outcome of one request: HTTP status and, unless 204, the error text. */
    public record Result(int status, String error) {
        static final Result OK = new Result(204, null);
    }

    /** TimeSeries.histograms, left out of the .proto: a histogram arrives as this unknown field. */
    private static final int HISTOGRAMS_FIELD = 4;

    private final Labels.Builder series = Labels.builder(16);
    private final Labels.Builder exemplar = Labels.builder(4);
    /** The first duplicated name of the last {@link #labels} call that returned null. */
    private String duplicateName;

    /** Handles the body {@code body[0, len)}, appending to {@code storage}. */
    public Result handle(byte[] body, int len, Appendable storage) {
        WriteRequest req;
        String error;
        try {
            byte[] raw = SnappyBlock.decode(body, len);
            error = WireCheck.check(raw);
            req = error == null ? WriteRequest.parseFrom(raw) : null;
        } catch (SnappyBlock.CorruptException | InvalidProtocolBufferException e) {
            error = e.getMessage();
            req = null;
        }
        if (req == null) {
            LOG.atError().addKeyValue("err", error).log("Error decoding remote write request");
            return new Result(400, error);
        }
        Appender app = storage.appender();
        try {
            append(app, req);
        } catch (StorageException e) {
            app.rollback();
            return failed(e);
        } catch (RuntimeException e) {
            app.rollback();
            LOG.atError().addKeyValue("err", e.toString()).log("Error appending remote write");
            return new Result(500, String.valueOf(e.getMessage()));
        }
        try {
            app.commit();
        } catch (StorageException e) {
            return failed(e);
        }
        return Result.OK;
    }

    private void append(Appender app, WriteRequest req) throws StorageException {
        int n = req.getTimeseriesCount();
        for (int i = 0; i < n; i++) {
            TimeSeries ts = req.getTimeseries(i);
            int samples = ts.getSamplesCount();
            int exemplars = ts.getExemplarsCount();
            boolean histograms = !ts.getUnknownFields().getField(HISTOGRAMS_FIELD).getLengthDelimitedList().isEmpty();
            if (samples == 0 && exemplars == 0 && !histograms) {
                continue;
            }
            Labels ls = labels(ts.getLabelsList(), series);
            if (ls == null || ls.isEmpty()) {
                if (samples > 0) {
                    // 2.42's head refuses these series when it would create them; its words.
                    throw new StorageException(StorageException.Kind.INTERNAL,
                            ls == null ? "label name \"" + duplicateName + "\" is not unique: invalid sample"
                                    : "empty labelset: invalid sample", null);
                }
                if (histograms) {
                    throw histogramsDisabled();
                }
                continue; // only exemplars, whose failures do not count
            }
            long ref = 0;
            for (int j = 0; j < samples; j++) {
                Sample s = ts.getSamples(j);
                try {
                    ref = app.append(ref, ls, s.getTimestamp(), s.getValue());
                } catch (StorageException e) {
                    if (isBadRequest(e)) {
                        LOG.atError().addKeyValue("err", e.getMessage()).addKeyValue("series", ls)
                                .addKeyValue("timestamp", s.getTimestamp()).log("Out of order sample from remote write");
                    }
                    throw e;
                }
            }
            for (int j = 0; j < exemplars; j++) {
                Exemplar e = ts.getExemplars(j);
                Labels el = labels(e.getLabelsList(), exemplar);
                if (el == null) {
                    continue;
                }
                try {
                    // As 2.42's exemplarProtoToExemplar: a zero timestamp means none of its own.
                    ref = app.appendExemplar(ref, ls, el, e.getTimestamp(), e.getTimestamp() != 0, e.getValue());
                } catch (StorageException ex) {
                    // Exemplar storage is best effort in 2.42: a rejected exemplar fails nothing.
                    LOG.atDebug().addKeyValue("err", ex.getMessage()).addKeyValue("series", ls)
                            .log("Error while adding exemplar in AddExemplar");
                }
            }
            if (histograms) {
                throw histogramsDisabled();
            }
        }
    }

    /** Builds a label set, or {@code null} when a name occurs twice (see {@link #duplicateName}). */
    private Labels labels(List<Label> protos, Labels.Builder b) {
        b.reset();
        int n = protos.size();
        for (int i = 0; i < n; i++) {
            Label l = protos.get(i);
            b.add(l.getName(), l.getValue());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            duplicateName = duplicated(protos);
            return null;
        }
    }

    /** The smallest name that occurs twice among non-empty values (the first one in sort order). */
    private static String duplicated(List<Label> protos) {
        String found = null;
        for (int i = 0; i < protos.size(); i++) {
            Label a = protos.get(i);
            if (a.getValue().isEmpty()) {
                continue;
            }
            for (int j = i + 1; j < protos.size(); j++) {
                Label b = protos.get(j);
                if (!b.getValue().isEmpty() && a.getName().equals(b.getName())
                        && (found == null || a.getName().compareTo(found) < 0)) {
                    found = a.getName();
                }
            }
        }
        return found;
    }

    /** Ignis stores float samples only: 2.42's answer to a histogram with native histograms off. */
    private static StorageException histogramsDisabled() {
        return new StorageException(StorageException.Kind.INTERNAL, "native histograms are disabled", null);
    }

    private static boolean isBadRequest(StorageException e) {
        return switch (e.kind()) {
            case OUT_OF_ORDER, OUT_OF_BOUNDS, DUPLICATE_SAMPLE -> true;
            default -> false; // TOO_OLD included: 2.42 answers it with 500
        };
    }

    private static Result failed(StorageException e) {
        if (isBadRequest(e)) {
            return new Result(400, e.getMessage());
        }
        LOG.atError().addKeyValue("err", e.getMessage()).log("Error appending remote write");
        return new Result(500, e.getMessage());
    }
}
