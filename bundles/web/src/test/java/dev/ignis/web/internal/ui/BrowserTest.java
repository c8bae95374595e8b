package dev.ignis.web.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.MemStorage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.api.ApiServlet;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real browser: Debian's headless Chromium driven through its chromedriver by
 * Selenium, against the UI servlet and the real API servlet on an embedded Jetty over an
 * in-memory storage and a fake query engine ({@link WaveEngine}). Skipped where
 * {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing. Every wait is bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Selenium warns at every start that it has no DevTools (CDP) binding for this Chromium;
     * the test drives the browser through WebDriver only. Held so the level is not collected.
     */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private TestServer server;
    /** The UI over {@link RecordedApi}: what a real Prometheus 2.42 answered for targets and rules. */
    private TestServer recorded;
    /** An agent: the UI and the API in agent mode. */
    private TestServer agent;
    private ChromeDriver driver;
    private Path profile;

    @BeforeAll
    @Timeout(90)
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium (Debian packages chromium, chromium-driver) is not installed");
        Fakes.Runtime runtime = new Fakes.Runtime().flag("web.listen-address", "0.0.0.0:9090")
                .flag("storage.tsdb.retention.time", "15d");
        ServerState state = new ServerState(runtime);
        long now = System.currentTimeMillis();
        MemStorage storage = new MemStorage();
        for (String instance : List.of("a:9090", "b:9090")) {
            storage.add(now - 60_000, 1, "__name__", "http_requests_total", "instance", instance, "job", "api");
        }
        storage.add(now - 60_000, 1, "__name__", "up", "instance", "localhost:9090", "job", "prometheus");
        state.setConfigSource(new Fakes.Config());
        state.setStorage(storage);
        state.setQueryEngine(new WaveEngine());
        HttpMetrics metrics = new HttpMetrics();
        server = new TestServer()
                .mount(new ApiServlet(state, metrics, ZoneOffset.UTC), "/api/v1/*")
                .mount(new UiServlet(state, metrics), "/graph", "/alerts", "/rules", "/targets", "/service-discovery",
                        "/status", "/flags", "/config", "/tsdb-status", "/agent", "/static/*")
                .start();

        ServerState recordedState = new ServerState(new Fakes.Runtime());
        recorded = new TestServer()
                .mount(new RecordedApi(), "/api/v1/targets", "/api/v1/rules")
                .mount(new UiServlet(recordedState, metrics), "/targets", "/service-discovery", "/rules", "/alerts",
                        "/static/*")
                .start();

        ServerState agentState = new ServerState(new Fakes.Runtime().agent().flag("enable-feature", "agent"));
        agentState.setConfigSource(new Fakes.Config());
        agentState.setAppendable(new Fakes.NoStorage());
        agent = new TestServer()
                .mount(new ApiServlet(agentState, metrics, ZoneOffset.UTC), "/api/v1/*")
                .mount(new UiServlet(agentState, metrics), "/graph", "/alerts", "/rules", "/targets", "/service-discovery",
                        "/status", "/flags", "/config", "/tsdb-status", "/agent", "/static/*")
                .start();

        profile = Files.createTempDirectory("ignis-chromium-");
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        // Every WebDriver command answers within a minute, or the test fails instead of waiting.
        driver = new ChromeDriver(service, options, ClientConfig.defaultConfig()
                .connectionTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30))
                .implicitlyWait(Duration.ZERO);
    }

    @AfterAll
    @Timeout(60)
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (recorded != null) {
            recorded.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
    }

    private void open(String path) {
        driver.get(server.base() + path);
    }

    @Test
    void tableThenGraphOfAQuery() throws Exception {
        open("/graph");
        WebElement box = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("textarea.expr-input")));
        box.sendKeys("rate(http_requests_total[5m])");
        box.sendKeys(Keys.ESCAPE);
        driver.findElement(By.cssSelector("button.execute")).click();

        List<WebElement> rows = waiting().until(
                ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.result-row"), 2));
        assertEquals("http_requests_total{instance=\"a:9090\", job=\"api\"}",
                rows.get(0).findElement(By.cssSelector("td.series")).getText());
        assertEquals("10", rows.get(0).findElement(By.cssSelector("td.value")).getText());
        assertTrue(driver.getCurrentUrl().contains("g0.tab=1"), driver.getCurrentUrl());

        driver.findElement(By.cssSelector("button.tab[data-tab='0']")).click();
        WebElement canvas = waiting().until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".chart .uplot canvas")));
        assertTrue(canvas.getSize().getWidth() > 300 && canvas.getSize().getHeight() > 100,
                "chart size " + canvas.getSize());
        List<WebElement> legend = driver.findElements(By.cssSelector(".graph-legend .legend-item"));
        assertEquals(2, legend.size());
        assertEquals("http_requests_total{instance=\"b:9090\", job=\"api\"}",
                legend.get(1).findElement(By.cssSelector(".legend-name")).getText());
        assertTrue(canvasHasInk(canvas), "the chart canvas is blank");
        String url = driver.getCurrentUrl();
        assertTrue(url.startsWith(server.base() + "/graph?g0.expr=rate%28http_requests_total%5B5m%5D%29")
                && url.contains("g0.tab=0") && url.contains("g0.range_input=1h"), url);

        screenshot("ui-graph.png");

        driver.findElement(By.cssSelector("button.stacked")).click();
        waiting().until(d -> d.getCurrentUrl().contains("g0.stacked=1"));
        WebElement stacked = waiting().until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".chart .uplot canvas")));
        assertTrue(canvasHasInk(stacked), "the stacked chart canvas is blank");
        assertEquals(2, driver.findElements(By.cssSelector(".graph-legend .legend-item")).size());
        screenshot("ui-graph-stacked.png");
        url = driver.getCurrentUrl();

        // The same URL, opened afresh, reproduces the graph.
        open(url.substring(server.base().length()));
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".graph-legend .legend-item"), 2));
        assertEquals("rate(http_requests_total[5m])",
                driver.findElement(By.cssSelector("textarea.expr-input")).getDomProperty("value"));
        assertTrue(driver.findElement(By.cssSelector("button.stacked")).getDomAttribute("class").contains("active"),
                "the reopened view is stacked");
    }

    /** Whether any pixel of the canvas is not transparent. */
    private boolean canvasHasInk(WebElement canvas) {
        Object r = ((JavascriptExecutor) driver).executeScript(
                "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false;",
                canvas);
        return Boolean.TRUE.equals(r);
    }

    @Test
    void graphControlsChangeRangeAndResolution() {
        open("/graph?g0.expr=up&g0.tab=0&g0.range_input=1h");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".chart .uplot canvas")));
        driver.findElement(By.cssSelector("button[title='Longer range']")).click();
        waiting().until(d -> d.getCurrentUrl().contains("g0.range_input=2h"));
        assertEquals("2h", driver.findElement(By.cssSelector("input.range-input")).getDomProperty("value"));

        WebElement step = driver.findElement(By.cssSelector("input.step-input"));
        step.sendKeys("60", Keys.TAB);
        waiting().until(d -> d.getCurrentUrl().contains("g0.step_input=60"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".stats"), "Resolution: 1m"));

        // Enter in the expression box runs the query.
        WebElement box = driver.findElement(By.cssSelector("textarea.expr-input"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "bad(", Keys.ESCAPE);
        box.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-error")));
        assertEquals("bad(", box.getDomProperty("value"));
    }

    @Test
    void scalarAndStringResultsInTheTable() {
        open("/graph?g0.expr=1%2B1&g0.tab=1&g1.expr=%22hello%22&g1.tab=1");
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.result-row"), 2));
        assertEquals(List.of("scalar 2", "string hello"), driver.findElements(By.cssSelector("tr.result-row")).stream()
                .map(WebElement::getText).toList());
    }

    @Test
    void apiErrorsAreShownInThePanel() {
        open("/graph");
        WebElement box = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("textarea.expr-input")));
        box.sendKeys("bad(");
        box.sendKeys(Keys.ESCAPE);
        driver.findElement(By.cssSelector("button.execute")).click();
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-error")));
        assertTrue(error.getText().contains("bad_data: invalid parameter \"query\": 1:5: parse error"), error.getText());
    }

    @Test
    void completesMetricNamesAndFunctions() {
        open("/graph");
        WebElement box = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("textarea.expr-input")));
        box.sendKeys("http_req");
        WebElement item = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".completions .completion.kind-metric .completion-text")));
        assertEquals("http_requests_total", item.getText());
        box.sendKeys(Keys.TAB);
        waiting().until(d -> "http_requests_total".equals(box.getDomProperty("value")));

        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "histogram_q");
        WebElement fn = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".completions .completion.kind-function .completion-text")));
        assertEquals("histogram_quantile", fn.getText());

        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "up{job=\"pro");
        WebElement value = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".completions .completion.kind-value .completion-text")));
        assertEquals("prometheus", value.getText());
        box.sendKeys(Keys.TAB);
        waiting().until(d -> "up{job=\"prometheus\"".equals(box.getDomProperty("value")));
    }

    @Test
    void panelsCanBeAddedAndRemoved() {
        open("/graph?g0.expr=up&g0.tab=1&g1.expr=http_requests_total&g1.tab=1");
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.result-row"), 4));
        driver.findElement(By.cssSelector("button.add-panel")).click();
        assertEquals(3, driver.findElements(By.cssSelector(".panel")).size());
        // The new panel's box has the focus and offers the query history (newest first).
        List<String> history = waiting().until(d -> {
            List<String> h = d.findElements(By.cssSelector(".panel:nth-child(3) .completion.kind-history .completion-text"))
                    .stream().map(WebElement::getText).toList();
            return h.size() >= 2 ? h : null;
        });
        assertTrue(history.containsAll(List.of("up", "http_requests_total")), history.toString());
        driver.findElements(By.cssSelector("button.remove-panel")).get(0).click();
        assertEquals(2, driver.findElements(By.cssSelector(".panel")).size());
        String url = driver.getCurrentUrl();
        assertTrue(url.contains("g0.expr=http_requests_total") && url.contains("g1.expr=&"), url);
    }

    @Test
    void targetsPageShowsWhatTheServerProvides() throws Exception {
        HttpResponse<String> api = server.get("/api/v1/targets?state=active");
        open("/targets");
        WebElement heading = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
        assertEquals("Targets", heading.getText());
        if (api.statusCode() == 404) {
            // No targets API in this build: the page says so instead of showing an empty list.
            WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-error")));
            assertEquals("The targets API is not available on this server.", error.getText());
        } else if (api.statusCode() == 200) {
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("pools")));
            assertTrue(driver.findElements(By.cssSelector(".alert-error")).isEmpty(), "error shown for a 200 answer");
        } else {
            // The API answered an error (e.g. no scrape manager behind it): the page shows its words.
            WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-error")));
            String message = api.body().replaceAll("(?s).*\"error\":\"((?:[^\"\\\\]|\\\\.)*)\".*", "$1");
            assertTrue(error.getText().contains(message), error.getText() + " vs " + api.body());
        }
    }

    @Test
    void statusPagesShowTheirApis() throws Exception {
        open("/flags");
        WebElement flag = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.flags tbody")));
        assertTrue(flag.getText().contains("--web.listen-address 0.0.0.0:9090"), flag.getText());

        open("/config");
        WebElement yaml = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre.config")));
        assertTrue(yaml.getText().contains("scrape_interval: 15s"), yaml.getText());

        open("/status");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Alertmanagers"));
        String text = driver.findElement(By.id("main")).getText();
        assertTrue(text.contains("Working directory /var/lib/ignis") && text.contains("Storage retention"), text);
        screenshot("ui-status.png");

        open("/tsdb-status");
        WebElement head = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.kv")));
        assertTrue(head.getText().startsWith("Number of Series 0\nNumber of Chunks 0"), head.getText());
        screenshot("ui-tsdb-status.png");

        open("/rules");
        WebElement rules = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#main h1 + *")));
        assertTrue(rules.getText().startsWith("The rules API is not available") || rules.getText().contains("No rule groups"),
                rules.getText());
    }

    private void screenshot(String name) throws IOException {
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void targetsGroupedByPoolWithHealthAndErrors() throws Exception {
        driver.get(recorded.base() + "/targets");
        WebElement up = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("section.pool[data-pool='prometheus'] tr.target")));
        assertEquals("prometheus (1/1 up)",
                driver.findElement(By.cssSelector("section.pool[data-pool='prometheus'] h2")).getText());
        assertTrue(up.getText().startsWith("http://127.0.0.1:19391/metrics UP"), up.getText());
        assertTrue(up.getText().contains("instance=\"127.0.0.1:19391\"") && up.getText().contains("job=\"prometheus\""),
                up.getText());
        WebElement down = driver.findElement(By.cssSelector("section.pool[data-pool='node'] tr.target"));
        assertEquals("down", down.getDomAttribute("data-health"));
        assertTrue(down.getText().contains("connect: connection refused"), down.getText());
        screenshot("ui-targets.png");

        driver.findElement(By.xpath("//button[text()='Unhealthy']")).click();
        assertEquals(List.of("node"), driver.findElements(By.cssSelector("section.pool")).stream()
                .map(e -> e.getDomAttribute("data-pool")).toList());
    }

    @Test
    void serviceDiscoveryShowsDiscoveredAndDroppedTargets() {
        driver.get(recorded.base() + "/service-discovery");
        WebElement dropped = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#pool-dropped tr.dropped")));
        assertTrue(dropped.getText().contains("__address__=\"127.0.0.1:19398\"") && dropped.getText().endsWith("DROPPED"),
                dropped.getText());
        String prometheus = driver.findElement(By.cssSelector("#pool-prometheus tbody")).getText();
        assertTrue(prometheus.contains("__scheme__=\"http\"") && prometheus.contains("instance=\"127.0.0.1:19391\""),
                prometheus);
    }

    @Test
    void rulesAndAlertsFromPrometheusShapes() throws Exception {
        driver.get(recorded.base() + "/rules");
        WebElement group = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.rule-group")));
        assertTrue(group.getText().contains("record: job:up:sum\nexpr: sum by (job) (up)"), group.getText());
        assertTrue(group.getText().contains("alert: TargetDown"), group.getText());

        driver.get(recorded.base() + "/alerts");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("details.alert-rule")));
        assertEquals(List.of("FIRING TargetDown (1 active)", "PENDING AlwaysPending (1 active)",
                "INACTIVE NeverFires (0 active)"), driver.findElements(By.cssSelector("details.alert-rule summary"))
                .stream().map(WebElement::getText).toList());
        driver.findElement(By.cssSelector("details.state-firing summary")).click();
        WebElement alert = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("details.state-firing tbody tr")));
        assertTrue(alert.getText().contains("severity=\"page\"") && alert.getText().contains("FIRING"), alert.getText());
        screenshot("ui-alerts.png");
    }

    @Test
    void agentModeShowsOnlyWhatTheAgentHas() throws Exception {
        driver.get(agent.base() + "/agent");
        WebElement heading = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
        assertEquals("Prometheus Agent", heading.getText());
        assertEquals(List.of("agent", "status", "flags", "config", "targets", "service-discovery"),
                driver.findElements(By.cssSelector(".topbar a:not([target])")).stream()
                        .map(e -> e.getDomAttribute("href")).toList());

        driver.get(agent.base() + "/flags");
        WebElement flags = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.flags tbody")));
        assertTrue(flags.getText().contains("--enable-feature agent"), flags.getText());

        driver.get(agent.base() + "/graph");
        assertTrue(driver.getPageSource().contains("404 page not found"), driver.getPageSource());
    }
}
