package io.sipsensor.cli;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through {@code chromedriver} (Debian's
 * {@code chromium-driver}) by Selenium. {@link #open} skips the test with a clear message where either is not
 * installed (CI installs both). Screenshots go to {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable
{
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final WebDriver driver;
    private String base;

    private Browser(final WebDriver driver, final String base)
    {
        this.driver = driver;
        this.base = base;
    }

    private static String first(final List<String> candidates)
    {
        for (final String candidate : candidates)
        {
            if (new File(candidate).canExecute())
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * @param base the web interface's base URL, e.g. {@code http://127.0.0.1:PORT}.
     * @return a browser; the calling test is skipped when chromium or chromedriver is not installed.
     */
    static Browser open(final String base)
    {
        final String chromium = first(CHROMIUM);
        final String driver = first(DRIVER);
        assumeTrue(chromium != null && driver != null, "browser test skipped: needs Debian's chromium and " +
            "chromium-driver (apt-get install chromium chromium-driver); found chromium " + chromium +
            ", chromedriver " + driver);
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), base);
    }

    /** Points the browser at another server (a test that starts several). */
    void at(final String newBase)
    {
        base = newBase;
    }

    void get(final String path)
    {
        driver.get(base + path);
    }

    WebElement find(final String css)
    {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(final String css)
    {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(final String css)
    {
        return !all(css).isEmpty();
    }

    String text(final String css)
    {
        return find(css).getText();
    }

    <T> T waitFor(final Function<WebDriver, T> condition)
    {
        return new WebDriverWait(driver, PATIENCE).until(condition);
    }

    /** Logs in through the log-in form. */
    void logIn(final String user)
    {
        get("/login");
        find("#user").sendKeys(user);
        find("#password").sendKeys(WebClient.PASSWORD);
        find("#login").click();
        try
        {
            waitFor(d -> !d.getCurrentUrl().endsWith("/login"));
        }
        catch (final org.openqa.selenium.TimeoutException ex)
        {
            throw new AssertionError("log-in as " + user + " failed; the page says: " +
                find("body").getText(), ex);
        }
    }

    void logOut()
    {
        find("#logout").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/login"));
    }

    /** @return the session cookie, as a Cookie header value (for the API client). */
    String cookie()
    {
        return driver.manage().getCookies().stream().filter(c -> c.getName().equals("sipsensor_session"))
            .map(c -> c.getName() + "=" + c.getValue()).findFirst().orElseThrow();
    }

    /** Saves the page as it looks now to {@code target/screenshots/NAME.png}. */
    Path screenshot(final String name) throws IOException
    {
        final Path folder = Path.of(System.getProperty("user.dir"), "target", "screenshots");
        Files.createDirectories(folder);
        final File shot = ((org.openqa.selenium.TakesScreenshot)driver).getScreenshotAs(OutputType.FILE);
        final Path file = folder.resolve(name + ".png");
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close()
    {
        driver.quit();
    }
}
