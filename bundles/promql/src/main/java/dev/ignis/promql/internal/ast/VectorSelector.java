package dev.ignis.promql.internal.ast;

import dev.ignis.api.config.GoQuote;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An instant vector selector.
 *
 * @param name the metric name written before the braces, or {@code ""}
 * @param matchers all matchers, including a trailing {@code __name__="name"} when a name is
 *     written before the braces (so evaluation needs only this list)
 * @param offsetMs the {@code offset} as written (negative for {@code offset -5m}), 0 if none
 * @param at the {@code @} modifier, or {@code null}
 */
public record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs,
        AtModifier at, PosRange pos) implements Expr {

    public VectorSelector {
        Objects.requireNonNull(name, "name");
        matchers = List.copyOf(matchers);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    public VectorSelector withOffset(long newOffsetMs, PosRange newPos) {
        return new VectorSelector(name, matchers, newOffsetMs, at, newPos);
    }

    public VectorSelector withAt(AtModifier newAt, PosRange newPos) {
        return new VectorSelector(name, matchers, offsetMs, newAt, newPos);
    }

    /** The selector without its modifiers: name and matchers only. */
    String selectorText() {
        List<String> parts = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME) && m.type() == LabelMatcher.Type.EQUAL
                    && m.value().equals(name)) {
                continue;
            }
            parts.add(m.name() + m.type().op() + GoQuote.quote(m.value()));
        }
        if (parts.isEmpty()) {
            return name;
        }
        Collections.sort(parts);
        return name + "{" + String.join(",", parts) + "}";
    }

    @Override
    public String toString() {
        return selectorText() + Printing.modifiers(at, offsetMs);
    }
}
