package dev.ignis.remote.internal;

import static dev.ignis.remote.internal.Requests.body;
import static dev.ignis.remote.internal.Requests.exemplar;
import static dev.ignis.remote.internal.Requests.sample;
import static dev.ignis.remote.internal.Requests.series;
import static dev.ignis.remote.internal.Requests.snappy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.StorageException;
import dev.ignis.remote.internal.proto.TimeSeries;
import dev.ignis.remote.internal.proto.WriteRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Statuses and bodies of {@code POST /api/v1/write} as Prometheus 2.42 answers them (each case
 * was sent to a real 2.42 with --web.enable-remote-write-receiver), over HTTP to the servlet on
 * an embedded Jetty with an in-memory storage that rejects as 2.42's head does.
 */
class RemoteWriteServletTest {

    record Case(String name, Consumer<FakeAppendable> setup, byte[] body, int status, String response,
            List<String> stored) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Consumer<FakeAppendable> NONE = s -> { };

    /** m1{job="a"} has a committed sample 1 at t=1000. */
    private static final Consumer<FakeAppendable> M1_AT_1000 = s -> {
        try {
            var app = s.appender();
            app.append(0, Labels.of("__name__", "m1", "job", "a"), 1000, 1);
            app.commit();
        } catch (StorageException e) {
            throw new AssertionError(e);
        }
        s.samples.clear(); // only what the request adds is compared; the fake still knows t=1000
        s.samples.add(new FakeAppendable.Sample(Labels.of("__name__", "m1", "job", "a"), 1000, 1));
    };

