package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BodyBuffersTest {

    @ParameterizedTest(name = "{0} bytes -> class {1}")
    @CsvSource({"0,0", "1,0", "16384,0", "16385,1", "32768,1", "32769,2", "65536,2", "1048576,6", "1048577,7"})
    void classIsTheSmallestThatHolds(int n, int want) {
        assertEquals(want, BodyBuffers.classFor(n));
        assertTrue(new BodyBuffers().take(n).length >= Math.max(n, 16384));
    }

    @Test
    void aGivenBufferServesTheNextTakeOfItsClassOnly() {
        BodyBuffers p = new BodyBuffers();
        byte[] a = p.take(40_000); // class 2: 64 KiB
        assertEquals(65536, a.length);
        p.give(a);
        assertEquals(1, p.held());
        assertNotSame(a, p.take(70_000), "too small for a larger class");
        assertSame(a, p.take(50_000));
        assertEquals(0, p.held());
    }

    @Test
    void aGrownBufferGoesToTheLargestClassItFills() {
        BodyBuffers p = new BodyBuffers();
        byte[] grown = new byte[100_000]; // fills 64 KiB, not 128 KiB
        p.give(grown);
        assertNotSame(grown, p.take(100_000));
        p.give(grown);
        assertSame(grown, p.take(65_536));
    }

    @Test
    void keepsAtMostKeepPerClassAndNothingSmallOrHuge() {
        BodyBuffers p = new BodyBuffers();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < BodyBuffers.KEEP + 5; i++) {
            out.add(p.take(1));
        }
        out.forEach(p::give);
        assertEquals(BodyBuffers.KEEP, p.held());
        p.give(new byte[100]);
        p.give(null);
        assertEquals(BodyBuffers.KEEP, p.held());
    }
}
