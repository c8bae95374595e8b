package dev.ignis.tsdb.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrimitiveMapsTest {

    @ParameterizedTest(name = "keys below {0}, seed {1}")
    @CsvSource({"16, 1", "1000, 2", "100000, 3", "9223372036854775807, 4"})
    void longObjectMapAgreesWithHashMap(long bound, long seed) {
        Random r = new Random(seed);
        LongObjectMap<Long> m = new LongObjectMap<>();
        Map<Long, Long> ref = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            long k = Math.floorMod(r.nextLong(), bound);
            switch (r.nextInt(3)) {
                case 0 -> assertEquals(ref.put(k, (long) i), m.put(k, (long) i));
                case 1 -> assertEquals(ref.remove(k), m.remove(k));
                default -> assertEquals(ref.get(k), m.get(k));
            }
            assertEquals(ref.size(), m.size());
        }
        for (Map.Entry<Long, Long> e : ref.entrySet()) {
            assertEquals(e.getValue(), m.get(e.getKey()));
        }
    }

    @ParameterizedTest(name = "keys below {0}, seed {1}")
    @CsvSource({"16, 1", "100000, 2"})
    void longIntMapAgreesWithHashMapAcrossClears(long bound, long seed) {
        Random r = new Random(seed);
        LongIntMap m = new LongIntMap(4);
        for (int round = 0; round < 20; round++) {
            Map<Long, Integer> ref = new HashMap<>();
            for (int i = 0; i < 2_000; i++) {
                long k = Math.floorMod(r.nextLong(), bound);
                if (r.nextBoolean()) {
                    ref.put(k, i);
                    m.put(k, i);
                } else {
                    assertEquals(ref.getOrDefault(k, LongIntMap.MISSING), m.get(k));
                }
            }
            assertEquals(ref.size(), m.size());
            m.clear();
            assertEquals(LongIntMap.MISSING, m.get(ref.keySet().iterator().next()));
        }
    }
}
