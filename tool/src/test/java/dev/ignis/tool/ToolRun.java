package dev.ignis.tool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ignistool in-process and, when installed, the real promtool 2.42. */
record ToolRun(int code, String out, String err) {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    static ToolRun ignis(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IgnisTool.run(args, new PrintWriter(out), new PrintWriter(err));
        return new ToolRun(code, out.toString(), err.toString());
    }

    static boolean hasPromtool() {
        return Files.isExecutable(PROMTOOL);
    }

    static ToolRun promtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PROMTOOL.toString());
        cmd.addAll(List.of(args));
        Path errFile = Files.createTempFile("promtool", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("promtool timed out");
            }
            return new ToolRun(p.exitValue(), out.toString(StandardCharsets.UTF_8), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(errFile);
        }
    }

    /** An OpenMetrics file: two counters, a gauge, three 2h blocks, a fractional-second timestamp. */
    static final String SMALL = """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{code="200",method="get"} 1027 1669500000
            http_requests_total{code="200",method="get"} 1030 1669500015
            http_requests_total{code="400",method="post"} 3 1669500000
            http_requests_total{code="400",method="post"} 4 1669510000
            # TYPE temp gauge
            temp{room="a"} 21.5 1669500000.5
            temp{room="a"} 22 1669520000
            # EOF
            """;

    /** Many samples over 6h, values that exercise %g (exponents, long mantissas), NaN, +Inf, escapes. */
    static String big() {
        StringBuilder sb = new StringBuilder("# TYPE m gauge\n");
        String[] values = {"1e6", "0.00001", "123456789.5", "100000", "1.5e-05", "1152921504606846976", "-3.25",
            "0.1"};
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 6 * 3600; i += 60) {
                String v = (i / 60) % 9 == 8 ? Double.toString(i / 7.0) : values[(i / 60 + s) % 8];
                sb.append("m{s=\"").append(s).append("\",q=\"a\\\"b\\\\c\"} ").append(v).append(' ')
                        .append(1669500000 + i).append('\n');
            }
        }
        sb.append("m{s=\"x\"} NaN 1669500000\nm{s=\"y\"} +Inf 1669500060\n# EOF\n");
        return sb.toString();
    }
}