    static Stream<Case> cases() {
        return Stream.of(
                new Case("two series with samples are committed together", NONE,
                        body(series("__name__", "m1", "job", "a").addSamples(sample(1000, 1)).addSamples(sample(2000, 2)),
                                series("job", "b", "__name__", "m2").addSamples(sample(1500, 0.5))),
                        204, "", List.of("{__name__=\"m1\", job=\"a\"} 1000 1.0", "{__name__=\"m1\", job=\"a\"} 2000 2.0",
                                "{__name__=\"m2\", job=\"b\"} 1500 0.5")),
                new Case("empty request", NONE, snappy(new byte[0]), 204, "", List.of()),
                new Case("empty body is corrupt snappy", NONE, new byte[0], 400, "snappy: corrupt input\n", List.of()),
                new Case("truncated snappy", NONE, truncate(body(series("__name__", "m1").addSamples(sample(1, 1))), 3),
                        400, "snappy: corrupt input\n", List.of()),
                new Case("snappy declaring more bytes than it holds", NONE, new byte[] {100, 0, 'a'},
                        400, "snappy: corrupt input\n", List.of()),
                new Case("snappy length prefix never ends", NONE, new byte[] {(byte) 0xff, (byte) 0xff},
                        400, "snappy: corrupt input\n", List.of()),
                new Case("protobuf with a truncated length", NONE, snappy(new byte[] {0x0a, (byte) 0xff, (byte) 0xff}),
                        400, "unexpected EOF\n", List.of()),
                new Case("protobuf with a length beyond the end", NONE, snappy(new byte[] {0x0a, 5, 0x0a, 3, 0x0a}),
                        400, "unexpected EOF\n", List.of()),
                new Case("protobuf with tag zero", NONE, snappy(new byte[] {0, 1}),
                        400, "proto: WriteRequest: illegal tag 0 (wire type 0)\n", List.of()),
                new Case("protobuf varint of more than 64 bits", NONE,
                        snappy(new byte[] {0x0a, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}),
                        400, "proto: integer overflow\n", List.of()),
                new Case("protobuf negative length", NONE, snappy(new byte[] {0x0a, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}),
                        400, "proto: negative length found during unmarshaling\n", List.of()),
                new Case("protobuf end group at the top", NONE, snappy(new byte[] {0x0c}),
                        400, "proto: WriteRequest: wiretype end group for non-group\n", List.of()),
                new Case("known field with another wire type", NONE, snappy(new byte[] {0x0a, 4, 0x12, 2, 0x08, 1}),
                        400, "proto: wrong wireType = 0 for field Value\n", List.of()),
                new Case("unknown fields are skipped", NONE,
                        concat(new byte[] {0x7a, 1, 'x'}, series("__name__", "m").addSamples(sample(1, 1))),
                        204, "", List.of("{__name__=\"m\"} 1 1.0")),
                new Case("native histogram, as 2.42 with native histograms off", NONE,
                        snappy(new byte[] {0x0a, 0x02, 0x22, 0x00}), 500, "native histograms are disabled\n", List.of()),
                new Case("label names are not validated", NONE,
                        body(series("__name__", "5m", "0abc", "x").addSamples(sample(1000, 1))),
                        204, "", List.of("{0abc=\"x\", __name__=\"5m\"} 1000 1.0")),
                new Case("a series needs no metric name", NONE, body(series("job", "x").addSamples(sample(1000, 1))),
                        204, "", List.of("{job=\"x\"} 1000 1.0")),
                new Case("empty values are dropped", NONE,
                        body(series("__name__", "m", "a", "").addSamples(sample(1000, 1))),
                        204, "", List.of("{__name__=\"m\"} 1000 1.0")),
                new Case("empty label set", NONE, body(series().addSamples(sample(1000, 1))),
                        500, "empty labelset: invalid sample\n", List.of()),
                new Case("only empty values", NONE, body(series("a", "").addSamples(sample(1000, 1))),
                        500, "empty labelset: invalid sample\n", List.of()),
                new Case("duplicate label name", NONE,
                        body(series("__name__", "m", "a", "1", "a", "2").addSamples(sample(1000, 1))),
                        500, "label name \"a\" is not unique: invalid sample\n", List.of()),
                new Case("series without samples is skipped whatever its labels", NONE,
                        body(series(), series("a", "1", "a", "2"), series("__name__", "m").addSamples(sample(5, 5))),
                        204, "", List.of("{__name__=\"m\"} 5 5.0")),
                new Case("out of order sample, whole request rolled back", M1_AT_1000,
                        body(series("__name__", "new").addSamples(sample(2000, 1)),
                                series("__name__", "m1", "job", "a").addSamples(sample(500, 3))),
                        400, "out of order sample\n", List.of("{__name__=\"m1\", job=\"a\"} 1000 1.0")),
                new Case("duplicate sample with another value", M1_AT_1000,
                        body(series("__name__", "m1", "job", "a").addSamples(sample(1000, 9))),
                        400, "duplicate sample for timestamp\n", List.of("{__name__=\"m1\", job=\"a\"} 1000 1.0")),
                new Case("same sample sent again", M1_AT_1000,
                        body(series("__name__", "m1", "job", "a").addSamples(sample(1000, 1))),
                        204, "", List.of("{__name__=\"m1\", job=\"a\"} 1000 1.0", "{__name__=\"m1\", job=\"a\"} 1000 1.0")),
                new Case("out of bounds", s -> s.minValidTime = 10_000,
                        body(series("__name__", "m").addSamples(sample(9_999, 1))),
                        400, "out of bounds\n", List.of()),
                new Case("too old sample is a server error in 2.42",
                        s -> s.failNext = new StorageException(StorageException.Kind.TOO_OLD),
                        body(series("__name__", "m").addSamples(sample(1, 1))), 500, "too old sample\n", List.of()),
                new Case("other storage error", s -> s.failNext = new StorageException(StorageException.Kind.INTERNAL,
                        "write to WAL: no space left on device", null),
                        body(series("__name__", "m").addSamples(sample(1, 1))),
                        500, "write to WAL: no space left on device\n", List.of()),
                new Case("NaN values, stale markers included, pass through", NONE,
                        body(series("__name__", "m").addSamples(sample(1, Double.NaN))
                                .addSamples(sample(2, Double.longBitsToDouble(0x7ff0000000000002L)))),
                        204, "", List.of("{__name__=\"m\"} 1 NaN", "{__name__=\"m\"} 2 NaN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAs242(Case c) throws Exception {
        FakeAppendable storage = new FakeAppendable();
        c.setup().accept(storage);
        try (TestServer server = server(true, storage)) {
            HttpResponse<String> r = server.write(c.body());
            assertEquals(c.status(), r.statusCode(), c.name());
            assertEquals(c.response(), r.body(), c.name());
            if (c.status() != 204) {
                // Jetty writes its canonical form of Go's "text/plain; charset=utf-8".
                assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
            }
            assertEquals(c.stored(), storage.samples.stream()
                    .map(s -> s.labels() + " " + s.t() + " " + s.v()).toList(), c.name());
        }
    }

    @Test
    void exemplarsAreAppendedWithTheirSeries() throws Exception {
        FakeAppendable storage = new FakeAppendable();
        try (TestServer server = server(true, storage)) {
            HttpResponse<String> r = server.write(body(series("__name__", "m").addSamples(sample(1000, 1))
                    .addExemplars(exemplar(999, 0.5, "trace_id", "abc"))
                    .addExemplars(exemplar(998, 0.5, "a", "1", "a", "2"))));
            assertEquals(204, r.statusCode());
            assertEquals(List.of(new FakeAppendable.Exemplar(Labels.of("__name__", "m"), Labels.of("trace_id", "abc"),
                    999, 0.5)), storage.exemplars);
        }
    }

    @Test
    void staleMarkersKeepTheirBits() throws Exception {
        long stale = 0x7ff0000000000002L; // Prometheus's stale NaN
        FakeAppendable storage = new FakeAppendable();
        try (TestServer server = server(true, storage)) {
            assertEquals(204, server.write(body(series("__name__", "m").addSamples(sample(1, Double.longBitsToDouble(stale)))))
                    .statusCode());
            assertEquals(stale, Double.doubleToRawLongBits(storage.samples.get(0).v()));
        }
    }

    @Test
    void answers404WithTheFlagNamedWhenTheReceiverIsOff() throws Exception {
        FakeAppendable storage = new FakeAppendable();
        try (TestServer server = server(false, storage)) {
            HttpResponse<String> r = server.write(body(series("__name__", "m").addSamples(sample(1, 1))));
            assertEquals(404, r.statusCode());
            assertEquals("remote write receiver needs to be enabled with --enable-feature=remote-write-receiver\n",
                    r.body());
            assertEquals(List.of(), storage.samples);
        }
    }

    @Test
    void otherMethodsAnswer405AndOptions204() throws Exception {
        try (TestServer server = server(true, new FakeAppendable())) {
            HttpResponse<String> get = server.send("GET");
            assertEquals(405, get.statusCode());
            assertEquals("Method Not Allowed\n", get.body());
            assertEquals("OPTIONS, POST", get.headers().firstValue("Allow").orElse(null));
            HttpResponse<String> options = server.send("OPTIONS", "Origin", "http://example.org");
            assertEquals(204, options.statusCode());
            assertEquals("*", options.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        }
    }

    @Test
    void answers503UntilStorageAndConfigurationAreUp() throws Exception {
        RemoteWriteServlet servlet = new RemoteWriteServlet(true, "");
        try (TestServer server = new TestServer(servlet, RemoteWriteServlet.PATH)) {
            HttpResponse<String> r = server.write(body(series("__name__", "m").addSamples(sample(1, 1))));
            assertEquals(503, r.statusCode());
            assertEquals("Service Unavailable", r.body());
            servlet.bindStorage(new FakeAppendable());
            assertEquals(503, server.write(snappy(new byte[0])).statusCode());
            servlet.bindConfig(CONFIG);
            assertEquals(204, server.write(snappy(new byte[0])).statusCode());
        }
    }

    @Test
    void flagOrFeatureTurnsTheReceiverOn() {
        assertFalse(RemoteWriteServlet.enabled(new FakeRuntime(Map.of(), Set.of())));
        assertFalse(RemoteWriteServlet.enabled(new FakeRuntime(Map.of("web.enable-remote-write-receiver", "false"), Set.of())));
        assertTrue(RemoteWriteServlet.enabled(new FakeRuntime(Map.of("web.enable-remote-write-receiver", "true"), Set.of())));
        assertTrue(RemoteWriteServlet.enabled(new FakeRuntime(Map.of(), Set.of("remote-write-receiver"))));
    }

    static TestServer server(boolean enabled, FakeAppendable storage) throws Exception {
        RemoteWriteServlet servlet = new RemoteWriteServlet(enabled, "");
        servlet.bindStorage(storage);
        servlet.bindConfig(CONFIG);
        return new TestServer(servlet, RemoteWriteServlet.PATH);
    }

    static final ConfigSource CONFIG = new ConfigSource() {
        @Override
        public LoadedConfig current() {
            return null;
        }

        @Override
        public LoadedConfig reload() {
            return null;
        }

        @Override
        public boolean lastReloadSuccessful() {
            return true;
        }

        @Override
        public Instant lastReloadSuccessTime() {
            return Instant.EPOCH;
        }
    };

    /** A request of {@code prefix} (raw protobuf) followed by one series, snappy-encoded. */
    private static byte[] concat(byte[] prefix, TimeSeries.Builder series) {
        byte[] rest = WriteRequest.newBuilder().addTimeseries(series).build().toByteArray();
        byte[] all = java.util.Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        return snappy(all);
    }

    private static byte[] truncate(byte[] b, int n) {
        return java.util.Arrays.copyOf(b, b.length - n);
    }
}
