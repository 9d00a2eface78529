package io.resilientgateways.console;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
