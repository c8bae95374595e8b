package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads a block written by the real {@code promtool tsdb create-blocks-from openmetrics}. */
class PromtoolBlockTest {

    static final String ULID = "01M8E49EKG48WQCNJ4T4PA4JMM";

    @TempDir
    Path dir;
    Path block;

    @BeforeEach
    void copyFixture() throws IOException {
        block = Files.createDirectories(dir.resolve(ULID).resolve("chunks")).getParent();
        for (String f : List.of("index", "meta.json", "tombstones", "chunks/000001")) {
            try (InputStream in = PromtoolBlockTest.class.getResourceAsStream("/prometheus-2.42/block/" + ULID + "/" + f)) {
                Files.copy(in, block.resolve(f));
            }
        }
    }

    @Test
    void readsMeta() throws IOException {
        BlockMeta m = BlockMeta.read(block);
        assertEquals(new BlockMeta(ULID, 1700000000000L, 1700004485002L, 1050, 4, 10, 1, 1), m);
    }

    @Test
    void readsEverySampleThatPromtoolDumps() throws IOException {
        Map<String, List<String>> expected = new TreeMap<>();
        try (InputStream in = PromtoolBlockTest.class.getResourceAsStream("/prometheus-2.42/block/promtool-dump.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int sp2 = line.lastIndexOf(' ');
                int sp1 = line.lastIndexOf(' ', sp2 - 1);
                expected.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>())
                        .add(line.substring(sp2 + 1) + "=" + Double.parseDouble(line.substring(sp1 + 1, sp2)));
            }
        }
        Map<String, List<String>> got = new TreeMap<>();
        BlockIndex ix = BlockIndex.open(block.resolve("index"));
        int chunks = 0;
        try (BlockChunks cr = BlockChunks.open(block.resolve("chunks"))) {
            XorIterator it = new XorIterator();
            for (long ref : ix.allPostings()) {
                BlockIndex.Series s = ix.series(ref);
                List<String> samples = new ArrayList<>();
                for (int i = 0; i < s.chunkRefs().length; i++) {
                    BlockChunks.Chunk c = cr.chunk(s.chunkRefs()[i]);
                    assertEquals(XorChunk.ENCODING, c.encoding());
                    it.reset(c.data());
                    long first = Long.MIN_VALUE;
                    long last = Long.MIN_VALUE;
                    while (it.next()) {
                        first = first == Long.MIN_VALUE ? it.t() : first;
                        last = it.t();
                        samples.add(it.t() + "=" + it.v());
                    }
                    assertEquals(s.minT()[i], first, "chunk meta mint");
                    assertEquals(s.maxT()[i], last, "chunk meta maxt");
                    chunks++;
                }
                got.put(s.labels().toString(), samples);
            }
        }
        assertEquals(expected, got);
        assertEquals(10, chunks);
    }

    static Stream<Arguments> selections() {
        return Stream.of(
                Arguments.of(List.of(LabelMatcher.equal("__name__", "req_total")), 3),
                Arguments.of(List.of(LabelMatcher.equal("job", "api"), new LabelMatcher(LabelMatcher.Type.NOT_EQUAL, "code", "500")), 1),
                Arguments.of(List.of(LabelMatcher.equal("path", "")), 3),
                Arguments.of(List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", "temp|req_total")), 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void selectsWithTheSameMatchersAsTheHead(List<LabelMatcher> ms, int expected) throws IOException {
        BlockIndex ix = BlockIndex.open(block.resolve("index"));
        long[] refs = PostingsForMatchers.select(ix, Matcher.compile(ms.toArray(new LabelMatcher[0])));
        assertEquals(expected, refs.length);
        for (long ref : refs) {
            Labels l = ix.series(ref).labels();
            for (LabelMatcher m : ms) {
                assertTrue(Matcher.compile(m).matches(l.get(m.name())), l + " vs " + m);
            }
        }
    }

    @Test
    void rejectsCorruptIndexAndChunks() throws IOException {
        byte[] index = Files.readAllBytes(block.resolve("index"));
        index[20] ^= 1; // inside the symbol table
        Files.write(block.resolve("index"), index);
        assertThrows(IOException.class, () -> BlockIndex.open(block.resolve("index")));

        byte[] seg = Files.readAllBytes(block.resolve("chunks/000001"));
        seg[40] ^= 1;
        Files.write(block.resolve("chunks/000001"), seg, StandardOpenOption.TRUNCATE_EXISTING);
        try (BlockChunks cr = BlockChunks.open(block.resolve("chunks"))) {
            assertThrows(IOException.class, () -> cr.chunk(8));
        }
    }
}
