package io.resilientgateways.lab;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the machine's chromium headless through its chromedriver, with both paths set so that Selenium Manager never
 * downloads anything. Missing browser: the test fails when RG_REQUIRE_BROWSER=true (scripts/test.sh sets it),
 * otherwise it is skipped with a message.
 */
final class HeadlessChromium
{
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium()
    {
    }

    static ChromeDriver start(final Path userDataDir, final int width, final int height) throws IOException
    {
        final boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present)
        {
            final String why = "chromium or chromedriver missing at " + CHROMIUM + ", " + CHROMEDRIVER;
            if ("true".equals(System.getenv("RG_REQUIRE_BROWSER")))
            {
                throw new IllegalStateException(why + " and RG_REQUIRE_BROWSER=true");
            }
            Assumptions.abort(why + " (set RG_REQUIRE_BROWSER=true to fail instead; scripts/test.sh installs them)");
        }
        Files.createDirectories(userDataDir);
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--hide-scrollbars", "--user-data-dir=" + userDataDir.toAbsolutePath(),
            "--window-size=" + width + "," + height, "--force-device-scale-factor=1");
        final ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
