package dev.ignis.tsdb.internal.index;

import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves label matchers to postings with Prometheus's semantics: a matcher that matches the
 * empty string also selects series lacking the label, so it is applied by subtracting the
 * series whose value does not match rather than by collecting the ones that do.
 */
public final class PostingsForMatchers {

    private PostingsForMatchers() {
    }

    /** Sorted refs of the series matching every matcher. */
    public static long[] select(IndexReader ix, Matcher... ms) {
        List<long[]> its = new ArrayList<>(ms.length);
        List<long[]> nots = new ArrayList<>();
        for (Matcher m : ms) {
            boolean matchesEmpty = m.matches("");
            boolean negative = m.type() == LabelMatcher.Type.NOT_EQUAL || m.type() == LabelMatcher.Type.NOT_REGEX;
            if (negative && matchesEmpty) {
                // l!="x", l!~"x|y": drop series whose value matches the positive form.
                nots.add(matching(ix, m.inverse()));
            } else if (negative) {
                // l!="", l!~"|x": series that have the label with a value the positive form rejects.
                its.add(notMatching(ix, m.inverse()));
            } else if (matchesEmpty) {
                // l="", l=~"x|": everything except series with a value that does not match.
                nots.add(notMatching(ix, m));
            } else {
                its.add(matching(ix, m));
            }
        }
        if (its.isEmpty()) {
            its.add(ix.allPostings());
        }
        long[] r = Postings.intersect(its);
        for (long[] n : nots) {
            if (r.length == 0) {
                break;
            }
            r = Postings.without(r, n);
        }
        return r;
    }

    private static long[] matching(IndexReader ix, Matcher m) {
        List<String> set = m.setMatches();
        List<long[]> lists = new ArrayList<>();
        if (set != null) {
            for (String v : set) {
                if (!v.isEmpty()) {
                    lists.add(ix.postings(m.name(), v));
                }
            }
        } else {
            for (String v : ix.labelValues(m.name())) {
                if (m.matches(v)) {
                    lists.add(ix.postings(m.name(), v));
                }
            }
        }
        return Postings.union(lists);
    }

    private static long[] notMatching(IndexReader ix, Matcher m) {
        List<long[]> lists = new ArrayList<>();
        for (String v : ix.labelValues(m.name())) {
            if (!m.matches(v)) {
                lists.add(ix.postings(m.name(), v));
            }
        }
        return Postings.union(lists);
    }
}
