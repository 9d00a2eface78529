package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real browser (Debian's chromium, headless) on a real 3-node cluster: it sees a gateway join and the
 * balance change live without a reload (each worker's load against its fair share, capacity share and tooltip),
 * drains a gateway through the page (plan, operator, token, confirm) and sees its tasks move, and explains a task
 * that moved (its new owner, and the transition recorded under the operator's name). Takes the screenshot for docs/console.md: target/console.png, or docs/console.png with
 * {@code -Drg.screenshot.dir=docs}. Ports 24200-24399.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsolePageIT
{
    private TestCluster c;
    private ChromeDriver browser;
    private String url;

    @BeforeAll
    void start() throws Exception
    {
        browser = Browser.start();
        c = new TestCluster(24200);
        c.startGateway("gw-1");
        c.startGateway("gw-2");
        c.addTasks(12);
        c.awaitAllOpen(15_000);
        url = c.console(24300, TestCluster.TOKEN).url();
    }

    @AfterAll
    void stop()
    {
        if (null != browser)
        {
            browser.quit();
        }
        if (null != c)
        {
            c.close();
        }
    }

    @Test
    void aGatewayJoinsLiveThenIsDrainedThroughThePageAndAMovedTaskIsExplained() throws Exception
    {
        browser.get(url);
        final Browser.Wait wait = new Browser.Wait(browser, 30);
        wait.until((d) -> taskCount("gw-1") + taskCount("gw-2") == 12 && series() == 2);
        assertThat(browser.findElement(By.id("health-state")).getText()).isEqualTo("HEALTHY");
        // the load reads against the fair share (6 of 12 tasks at half the capacity), not as "6/1" of capacity
        wait.until((d) -> "6 of fair 6.0".equals(load("gw-1").get("text")));
        final Map<String, Object> six = load("gw-1");
        assertThat(six.get("level")).isEqualTo("fair");
        assertThat((String)six.get("title")).contains("holds 6 task(s), weight 6",
            "Capacity 1 of the live workers' 2 (50%)", "fair share is 6.0 of the 12 weight units", "carries 100%");
        assertThat(six.get("share")).isEqualTo("50% (1 of 2)");
        final Object marker = browser.executeScript("return window.__noReload = 'same page';");
        assertThat(marker).isEqualTo("same page");

        // a gateway joins: the page shows it and the balance change, without a reload
        c.startGateway("gw-3");
        wait.until((d) -> taskCount("gw-3") == 4 && taskCount("gw-1") == 4 && taskCount("gw-2") == 4);
        wait.until((d) -> series() == 3);
        assertThat(browser.findElement(By.id("balance-summary")).getText()).contains("gw-3");
        for (final String gw : List.of("gw-1", "gw-2", "gw-3"))
        {
            wait.until((d) -> "4 of fair 4.0".equals(load(gw).get("text")));
            final Map<String, Object> four = load(gw);
            assertThat(four.get("level")).isEqualTo("fair");
            assertThat(four.get("share")).isEqualTo("33% (1 of 3)");
            assertThat((String)four.get("title")).contains("fair share is 4.0 of the 12 weight units");
            assertThat(((Number)four.get("fill")).doubleValue()).as("the busiest: a full bar")
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
        }
        assertThat(browser.executeScript("return window.__noReload;")).isEqualTo("same page");

        // drain gw-1 through the page: the plan first, then operator and token, then confirm
        final List<String> onGw1 = c.admin((a) -> a.assignments().stream()
            .filter((t) -> "gw-1".equals(t.owner())).map(AdminClient.AssignmentRecord::task).toList());
        assertThat(onGw1).hasSize(4);
        wait.until((d) ->
        {
            row("gw-1").findElement(By.className("drain-btn")).click(); // the table re-renders each second: retry
            return true;
        });
        wait.until((d) -> browser.findElements(By.cssSelector("#plan-moves tbody tr")).size() == 4);
        final List<String> planned = new ArrayList<>();
        browser.findElements(By.cssSelector("#plan-moves tbody tr")).forEach((r) -> planned.add(
            r.getAttribute("data-task")));
        assertThat(planned).containsExactlyInAnyOrderElementsOf(onGw1);
        browser.findElement(By.id("operator")).clear();
        browser.findElement(By.id("operator")).sendKeys("alice");
        browser.findElement(By.id("token")).sendKeys(TestCluster.TOKEN);
        browser.findElement(By.id("confirm")).click();
        wait.until((d) -> "ok".equals(browser.findElement(By.id("outcome")).getAttribute("class")));
        assertThat(browser.findElement(By.id("outcome")).getText()).contains("Done by alice");
        browser.findElement(By.id("plan-close")).click();
        wait.until((d) -> taskCount("gw-1") == 0 && taskCount("gw-2") + taskCount("gw-3") == 12);
        wait.until((d) -> row("gw-1").findElement(By.className("status")).getText().startsWith("DRAINING"));
        // a draining worker has no fair share; the other two now share the 12 tasks
        wait.until((d) -> "0.0".equals(load("gw-1").get("fair")) && "6.0".equals(load("gw-2").get("fair")) &&
            "6.0".equals(load("gw-3").get("fair")));
        final Map<String, Object> drained = load("gw-1");
        assertThat(drained.get("share")).isEqualTo("0% (draining)");
        assertThat((String)drained.get("title")).contains("draining: no fair share");
        assertThat((String)load("gw-2").get("title")).contains("Capacity 1 of the live workers' 2 (50%)");

        // explain a task that moved: it is on another gateway now, and the drain is recorded under alice's name
        final String moved = onGw1.get(0);
        browser.findElement(By.id("task-search")).sendKeys(moved);
        wait.until((d) -> !browser.findElements(By.cssSelector("#tasks tr[data-task='" + moved + "']")).isEmpty() &&
            browser.findElements(By.cssSelector("#tasks tbody tr")).size() == 1);
        wait.until((d) ->
        {
            browser.findElement(By.cssSelector("#tasks tr[data-task='" + moved + "']")).click();
            return true;
        });
        wait.until((d) -> browser.findElement(By.id("explain-owner")).getText().matches("owner gw-[23] .*status OPEN.*"));
        wait.until((d) -> browser.findElement(By.id("explain-transitions")).getText().contains("by alice"));
        assertThat(browser.findElement(By.id("explain-transitions")).getText()).contains("gw-1 draining");
        wait.until((d) -> browser.findElement(By.id("history")).getText().contains("by alice"));
        assertThat(browser.executeScript("return window.__noReload;")).isEqualTo("same page");

        screenshot();
    }

    private int taskCount(final String worker)
    {
        final List<WebElement> rows = browser.findElements(By.cssSelector("#workers tr[data-worker='" + worker + "']"));
        return rows.isEmpty() ? -1 : Integer.parseInt(rows.get(0).findElement(By.className("task-count")).getText());
    }

    /**
     * One worker's load cell read at once (the table is re-rendered every second): its text, level, fair share,
     * tooltip, capacity share, and the bar's fill as a fraction of its width; empty if the row is not there.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> load(final String worker)
    {
        final Object cell = browser.executeScript(
            "var r = document.querySelector(\"#workers tr[data-worker='\" + arguments[0] + \"']\");" +
            "if (!r) return {};" +
            "var c = r.querySelector('.load'), b = c.querySelector('.bar'), f = b.querySelector('.fill');" +
            "return {text: c.textContent, level: c.dataset.level, fair: c.dataset.fair, title: c.title," +
            "  share: r.querySelector('.capacity-share').textContent," +
            "  fill: f.getBoundingClientRect().width / b.getBoundingClientRect().width};", worker);
        return null == cell ? Map.of() : (Map<String, Object>)cell;
    }

    private WebElement row(final String worker)
    {
        return browser.findElement(By.cssSelector("#workers tr[data-worker='" + worker + "']"));
    }

    private int series()
    {
        final String s = browser.findElement(By.id("balance-chart")).getAttribute("data-series");
        return null == s ? 0 : Integer.parseInt(s);
    }

    private void screenshot() throws Exception
    {
        final Path dir = Path.of(System.getProperty("rg.screenshot.dir", "target"));
        Files.createDirectories(dir);
        final Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve("console.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
