package dev.ignis.tsdb.internal.index;

import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves label matchers to postings with Prometheus's semantics: a matcher that matches the
 * empty string also selects series lacking the label, so it is applied by subtracting the
 * series whose value does not match rather than by collecting the ones that do.
 *
 * <p>Each matcher yields a group of postings lists, one per matching label value (disjoint,
 * since a series has one value per name). The smallest positive group is merged first; every
 * other group is then intersected list by list with that (usually small) result, and negative
 * groups are subtracted list by list, so big lists are searched rather than merged.
 */
public final class PostingsForMatchers {

    private PostingsForMatchers() {
    }

    /** Sorted refs of the series matching every matcher. */
    public static long[] select(IndexReader ix, Matcher... ms) {
        List<List<long[]>> its = new ArrayList<>(ms.length);
        List<List<long[]>> nots = new ArrayList<>();
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
            its.add(List.of(ix.allPostings()));
        }
        its.sort((x, y) -> Long.compare(size(x), size(y)));
        long[] r = Postings.union(its.get(0));
        for (int g = 1; g < its.size() && r.length > 0; g++) {
            List<long[]> group = its.get(g);
            List<long[]> parts = new ArrayList<>(group.size());
            for (long[] l : group) {
                long[] part = Postings.intersect(r, l);
                if (part.length > 0) {
                    parts.add(part);
                }
            }
            r = Postings.union(parts);
        }
        for (List<long[]> group : nots) {
            for (long[] l : group) {
                if (r.length == 0) {
                    return r;
                }
                r = Postings.without(r, l);
            }
        }
        return r;
    }

    private static long size(List<long[]> group) {
        long n = 0;
        for (long[] l : group) {
            n += l.length;
        }
        return n;
    }

    private static List<long[]> matching(IndexReader ix, Matcher m) {
        List<String> set = m.setMatches();
        List<long[]> lists = new ArrayList<>();
        if (set != null) {
            for (String v : set) {
                if (!v.isEmpty()) {
                    add(lists, ix.postings(m.name(), v));
                }
            }
        } else {
            for (String v : ix.labelValues(m.name())) {
                if (m.matches(v)) {
                    add(lists, ix.postings(m.name(), v));
                }
            }
        }
        return lists;
    }

    private static List<long[]> notMatching(IndexReader ix, Matcher m) {
        List<long[]> lists = new ArrayList<>();
        for (String v : ix.labelValues(m.name())) {
            if (!m.matches(v)) {
                add(lists, ix.postings(m.name(), v));
            }
        }
        return lists;
    }

    private static void add(List<long[]> lists, long[] l) {
        if (l.length > 0) {
            lists.add(l);
        }
    }
}
