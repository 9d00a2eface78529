package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A console that loses the cluster says so on the page and reconnects, in a real browser: every member of a real
 * 3-node cluster is stopped, the page shows the red "Cluster unreachable since ..., reconnecting" banner and the
 * UNREACHABLE badge (without a reload), the members restart from their logs, the banner clears by itself, and a task
 * added after the restart arrives in the page's live history and task table: live updates resumed. Each run has a
 * fresh cluster; {@code -Drg.reconnect.runs=10} repeats it (how its stability was shown before it went into verify).
 * Each run has a 150 s timeout. Ports 26700-26799 (the console on any free port):
 * below Linux's ephemeral range (32768-60999), so the UDP sockets the console opens while it reconnects cannot take a
 * stopped member's port before the member restarts on it (seen once: "Address already in use" on 48701).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReconnectPageIT
{
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception
    {
        browser = Browser.start();
    }

    @AfterAll
    void stop()
    {
        if (null != browser)
        {
            browser.quit();
        }
    }

    @TestFactory
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    Stream<DynamicTest> thePageSaysWhenTheClusterIsLostAndResumesWhenItIsBack()
    {
        return IntStream.rangeClosed(1, Integer.getInteger("rg.reconnect.runs", 1))
            .mapToObj((run) -> DynamicTest.dynamicTest("run " + run,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(150), () -> lostAndBack(run))));
    }

    private void lostAndBack(final int run) throws Exception
    {
        try (TestCluster c = new TestCluster(26700))
        {
            c.addTasks(3);
            final String url = c.console(0, null).url();
            browser.get(url);
            browser.executeScript("window.__noReload = 'same page';");
            final Browser.Wait wait = new Browser.Wait(browser, 45);
            wait.until((d) -> text("history").contains("PARTY-03") && !shown("link-banner") &&
                !"UNREACHABLE".equals(text("health-state")));

            for (int member = 0; member < 3; member++)
            {
                c.cluster.stop(member);
            }
            wait.until((d) -> shown("link-banner") && text("link-banner").startsWith("Cluster unreachable since") &&
                text("link-banner").contains("Reconnecting"));
            wait.until((d) -> "UNREACHABLE".equals(text("health-state")));

            for (int member = 0; member < 3; member++)
            {
                c.cluster.start(member, false);
            }
            c.cluster.awaitLeader(30_000);
            wait.until((d) -> !shown("link-banner") && !"UNREACHABLE".equals(text("health-state")));

            final String added = "PARTY-AFTER-" + run;
            c.admin((admin) ->
            {
                final AdminClient.Reply reply = admin.addTask(added, 1, "API_GATEWAY");
                assertThat(reply.accepted()).as(reply.toString()).isTrue();
                return null;
            });
            wait.until((d) -> text("history").contains(added + " "));
            wait.until((d) -> !browser.findElements(By.cssSelector("#tasks tr[data-task='" + added + "']")).isEmpty());
            assertThat(browser.executeScript("return window.__noReload;")).isEqualTo("same page");
        }
    }

    private boolean shown(final String id)
    {
        return !browser.findElement(By.id(id)).getAttribute("class").contains("hidden");
    }

    private String text(final String id)
    {
        return browser.findElement(By.id(id)).getText();
    }
}
