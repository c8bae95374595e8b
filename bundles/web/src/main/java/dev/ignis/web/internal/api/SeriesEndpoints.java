package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.labels.GoStrings;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.Storage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.Form;
import dev.ignis.web.internal.http.RouterServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code /series}, {@code /labels} and {@code /label/:name/values}: series and label metadata
 * over a time range, optionally restricted by {@code match[]} selectors. Checks and messages
 * in Prometheus 2.42's order: form, {@code start}, {@code end}, then the selectors.
 */
public final class SeriesEndpoints {

    private final ServerState state;

    public SeriesEndpoints(ServerState state) {
        this.state = state;
    }

    /** The label sets of every series any selector matches, deduplicated and sorted. */
    public ApiResult series(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.form(req);
        ApiParams.requireParsed(form);
        List<String> selectors = form.values("match[]");
        if (selectors.isEmpty()) {
            throw new ApiException(ErrorType.BAD_DATA, "no match[] parameter provided");
        }
        long start = ApiParams.time(form, "start", ApiParams.MIN_TIME);
        long end = ApiParams.time(form, "end", ApiParams.MAX_TIME);
        List<List<LabelMatcher>> sets;
        try {
            sets = ApiParams.parseSelectors(state.selectorParser(), selectors);
        } catch (QueryException e) {
            throw ApiParams.invalidParam("match[]", e.getMessage());
        }
        String empty = ApiParams.checkNonEmpty(sets);
        if (empty != null) {
            throw ApiParams.invalidParam("match[]", empty);
        }
        TreeSet<Labels> found = new TreeSet<>();
        try (Querier q = storage().querier(start, end)) {
            for (List<LabelMatcher> set : sets) {
                SeriesSet ss = q.select(set.toArray(new LabelMatcher[0]));
                while (ss.next()) {
                    found.add(ss.labels());
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ApiException(ErrorType.EXECUTION, e.getMessage());
        }
        return ApiResult.of(g -> {
            g.writeStartArray();
            for (Labels l : found) {
                writeLabels(g, l);
            }
            g.writeEndArray();
        });
    }

    /** Sorted label names of all series, or of the series the selectors match. */
    public ApiResult labelNames(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.form(req);
        long start = ApiParams.time(form, "start", ApiParams.MIN_TIME);
        long end = ApiParams.time(form, "end", ApiParams.MAX_TIME);
        List<List<LabelMatcher>> sets = selectorsWithoutPrefix(form);
        TreeSet<String> names = new TreeSet<>(GoStrings.ORDER);
        try (Querier q = storage().querier(start, end)) {
            if (sets.isEmpty()) {
                names.addAll(q.labelNames());
            } else {
                for (List<LabelMatcher> set : sets) {
                    names.addAll(q.labelNames(set.toArray(new LabelMatcher[0])));
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ApiException(ErrorType.EXECUTION, e.getMessage());
        }
        return strings(names);
    }

    /** Sorted values of the label in the path, over all series or those the selectors match. */
    public ApiResult labelValues(HttpServletRequest req) throws ApiException {
        String name = RouterServlet.param(req, "name");
        if (name == null || !ApiParams.isLabelName(name)) {
            throw new ApiException(ErrorType.BAD_DATA, "invalid label name: " + GoQuote.quote(name == null ? "" : name));
        }
        Form form = ApiParams.form(req);
        long start = ApiParams.time(form, "start", ApiParams.MIN_TIME);
        long end = ApiParams.time(form, "end", ApiParams.MAX_TIME);
        List<List<LabelMatcher>> sets = selectorsWithoutPrefix(form);
        TreeSet<String> values = new TreeSet<>(GoStrings.ORDER);
        try (Querier q = storage().querier(start, end)) {
            if (sets.isEmpty()) {
                values.addAll(q.labelValues(name));
            } else {
                for (List<LabelMatcher> set : sets) {
                    values.addAll(q.labelValues(name, set.toArray(new LabelMatcher[0])));
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ApiException(ErrorType.EXECUTION, e.getMessage());
        }
        return strings(values);
    }

    /** {@code DELETE /series}: Prometheus 2.42 never implemented it. */
    public ApiResult dropSeries(HttpServletRequest req) throws ApiException {
        throw new ApiException(ErrorType.INTERNAL, "not implemented");
    }

    /** The label endpoints report selector errors as bad_data without the parameter prefix. */
    private List<List<LabelMatcher>> selectorsWithoutPrefix(Form form) throws ApiException {
        List<String> selectors = form.values("match[]");
        if (selectors.isEmpty()) {
            return List.of();
        }
        List<List<LabelMatcher>> sets;
        try {
            sets = ApiParams.parseSelectors(state.selectorParser(), selectors);
        } catch (QueryException e) {
            throw new ApiException(ErrorType.BAD_DATA, e.getMessage());
        }
        String empty = ApiParams.checkNonEmpty(sets);
        if (empty != null) {
            throw new ApiException(ErrorType.BAD_DATA, empty);
        }
        return sets;
    }

    private Storage storage() throws ApiException {
        Storage s = state.storage();
        if (s == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "storage not available");
        }
        return s;
    }

    private static ApiResult strings(TreeSet<String> sorted) {
        List<String> list = new ArrayList<>(sorted);
        return ApiResult.of(g -> {
            g.writeStartArray();
            for (int i = 0; i < list.size(); i++) {
                g.writeString(list.get(i));
            }
            g.writeEndArray();
        });
    }

    /** A label set as a JSON object in label order (Go sorts map keys the same way). */
    static void writeLabels(JsonGenerator g, Labels l) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < l.size(); i++) {
            g.writeStringField(l.name(i), l.value(i));
        }
        g.writeEndObject();
    }
}
