package io.resilientgateways.console;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Debian's chromium driven through its chromedriver, with both paths set so Selenium Manager never downloads
 * anything: headless, no sandbox, a private profile under target/, a fixed window size for screenshots. When the
 * browser is missing the test is skipped with a message, unless {@code RG_REQUIRE_BROWSER=true} (as
 * {@code scripts/test.sh} sets it), where it fails.
 */
final class Browser
{
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser()
    {
    }

    static ChromeDriver start() throws Exception
    {
        final boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present)
        {
            final String message = CHROMIUM + " and " + CHROMEDRIVER + " are needed for the page test " +
                "(apt-get install chromium chromium-driver; scripts/test.sh does it)";
            if ("true".equals(System.getenv("RG_REQUIRE_BROWSER")))
            {
                throw new IllegalStateException(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        final Path profile = Files.createTempDirectory(Path.of("target"), "chrome-profile-");
        final ChromeOptions options = new ChromeOptions()
            .setBinary(CHROMIUM)
            .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1100");
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        return new ChromeDriver(service, options);
    }

    /**
     * Polls a condition on the page every 100 ms until it holds, or fails with the page's text when the time is up.
     * An element replaced under it (the page re-renders its tables every second) or a number not shown yet counts as
     * not yet.
     */
    static final class Wait
    {
        private final ChromeDriver browser;
        private final long seconds;

        Wait(final ChromeDriver browser, final long seconds)
        {
            this.browser = browser;
            this.seconds = seconds;
        }

        void until(final Function<ChromeDriver, Boolean> condition) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            RuntimeException last = null;
            while (System.nanoTime() - deadline < 0)
            {
                try
                {
                    if (Boolean.TRUE.equals(condition.apply(browser)))
                    {
                        return;
                    }
                }
                catch (final WebDriverException | NumberFormatException ex)
                {
                    last = ex;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("page condition not met in " + seconds + " s; page text:\n" +
                browser.findElement(By.tagName("body")).getText(), last);
        }
    }
}
