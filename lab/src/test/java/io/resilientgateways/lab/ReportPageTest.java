package io.resilientgateways.lab;

import io.resilientgateways.lab.trace.Generators;
import io.resilientgateways.lab.trace.Generators.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report opens in headless chromium from a file, with no network, and draws every chart: one uPlot per plot,
 * each canvas with coloured series pixels on it, every strategy in the legends, no script error. It leaves a
 * screenshot in target/strategy-lab-report.png (and, with -Dlab.screenshot=PATH, a copy there: docs/strategy-lab.png
 * is made so).
 */
class ReportPageTest
{
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theReportRendersEveryChartOffline() throws Exception
    {
        final Path dir = Path.of("target", "report-page");
        Files.createDirectories(dir);
        final LabReport report = Lab.run(Generators.generate(Shape.ROLLING_RESTART, 6, 120, 1), Contender.shipped(),
            LabSettings.defaults(), Lab.Progress.NONE);
        final String html = HtmlReport.render(report, true);
        assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import");
        final Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);

        final ChromeDriver driver = HeadlessChromium.start(dir.resolve("chromium-profile"), 1280, 3000);
        try
        {
            driver.get(page.toAbsolutePath().toUri().toString());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (null == driver.findElement(By.tagName("body")).getAttribute("data-charts") &&
                System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            final WebElement body = driver.findElement(By.tagName("body"));
            final int expected = 4 + report.results().size();
            assertThat(body.getAttribute("data-charts-expected")).isEqualTo(Integer.toString(expected));
            assertThat(driver.executeScript("return window.__labErrors")).asList().isEmpty();
            assertThat(body.getAttribute("data-charts")).isEqualTo(Integer.toString(expected));

            final List<String> ids =
                new java.util.ArrayList<>(List.of("chart-moves", "chart-spread", "chart-dark", "chart-scatter"));
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
                assertThat(((Number)inked).longValue()).as("series pixels drawn in %s", id).isGreaterThan(100);
            }
            final String movesLegend = driver.findElement(By.cssSelector("#chart-moves .u-legend")).getText();
            for (final StrategyResult r : report.results())
            {
                assertThat(movesLegend).contains(r.label());
            }
            assertThat(driver.findElement(By.cssSelector("#chart-open-0 .u-legend")).getText()).contains("gw-01");
            assertThat(driver.executeScript("return performance.getEntriesByType('resource')" +
                ".filter(function (e) { return !e.name.startsWith('file:') && !e.name.startsWith('data:'); }).length"))
                .isEqualTo(0L);

            final Path shot = Path.of("target", "strategy-lab-report.png");
            Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
            final String copy = System.getProperty("lab.screenshot");
            if (null != copy && !copy.isBlank())
            {
                Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            driver.quit();
        }
    }
}
