package dev.ignis.scrape.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.ParseException;
import dev.ignis.scrape.internal.parse.TextParser;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScrapeCacheTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int lookup(ScrapeCache c, String key) {
        byte[] k = b(key);
        return c.lookup(k, 0, k.length);
    }

    private static int add(ScrapeCache c, String key, long ref) {
        byte[] k = b(key);
        return c.add(k, 0, k.length, ref, Labels.of("__name__", key.replaceAll("\\{.*", "")));
    }

    @Test
    void missThenAddThenHit() {
        ScrapeCache c = new ScrapeCache();
        assertEquals(ScrapeCache.MISS, lookup(c, "foo{a=\"1\"}"));
        int slot = add(c, "foo{a=\"1\"}", 42);
        assertEquals(slot, lookup(c, "foo{a=\"1\"}"));
        assertEquals(42, c.ref(slot));
        assertEquals("foo", c.labels(slot).get("__name__"));
        c.setRef(slot, 43);
        assertEquals(43, c.ref(lookup(c, "foo{a=\"1\"}")));
    }

    @Test
    void keysAreComparedByBytesInsideLargerBuffers() {
        ScrapeCache c = new ScrapeCache();
        byte[] body = b("xxfoo{a=\"1\"} 1\n");
        int slot = c.add(body, 2, 10, 7, Labels.of("__name__", "foo", "a", "1"));
        byte[] other = b("foo{a=\"1\"}");
        assertEquals(slot, c.lookup(other, 0, other.length));
        body[3] = 'g'; // the cache holds its own copy
        assertEquals(slot, c.lookup(other, 0, other.length));
    }

    static Stream<Arguments> distinctKeys() {
        return Stream.of(
                Arguments.of("foo", "foo{}"),
                Arguments.of("foo{a=\"1\"}", "foo{a=\"2\"}"),
                Arguments.of("abcdefgh", "abcdefgi"),
                Arguments.of("abcdefghijklmnop", "abcdefghijklmnoq"),
                Arguments.of("foo", "fo"),
                Arguments.of("a", "b"));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("distinctKeys")
    void distinguishesKeysThatDifferInOneByte(String k1, String k2) {
        ScrapeCache c = new ScrapeCache();
        int s1 = add(c, k1, 1);
        assertEquals(ScrapeCache.MISS, lookup(c, k2));
        int s2 = add(c, k2, 2);
        assertNotEquals(s1, s2);
        assertEquals(1, c.ref(lookup(c, k1)));
        assertEquals(2, c.ref(lookup(c, k2)));
    }

    @Test
    void growsAndFindsEveryEntry() {
        ScrapeCache c = new ScrapeCache();
        for (int i = 0; i < 20_000; i++) {
            add(c, "series{i=\"" + i + "\"}", i + 1);
        }
        assertEquals(20_000, c.size());
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i + 1, c.ref(lookup(c, "series{i=\"" + i + "\"}")));
        }
    }

    @Test
    void successfulScrapeFlushesEntriesItDidNotSee() {
        ScrapeCache c = new ScrapeCache();
        add(c, "a", 1);
        add(c, "b", 2);
        c.iterDone(true);
        lookup(c, "a");
        c.iterDone(true);
        assertEquals(1, c.size());
        assertEquals(1, c.ref(lookup(c, "a")));
        assertEquals(ScrapeCache.MISS, lookup(c, "b"));
    }

    @Test
    void failedScrapeKeepsEntriesUntilTheCacheGrowsTooMuch() {
        ScrapeCache c = new ScrapeCache();
        add(c, "a", 1);
        c.iterDone(true); // last good size: 1
        c.iterDone(false);
        assertEquals(1, c.size(), "a failed scrape keeps unseen entries");
        for (int i = 0; i < 1002; i++) {
            add(c, "churn" + i, i + 10);
        }
        c.iterDone(false); // 1003 > 2 * 1 + 1000: flush what this scrape did not see
        assertEquals(1002, c.size());
        assertEquals(ScrapeCache.MISS, lookup(c, "a"));
    }

    @Test
    void remembersDroppedSeries() {
        ScrapeCache c = new ScrapeCache();
        byte[] k = b("go_gc_duration_seconds{quantile=\"0\"}");
        int slot = c.addDropped(k, 0, k.length);
        int hit = c.lookup(k, 0, k.length);
        assertEquals(slot, hit);
        assertTrue(c.isDropped(hit));
        assertNull(c.labels(hit));
        assertEquals(1, c.droppedCount());
        assertFalse(c.isDropped(add(c, "other", 1)));
    }

    /** One scrape: looks up or adds each key and tracks it; returns what went stale. */
    private static List<String> scrape(ScrapeCache c, String... keys) {
        for (String k : keys) {
            int slot = lookup(c, k);
            if (slot == ScrapeCache.MISS) {
                slot = add(c, k, 1);
            }
            c.trackStaleness(slot);
        }
        List<String> stale = new ArrayList<>();
        c.forEachStale(l -> stale.add(l.toString()));
        c.iterDone(true);
        return stale;
    }

    @Test
    void reportsLabelSetsThatVanishedSinceThePreviousScrape() {
        ScrapeCache c = new ScrapeCache();
        assertEquals(List.of(), scrape(c, "a", "b"));
        assertEquals(List.of("{__name__=\"b\"}"), scrape(c, "a"));
        assertEquals(List.of("{__name__=\"a\"}"), scrape(c), "a target that returns nothing makes everything stale");
        assertEquals(List.of(), scrape(c));
        assertEquals(List.of(), scrape(c, "b"), "a series that comes back is not stale");
    }

    @Test
    void labelSetsAreStaleOnceAndNotWhileAnotherKeyStillProducesThem() {
        // "a{x=\"1\"}" and "a{x=\"2\"}" both map to {__name__="a"} (as metric relabeling can):
        // staleness is per label set, as Prometheus keys it by the labels' hash.
        ScrapeCache c = new ScrapeCache();
        assertEquals(List.of(), scrape(c, "a{x=\"1\"}", "a{x=\"2\"}"));
        assertEquals(List.of(), scrape(c, "a{x=\"2\"}"));
        assertEquals(List.of(), scrape(c, "a{x=\"1\"}", "a{x=\"2\"}"));
        assertEquals(List.of("{__name__=\"a\"}"), scrape(c));
    }

    /**
     * Random scrapes over 400 names, some failing half way (tracked, then neither checked for
     * staleness nor ended, as a failed append leaves the cache), some adding enough names to
     * grow the table mid-scrape: what goes stale is always what the last completed scrape
     * tracked and no scrape since has, including when nothing does (the case forEachStale
     * answers from its counts without a scan).
     */
    @Test
    void staleSetsFollowCompletedScrapesThroughFailuresAndGrowth() {
        java.util.Random rnd = new java.util.Random(42);
        ScrapeCache c = new ScrapeCache();
        java.util.Set<String> prev = new java.util.TreeSet<>();
        java.util.Set<String> sinceDone = new java.util.TreeSet<>();
        int nothingStale = 0;
        for (int round = 0; round < 400; round++) {
            int kind = rnd.nextInt(10);
            int n = kind == 0 ? 0 : 1 + rnd.nextInt(kind == 1 ? 400 : 60);
            int base = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(340); // often the same names again
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("m" + ((base + i) % 400));
            }
            if (kind == 2 && n > 1) {
                names = names.subList(0, n / 2); // fails here
            }
            for (String k : names) {
                int slot = lookup(c, k);
                c.trackStaleness(slot == ScrapeCache.MISS ? add(c, k, 1) : slot);
                sinceDone.add(k);
            }
            if (kind == 2) {
                continue;
            }
            java.util.Set<String> want = new java.util.TreeSet<>();
            for (String k : prev) {
                if (!sinceDone.contains(k)) {
                    want.add("{__name__=\"" + k + "\"}");
                }
            }
            java.util.Set<String> got = new java.util.TreeSet<>();
            c.forEachStale(l -> assertTrue(got.add(l.toString()), "once each: " + l));
            assertEquals(want, got, "round " + round);
            nothingStale += want.isEmpty() ? 1 : 0;
            c.iterDone(true);
            prev = sinceDone;
            sinceDone = new java.util.TreeSet<>();
        }
        assertTrue(nothingStale > 20 && nothingStale < 300, "both outcomes exercised: " + nothingStale);
    }

    @Test
    void untrackedEntriesDoNotGoStale() {
        ScrapeCache c = new ScrapeCache();
        add(c, "a", 1); // e.g. a sample with its own timestamp
        c.iterDone(true);
        lookup(c, "a");
        List<Labels> stale = new ArrayList<>();
        c.forEachStale(stale::add);
        assertEquals(List.of(), stale);
    }

    static Stream<Arguments> keyLengths() {
        // Lengths whose varint prefix takes one, two and three bytes, at the edges.
        return Stream.of(Arguments.of(10), Arguments.of(127), Arguments.of(128), Arguments.of(300),
                Arguments.of(16_383), Arguments.of(16_384), Arguments.of(70_000));
    }

    /** Keys of every prefix length survive growth and flushes, and differ from their prefixes. */
    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("keyLengths")
    void keysOfAnyLength(int len) {
        ScrapeCache c = new ScrapeCache();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String k = "m" + i + "{v=\"";
            keys.add(k + "x".repeat(Math.max(0, len - k.length() - 2)) + "\"}");
        }
        scrape(c, keys.toArray(String[]::new)); // grows from 64 slots: rebuilds while adding
        scrape(c, keys.subList(0, 150).toArray(String[]::new)); // flush: packed again
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            int slot = lookup(c, k);
            if (i < 150) {
                assertNotEquals(ScrapeCache.MISS, slot, k.length() + " bytes, key " + i);
                assertEquals("m" + i, c.labels(slot).get("__name__"));
            } else {
                assertEquals(ScrapeCache.MISS, slot, "flushed key " + i);
            }
            assertEquals(ScrapeCache.MISS, lookup(c, k.substring(0, k.length() - 1)));
        }
    }

    @Test
    void flushPacksTheArenaAndTable() {
        ScrapeCache c = new ScrapeCache();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add("some_metric_name_total{instance=\"host-" + i + "\",job=\"j\"}");
        }
        // Each key in the arena: its length (one byte here), its bytes and its fields (20 bytes).
        int bytes = keys.stream().mapToInt(k -> 1 + b(k).length + 20).sum();
        scrape(c, keys.toArray(String[]::new));
        assertTrue(c.arenaCapacity() <= bytes + bytes / 8, c.arenaCapacity() + " bytes for " + bytes);
        // Two-thirds full after the flush, not the next power of two (2048).
        assertEquals(1501, c.capacity());
        // Most series go away: the next flush shrinks the table and the arena to what is left.
        scrape(c, keys.subList(0, 100).toArray(String[]::new));
        int left = keys.subList(0, 100).stream().mapToInt(k -> 1 + b(k).length + 20).sum();
        assertTrue(c.arenaCapacity() <= Math.max(4096, left + left / 8), c.arenaCapacity() + " bytes for " + left);
        assertEquals(151, c.capacity());
        for (String k : keys.subList(0, 100)) {
            assertNotEquals(ScrapeCache.MISS, lookup(c, k), k);
        }
    }

    @Test
    void steadyScrapeOfParsedBodyHitsWithoutAllocating() throws ParseException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("http_requests_total{code=\"").append(200 + i % 7).append("\",handler=\"/api/v1/h").append(i)
                    .append("\"} ").append(i).append('\n');
        }
        byte[] body = b(sb.toString());
        TextParser p = new TextParser();
        ScrapeCache c = new ScrapeCache();
        Labels.Builder lb = Labels.builder(4);
        // First scrape: every series misses and is added with its labels.
        p.reset(body, 0, body.length);
        long ref = 1;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            assertEquals(ScrapeCache.MISS, c.lookup(p.buffer(), p.seriesOffset(), p.seriesLength()));
            p.labels(lb);
            Labels l = lb.build();
            c.trackStaleness(c.add(p.buffer(), p.seriesOffset(), p.seriesLength(), ref++, l));
        }
        c.iterDone(true);
        for (int warm = 0; warm < 10; warm++) {
            assertEquals(3000, steadyScrape(p, body, c));
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        long sum = steadyScrape(p, body, c);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(3000, sum);
        assertTrue(allocated < 2048, "steady scrape of 3000 series allocated " + allocated + " bytes");
        assertEquals(3000, c.size());
    }

    /** Parse, look up, track staleness: what a scrape loop does for a known series. */
    private static long steadyScrape(TextParser p, byte[] body, ScrapeCache c) throws ParseException {
        p.reset(body, 0, body.length);
        long hits = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            int slot = c.lookup(p.buffer(), p.seriesOffset(), p.seriesLength());
            if (slot != ScrapeCache.MISS && c.ref(slot) > 0) {
                c.trackStaleness(slot);
                hits++;
            }
        }
        c.iterDone(true);
        return hits;
    }

    @Test
    void labelsOfAHitAreTheInstanceStored() {
        ScrapeCache c = new ScrapeCache();
        Labels l = Labels.of("__name__", "x");
        byte[] k = b("x");
        c.add(k, 0, 1, 5, l);
        assertSame(l, c.labels(c.lookup(k, 0, 1)));
    }

    /** How one scrape's key order derives from the previous one's. */
    private enum Change { SAME, SWAP_NEIGHBOURS, MOVE_BLOCK, ADD_NEW, REMOVE, DUPLICATE, SHUFFLE }

    static Stream<Arguments> orderChanges() {
        return Stream.of(
                Arguments.of(List.of(Change.SAME, Change.SAME, Change.SAME)),
                Arguments.of(List.of(Change.SWAP_NEIGHBOURS, Change.SAME, Change.SWAP_NEIGHBOURS)),
                Arguments.of(List.of(Change.MOVE_BLOCK, Change.SAME, Change.MOVE_BLOCK)),
                Arguments.of(List.of(Change.ADD_NEW, Change.SAME, Change.ADD_NEW, Change.ADD_NEW)),
                Arguments.of(List.of(Change.REMOVE, Change.SAME, Change.REMOVE)),
                Arguments.of(List.of(Change.DUPLICATE, Change.SAME, Change.DUPLICATE)),
                Arguments.of(List.of(Change.SHUFFLE, Change.SAME, Change.SHUFFLE)),
                Arguments.of(List.of(Change.ADD_NEW, Change.REMOVE, Change.SWAP_NEIGHBOURS,
                        Change.DUPLICATE, Change.MOVE_BLOCK, Change.ADD_NEW, Change.REMOVE, Change.SAME)));
    }

    /**
     * Scrapes whose series come in the previous scrape's order, changed as given (with failed
     * scrapes between, which flush nothing), checked lookup by lookup against a map: the cache
     * guesses each key's entry from the previous hit's, and a wrong guess must never be taken
     * for a hit. Keys have equal lengths and differ in one byte, at the start or the end.
     */
    @ParameterizedTest
    @MethodSource("orderChanges")
    void lookupsInChangingOrderAgreeWithAMap(List<Change> changes) {
        java.util.Random rnd = new java.util.Random(changes.hashCode());
        ScrapeCache c = new ScrapeCache();
        java.util.Map<String, Long> model = new java.util.HashMap<>();
        int[] nextKey = {0};
        java.util.function.Supplier<String> fresh = () -> {
            int n = nextKey[0]++;
            return (char) ('a' + n % 26) + "_metric{i=\"" + String.format("%05d", n / 26) + "\"}";
        };
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            order.add(fresh.get());
        }
        long nextRef = 1;
        for (int round = 0; round <= changes.size() * 2; round++) {
            if (round > 0) {
                Change ch = changes.get((round - 1) % changes.size());
                switch (ch) {
                    case SAME -> { }
                    case SWAP_NEIGHBOURS -> {
                        for (int n = 0; n < 20; n++) {
                            int i = rnd.nextInt(order.size() - 1);
                            java.util.Collections.swap(order, i, i + 1);
                        }
                    }
                    case MOVE_BLOCK -> {
                        int from = rnd.nextInt(order.size() / 2);
                        List<String> block = new ArrayList<>(order.subList(from, from + 40));
                        order.subList(from, from + 40).clear();
                        order.addAll(rnd.nextInt(order.size()), block);
                    }
                    case ADD_NEW -> {
                        for (int n = 0; n < 60; n++) {
                            order.add(rnd.nextInt(order.size() + 1), fresh.get());
                        }
                    }
                    case REMOVE -> {
                        for (int n = 0; n < 50; n++) {
                            order.remove(rnd.nextInt(order.size()));
                        }
                    }
                    case DUPLICATE -> {
                        for (int n = 0; n < 20; n++) {
                            int i = rnd.nextInt(order.size());
                            order.add(rnd.nextInt(order.size() + 1), order.get(i));
                        }
                    }
                    case SHUFFLE -> java.util.Collections.shuffle(order, rnd);
                }
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String k : order) {
                byte[] kb = b(k);
                // A buffer with other bytes around the key, as a parser hands it out.
                byte[] buf = new byte[kb.length + 7];
                System.arraycopy(kb, 0, buf, 3, kb.length);
                boolean viaFind = rnd.nextBoolean();
                int slot = viaFind ? c.find(buf, 3, kb.length) : c.lookup(buf, 3, kb.length);
                Long want = model.get(k);
                if (want == null) {
                    assertEquals(ScrapeCache.MISS, slot, "round " + round + ": " + k);
                    model.put(k, nextRef);
                    c.add(buf, 3, kb.length, nextRef++, Labels.of("__name__", k));
                } else {
                    assertNotEquals(ScrapeCache.MISS, slot, "round " + round + ": " + k);
                    assertEquals(want, c.ref(slot), "round " + round + ": " + k);
                    assertEquals(k, c.labels(slot).get("__name__"));
                    if (viaFind) {
                        c.seen(slot);
                    }
                }
                seen.add(k);
            }
            boolean success = round % 3 != 2;
            c.iterDone(success);
            if (success) {
                model.keySet().retainAll(seen);
            }
            assertEquals(model.size(), c.size(), "round " + round);
        }
    }
}
