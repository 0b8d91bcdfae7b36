package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The three pages the runner writes — {@code report.html}, {@code comparison.html}, {@code leaderboard.html} — opened
 * in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) from a real tiny sweep: each loads with
 * no console error, a click on a header sorts its table, and every chart is drawn with a non-zero size. Skipped, with
 * the reason, where no browser or driver is installed; Selenium Manager is never asked to download one.
 * {@code -Drunner.chromium=PATH} and {@code -Drunner.chromedriver=PATH} point elsewhere.
 */
class BrowserPagesTest {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium",
            "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    @TempDir
    static Path dir;
    private static ChromeDriver driver;
    private static Path sweepDir;
    private static String missing;

    @BeforeAll
    static void browserAndPages() throws Exception {
        String browser = find("runner.chromium", CHROMIUM);
        String driverPath = find("runner.chromedriver", DRIVER);
        // Reported by each test as its skip reason (a class-level assumption would show as no tests at all).
        if (browser == null) {
            missing = "skipped: no Chromium found at " + CHROMIUM + " (or -Drunner.chromium); install it with: "
                    + "apt-get install -y chromium chromium-driver";
            return;
        }
        if (driverPath == null) {
            missing = "skipped: no chromedriver found at " + DRIVER + " (or -Drunner.chromedriver); install it with: "
                    + "apt-get install -y chromium-driver";
            return;
        }

        Path data = TestData.ensure(DatasetInfo.MNIST);
        // Three points that differ in rate and a step schedule, so the rate varies within each run (its curve is drawn).
        Path sweep = Files.writeString(dir.resolve("pages.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: pages
                dataset: {train_limit: 120, validation_limit: 60, test_limit: 60}
                training: {epochs: 2}
                schedule: {step: {step_size: 1, gamma: 0.5}}
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, 0.03, 0.01]
                rank_by: val_accuracy
                """);
        CliRun run = CliRun.of(sweep.toString(), "--out", dir.resolve("results").toString(), "--data-dir",
                data.toString(), "--workers", "2");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        sweepDir = dir.resolve("results/pages");
        CliRun compare = CliRun.of("compare", sweepDir.toString(), "--out", dir.resolve("cmp").toString());
        assertEquals(0, compare.exitCode(), compare.err());

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverPath)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @BeforeEach
    void needsABrowser() {
        Assumptions.assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void quit() {
        if (driver != null) driver.quit();
    }

    /** An explicitly given path (which must exist), else the first executable candidate; null when there is none. */
    private static String find(String property, List<String> candidates) {
        String given = System.getProperty(property);
        if (given != null && !given.isBlank()) return Files.isExecutable(Path.of(given)) ? given : null;
        return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst().orElse(null);
    }

    /** Opens a page and fails on any console message at warning level or above (script errors, failed loads). */
    private static void open(Path page) {
        assertTrue(Files.isRegularFile(page), page + " exists");
        driver.manage().logs().get(LogType.BROWSER); // drops what an earlier page logged
        driver.get(page.toUri().toString());
        assertEquals("complete", ((JavascriptExecutor) driver).executeScript("return document.readyState"));
        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals(List.of(), problems.stream().map(LogEntry::getMessage).toList(), page + ": console");
    }

    private static void drawn(WebElement chart, String what) {
        Rectangle r = chart.getRect();
        assertTrue(r.getWidth() > 20 && r.getHeight() > 20, what + " drawn at " + r.getWidth() + "×" + r.getHeight());
        assertTrue(chart.isDisplayed(), what + " displayed");
    }

    /** The text of column {@code col} of each body row of {@code table}. */
    private static List<String> column(WebElement table, int col) {
        List<String> values = new ArrayList<>();
        for (WebElement tr : table.findElements(By.cssSelector("tbody tr"))) {
            List<WebElement> cells = tr.findElements(By.tagName("td"));
            if (cells.size() > col) values.add(cells.get(col).getText());
        }
        return values;
    }

    private static int headerIndex(WebElement table, String text) {
        List<WebElement> headers = table.findElements(By.tagName("th"));
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).getText().replace("\n", "").equals(text)) return i;
        }
        throw new AssertionError("no header " + text + " in " + headers.stream().map(WebElement::getText).toList());
    }

    /** Clicks the header twice: ascending, then descending, by the number each cell starts with. */
    private static void sortsByClicking(WebElement table, String header) {
        int col = headerIndex(table, header);
        List<String> before = column(table, col);
        assertTrue(before.size() >= 3, "rows to sort: " + before);
        Comparator<String> byNumber = Comparator.comparingDouble(BrowserPagesTest::leadingNumber);
        WebElement th = table.findElements(By.tagName("th")).get(col);
        th.click();
        List<String> ascending = column(table, col);
        assertEquals(before.stream().sorted(byNumber).toList(), ascending, header + " ascending");
        th.click();
        List<String> descending = column(table, col);
        assertEquals(before.stream().sorted(byNumber.reversed()).toList(), descending, header + " descending");
        assertNotEquals(ascending, descending, "the values differ, so the order shows");
    }

    private static double leadingNumber(String cell) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^-?[0-9.]+(e-?[0-9]+)?").matcher(cell.trim());
        assertTrue(m.find(), "a number in '" + cell + "'");
        return Double.parseDouble(m.group());
    }

    @Test
    void reportLoadsAndDrawsItsCharts() throws Exception {
        Path report;
        try (Stream<Path> files = Files.walk(sweepDir)) {
            report = files.filter(p -> p.getFileName().toString().equals("report.html")).findFirst().orElseThrow();
        }
        open(report);
        List<WebElement> images = driver.findElements(By.tagName("img"));
        assertTrue(images.size() >= 5, "charts and image grids: " + images.size());
        for (WebElement img : images) {
            drawn(img, "image " + img.getAttribute("alt"));
            Object natural = ((JavascriptExecutor) driver).executeScript(
                    "return arguments[0].complete ? arguments[0].naturalWidth : 0", img);
            assertTrue(((Number) natural).longValue() > 0, img.getAttribute("alt") + " decoded");
        }
        // The step schedule halves the rate each epoch, so the learning-rate curve is drawn: a dot per epoch.
        WebElement rate = driver.findElement(By.cssSelector("svg[aria-label='learning rate per epoch']"));
        drawn(rate, "learning-rate curve");
        assertEquals(2, rate.findElements(By.tagName("circle")).size());
    }

    @Test
    void comparisonSortsByAHeaderAndDrawsACurvePerRow() {
        open(dir.resolve("cmp/comparison.html"));
        WebElement table = driver.findElement(By.id("runs"));
        List<WebElement> charts = table.findElements(By.cssSelector("tbody svg"));
        assertEquals(3, charts.size(), "one chart per run");
        for (WebElement svg : charts) drawn(svg, "accuracy curve");
        sortsByClicking(table, "optimizer.sgd.lr");
    }

    @Test
    void leaderboardSortsByAHeaderAndDrawsItsCharts() {
        open(sweepDir.resolve("leaderboard.html"));
        WebElement table = driver.findElement(By.tagName("table"));
        sortsByClicking(table, "optimizer.sgd.lr");
        List<WebElement> charts = driver.findElements(By.tagName("svg"));
        assertTrue(!charts.isEmpty(), "charts");
        for (WebElement svg : charts) drawn(svg, "chart " + svg.getAttribute("aria-label"));
        WebElement parallel = driver.findElement(By.cssSelector("svg[aria-label^='parallel coordinates']"));
        assertEquals(3, parallel.findElements(By.tagName("polyline")).size(), "a line per point");
        drawn(parallel, "parallel coordinates");
        for (WebElement line : parallel.findElements(By.tagName("polyline"))) {
            // A line may run level (height 0); it always spans from the first axis to the metric's.
            assertTrue(line.getRect().getWidth() >= 140, "a point's line spans the axes: " + line.getRect().getWidth());
        }
        assertEquals(3, driver.findElements(By.cssSelector("svg circle")).size(),
                "a dot per completed point: " + charts.stream().map(WebElement::getText).collect(Collectors.joining()));
    }
}
