package io.resilientgateways.lab;

import io.resilientgateways.lab.trace.Generators;
import io.resilientgateways.lab.trace.Generators.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report opens in headless chromium from a file, with no network, and draws every chart: one uPlot per plot,
 * each canvas with coloured series pixels on it, every strategy in the legends, no script error. It leaves a
 * screenshot in target/strategy-lab-report.png (and, with -Dlab.screenshot=PATH, a copy there: docs/strategy-lab.png
 * is made so). The same checks are fed sabotaged copies of the report (the chart script removed, a chart not drawn,
 * a series drawn invisibly, the strategies left out of a legend, a script error, a load from the network) and must
 * catch each one, so the page test cannot pass on a page that does not work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageTest
{
    private static final Path DIR = Path.of("target", "report-page");
    private LabReport report;
    private String html;
    private ChromeDriver driver;

    @BeforeAll
    void openTheBrowser() throws Exception
    {
        report = Lab.run(Generators.generate(Shape.ROLLING_RESTART, 6, 120, 1), Contender.shipped(),
            LabSettings.defaults(), Lab.Progress.NONE);
        html = HtmlReport.render(report, true);
        driver = HeadlessChromium.start(DIR.resolve("chromium-profile"), 1280, 3000);
    }

    @AfterAll
    void closeTheBrowser()
    {
        if (null != driver)
        {
            driver.quit();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theReportRendersEveryChartOffline() throws Exception
    {
        assertThat(problems(driver, report, html, "report.html")).isEmpty();

        final Path shot = Path.of("target", "strategy-lab-report.png");
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        final String copy = System.getProperty("lab.screenshot");
        if (null != copy && !copy.isBlank())
        {
            Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theChecksCatchASabotagedReport() throws Exception
    {
        // each sabotage: what to replace in the page, with what, and a word the checks' complaint must contain
        final String[][] sabotages = {
            {"chart script removed", "<script>\n// Draws the strategy lab",
                "<script type=\"text/plain\">\n// Draws the strategy lab", "charts drawn"},
            {"dark-time chart not drawn", "plot(\"chart-dark\", {", "(function () {})(\"chart-dark\", {", "chart-dark"},
            {"moves series invisible", "return { label: s.label, stroke: color(i), width: 2 };",
                "return { label: s.label, stroke: \"rgba(0,0,0,0)\", width: 2 };",
                "series pixels drawn in chart-moves"},
            {"strategies missing from a legend", "return { label: s.label, stroke: color(i), width: 2 };",
                "return { label: \"?\", stroke: color(i), width: 2 };", "legend"},
            {"script error", "document.body.setAttribute(\"data-charts\", String(made));",
                "document.body.setAttribute(\"data-charts\", String(made)); setTimeout(function () { " +
                    "throw new Error(\"sabotage\"); }, 0);", "script errors"},
            {"network load", "</body>", "<img src=\"http://127.0.0.1:9/pixel.png\"></body>", "network"}};
        for (int i = 0; i < sabotages.length; i++)
        {
            final String[] s = sabotages[i];
            final String broken = html.replace(s[1], s[2]);
            assertThat(broken).as("the sabotage '%s' applies", s[0]).isNotEqualTo(html);
            final List<String> found = problems(driver, report, broken, "sabotaged-" + i + ".html");
            assertThat(found).as("the checks on a page with '%s'", s[0]).isNotEmpty()
                .anySatisfy((p) -> assertThat(p).contains(s[3]));
        }
    }

    /**
     * Opens the page from a file and runs every check; returns what failed (empty: the page works).
     */
    private static List<String> problems(final ChromeDriver driver, final LabReport report, final String html,
        final String file) throws Exception
    {
        Files.createDirectories(DIR);
        final Path page = DIR.resolve(file);
        Files.writeString(page, html, StandardCharsets.UTF_8);
        final List<String> problems = new ArrayList<>();
        for (final String remote : List.of("src=\"http", "href=\"http", "@import"))
        {
            if (html.contains(remote))
            {
                problems.add("a reference to the network in the page: " + remote);
            }
        }
        driver.get(page.toAbsolutePath().toUri().toString()); // returns once loaded: the inline scripts have run
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (null == driver.findElement(By.tagName("body")).getAttribute("data-charts") &&
            System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        Thread.sleep(100); // let a late script error or a pending network load show up
        final WebElement body = driver.findElement(By.tagName("body"));
        final int expected = 4 + report.results().size();
        final String drawn = body.getAttribute("data-charts");
        if (!Integer.toString(expected).equals(body.getAttribute("data-charts-expected")) ||
            !Integer.toString(expected).equals(drawn))
        {
            problems.add("charts drawn: " + drawn + " of " + body.getAttribute("data-charts-expected") + ", expected " +
                expected);
        }
        final Object errors = driver.executeScript("return window.__labErrors");
        if (!(errors instanceof List<?> list) || !list.isEmpty())
        {
            problems.add("script errors: " + errors);
        }
        final List<String> ids = new ArrayList<>(List.of("chart-moves", "chart-spread", "chart-dark", "chart-scatter"));
        for (int i = 0; i < report.results().size(); i++)
        {
            ids.add("chart-open-" + i);
        }
        for (final String id : ids)
        {
            // coloured pixels: the series (axes, grid and markers are grey)
            final Object inked = driver.executeScript(
                "var c = document.querySelector('#' + arguments[0] + ' .uplot canvas');" +
                "if (!c || c.width < 100 || c.height < 100) return -1;" +
                "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;" +
                "for (var i = 0; i < d.length; i += 4) {" +
                "  var hi = Math.max(d[i], d[i + 1], d[i + 2]), lo = Math.min(d[i], d[i + 1], d[i + 2]);" +
                "  if (d[i + 3] > 0 && hi - lo > 60) n++; }" +
                "return n;", id);
            if (((Number)inked).longValue() <= 100)
            {
                problems.add("series pixels drawn in " + id + ": " + inked + " (no canvas: -1)");
            }
        }
        final List<WebElement> legend = driver.findElements(By.cssSelector("#chart-moves .u-legend"));
        for (final StrategyResult r : report.results())
        {
            if (legend.isEmpty() || !legend.get(0).getText().contains(r.label()))
            {
                problems.add("the moves legend lacks " + r.label());
            }
        }
        final List<WebElement> openLegend = driver.findElements(By.cssSelector("#chart-open-0 .u-legend"));
        if (openLegend.isEmpty() || !openLegend.get(0).getText().contains("gw-01"))
        {
            problems.add("the open-tasks legend lacks gw-01");
        }
        final Object remote = driver.executeScript("return performance.getEntriesByType('resource')" +
            ".filter(function (e) { return !e.name.startsWith('file:') && !e.name.startsWith('data:'); })" +
            ".map(function (e) { return e.name; })");
        if (!(remote instanceof List<?> names) || !names.isEmpty())
        {
            problems.add("loads from the network: " + remote);
        }
        return problems;
    }
}
