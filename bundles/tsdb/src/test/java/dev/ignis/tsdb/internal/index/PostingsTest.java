package dev.ignis.tsdb.internal.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostingsTest {

    @ParameterizedTest(name = "sizes {0} and {1}")
    @CsvSource({"0, 10", "1, 1", "10, 10", "10, 1000", "1000, 10", "5000, 5000", "3, 100000"})
    void setOperationsAgreeWithTreeSet(int na, int nb) {
        Random r = new Random(na * 31L + nb);
        long[] a = sorted(r, na, 3 * Math.max(na, nb) + 10);
        long[] b = sorted(r, nb, 3 * Math.max(na, nb) + 10);
        TreeSet<Long> sa = set(a);
        TreeSet<Long> sb = set(b);

        TreeSet<Long> both = new TreeSet<>(sa);
        both.retainAll(sb);
        assertArrayEquals(array(both), Postings.intersect(a, b));
        assertArrayEquals(array(both), Postings.intersect(List.of(a, b)));

        TreeSet<Long> any = new TreeSet<>(sa);
        any.addAll(sb);
        assertArrayEquals(array(any), Postings.union(List.of(a, b)));
        assertArrayEquals(array(any), Postings.union(List.of(b, a, a)));

        TreeSet<Long> diff = new TreeSet<>(sa);
        diff.removeAll(sb);
        assertArrayEquals(array(diff), Postings.without(a, b));
    }

    @ParameterizedTest(name = "{0} lists")
    @CsvSource({"1", "2", "3", "7", "64"})
    void unionsManyDisjointLists(int k) {
        Random r = new Random(k);
        List<long[]> lists = new ArrayList<>();
        TreeSet<Long> all = new TreeSet<>();
        for (int i = 0; i < k; i++) {
            long[] l = sorted(r, 200, 100_000);
            lists.add(l);
            all.addAll(set(l));
        }
        assertArrayEquals(array(all), Postings.union(lists));
    }

    static long[] sorted(Random r, int n, int bound) {
        TreeSet<Long> s = new TreeSet<>();
        while (s.size() < n) {
            s.add((long) r.nextInt(bound));
        }
        return array(s);
    }

    static TreeSet<Long> set(long[] a) {
        TreeSet<Long> s = new TreeSet<>();
        for (long x : a) {
            s.add(x);
        }
        return s;
    }

    static long[] array(TreeSet<Long> s) {
        return s.stream().mapToLong(Long::longValue).toArray();
    }
}
