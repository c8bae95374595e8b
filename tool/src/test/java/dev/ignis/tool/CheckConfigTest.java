package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IgnisTool.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void validConfigSucceedsWithExitZero() throws Exception {
        String f = write("good.yml", "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: prometheus\n"
                + "    static_configs:\n      - targets: ['localhost:9090']\n");
        Run r = run("check", "config", f);
        assertEquals(0, r.code());
        assertEquals("Checking " + f + "\n SUCCESS: " + f + " is valid prometheus config file syntax\n\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void invalidConfigFailsWithFileAndLine() throws Exception {
        String bad = write("bad.yml", "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n"
                + "    scrape_timeout: 10s\n");
        String good = write("good.yml", "");
        Run r = run("check", "config", bad, good);
        assertEquals(1, r.code());
        assertEquals("  FAILED: " + bad + ":4: scrape timeout greater than scrape interval for scrape config "
                + "with job name \"a\"\n", r.err());
        assertEquals("Checking " + bad + "\n\nChecking " + good + "\n SUCCESS: " + good
                + " is valid prometheus config file syntax\n\n", r.out());
    }

    @Test
    void checksRuleFilesUnlessSyntaxOnly() throws Exception {
        write("rules.yml", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n"
                + "      - alert: Down\n        expr: up == 0\n        for: 5m\n");
        write("broken.yml", "groups:\n  - name: g\n    rules:\n      - expr: up\n");
        String f = write("p.yml", "rule_files: [rules.yml, 'b*.yml']\n");
        Run r = run("check", "config", f);
        assertEquals(1, r.code());
        String rules = dir.resolve("rules.yml").toString();
        String broken = dir.resolve("broken.yml").toString();
        assertEquals("Checking " + f + "\n  SUCCESS: 2 rule files found\n SUCCESS: " + f
                + " is valid prometheus config file syntax\n\nChecking " + rules + "\n  SUCCESS: 2 rules found\n\n"
                + "Checking " + broken + "\n\n", r.out());
        assertEquals("  FAILED:\n     " + broken + ": 0:0: group \"g\", rule 1, \"\": one of 'record' or 'alert' "
                + "must be set\n", r.err());

        Run syntax = run("check", "config", "--syntax-only", f);
        assertEquals(0, syntax.code());
        assertEquals("Checking " + f + "\n SUCCESS: " + f + " is valid prometheus config file syntax\n\n",
                syntax.out());
    }

    @Test
    void missingRuleFileFails() throws Exception {
        String f = write("p.yml", "rule_files: [nope.yml]\n");
        Run r = run("check", "config", f);
        assertEquals(1, r.code());
        assertEquals("  FAILED: \"" + dir.resolve("nope.yml") + "\" does not point to an existing file\n", r.err());
    }

    @Test
    void agentModeRejectsAlerting() throws Exception {
        String f = write("p.yml", "alerting:\n  alertmanagers: [{static_configs: [{targets: [am:9093]}]}]\n");
        assertEquals(0, run("check", "config", f).code());
        Run r = run("check", "config", "--agent", f);
        assertEquals(1, r.code());
        assertEquals("  FAILED: " + f + ":1: field alerting is not allowed in agent mode\n", r.err());
    }

    @Test
    void nonexistentPathIsAUsageError() {
        Run r = run("check", "config", dir.resolve("missing.yml").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void versionLooksLikePromtool() {
        Run r = run("--version");
        assertEquals(0, r.code());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("ignistool, version \\S+ \\(branch: \\S+, revision: \\S+\\)"), lines[0]);
        assertTrue(lines[1].startsWith("  build user:       "), lines[1]);
        assertTrue(lines[2].startsWith("  build date:       "), lines[2]);
        assertTrue(lines[3].startsWith("  java version:     "), lines[3]);
    }
}
