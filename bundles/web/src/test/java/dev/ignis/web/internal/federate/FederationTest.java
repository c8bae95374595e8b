package dev.ignis.web.internal.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FederationTest {
    private static final String PROTO = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily";

    /** Bytes Prometheus 2.42 answered for the same two series and external labels. */
    @Test
    void delimitedProtobufMatchesPrometheus() throws Exception {
        List<Federation.Sample> samples = List.of(
                new Federation.Sample(Labels.of("__name__", "aaa", "zz", "a\"b\\c\nd"), 1795769954632L, -1e21),
                new Federation.Sample(Labels.of("__name__", "bar", "region", "us"), 1795769954632L, 2.5e-7));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FederationProto.write(out, Federation.families(samples, Labels.of("region", "eu", "zone", "z1")));
        assertEquals("520a03616161180322490a0d0a027a7a12076122625c630a640a0c0a08696e7374616e636512000a0c0a06726567696f6e"
                + "120265750a0a0a047a6f6e6512027a312a090950efe2d6e41a4bc430c8e2ebe1a134430a036261721803223a0a0c0a0672656769"
                + "6f6e120275730a0c0a08696e7374616e636512000a0a0a047a6f6e6512027a312a09098dedb5a0f7c6903e30c8e2ebe1a134",
                HexFormat.of().formatHex(out.toByteArray()));
    }

    @Test
    void negativeTimestampsTakeTenVarintBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FederationProto.write(out, Federation.families(
                List.of(new Federation.Sample(Labels.of("__name__", "m"), -1, 0)), Labels.EMPTY));
        assertEquals("2b" + "0a016d" + "1803" + "2224" + "0a0c0a08696e7374616e63651200" + "2a09090000000000000000"
                + "30ffffffffffffffffff01", HexFormat.of().formatHex(out.toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-                                                                          | TEXT",
        "text/plain                                                                 | TEXT",
        "*/*                                                                        | TEXT",
        "application/json                                                           | TEXT",
        PROTO + ";encoding=delimited                                                | PROTO_DELIMITED",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited | PROTO_DELIMITED",
        "text/plain;version=0.0.4;q=0.5," + PROTO + ";encoding=delimited;q=0.7      | PROTO_DELIMITED",
        "text/plain;version=0.0.4;q=0.7," + PROTO + ";encoding=delimited;q=0.5      | TEXT",
        "text/plain;version=0.0.4," + PROTO + ";encoding=delimited                  | TEXT",
        "text/plain;version=0.0.5," + PROTO + ";encoding=delimited                  | PROTO_DELIMITED",
        PROTO + ";encoding=delimited;q=x,text/plain;q=0.1                           | TEXT",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | TEXT",
    })
    void negotiatesAsExpfmt(String accept, Federation.Format expected) {
        assertEquals(expected, Federation.negotiate(accept));
    }
}
